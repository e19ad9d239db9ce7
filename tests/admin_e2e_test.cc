// AdminService end to end: server info and per-method stats, a backup taken while serving
// and served again by a second server, and who may call what.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "matcher/weights.h"
#include "matching/v1/admin.grpc.pb.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/auth.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// A server on a loopback port with stubs for it.
struct Served {
  explicit Served(const std::string& data_dir, const std::string& keys_file = "") {
    server::ServerConfig config;
    config.data_dir = data_dir;
    config.listen = "127.0.0.1:0";
    config.keys_file = keys_file;
    absl::StatusOr<std::unique_ptr<server::MatchServer>> started =
        server::MatchServer::Start(config);
    EXPECT_TRUE(started.ok()) << started.status();
    if (!started.ok()) return;
    server = std::move(*started);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server->port()),
                                       grpc::InsecureChannelCredentials());
    catalog = v1::CatalogService::NewStub(channel);
    matching = v1::MatchingService::NewStub(channel);
    admin = v1::AdminService::NewStub(channel);
  }
  ~Served() {
    if (server != nullptr) server->Shutdown(absl::Seconds(5));
  }
  std::unique_ptr<server::MatchServer> server;
  std::unique_ptr<v1::CatalogService::Stub> catalog;
  std::unique_ptr<v1::MatchingService::Stub> matching;
  std::unique_ptr<v1::AdminService::Stub> admin;
};

std::unique_ptr<grpc::ClientContext> Context(const std::string& key = "") {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
  return context;
}

v1::Territory MakeTerritory(const std::string& id) {
  v1::Territory territory;
  territory.set_id(id);
  territory.set_name("Lunéville");
  territory.set_department_code("54");
  territory.mutable_location()->set_lat(48.59);
  territory.mutable_location()->set_lon(6.50);
  return territory;
}

v1::Offer MakeOffer(const std::string& id, const std::string& territory_id) {
  v1::Offer offer;
  offer.set_id(id);
  offer.set_territory_id(territory_id);
  offer.set_profession(v1::PROFESSION_GP);
  offer.set_title("Médecin généraliste en MSP");
  return offer;
}

v1::Candidate MakeCandidate(const std::string& id) {
  v1::Candidate candidate;
  candidate.set_id(id);
  candidate.set_profession(v1::PROFESSION_GP);
  candidate.set_experience_years(4);
  return candidate;
}

class AdminE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    first_ = std::make_unique<Served>(dir_ + "/data");
    ASSERT_NE(first_->server, nullptr);
  }
  void TearDown() override {
    first_.reset();
    std::filesystem::remove_all(dir_);
  }

  v1::Territory PutTerritory(Served& served, const std::string& id) {
    v1::UpsertTerritoryRequest request;
    *request.mutable_territory() = MakeTerritory(id);
    v1::Territory stored;
    grpc::Status status = served.catalog->UpsertTerritory(Context().get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stored;
  }
  v1::Offer PutOffer(Served& served, const v1::Offer& offer) {
    v1::UpsertOfferRequest request;
    *request.mutable_offer() = offer;
    v1::Offer stored;
    grpc::Status status = served.catalog->UpsertOffer(Context().get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stored;
  }
  grpc::Status PutCandidate(Served& served, const std::string& id, v1::Candidate* stored) {
    v1::UpsertCandidateRequest request;
    *request.mutable_candidate() = MakeCandidate(id);
    return served.catalog->UpsertCandidate(Context().get(), request, stored);
  }

  grpc::Status GetTerritory(Served& served, const std::string& id, v1::Territory* out) {
    v1::GetTerritoryRequest request;
    request.set_id(id);
    return served.catalog->GetTerritory(Context().get(), request, out);
  }
  grpc::Status GetOffer(Served& served, const std::string& id, v1::Offer* out) {
    v1::GetOfferRequest request;
    request.set_id(id);
    return served.catalog->GetOffer(Context().get(), request, out);
  }
  grpc::Status GetCandidate(Served& served, const std::string& id, v1::Candidate* out) {
    v1::GetCandidateRequest request;
    request.set_id(id);
    return served.catalog->GetCandidate(Context().get(), request, out);
  }

  grpc::Status Backup(Served& served, const std::string& destination, v1::BackupResponse* response,
                      const std::string& key = "") {
    v1::BackupRequest request;
    request.set_destination_dir(destination);
    return served.admin->Backup(Context(key).get(), request, response);
  }

  v1::ServerInfo Info(Served& served) {
    v1::ServerInfo info;
    grpc::Status status =
        served.admin->GetServerInfo(Context().get(), v1::GetServerInfoRequest(), &info);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return info;
  }

  std::string dir_;
  std::unique_ptr<Served> first_;
};

TEST_F(AdminE2ETest, BackupWhileServingHoldsExactlyTheWritesAcknowledgedBeforeIt) {
  const v1::Territory territory = PutTerritory(*first_, "54304");
  const v1::Offer offer = PutOffer(*first_, MakeOffer("of-1", "54304"));
  std::vector<v1::Candidate> candidates(3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(PutCandidate(*first_, "cand-" + std::to_string(i), &candidates[i]).ok());
  }
  // A writer keeps writing during the backup: what it had acknowledged when the backup was
  // asked for must be in the copy.
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      v1::Candidate stored;
      if (!PutCandidate(*first_, "cand-w" + std::to_string(i), &stored).ok()) return;
      acknowledged.store(i + 1);
    }
  });
  while (acknowledged.load() < 50) std::this_thread::yield();
  const int acknowledged_before = acknowledged.load();
  v1::BackupResponse backup;
  grpc::Status status = Backup(*first_, dir_ + "/backups/one", &backup);
  stop.store(true);
  writer.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(backup.destination_dir(), dir_ + "/backups/one");  // its parent was created
  EXPECT_EQ(backup.territory_count(), 1);
  EXPECT_EQ(backup.offer_count(), 1);
  EXPECT_GE(backup.candidate_count(), 3 + acknowledged_before);
  EXPECT_GT(backup.file_count(), 0);
  EXPECT_GT(backup.size_bytes(), 0);
  EXPECT_GT(backup.sequence_number(), 0);

  // After the backup: a new territory and candidate, a changed offer, an erased candidate.
  PutTerritory(*first_, "54431");
  v1::Offer changed = MakeOffer("of-1", "54304");
  changed.set_title("changed after the backup");
  PutOffer(*first_, changed);
  v1::Candidate later;
  ASSERT_TRUE(PutCandidate(*first_, "cand-later", &later).ok());
  v1::DeleteCandidateRequest erase;
  erase.set_id("cand-0");
  v1::DeleteResponse erased;
  ASSERT_TRUE(first_->catalog->DeleteCandidate(Context().get(), erase, &erased).ok());

  // A second server on the backup, while the first one keeps running.
  Served second(dir_ + "/backups/one");
  ASSERT_NE(second.server, nullptr);
  v1::Territory got_territory;
  ASSERT_TRUE(GetTerritory(second, "54304", &got_territory).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(got_territory, territory));
  v1::Offer got_offer;
  ASSERT_TRUE(GetOffer(second, "of-1", &got_offer).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(got_offer, offer)) << got_offer.DebugString();
  for (const v1::Candidate& candidate : candidates) {
    v1::Candidate got;
    ASSERT_TRUE(GetCandidate(second, candidate.id(), &got).ok()) << candidate.id();
    EXPECT_TRUE(MessageDifferencer::Equals(got, candidate)) << candidate.id();
  }
  for (int i = 0; i < acknowledged_before; ++i) {
    v1::Candidate got;
    EXPECT_TRUE(GetCandidate(second, "cand-w" + std::to_string(i), &got).ok()) << i;
  }
  v1::Territory absent_territory;
  EXPECT_EQ(GetTerritory(second, "54431", &absent_territory).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::Candidate absent;
  EXPECT_EQ(GetCandidate(second, "cand-later", &absent).error_code(), grpc::StatusCode::NOT_FOUND);

  // The second server's index was built from the copy, and counts what the backup said.
  const v1::ServerInfo info = Info(second);
  EXPECT_EQ(info.territory_count(), 1);
  EXPECT_EQ(info.offer_count(), 1);
  EXPECT_EQ(info.candidate_count(), backup.candidate_count());
  EXPECT_EQ(info.data_dir(), dir_ + "/backups/one");
}

TEST_F(AdminE2ETest, BackupDestinationMustBeANewAbsolutePath) {
  std::filesystem::create_directories(dir_ + "/taken");
  const std::pair<std::string, std::string> cases[] = {
      {"", "destination_dir: is required"},
      {"backups/relative", "destination_dir: 'backups/relative' is not an absolute path"},
      {dir_ + "/taken", "destination_dir: '" + dir_ + "/taken' already exists"},
      {dir_ + "/data/inside", "is inside the data directory"},
  };
  for (const auto& [destination, message] : cases) {
    v1::BackupResponse response;
    grpc::Status status = Backup(*first_, destination, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << destination;
    EXPECT_THAT(status.error_message(), HasSubstr(message));
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/backups"));
}

TEST_F(AdminE2ETest, ServerInfoCountsWhatWasImported) {
  v1::ImportSummary summary;
  {
    auto context = Context();
    auto writer = first_->catalog->ImportRecords(context.get(), &summary);
    v1::ImportRecord record;
    for (const char* id : {"54304", "54431"}) {
      *record.mutable_territory() = MakeTerritory(id);
      ASSERT_TRUE(writer->Write(record));
    }
    *record.mutable_offer() = MakeOffer("of-1", "54304");
    ASSERT_TRUE(writer->Write(record));
    for (int i = 0; i < 4; ++i) {
      *record.mutable_candidate() = MakeCandidate("cand-" + std::to_string(i));
      ASSERT_TRUE(writer->Write(record));
    }
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  ASSERT_EQ(summary.accepted(), 7);

  const v1::ServerInfo info = Info(*first_);
  EXPECT_EQ(info.version(), "0.5.0");
  EXPECT_EQ(info.weights_profile_version(), matcher::kDefaultWeightsProfileVersion);
  EXPECT_EQ(info.territory_count(), 2);
  EXPECT_EQ(info.offer_count(), 1);
  EXPECT_EQ(info.candidate_count(), 4);
  EXPECT_EQ(info.event_count(), 0);
  EXPECT_GT(info.index_memory_bytes(), 0);
  EXPECT_GT(info.resident_memory_bytes(), 1 << 20);
  EXPECT_GT(info.uptime_seconds(), 0);
  EXPECT_GE(info.index_load_seconds(), 0);
  EXPECT_EQ(info.data_dir(), dir_ + "/data");
  bool import_counted = false;
  for (const v1::MethodStats& method : info.methods()) {
    if (method.method() == "/matching.v1.CatalogService/ImportRecords") {
      import_counted = method.count() == 1 && method.error_count() == 0;
    }
  }
  EXPECT_TRUE(import_counted) << info.DebugString();
}

TEST_F(AdminE2ETest, MethodStatsCountEveryCallAndItsErrors) {
  PutTerritory(*first_, "54304");
  PutOffer(*first_, MakeOffer("of-1", "54304"));
  for (int i = 0; i < 5; ++i) {
    v1::RankOffersRequest request;
    *request.mutable_candidate() = MakeCandidate("visitor");
    v1::RankOffersResponse response;
    grpc::Status status = first_->matching->RankOffers(Context().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::Territory absent;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(GetTerritory(*first_, "00000", &absent).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  const v1::ServerInfo info = Info(*first_);
  const v1::MethodStats* rank = nullptr;
  const v1::MethodStats* get = nullptr;
  for (const v1::MethodStats& method : info.methods()) {
    if (method.method() == "/matching.v1.MatchingService/RankOffers") rank = &method;
    if (method.method() == "/matching.v1.CatalogService/GetTerritory") get = &method;
  }
  ASSERT_NE(rank, nullptr) << info.DebugString();
  EXPECT_GE(rank->count(), 5);
  EXPECT_EQ(rank->error_count(), 0);
  EXPECT_GT(rank->p50_ms(), 0);
  EXPECT_LE(rank->p50_ms(), rank->p95_ms());
  EXPECT_LE(rank->p95_ms(), rank->p99_ms());
  EXPECT_LE(rank->p99_ms(), rank->max_ms());
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->count(), 2);
  EXPECT_EQ(get->error_count(), 2);
  // Listed by method name.
  for (int i = 1; i < info.methods_size(); ++i) {
    EXPECT_LT(info.methods(i - 1).method(), info.methods(i).method());
  }
}

std::string KeyEntry(const std::string& key, const std::string& role) {
  const server::Sha256 digest = server::Sha256Of(key);
  return absl::StrCat(R"({"sha256": ")",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(digest.data()), digest.size())),
                      R"(", "role": ")", role, R"(", "organization": "org-1", "label": ")", key,
                      R"("})");
}

TEST(AdminAuthE2ETest, ReaderSeesServerInfoOnlyAnAdminBacksUp) {
  const std::string dir = testing::MakeTempDir();
  std::ofstream(dir + "/keys.json")
      << R"({"keys": [)"
      << absl::StrJoin({KeyEntry("reader-key", "reader"), KeyEntry("agency-key", "agency"),
                        KeyEntry("admin-key", "admin")},
                       ",")
      << "]}";
  std::filesystem::permissions(
      dir + "/keys.json", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  {
    Served served(dir + "/data", dir + "/keys.json");
    ASSERT_NE(served.server, nullptr);
    auto info = [&](const std::string& key) {
      v1::ServerInfo response;
      return served.admin->GetServerInfo(Context(key).get(), v1::GetServerInfoRequest(), &response);
    };
    auto backup = [&](const std::string& key, const std::string& destination) {
      v1::BackupRequest request;
      request.set_destination_dir(destination);
      v1::BackupResponse response;
      return served.admin->Backup(Context(key).get(), request, &response);
    };
    EXPECT_TRUE(info("reader-key").ok());
    EXPECT_TRUE(info("admin-key").ok());
    EXPECT_EQ(info("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(info("made-up").error_code(), grpc::StatusCode::UNAUTHENTICATED);

    grpc::Status denied = backup("reader-key", dir + "/b1");
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(denied.error_message(), HasSubstr("role reader"));
    EXPECT_EQ(backup("agency-key", dir + "/b1").error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(backup("", dir + "/b1").error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_FALSE(std::filesystem::exists(dir + "/b1"));
    EXPECT_TRUE(backup("admin-key", dir + "/b1").ok());
    EXPECT_TRUE(std::filesystem::exists(dir + "/b1/CURRENT"));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace matching
