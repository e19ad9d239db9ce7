#include "matcher/aids.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;

const absl::CivilDay kAsOf(2026, 11, 15);

std::string AidsPath() { return std::string(MATCHING_SOURCE_DIR) + "/data/aids.json"; }

class AidsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<AidRules> rules = AidRules::LoadFromFile(AidsPath());
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *std::move(rules);
    candidate_ = testing::ExampleHousehold();  // GP, first installation
    offer_ = testing::FamilyOffer();           // liberal
    territory_ = testing::FamilyTerritory();   // ZIP + ZFRR
  }

  const AidLine* Line(const AidEstimate& estimate, absl::string_view rule_id) {
    for (const AidLine& line : estimate.lines) {
      if (absl::StrContains(line.source, absl::StrCat("'", rule_id, "'"))) return &line;
    }
    return nullptr;
  }

  AidRules rules_;
  CandidateProfile candidate_;
  OfferFeatures offer_;
  TerritoryFeatures territory_;
};

TEST_F(AidsFileTest, FileLoadsWithItsReferenceAmount) {
  EXPECT_EQ(rules_.version(), "2026-12-aids-2");
  EXPECT_GT(rules_.money_reference_five_year_eur(), 0);
  EXPECT_GE(rules_.rules().size(), 3u);
}

TEST_F(AidsFileTest, ZipGpFirstLiberalInstallationGetsTenThousandFirstYear) {
  const AidEstimate estimate =
      EstimateAid(rules_, candidate_, offer_, territory_, kAsOf, Language::kEnglish);
  const AidLine* installation = Line(estimate, "first-installation-doctor-zip-zac");
  ASSERT_NE(installation, nullptr);
  EXPECT_DOUBLE_EQ(installation->first_year_eur, 10000);
  EXPECT_DOUBLE_EQ(installation->five_year_eur, 10000);
  EXPECT_EQ(installation->label, "First liberal installation aid (doctor)");
  EXPECT_THAT(installation->source, HasSubstr("valid from 2026-01-01"));
  // The GP uplift (+50/+30/+10/+10/+10 % of an assumed EUR 12,000) and the ZFRR estimate.
  const AidLine* uplift = Line(estimate, "gp-fmt-uplift-first-installation-zip");
  ASSERT_NE(uplift, nullptr);
  EXPECT_DOUBLE_EQ(uplift->first_year_eur, 6000);
  EXPECT_NEAR(uplift->five_year_eur, 13200, 1e-6);
  EXPECT_NE(Line(estimate, "zfrr-income-tax-exemption"), nullptr);
  // The 2016 contract ended before the as-of date.
  EXPECT_EQ(Line(estimate, "caim-2016"), nullptr);
  double first_year = 0;
  for (const AidLine& line : estimate.lines) first_year += line.first_year_eur;
  EXPECT_DOUBLE_EQ(estimate.first_year_eur, first_year);
}

TEST_F(AidsFileTest, ZacPaysFiveThousand) {
  territory_.zoning = Zoning::kZac;
  const AidEstimate estimate = EstimateAid(rules_, candidate_, offer_, territory_, kAsOf);
  const AidLine* installation = Line(estimate, "first-installation-doctor-zip-zac");
  ASSERT_NE(installation, nullptr);
  EXPECT_DOUBLE_EQ(installation->first_year_eur, 5000);
  EXPECT_EQ(Line(estimate, "gp-fmt-uplift-first-installation-zip"), nullptr);
}

TEST_F(AidsFileTest, SalariedGetsNoInstallationAid) {
  offer_.employment = EmploymentMode::kSalaried;
  const AidEstimate estimate = EstimateAid(rules_, candidate_, offer_, territory_, kAsOf);
  EXPECT_TRUE(estimate.lines.empty());
  EXPECT_DOUBLE_EQ(estimate.five_year_eur, 0);
}

TEST_F(AidsFileTest, ConditionsOnInstallationAndProfessionApply) {
  candidate_.first_installation = false;
  EXPECT_EQ(Line(EstimateAid(rules_, candidate_, offer_, territory_, kAsOf),
                 "first-installation-doctor-zip-zac"),
            nullptr);
  candidate_.first_installation = true;
  candidate_.profession = Profession::kNurse;
  const AidEstimate nurse = EstimateAid(rules_, candidate_, offer_, territory_, kAsOf);
  EXPECT_EQ(Line(nurse, "first-installation-doctor-zip-zac"), nullptr);
  EXPECT_NE(Line(nurse, "zfrr-income-tax-exemption"), nullptr);  // any liberal profession
}

TEST_F(AidsFileTest, OldContractAppliesOnlyInsideItsDates) {
  const AidEstimate in_2020 =
      EstimateAid(rules_, candidate_, offer_, territory_, absl::CivilDay(2020, 3, 1));
  const AidLine* caim = Line(in_2020, "caim-2016");
  ASSERT_NE(caim, nullptr);
  EXPECT_DOUBLE_EQ(caim->five_year_eur, 50000);
  EXPECT_EQ(Line(in_2020, "first-installation-doctor-zip-zac"), nullptr);  // not yet valid
}

TEST_F(AidsFileTest, LocalAidsAndOfferBonusAreAdded) {
  territory_.zoning = Zoning::kNone;
  territory_.zfrr = false;
  territory_.local_aids = {{"Prime communale", 3000}};
  offer_.installation_bonus_eur = 2000;
  const AidEstimate estimate = EstimateAid(rules_, candidate_, offer_, territory_, kAsOf);
  ASSERT_EQ(estimate.lines.size(), 2u);
  EXPECT_EQ(estimate.lines[0].label, "Prime communale");
  EXPECT_DOUBLE_EQ(estimate.first_year_eur, 5000);
  EXPECT_DOUBLE_EQ(estimate.five_year_eur, 5000);
}

TEST_F(AidsFileTest, TotalsAgreeWithTheExplainedEstimate) {
  testing::ProfileGenerator generator(7);
  for (int i = 0; i < 500; ++i) {
    const CandidateProfile candidate = generator.Candidate();
    const OfferFeatures offer = generator.Offer();
    const TerritoryFeatures territory = generator.Territory();
    const AidEstimate estimate = EstimateAid(rules_, candidate, offer, territory, kAsOf);
    const AidTotals totals = EstimateAidTotals(rules_, candidate, offer, territory, kAsOf);
    EXPECT_DOUBLE_EQ(totals.first_year_eur, estimate.first_year_eur);
    EXPECT_DOUBLE_EQ(totals.five_year_eur, estimate.five_year_eur);
  }
}

constexpr const char* kFutureRule = R"({
  "version": "test", "money_reference_five_year_eur": 1000,
  "rules": [{"id": "future", "label": {"fr": "Futur", "en": "Future"}, "source": "test",
             "valid_from": "2030-01-01", "amount_eur": 100, "schedule": [1, 0, 0, 0, 0]}]})";

TEST(AidRulesTest, RuleValidFromTheFutureIsNotApplied) {
  absl::StatusOr<AidRules> rules = AidRules::Parse(kFutureRule, "<inline>");
  ASSERT_TRUE(rules.ok()) << rules.status();
  TerritoryFeatures territory = testing::FamilyTerritory();
  const CandidateProfile candidate = testing::ExampleHousehold();
  const OfferFeatures offer = testing::FamilyOffer();
  EXPECT_TRUE(EstimateAid(*rules, candidate, offer, territory, kAsOf).lines.empty());
  EXPECT_DOUBLE_EQ(
      EstimateAid(*rules, candidate, offer, territory, absl::CivilDay(2030, 1, 1)).first_year_eur,
      100);
}

constexpr const char* kRegionalRule = R"({
  "version": "test", "money_reference_five_year_eur": 1000,
  "rules": [{"id": "vosges-nurses", "label": {"fr": "Aide des Vosges", "en": "Vosges aid"},
             "source": "test", "valid_from": "2026-01-01",
             "amount_eur_by_zone": {"VERY_UNDERSERVED": 4000},
             "conditions": {"professions": ["NURSE"], "department_codes": ["88"]},
             "schedule_eur": [1000, 1000, 1000, 1000, 0]}]})";

TEST(AidRulesTest, RegionalRulePaysOnlyInItsDepartment) {
  absl::StatusOr<AidRules> rules = AidRules::Parse(kRegionalRule, "<inline>");
  ASSERT_TRUE(rules.ok()) << rules.status();
  CandidateProfile nurse;
  nurse.profession = Profession::kNurse;
  OfferFeatures offer;
  TerritoryFeatures territory;
  territory.department_code = "88";
  territory.zonings = {{Profession::kNurse, ZoneLevel::kVeryUnderserved}};
  AidEstimate estimate = EstimateAid(*rules, nurse, offer, territory, kAsOf);
  EXPECT_DOUBLE_EQ(estimate.first_year_eur, 1000);
  EXPECT_DOUBLE_EQ(estimate.five_year_eur, 4000);  // 4 x 1,000
  territory.department_code = "54";
  EXPECT_TRUE(EstimateAid(*rules, nurse, offer, territory, kAsOf).lines.empty());
}

TEST(AidRulesTest, ScheduleInEurosMustMatchEveryZonesAmount) {
  // 4000 in very under-served matches the schedule, 2000 in under-served does not.
  std::string text = kRegionalRule;
  const std::string zones = "{\"VERY_UNDERSERVED\": 4000}";
  text.replace(text.find(zones), zones.size(),
               "{\"VERY_UNDERSERVED\": 4000, \"UNDERSERVED\": 2000}");
  absl::StatusOr<AidRules> rules = AidRules::Parse(text, "aids.json");
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rules.status().message()),
              HasSubstr("rules[0].schedule_eur sums to 4000 but the amount of a zone is 2000"));
}

TEST(AidRulesTest, UnknownFileNamesTheFile) {
  absl::StatusOr<AidRules> rules = AidRules::LoadFromFile("/nonexistent/aids.json");
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(rules.status().message()), HasSubstr("/nonexistent/aids.json"));
}

TEST(AidRulesTest, BadJsonNamesTheOrigin) {
  absl::StatusOr<AidRules> rules = AidRules::Parse("{\"rules\": [", "data/aids.json");
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rules.status().message()), HasSubstr("data/aids.json: not valid JSON"));
}

// Each mutation of a valid file, and the words its error must contain.
struct BadField {
  std::string name;  // of the test case
  std::string from;
  std::string to;
  std::string expected;
};

class AidRulesFieldTest : public ::testing::TestWithParam<BadField> {};

TEST_P(AidRulesFieldTest, ErrorNamesTheFieldAndValue) {
  std::string text = kFutureRule;
  const size_t at = text.find(GetParam().from);
  ASSERT_NE(at, std::string::npos) << GetParam().from;
  text.replace(at, GetParam().from.size(), GetParam().to);
  absl::StatusOr<AidRules> rules = AidRules::Parse(text, "aids.json");
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(rules.status().message()), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, AidRulesFieldTest,
    ::testing::Values(
        BadField{"BadDate", "2030-01-01", "2030-13-01",
                 "aids.json: rules[0].valid_from is \"2030-13-01\"; expected a date"},
        BadField{"UnknownKey", "\"valid_from\"", "\"valid_form\"",
                 "rules[0].valid_form is not a known field"},
        BadField{"NegativeAmount", "\"amount_eur\": 100", "\"amount_eur\": -5",
                 "rules[0].amount_eur is -5; expected a finite number >= 0"},
        BadField{"UnknownZone", "\"amount_eur\": 100", "\"amount_eur_by_zone\": {\"ZOP\": 1}",
                 "rules[0].amount_eur_by_zone.ZOP is not a zone"},
        BadField{"ShortSchedule", "[1, 0, 0, 0, 0]", "[1, 0]", "rules[0].schedule is [1,0]"},
        BadField{"MissingSource", "\"source\": \"test\",", "", "rules[0].source is missing"},
        BadField{"LabelNotString", "\"en\": \"Future\"", "\"en\": 3",
                 "rules[0].label.en is 3; expected a string"},
        BadField{"ZeroReference", "\"money_reference_five_year_eur\": 1000",
                 "\"money_reference_five_year_eur\": 0",
                 "money_reference_five_year_eur is 0; expected a number > 0"},
        BadField{"UnknownProfession", "\"schedule\"",
                 "\"conditions\": {\"professions\": [\"DOCTOR\"]}, \"schedule\"",
                 "rules[0].conditions.professions[0] is \"DOCTOR\""},
        BadField{"UnknownSector", "\"schedule\"",
                 "\"conditions\": {\"doctor_sectors\": [\"SECTOR_3\"]}, \"schedule\"",
                 "rules[0].conditions.doctor_sectors[0] is \"SECTOR_3\"; expected \"SECTOR_1\""},
        BadField{"UnknownStage", "\"schedule\"",
                 "\"conditions\": {\"career_stages\": [\"INTERN\"]}, \"schedule\"",
                 "rules[0].conditions.career_stages[0] is \"INTERN\""},
        BadField{"FirstInstallationNotBool", "\"schedule\"",
                 "\"conditions\": {\"first_installation\": \"yes\"}, \"schedule\"",
                 "rules[0].conditions.first_installation is \"yes\"; expected true or false"},
        BadField{"ScheduleEurSumsWrong", "\"schedule\": [1, 0, 0, 0, 0]",
                 "\"schedule_eur\": [50, 0, 0, 0, 0]",
                 "rules[0].schedule_eur sums to 50 but the amount of a zone is 100"},
        BadField{"BothSchedules", "\"schedule\": [1, 0, 0, 0, 0]",
                 "\"schedule\": [1, 0, 0, 0, 0], \"schedule_eur\": [100, 0, 0, 0, 0]",
                 "rules[0] needs exactly one of schedule and schedule_eur"},
        BadField{"ReservationWithoutFrench", "\"schedule\"",
                 "\"reservations\": [{\"en\": \"x\"}], \"schedule\"",
                 "rules[0].reservations[0].fr is missing"},
        BadField{"BadCheckedOn", "\"schedule\"", "\"checked_on\": \"2026-02-30\", \"schedule\"",
                 "rules[0].checked_on is \"2026-02-30\""},
        BadField{"BadSourceUrl", "\"schedule\"", "\"source_url\": \"ameli.fr\", \"schedule\"",
                 "rules[0].source_url is \"ameli.fr\"; expected an http(s) address"},
        BadField{"UnknownZoneLevel", "\"amount_eur\": 100",
                 "\"amount_eur_by_zone\": {\"SOUS_DOTEE\": 1}",
                 "rules[0].amount_eur_by_zone.SOUS_DOTEE is not a zone level"}),
    [](const ::testing::TestParamInfo<BadField>& info) { return info.param.name; });

}  // namespace
}  // namespace matching::matcher
