// Campaign planning against independent references: GLPK's glpsol (an exact integer
// programme) for the optimal mode, a brute-force blocking-pair search for the stable mode.
#include "matcher/campaign_plan.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

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

int64_t RunGlpsol(const std::string& programme, const std::string& name);

// The optimum of the instance's integer programme, solved by glpsol (CPLEX LP format). A
// joint pair takes a place at both its posts. With `served`, the programme maximises the
// number of households with at least one proposal instead of the weight.
int64_t GlpsolOptimum(const CampaignInstance& instance, const std::string& name,
                      bool served = false) {
  std::ostringstream text;
  if (served) {
    text << "Maximize\n obj:";
    for (int h = 0; h < instance.households; ++h) text << " + y" << h;
    if (instance.households == 0) text << " 0 dummy";
    text << "\nSubject To\n";
    for (int h = 0; h < instance.households; ++h) {
      text << " s" << h << ": y" << h;
      for (size_t i = 0; i < instance.pairs.size(); ++i) {
        if (instance.pairs[i].household == h) text << " - x" << i;
      }
      text << " <= 0\n";
    }
  } else {
    text << "Maximize\n obj:";
    for (size_t i = 0; i < instance.pairs.size(); ++i) {
      text << " + " << instance.pairs[i].weight << " x" << i;
    }
    if (instance.pairs.empty()) text << " 0 dummy";
    text << "\nSubject To\n";
  }
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
        absl::StrCat("o", o),
        [o](const CampaignPair& p) { return p.offer == o || p.partner_offer == o; },
        instance.offer_capacity[o]);
  }
  for (size_t f = 0; f < instance.fixed.size(); ++f) {
    text << " f" << f << ": x" << instance.fixed[f] << " = 1\n";
  }
  if (instance.pairs.empty() || (served && instance.households == 0)) {
    text << " z: dummy = 0\n";
  }
  text << "Binary\n";
  for (size_t i = 0; i < instance.pairs.size(); ++i) text << " x" << i << "\n";
  if (served) {
    for (int h = 0; h < instance.households; ++h) text << " y" << h << "\n";
  }
  text << "End\n";
  return RunGlpsol(text.str(), name);
}

// Runs glpsol on an integer programme in CPLEX LP format; its optimum.
int64_t RunGlpsol(const std::string& programme, const std::string& name) {
  const std::string dir = ::testing::TempDir();
  const std::string lp = absl::StrCat(dir, "/", name, ".lp");
  const std::string out = absl::StrCat(dir, "/", name, ".out");
  std::ofstream(lp) << programme;
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
    if (instance.pairs[index].partner_offer >= 0) ++offers[instance.pairs[index].partner_offer];
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
    CampaignControl scaling;
    scaling.solver = FlowSolver::kCostScaling;
    absl::StatusOr<CampaignSolution> third = PlanOptimal(instance, scaling);
    ASSERT_TRUE(third.ok()) << third.status();
    ExpectFeasible(instance, *third);
    EXPECT_EQ(third->total_weight, solution->total_weight) << "round " << round;
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
    absl::StatusOr<int64_t> bound = CampaignUpperBound(cut);
    ASSERT_TRUE(bound.ok());
    EXPECT_EQ(*bound, planned->upper_bound) << "round " << round;
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
  CampaignControl scaling;
  scaling.solver = FlowSolver::kCostScaling;
  scaling.serve_households_first = true;
  EXPECT_THAT(PlanOptimal(instance, scaling).status().message(),
              ::testing::HasSubstr("serve_households_first"));
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

// Couples: a random instance where some households apply only jointly, each joint pair
// naming a partner post other than its own.
CampaignInstance RandomCoupleInstance(std::mt19937& rng, int households, int offers, double density,
                                      double couple_share) {
  CampaignInstance instance = RandomInstance(rng, households, offers, density);
  if (offers < 2) return instance;
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<bool> couple(households);
  for (int h = 0; h < households; ++h) couple[h] = unit(rng) < couple_share;
  for (CampaignPair& p : instance.pairs) {
    if (!couple[p.household]) continue;
    p.partner_offer = static_cast<int>(rng() % (offers - 1));
    if (p.partner_offer >= p.offer) ++p.partner_offer;
    p.partner_territory_score = std::round(unit(rng) * 20) / 20;
  }
  return instance;
}

// The brute-force definition with couples: a pair not proposed blocks when its household
// has room or prefers it to one of its proposals, and each of its posts (both for a joint
// pair) has room or prefers it to a place held by another household. Counts the pairs of
// single households and the joint pairs (couple blocking coalitions) apart.
struct BruteCount {
  int singles = 0;
  int couples = 0;
};
BruteCount BruteForceWithCouples(const CampaignInstance& instance, const std::vector<int>& chosen) {
  auto household_prefers = [](const CampaignPair& a, const CampaignPair& b) {
    return a.candidate_score > b.candidate_score ||
           (a.candidate_score == b.candidate_score && a.offer < b.offer);
  };
  // (side score, household, pair) at a post: higher score, then lower household, then pair.
  auto key = [&](int i, int post) {
    const CampaignPair& p = instance.pairs[i];
    return std::make_tuple(-(post == p.offer ? p.territory_score : p.partner_territory_score),
                           p.household, i);
  };
  BruteCount count;
  for (int i = 0; i < static_cast<int>(instance.pairs.size()); ++i) {
    if (std::find(chosen.begin(), chosen.end(), i) != chosen.end()) continue;
    const CampaignPair& p = instance.pairs[i];
    int household_held = 0;
    bool household_would = false;
    for (int j : chosen) {
      if (instance.pairs[j].household != p.household) continue;
      ++household_held;
      household_would |= household_prefers(p, instance.pairs[j]);
    }
    household_would |= household_held < instance.household_capacity[p.household];
    bool posts_would = true;
    for (int post : {p.offer, p.partner_offer}) {
      if (post < 0) continue;
      int held = 0;
      bool would = false;
      for (int j : chosen) {
        const CampaignPair& q = instance.pairs[j];
        if (q.offer != post && q.partner_offer != post) continue;
        ++held;
        would |= q.household != p.household && key(i, post) < key(j, post);
      }
      posts_would &= would || held < instance.offer_capacity[post];
    }
    if (household_would && posts_would) ++(p.partner_offer >= 0 ? count.couples : count.singles);
  }
  return count;
}

TEST(CampaignPlanCouples, SettledPlansLeaveNoBlockingPairOrCoalition) {
  std::mt19937 rng(2312);
  int settled = 0, with_couples = 0;
  for (int round = 0; round < 300; ++round) {
    std::uniform_int_distribution<int> size(2, 10);
    CampaignInstance instance = RandomCoupleInstance(rng, size(rng), size(rng), 0.6, 0.3);
    absl::StatusOr<CampaignSolution> solution = PlanStable(instance);
    ASSERT_TRUE(solution.ok()) << solution.status();
    ExpectFeasible(instance, *solution);
    const BruteCount brute = BruteForceWithCouples(instance, solution->chosen);
    // The reported count is the independent checker's, equal to the brute force.
    EXPECT_EQ(CountBlockingPairs(instance, solution->chosen), brute.singles + brute.couples)
        << "round " << round;
    with_couples += std::any_of(instance.pairs.begin(), instance.pairs.end(),
                                [](const CampaignPair& p) { return p.partner_offer >= 0; });
    if (solution->settled) {
      ++settled;
      EXPECT_EQ(brute.singles, 0) << "round " << round;
      EXPECT_EQ(brute.couples, 0) << "round " << round;
    }
  }
  std::printf("couples stable: %d of 300 instances settled, %d with couples\n", settled,
              with_couples);
  EXPECT_GT(with_couples, 200);
  EXPECT_GT(settled, 270);  // instances without a stable matching are rare, not the rule
}

TEST(CampaignPlanCouples, TheCheckerAgreesWithBruteForceOnArbitraryPlans) {
  std::mt19937 rng(77);
  int coalitions = 0;
  for (int round = 0; round < 300; ++round) {
    CampaignInstance instance = RandomCoupleInstance(rng, 6, 6, 0.7, 0.4);
    absl::StatusOr<CampaignSolution> optimal = PlanOptimal(instance);
    ASSERT_TRUE(optimal.ok()) << optimal.status();
    ExpectFeasible(instance, *optimal);
    std::vector<int> subset;
    for (int index : optimal->chosen) {
      if (rng() % 2) subset.push_back(index);
    }
    for (const std::vector<int>* plan : {&optimal->chosen, &subset}) {
      const BruteCount brute = BruteForceWithCouples(instance, *plan);
      coalitions += brute.couples;
      EXPECT_EQ(CountBlockingPairs(instance, *plan), brute.singles + brute.couples)
          << "round " << round;
    }
  }
  EXPECT_GT(coalitions, 50);  // couple coalitions do occur and are counted
}

// No stable matching exists (Roth 1984's kind): the couple wants posts 0 and 1 together;
// post 0 prefers the couple to the single, post 1 the single to the couple; the single
// prefers post 0. The procedure cycles, stops at its budget and the blocking is reported.
TEST(CampaignPlanCouples, WithoutAStableMatchingItStopsAndReportsTheBlocking) {
  CampaignInstance instance;
  instance.households = 2;
  instance.offers = 2;
  instance.household_capacity = {1, 1};
  instance.offer_capacity = {1, 1};
  CampaignPair couple{0, 0, 0.5, 0.9, 0.9, 10};
  couple.partner_offer = 1;
  couple.partner_territory_score = 0.1;
  instance.pairs = {couple, {1, 0, 0.5, 0.9, 0.5, 10}, {1, 1, 0.5, 0.5, 0.9, 10}};
  absl::StatusOr<CampaignSolution> solution = PlanStable(instance);
  ASSERT_TRUE(solution.ok()) << solution.status();
  ExpectFeasible(instance, *solution);
  EXPECT_FALSE(solution->settled);
  EXPECT_THAT(solution->method, ::testing::HasSubstr("unsettled"));
  const BruteCount brute = BruteForceWithCouples(instance, solution->chosen);
  EXPECT_GE(brute.singles + brute.couples, 1);
  EXPECT_EQ(CountBlockingPairs(instance, solution->chosen), brute.singles + brute.couples);
}

TEST(CampaignPlanCouples, OptimalHeuristicAgainstGlpsolsExactProgramme) {
  std::mt19937 rng(4242);
  double gap_sum = 0;
  int rounds = 0, exact = 0;
  for (int round = 0; round < 40; ++round) {
    std::uniform_int_distribution<int> size(2, 9);
    CampaignInstance instance = RandomCoupleInstance(rng, size(rng), size(rng), 0.5, 0.3);
    absl::StatusOr<CampaignSolution> solution = PlanOptimal(instance);
    ASSERT_TRUE(solution.ok()) << solution.status();
    ExpectFeasible(instance, *solution);
    const int64_t optimum = GlpsolOptimum(instance, absl::StrCat("couples", round));
    EXPECT_LE(solution->total_weight, optimum) << "round " << round;
    EXPECT_GE(solution->upper_bound, optimum) << "round " << round;
    if (optimum > 0) {
      gap_sum += static_cast<double>(optimum - solution->total_weight) / optimum;
      ++rounds;
    }
    exact += solution->total_weight == optimum;
  }
  const double mean_gap = gap_sum / std::max(1, rounds);
  std::printf("couples heuristic: mean gap to the exact IP %.4f over %d instances, exact on %d\n",
              mean_gap, rounds, exact);
  EXPECT_LT(mean_gap, 0.10);
}

TEST(CampaignPlanOptimal, ServingHouseholdsFirstServesAsManyAsTheIntegerProgramme) {
  std::mt19937 rng(1999);
  int more = 0;
  for (int round = 0; round < 40; ++round) {
    std::uniform_int_distribution<int> size(2, 9);
    CampaignInstance instance = RandomInstance(rng, size(rng), size(rng), 0.5);
    CampaignControl control;
    control.serve_households_first = true;
    absl::StatusOr<CampaignSolution> served = PlanOptimal(instance, control);
    absl::StatusOr<CampaignSolution> plain = PlanOptimal(instance);
    ASSERT_TRUE(served.ok() && plain.ok());
    ExpectFeasible(instance, *served);
    auto count = [&](const std::vector<int>& chosen) {
      std::set<int> households;
      for (int index : chosen) households.insert(instance.pairs[index].household);
      return static_cast<int64_t>(households.size());
    };
    EXPECT_EQ(count(served->chosen),
              GlpsolOptimum(instance, absl::StrCat("served", round), /*served=*/true))
        << "round " << round;
    EXPECT_LE(served->total_weight, plain->total_weight);
    EXPECT_GE(served->upper_bound, plain->total_weight);
    more += count(served->chosen) > count(plain->chosen);
  }
  EXPECT_GT(more, 0);  // the weight alone does leave households out
}

}  // namespace
}  // namespace matching::matcher
