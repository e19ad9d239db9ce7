// ScanPool: lets one query's scan use the machine's second core.
//
// Run(first, second) runs `first` on the calling thread and `second` on the pool's worker
// when the worker is idle and no other scan is running, and returns when both are done.
// Otherwise (another query is scanning, so the other core has work already) both run on
// the calling thread, one after the other: under load nothing is queued, nothing waits for
// a second core, and no thread is woken for nothing. The result is the same either way;
// only the latency differs.
//
// Thread-safe. One process-wide pool (Shared()); its worker lives until exit.
#ifndef MATCHING_INDEX_SCAN_POOL_H_
#define MATCHING_INDEX_SCAN_POOL_H_

#include <atomic>
#include <functional>

#include "absl/synchronization/mutex.h"

namespace matching::index {

class ScanPool {
 public:
  static ScanPool& Shared();

  void Run(const std::function<void()>& first, const std::function<void()>& second);

 private:
  ScanPool();
  void Work();

  std::atomic<int> running_{0};  // scans in Run()
  absl::Mutex mu_;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;  // a query holds the worker
  const std::function<void()>* task_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_SCAN_POOL_H_
