// absl::Status -> grpc::Status.
#include "server/status.h"

#include <string>

namespace matching::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

}  // namespace matching::server
