// The planner's work budget, cancellation and deadline (event_plan.h, "The work budget").
#include <cstdint>
#include <random>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_test_util.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;

// Large enough that the flow alone spends several polling periods (65,536 units).
PlanProblem MidSizeProblem(uint64_t seed, double unavailable) {
  std::mt19937_64 random(seed);
  plan_testing::RandomSpec spec;
  spec.registrants = 150;
  spec.booths = 30;
  spec.slots = 12;
  spec.max_capacity = 2;
  spec.max_interviews = 3;
  spec.unavailable = unavailable;
  return plan_testing::RandomProblem(random, spec);
}

TEST(PlanBudgetTest, PastTheBudgetThePlanIsFeasibleAndTheBoundHolds) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const PlanProblem problem = MidSizeProblem(seed, seed % 2 ? 0.2 : 0.0);
    absl::StatusOr<PlanResult> full = PlanInterviews(problem);
    ASSERT_TRUE(full.ok()) << full.status();
    EXPECT_FALSE(full->budget_exhausted);
    for (int64_t budget : {20'000, 200'000, 2'000'000}) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << " budget " << budget);
      PlanOptions options;
      options.max_work = budget;
      absl::StatusOr<PlanResult> cut = PlanInterviews(problem, options);
      ASSERT_TRUE(cut.ok()) << cut.status();
      EXPECT_TRUE(cut->budget_exhausted);
      EXPECT_FALSE(cut->optimal);
      EXPECT_GT(cut->interviews.size(), 0u);
      EXPECT_TRUE(CheckPlan(problem, cut->interviews).ok());
      // The bound bounds every plan, the full-budget one included; the gap says how far.
      EXPECT_GE(cut->upper_bound + 1e-6, full->total_score);
      EXPECT_GE(cut->upper_bound + 1e-6, cut->total_score);
      EXPECT_NEAR(cut->gap, (cut->upper_bound - cut->total_score) / cut->upper_bound, 1e-9);
      // Stopped at the next check: past the budget by at most one placement.
      EXPECT_LT(cut->work, budget + 10'000);
    }
  }
}

TEST(PlanBudgetTest, NoBudgetAndNothingPlacedIsResourceExhausted) {
  PlanOptions options;
  options.max_work = 0;
  absl::StatusOr<PlanResult> result = PlanInterviews(MidSizeProblem(7, 0.2), options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(result.status().message(), HasSubstr("work budget of 0 units"));
  options.max_work = -1;
  EXPECT_EQ(PlanInterviews(MidSizeProblem(7, 0.2), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PlanBudgetTest, CancellationIsHonouredInEveryPhase) {
  for (double unavailable : {0.0, 0.2}) {
    const PlanProblem problem = MidSizeProblem(11, unavailable);
    int polls = 0;
    PlanOptions counting;
    counting.cancelled = [&polls] {
      ++polls;
      return false;
    };
    ASSERT_TRUE(PlanInterviews(problem, counting).ok());
    ASSERT_GE(polls, 4) << "problem too small to be cancelled midway";
    // Cancelled at the first poll, midway and at the last one: always Cancelled.
    for (int cancel_at : {1, polls / 2, polls}) {
      SCOPED_TRACE(testing::Message() << "unavailable " << unavailable << " cancel at poll "
                                      << cancel_at << " of " << polls);
      int seen = 0;
      PlanOptions options;
      options.cancelled = [&seen, cancel_at] { return ++seen >= cancel_at; };
      absl::StatusOr<PlanResult> result = PlanInterviews(problem, options);
      EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
      EXPECT_EQ(seen, cancel_at);  // nothing polled after the stop
    }
  }
}

TEST(PlanBudgetTest, APassedDeadlineIsDeadlineExceeded) {
  PlanOptions options;
  options.deadline = absl::Now() - absl::Seconds(1);
  absl::StatusOr<PlanResult> result = PlanInterviews(MidSizeProblem(3, 0.2), options);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDeadlineExceeded) << result.status();
}

}  // namespace
}  // namespace matching::matcher
