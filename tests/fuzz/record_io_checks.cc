// Fuzz body for import parsing (clients/record_io.h).
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "clients/record_io.h"
#include "tests/fuzz/fuzz_checks.h"

namespace matching::fuzz {
namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

void CheckRecordIo(const uint8_t* data, size_t size) {
  if (size == 0) return;
  using clients::FileFormat;
  using clients::RecordKind;
  const int mode = data[0] % 8;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode == 7) {
    absl::StatusOr<v1::ImportRecord> record = clients::ParseJsonLine(text, RecordKind::kAny);
    if (record.ok()) {
      Require(record->record_case() != v1::ImportRecord::RECORD_NOT_SET, "record with no kind");
    }
    (void)clients::ParseRecordKind(text);
    (void)clients::RecordKindFromFileName(text);
    (void)clients::FileFormatFromFileName(text);
    return;
  }
  static constexpr RecordKind kKinds[] = {RecordKind::kAny, RecordKind::kTerritory,
                                          RecordKind::kOffer, RecordKind::kCandidate};
  const FileFormat format = mode < 4 ? FileFormat::kJsonl : FileFormat::kCsv;
  const RecordKind kind = mode < 4 ? kKinds[mode] : kKinds[mode - 3];
  std::istringstream in(text);
  int64_t last_line = 0;
  absl::Status status = clients::ReadRecords(in, format, kind, [&](clients::ParsedRecord parsed) {
    Require(parsed.line >= 1, "record line < 1");
    Require(parsed.line >= last_line, "record lines out of order");
    last_line = parsed.line;
    if (parsed.record.ok()) {
      Require(parsed.record->record_case() != v1::ImportRecord::RECORD_NOT_SET,
              "accepted record with no kind");
      (void)parsed.record->ByteSizeLong();
    } else {
      Require(!parsed.record.status().message().empty(), "rejection without a message");
    }
  });
  if (!status.ok()) Require(!status.message().empty(), "file error without a message");
}

}  // namespace matching::fuzz
