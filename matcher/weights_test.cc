#include "matcher/weights.h"

#include <cmath>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;

TEST(CriterionTest, NamesAreUniqueAndRoundTrip) {
  std::set<absl::string_view> seen;
  for (Criterion criterion : kAllCriteria) {
    const absl::string_view name = CriterionName(criterion);
    EXPECT_TRUE(seen.insert(name).second) << name;
    EXPECT_EQ(CriterionFromName(name), criterion);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kCriterionCount));
  EXPECT_EQ(CriterionFromName("Proximity"), std::nullopt);
  EXPECT_EQ(CriterionName(Criterion::kSpouseJob), "spouse_job");
  EXPECT_EQ(CriterionName(Criterion::kCareNeed), "care_need");
}

TEST(CriterionTest, SidesSplitAtTheTerritoryCriteria) {
  EXPECT_EQ(CriterionSide(Criterion::kMoney), Side::kCandidate);
  EXPECT_EQ(CriterionSide(Criterion::kTProfession), Side::kTerritory);
  EXPECT_EQ(CriterionSide(Criterion::kCareNeed), Side::kTerritory);
}

TEST(WeightsTest, DefaultProfileIsVersioned) {
  const Weights weights = DefaultWeights();
  EXPECT_EQ(weights.profile_version, "2026-12-default-2");
  EXPECT_DOUBLE_EQ(WeightOf(weights, Criterion::kSpouseJob), 2.0);
  EXPECT_DOUBLE_EQ(WeightOf(weights, Criterion::kCareNeed), 2.0);
}

TEST(WeightsTest, RequestOverridesReplaceProfileWeights) {
  absl::StatusOr<Weights> weights =
      ResolveWeights(DefaultWeights(), {{"spouse_job", 5}, {"care_need", 0}}, {});
  ASSERT_TRUE(weights.ok()) << weights.status();
  EXPECT_DOUBLE_EQ(weights->spouse_job, 5);
  EXPECT_DOUBLE_EQ(weights->care_need, 0);
  EXPECT_DOUBLE_EQ(weights->family, DefaultWeights().family);
  EXPECT_EQ(weights->profile_version, "2026-12-default-2");
}

TEST(WeightsTest, PersonalPrioritiesMultiplyOnTopOfOverrides) {
  absl::StatusOr<Weights> weights =
      ResolveWeights(DefaultWeights(), {{"spouse_job", 4}}, {{"spouse_job", 0.5}, {"money", 0}});
  ASSERT_TRUE(weights.ok()) << weights.status();
  EXPECT_DOUBLE_EQ(weights->spouse_job, 2);
  EXPECT_DOUBLE_EQ(weights->money, 0);
  EXPECT_DOUBLE_EQ(weights->family, DefaultWeights().family);
}

TEST(WeightsTest, UnknownNameIsInvalidAndNamed) {
  absl::StatusOr<Weights> weights = ResolveWeights(DefaultWeights(), {{"spouse", 1}}, {});
  EXPECT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(weights.status().message()), HasSubstr("unknown weight 'spouse'"));
  weights = ResolveWeights(DefaultWeights(), {}, {{"salary", 2}});
  EXPECT_THAT(std::string(weights.status().message()),
              HasSubstr("unknown candidate weight 'salary'"));
}

TEST(WeightsTest, NegativeWeightMessageNamesWeightAndValue) {
  absl::StatusOr<Weights> weights = ResolveWeights(DefaultWeights(), {{"spouse_job", -0.5}}, {});
  EXPECT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(weights.status().message(),
            "weight 'spouse_job' is -0.5; weights must be finite and >= 0");
}

TEST(WeightsTest, NonFiniteWeightsAreRejected) {
  EXPECT_FALSE(ResolveWeights(DefaultWeights(), {{"family", NAN}}, {}).ok());
  EXPECT_FALSE(ResolveWeights(DefaultWeights(), {{"family", INFINITY}}, {}).ok());
  EXPECT_FALSE(ResolveWeights(DefaultWeights(), {}, {{"family", -1}}).ok());
  // Finite factors whose product overflows.
  absl::StatusOr<Weights> weights =
      ResolveWeights(DefaultWeights(), {{"family", 1e308}}, {{"family", 10}});
  EXPECT_THAT(std::string(weights.status().message()), HasSubstr("weight 'family' is inf"));
  Weights bad_profile;
  bad_profile.lifestyle = -1;
  EXPECT_THAT(std::string(ResolveWeights(bad_profile, {}, {}).status().message()),
              HasSubstr("profile weight 'lifestyle' is -1"));
}

TEST(WeightsTest, CandidateCannotWeighTerritoryCriteria) {
  absl::StatusOr<Weights> weights = ResolveWeights(DefaultWeights(), {}, {{"care_need", 0}});
  EXPECT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(weights.status().message()), HasSubstr("'care_need'"));
}

TEST(WeightsTest, AllZeroSideIsRejected) {
  std::map<std::string, double> zero_territory;
  for (Criterion criterion : kAllCriteria) {
    if (CriterionSide(criterion) == Side::kTerritory) {
      zero_territory[std::string(CriterionName(criterion))] = 0;
    }
  }
  absl::StatusOr<Weights> weights = ResolveWeights(DefaultWeights(), zero_territory, {});
  EXPECT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(weights.status().message()), HasSubstr("every territory-side weight"));
  zero_territory["care_need"] = 0.1;
  EXPECT_TRUE(ResolveWeights(DefaultWeights(), zero_territory, {}).ok());
}

}  // namespace
}  // namespace matching::matcher
