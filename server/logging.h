// matchd's logs: plain text for a terminal, or one JSON object per line for a log pipeline
// (--log_format json); and the access log, one line per finished call (--access_log).
// Every line carries ids at most, never a profile's content.
#ifndef MATCHING_SERVER_LOGGING_H_
#define MATCHING_SERVER_LOGGING_H_

#include <grpcpp/support/server_interceptor.h>
#include <spdlog/common.h>
#include <spdlog/formatter.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace matching::server {

enum class LogFormat { kText, kJson };

// "text" or "json"; the error names the flag and the value.
[[nodiscard]] absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name);

// Makes spdlog's default logger write to stderr at `level`, in `format`. JSON lines are
// {"time":"2026-12-02T10:00:00.123456Z","level":"info","logger":"matchd","message":"..."}.
void ConfigureLogging(LogFormat format, spdlog::level::level_enum level);

// The formatter of JSON lines (what ConfigureLogging installs for kJson). Exposed for tests.
std::unique_ptr<spdlog::formatter> NewJsonFormatter();

// The access log's line for one call, without its time and level (JSON: the object's
// other members; text: "RankOffers OK 1.234 ms request_id=..."). Exposed for tests.
std::string AccessLogLine(LogFormat format, absl::string_view method, int code,
                          absl::Duration duration, absl::string_view request_id);

// The interceptor factory of the access log: one info line per finished call, on the
// logger "access" (same sink and format as the default logger), with the method (without
// its package), the status code's name, the duration and a request id: the caller's
// `x-request-id` metadata when it is a plain token of at most 64 characters, else one made
// here; the id is sent back in the trailing metadata `x-request-id`, so that a client can
// quote it to an operator.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAccessLogInterceptorFactory(LogFormat format);

}  // namespace matching::server

#endif  // MATCHING_SERVER_LOGGING_H_
