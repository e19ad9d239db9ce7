// Per-method call counts, error counts and latency since start, for every gRPC method
// served, recorded by a server interceptor (so no handler has to remember to).
#ifndef MATCHING_SERVER_METHOD_STATS_H_
#define MATCHING_SERVER_METHOD_STATS_H_

#include <grpcpp/support/server_interceptor.h>

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
  struct Method {
    std::string method;  // "/matching.v1.MatchingService/RankOffers"
    int64_t error_count = 0;
    LatencyHistogram::Snapshot latency;  // latency.count is the number of calls finished
  };

  // One finished call of `method` (its full gRPC name), which took `latency` from arrival
  // to its status; `ok` false when that status was not OK.
  void Record(absl::string_view method, absl::Duration latency, bool ok);

  // Every method called so far, by name.
  std::vector<Method> Read() const;

 private:
  struct Entry {
    std::atomic<int64_t> errors{0};
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
