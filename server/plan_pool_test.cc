#include "server/plan_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace matching::server {
namespace {

TEST(PlanPoolTest, RefusesBeyondWorkersAndQueueAndRunsWhatItAccepted) {
  std::atomic<int> ran{0};
  absl::Notification started, release;
  {
    PlanPool pool(/*workers=*/1, /*queue=*/2);
    ASSERT_TRUE(pool.TrySubmit([&] {
      started.Notify();
      release.WaitForNotification();
      ++ran;
    }));
    started.WaitForNotification();  // the worker is busy
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));  // one running, two waiting: full
    release.Notify();
  }  // the destructor runs the accepted tasks, then joins
  EXPECT_EQ(ran.load(), 3);
}

TEST(PlanPoolTest, ZeroQueueTakesOnlyWhatIdleWorkersCanRun) {
  absl::Notification release;
  std::atomic<int> started{0};
  PlanPool pool(/*workers=*/2, /*queue=*/0);
  EXPECT_TRUE(pool.TrySubmit([&] {
    ++started;
    release.WaitForNotification();
  }));
  EXPECT_TRUE(pool.TrySubmit([&] {
    ++started;
    release.WaitForNotification();
  }));
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.Notify();
}

}  // namespace
}  // namespace matching::server
