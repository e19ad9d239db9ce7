// Durability on a real directory: a writer killed with SIGKILL loses no acknowledged write.
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/store.h"

namespace matching::index {
namespace {

using ::testing::HasSubstr;

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "store-test-XXXXXX").string();
  const char* dir = mkdtemp(pattern.data());
  EXPECT_NE(dir, nullptr);
  return pattern;
}

// Child: writes candidates forever, reporting each acknowledged id on `ack_fd`.
[[noreturn]] void WriteUntilKilled(const std::string& dir, int ack_fd) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(dir, StoreOptions());
  if (!store.ok()) _exit(2);
  for (int i = 0;; ++i) {
    v1::Candidate candidate;
    candidate.set_id("cand-" + std::to_string(i));
    candidate.set_profession(v1::PROFESSION_MIDWIFE);
    if (!(*store)->PutCandidate(candidate).ok()) _exit(3);
    // The write is acknowledged: only now does the parent learn of it.
    const int32_t acked = i;
    if (write(ack_fd, &acked, sizeof(acked)) != sizeof(acked)) _exit(4);
  }
}

TEST(StoreDurabilityTest, KillDashNineLosesNoAcknowledgedWrite) {
  const std::string dir = MakeTempDir() + "/data";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    WriteUntilKilled(dir, fds[1]);
  }
  close(fds[1]);
  // Let the child acknowledge a few thousand writes, then kill it mid-stream.
  int32_t last_acked = -1;
  while (last_acked < 3000) {
    ASSERT_EQ(read(fds[0], &last_acked, sizeof(last_acked)),
              static_cast<ssize_t>(sizeof(last_acked)));
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  // Drain acknowledgements that were in flight when the child died.
  int32_t acked = 0;
  while (read(fds[0], &acked, sizeof(acked)) == static_cast<ssize_t>(sizeof(acked))) {
    last_acked = acked;
  }
  close(fds[0]);

  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(dir, StoreOptions());
  ASSERT_TRUE(store.ok()) << store.status();
  for (int i = 0; i <= last_acked; ++i) {
    ASSERT_TRUE((*store)->GetCandidate("cand-" + std::to_string(i)).ok())
        << "acknowledged write cand-" << i << " lost (last acknowledged: " << last_acked << ")";
  }
  store->reset();
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST(StoreDurabilityTest, RefusesAForeignRocksDbDatabase) {
  const std::string dir = MakeTempDir() + "/foreign";
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "k", "v").ok());
    delete db;
  }
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(dir, StoreOptions());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("not a matchd store"));
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST(StoreDurabilityTest, SecondOpenOfTheSameDirectoryIsUnavailable) {
  const std::string dir = MakeTempDir() + "/data";
  absl::StatusOr<std::unique_ptr<Store>> first = OpenStore(dir, StoreOptions());
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<Store>> second = OpenStore(dir, StoreOptions());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr("in use"));
  first->reset();
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

// Right to erasure: once the candidate is deleted and the store compacted, no file of the
// data directory holds a byte of the profile (WAL, SST, anything).
TEST(StoreDurabilityTest, ErasedProfileLeavesNoByteAfterCompaction) {
  const std::string dir = MakeTempDir() + "/data";
  const std::string marker = "ERASE-ME-7f3a9c-household-marker";
  auto contains_marker = [&] {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      if (bytes.find(marker) != std::string::npos) return true;
    }
    return false;
  };
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore(dir, StoreOptions());
  ASSERT_TRUE(store.ok()) << store.status();
  for (int i = 0; i < 50; ++i) {  // neighbours that stay
    v1::Candidate other;
    other.set_id("cand-keep-" + std::to_string(i));
    other.set_profession(v1::PROFESSION_NURSE);
    other.set_specialty("gériatrie");
    ASSERT_TRUE((*store)->PutCandidate(other).ok());
  }
  v1::Candidate erased;
  erased.set_id("cand-erase");
  erased.set_profession(v1::PROFESSION_GP);
  erased.set_specialty(marker);
  erased.add_lifestyle_tags(marker);
  ASSERT_TRUE((*store)->PutCandidate(erased).ok());
  ASSERT_TRUE((*store)->Compact().ok());  // the profile now sits in an SST file too
  ASSERT_TRUE(contains_marker()) << "the test must see the profile before erasure";

  ASSERT_TRUE(*(*store)->DeleteCandidate("cand-erase"));
  ASSERT_TRUE((*store)->Compact().ok());
  EXPECT_FALSE(contains_marker());
  EXPECT_TRUE((*store)->GetCandidate("cand-keep-7").ok());
  store->reset();
  EXPECT_FALSE(contains_marker());
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

}  // namespace
}  // namespace matching::index
