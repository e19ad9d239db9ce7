#include "matcher/criteria.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

using ::testing::DoubleNear;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

class CriteriaTest : public ::testing::Test {
 protected:
  PairContext Pair() {
    PairContext pair{candidate_,
                     offer_,
                     territory_,
                     absl::CivilDay(2026, 11, 15),
                     {DecayShape::kGauss, 0, 0, 20, 0.5},
                     std::nullopt,
                     0,
                     1};
    return pair;
  }
  // Value, or -1 when not applicable.
  double Value(Criterion criterion) {
    const CriterionOutcome outcome = EvaluateCriterion(criterion, Pair(), nullptr);
    return outcome.applicable ? outcome.value : -1;
  }
  Explanation Explain(Criterion criterion, Language language = Language::kEnglish) {
    Explainer explainer(language);
    const CriterionOutcome with = EvaluateCriterion(criterion, Pair(), &explainer);
    const CriterionOutcome without = EvaluateCriterion(criterion, Pair(), nullptr);
    EXPECT_EQ(with.applicable, without.applicable);
    EXPECT_EQ(with.value, without.value);
    return explainer.Finish();
  }

  CandidateProfile candidate_ = testing::ExampleHousehold();
  OfferFeatures offer_ = testing::FamilyOffer();
  TerritoryFeatures territory_ = testing::FamilyTerritory();
};

TEST(SpecialtyFitTest, SameRelatedOrOther) {
  EXPECT_EQ(SpecialtyFit("pediatrics", "pediatrics"), 1);
  EXPECT_EQ(SpecialtyFit("Pediatrics", "pediatrics"), 1);
  EXPECT_EQ(SpecialtyFit("", "pediatrics"), 1);
  EXPECT_EQ(SpecialtyFit("cardiology", ""), 1);
  EXPECT_EQ(SpecialtyFit("neonatology", "pediatrics"), kRelatedSpecialtyValue);
  EXPECT_EQ(SpecialtyFit("pediatrics", "neonatology"), kRelatedSpecialtyValue);
  EXPECT_EQ(SpecialtyFit("cardiology", "pediatrics"), 0);
}

TEST_F(CriteriaTest, DifferentProfessionScoresZero) {
  offer_.profession = Profession::kNurse;
  EXPECT_EQ(Value(Criterion::kProfession), 0);
  EXPECT_EQ(Explain(Criterion::kProfession).reason_code, "PROFESSION_MISMATCH");
}

TEST_F(CriteriaTest, SettingWishedRelatedOrNot) {
  EXPECT_EQ(Value(Criterion::kSetting), 1);
  offer_.setting = PracticeSetting::kGroupPractice;  // another team setting
  EXPECT_EQ(Value(Criterion::kSetting), kRelatedSettingValue);
  offer_.setting = PracticeSetting::kHospital;
  EXPECT_EQ(Value(Criterion::kSetting), 0);
  candidate_.preferred_settings.clear();
  EXPECT_EQ(Value(Criterion::kSetting), -1);
}

TEST_F(CriteriaTest, ProximityFullInsideTheWishAndDecaysAfter) {
  EXPECT_EQ(Value(Criterion::kProximity), 1);
  EXPECT_EQ(Explain(Criterion::kProximity).sentence, "42 min to Nancy");
  EXPECT_EQ(Explain(Criterion::kProximity, Language::kFrench).sentence, "42 min de Nancy");
  // Past the wish it falls steeply: half at the limit's tolerance (1.2 x 50 = 60 min; the
  // scale is capped at 0.2 x the wish), a sixteenth 10 minutes further (gated there anyway).
  territory_.metropolis_access[0].drive_minutes = 60;
  EXPECT_THAT(Value(Criterion::kProximity), DoubleNear(0.5, 1e-12));
  territory_.metropolis_access[0].drive_minutes = 70;
  EXPECT_THAT(Value(Criterion::kProximity), DoubleNear(0.0625, 1e-12));
  territory_.metropolis_access[0].drive_minutes = 60;
  EXPECT_EQ(Explain(Criterion::kProximity).reason_code, "METRO_BEYOND_WISH");
  // The nearest of several chosen metropolises counts.
  candidate_.metropolis_ids = {"metz", "nancy"};
  territory_.metropolis_access.push_back({"metz", "Metz", 30, true});
  EXPECT_EQ(Value(Criterion::kProximity), 1);
  EXPECT_EQ(Explain(Criterion::kProximity).sentence, "30 min to Metz (estimated)");
  candidate_.metropolis_ids = {"lyon"};
  EXPECT_EQ(Value(Criterion::kProximity), 0);
  candidate_.max_drive_minutes = 0;
  EXPECT_EQ(Value(Criterion::kProximity), -1);
}

TEST_F(CriteriaTest, FamilyAsksOnlyForTheChildrensAges) {
  EXPECT_EQ(Value(Criterion::kFamily), 1);
  EXPECT_EQ(Explain(Criterion::kFamily).sentence, "crèche and primary school in the commune");
  EXPECT_EQ(Explain(Criterion::kFamily, Language::kFrench).sentence,
            "crèche et école primaire dans la commune");
  candidate_.children_ages = {12};  // collège, unknown in this territory
  EXPECT_EQ(Value(Criterion::kFamily), kUnknownValue);
  EXPECT_EQ(Explain(Criterion::kFamily).sentence, "collège: no data");
  territory_.college_minutes = 15;  // within the collège's 15-minute offset
  EXPECT_EQ(Value(Criterion::kFamily), 1);
  candidate_.children_ages = {19, 23};
  EXPECT_EQ(Value(Criterion::kFamily), -1);
  candidate_.children_ages.clear();
  EXPECT_EQ(Value(Criterion::kFamily), -1);
}

TEST_F(CriteriaTest, FamilyIsTheMeanOverNeededAmenities) {
  territory_.primary_school_minutes = 20;  // offset 5 + scale 15: 0.5
  EXPECT_THAT(Value(Criterion::kFamily), DoubleNear((1 + 0.5) / 2, 1e-12));
  EXPECT_EQ(Explain(Criterion::kFamily).sentence, "crèche in the commune; primary school 20 min");
}

TEST_F(CriteriaTest, SyntheticFieldsAreMarkedAndSaid) {
  territory_.synthetic_fields = {"creche_minutes"};
  const Explanation explanation = Explain(Criterion::kFamily);
  EXPECT_TRUE(explanation.synthetic);
  // Said once, by whoever renders the flag: not in the sentence too.
  EXPECT_THAT(explanation.sentence, Not(HasSubstr("synthetic")));
  EXPECT_THAT(Explain(Criterion::kFamily, Language::kFrench).sentence,
              Not(HasSubstr("synthétique")));
  EXPECT_FALSE(Explain(Criterion::kProximity).synthetic);
}

TEST_F(CriteriaTest, SpouseJobFromOpeningsOrFibre) {
  EXPECT_EQ(Value(Criterion::kSpouseJob), 1);  // 3 health openings
  EXPECT_EQ(Explain(Criterion::kSpouseJob).sentence, "openings (health) nearby: 3");
  EXPECT_EQ(Explain(Criterion::kSpouseJob, Language::kFrench).sentence,
            "offres d'emploi (santé) à proximité : 3");
  territory_.job_openings_by_sector = {{"health", 1}, {"it", 9}};
  EXPECT_THAT(Value(Criterion::kSpouseJob), DoubleNear(1.0 / 3, 1e-12));
  candidate_.partner->can_telework = true;
  territory_.fibre_coverage = 0.9;
  EXPECT_THAT(Value(Criterion::kSpouseJob), DoubleNear(0.9, 1e-12));
  offer_.spouse_job_help = true;
  EXPECT_EQ(Value(Criterion::kSpouseJob), 1);
  candidate_.partner->needs_job = false;
  EXPECT_EQ(Value(Criterion::kSpouseJob), -1);
  candidate_.partner.reset();
  EXPECT_EQ(Value(Criterion::kSpouseJob), -1);
}

TEST_F(CriteriaTest, HousingMonthsAgainstNeed) {
  EXPECT_EQ(Value(Criterion::kHousing), 1);
  EXPECT_EQ(Explain(Criterion::kHousing).sentence, "housing provided 6 months");
  offer_.temporary_housing_months = 3;
  EXPECT_EQ(Value(Criterion::kHousing), 0.5);
  offer_.temporary_housing_months = 0;
  EXPECT_EQ(Value(Criterion::kHousing), 0);
  territory_.temporary_housing_available = true;
  EXPECT_EQ(Value(Criterion::kHousing), kUnknownValue);
  candidate_.housing_need = HousingNeed::kNone;
  EXPECT_EQ(Value(Criterion::kHousing), -1);
}

TEST_F(CriteriaTest, LifestyleShareOfWishes) {
  EXPECT_EQ(Value(Criterion::kLifestyle), -1);
  candidate_.lifestyle_tags = {"nature", "sea", "culture"};
  territory_.lifestyle_tags = {"Nature", "culture", "mountain"};
  EXPECT_THAT(Value(Criterion::kLifestyle), DoubleNear(2.0 / 3, 1e-12));
  EXPECT_EQ(Explain(Criterion::kLifestyle).sentence, "nature, culture: 2 of your 3 wishes");
  territory_.lifestyle_tags.clear();
  EXPECT_EQ(Value(Criterion::kLifestyle), 0);
  EXPECT_EQ(Explain(Criterion::kLifestyle, Language::kFrench).sentence,
            "Aucun de vos souhaits de cadre de vie (nature, sea, culture)");
}

TEST_F(CriteriaTest, WorkloadAndTrialOnlyWhenAsked) {
  EXPECT_EQ(Value(Criterion::kWorkload), -1);
  EXPECT_EQ(Value(Criterion::kTrial), -1);
  candidate_.max_on_call_per_month = 2;
  offer_.on_call_per_month = 6;  // 4 nights over: 0.5
  EXPECT_THAT(Value(Criterion::kWorkload), DoubleNear(0.5, 1e-12));
  candidate_.wants_part_time = true;
  offer_.part_time_possible = true;
  EXPECT_THAT(Value(Criterion::kWorkload), DoubleNear(0.75, 1e-12));
  candidate_.wants_trial = true;
  EXPECT_EQ(Value(Criterion::kTrial), 0);
  offer_.trial_possible = true;
  EXPECT_EQ(Value(Criterion::kTrial), 1);
}

TEST_F(CriteriaTest, StartAndAvailabilityDates) {
  EXPECT_EQ(Value(Criterion::kStartWindow), 1);
  EXPECT_EQ(Value(Criterion::kTAvailability), 1);
  candidate_.available_from = absl::CivilDay(2027, 3, 13);  // 118 days after as_of
  // Territory side: 118 days late, offset 0, scale 120: exp(ln 0.5 * 118 / 120).
  EXPECT_THAT(Value(Criterion::kTAvailability), DoubleNear(std::pow(0.5, 118.0 / 120), 1e-12));
  EXPECT_EQ(Value(Criterion::kStartWindow), 1);  // the candidate does not wait
  offer_.start_date = absl::CivilDay(2027, 11, 15);
  candidate_.available_until = absl::CivilDay(2027, 6, 1);
  EXPECT_EQ(Value(Criterion::kStartWindow), 0);
  EXPECT_EQ(Value(Criterion::kTAvailability), 0);
}

TEST_F(CriteriaTest, ExperienceAndCommitment) {
  offer_.min_experience_years = 20;
  EXPECT_THAT(Value(Criterion::kTExperience), DoubleNear(kExperienceAtMinimum * 0.5, 1e-12));
  EXPECT_EQ(Value(Criterion::kTCommitment), -1);
  offer_.commitment_years = 3;
  EXPECT_EQ(Value(Criterion::kTCommitment), 1);                     // open-ended
  candidate_.available_until = absl::CivilDay(2026, 11, 15) + 548;  // about 1.5 years
  EXPECT_THAT(Value(Criterion::kTCommitment), DoubleNear(548 / 365.25 / 3, 1e-12));
}

TEST_F(CriteriaTest, CareNeedRisesAsAccessFalls) {
  territory_.apl = 1.5;
  EXPECT_EQ(Value(Criterion::kCareNeed), 1);
  territory_.apl = 5;
  EXPECT_EQ(Value(Criterion::kCareNeed), kTerritoryPreferenceFloor)
      << "well served still needs its GPs";
  territory_.apl = 4;
  const double national = Value(Criterion::kCareNeed);
  territory_.apl = 2.1;
  EXPECT_GT(Value(Criterion::kCareNeed), national);
  EXPECT_THAT(Explain(Criterion::kCareNeed).sentence, HasSubstr("APL 2.1: under-served"));
  territory_.apl.reset();
  EXPECT_DOUBLE_EQ(Value(Criterion::kCareNeed), 0.8) << "unknown: halfway";
}

TEST_F(CriteriaTest, MoneyIsTheFiveYearTotalOverTheReference) {
  EXPECT_EQ(Value(Criterion::kMoney), -1);  // no aid rules
  PairContext pair = Pair();
  pair.aid_five_year_eur = 25000;
  pair.aid_first_year_eur = 10000;
  pair.money_reference_five_year_eur = 40000;
  Explainer explainer(Language::kEnglish);
  EXPECT_DOUBLE_EQ(EvaluateCriterion(Criterion::kMoney, pair, &explainer).value, 0.625);
  EXPECT_EQ(explainer.Finish().sentence,
            "ZIP zone + ZFRR: estimated aid EUR 10,000 the first year, EUR 25,000 over 5 years");
  pair.aid_five_year_eur = 90000;
  EXPECT_EQ(EvaluateCriterion(Criterion::kMoney, pair, nullptr).value, 1);
}

// A recruiter weighs experience even when the offer asks no minimum: beyond the
// minimum each year counts a little, saturating, so that two households that differ only
// in experience are told apart.
TEST_F(CriteriaTest, ExperienceBeyondTheMinimumCountsALittle) {
  offer_.min_experience_years = 0;
  candidate_.experience_years = 0;
  EXPECT_EQ(Value(Criterion::kTExperience), kExperienceAtMinimum);
  EXPECT_EQ(Explain(Criterion::kTExperience).reason_code, "EXPERIENCE_NOT_REQUIRED");
  candidate_.experience_years = 4;
  EXPECT_THAT(Value(Criterion::kTExperience), DoubleNear(0.9, 1e-12));
  candidate_.experience_years = 8;
  const double eight = Value(Criterion::kTExperience);
  EXPECT_THAT(eight, DoubleNear(0.95, 1e-12));
  candidate_.experience_years = 30;
  EXPECT_GT(Value(Criterion::kTExperience), eight);
  EXPECT_LE(Value(Criterion::kTExperience), 1);
  offer_.min_experience_years = 3;
  candidate_.experience_years = 3;
  EXPECT_EQ(Value(Criterion::kTExperience), kExperienceAtMinimum);
  EXPECT_EQ(Explain(Criterion::kTExperience).reason_code, "EXPERIENCE_ENOUGH");
  candidate_.experience_years = 2;  // one year short: scored down, below the minimum's value
  EXPECT_THAT(Value(Criterion::kTExperience), DoubleNear(kExperienceAtMinimum * 2 / 3, 1e-12));
  EXPECT_EQ(Explain(Criterion::kTExperience).reason_code, "EXPERIENCE_SHORT");
}

// Each day late counts: 10 days late is better than 40, which is better than 80.
TEST_F(CriteriaTest, AvailabilityRewardsAnEarlierStartFinely) {
  offer_.start_date = absl::CivilDay(2027, 1, 4);
  candidate_.available_from = absl::CivilDay(2027, 1, 1);
  EXPECT_EQ(Value(Criterion::kTAvailability), 1);
  candidate_.available_from = absl::CivilDay(2027, 1, 14);
  const double ten = Value(Criterion::kTAvailability);
  candidate_.available_from = absl::CivilDay(2027, 2, 13);
  const double forty = Value(Criterion::kTAvailability);
  EXPECT_LT(ten, 1);
  EXPECT_LT(forty, ten);
  EXPECT_THAT(Value(Criterion::kTAvailability), DoubleNear(std::pow(0.5, 40.0 / 120), 1e-12));
}

TEST_F(CriteriaTest, LocalRootsByDistanceFromHome) {
  territory_.lat = 48.5894;  // Lunéville
  territory_.lon = 6.4967;
  candidate_.current_location.reset();
  EXPECT_EQ(Value(Criterion::kTLocalRoots), -1) << "no home given: nothing counted";
  EXPECT_EQ(Explain(Criterion::kTLocalRoots).reason_code, "LOCAL_ROOTS_UNKNOWN");
  candidate_.current_location = GeoPoint{48.6921, 6.1844};  // Nancy, about 26 km
  EXPECT_EQ(Value(Criterion::kTLocalRoots), 1);
  const Explanation nearby = Explain(Criterion::kTLocalRoots);
  EXPECT_EQ(nearby.reason_code, "LOCAL_ROOTS_NEARBY");
  EXPECT_EQ(nearby.sentence, "Lives about 26 km from the territory");
  EXPECT_EQ(Explain(Criterion::kTLocalRoots, Language::kFrench).sentence,
            "Vit actuellement à environ 26 km du territoire");
  candidate_.current_location = GeoPoint{49.1193, 6.1757};  // Metz, about 65 km
  const double metz = Value(Criterion::kTLocalRoots);
  candidate_.current_location = GeoPoint{48.8566, 2.3522};  // Paris, about 300 km
  const double paris = Value(Criterion::kTLocalRoots);
  EXPECT_LT(metz, 1);
  EXPECT_GT(metz, paris);
  EXPECT_GT(paris, kTerritoryPreferenceFloor);
  EXPECT_EQ(Explain(Criterion::kTLocalRoots).reason_code, "LOCAL_ROOTS_FAR");
  territory_.lat = 0;  // not placed: nothing to say
  territory_.lon = 0;
  EXPECT_EQ(Value(Criterion::kTLocalRoots), -1);
}

}  // namespace
}  // namespace matching::matcher
