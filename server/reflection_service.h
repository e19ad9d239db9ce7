// Server reflection (grpc.reflection.v1alpha) behind the same API keys as every service.
//
// gRPC's own reflection plugin (libgrpc++_reflection) registers a service we cannot wrap:
// its class is not in the installed headers, and a server interceptor in gRPC 1.51 cannot
// refuse a call with a status of its choosing before the handler runs. So matchd serves
// reflection itself, from the protobuf descriptors linked into the binary, and checks the
// caller's key first, as RunUnary does for every other call (health aside).
#ifndef MATCHING_SERVER_REFLECTION_SERVICE_H_
#define MATCHING_SERVER_REFLECTION_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "server/auth.h"

namespace matching::server {

// Thread-safe: one stream per call, no shared mutable state.
class KeyedReflectionService final : public grpc::reflection::v1alpha::ServerReflection::Service {
 public:
  // `services`: the full names list_services answers ("matching.v1.CatalogService", ...).
  // `auth` must outlive the service. A caller without a valid key (when keys are configured)
  // gets UNAUTHENTICATED before any descriptor is sent.
  KeyedReflectionService(const Authorizer* auth, std::vector<std::string> services);

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1alpha::ServerReflectionResponse,
                               grpc::reflection::v1alpha::ServerReflectionRequest>* stream)
      override;

 private:
  const Authorizer* auth_;
  const std::vector<std::string> services_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_REFLECTION_SERVICE_H_
