// absl::Status -> grpc::Status, without the server's file paths.
#include "server/status.h"

#include <string>

#include "absl/strings/match.h"

namespace matching::server {
namespace {

bool StartsPath(char before) { return absl::StrContains(" \t\n'\"([=:,", before); }
bool EndsPath(char c) { return absl::StrContains(" \t\n'\")],", c); }

}  // namespace

bool IsServerSideFailure(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kDataLoss ||
         code == absl::StatusCode::kUnknown || code == absl::StatusCode::kUnavailable ||
         code == absl::StatusCode::kResourceExhausted;
}

std::string RedactPaths(absl::string_view message) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    const bool path_start = message[i] == '/' && (i == 0 || StartsPath(message[i - 1])) &&
                            i + 1 < message.size() && !EndsPath(message[i + 1]) &&
                            message[i + 1] != '/';
    if (!path_start) {
      out.push_back(message[i++]);
      continue;
    }
    while (i < message.size() && !EndsPath(message[i])) ++i;
    out.append("<path>");
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (IsServerSideFailure(status.code())) return grpc::Status(code, RedactPaths(status.message()));
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace matching::server
