#include "matcher/score.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

std::string AidsPath() { return std::string(MATCHING_SOURCE_DIR) + "/data/aids.json"; }

const CriterionResult& Find(const MatchResult& result, Criterion criterion) {
  return result.criteria[static_cast<int>(criterion)];
}

class ScoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<AidRules> rules = AidRules::LoadFromFile(AidsPath());
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *std::move(rules);
    options_.aid_rules = &rules_;
    options_.as_of = absl::CivilDay(2026, 11, 15);
    options_.language = Language::kEnglish;
  }

  AidRules rules_;
  ScoreOptions options_;
  Weights weights_ = DefaultWeights();
  CandidateProfile household_ = testing::ExampleHousehold();
};

TEST(CombineTest, EachCombination) {
  EXPECT_THAT(Combine(Combination::kHarmonic, 0.5, 1), DoubleNear(2.0 / 3, 1e-12));
  EXPECT_THAT(Combine(Combination::kUnspecified, 0.5, 1), DoubleNear(2.0 / 3, 1e-12));
  EXPECT_THAT(Combine(Combination::kGeometric, 0.25, 1), DoubleNear(0.5, 1e-12));
  EXPECT_EQ(Combine(Combination::kCandidateOnly, 0.2, 0.9), 0.2);
  EXPECT_EQ(Combine(Combination::kTerritoryOnly, 0.2, 0.9), 0.9);
  EXPECT_EQ(Combine(Combination::kHarmonic, 0, 0), 0);
  EXPECT_EQ(Combine(Combination::kHarmonic, 0, 1), 0);  // must suit both sides
}

TEST_F(ScoreTest, DomainExampleFamilyOfferRanksAboveJobOnlyOffer) {
  const MatchResult family =
      Score(household_, testing::FamilyOffer(), testing::FamilyTerritory(), weights_, options_);
  const MatchResult job_only =
      Score(household_, testing::JobOnlyOffer(), testing::JobOnlyTerritory(), weights_, options_);
  EXPECT_GT(family.score, job_only.score);
  EXPECT_GT(family.candidate_score, job_only.candidate_score);
  // The job fits both: the territory judges the candidate the same way.
  EXPECT_DOUBLE_EQ(family.territory_score, job_only.territory_score);
  EXPECT_DOUBLE_EQ(Find(family, Criterion::kProfession).value, 1);
  EXPECT_DOUBLE_EQ(Find(job_only, Criterion::kProfession).value, 1);
  EXPECT_DOUBLE_EQ(Find(job_only, Criterion::kSetting).value, 1);
}

TEST_F(ScoreTest, DomainExampleExplainsEachPart) {
  const MatchResult result =
      Score(household_, testing::FamilyOffer(), testing::FamilyTerritory(), weights_, options_);
  EXPECT_TRUE(result.eligible);
  EXPECT_EQ(Find(result, Criterion::kFamily).explanation,
            "crèche and primary school in the commune");
  EXPECT_EQ(Find(result, Criterion::kSpouseJob).explanation, "openings (health) nearby: 3");
  EXPECT_EQ(Find(result, Criterion::kProximity).explanation, "42 min to Nancy");
  EXPECT_EQ(Find(result, Criterion::kProximity).reason_code, "METRO_WITHIN_WISH");
  EXPECT_EQ(Find(result, Criterion::kHousing).explanation, "housing provided 6 months");
  EXPECT_THAT(Find(result, Criterion::kMoney).explanation,
              HasSubstr("ZIP zone + ZFRR: estimated aid EUR 25,000 the first year"));
  EXPECT_DOUBLE_EQ(result.aid.first_year_eur, 10000 + 6000 + 9000);
  EXPECT_EQ(result.drive_minutes, 42);
  EXPECT_EQ(result.metropolis_name, "Nancy");
  EXPECT_EQ(result.weights_profile_version, kDefaultWeightsProfileVersion);
  EXPECT_EQ(result.criteria.size(), static_cast<size_t>(kCriterionCount));
  EXPECT_EQ(Find(result, Criterion::kCareNeed).side, Side::kTerritory);
  EXPECT_EQ(Find(result, Criterion::kCareNeed).name, "care_need");
}

TEST_F(ScoreTest, FrenchSentences) {
  options_.language = Language::kFrench;
  const MatchResult result =
      Score(household_, testing::FamilyOffer(), testing::FamilyTerritory(), weights_, options_);
  EXPECT_EQ(Find(result, Criterion::kHousing).explanation, "logement fourni 6 mois");
  EXPECT_THAT(Find(result, Criterion::kMoney).explanation,
              HasSubstr("Zone ZIP + ZFRR : aides estimées 25 000 € la première année"));
  EXPECT_EQ(result.aid.lines[0].label, "Aide à la première installation libérale (médecin)");
}

TEST_F(ScoreTest, ContributionsSumToEachSidesScore) {
  const MatchResult result =
      Score(household_, testing::JobOnlyOffer(), testing::JobOnlyTerritory(), weights_, options_);
  double candidate_sum = 0;
  double territory_sum = 0;
  for (const CriterionResult& line : result.criteria) {
    if (!line.applicable) {
      EXPECT_EQ(line.contribution, 0) << line.name;
    }
    (line.side == Side::kCandidate ? candidate_sum : territory_sum) += line.contribution;
  }
  EXPECT_NEAR(candidate_sum, result.candidate_score, 1e-12);
  EXPECT_NEAR(territory_sum, result.territory_score, 1e-12);
  // 95 min from Nancy for a 50-min limit: beyond it, the combined score is capped.
  ASSERT_TRUE(result.limits_broken.Has(Limit::kDriveTime));
  EXPECT_NEAR(result.score,
              kBeyondLimitsScoreCap *
                  Combine(Combination::kHarmonic, result.candidate_score, result.territory_score),
              1e-12);
}

TEST_F(ScoreTest, NotApplicableCriteriaDoNotCount) {
  // No lifestyle wish: changing the territory's tags changes nothing.
  TerritoryFeatures territory = testing::FamilyTerritory();
  const Scores before =
      FastScore(household_, testing::FamilyOffer(), territory, weights_, options_);
  territory.lifestyle_tags = {"sea"};
  const Scores after = FastScore(household_, testing::FamilyOffer(), territory, weights_, options_);
  EXPECT_EQ(before.candidate_score, after.candidate_score);
  const MatchResult result =
      Score(household_, testing::FamilyOffer(), territory, weights_, options_);
  EXPECT_FALSE(Find(result, Criterion::kLifestyle).applicable);
  EXPECT_EQ(Find(result, Criterion::kLifestyle).reason_code, "LIFESTYLE_NOT_ASKED");
}

TEST_F(ScoreTest, DifferentProfessionNeverMatches) {
  OfferFeatures nurse_offer = testing::FamilyOffer();
  nurse_offer.profession = Profession::kNurse;
  const TerritoryFeatures territory = testing::FamilyTerritory();
  EXPECT_FALSE(Eligible(household_, nurse_offer, territory));
  EXPECT_EQ(FastScore(household_, nurse_offer, territory, weights_, options_).score, 0);
  const MatchResult result = Score(household_, nurse_offer, territory, weights_, options_);
  EXPECT_EQ(result.score, 0);
  EXPECT_FALSE(result.eligible);
}

TEST_F(ScoreTest, EligibleFiltersStatusAndProfessionDepartmentsAreLimits) {
  const OfferFeatures offer = testing::FamilyOffer();
  const TerritoryFeatures territory = testing::FamilyTerritory();
  EXPECT_TRUE(Eligible(household_, offer, territory));
  CandidateProfile excluding = household_;
  excluding.excluded_department_codes = {"57", "54"};
  // An excluded department is a limit, not a filter: ranked last when asked for.
  EXPECT_TRUE(Eligible(excluding, offer, territory));
  EXPECT_TRUE(CheckLimits(excluding, offer, territory, options_.as_of).Has(Limit::kDepartment));
  OfferFeatures filled = offer;
  filled.status = OfferStatus::kFilled;
  EXPECT_FALSE(Eligible(household_, filled, territory));
  OfferFeatures unspecified = offer;
  unspecified.status = OfferStatus::kUnspecified;
  EXPECT_TRUE(Eligible(household_, unspecified, territory));
  CandidateProfile placed = household_;
  placed.status = CandidateStatus::kPlaced;
  EXPECT_FALSE(Eligible(placed, offer, territory));
}

TEST_F(ScoreTest, WithoutAidRulesMoneyIsNotApplicable) {
  options_.aid_rules = nullptr;
  const MatchResult result =
      Score(household_, testing::FamilyOffer(), testing::FamilyTerritory(), weights_, options_);
  EXPECT_FALSE(Find(result, Criterion::kMoney).applicable);
  EXPECT_TRUE(result.aid.lines.empty());
}

TEST_F(ScoreTest, ValidateOptionsNamesTheField) {
  EXPECT_TRUE(ValidateOptions(options_).ok());
  ScoreOptions bad = options_;
  bad.proximity_scale_minutes = -3;
  EXPECT_THAT(std::string(ValidateOptions(bad).message()),
              HasSubstr("proximity: decay scale is -3"));
  bad = options_;
  bad.combination = static_cast<Combination>(9);
  EXPECT_THAT(std::string(ValidateOptions(bad).message()), HasSubstr("combination is 9"));
}

TEST_F(ScoreTest, CombinationOptionIsApplied) {
  const OfferFeatures offer = testing::JobOnlyOffer();
  const TerritoryFeatures territory = testing::JobOnlyTerritory();
  household_.max_drive_minutes = 120;  // within the household's limits: scores not capped
  options_.combination = Combination::kCandidateOnly;
  const Scores candidate_only = FastScore(household_, offer, territory, weights_, options_);
  EXPECT_EQ(candidate_only.score, candidate_only.candidate_score);
  options_.combination = Combination::kTerritoryOnly;
  const Scores territory_only = FastScore(household_, offer, territory, weights_, options_);
  EXPECT_EQ(territory_only.score, territory_only.territory_score);
  options_.combination = Combination::kGeometric;
  const Scores geometric = FastScore(household_, offer, territory, weights_, options_);
  EXPECT_NEAR(geometric.score, std::sqrt(geometric.candidate_score * geometric.territory_score),
              1e-12);
}

}  // namespace
}  // namespace matching::matcher
