// PlanPool: a bounded pool of threads for long work (event plans) kept off gRPC's threads.
#ifndef MATCHING_SERVER_PLAN_POOL_H_
#define MATCHING_SERVER_PLAN_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace matching::server {

// `workers` threads run submitted tasks in order; at most `queue` tasks wait beyond the
// ones running. Thread-safe: TrySubmit may be called from any thread.
class PlanPool {
 public:
  // workers >= 1, queue >= 0 (checked by the caller: ServerConfig).
  PlanPool(int workers, int queue);
  // Runs every task already accepted, then joins the threads. Tasks must finish on their
  // own (the event service's stop when their call is cancelled, as at shutdown).
  ~PlanPool();

  PlanPool(const PlanPool&) = delete;
  PlanPool& operator=(const PlanPool&) = delete;

  // Accepts `task` when a worker is idle or the queue has room; false (the task is not
  // run, nor kept) when every worker is busy and `queue` tasks already wait.
  [[nodiscard]] bool TrySubmit(std::function<void()> task);

 private:
  void Work();

  const int workers_;
  const size_t queue_limit_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  int busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_PLAN_POOL_H_
