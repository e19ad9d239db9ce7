// Access control end to end: an in-process server with a keys file, a call per role allowed
// and one denied, the open health check, and a reload that revokes a key.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/event.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
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

class AuthE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    WriteKeys({KeyEntry("admin-key", "admin", ""), KeyEntry("reader-key", "reader", ""),
               KeyEntry("pub-a-key", "publisher", "org-a"),
               KeyEntry("pub-b-key", "publisher", "org-b"),
               KeyEntry("agency-key", "agency", "agency-1")});
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    config.keys_file = dir_ + "/keys.json";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel_);
    matching_ = v1::MatchingService::NewStub(channel_);
    events_ = v1::EventService::NewStub(channel_);
    ASSERT_TRUE(PutTerritory("admin-key", "54431").ok());
    ASSERT_TRUE(PutOffer("admin-key", "of-a", "org-a").ok());
    ASSERT_TRUE(PutOffer("admin-key", "of-b", "org-b").ok());
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  void WriteKeys(const std::vector<std::string>& entries) {
    std::ofstream(dir_ + "/keys.json") << R"({"keys": [)" << absl::StrJoin(entries, ",") << "]}";
    // 0600, as matchctl keys add writes it: matchd refuses a keys file others may read.
    std::filesystem::permissions(dir_ + "/keys.json", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
    return context;
  }

  grpc::Status PutTerritory(const std::string& key, const std::string& id) {
    v1::UpsertTerritoryRequest request;
    request.mutable_territory()->set_id(id);
    request.mutable_territory()->set_name("Lunéville");
    request.mutable_territory()->set_department_code("54");
    v1::Territory response;
    return catalog_->UpsertTerritory(Context(key).get(), request, &response);
  }

  grpc::Status ListMetropolises(const std::string& key) {
    v1::ListMetropolisesResponse response;
    return catalog_->ListMetropolises(Context(key).get(), v1::ListMetropolisesRequest(), &response);
  }

  grpc::Status PutOffer(const std::string& key, const std::string& id,
                        const std::string& organization) {
    v1::UpsertOfferRequest request;
    request.mutable_offer()->set_id(id);
    request.mutable_offer()->set_territory_id("54431");
    request.mutable_offer()->set_profession(v1::PROFESSION_GP);
    request.mutable_offer()->set_organization_id(organization);
    v1::Offer response;
    return catalog_->UpsertOffer(Context(key).get(), request, &response);
  }

  grpc::Status DeleteOffer(const std::string& key, const std::string& id) {
    v1::DeleteOfferRequest request;
    request.set_id(id);
    v1::DeleteResponse response;
    return catalog_->DeleteOffer(Context(key).get(), request, &response);
  }

  grpc::Status GetOffer(const std::string& key, const std::string& id) {
    v1::GetOfferRequest request;
    request.set_id(id);
    v1::Offer response;
    return catalog_->GetOffer(Context(key).get(), request, &response);
  }

  grpc::Status PutCandidate(const std::string& key, const std::string& id) {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id(id);
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    v1::Candidate response;
    return catalog_->UpsertCandidate(Context(key).get(), request, &response);
  }

  grpc::Status ListCandidates(const std::string& key) {
    v1::ListCandidatesRequest request;
    v1::ListCandidatesResponse response;
    return catalog_->ListCandidates(Context(key).get(), request, &response);
  }

  grpc::Status RankOffersForVisitor(const std::string& key) {
    v1::RankOffersRequest request;
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    v1::RankOffersResponse response;
    return matching_->RankOffers(Context(key).get(), request, &response);
  }
  grpc::Status RankOffersForStored(const std::string& key, const std::string& candidate_id) {
    v1::RankOffersRequest request;
    request.set_candidate_id(candidate_id);
    v1::RankOffersResponse response;
    return matching_->RankOffers(Context(key).get(), request, &response);
  }
  grpc::Status RankCandidates(const std::string& key) {
    v1::RankCandidatesRequest request;
    request.set_offer_id("of-a");
    v1::RankCandidatesResponse response;
    return matching_->RankCandidates(Context(key).get(), request, &response);
  }

  grpc::Status ListEvents(const std::string& key) {
    v1::ListEventsRequest request;
    v1::ListEventsResponse response;
    return events_->ListEvents(Context(key).get(), request, &response);
  }

  grpc::Status DeleteTerritory(const std::string& key, const std::string& id) {
    v1::DeleteTerritoryRequest request;
    request.set_id(id);
    v1::DeleteResponse response;
    return catalog_->DeleteTerritory(Context(key).get(), request, &response);
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
  std::unique_ptr<v1::EventService::Stub> events_;
};

TEST_F(AuthE2ETest, NoKeyOrUnknownKeyIsUnauthenticated) {
  grpc::Status none = GetOffer("", "of-a");
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error_message(), HasSubstr("authorization: Bearer"));
  EXPECT_EQ(GetOffer("made-up-key", "of-a").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(RankCandidates("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ListEvents("nope").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2ETest, HealthCheckNeedsNoKey) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(Context("").get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AuthE2ETest, ReaderReadsAndRanksButDoesNotWrite) {
  EXPECT_TRUE(GetOffer("reader-key", "of-a").ok());
  EXPECT_TRUE(ListMetropolises("reader-key").ok());  // a portal's drop-down
  EXPECT_EQ(ListMetropolises("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(RankOffersForVisitor("reader-key").ok());
  // Stored households' profiles are not a reader's to see, ranked or explained.
  EXPECT_EQ(RankCandidates("reader-key").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RankOffersForStored("reader-key", "cand-0").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status write = PutOffer("reader-key", "of-r", "org-a");
  EXPECT_EQ(write.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(write.error_message(), HasSubstr("role reader"));
  EXPECT_EQ(PutTerritory("reader-key", "54432").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListCandidates("reader-key").error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2ETest, PublisherWritesOnlyItsOrganisationsOffers) {
  EXPECT_TRUE(PutOffer("pub-a-key", "of-a", "org-a").ok());
  EXPECT_TRUE(PutOffer("pub-a-key", "of-a2", "org-a").ok());
  // Territories are reference data: a publisher no longer writes them (issue 19 point 5).
  EXPECT_EQ(PutTerritory("pub-a-key", "54432").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status other = PutOffer("pub-a-key", "of-a3", "org-b");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other.error_message(), HasSubstr("organisation 'org-b'"));
  // Taking over another organisation's offer by rewriting its organization_id.
  EXPECT_EQ(PutOffer("pub-a-key", "of-b", "org-a").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(DeleteOffer("pub-a-key", "of-b").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(GetOffer("pub-b-key", "of-b").ok());  // still there, still org-b's
  EXPECT_TRUE(DeleteOffer("pub-b-key", "of-b").ok());
  EXPECT_EQ(PutCandidate("pub-a-key", "cand-1").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(DeleteTerritory("pub-a-key", "54432").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2ETest, AgencyWritesCandidatesAndEventsNotOffers) {
  EXPECT_TRUE(PutCandidate("agency-key", "cand-1").ok());
  EXPECT_TRUE(RankCandidates("agency-key").ok());
  EXPECT_TRUE(RankOffersForStored("agency-key", "cand-1").ok());
  EXPECT_TRUE(ListCandidates("agency-key").ok());
  EXPECT_TRUE(ListEvents("agency-key").ok());
  EXPECT_EQ(PutOffer("agency-key", "of-x", "agency-1").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(PutTerritory("agency-key", "54432").error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2ETest, AdminDoesEverything) {
  EXPECT_TRUE(PutCandidate("admin-key", "cand-1").ok());
  EXPECT_TRUE(PutOffer("admin-key", "of-b", "org-b").ok());
  EXPECT_TRUE(ListEvents("admin-key").ok());
  ASSERT_TRUE(PutTerritory("admin-key", "54432").ok());
  EXPECT_TRUE(DeleteTerritory("admin-key", "54432").ok());
}

TEST_F(AuthE2ETest, ImportRecordsChecksTheCallAndEachRecord) {
  auto import = [&](const std::string& key, v1::ImportSummary* summary) {
    auto context = Context(key);
    auto writer = catalog_->ImportRecords(context.get(), summary);
    v1::ImportRecord candidate;
    candidate.mutable_candidate()->set_id("cand-imported");
    candidate.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    writer->Write(candidate);
    v1::ImportRecord offer;
    offer.mutable_offer()->set_id("of-imported");
    offer.mutable_offer()->set_territory_id("54431");
    offer.mutable_offer()->set_profession(v1::PROFESSION_GP);
    offer.mutable_offer()->set_organization_id("org-b");
    writer->Write(offer);
    writer->WritesDone();
    return writer->Finish();
  };
  v1::ImportSummary summary;
  EXPECT_EQ(import("", &summary).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(import("reader-key", &summary).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  summary.Clear();
  ASSERT_TRUE(import("agency-key", &summary).ok());
  EXPECT_EQ(summary.accepted(), 1);  // the candidate; an agency writes no offer
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).record_id(), "of-imported");
  EXPECT_THAT(summary.errors(0).message(), HasSubstr("may not write offers"));
  summary.Clear();
  ASSERT_TRUE(import("pub-a-key", &summary).ok());
  EXPECT_EQ(summary.accepted(), 0);  // neither a candidate nor org-b's offer
  EXPECT_EQ(summary.rejected(), 2);
}

TEST_F(AuthE2ETest, ReloadRevokesAKeyAndABadFileKeepsTheOldKeys) {
  ASSERT_TRUE(GetOffer("reader-key", "of-a").ok());
  WriteKeys({KeyEntry("admin-key", "admin", ""), KeyEntry("new-key", "reader", "")});
  absl::StatusOr<size_t> reloaded = server_->ReloadKeys();
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(*reloaded, 2u);
  EXPECT_EQ(GetOffer("reader-key", "of-a").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(GetOffer("new-key", "of-a").ok());

  std::ofstream(dir_ + "/keys.json") << R"({"keys": [{"sha256": "zz", "role": "admin"}]})";
  absl::StatusOr<size_t> bad = server_->ReloadKeys();
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("keys[0].sha256"));
  EXPECT_TRUE(GetOffer("new-key", "of-a").ok());  // the previous keys stay in force
}

// Consent decides who sees a household: an agency reads and lists only households that
// consented and are searching; a hidden one is NOT_FOUND, as an id never stored (no oracle);
// the admin sees every household.
TEST_F(AuthE2ETest, AgenciesSeeOnlyConsentingSearchingHouseholds) {
  const auto put = [&](const std::string& id, bool consent, v1::CandidateStatus status) {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id(id);
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    request.mutable_candidate()->mutable_consent()->set_given(consent);
    request.mutable_candidate()->set_status(status);
    v1::Candidate response;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context("agency-key").get(), request, &response).ok());
  };
  put("cand-shown", true, v1::CANDIDATE_STATUS_ACTIVE);
  put("cand-no-consent", false, v1::CANDIDATE_STATUS_ACTIVE);
  put("cand-paused", true, v1::CANDIDATE_STATUS_PAUSED);
  put("cand-placed", true, v1::CANDIDATE_STATUS_PLACED);
  const auto get = [&](const std::string& key, const std::string& id) {
    v1::GetCandidateRequest request;
    request.set_id(id);
    v1::Candidate response;
    return catalog_->GetCandidate(Context(key).get(), request, &response);
  };
  const auto list = [&](const std::string& key) {
    v1::ListCandidatesRequest request;
    request.set_page_size(100);
    v1::ListCandidatesResponse response;
    EXPECT_TRUE(catalog_->ListCandidates(Context(key).get(), request, &response).ok());
    std::vector<std::string> ids;
    for (const v1::Candidate& c : response.candidates()) ids.push_back(c.id());
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_TRUE(get("agency-key", "cand-shown").ok());
  const grpc::Status never = get("agency-key", "cand-never-stored");
  for (const char* hidden : {"cand-no-consent", "cand-paused", "cand-placed"}) {
    const grpc::Status status = get("agency-key", hidden);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << hidden;
    EXPECT_EQ(status.error_message(), absl::StrCat("candidate '", hidden, "' not found"))
        << "the same answer as for an id never stored: " << never.error_message();
    EXPECT_TRUE(get("admin-key", hidden).ok()) << hidden;
  }
  EXPECT_EQ(list("agency-key"), std::vector<std::string>{"cand-shown"});
  EXPECT_EQ(list("admin-key"), (std::vector<std::string>{"cand-no-consent", "cand-paused",
                                                         "cand-placed", "cand-shown"}));
}

TEST(AuthStartTest, BadKeysFileIsAClearErrorAtStart) {
  const std::string dir = testing::MakeTempDir();
  std::ofstream(dir + "/keys.json") << R"({"keys": [{"sha256": "00", "role": "reader"}]})";
  std::filesystem::permissions(
      dir + "/keys.json", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  server::ServerConfig config;
  config.data_dir = dir + "/data";
  config.listen = "127.0.0.1:0";
  config.keys_file = dir + "/keys.json";
  absl::StatusOr<std::unique_ptr<server::MatchServer>> server = server::MatchServer::Start(config);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(std::string(server.status().message()),
              HasSubstr("keys file '" + dir + "/keys.json': keys[0].sha256"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace matching
