// The planner against an exhaustive optimum on many small seeded problems.
#include <cmath>
#include <random>
#include <string>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_test_util.h"

namespace matching::matcher {
namespace {

using plan_testing::BruteForceOptimum;
using plan_testing::Optimum;
using plan_testing::RandomSpec;

// Rounding scores to 1e-6 may cost up to 0.5e-6 per interview.
constexpr double kTolerance = 1e-5;
constexpr int kTrials = 300;

RandomSpec SmallSpec(std::mt19937_64& random, int trial) {
  RandomSpec spec;
  spec.registrants = 3 + random() % 2;
  spec.booths = 2 + random() % 2;
  spec.slots = 2 + random() % 2;
  spec.max_capacity = 1 + random() % 2;
  spec.max_interviews = 1 + random() % 3;
  spec.ineligible = 0.25;
  spec.coarse_scores = trial % 3 == 0;
  spec.everyone_once = trial % 2 == 0;
  return spec;
}

// The plan is feasible and its report is consistent with its interviews.
void ExpectConsistent(const PlanProblem& problem, const PlanResult& result) {
  ASSERT_TRUE(CheckPlan(problem, result.interviews).ok()) << CheckPlan(problem, result.interviews);
  double total = 0;
  for (const PlannedInterview& interview : result.interviews) total += interview.score;
  EXPECT_NEAR(result.total_score, total, 1e-9);
  EXPECT_LE(result.total_score, result.upper_bound + 1e-9);
  EXPECT_GE(result.gap, 0);
  EXPECT_LE(result.gap, 1);
}

// The plan is no better than the optimum (lexicographically when everyone_once).
void ExpectAtMost(const PlanProblem& problem, const PlanResult& result, const Optimum& best) {
  if (problem.everyone_once) {
    ASSERT_LE(result.registrants_served, best.served);
    if (result.registrants_served < best.served) return;
  }
  EXPECT_LE(result.total_score, best.total + kTolerance);
}

void ExpectEqual(const PlanProblem& problem, const PlanResult& result, const Optimum& best) {
  if (problem.everyone_once) {
    EXPECT_EQ(result.registrants_served, best.served);
  }
  EXPECT_NEAR(result.total_score, best.total, kTolerance);
}

TEST(EventPlanOptimalityTest, FlowAndColouringEqualBruteForceWithoutLimits) {
  std::mt19937_64 random(101);
  for (int trial = 0; trial < kTrials; ++trial) {
    SCOPED_TRACE(absl::StrFormat("trial %d", trial));
    const PlanProblem problem = plan_testing::RandomProblem(random, SmallSpec(random, trial));
    absl::StatusOr<PlanResult> result = PlanInterviews(problem);
    ASSERT_TRUE(result.ok()) << result.status();
    ExpectConsistent(problem, *result);
    EXPECT_EQ(result->method, "flow+colouring");
    EXPECT_TRUE(result->optimal);
    EXPECT_EQ(result->gap, 0);
    ExpectEqual(problem, *result, BruteForceOptimum(problem));
  }
}

TEST(EventPlanOptimalityTest, WithLimitsAndKeptExactEqualsBruteForceHeuristicIsBounded) {
  std::mt19937_64 random(202);
  int heuristic_optimal = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    SCOPED_TRACE(absl::StrFormat("trial %d", trial));
    RandomSpec spec = SmallSpec(random, trial);
    spec.unavailable = 0.3;
    PlanProblem problem = plan_testing::RandomProblem(random, spec);
    if (trial % 3 == 1) problem.kept = plan_testing::RandomFeasibleKept(random, problem, 3);
    const Optimum best = BruteForceOptimum(problem);

    absl::StatusOr<PlanResult> exact = PlanInterviews(problem);
    ASSERT_TRUE(exact.ok()) << exact.status();
    ExpectConsistent(problem, *exact);
    EXPECT_TRUE(exact->optimal);  // at most 16 pairs: well within the search limits
    EXPECT_EQ(exact->method, "exact");
    ExpectEqual(problem, *exact, best);
    EXPECT_LE(best.total, exact->upper_bound + 1e-9);

    PlanOptions heuristic_only;
    heuristic_only.exact_max_nodes = 0;  // the search gives up at once
    absl::StatusOr<PlanResult> heuristic = PlanInterviews(problem, heuristic_only);
    ASSERT_TRUE(heuristic.ok()) << heuristic.status();
    ExpectConsistent(problem, *heuristic);
    EXPECT_EQ(heuristic->method, "heuristic");
    EXPECT_FALSE(heuristic->optimal);
    ExpectAtMost(problem, *heuristic, best);
    EXPECT_LE(best.total, heuristic->upper_bound + 1e-9);
    if (std::abs(heuristic->total_score - best.total) < kTolerance) ++heuristic_optimal;
  }
  // Not a correctness requirement, a regression guard on the heuristic's quality.
  EXPECT_GE(heuristic_optimal, kTrials * 8 / 10) << heuristic_optimal;
}

TEST(EventPlanOptimalityTest, NodeLimitFallsBackToHeuristic) {
  std::mt19937_64 random(303);
  RandomSpec spec;
  spec.registrants = 4;
  spec.booths = 3;
  spec.slots = 3;
  spec.unavailable = 0.2;
  spec.ineligible = 0;
  const PlanProblem problem = plan_testing::RandomProblem(random, spec);
  PlanOptions options;
  options.exact_max_nodes = 0;
  absl::StatusOr<PlanResult> result = PlanInterviews(problem, options);
  ASSERT_TRUE(result.ok()) << result.status();
  ExpectConsistent(problem, *result);
  EXPECT_EQ(result->method, "heuristic");
  EXPECT_FALSE(result->optimal);
  ExpectAtMost(problem, *result, BruteForceOptimum(problem));
}

}  // namespace
}  // namespace matching::matcher
