// One test per rule of data/aids.json: a household and an offer where the rule pays, with
// the euros computed by hand from the rule's source, and the same pair with one condition
// changed so that it does not. RulesFileTest.EveryRuleHasItsTest keeps the list complete.
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/aids.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::CivilDay kToday(2026, 12, 2);

// The rule ids the tests below cover; a rule added to the file needs its test and its id here.
const std::set<std::string>& TestedRules() {
  static const auto* tested = new std::set<std::string>{
      "first-installation-doctor-zip-zac",
      "gp-fmt-uplift-first-installation-zip",
      "gp-fmt-uplift-zip",
      "caim-2016",
      "junior-doctor-zip",
      "cesp-medicine-dentistry",
      "cesp-midwifery",
      "nurse-first-installation-capii",
      "nurse-installation-caii",
      "physio-practice-creation-caccmk",
      "physio-installation-caimk",
      "midwife-first-installation-capisf",
      "midwife-installation-caisf",
      "dentist-installation-caicd2023",
      "zfrr-income-tax-exemption",
  };
  return *tested;
}

class RulesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<AidRules> rules =
        AidRules::LoadFromFile(std::string(MATCHING_SOURCE_DIR) + "/data/aids.json");
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *std::move(rules);
    offer_.id = "offer";
    offer_.employment = EmploymentMode::kLiberal;
    offer_.setting = PracticeSetting::kMsp;
    territory_.id = "territory";
    territory_.zoning = Zoning::kNone;
  }

  // A household of `profession` installing for the first time, and a territory whose
  // zoning for that profession is `level`.
  void Set(Profession profession, ZoneLevel level) {
    candidate_.profession = profession;
    candidate_.first_installation = true;
    territory_.zonings = {{profession, level}};
  }

  // The line of `rule_id` in the estimate on `day`, or null when the rule does not pay.
  const AidLine* Paid(absl::string_view rule_id, absl::CivilDay day = kToday) {
    estimate_ = EstimateAid(rules_, candidate_, offer_, territory_, day, Language::kFrench);
    for (const AidLine& line : estimate_.lines) {
      if (absl::StrContains(line.source, absl::StrCat("'", rule_id, "'"))) return &line;
    }
    return nullptr;
  }

  AidRules rules_;
  CandidateProfile candidate_;
  OfferFeatures offer_;
  TerritoryFeatures territory_;
  AidEstimate estimate_;
};

TEST_F(RulesFileTest, EveryRuleHasItsTestAndASourceCheckedOnADate) {
  std::set<std::string> in_file;
  for (const AidRule& rule : rules_.rules()) {
    in_file.insert(rule.id);
    EXPECT_FALSE(rule.source.empty()) << rule.id;
    EXPECT_TRUE(absl::StartsWith(rule.source_url, "http")) << rule.id;
    ASSERT_TRUE(rule.checked_on.has_value()) << rule.id;
    EXPECT_EQ(*rule.checked_on, absl::CivilDay(2026, 12, 2)) << rule.id;
  }
  EXPECT_EQ(in_file, TestedRules());
}

// --- Doctors ---------------------------------------------------------------------------

TEST_F(RulesFileTest, DoctorFirstInstallationPaysTenThousandInZipFiveInZacFrom2026) {
  Set(Profession::kGp, ZoneLevel::kZip);
  candidate_.doctor_sector = DoctorSector::kSector1;
  const AidLine* line = Paid("first-installation-doctor-zip-zac");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 10000);  // one-off, ameli.fr
  EXPECT_DOUBLE_EQ(line->five_year_eur, 10000);
  EXPECT_THAT(line->source, HasSubstr("valid from 2026-01-01"));
  EXPECT_THAT(line->source_url, HasSubstr("ameli.fr"));
  EXPECT_EQ(line->checked_on, "2026-12-02");
  territory_.zonings = {{Profession::kGp, ZoneLevel::kZac}};
  line = Paid("first-installation-doctor-zip-zac");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 5000);
  EXPECT_EQ(Paid("first-installation-doctor-zip-zac", absl::CivilDay(2025, 12, 31)), nullptr);
}

TEST_F(RulesFileTest, DoctorFirstInstallationNeedsSector1OrOptam) {
  Set(Profession::kSpecialist, ZoneLevel::kZip);
  candidate_.doctor_sector = DoctorSector::kSector2Optam;
  EXPECT_NE(Paid("first-installation-doctor-zip-zac"), nullptr);
  candidate_.doctor_sector = DoctorSector::kSector2;  // the one condition that fails
  EXPECT_EQ(Paid("first-installation-doctor-zip-zac"), nullptr);
  // Unsaid: paid, "sous réserve" of the sector.
  candidate_.doctor_sector = DoctorSector::kUnspecified;
  const AidLine* line = Paid("first-installation-doctor-zip-zac");
  ASSERT_NE(line, nullptr);
  EXPECT_THAT(line->reservations, HasSubstr("sous réserve de : exercer en secteur 1"));
}

TEST_F(RulesFileTest, GpFirstInstallationUpliftIsFiftyThirtyThenTenPercentLasting) {
  Set(Profession::kGp, ZoneLevel::kZip);
  const AidLine* line = Paid("gp-fmt-uplift-first-installation-zip");
  ASSERT_NE(line, nullptr);
  // 50 % of an assumed EUR 12,000 the first year; 50 + 30 + 10 + 10 + 10 = 110 % over five.
  EXPECT_DOUBLE_EQ(line->first_year_eur, 6000);
  EXPECT_NEAR(line->five_year_eur, 13200, 1e-6);
  EXPECT_EQ(Paid("gp-fmt-uplift-zip"), nullptr);              // the lasting rule is for the others
  territory_.zonings = {{Profession::kGp, ZoneLevel::kZac}};  // no uplift in ZAC
  EXPECT_EQ(Paid("gp-fmt-uplift-first-installation-zip"), nullptr);
}

TEST_F(RulesFileTest, GpInZipKeepsTenPercentUpliftEveryYear) {
  Set(Profession::kGp, ZoneLevel::kZip);
  candidate_.first_installation = false;
  const AidLine* line = Paid("gp-fmt-uplift-zip");
  ASSERT_NE(line, nullptr);
  EXPECT_NEAR(line->first_year_eur, 1200, 1e-6);    // 10 % of EUR 12,000
  EXPECT_NEAR(line->five_year_eur, 6000, 1e-6);     // 5 x 1,200
  candidate_.profession = Profession::kSpecialist;  // the médecin traitant fee is the GP's
  territory_.zonings = {{Profession::kSpecialist, ZoneLevel::kZip}};
  EXPECT_EQ(Paid("gp-fmt-uplift-zip"), nullptr);
}

TEST_F(RulesFileTest, OldCaimPaidFiftyThousandUntilTheEndOf2025) {
  Set(Profession::kGp, ZoneLevel::kZip);
  candidate_.doctor_sector = DoctorSector::kSector1;
  const absl::CivilDay last_day(2025, 12, 31);
  const AidLine* line = Paid("caim-2016", last_day);
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 25000);  // half at signature
  EXPECT_DOUBLE_EQ(line->five_year_eur, 50000);
  EXPECT_EQ(Paid("caim-2016", absl::CivilDay(2026, 1, 1)), nullptr);
  candidate_.installation_aid_within_10_years = true;  // the one condition that fails
  EXPECT_EQ(Paid("caim-2016", last_day), nullptr);
}

TEST_F(RulesFileTest, JuniorDoctorInZipGetsAThousandAMonthFromNovember2026) {
  Set(Profession::kGp, ZoneLevel::kZip);
  candidate_.career_stage = CareerStage::kJuniorDoctor;
  offer_.employment = EmploymentMode::kSalaried;
  const AidLine* line = Paid("junior-doctor-zip");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 12000);  // 12 months x EUR 1,000
  EXPECT_DOUBLE_EQ(line->five_year_eur, 12000);
  EXPECT_EQ(Paid("junior-doctor-zip", absl::CivilDay(2026, 10, 31)), nullptr);
  // A junior doctor is not installing: no installation aid even in liberal practice.
  offer_.employment = EmploymentMode::kLiberal;
  candidate_.doctor_sector = DoctorSector::kSector1;
  EXPECT_EQ(Paid("first-installation-doctor-zip-zac"), nullptr);
}

TEST_F(RulesFileTest, CespPaysStudentsOfMedicineAndDentistryForTwoYears) {
  Set(Profession::kDentist, ZoneLevel::kUnderserved);
  candidate_.career_stage = CareerStage::kStudent;
  const AidLine* line = Paid("cesp-medicine-dentistry");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 14400);  // 12 x EUR 1,200
  EXPECT_DOUBLE_EQ(line->five_year_eur, 28800);   // two years
  candidate_.career_stage = CareerStage::kPractising;
  EXPECT_EQ(Paid("cesp-medicine-dentistry"), nullptr);
}

TEST_F(RulesFileTest, CespPaysMidwiferyStudentsFromJanuary2026) {
  Set(Profession::kMidwife, ZoneLevel::kVeryUnderserved);
  candidate_.career_stage = CareerStage::kStudent;
  const AidLine* line = Paid("cesp-midwifery");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 14400);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 28800);
  EXPECT_EQ(Paid("cesp-midwifery", absl::CivilDay(2026, 1, 15)), nullptr);
}

// --- Nurses ----------------------------------------------------------------------------

TEST_F(RulesFileTest, NurseFirstInstallationInVeryUnderservedZonePays37500) {
  Set(Profession::kNurse, ZoneLevel::kVeryUnderserved);
  const AidLine* line = Paid("nurse-first-installation-capii");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 14250);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 37500);         // 14,250 + 14,250 + 3 x 3,000
  EXPECT_EQ(Paid("nurse-installation-caii"), nullptr);  // not both
  territory_.zonings = {{Profession::kNurse, ZoneLevel::kUnderserved}};
  EXPECT_EQ(Paid("nurse-first-installation-capii"), nullptr);
}

TEST_F(RulesFileTest, NurseLaterInstallationPays27500UnlessAidedInTenYears) {
  Set(Profession::kNurse, ZoneLevel::kVeryUnderserved);
  candidate_.first_installation = false;
  const AidLine* line = Paid("nurse-installation-caii");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 9250);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 27500);  // 9,250 + 9,250 + 3 x 3,000
  EXPECT_THAT(line->reservations, HasSubstr("ne pas avoir reçu d'aide à l'installation"));
  candidate_.installation_aid_within_10_years = false;
  line = Paid("nurse-installation-caii");
  ASSERT_NE(line, nullptr);
  EXPECT_THAT(line->reservations, Not(HasSubstr("ne pas avoir reçu")));
  candidate_.installation_aid_within_10_years = true;
  EXPECT_EQ(Paid("nurse-installation-caii"), nullptr);
}

// --- Physiotherapists ------------------------------------------------------------------

TEST_F(RulesFileTest, PhysiotherapistCreatingAPracticePays49000) {
  Set(Profession::kPhysiotherapist, ZoneLevel::kVeryUnderserved);
  offer_.setting = PracticeSetting::kSoloPractice;
  const AidLine* line = Paid("physio-practice-creation-caccmk");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 30000);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 49000);  // 30,000 + 9,000 + 5,000 + 5,000
  EXPECT_EQ(Paid("physio-installation-caimk"), nullptr);
  offer_.employment = EmploymentMode::kSalaried;
  EXPECT_EQ(Paid("physio-practice-creation-caccmk"), nullptr);
}

TEST_F(RulesFileTest, PhysiotherapistJoiningAPracticePays34000) {
  Set(Profession::kPhysiotherapist, ZoneLevel::kVeryUnderserved);
  offer_.setting = PracticeSetting::kGroupPractice;
  const AidLine* line = Paid("physio-installation-caimk");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 15000);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 34000);  // 15,000 + 9,000 + 5,000 + 5,000
  territory_.zonings = {{Profession::kPhysiotherapist, ZoneLevel::kUnderserved}};
  EXPECT_EQ(Paid("physio-installation-caimk"), nullptr);
}

// --- Midwives --------------------------------------------------------------------------

TEST_F(RulesFileTest, MidwifeFirstInstallationPays38000AlsoInUnderservedZone) {
  Set(Profession::kMidwife, ZoneLevel::kUnderserved);
  const AidLine* line = Paid("midwife-first-installation-capisf");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 14500);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 38000);  // 2 x 14,500 + 3 x 3,000
  territory_.zonings = {{Profession::kMidwife, ZoneLevel::kIntermediate}};
  EXPECT_EQ(Paid("midwife-first-installation-capisf"), nullptr);
}

TEST_F(RulesFileTest, MidwifeLaterInstallationPays34000) {
  Set(Profession::kMidwife, ZoneLevel::kVeryUnderserved);
  candidate_.first_installation = false;
  const AidLine* line = Paid("midwife-installation-caisf");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 12500);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 34000);  // 2 x 12,500 + 3 x 3,000
  candidate_.first_installation = true;
  EXPECT_EQ(Paid("midwife-installation-caisf"), nullptr);
}

// --- Dentists --------------------------------------------------------------------------

TEST_F(RulesFileTest, DentistInstallationPays50000InTwoHalvesFrom2025) {
  Set(Profession::kDentist, ZoneLevel::kVeryUnderserved);
  candidate_.first_installation = false;  // first or new installation alike
  const AidLine* line = Paid("dentist-installation-caicd2023");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 25000);
  EXPECT_DOUBLE_EQ(line->five_year_eur, 50000);  // 25,000 in years 1 and 3
  EXPECT_EQ(Paid("dentist-installation-caicd2023", absl::CivilDay(2024, 12, 31)), nullptr);
}

// --- Any liberal profession ------------------------------------------------------------

TEST_F(RulesFileTest, ZfrrExemptionForCreationsUntil2029) {
  Set(Profession::kNurse, ZoneLevel::kIntermediate);
  territory_.zfrr = true;
  const AidLine* line = Paid("zfrr-income-tax-exemption");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 9000);  // assumed EUR 60,000 x 15 %
  EXPECT_DOUBLE_EQ(line->five_year_eur, 45000);  // 5 years at 100 %
  EXPECT_THAT(line->reservations, HasSubstr("régime réel"));
  EXPECT_EQ(Paid("zfrr-income-tax-exemption", absl::CivilDay(2030, 1, 1)), nullptr);
  territory_.zfrr = false;
  EXPECT_EQ(Paid("zfrr-income-tax-exemption"), nullptr);
}

// --- Zoning per profession ---------------------------------------------------------------

TEST(ZoneLevelForTest, EachProfessionReadsItsOwnZoning) {
  TerritoryFeatures territory;
  territory.zoning = Zoning::kZac;
  territory.zonings = {{Profession::kNurse, ZoneLevel::kVeryUnderserved},
                       {Profession::kDentist, ZoneLevel::kOverserved}};
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kNurse), ZoneLevel::kVeryUnderserved);
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kDentist), ZoneLevel::kOverserved);
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kAdvancedPracticeNurse),
            ZoneLevel::kVeryUnderserved);  // the nurses' zoning
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kMidwife), ZoneLevel::kUnspecified);
  // The transition: the old single zoning is the GP's, and the specialists'.
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kGp), ZoneLevel::kZac);
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kSpecialist), ZoneLevel::kZac);
  // A GP entry wins over the old zoning, for specialists too.
  territory.zonings.push_back({Profession::kGp, ZoneLevel::kZip});
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kGp), ZoneLevel::kZip);
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kSpecialist), ZoneLevel::kZip);
  // The old zoning is never a nurse's.
  territory.zonings.clear();
  territory.zoning = Zoning::kZip;
  EXPECT_EQ(ZoneLevelFor(territory, Profession::kNurse), ZoneLevel::kUnspecified);
}

TEST_F(RulesFileTest, OldSingleZoningStillPaysADoctor) {
  candidate_.profession = Profession::kGp;
  candidate_.first_installation = true;
  territory_.zoning = Zoning::kZip;  // no `zonings`: a client of the old API
  const AidLine* line = Paid("first-installation-doctor-zip-zac");
  ASSERT_NE(line, nullptr);
  EXPECT_DOUBLE_EQ(line->first_year_eur, 10000);
}

TEST_F(RulesFileTest, EstimateDateChoosesTheRulesInForce) {
  Set(Profession::kGp, ZoneLevel::kZip);
  candidate_.doctor_sector = DoctorSector::kSector1;
  // In 2025 the old contract; from 2026 the new aid.
  estimate_ = EstimateAid(rules_, candidate_, offer_, territory_, absl::CivilDay(2025, 6, 1));
  EXPECT_DOUBLE_EQ(estimate_.five_year_eur, 50000);
  EXPECT_EQ(estimate_.estimate_date, absl::CivilDay(2025, 6, 1));
  estimate_ = EstimateAid(rules_, candidate_, offer_, territory_, absl::CivilDay(2027, 3, 1));
  EXPECT_NEAR(estimate_.five_year_eur, 10000 + 13200, 1e-6);
}

}  // namespace
}  // namespace matching::matcher
