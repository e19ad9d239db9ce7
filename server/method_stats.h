// Per-method call counts, error counts and latency since start, for every gRPC method
// served, recorded by a server interceptor (so no handler has to remember to).
#ifndef MATCHING_SERVER_METHOD_STATS_H_
#define MATCHING_SERVER_METHOD_STATS_H_

#include <grpcpp/support/server_interceptor.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/latency_histogram.h"

namespace matching::server {

// Thread-safe: Record and Read may be called concurrently. A method's entry is created on
// its first call and kept for the life of the server (a few KiB per method).
class MethodStats {
 public:
  static constexpr int kStatusCodes = 17;  // grpc::StatusCode OK (0) .. UNAUTHENTICATED (16)

  struct Method {
    std::string method;                  // "/matching.v1.MatchingService/RankOffers"
    int64_t error_count = 0;             // calls whose status was not OK
    LatencyHistogram::Snapshot latency;  // latency.count is the number of calls finished
    // Calls by status code (grpc::StatusCode, 0 OK to 16 UNAUTHENTICATED); a code out of
    // that range counts as UNKNOWN (2).
    std::array<int64_t, kStatusCodes> by_code{};
  };

  // One finished call of `method` (its full gRPC name), which took `latency` from arrival
  // to its status `code` (a grpc::StatusCode).
  void Record(absl::string_view method, absl::Duration latency, int code);

  // Every method called so far, by name.
  std::vector<Method> Read() const;

 private:
  struct Entry {
    std::array<std::atomic<int64_t>, kStatusCodes> by_code{};
    LatencyHistogram latency;
  };
  Entry& EntryFor(absl::string_view method);

  mutable absl::Mutex mu_;
  // Entries are never removed, so a reference stays valid once the lock is released.
  absl::flat_hash_map<std::string, std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
};

// The interceptor factory to register with ServerBuilder::experimental()
// .SetInterceptorCreators: it times every call, from its arrival to its status (for a
// stream, the whole stream), into `stats` (not owned, must outlive the server).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
NewMethodStatsInterceptorFactory(MethodStats* stats);

}  // namespace matching::server

#endif  // MATCHING_SERVER_METHOD_STATS_H_
