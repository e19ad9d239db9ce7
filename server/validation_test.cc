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

// Specialties come from data/specialties.json: ids and synonyms in French or English, or
// an error naming the field and close matches; never a free string that matches nothing.
TEST(ValidationTest, SpecialtiesAreKnownOrRefusedWithCloseMatches) {
  v1::Offer offer = GoodOffer();
  for (const char* known : {"cardiology", "Cardiologie", "pédiatrie", "ORL", ""}) {
    offer.set_specialty(known);
    EXPECT_TRUE(ValidateOffer(offer).ok()) << known;
  }
  offer.set_specialty("cardio");
  EXPECT_THAT(ValidateOffer(offer),
              IsInvalidNaming("offer.specialty: 'cardio' is not a known specialty; did you mean "
                              "'cardiology'"));
  v1::Candidate candidate = GoodCandidate();
  candidate.set_specialty("astrologie");
  EXPECT_THAT(ValidateCandidate(candidate),
              IsInvalidNaming("candidate.specialty: 'astrologie' is not a known specialty"));
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

TEST(ValidationTest, CutForReportKeepsShortValuesAndCutsAtACharacterBoundary) {
  EXPECT_EQ(CutForReport("of-1", 80), "of-1");
  EXPECT_EQ(CutForReport(std::string(100, 'x'), 80), std::string(80, 'x') + "...");
  std::string accents = "x";  // 'é' is 2 bytes: byte 80 is the second half of one
  for (int i = 0; i < 50; ++i) accents += "\xc3\xa9";
  const std::string cut = CutForReport(accents, 80);
  EXPECT_EQ(cut.size(), 79u + 3u);
  EXPECT_EQ(cut.substr(77), "\xc3\xa9...");
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
  t.set_id("cpts-sud");  // not a commune: any department
  for (const char* code : {"01", "19", "2A", "2B", "21", "95", "971", "976", "977", "978", "984",
                           "986", "988", "989"}) {
    t.set_department_code(code);
    EXPECT_TRUE(ValidateTerritory(t).ok()) << code;
  }
  for (const char* code : {"2C", "979", "990", "5", "00", "20", "96", "99", "970", "985", "2a"}) {
    t.set_department_code(code);
    EXPECT_FALSE(ValidateTerritory(t).ok()) << code;
  }
  int effective = 0;
  EXPECT_TRUE(ValidatePageSize(0, &effective).ok());
  EXPECT_EQ(effective, kDefaultPageSize);
  EXPECT_THAT(ValidatePageSize(5000, &effective),
              IsInvalidNaming("page_size: 5000 is outside [0, 1000]"));
}

TEST(ValidationTest, DepartmentCodesMustExist) {
  v1::Candidate c = GoodCandidate();
  c.add_excluded_department_codes("88");
  c.add_excluded_department_codes("99");
  EXPECT_THAT(ValidateCandidate(c),
              IsInvalidNaming("candidate.excluded_department_codes[1]: '99' is not a French "
                              "department code"));
  v1::MatchOptions options;
  options.mutable_filters()->add_department_codes("20");
  EXPECT_THAT(BuildRankQuery(options, nullptr).status(),
              IsInvalidNaming("options.filters.department_codes[0]: '20' is not a French"));
}

TEST(ValidationTest, CommuneMustHaveTheDepartmentOfItsInseeCode) {
  EXPECT_EQ(DepartmentOfCommune("58194"), "58");
  EXPECT_EQ(DepartmentOfCommune("2A004"), "2A");
  EXPECT_EQ(DepartmentOfCommune("2B033"), "2B");
  EXPECT_EQ(DepartmentOfCommune("97411"), "974");
  EXPECT_EQ(DepartmentOfCommune("98818"), "988");
  for (const char* not_a_commune : {"5819", "581940", "20004", "99123", "2C004", "cpts-1", "98512"})
    EXPECT_EQ(DepartmentOfCommune(not_a_commune), "") << not_a_commune;

  v1::Territory t = GoodTerritory();
  t.set_id("58194");  // Nevers, in the Nièvre
  t.set_department_code("21");
  EXPECT_THAT(ValidateTerritory(t),
              IsInvalidNaming("territory.department_code: '21' is not the department of commune "
                              "'58194' (its INSEE code says '58')"));
  t.set_department_code("58");
  EXPECT_TRUE(ValidateTerritory(t).ok());
  t.set_department_code("");  // unset: nothing to contradict
  EXPECT_TRUE(ValidateTerritory(t).ok());
  t.set_id("2A004");
  t.set_department_code("2B");
  EXPECT_THAT(ValidateTerritory(t), IsInvalidNaming("its INSEE code says '2A'"));
  t.set_department_code("2A");
  EXPECT_TRUE(ValidateTerritory(t).ok());
  t.set_id("97411");
  t.set_department_code("971");
  EXPECT_THAT(ValidateTerritory(t), IsInvalidNaming("its INSEE code says '974'"));
  t.set_department_code("974");
  EXPECT_TRUE(ValidateTerritory(t).ok());
  t.set_id("cpts-morvan");  // a group of communes may span departments
  t.set_department_code("21");
  EXPECT_TRUE(ValidateTerritory(t).ok());
}

// A few metropolises, as a loaded metropoles.csv would list them.
class FakeMetropolises final : public MetropolisLookup {
 public:
  explicit FakeMetropolises(bool territories_may_introduce = false)
      : territories_may_introduce_(territories_may_introduce) {}
  bool IsKnown(const std::string& id) const override {
    for (const KnownMetropolis& m : All()) {
      if (m.id == id) return true;
    }
    return false;
  }
  std::vector<KnownMetropolis> All() const override {
    return {{"metz", "Metz Métropole", "57"},
            {"nancy", "Métropole du Grand Nancy", "54"},
            {"nantes", "Nantes Métropole", "44"},
            {"saint-etienne", "Saint-Étienne Métropole", "42"}};
  }
  bool TerritoriesMayIntroduce() const override { return territories_may_introduce_; }

 private:
  bool territories_may_introduce_;
};

TEST(ValidationTest, CandidateMetropolisIdsMustBeKnown) {
  const FakeMetropolises known;
  v1::Candidate c = GoodCandidate();
  c.add_metropolis_ids("metz");
  c.add_metropolis_ids("Nancy");
  EXPECT_TRUE(ValidateCandidate(c).ok());  // no lookup: checked for form only
  EXPECT_EQ(ValidateCandidate(c, "candidate", &known).message(),
            "candidate.metropolis_ids[1]: 'Nancy' is not a known metropolis; did you mean "
            "'nancy'?");
  c.set_metropolis_ids(1, "grand-nancy");
  EXPECT_THAT(ValidateCandidate(c, "candidate", &known),
              IsInvalidNaming("candidate.metropolis_ids[1]: 'grand-nancy' is not a known "
                              "metropolis; did you mean 'nancy'?"));
  c.set_metropolis_ids(1, "Métropole du Grand Nancy");  // the name, not the id
  EXPECT_THAT(ValidateCandidate(c, "candidate", &known), IsInvalidNaming("did you mean 'nancy'?"));
  c.set_metropolis_ids(1, "atlantis");
  EXPECT_THAT(ValidateCandidate(c, "candidate", &known),
              IsInvalidNaming("'atlantis' is not a known metropolis (ListMetropolises"));
  c.set_metropolis_ids(1, std::string(100000, 'n'));  // too long to be an id: no suggestions
  EXPECT_THAT(ValidateCandidate(c, "candidate", &known),
              IsInvalidNaming("candidate.metropolis_ids[1]: 'nnnn"));
  EXPECT_THAT(std::string(ValidateCandidate(c, "candidate", &known).message()),
              HasSubstr("is 100000 characters long; at most 64 allowed"));
  c.set_metropolis_ids(1, "nancy");
  EXPECT_TRUE(ValidateCandidate(c, "candidate", &known).ok());
  c.set_metropolis_ids(1, "");
  EXPECT_THAT(ValidateCandidate(c, "candidate", &known),
              IsInvalidNaming("candidate.metropolis_ids[1]: is required"));
}

TEST(ValidationTest, CloseMetropolisesFoldCaseAccentsAndSmallTypos) {
  const std::vector<KnownMetropolis> known = FakeMetropolises().All();
  EXPECT_THAT(CloseMetropolises("NANCY", known), ::testing::ElementsAre("nancy"));
  EXPECT_THAT(CloseMetropolises("Saint-Étienne", known), ::testing::ElementsAre("saint-etienne"));
  EXPECT_THAT(CloseMetropolises("grand_nancy", known), ::testing::ElementsAre("nancy"));
  EXPECT_THAT(CloseMetropolises("nantse", known), ::testing::ElementsAre("nantes"));
  EXPECT_THAT(CloseMetropolises("nacy", known), ::testing::ElementsAre("nancy"));
  EXPECT_THAT(CloseMetropolises("nan", known), ::testing::ElementsAre("nancy", "nantes"));
  EXPECT_THAT(CloseMetropolises("metropole", known), ::testing::SizeIs(3));  // at most 3
  EXPECT_THAT(CloseMetropolises("lyon", known), ::testing::IsEmpty());
  EXPECT_THAT(CloseMetropolises("", known), ::testing::IsEmpty());
}

TEST(ValidationTest, TerritoryMetropolisIdsMustBeKnownUnlessTerritoriesIntroduceThem) {
  const FakeMetropolises listed;
  v1::Territory t = GoodTerritory();
  t.set_metropolis_id("nancy");
  v1::MetropolisAccess* access = t.add_metropolis_access();
  access->set_metropolis_id("nancy");
  access->set_drive_minutes(0);
  EXPECT_TRUE(ValidateTerritory(t, "territory", &listed).ok());
  access->set_metropolis_id("Nancy");
  EXPECT_EQ(ValidateTerritory(t, "territory", &listed).message(),
            "territory.metropolis_access[0].metropolis_id: 'Nancy' is not a known metropolis; "
            "did you mean 'nancy'?");
  access->set_metropolis_id("nancy");
  t.set_metropolis_id("grand-nancy");
  EXPECT_THAT(ValidateTerritory(t, "territory", &listed),
              IsInvalidNaming("territory.metropolis_id: 'grand-nancy' is not a known metropolis; "
                              "did you mean 'nancy'?"));
  // No list loaded: a territory may introduce a metropolis (ids checked for form only).
  const FakeMetropolises none(/*territories_may_introduce=*/true);
  EXPECT_TRUE(ValidateTerritory(t, "territory", &none).ok());
  t.set_metropolis_id("grand nancy");
  EXPECT_THAT(ValidateTerritory(t, "territory", &none),
              IsInvalidNaming("territory.metropolis_id: 'grand nancy' has a character outside"));
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
