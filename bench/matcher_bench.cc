// Benchmark of the scoring kernel alone: (candidate, offer, territory) pairs per second
// on the ranking path (FastScore) and the explained path (Score).
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "matcher/score.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

constexpr int kOffers = 4096;

struct Fixture {
  Fixture() {
    absl::StatusOr<AidRules> loaded =
        AidRules::LoadFromFile(std::string(MATCHING_SOURCE_DIR) + "/data/aids.json");
    if (!loaded.ok()) std::abort();
    rules = *std::move(loaded);
    options.aid_rules = &rules;
    options.as_of = absl::CivilDay(2026, 11, 15);
    testing::ProfileGenerator generator(1);
    candidate = testing::ExampleHousehold();
    for (int i = 0; i < kOffers; ++i) {
      offers.push_back(generator.Offer());
      offers.back().profession = candidate.profession;
      territories.push_back(generator.Territory());
      territories.back().metropolis_access.push_back({"nancy", "Nancy", 20.0 + i % 90, false});
    }
  }
  AidRules rules;
  ScoreOptions options;
  Weights weights = DefaultWeights();
  CandidateProfile candidate;
  std::vector<OfferFeatures> offers;
  std::vector<TerritoryFeatures> territories;
};

const Fixture& Data() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

void BM_FastScore(benchmark::State& state) {
  const Fixture& data = Data();
  size_t i = 0;
  for (auto _ : state) {
    const Scores scores =
        FastScore(data.candidate, data.offers[i], data.territories[i], data.weights, data.options);
    benchmark::DoNotOptimize(scores);
    i = (i + 1) % kOffers;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FastScore);

void BM_ScoreExplained(benchmark::State& state) {
  const Fixture& data = Data();
  size_t i = 0;
  for (auto _ : state) {
    MatchResult result =
        Score(data.candidate, data.offers[i], data.territories[i], data.weights, data.options);
    benchmark::DoNotOptimize(result);
    i = (i + 1) % kOffers;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScoreExplained);

}  // namespace
}  // namespace matching::matcher
