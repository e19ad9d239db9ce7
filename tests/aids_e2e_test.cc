// The aid estimate of a nurse, a physiotherapist, a midwife and a dentist household in an
// under-served zone, through matchd as a real process: imported with matchctl, read over
// gRPC (ExplainMatch, RankOffers) and shown in French by `matchctl explain`.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

const std::string kExample = std::string(SOURCE_DIR) + "/data/examples/aids_vosges.jsonl";

testing::RunResult Matchctl(const std::string& address, std::vector<std::string> args) {
  args.insert(args.begin(), {MATCHCTL_PATH, "--server", address, "--timeout", "10"});
  return testing::Run(args);
}

// One household of the example, its offer in Épinal, and what the contract pays (euros from
// data/aids.json's sources, computed by hand).
struct Household {
  std::string candidate_id;
  std::string offer_id;
  std::string zone_fr;       // the money criterion's sentence opens with it
  std::string label_fr;      // the aid line's label
  std::string rule_id;       // in the line's source
  double first_year_eur;     // paid in year 1
  double five_year_eur;      // over five years
  std::string url_fragment;  // of the page the figure was checked against
};

const std::vector<Household>& Households() {
  static const auto* households = new std::vector<Household>{
      {"cand-nurse-01", "of-epinal-nurse", "Zone très sous-dotée",
       "Contrat d'aide à la première installation des infirmiers (CAPII)",
       "nurse-first-installation-capii", 14250, 37500, "grand-est.paps.sante.fr"},
      {"cand-physio-01", "of-epinal-physio", "Zone très sous-dotée",
       "Contrat d'aide à la création ou reprise de cabinet (kinésithérapeutes, CACCMK)",
       "physio-practice-creation-caccmk", 30000, 49000, "normandie.paps.sante.fr"},
      {"cand-midwife-01", "of-epinal-midwife", "Zone sous-dotée",
       "Contrat d'aide à la première installation des sages-femmes (CAPISF)",
       "midwife-first-installation-capisf", 14500, 38000, "bretagne.paps.sante.fr"},
      {"cand-dentist-01", "of-epinal-dentist", "Zone très sous-dotée",
       "Contrat d'aide à l'installation des chirurgiens-dentistes (CAICD 2023)",
       "dentist-installation-caicd2023", 25000, 50000, "ameli.fr"},
  };
  return *households;
}

class AidsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    matchd_ = std::make_unique<testing::Matchd>(dir_ + "/data");
    testing::RunResult imported = Matchctl(matchd_->address, {"import", kExample});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    ASSERT_THAT(imported.output, HasSubstr("9 acceptés (1 territoires, 4 offres, 4 candidats)"));
    auto channel = grpc::CreateChannel(matchd_->address, grpc::InsecureChannelCredentials());
    matching_ = v1::MatchingService::NewStub(channel);
    catalog_ = v1::CatalogService::NewStub(channel);
  }
  void TearDown() override {
    matchd_.reset();
    std::filesystem::remove_all(dir_);
  }
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }
  v1::Match Explain(const Household& household, const std::string& estimate_date = "") {
    v1::ExplainMatchRequest request;
    request.set_candidate_id(household.candidate_id);
    request.set_offer_id(household.offer_id);
    request.mutable_options()->set_estimate_date(estimate_date);
    v1::ExplainMatchResponse response;
    const grpc::Status status = matching_->ExplainMatch(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.match();
  }

  std::string dir_;
  std::unique_ptr<testing::Matchd> matchd_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
};

TEST_F(AidsE2ETest, EachParamedicalHouseholdSeesASourcedDatedEstimateOverGrpc) {
  for (const Household& household : Households()) {
    SCOPED_TRACE(household.candidate_id);
    const v1::Match match = Explain(household, "2027-01-04");  // the offers' start
    EXPECT_EQ(match.aid().estimate_date(), "2027-01-04");
    ASSERT_EQ(match.aid().lines_size(), 1);
    const v1::AidLine& line = match.aid().lines(0);
    EXPECT_EQ(line.label(), household.label_fr);
    EXPECT_THAT(line.source(), HasSubstr("'" + household.rule_id + "'"));
    EXPECT_THAT(line.source_url(), HasSubstr(household.url_fragment));
    EXPECT_EQ(line.checked_on(), "2026-12-02");
    EXPECT_THAT(line.reservations(), HasSubstr("sous réserve de"));
    EXPECT_DOUBLE_EQ(line.first_year_eur(), household.first_year_eur);
    EXPECT_DOUBLE_EQ(line.five_year_eur(), household.five_year_eur);
    EXPECT_DOUBLE_EQ(match.aid().five_year_eur(), household.five_year_eur);
    bool money_said = false;
    for (const v1::CriterionScore& c : match.criteria()) {
      if (c.criterion() != "money") continue;
      money_said = true;
      EXPECT_EQ(c.reason_code(), "AID_ESTIMATED");
      EXPECT_THAT(c.explanation(), HasSubstr(household.zone_fr + " : aides estimées"));
      EXPECT_TRUE(c.synthetic()) << "the example's zonings are demo values";
    }
    EXPECT_TRUE(money_said);
  }
}

TEST_F(AidsE2ETest, RankingCarriesTheEstimateAndTheDateDecides) {
  v1::RankOffersRequest request;
  request.set_candidate_id("cand-dentist-01");
  request.mutable_options()->set_estimate_date("2024-12-31");  // before the 2023 contract
  v1::RankOffersResponse before;
  ASSERT_TRUE(matching_->RankOffers(Context().get(), request, &before).ok());
  ASSERT_EQ(before.matches_size(), 1);
  EXPECT_DOUBLE_EQ(before.matches(0).aid().five_year_eur(), 0);
  request.mutable_options()->set_estimate_date("2025-01-01");
  v1::RankOffersResponse after;
  ASSERT_TRUE(matching_->RankOffers(Context().get(), request, &after).ok());
  ASSERT_EQ(after.matches_size(), 1);
  EXPECT_DOUBLE_EQ(after.matches(0).aid().five_year_eur(), 50000);
  EXPECT_GT(after.matches(0).score(), before.matches(0).score());  // money counts

  request.mutable_options()->set_estimate_date("2027-02-30");
  v1::RankOffersResponse bad;
  const grpc::Status status = matching_->RankOffers(Context().get(), request, &bad);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("options.estimate_date"));
  EXPECT_THAT(status.error_message(), HasSubstr("2027-02-30"));
}

TEST_F(AidsE2ETest, ZoningOfAnotherScaleIsRefusedWithTheFieldNamed) {
  v1::UpsertTerritoryRequest request;
  v1::Territory* territory = request.mutable_territory();
  territory->set_id("88465");
  territory->set_name("Saint-Dié-des-Vosges");
  territory->set_department_code("88");
  territory->set_region_code("44");
  v1::ProfessionZoning* zoning = territory->add_zonings();
  zoning->set_profession(v1::PROFESSION_NURSE);
  zoning->set_level(v1::ZONE_LEVEL_ZIP);  // the doctors' scale
  v1::Territory stored;
  grpc::Status status = catalog_->UpsertTerritory(Context().get(), request, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("territory.zonings[0].level"));
  EXPECT_THAT(status.error_message(), HasSubstr("ZONE_LEVEL_ZIP is not a level of the "
                                                "PROFESSION_NURSE zoning"));
  zoning->set_level(v1::ZONE_LEVEL_UNDERSERVED);
  v1::ProfessionZoning* twice = territory->add_zonings();
  twice->set_profession(v1::PROFESSION_NURSE);
  twice->set_level(v1::ZONE_LEVEL_INTERMEDIATE);
  status = catalog_->UpsertTerritory(Context().get(), request, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("territory.zonings[1].profession"));
  territory->mutable_zonings()->RemoveLast();
  status = catalog_->UpsertTerritory(Context().get(), request, &stored);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.zonings_size(), 1);
}

TEST_F(AidsE2ETest, MatchctlExplainShowsTheAidInFrenchWithSourceAndReservations) {
  for (const Household& household : Households()) {
    SCOPED_TRACE(household.candidate_id);
    testing::RunResult explained =
        Matchctl(matchd_->address, {"explain", "--candidate", household.candidate_id, "--offer",
                                    household.offer_id, "--estimate_date", "2027-01-04"});
    ASSERT_EQ(explained.exit_code, 0) << explained.output;
    EXPECT_THAT(explained.output, HasSubstr("aides : "));
    EXPECT_THAT(explained.output, HasSubstr("(estimation au 4 janvier 2027)"));
    EXPECT_THAT(explained.output, HasSubstr(household.label_fr));
    EXPECT_THAT(explained.output, HasSubstr("(vérifié le 2 décembre 2026)"));
    EXPECT_THAT(explained.output, HasSubstr("sous réserve de : "));
    EXPECT_THAT(explained.output, HasSubstr(household.zone_fr + " : aides estimées"));
  }
}

}  // namespace
}  // namespace matching
