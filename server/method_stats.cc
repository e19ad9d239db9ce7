// MethodStats and the server interceptor that feeds it.
#include "server/method_stats.h"

#include <grpcpp/support/interceptor.h>
#include <grpcpp/support/status.h>

#include <algorithm>
#include <chrono>

namespace matching::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// One per call: created when the call arrives, records when the status goes out. A call
// that ends without a status (the server cancelled it at shutdown) counts as an error
// when the interceptor is destroyed.
class StatsInterceptor final : public grpc::experimental::Interceptor {
 public:
  StatsInterceptor(MethodStats* stats, const char* method)
      : stats_(stats),
        method_(method != nullptr ? method : "unknown"),
        start_(std::chrono::steady_clock::now()) {}

  ~StatsInterceptor() override {
    if (!recorded_) stats_->Record(method_, Elapsed(), grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!recorded_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      recorded_ = true;
      stats_->Record(method_, Elapsed(), methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  absl::Duration Elapsed() const {
    return absl::FromChrono(std::chrono::steady_clock::now() - start_);
  }

  MethodStats* stats_;
  const char* method_;  // owned by gRPC's method table, which outlives the call
  const std::chrono::steady_clock::time_point start_;
  bool recorded_ = false;  // gRPC runs one call's interceptions one at a time
};

class StatsInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit StatsInterceptorFactory(MethodStats* stats) : stats_(stats) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new StatsInterceptor(stats_, info->method());  // gRPC takes ownership
  }

 private:
  MethodStats* stats_;
};

}  // namespace

MethodStats::Entry& MethodStats::EntryFor(absl::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = entries_.find(method); it != entries_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<Entry>& entry = entries_[std::string(method)];
  if (entry == nullptr) entry = std::make_unique<Entry>();
  return *entry;
}

void MethodStats::Record(absl::string_view method, absl::Duration latency, int code) {
  Entry& entry = EntryFor(method);
  // Latency (the call count) first and codes after, as Read loads them in the other order:
  // a reader never sees more calls by code than calls.
  entry.latency.Record(latency);
  if (code < 0 || code >= kStatusCodes) code = grpc::StatusCode::UNKNOWN;
  entry.by_code[code].fetch_add(1, std::memory_order_relaxed);
}

std::vector<MethodStats::Method> MethodStats::Read() const {
  std::vector<Method> methods;
  {
    absl::ReaderMutexLock lock(&mu_);
    methods.reserve(entries_.size());
    for (const auto& [name, entry] : entries_) {
      Method& method = methods.emplace_back();
      method.method = name;
      for (int code = 0; code < kStatusCodes; ++code) {
        method.by_code[code] = entry->by_code[code].load(std::memory_order_relaxed);
        if (code != grpc::StatusCode::OK) method.error_count += method.by_code[code];
      }
      method.latency = entry->latency.Read();
    }
  }
  std::sort(methods.begin(), methods.end(),
            [](const Method& a, const Method& b) { return a.method < b.method; });
  return methods;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewMethodStatsInterceptorFactory(MethodStats* stats) {
  return std::make_unique<StatsInterceptorFactory>(stats);
}

}  // namespace matching::server
