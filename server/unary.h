// Runs a unary handler body, after access control, and always finishes the reactor.
#ifndef MATCHING_SERVER_UNARY_H_
#define MATCHING_SERVER_UNARY_H_

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/auth.h"
#include "server/status.h"

namespace matching::server {

// The `authorization` metadata of the call ("Bearer <key>"), empty when absent.
inline absl::string_view AuthorizationOf(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

// Access control for every call, in one place: the caller of `context` if it holds
// `permission`, else UNAUTHENTICATED or PERMISSION_DENIED (see Authorizer::Authorize).
inline absl::StatusOr<Principal> Authorize(const grpc::CallbackServerContext& context,
                                           const Authorizer& auth, Permission permission) {
  return auth.Authorize(AuthorizationOf(context), permission);
}

// The caller must hold `permission` (checked before `body` runs); `body` may take the
// caller (`const Principal&`) when it needs the organisation, as offer writes do.
// `body` returns absl::Status; it validates, calls the core and fills the response.
// Every path finishes the reactor (a reactor left unfinished hangs Server::Shutdown), and
// an exception escaping the body becomes INTERNAL instead of ending the process.
// Logs one line per call at debug (method, subject id, code); never record content.
template <typename Body>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, const Authorizer& auth,
                                   Permission permission, const char* method,
                                   const std::string& subject_id, Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status;
  try {
    absl::StatusOr<Principal> caller = Authorize(*context, auth, permission);
    if (!caller.ok()) {
      status = caller.status();
    } else if constexpr (std::is_invocable_v<Body, const Principal&>) {
      status = body(*caller);
    } else {
      status = body();
    }
  } catch (const std::exception& e) {
    status = absl::InternalError(std::string("unexpected error: ") + e.what());
  }
  if (status.ok()) {
    spdlog::debug("{} id={} ok", method, subject_id);
  } else if (status.code() == absl::StatusCode::kInternal ||
             status.code() == absl::StatusCode::kDataLoss) {
    spdlog::error("{} id={} {}: {}", method, subject_id, absl::StatusCodeToString(status.code()),
                  std::string(status.message()));
  } else {
    spdlog::debug("{} id={} {}", method, subject_id, absl::StatusCodeToString(status.code()));
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace matching::server

#endif  // MATCHING_SERVER_UNARY_H_
