// Test-only checks of generated records against the API's rules (server/validation.h),
// restated here so that datagen's tests need neither gRPC nor the server.
#ifndef MATCHING_DATAGEN_TEST_CHECKS_H_
#define MATCHING_DATAGEN_TEST_CHECKS_H_

#include <string>

#include "absl/time/civil_time.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message_lite.h"

namespace matching::datagen::testing {

// [A-Za-z0-9._:-]{1,64}
inline bool IsValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// "YYYY-MM-DD", a real calendar day.
inline bool IsValidDate(const std::string& date) {
  absl::CivilDay day;
  return date.size() == 10 && absl::ParseCivilTime(date, &day) &&
         absl::FormatCivilTime(day) == date;
}

// Serialisation with map entries in key order, so that equal messages give equal bytes.
inline std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

}  // namespace matching::datagen::testing

#endif  // MATCHING_DATAGEN_TEST_CHECKS_H_
