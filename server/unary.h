// Runs a unary handler body, after access control, and always finishes the reactor.
#ifndef MATCHING_SERVER_UNARY_H_
#define MATCHING_SERVER_UNARY_H_

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

// Logs the outcome of a call (one line at debug; INTERNAL and DATA_LOSS at error, and any
// server-side failure whose message ToGrpcStatus redacts at warn, with the full message;
// never record content) and finishes its reactor.
inline void FinishUnary(grpc::ServerUnaryReactor* reactor, const char* method,
                        const std::string& subject_id, const absl::Status& status) {
  if (status.ok()) {
    spdlog::debug("{} id={} ok", method, subject_id);
  } else if (status.code() == absl::StatusCode::kInternal ||
             status.code() == absl::StatusCode::kDataLoss) {
    spdlog::error("{} id={} {}: {}", method, subject_id, absl::StatusCodeToString(status.code()),
                  std::string(status.message()));
  } else if (IsServerSideFailure(status.code()) &&
             RedactPaths(status.message()) != status.message()) {
    spdlog::warn("{} id={} {}: {}", method, subject_id, absl::StatusCodeToString(status.code()),
                 std::string(status.message()));
  } else {
    spdlog::debug("{} id={} {}", method, subject_id, absl::StatusCodeToString(status.code()));
  }
  reactor->Finish(ToGrpcStatus(status));
}

// Runs `body` and turns an exception escaping it into INTERNAL.
template <typename Body>
absl::Status RunGuarded(Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("unexpected error: ") + e.what());
  }
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
  const absl::Status status = RunGuarded([&]() -> absl::Status {
    absl::StatusOr<Principal> caller = Authorize(*context, auth, permission);
    if (!caller.ok()) return caller.status();
    if constexpr (std::is_invocable_v<Body, const Principal&>) {
      return body(*caller);
    } else {
      return body();
    }
  });
  FinishUnary(reactor, method, subject_id, status);
  return reactor;
}

// For long work, off gRPC's threads: access control and `check` (cheap validation) run on
// the calling thread; then `body` (which may take the caller, `const Principal&`) runs on
// `pool` and the reactor is finished there. When
// the pool is full: RESOURCE_EXHAUSTED at once. `body` must poll context->IsCancelled()
// (a call cancelled at shutdown must end) and must not touch the request or response
// after it returns. Same logging and exception handling as RunUnary.
template <typename Pool, typename Check, typename Body>
grpc::ServerUnaryReactor* RunUnaryOnPool(grpc::CallbackServerContext* context,
                                         const Authorizer& auth, Permission permission,
                                         const char* method, const std::string& subject_id,
                                         Pool& pool, Check&& check, Body body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Principal principal;
  absl::Status status = RunGuarded([&]() -> absl::Status {
    absl::StatusOr<Principal> caller = Authorize(*context, auth, permission);
    if (!caller.ok()) return caller.status();
    principal = *std::move(caller);
    return check();
  });
  if (status.ok()) {
    const bool accepted = pool.TrySubmit(
        [reactor, method, subject_id, body = std::move(body), principal = std::move(principal)] {
          FinishUnary(reactor, method, subject_id, RunGuarded([&] {
                        if constexpr (std::is_invocable_v<Body, const Principal&>) {
                          return body(principal);
                        } else {
                          return body();
                        }
                      }));
        });
    if (accepted) return reactor;
    status = absl::ResourceExhaustedError(
        absl::StrCat(method,
                     ": every worker is busy and the queue is full (--plan_workers, --plan_queue); "
                     "try again later"));
  }
  FinishUnary(reactor, method, subject_id, status);
  return reactor;
}

}  // namespace matching::server

#endif  // MATCHING_SERVER_UNARY_H_
