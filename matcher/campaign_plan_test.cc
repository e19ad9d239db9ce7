// Campaign planning against independent references: GLPK's glpsol (an exact integer
// programme) for the optimal mode, a brute-force blocking-pair search for the stable mode.
#include "matcher/campaign_plan.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/stable_matching.h"

namespace matching::matcher {
namespace {

// A random instance: every (household, offer) pair present with probability `density`.
CampaignInstance RandomInstance(std::mt19937& rng, int households, int offers, double density,
                                int max_weight = 999) {
  CampaignInstance instance;
  instance.households = households;
  instance.offers = offers;
  std::uniform_int_distribution<int> household_cap(0, 3), offer_cap(0, 4);
  std::uniform_int_distribution<int> weight(0, max_weight);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int h = 0; h < households; ++h) instance.household_capacity.push_back(household_cap(rng));
  for (int o = 0; o < offers; ++o) instance.offer_capacity.push_back(offer_cap(rng));
  for (int h = 0; h < households; ++h) {
    for (int o = 0; o < offers; ++o) {
      if (unit(rng) >= density) continue;
      CampaignPair pair;
      pair.household = h;
      pair.offer = o;
      pair.candidate_score = std::round(unit(rng) * 20) / 20;  // ties on purpose
      pair.territory_score = std::round(unit(rng) * 20) / 20;
      pair.score = (pair.candidate_score + pair.territory_score) / 2;
      pair.weight = weight(rng);
      instance.pairs.push_back(pair);
    }
  }
  return instance;
}

// The optimum of the instance's integer programme, solved by glpsol (CPLEX LP format).
int64_t GlpsolOptimum(const CampaignInstance& instance, const std::string& name) {
  const std::string dir = ::testing::TempDir();
  const std::string lp = absl::StrCat(dir, "/", name, ".lp");
  const std::string out = absl::StrCat(dir, "/", name, ".out");
  std::ostringstream text;
  text << "Maximize\n obj:";
  for (size_t i = 0; i < instance.pairs.size(); ++i) {
    text << " + " << instance.pairs[i].weight << " x" << i;
  }
  if (instance.pairs.empty()) text << " 0 dummy";
  text << "\nSubject To\n";
  auto row = [&](const std::string& label, auto belongs, int capacity) {
    bool any = false;
    std::ostringstream terms;
    for (size_t i = 0; i < instance.pairs.size(); ++i) {
      if (belongs(instance.pairs[i])) {
        terms << " + x" << i;
        any = true;
      }
    }
    if (any) text << " " << label << ":" << terms.str() << " <= " << capacity << "\n";
  };
  for (int h = 0; h < instance.households; ++h) {
    row(
        absl::StrCat("h", h), [h](const CampaignPair& p) { return p.household == h; },
        instance.household_capacity[h]);
  }
  for (int o = 0; o < instance.offers; ++o) {
    row(
        absl::StrCat("o", o), [o](const CampaignPair& p) { return p.offer == o; },
        instance.offer_capacity[o]);
  }
  for (size_t f = 0; f < instance.fixed.size(); ++f) {
    text << " f" << f << ": x" << instance.fixed[f] << " = 1\n";
  }
  if (instance.pairs.empty()) text << " z: dummy = 0\n";
  text << "Binary\n";
  for (size_t i = 0; i < instance.pairs.size(); ++i) text << " x" << i << "\n";
  text << "End\n";
  std::ofstream(lp) << text.str();
  const std::string command = absl::StrCat("glpsol --lp ", lp, " -o ", out, " >/dev/null 2>&1");
  EXPECT_EQ(std::system(command.c_str()), 0)
      << "glpsol failed (Debian package glpk-utils, scripts/bootstrap): " << command;
  std::ifstream result(out);
  std::stringstream content;
  content << result.rdbuf();
  std::smatch match;
  const std::string s = content.str();
  const bool found =
      std::regex_search(s, match, std::regex(R"(Objective:\s+obj = (-?[0-9.e+]+) \(MAXimum\))"));
  EXPECT_TRUE(found) << s;
  EXPECT_THAT(s, ::testing::HasSubstr("INTEGER OPTIMAL"));
  return found ? std::llround(std::stod(match[1].str())) : -1;
}

void ExpectFeasible(const CampaignInstance& instance, const CampaignSolution& solution) {
  std::vector<int> households(instance.households), offers(instance.offers);
  for (int index : solution.chosen) {
    ++households[instance.pairs[index].household];
    ++offers[instance.pairs[index].offer];
  }
  for (int h = 0; h < instance.households; ++h) {
    EXPECT_LE(households[h], instance.household_capacity[h]) << "household " << h;
  }
  for (int o = 0; o < instance.offers; ++o) {
    EXPECT_LE(offers[o], instance.offer_capacity[o]) << "offer " << o;
  }
  for (int index : instance.fixed) {
    EXPECT_TRUE(std::binary_search(solution.chosen.begin(), solution.chosen.end(), index));
  }
  int64_t total = 0;
  for (int index : solution.chosen) total += instance.pairs[index].weight;
  EXPECT_EQ(total, solution.total_weight);
}

TEST(CampaignPlanOptimal, TotalEqualsGlpsolsIntegerProgrammeOnRandomInstances) {
  std::mt19937 rng(20261202);
  for (int round = 0; round < 40; ++round) {
    std::uniform_int_distribution<int> size(1, 9);
    CampaignInstance instance = RandomInstance(rng, size(rng), size(rng), 0.5);
    if (round % 3 == 0 && !instance.pairs.empty()) {
      // A kept pair, where capacity allows.
      const int index = static_cast<int>(rng() % instance.pairs.size());
      const CampaignPair& p = instance.pairs[index];
      if (instance.household_capacity[p.household] > 0 && instance.offer_capacity[p.offer] > 0) {
        instance.fixed.push_back(index);
      }
    }
    absl::StatusOr<CampaignSolution> solution = PlanOptimal(instance);
    ASSERT_TRUE(solution.ok()) << solution.status();
    ExpectFeasible(instance, *solution);
    EXPECT_EQ(solution->total_weight, GlpsolOptimum(instance, absl::StrCat("campaign", round)))
        << "round " << round;
    EXPECT_EQ(solution->upper_bound, solution->total_weight);  // complete lists: exact
    CampaignControl ssp;
    ssp.solver = FlowSolver::kSuccessiveShortestPaths;
    absl::StatusOr<CampaignSolution> other = PlanOptimal(instance, ssp);
    ASSERT_TRUE(other.ok()) << other.status();
    ExpectFeasible(instance, *other);
    EXPECT_EQ(other->total_weight, solution->total_weight) << "round " << round;
  }
}

TEST(CampaignPlanOptimal, TheBoundCoversPairsLeftOutOfTheCandidateLists) {
  std::mt19937 rng(7);
  for (int round = 0; round < 30; ++round) {
    CampaignInstance full = RandomInstance(rng, 8, 6, 0.8);
    absl::StatusOr<CampaignSolution> best = PlanOptimal(full);
    ASSERT_TRUE(best.ok());
    // Keep each household's two best pairs by score, as the index's top-K would.
    CampaignInstance cut = full;
    cut.pairs.clear();
    cut.household_unseen_bound.assign(full.households, 0);
    for (int h = 0; h < full.households; ++h) {
      std::vector<CampaignPair> own;
      for (const CampaignPair& p : full.pairs) {
        if (p.household == h) own.push_back(p);
      }
      std::sort(own.begin(), own.end(),
                [](const CampaignPair& a, const CampaignPair& b) { return a.score > b.score; });
      for (size_t i = 0; i < own.size(); ++i) {
        if (i < 2) {
          cut.pairs.push_back(own[i]);
        } else {
          cut.household_unseen_bound[h] = std::max(cut.household_unseen_bound[h], own[i].weight);
        }
      }
    }
    absl::StatusOr<CampaignSolution> planned = PlanOptimal(cut);
    ASSERT_TRUE(planned.ok());
    EXPECT_LE(planned->total_weight, best->total_weight);
    EXPECT_GE(planned->upper_bound, best->total_weight) << "round " << round;
  }
}

TEST(CampaignPlanOptimal, RefusesInstancesThatBreakTheirOwnShape) {
  CampaignInstance instance;
  instance.households = 1;
  instance.offers = 1;
  instance.household_capacity = {1};
  instance.offer_capacity = {1};
  instance.pairs = {{0, 0, 0.5, 0.5, 0.5, 10}, {0, 0, 0.5, 0.5, 0.5, 10}};
  EXPECT_THAT(PlanOptimal(instance).status().message(), ::testing::HasSubstr("repeats"));
  instance.pairs = {{0, 3, 0.5, 0.5, 0.5, 10}};
  EXPECT_THAT(PlanOptimal(instance).status().message(), ::testing::HasSubstr("out of range"));
  instance.pairs = {{0, 0, 0.5, 0.5, 0.5, 10}};
  instance.offer_capacity = {0};
  instance.fixed = {0};
  EXPECT_THAT(PlanOptimal(instance).status().message(), ::testing::HasSubstr("capacity"));
}

TEST(CampaignPlanOptimal, StopsWhenCancelled) {
  std::mt19937 rng(3);
  CampaignInstance instance = RandomInstance(rng, 5, 5, 0.5);
  CampaignControl control;
  control.cancelled = [] { return true; };
  EXPECT_EQ(PlanOptimal(instance, control).status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(PlanStable(instance, control).status().code(), absl::StatusCode::kCancelled);
}

TEST(CampaignWeights, CareNeedRaisesThePriorityOfUnderServedTerritories) {
  EXPECT_DOUBLE_EQ(CareNeedPriority(4.0, true), 1.0);
  EXPECT_DOUBLE_EQ(CareNeedPriority(2.0, true), 1.5);
  EXPECT_DOUBLE_EQ(CareNeedPriority(0.0, true), 2.0);
  EXPECT_DOUBLE_EQ(CareNeedPriority(6.0, true), 1.0);
  EXPECT_DOUBLE_EQ(CareNeedPriority(0.0, false), 1.0);
  EXPECT_EQ(CampaignWeight(0.5, 1.5), 750000);
}

// The brute-force definition of a blocking pair: compares with every proposal held.
int BruteForceBlockingPairs(const CampaignInstance& instance, const std::vector<int>& chosen) {
  auto household_prefers = [](const CampaignPair& a, const CampaignPair& b) {
    return a.candidate_score > b.candidate_score ||
           (a.candidate_score == b.candidate_score && a.offer < b.offer);
  };
  auto offer_prefers = [](const CampaignPair& a, const CampaignPair& b) {
    return a.territory_score > b.territory_score ||
           (a.territory_score == b.territory_score && a.household < b.household);
  };
  int blocking = 0;
  for (size_t i = 0; i < instance.pairs.size(); ++i) {
    if (std::find(chosen.begin(), chosen.end(), static_cast<int>(i)) != chosen.end()) continue;
    const CampaignPair& p = instance.pairs[i];
    int household_held = 0, offer_held = 0;
    bool household_would = false, offer_would = false;
    for (int j : chosen) {
      const CampaignPair& q = instance.pairs[j];
      if (q.household == p.household) {
        ++household_held;
        household_would |= household_prefers(p, q);
      }
      if (q.offer == p.offer) {
        ++offer_held;
        offer_would |= offer_prefers(p, q);
      }
    }
    household_would |= household_held < instance.household_capacity[p.household];
    offer_would |= offer_held < instance.offer_capacity[p.offer];
    blocking += household_would && offer_would;
  }
  return blocking;
}

TEST(CampaignPlanStable, DeferredAcceptanceLeavesNoBlockingPairOnRandomInstances) {
  std::mt19937 rng(42);
  for (int round = 0; round < 300; ++round) {
    std::uniform_int_distribution<int> size(1, 12);
    CampaignInstance instance = RandomInstance(rng, size(rng), size(rng), 0.6);
    absl::StatusOr<CampaignSolution> solution = PlanStable(instance);
    ASSERT_TRUE(solution.ok()) << solution.status();
    ExpectFeasible(instance, *solution);
    EXPECT_EQ(BruteForceBlockingPairs(instance, solution->chosen), 0) << "round " << round;
    EXPECT_EQ(CountBlockingPairs(instance, solution->chosen), 0) << "round " << round;
  }
}

TEST(CampaignPlanStable, TheCheckerAgreesWithBruteForceOnArbitraryPlans) {
  std::mt19937 rng(99);
  int plans_with_blocking_pairs = 0;
  for (int round = 0; round < 300; ++round) {
    CampaignInstance instance = RandomInstance(rng, 6, 6, 0.7);
    // The optimal plan (feasible, usually not stable) and a random feasible subset.
    absl::StatusOr<CampaignSolution> optimal = PlanOptimal(instance);
    ASSERT_TRUE(optimal.ok());
    const int brute = BruteForceBlockingPairs(instance, optimal->chosen);
    EXPECT_EQ(CountBlockingPairs(instance, optimal->chosen), brute) << "round " << round;
    plans_with_blocking_pairs += brute > 0;
    std::vector<int> subset;
    for (int index : optimal->chosen) {
      if (rng() % 2) subset.push_back(index);
    }
    EXPECT_EQ(CountBlockingPairs(instance, subset), BruteForceBlockingPairs(instance, subset));
  }
  EXPECT_GT(plans_with_blocking_pairs, 10);  // the checker is not trivially zero
}

TEST(CampaignPlanStable, KeepsFixedPairs) {
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    CampaignInstance instance = RandomInstance(rng, 6, 6, 0.7);
    std::vector<int> household_used(6), offer_used(6);
    for (size_t i = 0; i < instance.pairs.size() && instance.fixed.size() < 2; ++i) {
      const CampaignPair& p = instance.pairs[i];
      if (household_used[p.household] < instance.household_capacity[p.household] &&
          offer_used[p.offer] < instance.offer_capacity[p.offer]) {
        ++household_used[p.household];
        ++offer_used[p.offer];
        instance.fixed.push_back(static_cast<int>(i));
      }
    }
    absl::StatusOr<CampaignSolution> solution = PlanStable(instance);
    ASSERT_TRUE(solution.ok()) << solution.status();
    ExpectFeasible(instance, *solution);
  }
}

}  // namespace
}  // namespace matching::matcher
