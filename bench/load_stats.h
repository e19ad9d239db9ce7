// Client-side results of a load run: per call kind, the count, errors by gRPC status code
// and latency percentiles; and their report as a text table or JSON (matchload).
#ifndef MATCHING_BENCH_LOAD_STATS_H_
#define MATCHING_BENCH_LOAD_STATS_H_

#include <array>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"

namespace matching::bench {

// The kinds of call matchload makes; kAll in a summary is every kind together.
enum class CallKind {
  kHealth,
  kGetOffer,
  kGetTerritory,
  kListOffers,
  kRankOffers,
  kRankCandidates,
  kUpsertCandidate,
  kDeleteCandidate,
  kCount,
};
inline constexpr int kCallKindCount = static_cast<int>(CallKind::kCount);

// "health", "get_offer", ...
const char* CallKindName(CallKind kind);
// "OK", "NOT_FOUND", ... for gRPC's status codes 0..16; "CODE_<n>" otherwise.
std::string StatusCodeName(int code);

// What one phase measured for one kind (or all kinds together).
struct KindSummary {
  std::string kind;
  int64_t count = 0;                                      // calls finished, errors included
  int64_t errors = 0;                                     // calls whose status was not OK
  std::map<std::string, int64_t> errors_by_code;          // "NOT_FOUND" -> 3
  double qps = 0;                                         // count / phase seconds
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;  // of every call, errors included
};

// Thread-safe: Record may be called concurrently from gRPC's callback threads.
class LoadStats {
 public:
  void Record(CallKind kind, int status_code, double latency_ms);

  // Kinds with at least one call, in CallKind order, then "all" (every kind) last.
  // `seconds` is the phase's wall time, for QPS.
  std::vector<KindSummary> Summarize(double seconds) const;

 private:
  struct PerKind {
    std::vector<float> latencies_ms;
    std::array<int64_t, 17> codes{};  // by status code; others count as UNKNOWN (2)
  };
  mutable absl::Mutex mutex_;
  std::array<PerKind, kCallKindCount> kinds_ ABSL_GUARDED_BY(mutex_);
};

// A fixed-width table: kind, count, errors, QPS, p50/p95/p99/max, then the error codes.
void PrintSummaryTable(const std::vector<KindSummary>& summaries, std::ostream& out);

nlohmann::json ToJson(const KindSummary& summary);

}  // namespace matching::bench

#endif  // MATCHING_BENCH_LOAD_STATS_H_
