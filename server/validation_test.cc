// Field-named validation: each rejection names the field path and the offending value.
#include "server/validation.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/match_request.h"

namespace matching::server {
namespace {

using ::testing::HasSubstr;

MATCHER_P(IsInvalidNaming, text, "") {
  return arg.code() == absl::StatusCode::kInvalidArgument &&
         std::string(arg.message()).find(text) != std::string::npos;
}

v1::Territory GoodTerritory() {
  v1::Territory t;
  t.set_id("54395");
  t.set_name("Nancy");
  t.set_department_code("54");
  t.mutable_location()->set_lat(48.69);
  t.mutable_location()->set_lon(6.18);
  return t;
}

v1::Offer GoodOffer() {
  v1::Offer o;
  o.set_id("of-1");
  o.set_territory_id("54395");
  o.set_profession(v1::PROFESSION_GP);
  o.set_start_date("2027-01-15");
  return o;
}

v1::Candidate GoodCandidate() {
  v1::Candidate c;
  c.set_id("cand-7f3a");
  c.set_profession(v1::PROFESSION_GP);
  c.mutable_household()->add_children_ages(2);
  c.mutable_household()->add_children_ages(7);
  (*c.mutable_weights())["spouse_job"] = 2.0;
  return c;
}

TEST(ValidationTest, GoodRecordsPass) {
  EXPECT_TRUE(ValidateTerritory(GoodTerritory()).ok());
  EXPECT_TRUE(ValidateOffer(GoodOffer()).ok());
  EXPECT_TRUE(ValidateCandidate(GoodCandidate()).ok());
}

TEST(ValidationTest, LatitudeOutOfRangeNamesFieldAndValue) {
  v1::Territory t = GoodTerritory();
  t.mutable_location()->set_lat(123.4);
  EXPECT_EQ(ValidateTerritory(t).message(), "territory.location.lat: 123.4 is outside [-90, 90]");
}

TEST(ValidationTest, NonFiniteNumbersAreRejected) {
  v1::Territory t = GoodTerritory();
  t.set_fibre_coverage(std::numeric_limits<double>::quiet_NaN());
  EXPECT_THAT(ValidateTerritory(t), IsInvalidNaming("territory.fibre_coverage: nan"));
}

TEST(ValidationTest, IdsHaveACharsetAndALength) {
  EXPECT_THAT(ValidateId("candidate.id", ""), IsInvalidNaming("candidate.id: is required"));
  EXPECT_THAT(ValidateId("candidate.id", "Jean Dupont"),
              IsInvalidNaming("candidate.id: 'Jean Dupont' has a character outside"));
  EXPECT_THAT(ValidateId("candidate.id", std::string(65, 'a')),
              IsInvalidNaming("is 65 characters long; at most 64"));
  EXPECT_TRUE(ValidateId("territory.id", "2A004").ok());
}

TEST(ValidationTest, DatesMustBeRealDays) {
  v1::Offer o = GoodOffer();
  o.set_start_date("2026-02-30");
  EXPECT_THAT(ValidateOffer(o), IsInvalidNaming("offer.start_date: '2026-02-30' is not a date"));
  o.set_start_date("15/01/2027");
  EXPECT_THAT(ValidateOffer(o), IsInvalidNaming("offer.start_date: '15/01/2027'"));
}

TEST(ValidationTest, EnumsOutOfRangeAndRequiredProfession) {
  v1::Offer o = GoodOffer();
  o.set_profession(v1::PROFESSION_UNSPECIFIED);
  EXPECT_THAT(ValidateOffer(o), IsInvalidNaming("offer.profession: is required"));
  o = GoodOffer();
  o.set_setting(static_cast<v1::PracticeSetting>(42));
  EXPECT_THAT(ValidateOffer(o), IsInvalidNaming("offer.setting: 42 is not a known value"));
}

TEST(ValidationTest, ChildrenAgesAndWeights) {
  v1::Candidate c = GoodCandidate();
  c.mutable_household()->add_children_ages(-1);
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.household.children_ages[2]: -1 is outside [0, 25]"));
  c = GoodCandidate();
  (*c.mutable_weights())["spouse_job"] = -0.5;
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.weights['spouse_job']: weight is -0.5"));
  c = GoodCandidate();
  (*c.mutable_weights())["family"] = std::numeric_limits<double>::infinity();
  EXPECT_THAT(ValidateCandidate(c), IsInvalidNaming("candidate.weights['family']"));
}

TEST(ValidationTest, AvailabilityWindowMustBeOrdered) {
  v1::Candidate c = GoodCandidate();
  c.set_available_from("2027-03-01");
  c.set_available_until("2027-01-01");
  EXPECT_THAT(ValidateCandidate(c), IsInvalidNaming("candidate.available_until: '2027-01-01' is "
                                                    "before available_from '2027-03-01'"));
}

TEST(ValidationTest, DepartmentCodesAndPageSize) {
  v1::Territory t = GoodTerritory();
  t.set_department_code("ABC");
  EXPECT_THAT(ValidateTerritory(t), IsInvalidNaming("territory.department_code: 'ABC'"));
  for (const char* code : {"01", "2A", "2B", "95", "971", "976", "986", "988"}) {
    t.set_department_code(code);
    EXPECT_TRUE(ValidateTerritory(t).ok()) << code;
  }
  for (const char* code : {"2C", "979", "990", "5"}) {
    t.set_department_code(code);
    EXPECT_FALSE(ValidateTerritory(t).ok()) << code;
  }
  int effective = 0;
  EXPECT_TRUE(ValidatePageSize(0, &effective).ok());
  EXPECT_EQ(effective, kDefaultPageSize);
  EXPECT_THAT(ValidatePageSize(5000, &effective),
              IsInvalidNaming("page_size: 5000 is outside [0, 1000]"));
}

TEST(ValidationTest, LongTextIsRejected) {
  v1::Offer o = GoodOffer();
  o.set_title(std::string(300, 'x'));
  EXPECT_THAT(ValidateOffer(o), IsInvalidNaming("offer.title: is 300 bytes long"));
}

TEST(ValidationTest, RegionCodesAreTwoOrThreeDigits) {
  v1::Territory t = GoodTerritory();
  for (const char* code : {"", "44", "01", "94", "987"}) {
    t.set_region_code(code);
    EXPECT_TRUE(ValidateTerritory(t).ok()) << code;
  }
  t.set_region_code("Grand Est");
  EXPECT_THAT(ValidateTerritory(t),
              IsInvalidNaming("territory.region_code: 'Grand Est' is not a region code"));
  t.set_region_code("4");
  EXPECT_FALSE(ValidateTerritory(t).ok());
}

TEST(ValidationTest, WeightsHaveAnUpperBound) {
  v1::Candidate c = GoodCandidate();
  (*c.mutable_weights())["family"] = 1e308;  // sums of such weights overflow to inf
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.weights['family']: weight is 1e+308; weights must be "
                              "finite and in [0, 1e+06]"));
  (*c.mutable_weights())["family"] = kMaxWeight;
  EXPECT_TRUE(ValidateCandidate(c).ok());
}

TEST(ValidationTest, CandidateListsAreBounded) {
  v1::Candidate c = GoodCandidate();
  for (int i = 0; i <= kMaxListLength; ++i) c.add_preferred_settings(v1::PRACTICE_SETTING_MSP);
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.preferred_settings: has 101 entries; at most 100"));
  c = GoodCandidate();
  for (int i = 0; i <= kMaxListLength; ++i) c.add_preferred_employment(v1::EMPLOYMENT_MODE_MIXED);
  EXPECT_THAT(ValidateCandidate(c), IsInvalidNaming("candidate.preferred_employment: has 101"));
}

TEST(ValidationTest, ConsentTimeMustBeAValidTimestamp) {
  v1::Candidate c = GoodCandidate();
  c.mutable_consent()->set_given(true);
  c.mutable_consent()->mutable_time()->set_seconds(1793000000);
  EXPECT_TRUE(ValidateCandidate(c).ok());
  c.mutable_consent()->mutable_time()->set_nanos(-1);
  EXPECT_THAT(ValidateCandidate(c), IsInvalidNaming("candidate.consent.time: seconds 1793000000, "
                                                    "nanos -1 is not a valid timestamp"));
  c.mutable_consent()->mutable_time()->set_nanos(0);
  c.mutable_consent()->mutable_time()->set_seconds(int64_t{1} << 50);
  EXPECT_THAT(ValidateCandidate(c), IsInvalidNaming("candidate.consent.time"));
}

TEST(ValidationTest, PartnerProfessionAndSpecialty) {
  v1::Candidate c = GoodCandidate();
  v1::Partner* partner = c.mutable_household()->mutable_partner();
  partner->set_needs_job(true);
  partner->set_profession(v1::PROFESSION_NURSE);
  EXPECT_TRUE(ValidateCandidate(c).ok());
  partner->set_profession(static_cast<v1::Profession>(42));
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.household.partner.profession: 42 is not a known value"));
  partner->set_profession(v1::PROFESSION_UNSPECIFIED);
  partner->set_specialty("pediatrics");
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.household.partner.specialty: 'pediatrics' is given "
                              "without household.partner.profession"));
}

TEST(MatchOptionsTest, RangesAndNamesAreChecked) {
  v1::MatchOptions options;
  EXPECT_TRUE(BuildRankQuery(options, nullptr).ok());
  options.set_top_k(5000);
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.top_k: 5000 is outside [0, 1000]"));
  options = {};
  options.set_max_per_territory(5000);
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.max_per_territory: 5000 is outside [0, 1000]"));
  options = {};
  (*options.mutable_weights())["colour"] = 1;
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(), IsInvalidNaming("options.weights"));
  options = {};
  (*options.mutable_weights())["proximity"] = 2e6;
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.weights['proximity']: weight is 2e+06"));
  options = {};
  options.set_language("de");
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(), IsInvalidNaming("options.language"));
  options = {};
  options.set_combination(static_cast<v1::Combination>(9));
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.combination: 9 is not a known value"));
  options = {};
  options.set_detail(static_cast<v1::MatchDetail>(5));
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.detail: 5 is not a known value"));
}

TEST(MatchOptionsTest, FiltersAreChecked) {
  v1::MatchOptions options;
  options.mutable_filters()->add_region_codes("44");
  options.mutable_filters()->add_department_codes("2A");
  EXPECT_TRUE(BuildRankQuery(options, nullptr).ok());
  options.mutable_filters()->add_region_codes("Grand Est");
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.region_codes[1]: 'Grand Est' is not a region"));
  options = {};
  options.mutable_filters()->add_region_codes("");
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.region_codes[0]: is empty"));
  options = {};
  for (int i = 0; i <= kMaxListLength; ++i) options.mutable_filters()->add_department_codes("54");
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.department_codes: has 101 entries"));
  options = {};
  options.mutable_filters()->add_settings(v1::PRACTICE_SETTING_UNSPECIFIED);
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.settings[0]: 0 is not a practice setting"));
  options = {};
  options.mutable_filters()->set_max_drive_minutes(-5);
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.max_drive_minutes: -5 is outside [0, 600]"));
}

}  // namespace
}  // namespace matching::server
