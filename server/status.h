// The one border where absl::Status becomes grpc::Status.
#ifndef MATCHING_SERVER_STATUS_H_
#define MATCHING_SERVER_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace matching::server {

// Same code. Codes map one to one (both follow google.rpc.Code). The message is the same,
// except that a failure on the server's side (INTERNAL, DATA_LOSS, UNKNOWN, UNAVAILABLE,
// RESOURCE_EXHAUSTED: a storage error, typically) has every absolute file path replaced by
// "<path>": RocksDB's messages name files in the data directory, which clients have no
// business knowing (issue 19). Callers log the full message before (FinishUnary does).
grpc::Status ToGrpcStatus(const absl::Status& status);

// True for the codes whose messages ToGrpcStatus redacts.
bool IsServerSideFailure(absl::StatusCode code);

// `message` with every absolute path ("/var/lib/matchd/000012.sst", "'/data/x'") replaced
// by "<path>". A path starts with '/' at the start of the message or after a space, quote,
// parenthesis, bracket, '=', ':' or ','; it ends at whitespace, a quote, ')', ']' or ','.
std::string RedactPaths(absl::string_view message);

}  // namespace matching::server

#endif  // MATCHING_SERVER_STATUS_H_
