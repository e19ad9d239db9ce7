// ErasureCompactor: every erasure is covered, compactions are debounced, Stop runs what is owed.
#include "server/erasure_compactor.h"

#include <rocksdb/env.h>

#include <memory>

#include "gtest/gtest.h"

namespace matching::server {
namespace {

class ErasureCompactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index::StoreOptions options;
    options.env = env_.get();
    absl::StatusOr<std::unique_ptr<index::Store>> store = index::OpenStore("/erasure", options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  std::unique_ptr<rocksdb::Env> env_{rocksdb::NewMemEnv(rocksdb::Env::Default())};
  std::unique_ptr<index::Store> store_;
};

TEST_F(ErasureCompactorTest, ZeroDelayCoversEveryErasure) {
  ErasureCompactor compactor(store_.get(), absl::ZeroDuration());
  EXPECT_TRUE(compactor.WaitUntilCompacted(absl::ZeroDuration()));  // nothing owed
  compactor.NoteErasure();
  compactor.NoteErasure();
  ASSERT_TRUE(compactor.WaitUntilCompacted(absl::Seconds(30)));
  EXPECT_GE(compactor.compactions(), 1);
  EXPECT_LE(compactor.compactions(), 2);
}

TEST_F(ErasureCompactorTest, ErasuresWithinTheDelayShareOneCompaction) {
  ErasureCompactor compactor(store_.get(), absl::Milliseconds(300));
  compactor.NoteErasure();  // after a quiet period: compacted at once
  ASSERT_TRUE(compactor.WaitUntilCompacted(absl::Seconds(30)));
  EXPECT_EQ(compactor.compactions(), 1);
  const absl::Time first_done = absl::Now();
  compactor.NoteErasure();
  compactor.NoteErasure();
  compactor.NoteErasure();
  ASSERT_TRUE(compactor.WaitUntilCompacted(absl::Seconds(30)));
  EXPECT_EQ(compactor.compactions(), 2);
  EXPECT_GE(absl::Now() - first_done, absl::Milliseconds(200));  // it waited for the period
}

TEST_F(ErasureCompactorTest, StopRunsTheOwedCompaction) {
  ErasureCompactor compactor(store_.get(), absl::Hours(1));
  compactor.NoteErasure();
  ASSERT_TRUE(compactor.WaitUntilCompacted(absl::Seconds(30)));
  compactor.NoteErasure();
  EXPECT_FALSE(compactor.WaitUntilCompacted(absl::Milliseconds(50)));  // an hour to go
  compactor.Stop();
  EXPECT_EQ(compactor.compactions(), 2);
  EXPECT_TRUE(compactor.WaitUntilCompacted(absl::ZeroDuration()));
  compactor.Stop();  // idempotent
}

}  // namespace
}  // namespace matching::server
