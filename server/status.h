// The one border where absl::Status becomes grpc::Status.
#ifndef MATCHING_SERVER_STATUS_H_
#define MATCHING_SERVER_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace matching::server {

// Same code, same message. Codes map one to one (both follow google.rpc.Code).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace matching::server

#endif  // MATCHING_SERVER_STATUS_H_
