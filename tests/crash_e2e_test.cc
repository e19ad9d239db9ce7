// Crash test: matchd SIGKILLed while imports and single writes are in flight loses no
// acknowledged record, and after the restart its in-memory index equals its store.
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

constexpr char kOffer[] = "of-gp-luneville";
constexpr int kImportSize = 2000;      // records per acknowledged ImportRecords call
constexpr int kImportsBeforeKill = 3;  // the kill follows the 3rd import's acknowledgement

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

// Every candidate this test writes is a GP with no exclusion, so every one is eligible for
// kOffer (an open GP offer): that is what makes the index check below sound.
v1::ImportRecord CandidateRecord(const std::string& id) {
  v1::ImportRecord record;
  record.mutable_candidate()->set_id(id);
  record.mutable_candidate()->set_profession(v1::PROFESSION_GP);
  record.mutable_candidate()->set_specialty("médecine générale");
  record.mutable_candidate()->mutable_consent()->set_given(true);  // recruiters may see it
  return record;
}

struct Client {
  explicit Client(const std::string& address)
      : channel(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
        catalog(v1::CatalogService::NewStub(channel)),
        matching(v1::MatchingService::NewStub(channel)) {}
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::CatalogService::Stub> catalog;
  std::unique_ptr<v1::MatchingService::Stub> matching;
};

// What the test process has seen acknowledged, from two threads.
struct Acknowledged {
  absl::Mutex mu;
  std::vector<std::string> written ABSL_GUARDED_BY(mu);  // acknowledged writes
  std::set<std::string> erased ABSL_GUARDED_BY(mu);      // acknowledged erasures
  std::string erasing ABSL_GUARDED_BY(mu);               // an erasure sent, not yet acknowledged
};

// Single UpsertCandidate calls (and an erasure of every tenth), acknowledged one by one,
// until the server dies under them.
void WriteOneByOneUntilKilled(Client* client, Acknowledged* acknowledged) {
  for (int i = 0;; ++i) {
    v1::UpsertCandidateRequest request;
    *request.mutable_candidate() = CandidateRecord("cand-u-" + std::to_string(i)).candidate();
    v1::Candidate response;
    if (!client->catalog->UpsertCandidate(Context().get(), request, &response).ok()) return;
    {
      absl::MutexLock lock(&acknowledged->mu);
      acknowledged->written.push_back(request.candidate().id());
    }
    if (i % 10 != 9) continue;
    v1::DeleteCandidateRequest erase;
    erase.set_id("cand-u-" + std::to_string(i - 5));
    {
      absl::MutexLock lock(&acknowledged->mu);
      acknowledged->erasing = erase.id();  // may or may not be erased if the kill comes now
    }
    v1::DeleteResponse erased;
    if (!client->catalog->DeleteCandidate(Context().get(), erase, &erased).ok()) return;
    absl::MutexLock lock(&acknowledged->mu);
    acknowledged->erased.insert(erase.id());
    acknowledged->erasing.clear();
  }
}

TEST(CrashE2ETest, KillDuringImportsLosesNothingAcknowledgedAndIndexEqualsStore) {
  const std::string dir = testing::MakeTempDir();
  const std::string data_dir = dir + "/data";
  auto first = std::make_unique<testing::Matchd>(data_dir);
  Acknowledged acknowledged;
  {
    Client client(first->address);
    v1::UpsertTerritoryRequest territory;
    territory.mutable_territory()->set_id("54431");
    territory.mutable_territory()->set_name("Lunéville");
    territory.mutable_territory()->set_department_code("54");
    v1::Territory stored_territory;
    ASSERT_TRUE(
        client.catalog->UpsertTerritory(Context().get(), territory, &stored_territory).ok());
    v1::UpsertOfferRequest offer;
    offer.mutable_offer()->set_id(kOffer);
    offer.mutable_offer()->set_territory_id("54431");
    offer.mutable_offer()->set_profession(v1::PROFESSION_GP);
    offer.mutable_offer()->set_organization_id("org-a");
    v1::Offer stored_offer;
    ASSERT_TRUE(client.catalog->UpsertOffer(Context().get(), offer, &stored_offer).ok());

    std::thread one_by_one(WriteOneByOneUntilKilled, &client, &acknowledged);
    for (int k = 0;; ++k) {
      v1::ImportSummary summary;
      auto context = Context();
      auto writer = client.catalog->ImportRecords(context.get(), &summary);
      std::vector<std::string> ids;
      for (int j = 0; j < kImportSize; ++j) {
        ids.push_back("cand-i" + std::to_string(k) + "-" + std::to_string(j));
        ASSERT_TRUE(writer->Write(CandidateRecord(ids.back())));
        if (k == kImportsBeforeKill && j == kImportSize * 3 / 4) {
          // The kill lands while this stream is open (its first batch possibly written,
          // nothing acknowledged) and while single writes are in flight on the other thread.
          const int status = first->child->Signal(SIGKILL);
          ASSERT_TRUE(WIFSIGNALED(status));
          break;
        }
      }
      if (k == kImportsBeforeKill) {
        EXPECT_FALSE(writer->Finish().ok());
        break;
      }
      writer->WritesDone();
      grpc::Status status = writer->Finish();
      ASSERT_TRUE(status.ok()) << status.error_message();
      ASSERT_EQ(summary.accepted(), kImportSize);
      absl::MutexLock lock(&acknowledged.mu);  // only now acknowledged
      acknowledged.written.insert(acknowledged.written.end(), ids.begin(), ids.end());
    }
    one_by_one.join();  // its next call fails: the server is gone
  }
  first.reset();

  testing::Matchd second(data_dir);
  Client client(second.address);
  absl::MutexLock lock(&acknowledged.mu);
  ASSERT_GT(acknowledged.written.size(), static_cast<size_t>(kImportsBeforeKill * kImportSize))
      << "the single writes should have been acknowledged too";
  ASSERT_FALSE(acknowledged.erased.empty());

  // 1. Every acknowledged record is in the store; every acknowledged erasure holds.
  for (const std::string& id : acknowledged.written) {
    v1::GetCandidateRequest request;
    request.set_id(id);
    v1::Candidate candidate;
    const grpc::Status status = client.catalog->GetCandidate(Context().get(), request, &candidate);
    if (id == acknowledged.erasing) continue;  // either outcome is right
    if (acknowledged.erased.count(id) != 0) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << "erased " << id << " is back";
    } else {
      ASSERT_TRUE(status.ok()) << "acknowledged " << id << " lost: " << status.error_message();
    }
  }

  // 2. The store's candidates: every page of ListCandidates (the store, read by key range).
  //    It may hold more than the acknowledged records (the batch of the killed import
  //    written before the kill, a single write in flight): unacknowledged is not lost.
  std::set<std::string> stored;
  v1::ListCandidatesRequest list;
  list.set_page_size(1000);
  do {
    v1::ListCandidatesResponse page;
    ASSERT_TRUE(client.catalog->ListCandidates(Context().get(), list, &page).ok());
    for (const v1::Candidate& candidate : page.candidates()) stored.insert(candidate.id());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());

  // 3. The in-memory index, rebuilt from the store at the restart, holds exactly the same
  //    candidates. The API reads the index in two ways that together prove it:
  //    - ExplainMatch(candidate_id) looks the candidate up in the index (NOT_FOUND when
  //      absent): succeeding for every stored id shows index ⊇ store;
  //    - RankCandidates(kOffer).considered counts the index's candidates eligible for the
  //      offer, and every candidate ever written is eligible (a GP, no exclusion): so it
  //      is the size of the index, and considered == |store| with index ⊇ store gives
  //      index == store.
  v1::RankCandidatesRequest rank;
  rank.set_offer_id(kOffer);
  rank.mutable_options()->set_top_k(1000);
  v1::RankCandidatesResponse ranked;
  ASSERT_TRUE(client.matching->RankCandidates(Context().get(), rank, &ranked).ok());
  EXPECT_EQ(ranked.considered(), static_cast<int64_t>(stored.size()));
  for (const v1::Match& match : ranked.matches()) {
    EXPECT_EQ(stored.count(match.candidate_id()), 1u) << match.candidate_id() << " not stored";
  }
  for (const std::string& id : stored) {
    v1::ExplainMatchRequest explain;
    explain.set_candidate_id(id);
    explain.set_offer_id(kOffer);
    v1::ExplainMatchResponse explained;
    const grpc::Status status = client.matching->ExplainMatch(Context().get(), explain, &explained);
    ASSERT_TRUE(status.ok()) << "stored " << id << " not in the index: " << status.error_message();
  }
  // The check can fail: an erased candidate is absent from the index.
  v1::ExplainMatchRequest erased;
  erased.set_candidate_id(*acknowledged.erased.begin());
  erased.set_offer_id(kOffer);
  v1::ExplainMatchResponse unused;
  EXPECT_EQ(client.matching->ExplainMatch(Context().get(), erased, &unused).error_code(),
            grpc::StatusCode::NOT_FOUND);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace matching
