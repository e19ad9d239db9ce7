// CampaignService end to end through a real server: create, plan against the baseline,
// outcomes and a re-plan that keeps accepted pairs, erasure, another organisation's key.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/campaign.grpc.pb.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/auth.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

std::string KeyEntry(const std::string& key, const std::string& role,
                     const std::string& organization) {
  const server::Sha256 digest = server::Sha256Of(key);
  return absl::StrCat(R"({"sha256": ")",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(digest.data()), digest.size())),
                      R"(", "role": ")", role, R"(", "organization": ")", organization,
                      R"(", "label": ")", key, R"("})");
}

constexpr int kHouseholds = 12;

class CampaignE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    std::ofstream(dir_ + "/keys.json")
        << R"({"keys": [)"
        << absl::StrJoin(
               {KeyEntry("admin-key", "admin", ""), KeyEntry("reader-key", "reader", ""),
                KeyEntry("ars-a-key", "agency", "ars-a"), KeyEntry("ars-b-key", "agency", "ars-b")},
               ",")
        << "]}";
    std::filesystem::permissions(dir_ + "/keys.json", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    config.keys_file = dir_ + "/keys.json";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> started =
        server::MatchServer::Start(config);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    campaigns_ = v1::CampaignService::NewStub(channel);
    // Lunéville is well equipped and well served: every household's first choice; the
    // Meuse and Vosges posts are in under-served territories (APL < 2.5).
    PutTerritory("54329", "Lunéville", 4.5, 2);
    PutTerritory("55029", "Bar-le-Duc", 2.0, 25);
    PutTerritory("88160", "Épinal", 2.2, 20);
    PutTerritory("55545", "Verdun", 1.8, 30);
    PutOffer("of-luneville", "54329", v1::PRACTICE_SETTING_MSP);
    PutOffer("of-barleduc", "55029", v1::PRACTICE_SETTING_GROUP_PRACTICE);
    PutOffer("of-epinal", "88160", v1::PRACTICE_SETTING_GROUP_PRACTICE);
    PutOffer("of-verdun", "55545", v1::PRACTICE_SETTING_SOLO_PRACTICE);
    for (int i = 0; i < kHouseholds; ++i) PutCandidate(absl::StrCat("cand-", i), i);
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& key = "ars-a-key") {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context->AddMetadata("authorization", "Bearer " + key);
    return context;
  }

  void PutTerritory(const std::string& id, const std::string& name, double apl, int creche) {
    v1::UpsertTerritoryRequest request;
    v1::Territory* t = request.mutable_territory();
    t->set_id(id);
    t->set_name(name);
    t->set_department_code(id.substr(0, 2));
    t->set_region_code("44");
    t->set_creche_minutes(creche);
    t->set_apl(apl);
    v1::Territory response;
    ASSERT_TRUE(catalog_->UpsertTerritory(Context("admin-key").get(), request, &response).ok());
  }
  void PutOffer(const std::string& id, const std::string& territory, v1::PracticeSetting setting) {
    v1::UpsertOfferRequest request;
    v1::Offer* o = request.mutable_offer();
    o->set_id(id);
    o->set_territory_id(territory);
    o->set_profession(v1::PROFESSION_GP);
    o->set_setting(setting);
    v1::Offer response;
    ASSERT_TRUE(catalog_->UpsertOffer(Context("admin-key").get(), request, &response).ok());
  }
  void PutCandidate(const std::string& id, int experience) {
    v1::UpsertCandidateRequest request;
    v1::Candidate* c = request.mutable_candidate();
    c->set_id(id);
    c->set_profession(v1::PROFESSION_GP);
    c->set_experience_years(experience);
    c->add_preferred_settings(v1::PRACTICE_SETTING_MSP);
    c->mutable_consent()->set_given(true);
    v1::Candidate response;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context("admin-key").get(), request, &response).ok());
  }

  static v1::Campaign Lorraine(const std::string& id, v1::CampaignMode mode) {
    v1::Campaign campaign;
    campaign.set_id(id);
    campaign.set_name("Lorraine 2027");
    campaign.mutable_scope()->add_region_codes("44");
    campaign.mutable_scope()->add_professions(v1::PROFESSION_GP);
    campaign.set_proposals_per_household(2);
    campaign.set_proposals_per_position(4);
    campaign.set_mode(mode);
    return campaign;
  }
  grpc::Status Create(const v1::Campaign& campaign, const std::string& key = "ars-a-key") {
    v1::CreateCampaignRequest request;
    *request.mutable_campaign() = campaign;
    v1::Campaign response;
    return campaigns_->CreateCampaign(Context(key).get(), request, &response);
  }
  grpc::Status Plan(const std::string& id, v1::CampaignPlan* plan,
                    const std::string& key = "ars-a-key") {
    v1::PlanCampaignRequest request;
    request.set_campaign_id(id);
    return campaigns_->PlanCampaign(Context(key).get(), request, plan);
  }
  grpc::Status Outcome(const std::string& id, const std::string& candidate,
                       const std::string& offer, v1::OutcomeKind kind,
                       const std::string& key = "ars-a-key") {
    v1::RecordOutcomeRequest request;
    request.set_campaign_id(id);
    request.mutable_outcome()->set_candidate_id(candidate);
    request.mutable_outcome()->set_offer_id(offer);
    request.mutable_outcome()->set_kind(kind);
    v1::Campaign response;
    return campaigns_->RecordOutcome(Context(key).get(), request, &response);
  }
  v1::Campaign Get(const std::string& id) {
    v1::GetCampaignRequest request;
    request.set_id(id);
    v1::Campaign response;
    EXPECT_TRUE(campaigns_->GetCampaign(Context().get(), request, &response).ok());
    return response;
  }

  // Every household within its capacity, every post within positions × per-position.
  static void ExpectWithinCapacities(const v1::CampaignPlan& plan, int per_household,
                                     int per_offer) {
    std::map<std::string, int> households, offers;
    for (const v1::CampaignProposal& p : plan.proposals()) {
      ++households[p.candidate_id()];
      ++offers[p.offer_id()];
    }
    for (const auto& [id, n] : households) EXPECT_LE(n, per_household) << id;
    for (const auto& [id, n] : offers) EXPECT_LE(n, per_offer) << id;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::CampaignService::Stub> campaigns_;
};

TEST_F(CampaignE2ETest, PlansWithinCapacitiesReplansWithOutcomesAndErasureScrubs) {
  ASSERT_TRUE(Create(Lorraine("camp-lorraine", v1::CAMPAIGN_MODE_OPTIMAL)).ok());
  v1::CampaignPlan plan;
  grpc::Status planned = Plan("camp-lorraine", &plan);
  ASSERT_TRUE(planned.ok()) << planned.error_message();
  EXPECT_EQ(plan.households(), kHouseholds);
  EXPECT_EQ(plan.offers(), 4);
  ExpectWithinCapacities(plan, 2, 4);
  EXPECT_EQ(plan.figures().offers_over_capacity(), 0);
  EXPECT_EQ(plan.max_proposals_per_offer(), 4);
  // The baseline (each household's own top 2) floods the posts that rank first for all.
  EXPECT_GT(plan.baseline().max_proposals_per_offer(), 4);
  EXPECT_GT(plan.baseline().offers_over_capacity(), 0);
  EXPECT_EQ(plan.offers_reached(), 4);
  EXPECT_EQ(plan.under_served_offers_reached(), 3);
  EXPECT_GE(plan.under_served_offers_reached(), plan.baseline().under_served_offers_reached());
  EXPECT_EQ(plan.proposals_size(), 16);  // 4 posts × 4: the posts are the scarce side
  EXPECT_GE(plan.upper_bound(), plan.total_score());
  EXPECT_THAT(plan.method(), HasSubstr("network simplex"));
  EXPECT_FALSE(plan.plan_time().empty());
  EXPECT_EQ(Get("camp-lorraine").plan().proposals_size(), plan.proposals_size());

  // Outcomes: one household accepts, one declines, one post is filled.
  const v1::CampaignProposal accepted = plan.proposals(0);
  v1::CampaignProposal declined;
  for (const v1::CampaignProposal& p : plan.proposals()) {
    if (p.candidate_id() != accepted.candidate_id() && p.offer_id() != accepted.offer_id()) {
      declined = p;
      break;
    }
  }
  ASSERT_FALSE(declined.candidate_id().empty());
  std::string filled;
  for (const char* id : {"of-luneville", "of-barleduc", "of-epinal", "of-verdun"}) {
    if (id != accepted.offer_id() && id != declined.offer_id()) filled = id;
  }
  ASSERT_TRUE(Outcome("camp-lorraine", accepted.candidate_id(), accepted.offer_id(),
                      v1::OUTCOME_KIND_ACCEPTED)
                  .ok());
  ASSERT_TRUE(Outcome("camp-lorraine", declined.candidate_id(), declined.offer_id(),
                      v1::OUTCOME_KIND_DECLINED)
                  .ok());
  ASSERT_TRUE(Outcome("camp-lorraine", "", filled, v1::OUTCOME_KIND_FILLED).ok());
  grpc::Status not_proposed =
      Outcome("camp-lorraine", "cand-0", "of-nowhere", v1::OUTCOME_KIND_MET);
  EXPECT_EQ(not_proposed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(not_proposed.error_message(), HasSubstr("of-nowhere"));
  EXPECT_EQ(Get("camp-lorraine").outcomes_size(), 3);

  v1::CampaignPlan replan;
  ASSERT_TRUE(Plan("camp-lorraine", &replan).ok());
  bool kept = false;
  for (const v1::CampaignProposal& p : replan.proposals()) {
    if (p.candidate_id() == accepted.candidate_id() && p.offer_id() == accepted.offer_id()) {
      kept = p.kept();
    }
    EXPECT_FALSE(p.candidate_id() == declined.candidate_id() && p.offer_id() == declined.offer_id())
        << "a declined pair was proposed again";
    EXPECT_NE(p.offer_id(), filled) << "a filled post was proposed again";
  }
  EXPECT_TRUE(kept) << "the accepted pair was not kept";
  bool removed_declined = false;
  for (const v1::CampaignChange& change : replan.changes()) {
    removed_declined |= change.kind() == v1::CampaignChange::KIND_REMOVED &&
                        change.proposal().candidate_id() == declined.candidate_id() &&
                        change.proposal().offer_id() == declined.offer_id();
  }
  EXPECT_TRUE(removed_declined);
  ExpectWithinCapacities(replan, 2, 4);

  // Erasure: the accepted household disappears from the campaign (plan, changes, outcomes).
  v1::DeleteCandidateRequest erase;
  erase.set_id(accepted.candidate_id());
  v1::DeleteResponse erased;
  ASSERT_TRUE(catalog_->DeleteCandidate(Context("admin-key").get(), erase, &erased).ok());
  const v1::Campaign after = Get("camp-lorraine");
  for (const v1::CampaignChange& c : after.plan().changes()) {
    EXPECT_NE(c.proposal().candidate_id(), accepted.candidate_id());
  }
  for (const v1::CampaignProposal& p : after.plan().proposals()) {
    EXPECT_NE(p.candidate_id(), accepted.candidate_id());
  }
  for (const v1::CampaignOutcome& o : after.outcomes()) {
    EXPECT_NE(o.candidate_id(), accepted.candidate_id());
  }
  EXPECT_EQ(after.outcomes_size(), 2);
  v1::CampaignPlan without;
  ASSERT_TRUE(Plan("camp-lorraine", &without).ok());
  EXPECT_EQ(without.households(), kHouseholds - 1);
}

// The plan lists every post in scope with its department and its load in the plan and in the
// baseline: what the agency's report draws (issue 23 point 4).
TEST_F(CampaignE2ETest, ThePlanListsEveryPostWithItsDepartmentAndLoad) {
  ASSERT_TRUE(Create(Lorraine("camp-posts", v1::CAMPAIGN_MODE_OPTIMAL)).ok());
  v1::CampaignPlan plan;
  ASSERT_TRUE(Plan("camp-posts", &plan).ok());
  ASSERT_EQ(plan.posts_size(), 4);
  std::map<std::string, int> planned, baseline;  // proposals counted from the proposals
  for (const v1::CampaignProposal& p : plan.proposals()) ++planned[p.offer_id()];
  int baseline_total = 0;
  std::vector<std::string> ids;
  for (const v1::CampaignPost& post : plan.posts()) {
    ids.push_back(post.offer_id());
    EXPECT_EQ(post.proposals(), planned[post.offer_id()]) << post.offer_id();
    EXPECT_EQ(post.capacity(), 4);  // 1 position x 4 per position
    EXPECT_LE(post.proposals(), post.capacity());
    EXPECT_EQ(post.region_code(), "44");
    EXPECT_FALSE(post.filled());
    baseline_total += post.baseline_proposals();
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("of-barleduc", "of-epinal", "of-luneville", "of-verdun"));
  EXPECT_EQ(plan.posts(0).department_code(), "55");
  EXPECT_EQ(plan.posts(0).territory_id(), "55029");
  EXPECT_EQ(plan.posts(1).department_code(), "88");
  EXPECT_EQ(plan.posts(2).department_code(), "54");
  EXPECT_FALSE(plan.posts(2).under_served());  // Lunéville, APL 4.5
  EXPECT_TRUE(plan.posts(3).under_served());   // Verdun, APL 1.8
  EXPECT_EQ(baseline_total, plan.baseline().proposals());
  int baseline_max = 0;
  for (const v1::CampaignPost& post : plan.posts()) {
    baseline_max = std::max(baseline_max, post.baseline_proposals());
  }
  EXPECT_EQ(baseline_max, plan.baseline().max_proposals_per_offer());

  // A post filled before a re-plan is listed, filled, with no proposal.
  ASSERT_TRUE(Outcome("camp-posts", "", "of-verdun", v1::OUTCOME_KIND_FILLED).ok());
  v1::CampaignPlan replan;
  ASSERT_TRUE(Plan("camp-posts", &replan).ok());
  ASSERT_EQ(replan.posts_size(), 4);
  EXPECT_TRUE(replan.posts(3).filled());
  EXPECT_EQ(replan.posts(3).proposals(), 0);
  EXPECT_FALSE(replan.posts(0).filled());
}

TEST_F(CampaignE2ETest, StableModeLeavesNoBlockingPair) {
  ASSERT_TRUE(Create(Lorraine("camp-stable", v1::CAMPAIGN_MODE_STABLE)).ok());
  v1::CampaignPlan plan;
  ASSERT_TRUE(Plan("camp-stable", &plan).ok());
  EXPECT_EQ(plan.blocking_pairs(), 0);
  EXPECT_GT(plan.baseline().offers_over_capacity(), 0);  // the baseline floods, stable does not
  EXPECT_EQ(plan.figures().offers_over_capacity(), 0);
  EXPECT_THAT(plan.method(), HasSubstr("deferred acceptance"));
  ExpectWithinCapacities(plan, 2, 4);
  EXPECT_GE(plan.upper_bound(), plan.total_score());  // the optimal plan's bound
}

TEST_F(CampaignE2ETest, AnotherOrganisationNeitherSeesNorChangesACampaign) {
  ASSERT_TRUE(Create(Lorraine("camp-a", v1::CAMPAIGN_MODE_OPTIMAL)).ok());
  ASSERT_TRUE(Create(Lorraine("camp-b", v1::CAMPAIGN_MODE_OPTIMAL), "ars-b-key").ok());
  EXPECT_EQ(Get("camp-a").organization(), "ars-a");

  v1::GetCampaignRequest get;
  get.set_id("camp-a");
  v1::Campaign campaign;
  grpc::Status other = campaigns_->GetCampaign(Context("ars-b-key").get(), get, &campaign);
  // NOT_FOUND with the message of an id never stored: no existence oracle.
  EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND);
  get.set_id("camp-never");
  grpc::Status missing = campaigns_->GetCampaign(Context("ars-b-key").get(), get, &campaign);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(other.error_message(),
            absl::StrReplaceAll(missing.error_message(), {{"camp-never", "camp-a"}}));
  get.set_id("camp-a");
  v1::CampaignPlan plan;
  EXPECT_EQ(Plan("camp-a", &plan, "ars-b-key").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Outcome("camp-a", "", "of-verdun", v1::OUTCOME_KIND_FILLED, "ars-b-key").error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::DeleteCampaignRequest del;
  del.set_id("camp-a");
  v1::DeleteCampaignResponse deleted;
  ASSERT_TRUE(campaigns_->DeleteCampaign(Context("ars-b-key").get(), del, &deleted).ok());
  EXPECT_FALSE(deleted.existed());          // as for an id never stored
  EXPECT_EQ(Get("camp-a").id(), "camp-a");  // still there, unplanned, for its owner
  EXPECT_EQ(Get("camp-a").plan().proposals_size(), 0);

  v1::ListCampaignsResponse listed;
  ASSERT_TRUE(
      campaigns_->ListCampaigns(Context("ars-b-key").get(), v1::ListCampaignsRequest(), &listed)
          .ok());
  ASSERT_EQ(listed.campaigns_size(), 1);
  EXPECT_EQ(listed.campaigns(0).id(), "camp-b");
  ASSERT_TRUE(
      campaigns_->ListCampaigns(Context("admin-key").get(), v1::ListCampaignsRequest(), &listed)
          .ok());
  EXPECT_EQ(listed.campaigns_size(), 2);  // the admin sees both organisations' campaigns

  // A reader key has no right over campaigns at all.
  EXPECT_EQ(campaigns_->GetCampaign(Context("reader-key").get(), get, &campaign).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Create(Lorraine("camp-r", v1::CAMPAIGN_MODE_OPTIMAL), "reader-key").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The owner deletes it.
  ASSERT_TRUE(campaigns_->DeleteCampaign(Context().get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.existed());
}

// A household an agency registered belongs to its organisation (issue 19 point 5): another
// organisation's campaign never proposes it; its own organisation's does.
TEST_F(CampaignE2ETest, AHouseholdRegisteredByAnAgencyIsProposedOnlyInItsOrganisationsCampaigns) {
  v1::UpsertCandidateRequest request;
  v1::Candidate* c = request.mutable_candidate();
  c->set_id("cand-of-b");
  c->set_profession(v1::PROFESSION_GP);
  c->set_experience_years(30);  // the most experienced: every post's first choice
  c->add_preferred_settings(v1::PRACTICE_SETTING_MSP);
  c->mutable_consent()->set_given(true);
  v1::Candidate stored;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context("ars-b-key").get(), request, &stored).ok());
  ASSERT_EQ(stored.registering_organization_id(), "ars-b");

  auto proposes = [](const v1::CampaignPlan& plan, const std::string& candidate) {
    for (const v1::CampaignProposal& p : plan.proposals()) {
      if (p.candidate_id() == candidate) return true;
    }
    return false;
  };
  ASSERT_TRUE(Create(Lorraine("camp-a", v1::CAMPAIGN_MODE_OPTIMAL)).ok());
  ASSERT_TRUE(Create(Lorraine("camp-b", v1::CAMPAIGN_MODE_OPTIMAL), "ars-b-key").ok());
  v1::CampaignPlan plan_a, plan_b;
  ASSERT_TRUE(Plan("camp-a", &plan_a).ok());
  ASSERT_TRUE(Plan("camp-b", &plan_b, "ars-b-key").ok());
  EXPECT_FALSE(proposes(plan_a, "cand-of-b"));
  EXPECT_TRUE(proposes(plan_b, "cand-of-b"));
  EXPECT_GT(plan_a.proposals_size(), 0);  // unregistered households: every organisation's
}

TEST_F(CampaignE2ETest, BadInputNamesTheFieldAndTheValue) {
  v1::Campaign campaign = Lorraine("camp-bad", v1::CAMPAIGN_MODE_OPTIMAL);
  campaign.set_proposals_per_household(50);
  grpc::Status status = Create(campaign);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("campaign.proposals_per_household: 50"));
  campaign = Lorraine("camp-bad", v1::CAMPAIGN_MODE_OPTIMAL);
  campaign.mutable_options()->set_include_beyond_limits(true);
  status = Create(campaign);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("campaign.options.include_beyond_limits"));
  campaign = Lorraine("camp-bad", v1::CAMPAIGN_MODE_OPTIMAL);
  campaign.mutable_scope()->add_department_codes("20");
  status = Create(campaign);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("campaign.scope.department_codes[0]"));
  ASSERT_TRUE(Create(Lorraine("camp-dup", v1::CAMPAIGN_MODE_OPTIMAL)).ok());
  EXPECT_EQ(Create(Lorraine("camp-dup", v1::CAMPAIGN_MODE_OPTIMAL)).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  v1::CampaignPlan plan;
  EXPECT_EQ(Plan("camp-missing", &plan).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Outcome("camp-dup", "cand-1", "of-verdun", v1::OUTCOME_KIND_UNSPECIFIED).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// A dual-career household (the partner a nurse who needs a job) with options.joint gets
// joint proposals: its post and the partner's, both in scope, each taking a place; the
// other households stay single.
TEST_F(CampaignE2ETest, ACoupleGetsAJointProposalWithItsPartnersPost) {
  v1::UpsertOfferRequest offer;
  offer.mutable_offer()->set_id("of-luneville-ide");
  offer.mutable_offer()->set_territory_id("54329");
  offer.mutable_offer()->set_profession(v1::PROFESSION_NURSE);
  offer.mutable_offer()->set_setting(v1::PRACTICE_SETTING_MSP);
  v1::Offer stored_offer;
  ASSERT_TRUE(catalog_->UpsertOffer(Context("admin-key").get(), offer, &stored_offer).ok());
  v1::UpsertCandidateRequest request;
  v1::Candidate* c = request.mutable_candidate();
  c->set_id("cand-couple");
  c->set_profession(v1::PROFESSION_GP);
  c->set_experience_years(8);
  c->add_preferred_settings(v1::PRACTICE_SETTING_MSP);
  c->mutable_consent()->set_given(true);
  c->mutable_household()->mutable_partner()->set_sector("health");
  c->mutable_household()->mutable_partner()->set_needs_job(true);
  c->mutable_household()->mutable_partner()->set_profession(v1::PROFESSION_NURSE);
  v1::Candidate stored;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context("admin-key").get(), request, &stored).ok());

  for (v1::CampaignMode mode : {v1::CAMPAIGN_MODE_OPTIMAL, v1::CAMPAIGN_MODE_STABLE}) {
    const std::string id = mode == v1::CAMPAIGN_MODE_OPTIMAL ? "camp-joint-o" : "camp-joint-s";
    v1::Campaign campaign = Lorraine(id, mode);
    campaign.mutable_scope()->add_professions(v1::PROFESSION_NURSE);
    campaign.mutable_options()->set_joint(true);
    // Stable: room for every household, so the couple, introduced last, gets its pair.
    if (mode == v1::CAMPAIGN_MODE_STABLE) campaign.set_proposals_per_position(20);
    grpc::Status created = Create(campaign);
    ASSERT_TRUE(created.ok()) << created.error_message();
    v1::CampaignPlan plan;
    grpc::Status planned = Plan(id, &plan);
    ASSERT_TRUE(planned.ok()) << planned.error_message();
    int joint = 0, couple = 0;
    std::map<std::string, int> places;
    for (const v1::CampaignProposal& p : plan.proposals()) {
      ++places[p.offer_id()];
      if (!p.partner_offer_id().empty()) ++places[p.partner_offer_id()];
      if (p.candidate_id() != "cand-couple") {
        EXPECT_TRUE(p.partner_offer_id().empty()) << p.candidate_id();
        continue;
      }
      ++couple;
      EXPECT_EQ(p.partner_offer_id(), "of-luneville-ide");  // the only nurse post in reach
      EXPECT_EQ(p.offer_id(), "of-luneville");              // the GP post of its territory
      EXPECT_GT(p.partner_score(), 0);
      ++joint;
    }
    EXPECT_EQ(joint, 1) << plan.method();
    EXPECT_EQ(couple, 1);
    // A joint proposal takes a place at both posts: none beyond 1 position x its capacity.
    for (const auto& [offer_id, n] : places) {
      EXPECT_LE(n, campaign.proposals_per_position()) << offer_id;
    }
    EXPECT_EQ(plan.figures().offers_over_capacity(), 0);
    if (mode == v1::CAMPAIGN_MODE_STABLE) {
      EXPECT_THAT(plan.method(), HasSubstr("Roth-Peranson"));
      EXPECT_EQ(plan.blocking_pairs(), 0);
    } else {
      EXPECT_THAT(plan.method(), HasSubstr("couples first"));
    }
    EXPECT_EQ(Get(id).plan().proposals_size(), plan.proposals_size());
  }
}

// A plan that would make the campaign record larger than --max_message_bytes is refused
// with RESOURCE_EXHAUSTED, nothing stored; a smaller one still plans.
TEST_F(CampaignE2ETest, AnOversizedPlanIsResourceExhaustedAndNothingIsStored) {
  server_->Shutdown(absl::Seconds(5));
  server::ServerConfig config;
  config.data_dir = dir_ + "/data";
  config.listen = "127.0.0.1:0";
  config.keys_file = dir_ + "/keys.json";
  config.max_message_bytes = 1500;
  absl::StatusOr<std::unique_ptr<server::MatchServer>> started = server::MatchServer::Start(config);
  ASSERT_TRUE(started.ok()) << started.status();
  server_ = std::move(*started);
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                     grpc::InsecureChannelCredentials());
  campaigns_ = v1::CampaignService::NewStub(channel);

  v1::Campaign big = Lorraine("camp-big", v1::CAMPAIGN_MODE_OPTIMAL);
  big.set_proposals_per_household(3);
  big.set_proposals_per_position(20);  // 12 households x 3 proposals: about 2.5 KB of plan
  ASSERT_TRUE(Create(big).ok());
  v1::CampaignPlan plan;
  grpc::Status planned = Plan("camp-big", &plan);
  EXPECT_EQ(planned.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(planned.error_message(), HasSubstr("--max_message_bytes (1500)"));
  EXPECT_THAT(planned.error_message(), HasSubstr("camp-big"));
  EXPECT_EQ(Get("camp-big").plan().proposals_size(), 0);  // nothing stored

  v1::Campaign small = Lorraine("camp-small", v1::CAMPAIGN_MODE_OPTIMAL);
  small.set_proposals_per_household(1);
  small.set_proposals_per_position(1);
  ASSERT_TRUE(Create(small).ok());
  planned = Plan("camp-small", &plan);
  ASSERT_TRUE(planned.ok()) << planned.error_message();
  EXPECT_EQ(plan.proposals_size(), 4);
}

}  // namespace
}  // namespace matching
