// Our side of the PostgreSQL peer benchmark (issue 5; driven by scripts/bench-peer):
// the peer data (bench/peer_data.h) in a MemoryIndex, the same queries as the SQL, per
// query latency over repetitions, the top-20 lists for the agreement check, and the
// machine's memory bandwidth measured in the same run as the physical floor.
//
//   peer_bench [--offers 100000] [--candidates 1000000] [--visitors 50]
//              [--offer-queries 20] [--reps 20] [--results FILE] [--samples FILE]
// Prints on stdout, as "word key value ..." lines parsed by bench/peer/report.py: "query"
// per query (p50/p95 over the repetitions, records scored, bytes scanned), "ours" per
// kind of query, "bandwidth" and "floor" (bytes scanned / single-thread bandwidth: the
// time a query cannot beat). With --results, writes every top-20 list as
// "kind<TAB>query<TAB>rank<TAB>id<TAB>score" (17 significant digits). With --samples,
// writes every timed repetition as "kind<TAB>query<TAB>ms<TAB>cpu ms" (the script merges
// rounds; cpu ms is the process's CPU time during the call, both scan threads together,
// which a loaded machine does not inflate the way it inflates wall time).
// "considered" is RankResult::considered: the pairs within every limit (after the gates).
// The first run of each query is a warm-up and gives the list; the rest are timed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "absl/strings/str_format.h"
#include "bench/peer_data.h"
#include "index/convert.h"
#include "index/memory_index.h"

namespace matching::bench {
namespace {

// The hook for the physical-limit comparison: when the index reports how many bytes a
// query read (a `bytes_scanned` member of RankResult), it is used; until then "n/a".
template <typename T, typename = void>
struct HasBytesScanned : std::false_type {};
template <typename T>
struct HasBytesScanned<T, std::void_t<decltype(std::declval<const T&>().bytes_scanned)>>
    : std::true_type {};

template <typename Result>
double BytesScanned(const Result& result) {
  if constexpr (HasBytesScanned<Result>::value) {
    return static_cast<double>(result.bytes_scanned);
  } else {
    return -1;
  }
}

void Fail(const std::string& what) {
  std::cerr << "peer_bench: " << what << "\n";
  std::exit(1);
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

// Sums words [begin, end) of `buffer` with wide loads: a streaming read that keeps the
// memory system, not the core, the bottleneck. AVX2 when the CPU has it.
using Lanes = uint64_t __attribute__((vector_size(32)));
__attribute__((target("avx2"))) uint64_t SumAvx2(const uint64_t* buffer, size_t begin, size_t end) {
  Lanes s[4] = {};
  size_t i = begin;
  for (; i + 16 <= end; i += 16) {
    for (int k = 0; k < 4; ++k) {
      Lanes lane;
      __builtin_memcpy(&lane, buffer + i + 4 * static_cast<size_t>(k), sizeof(lane));
      s[k] += lane;
    }
  }
  uint64_t sum = 0;
  for (int k = 0; k < 4; ++k) sum += s[k][0] + s[k][1] + s[k][2] + s[k][3];
  for (; i < end; ++i) sum += buffer[i];
  return sum;
}
uint64_t SumScalar(const uint64_t* buffer, size_t begin, size_t end) {
  uint64_t s[8] = {};
  size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    for (size_t k = 0; k < 8; ++k) s[k] += buffer[i + k];
  }
  for (; i < end; ++i) s[0] += buffer[i];
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}

// Best of `runs` streaming reads of `gib` GiB on `threads` threads, in GB/s (10^9 B/s).
double MemoryBandwidthGbps(double gib, int threads, int runs) {
  const size_t words = static_cast<size_t>(gib * (1ull << 30)) / sizeof(uint64_t);
  std::unique_ptr<uint64_t[]> buffer(new uint64_t[words]);
  for (size_t i = 0; i < words; ++i) buffer[i] = i;  // fault every page in
  const bool avx2 = __builtin_cpu_supports("avx2");
  double best = 0;
  volatile uint64_t sink = 0;
  for (int run = 0; run < runs; ++run) {
    std::vector<std::thread> workers;
    std::vector<uint64_t> sums(static_cast<size_t>(threads));
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        const size_t begin = words * static_cast<size_t>(t) / static_cast<size_t>(threads);
        const size_t end = words * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
        sums[static_cast<size_t>(t)] =
            avx2 ? SumAvx2(buffer.get(), begin, end) : SumScalar(buffer.get(), begin, end);
      });
    }
    for (std::thread& worker : workers) worker.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (uint64_t s : sums) sink = sink + s;
    best = std::max(best, static_cast<double>(words * sizeof(uint64_t)) / seconds / 1e9);
  }
  return best;
}

double ProcessCpuMillis() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct KindStats {
  std::vector<double> millis;  // every (query, repetition)
  std::vector<double> bytes;   // per query, when reported
  double considered = 0;       // summed over queries
  int queries = 0;
};

template <typename RunQuery>
void Measure(const std::string& kind, const std::string& query_id, int reps, RunQuery run,
             KindStats& stats, FILE* results, FILE* samples) {
  absl::StatusOr<index::RankResult> result = run();  // warm-up, and the list we report
  if (!result.ok()) Fail(kind + " " + query_id + ": " + std::string(result.status().message()));
  std::vector<double> millis;
  for (int r = 0; r < reps; ++r) {
    const double cpu_start = ProcessCpuMillis();
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<index::RankResult> timed = run();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const double cpu_ms = ProcessCpuMillis() - cpu_start;
    if (!timed.ok()) Fail(kind + " " + query_id + ": failed on repetition");
    millis.push_back(ms);
    if (samples != nullptr) {
      std::fprintf(samples, "%s\t%s\t%.6f\t%.6f\n", kind.c_str(), query_id.c_str(), ms, cpu_ms);
    }
  }
  std::printf("query %s %s p50_ms %.4f p95_ms %.4f considered %lld bytes_scanned %.0f\n",
              kind.c_str(), query_id.c_str(), Quantile(millis, 0.5), Quantile(millis, 0.95),
              static_cast<long long>(result->considered), BytesScanned(*result));
  stats.millis.insert(stats.millis.end(), millis.begin(), millis.end());
  ++stats.queries;
  stats.considered += static_cast<double>(result->considered);
  if (const double bytes = BytesScanned(*result); bytes >= 0) stats.bytes.push_back(bytes);
  if (results == nullptr) return;
  int rank = 0;
  for (const index::RankedPair& pair : result->pairs) {
    const std::string& id = kind == "offers" ? pair.offer.id : pair.candidate->id;
    std::fprintf(results, "%s\t%s\t%d\t%s\t%.17g\n", kind.c_str(), query_id.c_str(), ++rank,
                 id.c_str(), pair.scores.score);
  }
}

void Report(const std::string& kind, const KindStats& stats, double bandwidth_gbps, int reps) {
  const double p50 = Quantile(stats.millis, 0.5);
  std::printf("ours %s queries %d reps %d p50_ms %.4f p95_ms %.4f mean_considered %.0f\n",
              kind.c_str(), stats.queries, reps, p50, Quantile(stats.millis, 0.95),
              stats.considered / std::max(1, stats.queries));
  if (stats.bytes.empty()) {
    std::printf("floor %s bytes_per_query n/a floor_ms n/a p50_over_floor n/a\n", kind.c_str());
    return;
  }
  const double bytes = Quantile(stats.bytes, 0.5);
  const double floor_ms = bytes / (bandwidth_gbps * 1e9) * 1e3;
  std::printf("floor %s bytes_per_query %.0f floor_ms %.4f p50_over_floor %.2f\n", kind.c_str(),
              bytes, floor_ms, p50 / floor_ms);
}

int Main(int argc, char** argv) {
  PeerSizes sizes;
  int reps = 20;
  std::string results_path;
  std::string samples_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--offers") {
      sizes.offers = std::atoll(value);
    } else if (flag == "--candidates") {
      sizes.candidates = std::atoll(value);
    } else if (flag == "--visitors") {
      sizes.visitors = std::atoi(value);
    } else if (flag == "--offer-queries") {
      sizes.offer_queries = std::atoi(value);
    } else if (flag == "--reps") {
      reps = std::max(1, std::atoi(value));
    } else if (flag == "--results") {
      results_path = value;
    } else if (flag == "--samples") {
      samples_path = value;
    } else {
      Fail("unknown flag " + flag);
    }
  }
  if (argc % 2 != 1) Fail("flags take one value each");
  absl::StatusOr<PeerData> data = PeerData::Create(MATCHING_SOURCE_DIR "/data", sizes);
  if (!data.ok()) Fail(std::string(data.status().message()));

  const auto load_start = std::chrono::steady_clock::now();
  index::MemoryIndex index;
  for (const v1::Territory& territory : data->territories()) index.PutTerritory(territory);
  for (int64_t i = 0; i < sizes.offers; ++i) index.PutOffer(data->OfferAt(i));
  for (int64_t i = 0; i < sizes.candidates; ++i) index.PutCandidate(data->CandidateAt(i));
  std::printf("load territories %zu offers %zu candidates %zu seconds %.1f\n",
              index.territory_count(), index.offer_count(), index.candidate_count(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());

  std::unique_ptr<FILE, int (*)(FILE*)> results(nullptr, &std::fclose);
  if (!results_path.empty()) {
    results.reset(std::fopen(results_path.c_str(), "w"));
    if (results == nullptr) Fail("cannot write " + results_path);
  }
  std::unique_ptr<FILE, int (*)(FILE*)> samples(nullptr, &std::fclose);
  if (!samples_path.empty()) {
    samples.reset(std::fopen(samples_path.c_str(), "w"));
    if (samples == nullptr) Fail("cannot write " + samples_path);
  }
  const index::RankQuery query = PeerData::Query();
  KindStats offers;
  for (int i = 0; i < sizes.visitors; ++i) {
    const matcher::CandidateProfile visitor = index::ToCandidateProfile(data->VisitorAt(i));
    Measure(
        "offers", visitor.id, reps, [&] { return index.RankOffers(visitor, query); }, offers,
        results.get(), samples.get());
  }
  KindStats candidates;
  const int candidate_reps = std::max(1, reps / 4);  // each query is ~10x longer
  for (int i = 0; i < sizes.offer_queries; ++i) {
    const std::string offer_id = data->QueryOfferId(i);
    Measure(
        "candidates", offer_id, candidate_reps,
        [&] { return index.RankCandidates(offer_id, query); }, candidates, results.get(),
        samples.get());
  }
  results.reset();
  samples.reset();

  // Measured after the queries so that the 1 GiB buffer does not disturb them.
  const double single = MemoryBandwidthGbps(1.0, 1, 7);
  const double all =
      MemoryBandwidthGbps(1.0, static_cast<int>(std::thread::hardware_concurrency()), 7);
  std::printf("bandwidth single_thread_gbps %.2f all_threads_gbps %.2f threads %u\n", single, all,
              std::thread::hardware_concurrency());
  // A query runs on one thread: its floor is the single-thread streaming rate.
  Report("offers", offers, single, reps);
  Report("candidates", candidates, single, candidate_reps);
  std::printf("bytes_scanned_hook %s\n", HasBytesScanned<index::RankResult>::value
                                             ? "RankResult::bytes_scanned"
                                             : "absent (n/a until the index reports it)");
  return 0;
}

}  // namespace
}  // namespace matching::bench

int main(int argc, char** argv) { return matching::bench::Main(argc, argv); }
