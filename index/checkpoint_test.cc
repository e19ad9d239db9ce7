// Store::Checkpoint on a real directory: a consistent copy taken while a writer runs.
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/store.h"

namespace matching::index {
namespace {

using ::testing::HasSubstr;

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "checkpoint-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(dir_ + "/data", StoreOptions());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static v1::Candidate Candidate(int i) {
    v1::Candidate candidate;
    candidate.set_id("cand-" + std::to_string(i));
    candidate.set_profession(v1::PROFESSION_NURSE);
    return candidate;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(CheckpointTest, CopyHoldsWritesBeforeItAndNoneAfter) {
  v1::Territory territory;
  territory.set_id("54431");
  ASSERT_TRUE(store_->PutTerritory(territory).ok());
  v1::Offer offer;
  offer.set_id("of-1");
  offer.set_territory_id("54431");
  ASSERT_TRUE(store_->PutOffer(offer).ok());
  ASSERT_TRUE(store_->PutCandidate(Candidate(1)).ok());
  v1::Event event;
  event.set_id("ev-1");
  ASSERT_TRUE(store_->PutEvent(event, OrgScope::Everyone()).ok());

  absl::StatusOr<CheckpointInfo> info = store_->Checkpoint(dir_ + "/backup");
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_TRUE(store_->PutCandidate(Candidate(2)).ok());  // after: not in the copy

  EXPECT_EQ(info->dir, dir_ + "/backup");
  EXPECT_GT(info->file_count, 3);
  EXPECT_GT(info->size_bytes, 0);
  EXPECT_GT(info->sequence_number, 0u);
  EXPECT_EQ(info->counts.territories, 1);
  EXPECT_EQ(info->counts.offers, 1);
  EXPECT_EQ(info->counts.candidates, 1);
  EXPECT_EQ(info->counts.events, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/backup/LOG"));  // counting wrote nothing

  absl::StatusOr<std::unique_ptr<Store>> copy = OpenStore(dir_ + "/backup", StoreOptions());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_TRUE((*copy)->GetOffer("of-1").ok());
  EXPECT_TRUE((*copy)->GetCandidate("cand-1").ok());
  EXPECT_TRUE(absl::IsNotFound((*copy)->GetCandidate("cand-2").status()));
  EXPECT_TRUE((*copy)->GetEvent("ev-1").ok());
}

TEST_F(CheckpointTest, ExistingDirectoryIsRefused) {
  std::filesystem::create_directories(dir_ + "/taken");
  absl::StatusOr<CheckpointInfo> info = store_->Checkpoint(dir_ + "/taken");
  ASSERT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(info.status().message()), HasSubstr("already exists"));
}

TEST_F(CheckpointTest, CopyTakenDuringWritesIsAPrefixOfThem) {
  // One writer acknowledges cand-0, cand-1, ... in order. A consistent copy holds exactly
  // cand-0 .. cand-(k-1) for some k no smaller than the count acknowledged before the call.
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      if (!store_->PutCandidate(Candidate(i)).ok()) return;
      acknowledged.store(i + 1);
    }
  });
  while (acknowledged.load() < 2000) std::this_thread::yield();
  const int before = acknowledged.load();
  absl::StatusOr<CheckpointInfo> info = store_->Checkpoint(dir_ + "/backup");
  stop.store(true);
  writer.join();
  ASSERT_TRUE(info.ok()) << info.status();
  const int64_t k = info->counts.candidates;
  EXPECT_GE(k, before);
  absl::StatusOr<std::unique_ptr<Store>> copy = OpenStore(dir_ + "/backup", StoreOptions());
  ASSERT_TRUE(copy.ok()) << copy.status();
  int64_t seen = 0;
  ASSERT_TRUE((*copy)
                  ->ForEachCandidate([&](const v1::Candidate&) {
                    ++seen;
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(seen, k);
  EXPECT_TRUE((*copy)->GetCandidate("cand-" + std::to_string(k - 1)).ok());
  EXPECT_TRUE(absl::IsNotFound((*copy)->GetCandidate("cand-" + std::to_string(k)).status()));
}

// Issue 19, point 6: a backup used to share its table files' inodes with the live store
// (hard links), so shredding a backup's .sst corrupted the store; and both were world-
// readable (0755/0644). Now every backup file is a copy of its own, and both are private.
TEST_F(CheckpointTest, DamagingABackupLeavesTheLiveStoreReadableAndBothArePrivate) {
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(store_->PutCandidate(Candidate(i)).ok());
  absl::StatusOr<CheckpointInfo> info = store_->Checkpoint(dir_ + "/backup");
  ASSERT_TRUE(info.ok()) << info.status();

  auto mode_of = [](const std::filesystem::path& path) {
    struct stat st;
    EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  };
  EXPECT_EQ(mode_of(dir_ + "/backup"), 0700u);
  EXPECT_EQ(mode_of(dir_ + "/data"), 0700u);
  int tables = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/backup")) {
    EXPECT_TRUE(entry.is_regular_file()) << entry.path();
    EXPECT_EQ(mode_of(entry.path()), 0600u) << entry.path();
    EXPECT_EQ(std::filesystem::hard_link_count(entry.path()), 1u) << entry.path();
    if (entry.path().extension() != ".sst") continue;
    ++tables;  // shred: overwrite every byte in place, same size
    const auto size = std::filesystem::file_size(entry.path());
    std::FILE* file = std::fopen(entry.path().c_str(), "r+b");
    ASSERT_NE(file, nullptr);
    const std::string zeros(size, '\0');
    ASSERT_EQ(std::fwrite(zeros.data(), 1, zeros.size(), file), zeros.size());
    std::fclose(file);
  }
  EXPECT_GT(tables, 0);

  // Reopened (no cache), the live store reads every record back.
  store_.reset();
  absl::StatusOr<std::unique_ptr<Store>> reopened = OpenStore(dir_ + "/data", StoreOptions());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(*reopened);
  int64_t seen = 0;
  const absl::Status scanned = store_->ForEachCandidate([&](const v1::Candidate&) {
    ++seen;
    return absl::OkStatus();
  });
  EXPECT_TRUE(scanned.ok()) << scanned;
  EXPECT_EQ(seen, 500);
}

}  // namespace
}  // namespace matching::index
