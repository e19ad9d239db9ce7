// ExplainUnserved: each reason reproduced on its own, with the plan the planner makes.
#include "matcher/event_plan_unserved.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/event_plan.h"

namespace matching::matcher {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A problem of `registrants` x `booths`, every pair at `score` and no bar, one slot each
// registrant and booth may use unless told otherwise.
struct Fixture {
  PlanProblem problem;
  PairVerdicts verdicts;

  Fixture(int registrants, int booths, int slots) {
    problem.slot_count = slots;
    problem.booths.assign(booths, PlanBooth{});
    problem.registrants.assign(registrants, PlanRegistrant{});
    problem.scores.assign(static_cast<size_t>(registrants) * booths, 0.8);
    verdicts.bars.assign(problem.scores.size(), PairBar::kNone);
    verdicts.best_within_limits.assign(problem.scores.size(), 0.8);
    verdicts.registrant_hidden.assign(registrants, 0);
    verdicts.booth_without_offer.assign(booths, 0);
  }
  // The pair may not meet, for `bar`; `best` is its best score within limits.
  void Bar(int r, int b, PairBar bar, double best = -1) {
    const size_t at = static_cast<size_t>(r) * problem.booths.size() + b;
    problem.scores[at] = -1;
    verdicts.bars[at] = bar;
    verdicts.best_within_limits[at] = best;
  }
  UnservedReport Plan() {
    absl::StatusOr<PlanResult> plan = PlanInterviews(problem);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return ExplainUnserved(problem, verdicts,
                           plan.ok() ? plan->interviews : std::vector<PlannedInterview>{});
  }
};

TEST(ExplainUnservedTest, EveryoneServedLeavesNobodyOut) {
  Fixture f(2, 2, 2);
  const UnservedReport report = f.Plan();
  EXPECT_THAT(report.registrants, IsEmpty());
  EXPECT_THAT(report.booths, IsEmpty());
}

TEST(ExplainUnservedTest, HiddenRegistrantIsNotVisibleAndNotCountedForBooths) {
  Fixture f(2, 2, 1);
  f.verdicts.registrant_hidden[1] = 1;
  for (int b = 0; b < 2; ++b) f.Bar(1, b, PairBar::kNoProfessionMatch);
  f.Bar(0, 1, PairBar::kNoProfessionMatch);  // booth 1: only the hidden one could have come
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].index, 1);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kNotVisible);
  ASSERT_EQ(report.booths.size(), 1u);
  EXPECT_EQ(report.booths[0].index, 1);
  EXPECT_EQ(report.booths[0].reason, UnservedReason::kNoProfessionMatch);
}

TEST(ExplainUnservedTest, NoBoothOfTheProfession) {
  Fixture f(2, 2, 2);
  f.Bar(1, 0, PairBar::kNoProfessionMatch);
  f.Bar(1, 1, PairBar::kNoProfessionMatch);
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].index, 1);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kNoProfessionMatch);
  EXPECT_THAT(report.registrants[0].concerned, IsEmpty());
}

TEST(ExplainUnservedTest, EveryBoothOfTheProfessionBeyondALimit) {
  Fixture f(2, 3, 2);
  f.Bar(1, 0, PairBar::kBeyondLimits);
  f.Bar(1, 1, PairBar::kNoProfessionMatch);
  f.Bar(1, 2, PairBar::kBeyondLimits);
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kBeyondLimits);
  EXPECT_THAT(report.registrants[0].concerned, ElementsAre(0, 2));
}

TEST(ExplainUnservedTest, BelowMinScoreGivesTheBestScore) {
  Fixture f(2, 3, 2);
  f.Bar(1, 0, PairBar::kBelowMinScore, 0.41);
  f.Bar(1, 1, PairBar::kBeyondLimits);
  f.Bar(1, 2, PairBar::kBelowMinScore, 0.47);
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kBelowMinScore);
  EXPECT_THAT(report.registrants[0].concerned, ElementsAre(0, 2));
  EXPECT_DOUBLE_EQ(report.registrants[0].best_score, 0.47);
}

TEST(ExplainUnservedTest, NoCommonSlot) {
  Fixture f(2, 1, 3);
  f.problem.booths[0].available_slots = {0, 1};
  f.problem.registrants[1].available_slots = {2};
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].index, 1);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kNoCommonSlot);
  EXPECT_THAT(report.registrants[0].concerned, ElementsAre(0));
}

TEST(ExplainUnservedTest, CapacityWhenTheSharedSlotsWentToOthers) {
  // One booth, one slot, capacity 1, two registrants: one of them cannot be seen.
  Fixture f(2, 1, 1);
  const UnservedReport report = f.Plan();
  ASSERT_EQ(report.registrants.size(), 1u);
  EXPECT_EQ(report.registrants[0].reason, UnservedReason::kCapacity);
  EXPECT_THAT(report.registrants[0].concerned, ElementsAre(0));
  EXPECT_DOUBLE_EQ(report.registrants[0].best_score, 0.8);
  EXPECT_THAT(report.booths, IsEmpty());
}

TEST(ExplainUnservedTest, IdleBoothsGetTheirOwnReasons) {
  // Booth 0 serves both registrants; 1 has no stored offer; 2 none of their profession;
  // 3 only beyond limits; 4 below min_score; 5 no common slot; 6 capacity (registrants
  // at their max elsewhere).
  Fixture f(2, 7, 2);
  for (int r = 0; r < 2; ++r) {
    f.problem.registrants[r].max_interviews = 1;
    f.Bar(r, 1, PairBar::kNoProfessionMatch);
    f.Bar(r, 2, PairBar::kNoProfessionMatch);
    f.Bar(r, 3, PairBar::kBeyondLimits);
    f.Bar(r, 4, PairBar::kBelowMinScore, 0.3);
    f.problem.registrants[r].available_slots = {0};
  }
  f.verdicts.booth_without_offer[1] = 1;
  f.problem.booths[0].capacity = 2;
  f.problem.booths[5].available_slots = {1};
  f.problem.scores[0 * 7 + 0] = 0.9;  // booth 0 is everyone's best
  f.problem.scores[1 * 7 + 0] = 0.9;
  const UnservedReport report = f.Plan();
  EXPECT_THAT(report.registrants, IsEmpty());
  ASSERT_EQ(report.booths.size(), 6u);
  const UnservedReason expected[] = {
      UnservedReason::kNoOffer,      UnservedReason::kNoProfessionMatch,
      UnservedReason::kBeyondLimits, UnservedReason::kBelowMinScore,
      UnservedReason::kNoCommonSlot, UnservedReason::kCapacity};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(report.booths[i].index, i + 1);
    EXPECT_EQ(report.booths[i].reason, expected[i]) << "booth " << i + 1;
  }
  EXPECT_THAT(report.booths[2].concerned, ElementsAre(0, 1));
  EXPECT_DOUBLE_EQ(report.booths[3].best_score, 0.3);
}

}  // namespace
}  // namespace matching::matcher
