// Log formats (text, JSON lines) and the access-log interceptor.
#include "server/logging.h"

#include <grpcpp/support/interceptor.h>
#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace matching::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kAccessLogger[] = "access";
constexpr char kRequestIdKey[] = "x-request-id";
constexpr size_t kMaxRequestIdLength = 64;

std::string JsonString(absl::string_view text) {
  // Invalid UTF-8 (never ours, but a message may quote a caller's bytes) becomes U+FFFD.
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// {"time":...,"level":...,"logger":...,"message":...}. The access logger's payload is
// already a JSON object of its own members: they are spliced in instead of a message.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const absl::string_view payload(msg.payload.data(), msg.payload.size());
    const spdlog::string_view_t level = spdlog::level::to_string_view(msg.level);
    const absl::string_view logger(msg.logger_name.data(), msg.logger_name.size());
    std::string line = absl::StrCat(
        R"({"time":")",
        absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::FromChrono(msg.time), absl::UTCTimeZone()),
        R"(","level":")", absl::string_view(level.data(), level.size()), R"(","logger":)",
        JsonString(logger));
    if (logger == kAccessLogger && absl::StartsWith(payload, "{")) {
      absl::StrAppend(&line, ",", payload.substr(1), "\n");
    } else {
      absl::StrAppend(&line, R"(,"message":)", JsonString(payload), "}\n");
    }
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

// A caller's request id is kept when it is a plain token: letters, digits, '-', '_', '.'.
bool PlainToken(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

// Unique within the process and, with the random prefix drawn at start, across restarts.
std::string NewRequestId() {
  static const uint32_t prefix = std::random_device{}();
  static std::atomic<uint64_t> next{0};
  return absl::StrFormat("%08x-%x", prefix, next.fetch_add(1, std::memory_order_relaxed));
}

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  AccessLogInterceptor(LogFormat format, const char* method)
      : format_(format),
        method_(method != nullptr ? method : "unknown"),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* metadata = methods->GetRecvInitialMetadata();
      if (metadata != nullptr) {
        auto it = metadata->find(kRequestIdKey);
        if (it != metadata->end()) {
          const absl::string_view id(it->second.data(), it->second.size());
          if (PlainToken(id)) request_id_ = std::string(id);
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (request_id_.empty()) request_id_ = NewRequestId();
      methods->GetSendTrailingMetadata()->emplace(kRequestIdKey, request_id_);
      const absl::Duration took = absl::FromChrono(std::chrono::steady_clock::now() - start_);
      if (std::shared_ptr<spdlog::logger> log = spdlog::get(kAccessLogger)) {
        log->info("{}", AccessLogLine(format_, method_, methods->GetSendStatus().error_code(), took,
                                      request_id_));
      }
    }
    methods->Proceed();
  }

 private:
  const LogFormat format_;
  const char* method_;  // owned by gRPC's method table, which outlives the call
  const std::chrono::steady_clock::time_point start_;
  std::string request_id_;  // gRPC runs one call's interceptions one at a time
};

class AccessLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AccessLogInterceptorFactory(LogFormat format) : format_(format) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new AccessLogInterceptor(format_, info->method());  // gRPC takes ownership
  }

 private:
  const LogFormat format_;
};

}  // namespace

absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--log_format: '", name, "' is not one of text, json"));
}

void ConfigureLogging(LogFormat format, spdlog::level::level_enum level) {
  spdlog::sink_ptr sink;
  if (format == LogFormat::kJson) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_formatter(NewJsonFormatter());
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();  // colours on a terminal
  }
  spdlog::drop_all();
  auto main = std::make_shared<spdlog::logger>("matchd", sink);
  auto access = std::make_shared<spdlog::logger>(kAccessLogger, sink);
  for (const auto& logger : {main, access}) {
    logger->set_level(level);
    spdlog::register_logger(logger);
  }
  spdlog::set_default_logger(main);
}

std::unique_ptr<spdlog::formatter> NewJsonFormatter() { return std::make_unique<JsonFormatter>(); }

std::string AccessLogLine(LogFormat format, absl::string_view method, int code,
                          absl::Duration duration, absl::string_view request_id) {
  // "/matching.v1.MatchingService/RankOffers" -> "MatchingService/RankOffers".
  absl::string_view name = method;
  if (const size_t slash = name.rfind('/'); slash != absl::string_view::npos && slash > 0) {
    const size_t dot = name.rfind('.', slash);
    name = name.substr(dot == absl::string_view::npos ? 1 : dot + 1);
  }
  const std::string code_name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  const double ms = absl::ToDoubleMilliseconds(duration);
  if (format == LogFormat::kJson) {
    return absl::StrCat(R"({"method":)", JsonString(name), R"(,"code":")", code_name,
                        R"(","duration_ms":)", absl::StrFormat("%.3f", ms), R"(,"request_id":)",
                        JsonString(request_id), "}");
  }
  return absl::StrFormat("%s %s %.3f ms request_id=%s", name, code_name, ms, request_id);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewAccessLogInterceptorFactory(LogFormat format) {
  return std::make_unique<AccessLogInterceptorFactory>(format);
}

}  // namespace matching::server
