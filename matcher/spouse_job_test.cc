// spouse_job for a partner who seeks a health post: the catalog's open offers nearby.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/criteria.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

class HealthPartnerJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    candidate_.partner =
        Partner{"health", /*needs_job=*/true, /*can_telework=*/false, Profession::kNurse, ""};
    offer_.spouse_job_help = false;
    // Synthetic sector counts that must not be read for such a partner.
    territory_.job_openings_by_sector = {{"health", 7}};
  }
  PairContext Pair() {
    return PairContext{candidate_,
                       offer_,
                       territory_,
                       absl::CivilDay(2026, 11, 15),
                       {DecayShape::kGauss, 0, 0, 20, 0.5},
                       std::nullopt,
                       0,
                       1};
  }
  CriterionOutcome Outcome() { return SpouseJobFit(Pair(), nullptr); }
  Explanation Explain(Language language = Language::kFrench) {
    Explainer explainer(language);
    const CriterionOutcome with = SpouseJobFit(Pair(), &explainer);
    EXPECT_EQ(with.value, Outcome().value);  // the sentence never changes the number
    return explainer.Finish();
  }
  void Open(Profession profession, const std::string& specialty, const std::string& id,
            double minutes) {
    NearbyOpenings& openings = territory_.open_offers_nearby.Mutable({profession, specialty});
    ++openings.count;
    openings.nearest.push_back({id, minutes});
  }

  CandidateProfile candidate_ = testing::ExampleHousehold();
  OfferFeatures offer_ = testing::FamilyOffer();
  TerritoryFeatures territory_ = testing::FamilyTerritory();
};

TEST_F(HealthPartnerJobTest, NoOpenPostNearbyScoresZeroWhateverTheSectorCounts) {
  EXPECT_TRUE(Outcome().applicable);
  EXPECT_EQ(Outcome().value, 0);
  const Explanation e = Explain();
  EXPECT_EQ(e.reason_code, "SPOUSE_HEALTH_NO_OPENINGS");
  EXPECT_EQ(e.sentence, "aucun poste d'infirmier ouvert à moins de 30 min (estimé)");
  EXPECT_FALSE(e.synthetic);  // catalog facts, not the synthetic counts
}

TEST_F(HealthPartnerJobTest, CountsOpenPostsOfThePartnersProfessionAndNamesTheNearest) {
  Open(Profession::kNurse, "", "of-nancy", 0);
  Open(Profession::kNurse, "", "of-laxou", 12.4);
  Open(Profession::kGp, "", "of-gp", 3);  // the candidate's profession, not the partner's
  EXPECT_THAT(Outcome().value, DoubleNear(2 / kSpouseOpeningsForFull, 1e-12));
  const Explanation fr = Explain();
  EXPECT_EQ(fr.reason_code, "SPOUSE_HEALTH_OPENINGS");
  EXPECT_EQ(fr.sentence,
            "2 postes d'infirmier ouverts à moins de 30 min (estimé) : of-nancy (sur place), "
            "of-laxou (12 min)");
  EXPECT_EQ(Explain(Language::kEnglish).sentence,
            "2 open nurse posts within 30 min (estimated): of-nancy (here), of-laxou (12 min)");
  EXPECT_THAT(fr.parameters, ::testing::Contains(std::pair<std::string, std::string>(
                                 "nearby_offer_ids", "of-nancy,of-laxou")));
  // Three or more: full; the help bonus is capped.
  Open(Profession::kNurse, "", "of-far", 29);
  Open(Profession::kNurse, "", "of-farther", 29.5);
  EXPECT_EQ(Outcome().value, 1);
  EXPECT_THAT(Explain().sentence, HasSubstr("4 postes d'infirmier"));
  EXPECT_THAT(Explain().sentence, HasSubstr(", …"));  // more than named
}

TEST_F(HealthPartnerJobTest, SpecialtiesThatFitCountOthersDoNot) {
  candidate_.partner->profession = Profession::kSpecialist;
  candidate_.partner->specialty = "pediatrics";
  Open(Profession::kSpecialist, "cardiology", "of-cardio", 1);
  EXPECT_EQ(Outcome().value, 0);
  Open(Profession::kSpecialist, "neonatology", "of-neonat", 8);  // related
  Open(Profession::kSpecialist, "", "of-any", 20);               // any specialty
  EXPECT_THAT(Outcome().value, DoubleNear(2 / kSpouseOpeningsForFull, 1e-12));
  EXPECT_THAT(Explain(Language::kEnglish).sentence,
              HasSubstr("2 open specialist posts within 30 min (estimated): of-neonat (8 min), "
                        "of-any (20 min)"));
}

TEST_F(HealthPartnerJobTest, HelpAndTeleworkAddAsForOtherSectors) {
  offer_.spouse_job_help = true;
  EXPECT_THAT(Outcome().value, DoubleNear(kSpouseJobHelpBonus, 1e-12));
  candidate_.partner->can_telework = true;
  territory_.fibre_coverage = 0.5;
  EXPECT_THAT(Outcome().value, DoubleNear(0.5 + kSpouseJobHelpBonus, 1e-12));
}

TEST_F(HealthPartnerJobTest, APartnerWithoutProfessionKeepsTheSectorCounts) {
  candidate_.partner->profession = Profession::kUnspecified;
  Open(Profession::kNurse, "", "of-nancy", 0);
  EXPECT_EQ(Outcome().value, 1);  // 7 synthetic health openings
  EXPECT_EQ(Explain().reason_code, "SPOUSE_OPENINGS");
  candidate_.partner->profession = Profession::kNurse;
  candidate_.partner->needs_job = false;
  EXPECT_FALSE(Outcome().applicable);
}

}  // namespace
}  // namespace matching::matcher
