// Runs a unary handler body and always finishes the reactor, whatever happens.
#ifndef MATCHING_SERVER_UNARY_H_
#define MATCHING_SERVER_UNARY_H_

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <string>

#include "absl/status/status.h"
#include "server/status.h"

namespace matching::server {

// `body` returns absl::Status; it validates, calls the core and fills the response.
// Every path finishes the reactor (a reactor left unfinished hangs Server::Shutdown), and
// an exception escaping the body becomes INTERNAL instead of ending the process.
// Logs one line per call at debug (method, subject id, code); never record content.
template <typename Body>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, const char* method,
                                   const std::string& subject_id, Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status;
  try {
    status = body();
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
