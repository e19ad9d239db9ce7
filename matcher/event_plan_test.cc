#include "matcher/event_plan.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/event_plan_test_util.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;

// Two booths (capacity 1, booth 1 only in slot 1), three registrants, two slots.
PlanProblem TinyProblem() {
  PlanProblem problem;
  problem.slot_count = 2;
  problem.booths = {{1, {}}, {1, {1}}};
  problem.registrants = {{2, {}}, {1, {}}, {2, {0}}};
  problem.scores = {0.9, 0.5,   // registrant 0
                    0.4, -1,    // registrant 1 may not meet booth 1
                    0.3, 0.7};  // registrant 2
  return problem;
}

void ExpectRejected(const PlanProblem& problem, const std::vector<PlannedInterview>& plan,
                    const std::string& message) {
  const absl::Status status = CheckPlan(problem, plan);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << message;
  EXPECT_THAT(status.message(), HasSubstr(message));
}

TEST(CheckPlanTest, AcceptsAFeasiblePlan) {
  EXPECT_TRUE(CheckPlan(TinyProblem(), {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}}).ok());
}

TEST(CheckPlanTest, RejectsEachKindOfViolation) {
  const PlanProblem problem = TinyProblem();
  ExpectRejected(problem, {{0, 0, 1}, {0, 1, 1}},
                 "interviews[1] (registrant 0, booth 1, slot 1): "
                 "registrant already at booth 0");
  ExpectRejected(problem, {{0, 0, 0}, {2, 0, 0}},
                 "interviews[1] (registrant 2, booth 0, slot 0): "
                 "booth over capacity 1");
  ExpectRejected(problem, {{2, 0, 1}}, "registrant not available");
  ExpectRejected(problem, {{0, 1, 0}}, "booth not available");
  ExpectRejected(problem, {{1, 0, 0}, {1, 0, 1}}, "pair already meets in slot 0");
  PlanProblem one_max = problem;
  one_max.registrants[0].max_interviews = 1;
  ExpectRejected(one_max, {{0, 0, 0}, {0, 1, 1}}, "registrant over max_interviews 1");
  ExpectRejected(problem, {{1, 1, 1}}, "score is -1; the pair may not meet");
  ExpectRejected(problem, {{3, 0, 0}}, "no such registrant");
  ExpectRejected(problem, {{0, 2, 0}}, "no such booth");
  ExpectRejected(problem, {{0, 0, 2}}, "slots are 0..1");
  PlanProblem with_kept = problem;
  with_kept.kept = {{2, 0, 0, 0.3}};
  ExpectRejected(with_kept, {{0, 0, 1}},
                 "kept[0] (registrant 2, booth 0, slot 0) is not in the plan");
  EXPECT_TRUE(CheckPlan(with_kept, {{2, 0, 0}, {0, 0, 1}}).ok());
}

TEST(EventPlanTest, TinyProblemOptimal) {
  // Registrant 2 is only free in slot 0, where only booth 0 is open; registrant 1 may
  // only meet booth 0, so in slot 1; registrant 0 is left with booth 1 in slot 1. Serving
  // all three beats registrant 0's 0.9 with booth 0.
  absl::StatusOr<PlanResult> result = PlanInterviews(TinyProblem());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->method, "exact");
  EXPECT_TRUE(result->optimal);
  EXPECT_EQ(result->registrants_served, 3);
  const std::vector<PlannedInterview> expected = {{2, 0, 0}, {1, 0, 1}, {0, 1, 1}};
  EXPECT_EQ(result->interviews, expected);
  EXPECT_NEAR(result->total_score, 0.3 + 0.4 + 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(result->interviews[1].score, 0.4);
}

TEST(EventPlanTest, EveryoneOnceTradesScoreForServedRegistrants) {
  PlanProblem problem;
  problem.slot_count = 1;
  problem.booths = {{1, {}}, {1, {}}};
  problem.registrants = {{1, {}}, {1, {}}};
  problem.scores = {0.9, 0.8,   // registrant 0 likes both booths
                    0.05, -1};  // registrant 1 may only meet booth 0
  absl::StatusOr<PlanResult> both = PlanInterviews(problem);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->registrants_served, 2);
  EXPECT_NEAR(both->total_score, 0.85, 1e-12);
  problem.everyone_once = false;
  absl::StatusOr<PlanResult> best_score = PlanInterviews(problem);
  ASSERT_TRUE(best_score.ok());
  EXPECT_EQ(best_score->registrants_served, 1);
  EXPECT_NEAR(best_score->total_score, 0.9, 1e-12);
}

TEST(EventPlanTest, KeptInterviewsStayExactly) {
  std::mt19937_64 random(5);
  plan_testing::RandomSpec spec;
  spec.registrants = 40;
  spec.booths = 8;
  spec.slots = 6;
  spec.max_interviews = 3;
  for (double unavailable : {0.0, 0.3}) {
    spec.unavailable = unavailable;
    PlanProblem problem = plan_testing::RandomProblem(random, spec);
    problem.kept = plan_testing::RandomFeasibleKept(random, problem, 60);
    ASSERT_GE(problem.kept.size(), 10u);
    absl::StatusOr<PlanResult> result = PlanInterviews(problem);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(CheckPlan(problem, result->interviews).ok());  // includes "kept present"
    for (const PlannedInterview& kept : problem.kept) {
      EXPECT_THAT(result->interviews, ::testing::Contains(kept));
    }
    EXPECT_EQ(result->method, "heuristic");
    EXPECT_LE(result->total_score, result->upper_bound + 1e-9);
  }
}

TEST(EventPlanTest, SameProblemSamePlan) {
  std::mt19937_64 random(6);
  plan_testing::RandomSpec spec;
  spec.registrants = 120;
  spec.booths = 20;
  spec.slots = 8;
  spec.max_interviews = 3;
  spec.unavailable = 0.25;
  spec.coarse_scores = true;  // ties everywhere: order must still be fixed
  const PlanProblem problem = plan_testing::RandomProblem(random, spec);
  absl::StatusOr<PlanResult> first = PlanInterviews(problem);
  absl::StatusOr<PlanResult> second = PlanInterviews(problem);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->interviews, second->interviews);
  EXPECT_EQ(first->total_score, second->total_score);
  EXPECT_EQ(first->upper_bound, second->upper_bound);
}

TEST(EventPlanTest, EmptyProblemsPlanNothing) {
  PlanProblem no_slots = TinyProblem();
  no_slots.slot_count = 0;
  no_slots.booths[1].available_slots.clear();
  no_slots.registrants[2].available_slots.clear();
  absl::StatusOr<PlanResult> result = PlanInterviews(no_slots);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->interviews.empty());
  EXPECT_EQ(result->gap, 0);
  absl::StatusOr<PlanResult> nobody = PlanInterviews(PlanProblem{});
  ASSERT_TRUE(nobody.ok()) << nobody.status();
  EXPECT_TRUE(nobody->interviews.empty());
}

TEST(EventPlanTest, MalformedInputsNameTheField) {
  struct Case {
    std::string field;
    void (*mutate)(PlanProblem&);
  };
  const std::vector<Case> cases = {
      {"slot_count is -1", [](PlanProblem& p) { p.slot_count = -1; }},
      {"booths[1].capacity is 0", [](PlanProblem& p) { p.booths[1].capacity = 0; }},
      {"booths[1].available_slots[0] is 2",
       [](PlanProblem& p) { p.booths[1].available_slots = {2}; }},
      {"registrants[2].max_interviews is -1",
       [](PlanProblem& p) { p.registrants[2].max_interviews = -1; }},
      {"registrants[0].available_slots[1] is -3",
       [](PlanProblem& p) {
         p.registrants[0].available_slots = {0, -3};
       }},
      {"scores has 5 entries", [](PlanProblem& p) { p.scores.pop_back(); }},
      {"scores[3] is nan",
       [](PlanProblem& p) { p.scores[3] = std::numeric_limits<double>::quiet_NaN(); }},
      {"scores[4] is 1.5", [](PlanProblem& p) { p.scores[4] = 1.5; }},
      {"kept[0] (registrant 7",
       [](PlanProblem& p) {
         p.kept = {{7, 0, 0}};
       }},
      {"kept[1] (registrant 2, booth 0, slot 0): booth over capacity",
       [](PlanProblem& p) {
         p.kept = {{0, 0, 0}, {2, 0, 0}};
       }},
      {"kept[0] (registrant 1, booth 1, slot 1): score is -1",
       [](PlanProblem& p) {
         p.kept = {{1, 1, 1}};
       }},
  };
  for (const Case& c : cases) {
    PlanProblem problem = TinyProblem();
    c.mutate(problem);
    absl::StatusOr<PlanResult> result = PlanInterviews(problem);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(result.status().message(), HasSubstr(c.field));
  }
  PlanOptions options;
  options.exact_max_nodes = -1;
  EXPECT_THAT(PlanInterviews(TinyProblem(), options).status().message(),
              HasSubstr("options.exact_max_nodes"));
}

TEST(EventPlanTest, LargeProblemWithLimitsPlansValidly) {
  std::mt19937_64 random(7);
  plan_testing::RandomSpec spec;
  spec.registrants = 200;
  spec.booths = 30;
  spec.slots = 10;
  spec.max_interviews = 3;
  spec.unavailable = 0.3;
  const PlanProblem problem = plan_testing::RandomProblem(random, spec);
  absl::StatusOr<PlanResult> result = PlanInterviews(problem);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(CheckPlan(problem, result->interviews).ok());
  EXPECT_EQ(result->method, "heuristic");
  EXPECT_GE(result->gap, 0);
  EXPECT_LE(result->gap, 1);
  EXPECT_LE(result->total_score, result->upper_bound + 1e-9);
  EXPECT_NEAR(result->gap, (result->upper_bound - result->total_score) / result->upper_bound,
              1e-12);
  EXPECT_GT(result->interviews.size(), 200u);
}

TEST(EventPlanTest, LargeProblemWithoutLimitsIsOptimal) {
  std::mt19937_64 random(8);
  plan_testing::RandomSpec spec;
  spec.registrants = 500;
  spec.booths = 60;
  spec.slots = 16;
  spec.max_capacity = 1;
  spec.max_interviews = 3;
  const PlanProblem problem = plan_testing::RandomProblem(random, spec);
  absl::StatusOr<PlanResult> result = PlanInterviews(problem);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(CheckPlan(problem, result->interviews).ok());
  EXPECT_EQ(result->method, "flow+colouring");
  EXPECT_TRUE(result->optimal);
  EXPECT_EQ(result->gap, 0);
  EXPECT_EQ(result->upper_bound, result->total_score);
  // 60 booths x 16 slots = 960 places for at most 500 x 3 wishes: everyone is served.
  EXPECT_EQ(result->registrants_served, 500);
  for (size_t i = 1; i < result->interviews.size(); ++i) {
    const PlannedInterview& a = result->interviews[i - 1];
    const PlannedInterview& b = result->interviews[i];
    EXPECT_LT(std::tie(a.slot, a.booth, a.registrant), std::tie(b.slot, b.booth, b.registrant));
  }
}

}  // namespace
}  // namespace matching::matcher
