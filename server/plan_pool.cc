// PlanPool: threads that take tasks from a bounded queue.
#include "server/plan_pool.h"

#include <utility>

namespace matching::server {

PlanPool::PlanPool(int workers, int queue)
    : workers_(workers), queue_limit_(static_cast<size_t>(queue)) {
  threads_.reserve(workers);
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

PlanPool::~PlanPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool PlanPool::TrySubmit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  const size_t idle = static_cast<size_t>(workers_ - busy_);
  if (tasks_.size() >= idle + queue_limit_) return false;
  tasks_.push_back(std::move(task));
  return true;
}

void PlanPool::Work() {
  while (true) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](PlanPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mu_) {
            return !pool->tasks_.empty() || pool->stopping_;
          },
          this));
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
      ++busy_;
    }
    task();
    absl::MutexLock lock(&mu_);
    --busy_;
  }
}

}  // namespace matching::server
