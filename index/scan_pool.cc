// ScanPool: one worker thread, taken only when idle.
#include "index/scan_pool.h"

#include <thread>

namespace matching::index {

ScanPool& ScanPool::Shared() {
  static ScanPool* pool = new ScanPool();  // never destroyed: the worker runs until exit
  return *pool;
}

ScanPool::ScanPool() {
  std::thread([this] { Work(); }).detach();
}

void ScanPool::Work() {
  for (;;) {
    const std::function<void()>* task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](const std::function<void()>** pending) { return *pending != nullptr; }, &task_));
      task = task_;
    }
    (*task)();
    absl::MutexLock lock(&mu_);
    task_ = nullptr;
    done_ = true;
  }
}

void ScanPool::Run(const std::function<void()>& first, const std::function<void()>& second) {
  struct Running {
    std::atomic<int>& count;
    ~Running() { --count; }
  } running{running_};
  if (++running_ > 1) {  // another scan keeps the other core busy
    first();
    second();
    return;
  }
  bool offloaded = false;
  {
    absl::MutexLock lock(&mu_);
    if (!busy_) {
      busy_ = true;
      done_ = false;
      task_ = &second;
      offloaded = true;
    }
  }
  first();
  if (!offloaded) {
    second();
    return;
  }
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&done_));
  busy_ = false;
}

}  // namespace matching::index
