// Ranking stability: Kendall's tau-b (matcher/rank_agreement.h) between each household's
// default top 20 and its top 20 with one weight moved by -10 % and by +10 %, for every one
// of the 17 weights, over generated households. Prints a Markdown table (docs/RANKING.md,
// "Stability"). Not a timed benchmark and not a ctest: run it when the scoring changes.
//
//   build/bench/ranking_stability
// Sizes from the environment: STABILITY_OFFERS (default 20000), STABILITY_HOUSEHOLDS
// (default 100), STABILITY_TOP_K (default 20). Territories: every commune of data/communes.csv
// (datagen, seed 1); offers and households: datagen::PopulationGenerator, seed 1.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "index/convert.h"
#include "index/memory_index.h"
#include "matcher/aids.h"
#include "matcher/criterion.h"
#include "matcher/rank_agreement.h"
#include "matcher/weights.h"

namespace matching {
namespace {

int64_t EnvSize(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoll(value);
}

struct Summary {
  double min = 0, median = 0, mean = 0;
};

Summary Summarise(std::vector<double> values) {
  Summary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  const size_t n = values.size();
  s.median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(n);
  return s;
}

int Run() {
  const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
  auto communes = datagen::ReadCommunes(data + "/communes.csv");
  auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
  auto aid_rules = matcher::AidRules::LoadFromFile(data + "/aids.json");
  if (!communes.ok() || !metropoles.ok() || !aid_rules.ok()) {
    std::cerr << "cannot read data/: " << communes.status() << " " << metropoles.status() << " "
              << aid_rules.status() << "\n";
    return 1;
  }
  index::MemoryIndex index;
  std::vector<v1::Territory> territories;
  for (const datagen::Commune& commune : *communes) {
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
    index.PutTerritory(territories.back());
  }
  const absl::CivilDay as_of(2026, 11, 23);
  auto population = datagen::PopulationGenerator::Create({1, as_of}, territories, *metropoles);
  if (!population.ok()) {
    std::cerr << population.status() << "\n";
    return 1;
  }
  const int64_t offers = EnvSize("STABILITY_OFFERS", 20000);
  const int64_t households = EnvSize("STABILITY_HOUSEHOLDS", 100);
  for (int64_t i = 0; i < offers; ++i) {
    v1::Offer offer = population->NextOffer();
    offer.set_status(v1::OFFER_STATUS_OPEN);
    index.PutOffer(offer);
  }
  index.Optimize();
  std::vector<matcher::CandidateProfile> probes;
  for (int64_t i = 0; i < households; ++i) {
    probes.push_back(index::ToCandidateProfile(population->NextCandidate()));
  }

  index::RankQuery query;
  query.options.as_of = as_of;
  query.options.aid_rules = &*aid_rules;
  query.top_k = static_cast<int>(EnvSize("STABILITY_TOP_K", 20));
  auto top = [&](const matcher::CandidateProfile& household, const matcher::Weights& weights) {
    index::RankQuery q = query;
    q.weights = weights;
    auto result = index.RankOffers(household, q);
    if (!result.ok()) {
      std::cerr << result.status() << "\n";
      std::exit(1);
    }
    std::vector<std::string> ids;
    for (const index::RankedPair& pair : result->pairs) ids.push_back(pair.offer.id);
    return ids;
  };

  const matcher::Weights defaults = matcher::DefaultWeights();
  std::vector<std::vector<std::string>> baseline;
  int64_t full = 0, empty = 0;
  for (const matcher::CandidateProfile& household : probes) {
    baseline.push_back(top(household, defaults));
    full += baseline.back().size() == static_cast<size_t>(query.top_k);
    empty += baseline.back().empty();
  }
  std::cout << absl::StrFormat(
      "%d territories, %d offers, %d households (datagen seed 1), top %d; default top list "
      "full for %d households, empty for %d\n\n",
      territories.size(), offers, households, query.top_k, full, empty);
  std::cout << "| weight | default | ×0.9 min | ×0.9 median | ×0.9 mean | ×1.1 min | "
               "×1.1 median | ×1.1 mean |\n|---|---|---|---|---|---|---|---|\n";
  std::vector<double> all;
  for (matcher::Criterion criterion : matcher::kAllCriteria) {
    std::vector<Summary> by_factor;
    for (double factor : {0.9, 1.1}) {
      matcher::Weights moved = defaults;
      matcher::MutableWeightOf(moved, criterion) *= factor;
      std::vector<double> taus;
      for (size_t i = 0; i < probes.size(); ++i) {
        taus.push_back(matcher::KendallTauB(baseline[i], top(probes[i], moved)));
      }
      all.insert(all.end(), taus.begin(), taus.end());
      by_factor.push_back(Summarise(taus));
    }
    std::cout << absl::StrFormat("| %s | %.1f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
                                 matcher::CriterionName(criterion),
                                 matcher::WeightOf(defaults, criterion), by_factor[0].min,
                                 by_factor[0].median, by_factor[0].mean, by_factor[1].min,
                                 by_factor[1].median, by_factor[1].mean);
  }
  const Summary overall = Summarise(all);
  const int64_t below_09 = std::count_if(all.begin(), all.end(), [](double t) { return t < 0.9; });
  std::cout << absl::StrFormat(
      "\nAll %d (household, weight, ±10 %%) lists: min %.3f, median %.3f, mean %.3f; "
      "%d below 0.9.\n",
      all.size(), overall.min, overall.median, overall.mean, below_09);
  return 0;
}

}  // namespace
}  // namespace matching

int main() { return matching::Run(); }
