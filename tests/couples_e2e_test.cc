// Dual-career households through a real server (issue 18, point 3): spouse_job counts the
// catalog's open posts for a partner who is a nurse, and joint ranking pairs two posts.
#include <grpcpp/grpcpp.h>

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

class CouplesE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    server_ = std::move(*server::MatchServer::Start(config));
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);
    // Nancy and Verdun alike in every field but their place; Laxou is 3 km from Nancy.
    PutTerritory("t-nancy", 48.6921, 6.1844);
    PutTerritory("t-laxou", 48.6836, 6.1494);
    PutTerritory("t-verdun", 49.1598, 5.3844);
    PutOffer("of-gp-nancy", "t-nancy", v1::PROFESSION_GP);
    PutOffer("of-gp-verdun", "t-verdun", v1::PROFESSION_GP);
    PutOffer("of-ide-laxou", "t-laxou", v1::PROFESSION_NURSE);
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }
  void PutTerritory(const std::string& id, double lat, double lon) {
    v1::UpsertTerritoryRequest request;
    v1::Territory* t = request.mutable_territory();
    t->set_id(id);
    t->set_name(id);
    t->set_department_code("54");
    t->set_region_code("44");
    t->mutable_location()->set_lat(lat);
    t->mutable_location()->set_lon(lon);
    t->set_creche_minutes(5);
    t->set_fibre_coverage(0.2);
    v1::Territory out;
    ASSERT_TRUE(catalog_->UpsertTerritory(Context().get(), request, &out).ok());
  }
  void PutOffer(const std::string& id, const std::string& territory, v1::Profession profession) {
    v1::UpsertOfferRequest request;
    v1::Offer* o = request.mutable_offer();
    o->set_id(id);
    o->set_territory_id(territory);
    o->set_organization_id("org-1");
    o->set_profession(profession);
    o->set_setting(v1::PRACTICE_SETTING_MSP);
    o->set_status(v1::OFFER_STATUS_OPEN);
    v1::Offer out;
    grpc::Status status = catalog_->UpsertOffer(Context().get(), request, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // A GP whose partner is a nurse looking for work (an anonymous visitor's profile).
  static v1::RankOffersRequest GpWithNursePartner() {
    v1::RankOffersRequest request;
    v1::Candidate* c = request.mutable_candidate();
    c->set_id("cand-couple");
    c->set_profession(v1::PROFESSION_GP);
    v1::Partner* partner = c->mutable_household()->mutable_partner();
    partner->set_sector("health");
    partner->set_needs_job(true);
    partner->set_profession(v1::PROFESSION_NURSE);
    request.mutable_options()->set_language("fr");
    return request;
  }
  static const v1::CriterionScore* Criterion(const v1::Match& match, const std::string& name) {
    for (const v1::CriterionScore& c : match.criteria()) {
      if (c.criterion() == name) return &c;
    }
    return nullptr;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
};

TEST_F(CouplesE2ETest, AnOpenNursePostWithinReachLiftsTheTerritoryAndIsNamed) {
  v1::RankOffersResponse response;
  grpc::Status status = matching_->RankOffers(Context().get(), GpWithNursePartner(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.matches_size(), 2);
  EXPECT_EQ(response.matches(0).offer_id(), "of-gp-nancy");
  EXPECT_EQ(response.matches(1).offer_id(), "of-gp-verdun");
  EXPECT_GT(response.matches(0).score(), response.matches(1).score());
  const v1::CriterionScore* nancy = Criterion(response.matches(0), "spouse_job");
  const v1::CriterionScore* verdun = Criterion(response.matches(1), "spouse_job");
  ASSERT_NE(nancy, nullptr);
  ASSERT_NE(verdun, nullptr);
  EXPECT_GT(nancy->value(), verdun->value());
  EXPECT_EQ(nancy->reason_code(), "SPOUSE_HEALTH_OPENINGS");
  EXPECT_THAT(nancy->explanation(), HasSubstr("1 poste d'infirmier ouvert à moins de 30 min"));
  EXPECT_THAT(nancy->explanation(), HasSubstr("of-ide-laxou"));
  EXPECT_FALSE(nancy->synthetic());
  EXPECT_EQ(verdun->reason_code(), "SPOUSE_HEALTH_NO_OPENINGS");

  // The post is filled: Nancy's openings follow the catalog.
  v1::UpsertOfferRequest filled;
  filled.mutable_offer()->set_id("of-ide-laxou");
  filled.mutable_offer()->set_territory_id("t-laxou");
  filled.mutable_offer()->set_organization_id("org-1");
  filled.mutable_offer()->set_profession(v1::PROFESSION_NURSE);
  filled.mutable_offer()->set_status(v1::OFFER_STATUS_FILLED);
  v1::Offer out;
  ASSERT_TRUE(catalog_->UpsertOffer(Context().get(), filled, &out).ok());
  ASSERT_TRUE(matching_->RankOffers(Context().get(), GpWithNursePartner(), &response).ok());
  ASSERT_EQ(response.matches_size(), 2);
  EXPECT_EQ(response.matches(0).score(), response.matches(1).score());
}

TEST_F(CouplesE2ETest, JointRankingPairsThePartnersPostWithinReach) {
  v1::RankOffersRequest request = GpWithNursePartner();
  request.mutable_options()->set_joint(true);
  v1::RankOffersResponse response;
  grpc::Status status = matching_->RankOffers(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Verdun has no nurse post within reach: no pair.
  ASSERT_EQ(response.matches_size(), 1);
  const v1::Match& match = response.matches(0);
  EXPECT_EQ(match.offer_id(), "of-gp-nancy");
  EXPECT_EQ(match.partner_offer_id(), "of-ide-laxou");
  EXPECT_EQ(match.partner_territory_id(), "t-laxou");
  EXPECT_GT(match.partner_drive_minutes_between(), 0);
  EXPECT_LE(match.partner_drive_minutes_between(), 30);
  EXPECT_GT(match.partner_score(), 0);
  EXPECT_GT(match.partner_criteria_size(), 0);
  EXPECT_GT(match.score(), 0);
  EXPECT_LE(match.score(), 1);
}

TEST_F(CouplesE2ETest, JointNeedsAPartnerWhoSeeksAHealthPost) {
  v1::RankOffersRequest request = GpWithNursePartner();
  request.mutable_options()->set_joint(true);
  request.mutable_candidate()->mutable_household()->mutable_partner()->clear_profession();
  v1::RankOffersResponse response;
  grpc::Status status = matching_->RankOffers(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("options.joint"));
  request.mutable_candidate()->mutable_household()->mutable_partner()->set_profession(
      v1::PROFESSION_NURSE);
  request.mutable_candidate()->mutable_household()->mutable_partner()->set_needs_job(false);
  status = matching_->RankOffers(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("needs no job"));
}

}  // namespace
}  // namespace matching
