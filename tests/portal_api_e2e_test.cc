// Issue 20, point 4: a portal's result page in one call. Each Match carries its offer's
// title and terms; ListCriteria names every criterion, reason code and limit.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::Contains;

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

class PortalApiE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);

    v1::UpsertTerritoryRequest territory;
    territory.mutable_territory()->set_id("54431");
    territory.mutable_territory()->set_name("Lunéville");
    territory.mutable_territory()->set_department_code("54");
    territory.mutable_territory()->set_region_code("44");
    territory.mutable_territory()->mutable_location()->set_lat(48.59);
    territory.mutable_territory()->mutable_location()->set_lon(6.49);
    v1::Territory stored;
    ASSERT_TRUE(catalog_->UpsertTerritory(Context().get(), territory, &stored).ok());
    ASSERT_TRUE(PutOffer("of-ehpad", "Infirmier(e) en EHPAD", v1::PRACTICE_SETTING_CARE_HOME,
                         v1::EMPLOYMENT_MODE_SALARIED, "2027-03-01", "ehpad-les-tilleuls")
                    .ok());
    ASSERT_TRUE(PutOffer("of-bare", "", v1::PRACTICE_SETTING_UNSPECIFIED,
                         v1::EMPLOYMENT_MODE_UNSPECIFIED, "", "")
                    .ok());
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  grpc::Status PutOffer(const std::string& id, const std::string& title,
                        v1::PracticeSetting setting, v1::EmploymentMode employment,
                        const std::string& start_date, const std::string& organization) {
    v1::UpsertOfferRequest request;
    v1::Offer* offer = request.mutable_offer();
    offer->set_id(id);
    offer->set_territory_id("54431");
    offer->set_profession(v1::PROFESSION_NURSE);
    offer->set_title(title);
    offer->set_setting(setting);
    offer->set_employment(employment);
    offer->set_start_date(start_date);
    offer->set_organization_id(organization);
    v1::Offer response;
    return catalog_->UpsertOffer(Context().get(), request, &response);
  }

  // The matches of a nurse visitor, by offer id.
  std::map<std::string, v1::Match> RankForVisitor(v1::MatchDetail detail) {
    v1::RankOffersRequest request;
    request.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
    request.mutable_options()->set_detail(detail);
    v1::RankOffersResponse response;
    EXPECT_TRUE(matching_->RankOffers(Context().get(), request, &response).ok());
    std::map<std::string, v1::Match> by_offer;
    for (const v1::Match& match : response.matches()) by_offer[match.offer_id()] = match;
    return by_offer;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
};

void ExpectEhpadFacts(const v1::Match& match) {
  EXPECT_EQ(match.offer_title(), "Infirmier(e) en EHPAD");
  EXPECT_EQ(match.offer_setting(), v1::PRACTICE_SETTING_CARE_HOME);
  EXPECT_EQ(match.offer_employment(), v1::EMPLOYMENT_MODE_SALARIED);
  EXPECT_EQ(match.offer_start_date(), "2027-03-01");
  EXPECT_EQ(match.offer_organization_id(), "ehpad-les-tilleuls");
  // Where it is, for a map (issue 20 point 5).
  ASSERT_TRUE(match.has_territory_location());
  EXPECT_DOUBLE_EQ(match.territory_location().lat(), 48.59);
  EXPECT_DOUBLE_EQ(match.territory_location().lon(), 6.49);
  EXPECT_EQ(match.territory_department_code(), "54");
  EXPECT_EQ(match.territory_region_code(), "44");
}

// A territory stored without a location: no point (not 0, 0), its codes still.
TEST_F(PortalApiE2ETest, AMatchInATerritoryWithoutLocationHasNoPoint) {
  v1::UpsertTerritoryRequest territory;
  territory.mutable_territory()->set_id("55029");
  territory.mutable_territory()->set_name("Bar-le-Duc");
  territory.mutable_territory()->set_department_code("55");
  v1::Territory stored;
  ASSERT_TRUE(catalog_->UpsertTerritory(Context().get(), territory, &stored).ok());
  v1::UpsertOfferRequest request;
  request.mutable_offer()->set_id("of-meuse");
  request.mutable_offer()->set_territory_id("55029");
  request.mutable_offer()->set_profession(v1::PROFESSION_NURSE);
  v1::Offer offer;
  ASSERT_TRUE(catalog_->UpsertOffer(Context().get(), request, &offer).ok());
  std::map<std::string, v1::Match> matches = RankForVisitor(v1::MATCH_DETAIL_FULL);
  ASSERT_EQ(matches.count("of-meuse"), 1u);
  EXPECT_FALSE(matches["of-meuse"].has_territory_location());
  EXPECT_EQ(matches["of-meuse"].territory_department_code(), "55");
  EXPECT_TRUE(matches["of-ehpad"].has_territory_location());
}

TEST_F(PortalApiE2ETest, EveryMatchCarriesItsOffersTitleAndTerms) {
  for (v1::MatchDetail detail : {v1::MATCH_DETAIL_FULL, v1::MATCH_DETAIL_SCORES}) {
    std::map<std::string, v1::Match> matches = RankForVisitor(detail);
    ASSERT_EQ(matches.size(), 2u);
    ExpectEhpadFacts(matches["of-ehpad"]);
    // An offer that says nothing: empty fields, not another offer's.
    EXPECT_EQ(matches["of-bare"].offer_title(), "");
    EXPECT_EQ(matches["of-bare"].offer_start_date(), "");
    EXPECT_EQ(matches["of-bare"].offer_organization_id(), "");
  }

  v1::ExplainMatchRequest explain;
  explain.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
  explain.set_offer_id("of-ehpad");
  v1::ExplainMatchResponse explained;
  ASSERT_TRUE(matching_->ExplainMatch(Context().get(), explain, &explained).ok());
  ExpectEhpadFacts(explained.match());

  v1::UpsertCandidateRequest candidate;
  candidate.mutable_candidate()->set_id("cand-nurse");
  candidate.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
  candidate.mutable_candidate()->mutable_consent()->set_given(true);
  v1::Candidate stored;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), candidate, &stored).ok());
  v1::RankCandidatesRequest rank_candidates;
  rank_candidates.set_offer_id("of-ehpad");
  v1::RankCandidatesResponse ranked;
  ASSERT_TRUE(matching_->RankCandidates(Context().get(), rank_candidates, &ranked).ok());
  ASSERT_EQ(ranked.matches_size(), 1);
  ExpectEhpadFacts(ranked.matches(0));

  // A new title is what the next ranking shows (the index, not a stale copy).
  ASSERT_TRUE(PutOffer("of-ehpad", "IDE de nuit", v1::PRACTICE_SETTING_CARE_HOME,
                       v1::EMPLOYMENT_MODE_SALARIED, "2027-03-01", "ehpad-les-tilleuls")
                  .ok());
  EXPECT_EQ(RankForVisitor(v1::MATCH_DETAIL_FULL)["of-ehpad"].offer_title(), "IDE de nuit");
}

TEST_F(PortalApiE2ETest, ListCriteriaNamesEveryCriterionReasonCodeAndLimit) {
  v1::ListCriteriaResponse listed;
  ASSERT_TRUE(matching_->ListCriteria(Context().get(), v1::ListCriteriaRequest(), &listed).ok());
  ASSERT_EQ(listed.criteria_size(), 18);
  EXPECT_FALSE(listed.weights_profile_version().empty());
  std::map<std::string, std::set<std::string>> codes;
  for (const v1::CriterionInfo& criterion : listed.criteria()) {
    EXPECT_FALSE(criterion.label_fr().empty()) << criterion.name();
    EXPECT_FALSE(criterion.label_en().empty()) << criterion.name();
    EXPECT_GT(criterion.default_weight(), 0) << criterion.name();
    codes[criterion.name()].insert(criterion.reason_codes().begin(),
                                   criterion.reason_codes().end());
  }
  EXPECT_EQ(listed.criteria(0).name(), "profession");
  EXPECT_EQ(listed.criteria(0).side(), v1::SIDE_CANDIDATE);
  EXPECT_EQ(listed.criteria(17).side(), v1::SIDE_TERRITORY);
  EXPECT_THAT(codes["proximity"], Contains("METRO_WITHIN_WISH"));
  std::set<std::string> limits;
  for (const v1::LimitInfo& limit : listed.limits()) limits.insert(limit.reason_code());
  EXPECT_EQ(limits,
            (std::set<std::string>{"LIMIT_SPECIALTY", "LIMIT_DRIVE_TIME", "LIMIT_DEPARTMENT",
                                   "LIMIT_EXPERIENCE", "LIMIT_START_DATE", "LIMIT_COMMITMENT"}));

  // Every criterion a real ranking explains is listed, with the reason code it gave, and the
  // names are those MatchOptions.weights accepts.
  v1::RankOffersRequest request;
  request.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
  request.mutable_candidate()->add_preferred_settings(v1::PRACTICE_SETTING_MSP);
  v1::RankOffersResponse response;
  ASSERT_TRUE(matching_->RankOffers(Context().get(), request, &response).ok());
  ASSERT_GT(response.matches_size(), 0);
  for (const v1::CriterionScore& criterion : response.matches(0).criteria()) {
    ASSERT_TRUE(codes.count(criterion.criterion())) << criterion.criterion();
    EXPECT_THAT(codes[criterion.criterion()], Contains(criterion.reason_code()));
  }
  for (const auto& [name, unused] : codes)
    request.mutable_options()->mutable_weights()->insert({name, 1.0});
  EXPECT_TRUE(matching_->RankOffers(Context().get(), request, &response).ok());
}

}  // namespace
}  // namespace matching
