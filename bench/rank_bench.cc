// Ranking inside the process at national scale, on the current MemoryIndex: RankOffers
// top-20 over 100k offers and RankCandidates top-20 over 1M candidates, every commune of
// France as territories (datagen, seed 1). The baseline for issue 5's columnar index.
//
//   build/bench/rank_bench [--benchmark_filter=...]
// Sizes come from the environment: RANK_BENCH_OFFERS (default 100000) and
// RANK_BENCH_CANDIDATES (default 1000000). BM_RankOffers ranks without aid rules (the money
// criterion not applicable); BM_RankOffersWithAids/i with the i-th of the rules files named
// by RANK_BENCH_AIDS_BASELINE and RANK_BENCH_AIDS (as matchd always has one).
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "index/convert.h"
#include "index/memory_index.h"
#include "index/territory_cache.h"
#include "matcher/aids.h"

namespace matching {
namespace {

int64_t EnvSize(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoll(value);
}

// CPU time of the whole process (every thread: the scan's second half runs on the pool's),
// in milliseconds. On a loaded machine it is the comparable figure; wall times wait for a
// core.
double ProcessCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double MaxRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Households ranked in turn: enough distinct ones that the territory criterion cache sees
// the population's variety, not a few warm keys.
constexpr size_t kProbes = 4096;

struct National {
  National() {
    const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
    auto communes = datagen::ReadCommunes(data + "/communes.csv");
    auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
    if (!communes.ok() || !metropoles.ok()) std::abort();
    const double rss_start = MaxRssMiB();
    const double cpu_start = ProcessCpuMs();
    std::vector<v1::Territory> territories;
    for (const datagen::Commune& commune : *communes) {
      territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
      index.PutTerritory(territories.back());
    }
    written.assign(territories.begin(),
                   territories.begin() + std::min<size_t>(territories.size(), 1000));
    auto population = datagen::PopulationGenerator::Create({1, absl::CivilDay(2026, 11, 23)},
                                                           territories, *metropoles);
    if (!population.ok()) std::abort();
    const int64_t offers = EnvSize("RANK_BENCH_OFFERS", 100000);
    const int64_t candidates = EnvSize("RANK_BENCH_CANDIDATES", 1000000);
    for (int64_t i = 0; i < offers; ++i) {
      v1::Offer offer = population->NextOffer();
      offer.set_status(v1::OFFER_STATUS_OPEN);
      if (offer_ids.size() < 64) offer_ids.push_back(offer.id());
      index.PutOffer(offer);
    }
    const double rss_offers = MaxRssMiB();
    for (int64_t i = 0; i < candidates; ++i) {
      v1::Candidate candidate = population->NextCandidate();
      candidate.set_status(v1::CANDIDATE_STATUS_ACTIVE);
      if (probes.size() < static_cast<size_t>(EnvSize("RANK_BENCH_PROBES", kProbes)))
        probes.push_back(index::ToCandidateProfile(candidate));
      index.PutCandidate(candidate);
    }
    index.Optimize();  // as LoadFrom does at start
    const double rss_end = MaxRssMiB();
    std::cerr << "index: " << index.territory_count() << " territories, " << index.offer_count()
              << " offers, " << index.candidate_count() << " candidates; max RSS " << rss_start
              << " MiB before, " << rss_offers << " after offers, " << rss_end
              << " MiB after candidates ("
              << (rss_end - rss_offers) * 1024 * 1024 / std::max<int64_t>(candidates, 1)
              << " bytes per candidate); index estimate " << index.memory_bytes() / 1048576.0
              << " MiB; load CPU " << (ProcessCpuMs() - cpu_start) / 1000 << " s\n";
    query.options.as_of = absl::CivilDay(2026, 11, 23);
    query.top_k = 20;
    for (const char* name : {"RANK_BENCH_AIDS_BASELINE", "RANK_BENCH_AIDS"}) {
      const char* path = std::getenv(name);
      if (path == nullptr) continue;
      auto rules = matcher::AidRules::LoadFromFile(path);
      if (!rules.ok()) {
        std::cerr << rules.status() << "\n";
        std::abort();
      }
      std::cerr << name << ": aid rules " << rules->version() << " (" << rules->rules().size()
                << " rules)\n";
      aid_rules.push_back(std::make_unique<matcher::AidRules>(*std::move(rules)));
    }
  }
  // RANK_BENCH_AIDS_BASELINE then RANK_BENCH_AIDS, those set (BM_RankOffersWithAids).
  std::vector<std::unique_ptr<matcher::AidRules>> aid_rules;
  index::MemoryIndex index;
  std::vector<matcher::CandidateProfile> probes;  // households to rank offers for
  std::vector<std::string> offer_ids;             // offers to rank candidates for
  std::vector<v1::Territory> written;             // territories to write between queries
  index::RankQuery query;
};

National& Data() {
  static National* national = new National();
  return *national;
}

// p50 and p95 of the per-query latencies (wall clock), as counters in milliseconds.
class Latencies {
 public:
  Latencies() : cpu_start_ms_(ProcessCpuMs()) {}
  void Add(absl::Duration d) { ms_.push_back(absl::ToDoubleMilliseconds(d)); }
  // Also the process's CPU time per iteration since construction (cpu_ms).
  void Report(benchmark::State& state) {
    if (ms_.empty()) return;
    state.counters["cpu_ms"] = (ProcessCpuMs() - cpu_start_ms_) / static_cast<double>(ms_.size());
    std::sort(ms_.begin(), ms_.end());
    state.counters["p50_ms"] = ms_[ms_.size() / 2];
    state.counters["p95_ms"] = ms_[std::min(ms_.size() - 1, ms_.size() * 95 / 100)];
  }

 private:
  double cpu_start_ms_;
  std::vector<double> ms_;
};

void BM_RankOffers(benchmark::State& state) {
  National& data = Data();
  size_t i = 0;
  int64_t considered = 0;
  int64_t scanned = 0;
  Latencies latencies;
  for (auto _ : state) {
    const absl::Time start = absl::Now();
    auto result = data.index.RankOffers(data.probes[i++ % data.probes.size()], data.query);
    latencies.Add(absl::Now() - start);
    if (!result.ok()) std::abort();
    considered += result->considered;
    scanned += result->scanned;
    benchmark::DoNotOptimize(result);
  }
  state.counters["offers_scored"] =
      benchmark::Counter(static_cast<double>(considered), benchmark::Counter::kAvgIterations);
  state.counters["rows_scanned"] =
      benchmark::Counter(static_cast<double>(scanned), benchmark::Counter::kAvgIterations);
  latencies.Report(state);
  // The index's estimate after the run: its tables plus the territory criterion cache.
  state.counters["index_MiB"] = static_cast<double>(data.index.memory_bytes()) / 1048576.0;
}
BENCHMARK(BM_RankOffers)->Unit(benchmark::kMillisecond)->UseRealTime();

// BM_RankOffers with the aid estimate in the ranking (the money criterion weighs).
void BM_RankOffersWithAids(benchmark::State& state) {
  National& data = Data();
  if (static_cast<size_t>(state.range(0)) >= data.aid_rules.size()) {
    state.SkipWithError("set RANK_BENCH_AIDS_BASELINE and RANK_BENCH_AIDS");
    return;
  }
  index::RankQuery query = data.query;
  query.options.aid_rules = data.aid_rules[state.range(0)].get();
  size_t i = 0;
  Latencies latencies;
  for (auto _ : state) {
    const absl::Time start = absl::Now();
    auto result = data.index.RankOffers(data.probes[i++ % data.probes.size()], query);
    latencies.Add(absl::Now() - start);
    if (!result.ok()) std::abort();
    benchmark::DoNotOptimize(result);
  }
  latencies.Report(state);
}
BENCHMARK(BM_RankOffersWithAids)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// RankOffers for the households in turn, each query timed after `before(i)` (untimed).
template <typename Before>
void RankOffersAfter(benchmark::State& state, const Before& before) {
  National& data = Data();
  size_t i = 0;
  Latencies latencies;
  for (auto _ : state) {
    before(i);
    const absl::Time start = absl::Now();
    auto result = data.index.RankOffers(data.probes[i++ % data.probes.size()], data.query);
    latencies.Add(absl::Now() - start);
    if (!result.ok()) std::abort();
    benchmark::DoNotOptimize(result);
  }
  latencies.Report(state);
}

// The same with the territory criterion cache emptied before every query: the worst case
// of a household unlike any before (and, before territory writes forgot only their own
// cells, the first query after one).
void BM_RankOffersCold(benchmark::State& state) {
  RankOffersAfter(state, [](size_t) { Data().index.DropCaches(); });
}
BENCHMARK(BM_RankOffersCold)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same with one territory written before every query, as when a portal updates
// territories while households search: the cache forgets that territory's cells.
void BM_RankOffersAfterTerritoryWrite(benchmark::State& state) {
  RankOffersAfter(state, [](size_t i) {
    National& data = Data();
    data.index.PutTerritory(data.written[i % data.written.size()]);
  });
}
BENCHMARK(BM_RankOffersAfterTerritoryWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

// An offer write (a nurse post opened, then filled, in turn in the written territories):
// the index's cost per write, open_offers_nearby of the territories within reach included.
void BM_OfferWrite(benchmark::State& state) {
  National& data = Data();
  // Written once untimed first: the first write after the load pays glibc's one-off
  // consolidation of the load's freed blocks (hundreds of ms), which is not a write's cost.
  const auto offer_at = [&data](size_t i) {
    v1::Offer offer;
    offer.set_id("bench-write-" + std::to_string(i % 64));
    offer.set_territory_id(data.written[(i * 37) % data.written.size()].id());
    offer.set_profession(v1::PROFESSION_NURSE);
    offer.set_status((i / 64) % 2 == 0 ? v1::OFFER_STATUS_OPEN : v1::OFFER_STATUS_FILLED);
    return offer;
  };
  size_t i = 0;
  for (; i < 128; ++i) data.index.PutOffer(offer_at(i));
  Latencies latencies;
  for (auto _ : state) {
    const v1::Offer offer = offer_at(i++);
    const absl::Time start = absl::Now();
    data.index.PutOffer(offer);
    latencies.Add(absl::Now() - start);
  }
  latencies.Report(state);
}
BENCHMARK(BM_OfferWrite)->Unit(benchmark::kMicrosecond)->UseRealTime();

// RankOffers with an offer written before every query, as when a portal publishes offers
// while households search.
void BM_RankOffersAfterOfferWrite(benchmark::State& state) {
  RankOffersAfter(state, [](size_t i) {
    National& data = Data();
    v1::Offer offer;
    offer.set_id("bench-between-" + std::to_string(i % 64));
    offer.set_territory_id(data.written[(i * 37) % data.written.size()].id());
    offer.set_profession(v1::PROFESSION_NURSE);
    offer.set_status((i / 64) % 2 == 0 ? v1::OFFER_STATUS_OPEN : v1::OFFER_STATUS_FILLED);
    data.index.PutOffer(offer);
  });
}
BENCHMARK(BM_RankOffersAfterOfferWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RankCandidates(benchmark::State& state) {
  National& data = Data();
  size_t i = 0;
  int64_t considered = 0;
  Latencies latencies;
  for (auto _ : state) {
    const absl::Time start = absl::Now();
    auto result =
        data.index.RankCandidates(data.offer_ids[i++ % data.offer_ids.size()], data.query);
    latencies.Add(absl::Now() - start);
    if (!result.ok()) std::abort();
    considered += result->considered;
    benchmark::DoNotOptimize(result);
  }
  state.counters["candidates_scored"] =
      benchmark::Counter(static_cast<double>(considered), benchmark::Counter::kAvgIterations);
  latencies.Report(state);
}
BENCHMARK(BM_RankCandidates)->Unit(benchmark::kMillisecond)->UseRealTime();

// The territory criterion cache when full, as under a national population: every lookup
// of a new key evicts. range(0) columns of 64 cells fill the budget; each iteration asks
// for a key not seen yet (one eviction) and for a key just used (a hit).
void BM_TerritoryCacheFull(benchmark::State& state) {
  constexpr size_t kRows = 64;
  const size_t columns = static_cast<size_t>(state.range(0));
  index::TerritoryCache cache(columns * kRows * sizeof(uint64_t));
  size_t next = 0;
  for (; next < columns; ++next)
    cache.Get("key-" + std::to_string(next), kRows, index::CellKind::kTerritoryRow);
  for (auto _ : state) {
    const std::string key = "key-" + std::to_string(next++);
    benchmark::DoNotOptimize(cache.Get(key, kRows, index::CellKind::kTerritoryRow));
    benchmark::DoNotOptimize(cache.Get(key, kRows, index::CellKind::kTerritoryRow));
  }
}
BENCHMARK(BM_TerritoryCacheFull)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace
}  // namespace matching
