// Per-kind counts, status codes and latency percentiles of a load run.
#include "bench/load_stats.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace matching::bench {
namespace {

constexpr const char* kCodeNames[] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

// Nearest-rank percentile of sorted values.
double Percentile(const std::vector<float>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

KindSummary Summarize(const std::string& name, std::vector<float> latencies,
                      const std::array<int64_t, 17>& codes, double seconds) {
  KindSummary summary;
  summary.kind = name;
  summary.count = static_cast<int64_t>(latencies.size());
  for (int code = 1; code < 17; ++code) {
    if (codes[code] == 0) continue;
    summary.errors += codes[code];
    summary.errors_by_code[StatusCodeName(code)] = codes[code];
  }
  summary.qps = seconds > 0 ? static_cast<double>(summary.count) / seconds : 0;
  std::sort(latencies.begin(), latencies.end());
  summary.p50_ms = Percentile(latencies, 0.50);
  summary.p95_ms = Percentile(latencies, 0.95);
  summary.p99_ms = Percentile(latencies, 0.99);
  summary.max_ms = latencies.empty() ? 0 : latencies.back();
  return summary;
}

}  // namespace

const char* CallKindName(CallKind kind) {
  switch (kind) {
    case CallKind::kHealth:
      return "health";
    case CallKind::kGetOffer:
      return "get_offer";
    case CallKind::kGetTerritory:
      return "get_territory";
    case CallKind::kListOffers:
      return "list_offers";
    case CallKind::kRankOffers:
      return "rank_offers";
    case CallKind::kRankCandidates:
      return "rank_candidates";
    case CallKind::kUpsertCandidate:
      return "upsert_candidate";
    case CallKind::kDeleteCandidate:
      return "delete_candidate";
    case CallKind::kCount:
      break;
  }
  return "?";
}

std::string StatusCodeName(int code) {
  if (code >= 0 && code < 17) return kCodeNames[code];
  return absl::StrCat("CODE_", code);
}

void LoadStats::Record(CallKind kind, int status_code, double latency_ms) {
  absl::MutexLock lock(&mutex_);
  PerKind& per_kind = kinds_[static_cast<int>(kind)];
  per_kind.latencies_ms.push_back(static_cast<float>(latency_ms));
  ++per_kind.codes[status_code >= 0 && status_code < 17 ? status_code : 2];
}

std::vector<KindSummary> LoadStats::Summarize(double seconds) const {
  absl::MutexLock lock(&mutex_);
  std::vector<KindSummary> summaries;
  std::vector<float> all_latencies;
  std::array<int64_t, 17> all_codes{};
  for (int k = 0; k < kCallKindCount; ++k) {
    const PerKind& per_kind = kinds_[k];
    if (per_kind.latencies_ms.empty()) continue;
    summaries.push_back(bench::Summarize(CallKindName(static_cast<CallKind>(k)),
                                         per_kind.latencies_ms, per_kind.codes, seconds));
    all_latencies.insert(all_latencies.end(), per_kind.latencies_ms.begin(),
                         per_kind.latencies_ms.end());
    for (int code = 0; code < 17; ++code) all_codes[code] += per_kind.codes[code];
  }
  summaries.push_back(bench::Summarize("all", std::move(all_latencies), all_codes, seconds));
  return summaries;
}

void PrintSummaryTable(const std::vector<KindSummary>& summaries, std::ostream& out) {
  out << absl::StrFormat("  %-17s %9s %7s %9s %8s %8s %8s %8s  %s\n", "kind", "count", "errors",
                         "qps", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors by code");
  for (const KindSummary& s : summaries) {
    std::vector<std::string> codes;
    for (const auto& [code, count] : s.errors_by_code)
      codes.push_back(absl::StrCat(code, "=", count));
    out << absl::StrFormat("  %-17s %9d %7d %9.1f %8.2f %8.2f %8.2f %8.2f  %s\n", s.kind, s.count,
                           s.errors, s.qps, s.p50_ms, s.p95_ms, s.p99_ms, s.max_ms,
                           absl::StrJoin(codes, " "));
  }
}

nlohmann::json ToJson(const KindSummary& s) {
  return {{"kind", s.kind},     {"count", s.count},
          {"errors", s.errors}, {"errors_by_code", s.errors_by_code},
          {"qps", s.qps},       {"p50_ms", s.p50_ms},
          {"p95_ms", s.p95_ms}, {"p99_ms", s.p99_ms},
          {"max_ms", s.max_ms}};
}

}  // namespace matching::bench
