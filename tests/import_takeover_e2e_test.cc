// Issue 19, point 4, through the API: an import stream left open must not take over an offer
// that another organisation created after the import had read it. The interleaving is made
// deterministic by a store that reports the import's read-time check (no timing, no sleep).
#include <grpcpp/grpcpp.h>
#include <rocksdb/env.h>

#include <memory>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/store.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/auth.h"
#include "server/catalog_service.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

// Forwards every call to `inner`; notifies `offer_read` after the first GetOffer of `watched`.
class WatchedStore final : public index::Store {
 public:
  WatchedStore(index::Store* inner, std::string watched)
      : inner_(inner), watched_(std::move(watched)) {}

  absl::Notification offer_read;

  absl::StatusOr<v1::Offer> GetOffer(const std::string& id) override {
    absl::StatusOr<v1::Offer> offer = inner_->GetOffer(id);
    if (id == watched_) std::call_once(once_, [this] { offer_read.Notify(); });
    return offer;
  }

  absl::StatusOr<v1::Territory> WriteTerritory(const v1::Territory& t,
                                               const index::TerritoryWrite& w) override {
    return inner_->WriteTerritory(t, w);
  }
  absl::StatusOr<v1::Territory> GetTerritory(const std::string& id) override {
    return inner_->GetTerritory(id);
  }
  absl::StatusOr<bool> DeleteTerritory(const std::string& id,
                                       const index::ChangeAuthor* author) override {
    return inner_->DeleteTerritory(id, author);
  }
  absl::StatusOr<index::Page<v1::Territory>> ListTerritories(const index::TerritoryFilter& f,
                                                             const index::PageRequest& p) override {
    return inner_->ListTerritories(f, p);
  }
  absl::StatusOr<bool> TerritoryExists(const std::string& id) override {
    return inner_->TerritoryExists(id);
  }
  absl::StatusOr<v1::Offer> PutOffer(const v1::Offer& o) override { return inner_->PutOffer(o); }
  absl::StatusOr<bool> DeleteOffer(const std::string& id) override {
    return inner_->DeleteOffer(id);
  }
  absl::StatusOr<index::Page<v1::Offer>> ListOffers(const index::OfferFilter& f,
                                                    const index::PageRequest& p) override {
    return inner_->ListOffers(f, p);
  }
  absl::StatusOr<v1::Candidate> PutCandidate(const v1::Candidate& c) override {
    return inner_->PutCandidate(c);
  }
  absl::StatusOr<v1::Candidate> GetCandidate(const std::string& id) override {
    return inner_->GetCandidate(id);
  }
  absl::StatusOr<bool> DeleteCandidate(const std::string& id,
                                       const index::OrgScope& scope) override {
    return inner_->DeleteCandidate(id, scope);
  }
  absl::StatusOr<index::Page<v1::Candidate>> ListCandidates(const index::CandidateFilter& f,
                                                            const index::PageRequest& p) override {
    return inner_->ListCandidates(f, p);
  }
  absl::StatusOr<v1::Event> PutEvent(const v1::Event& e, const index::OrgScope& s) override {
    return inner_->PutEvent(e, s);
  }
  absl::StatusOr<v1::Event> GetEvent(const std::string& id) override {
    return inner_->GetEvent(id);
  }
  absl::StatusOr<bool> DeleteEvent(const std::string& id, const index::OrgScope& s) override {
    return inner_->DeleteEvent(id, s);
  }
  absl::StatusOr<index::Page<v1::Event>> ListEvents(const index::PageRequest& p,
                                                    const index::OrgScope& s) override {
    return inner_->ListEvents(p, s);
  }
  absl::Status PutBatch(std::vector<index::Record>& records) override {
    return inner_->PutBatch(records);
  }
  absl::StatusOr<index::Page<v1::AuditEntry>> ListAuditEntries(
      const index::AuditFilter& f, const index::PageRequest& p) override {
    return inner_->ListAuditEntries(f, p);
  }
  absl::Status Compact() override { return inner_->Compact(); }
  absl::StatusOr<index::StoreCounts> Counts() override { return inner_->Counts(); }
  absl::StatusOr<index::CheckpointInfo> Checkpoint(const std::string& dir) override {
    return inner_->Checkpoint(dir);
  }
  absl::Status ForEachTerritory(
      const std::function<absl::Status(const v1::Territory&)>& visit) override {
    return inner_->ForEachTerritory(visit);
  }
  absl::Status ForEachOffer(const std::function<absl::Status(const v1::Offer&)>& visit) override {
    return inner_->ForEachOffer(visit);
  }
  absl::Status ForEachCandidate(
      const std::function<absl::Status(const v1::Candidate&)>& visit) override {
    return inner_->ForEachCandidate(visit);
  }
  absl::Status ForEachEvent(const std::function<absl::Status(const v1::Event&)>& visit) override {
    return inner_->ForEachEvent(visit);
  }
  absl::StatusOr<v1::Campaign> PutCampaign(const v1::Campaign& campaign) override {
    return inner_->PutCampaign(campaign);
  }
  absl::StatusOr<v1::Campaign> GetCampaign(const std::string& id) override {
    return inner_->GetCampaign(id);
  }
  absl::StatusOr<bool> DeleteCampaign(const std::string& id) override {
    return inner_->DeleteCampaign(id);
  }
  absl::StatusOr<index::Page<v1::Campaign>> ListCampaigns(const std::string& organization,
                                                          const index::PageRequest& p) override {
    return inner_->ListCampaigns(organization, p);
  }
  absl::Status ForEachCampaign(
      const std::function<absl::Status(const v1::Campaign&)>& visit) override {
    return inner_->ForEachCampaign(visit);
  }

 private:
  index::Store* inner_;
  const std::string watched_;
  std::once_flag once_;
};

std::string KeyEntry(const std::string& key, const std::string& organization) {
  const server::Sha256 digest = server::Sha256Of(key);
  return absl::StrCat(R"({"sha256": ")",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(digest.data()), digest.size())),
                      R"(", "role": "publisher", "organization": ")", organization, R"("})");
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context->AddMetadata("authorization", "Bearer " + key);
  return context;
}

v1::Offer OfferOf(const std::string& organization) {
  v1::Offer offer;
  offer.set_id("of-target");
  offer.set_territory_id("54431");
  offer.set_profession(v1::PROFESSION_GP);
  offer.set_organization_id(organization);
  return offer;
}

TEST(ImportTakeoverE2ETest, OpenImportCannotTakeOverAnOfferCreatedMeanwhile) {
  std::unique_ptr<rocksdb::Env> env(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  index::StoreOptions options;
  options.env = env.get();
  absl::StatusOr<std::unique_ptr<index::Store>> rocks = index::OpenStore("/db", options);
  ASSERT_TRUE(rocks.ok()) << rocks.status();
  WatchedStore store(rocks->get(), "of-target");
  v1::Territory territory;
  territory.set_id("54431");
  ASSERT_TRUE(store.PutTerritory(territory).ok());
  absl::StatusOr<server::KeyRing> keys =
      server::KeyRing::Parse(absl::StrCat(R"({"keys": [)", KeyEntry("pub-a-key", "org-a"), ",",
                                          KeyEntry("pub-b-key", "org-b"), "]}"),
                             "test");
  ASSERT_TRUE(keys.ok()) << keys.status();
  server::Authorizer auth(std::move(*keys));
  server::CatalogServiceImpl catalog(&auth, &store);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&catalog);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  auto stub = v1::CatalogService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));

  // A opens an import with of-target for org-a and keeps the stream open. The server reads
  // it and checks it (no such offer yet: accepted); the record waits for its batch.
  v1::ImportSummary summary;
  auto import_context = Context("pub-a-key");
  auto import = stub->ImportRecords(import_context.get(), &summary);
  v1::ImportRecord record;
  *record.mutable_offer() = OfferOf("org-a");
  ASSERT_TRUE(import->Write(record));
  ASSERT_TRUE(store.offer_read.WaitForNotificationWithTimeout(absl::Seconds(10)));

  // B creates of-target for org-b meanwhile.
  v1::UpsertOfferRequest upsert;
  *upsert.mutable_offer() = OfferOf("org-b");
  v1::Offer written;
  ASSERT_TRUE(stub->UpsertOffer(Context("pub-b-key").get(), upsert, &written).ok());

  // A closes the stream: the batch is written now, and of-target is refused in the write.
  ASSERT_TRUE(import->WritesDone());
  const grpc::Status finished = import->Finish();
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(summary.accepted(), 0);
  EXPECT_EQ(summary.rejected(), 1);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_EQ(summary.errors(0).record_id(), "of-target");
  EXPECT_THAT(summary.errors(0).message(),
              HasSubstr("offer 'of-target' belongs to organisation 'org-b'"));

  EXPECT_EQ(store.GetOffer("of-target")->organization_id(), "org-b");
  const grpc::Status again = stub->UpsertOffer(Context("pub-b-key").get(), upsert, &written);
  EXPECT_TRUE(again.ok()) << again.error_message();  // B still writes its own offer
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

}  // namespace
}  // namespace matching
