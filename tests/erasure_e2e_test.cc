// Right to erasure end to end: a profile deleted through the API leaves no byte in any file
// of the data directory once the server reports its erasure compaction done.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

constexpr char kMarker[] = "ERASE-ME-5d81c2-household-of-the-test";

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

class ErasureE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  void Start(absl::Duration delay) {
    server::ServerConfig config;
    config.data_dir = data_dir();
    config.listen = "127.0.0.1:0";
    config.erasure_compaction_delay = delay;
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    catalog_ = v1::CatalogService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }

  // Neighbours that stay, and the profile to erase, with the marker in two free-text fields.
  void WriteProfiles() {
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(Upsert("cand-keep-" + std::to_string(i), "gériatrie").ok());
    }
    ASSERT_TRUE(Upsert("cand-erase", kMarker).ok());
    ASSERT_TRUE(MarkerOnDisk()) << "the test must see the profile on disk before erasure";
  }

  grpc::Status Upsert(const std::string& id, const std::string& text) {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id(id);
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    request.mutable_candidate()->mutable_household()->mutable_partner()->set_sector(text);
    request.mutable_candidate()->add_lifestyle_tags(text);
    v1::Candidate response;
    return catalog_->UpsertCandidate(Context().get(), request, &response);
  }

  void Erase(const std::string& id = "cand-erase") {
    v1::DeleteCandidateRequest request;
    request.set_id(id);
    v1::DeleteResponse response;
    ASSERT_TRUE(catalog_->DeleteCandidate(Context().get(), request, &response).ok());
    ASSERT_TRUE(response.existed());
  }

  grpc::StatusCode Get(const std::string& id) {
    v1::GetCandidateRequest request;
    request.set_id(id);
    v1::Candidate response;
    return catalog_->GetCandidate(Context().get(), request, &response).error_code();
  }

  // Every byte of every file under the data directory (WAL, SST, MANIFEST, logs).
  bool MarkerOnDisk() const { return OnDisk(kMarker); }
  // The files under the data directory that hold `text`.
  std::vector<std::string> FilesHolding(const std::string& text) const {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir())) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (bytes.find(text) != std::string::npos) files.push_back(entry.path().filename());
    }
    return files;
  }
  bool OnDisk(const std::string& text) const {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir())) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (bytes.find(text) != std::string::npos) return true;
    }
    return false;
  }

  std::string data_dir() const { return dir_ + "/data"; }
  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
};

TEST_F(ErasureE2ETest, DeletedProfileLeavesNoByteOnDiskOnceCompactionIsReported) {
  Start(absl::ZeroDuration());
  WriteProfiles();
  Erase();
  // No sleep: the server says when every erasure acknowledged so far is compacted.
  ASSERT_TRUE(server_->WaitForErasureCompaction(absl::Seconds(60)));
  EXPECT_FALSE(MarkerOnDisk());
  EXPECT_EQ(Get("cand-erase"), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("cand-keep-7"), grpc::StatusCode::OK);
  server_->Shutdown(absl::Seconds(5));
  EXPECT_FALSE(MarkerOnDisk());  // nor after the store is closed
}

// With a long delay the compaction is still owed at shutdown: it runs before the store
// closes, so a stop right after an erasure leaves no byte either.
TEST_F(ErasureE2ETest, CompactionOwedAtShutdownRunsBeforeTheStoreCloses) {
  Start(absl::Hours(1));
  WriteProfiles();
  Erase();
  server_->Shutdown(absl::Seconds(5));
  EXPECT_FALSE(MarkerOnDisk());
}

// The id itself is personal data too (an agency may build it from a name). RocksDB's
// MANIFEST records each table file's smallest and largest key: an id at either end of the
// candidates' keys is written there, and kept in the MANIFEST's history of edits after the
// file is compacted away, until the MANIFEST is rewritten (issue 19). The store rolls its
// MANIFEST on every edit once it passes a few KiB, so the compaction's edit leaves a new
// MANIFEST holding only the live files.
TEST_F(ErasureE2ETest, ErasedIdLeavesTheManifestAndEveryFileWithTheCompaction) {
  Start(absl::ZeroDuration());
  const std::string first = "aaaa-erased-id-3c9f1e";  // the smallest candidate key
  const std::string last = "zzzz-erased-id-3c9f1e";   // and the largest
  ASSERT_TRUE(Upsert(first, "x").ok());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Upsert("cand-keep-" + std::to_string(i), "y").ok());
  ASSERT_TRUE(Upsert(last, "x").ok());
  Erase("cand-keep-0");  // flush and compaction: the ids are now table-file boundaries
  ASSERT_TRUE(server_->WaitForErasureCompaction(absl::Seconds(60)));
  ASSERT_THAT(FilesHolding(first), ::testing::Contains(::testing::StartsWith("MANIFEST-")))
      << "the test must see the id in the MANIFEST before erasure";

  Erase(first);
  Erase(last);
  ASSERT_TRUE(server_->WaitForErasureCompaction(absl::Seconds(60)));
  EXPECT_THAT(FilesHolding(first), ::testing::IsEmpty());
  EXPECT_THAT(FilesHolding(last), ::testing::IsEmpty());
  EXPECT_EQ(Get("cand-keep-7"), grpc::StatusCode::OK);
  server_->Shutdown(absl::Seconds(5));
  EXPECT_THAT(FilesHolding(first), ::testing::IsEmpty());
}

}  // namespace
}  // namespace matching
