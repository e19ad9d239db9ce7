#include "matcher/limits.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/score.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

const absl::CivilDay kAsOf{2026, 12, 2};

ScoreOptions Options(Language language = Language::kFrench) {
  ScoreOptions options;
  options.as_of = kAsOf;
  options.language = language;
  return options;
}

TEST(LimitsTest, TheDomainHouseholdKeepsEveryLimitOfItsFamilyOffer) {
  EXPECT_TRUE(CheckLimits(testing::ExampleHousehold(), testing::FamilyOffer(),
                          testing::FamilyTerritory(), kAsOf)
                  .empty());
}

TEST(LimitsTest, DriveTimeHasATolerance) {
  CandidateProfile household = testing::ExampleHousehold();  // 50 min from Nancy at most
  TerritoryFeatures territory = testing::FamilyTerritory();
  territory.metropolis_access = {{"nancy", "Nancy", 52, false}};
  EXPECT_TRUE(DriveWithinLimit(household, territory)) << "52 min for 50 is human";
  territory.metropolis_access = {{"nancy", "Nancy", 60, false}};
  EXPECT_TRUE(DriveWithinLimit(household, territory)) << "1.2 x 50";
  territory.metropolis_access = {{"nancy", "Nancy", 61, false}};
  EXPECT_FALSE(DriveWithinLimit(household, territory));
  territory.metropolis_access = {{"metz", "Metz", 20, false}};
  EXPECT_FALSE(DriveWithinLimit(household, territory)) << "no known route to Nancy";
  household.max_drive_minutes = 0;
  EXPECT_TRUE(DriveWithinLimit(household, territory)) << "no limit stated";
}

TEST(LimitsTest, ToleranceScoresDownSteeplyButDoesNotGate) {
  const CandidateProfile household = testing::ExampleHousehold();
  TerritoryFeatures near = testing::FamilyTerritory();
  TerritoryFeatures edge = near;
  edge.metropolis_access = {{"nancy", "Nancy", 58, false}};
  const Scores at_42 =
      FastScore(household, testing::FamilyOffer(), near, DefaultWeights(), Options());
  const Scores at_58 =
      FastScore(household, testing::FamilyOffer(), edge, DefaultWeights(), Options());
  EXPECT_LT(at_58.candidate_score, at_42.candidate_score);
  EXPECT_GT(at_58.score, kBeyondLimitsScoreCap) << "within the tolerance: not capped";
}

TEST(LimitsTest, FourHoursAwayNeverScoresAboveTheCap) {
  CandidateProfile household = testing::ExampleHousehold();
  household.max_drive_minutes = 45;
  TerritoryFeatures far = testing::FamilyTerritory();
  far.metropolis_access = {{"nancy", "Nancy", 270, true}};
  const MatchResult result =
      Score(household, testing::FamilyOffer(), far, DefaultWeights(), Options());
  EXPECT_LE(result.score, kBeyondLimitsScoreCap);
  EXPECT_NEAR(result.score,
              kBeyondLimitsScoreCap *
                  Combine(Combination::kHarmonic, result.candidate_score, result.territory_score),
              1e-12);
  EXPECT_TRUE(result.limits_broken.Has(Limit::kDriveTime));
  ASSERT_EQ(result.limits.size(), 1u);
  EXPECT_EQ(result.limits[0].reason_code, "LIMIT_DRIVE_TIME");
  EXPECT_EQ(result.limits[0].sentence, "≈ 4 h 30 de Nancy, au-delà de vos 45 min");
  // The fast path caps the same way.
  const Scores fast =
      FastScore(household, testing::FamilyOffer(), far, DefaultWeights(), Options());
  EXPECT_EQ(fast.score, result.score);
}

TEST(LimitsTest, ASpecialistIsASpecialist) {
  EXPECT_TRUE(SpecialtyWithinLimit("cardiology", "cardiology"));
  EXPECT_TRUE(SpecialtyWithinLimit("Cardiology", "cardiology"));
  EXPECT_TRUE(SpecialtyWithinLimit("pediatrics", "neonatology")) << "related";
  EXPECT_TRUE(SpecialtyWithinLimit("", "pediatrics")) << "no specialty stated";
  EXPECT_FALSE(SpecialtyWithinLimit("cardiology", "pediatrics"));

  CandidateProfile cardiologist = testing::ExampleHousehold();
  cardiologist.profession = Profession::kSpecialist;
  cardiologist.specialty = "cardiology";
  OfferFeatures paediatrics = testing::FamilyOffer();
  paediatrics.profession = Profession::kSpecialist;
  paediatrics.specialty = "pediatrics";
  const MatchResult result = Score(cardiologist, paediatrics, testing::FamilyTerritory(),
                                   DefaultWeights(), Options(Language::kEnglish));
  EXPECT_THAT(result.limits, ElementsAre(Field(&LimitExplanation::name, "specialty")));
  EXPECT_THAT(result.limits[0].sentence, HasSubstr("outside your specialty (cardiology)"));
  EXPECT_LE(result.score, kBeyondLimitsScoreCap);
}

TEST(LimitsTest, ExperienceShortByOneYearScoresDownByMoreGates) {
  EXPECT_TRUE(ExperienceWithinLimit(4, 5));
  EXPECT_FALSE(ExperienceWithinLimit(3, 5));
  EXPECT_TRUE(ExperienceWithinLimit(0, 0));
  EXPECT_TRUE(ExperienceWithinLimit(0, 1));
  CandidateProfile household = testing::ExampleHousehold();
  OfferFeatures offer = testing::FamilyOffer();
  offer.min_experience_years = 11;  // one year more than the household's 10
  const Scores short_by_one =
      FastScore(household, offer, testing::FamilyTerritory(), DefaultWeights(), Options());
  offer.min_experience_years = 10;
  const Scores enough =
      FastScore(household, offer, testing::FamilyTerritory(), DefaultWeights(), Options());
  EXPECT_LT(short_by_one.territory_score, enough.territory_score);
  EXPECT_GT(short_by_one.score, kBeyondLimitsScoreCap);
  offer.min_experience_years = 15;
  EXPECT_TRUE(
      CheckLimits(household, offer, testing::FamilyTerritory(), kAsOf).Has(Limit::kExperience));
}

TEST(LimitsTest, StartDateAndCommitment) {
  CandidateProfile household = testing::ExampleHousehold();
  OfferFeatures offer = testing::FamilyOffer();
  offer.start_date = absl::CivilDay(2027, 1, 1);
  household.available_from = absl::CivilDay(2027, 3, 1);  // 59 days late: within
  EXPECT_TRUE(StartWithinLimit(household, offer, kAsOf));
  household.available_from = absl::CivilDay(2027, 6, 1);  // 151 days late
  EXPECT_FALSE(StartWithinLimit(household, offer, kAsOf));
  household.available_from.reset();
  household.available_until = absl::CivilDay(2026, 12, 31);  // gone by the start
  EXPECT_FALSE(StartWithinLimit(household, offer, kAsOf));

  offer.commitment_years = 3;
  household.available_until = absl::CivilDay(2029, 1, 1);  // 2 years: within the tolerance
  EXPECT_TRUE(CommitmentWithinLimit(household, offer, kAsOf));
  household.available_until = absl::CivilDay(2028, 1, 1);  // 1 year for 3
  EXPECT_FALSE(CommitmentWithinLimit(household, offer, kAsOf));
  household.available_until.reset();
  EXPECT_TRUE(CommitmentWithinLimit(household, offer, kAsOf)) << "open-ended";
}

TEST(LimitsTest, DepartmentsExcludedAndWanted) {
  CandidateProfile household = testing::ExampleHousehold();
  const TerritoryFeatures territory = testing::FamilyTerritory();  // department 54
  EXPECT_TRUE(DepartmentWithinLimit(household, territory));
  household.wanted_department_codes = {"57", "88"};
  EXPECT_FALSE(DepartmentWithinLimit(household, territory));
  household.wanted_department_codes.push_back("54");
  EXPECT_TRUE(DepartmentWithinLimit(household, territory));
  household.excluded_department_codes = {"54"};
  EXPECT_FALSE(DepartmentWithinLimit(household, territory));
}

TEST(LimitsTest, BeyondLimitsKeepTheirOrderAmongThemselves) {
  LimitSet drive;
  drive.Add(Limit::kDriveTime);
  const Scores a = CapBeyondLimits({0.9, 0.95, 0.85}, drive);
  const Scores b = CapBeyondLimits({0.8, 0.85, 0.75}, drive);
  EXPECT_GT(a.score, b.score);
  EXPECT_LE(a.score, kBeyondLimitsScoreCap);
  EXPECT_EQ(a.candidate_score, 0.95) << "the sides say what the criteria say";
  EXPECT_EQ(CapBeyondLimits({0.9, 0.95, 0.85}, LimitSet{}).score, 0.9);
}

TEST(LimitsTest, RecruitersSeeOnlyConsentingSearchingHouseholds) {
  CandidateProfile household = testing::ExampleHousehold();
  EXPECT_FALSE(VisibleToRecruiters(household)) << "no consent";
  household.consent_given = true;
  EXPECT_TRUE(VisibleToRecruiters(household));
  household.status = CandidateStatus::kPaused;
  EXPECT_FALSE(VisibleToRecruiters(household));
  household.status = CandidateStatus::kPlaced;
  EXPECT_FALSE(VisibleToRecruiters(household));
}

}  // namespace
}  // namespace matching::matcher

namespace matching::matcher {
namespace {

// Calibration (docs/RANKING.md): a pair within every limit that has all the household
// asked for, and meets all the offer asks, scores >= 0.9 however well served the place and
// wherever the household lives now; a pair beyond any limit never scores above 0.5.
TEST(CalibrationTest, AllAskedForScoresAtLeastNinetyWhereverItIs) {
  int checked = 0;
  for (const std::optional<double> apl :
       {std::optional<double>(), std::optional<double>(1.0), std::optional<double>(3.0),
        std::optional<double>(10.0)}) {
    for (const std::optional<GeoPoint> home :
         {std::optional<GeoPoint>(), std::optional<GeoPoint>(GeoPoint{48.69, 6.18}),
          std::optional<GeoPoint>(GeoPoint{48.86, 2.35}),
          std::optional<GeoPoint>(GeoPoint{43.30, 5.37})}) {
      for (const int minimum : {0, 10}) {      // none, or exactly the household's 10 years
        for (const int commitment : {0, 3}) {  // the household is available open-ended
          CandidateProfile household = testing::ExampleHousehold();
          household.current_location = home;
          OfferFeatures offer = testing::FamilyOffer();
          offer.min_experience_years = minimum;
          offer.commitment_years = commitment;
          TerritoryFeatures territory = testing::FamilyTerritory();
          territory.apl = apl;
          territory.lat = 48.59;
          territory.lon = 6.50;
          ScoreOptions options = Options();
          const MatchResult result = Score(household, offer, territory, DefaultWeights(), options);
          ASSERT_TRUE(result.limits_broken.empty());
          ASSERT_EQ(result.candidate_score, 1) << "all the household asked for";
          EXPECT_GE(result.score, 0.9)
              << "apl " << apl.value_or(-1) << ", home " << (home ? home->lat : 0) << ", minimum "
              << minimum << ", commitment " << commitment;
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 64);
}

TEST(CalibrationTest, BeyondAnyLimitNeverAboveHalfOnGeneratedPairs) {
  testing::ProfileGenerator generator(11);
  int beyond = 0;
  for (int i = 0; i < 5000; ++i) {
    const CandidateProfile candidate = generator.Candidate();
    const OfferFeatures offer = generator.Offer();
    const TerritoryFeatures territory = generator.Territory();
    const Scores fast = FastScore(candidate, offer, territory, DefaultWeights(), Options());
    if (CheckLimits(candidate, offer, territory, kAsOf).empty()) continue;
    ++beyond;
    ASSERT_LE(fast.score, kBeyondLimitsScoreCap);
    ASSERT_LE(Score(candidate, offer, territory, DefaultWeights(), Options()).score,
              kBeyondLimitsScoreCap);
  }
  EXPECT_GT(beyond, 100) << "the generator makes pairs beyond limits";
}

}  // namespace
}  // namespace matching::matcher
