// ScanPool runs the second task on its worker when idle, and both inline when busy.
#include "index/scan_pool.h"

#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace matching::index {
namespace {

TEST(ScanPoolTest, SecondTaskRunsOnTheWorkerWhenIdle) {
  std::thread::id first_thread, second_thread;
  ScanPool::Shared().Run([&] { first_thread = std::this_thread::get_id(); },
                         [&] { second_thread = std::this_thread::get_id(); });
  EXPECT_EQ(first_thread, std::this_thread::get_id());
  EXPECT_NE(second_thread, std::this_thread::get_id());
}

TEST(ScanPoolTest, BothRunInlineWhileAnotherQueryHoldsTheWorker) {
  absl::Notification worker_started, release_worker;
  std::thread other([&] {
    ScanPool::Shared().Run([&] { release_worker.WaitForNotification(); },
                           [&] { worker_started.Notify(); });
  });
  worker_started.WaitForNotification();  // the other query holds the worker
  std::thread::id second_thread;
  ScanPool::Shared().Run([] {}, [&] { second_thread = std::this_thread::get_id(); });
  EXPECT_EQ(second_thread, std::this_thread::get_id());
  release_worker.Notify();
  other.join();
}

// Under load: another query is scanning (its worker half may be over), so the other core
// has work; this query does not wake the worker.
TEST(ScanPoolTest, BothRunInlineWhileAnotherScanRuns) {
  absl::Notification other_scanning, release;
  std::thread other([&] {
    ScanPool::Shared().Run(
        [&] {
          other_scanning.Notify();
          release.WaitForNotification();
        },
        [] {});
  });
  other_scanning.WaitForNotification();
  std::thread::id second_thread;
  ScanPool::Shared().Run([] {}, [&] { second_thread = std::this_thread::get_id(); });
  EXPECT_EQ(second_thread, std::this_thread::get_id());
  release.Notify();
  other.join();
}

}  // namespace
}  // namespace matching::index
