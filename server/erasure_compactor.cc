// ErasureCompactor: a background thread that compacts the store after erasures.
#include "server/erasure_compactor.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace matching::server {

ErasureCompactor::ErasureCompactor(index::Store* store, absl::Duration delay)
    : store_(store), delay_(delay), thread_([this] { Run(); }) {}

ErasureCompactor::~ErasureCompactor() { Stop(); }

void ErasureCompactor::NoteErasure() {
  absl::MutexLock lock(&mu_);
  ++noted_;
}

bool ErasureCompactor::WaitUntilCompacted(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const int64_t target = noted_;
  auto done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return compacted_ >= target || stopped_; };
  mu_.AwaitWithTimeout(absl::Condition(&done), timeout);
  return compacted_ >= target;
}

int64_t ErasureCompactor::compactions() const {
  absl::MutexLock lock(&mu_);
  return compactions_;
}

void ErasureCompactor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void ErasureCompactor::Run() {
  mu_.Lock();
  auto work_or_stop = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return noted_ > compacted_ || stopping_;
  };
  for (;;) {
    mu_.Await(absl::Condition(&work_or_stop));
    if (noted_ == compacted_) break;  // stopping with nothing owed
    // Debounce: at most one start per delay_. Stopping cuts the wait short: the owed
    // compaction runs now, before the store closes.
    if (!stopping_) mu_.AwaitWithDeadline(absl::Condition(&stopping_), last_start_ + delay_);
    const int64_t covering = noted_;  // erasures acknowledged before the flush below
    last_start_ = absl::Now();
    mu_.Unlock();
    const absl::Status status = store_->Compact();
    mu_.Lock();
    const absl::Duration took = absl::Now() - last_start_;
    if (status.ok()) {
      compacted_ = std::max(compacted_, covering);
      ++compactions_;
      // Operators (and tests) read this line: the erased profiles have left the disk.
      spdlog::info("erasure compaction {} done in {:.0f} ms ({} erasures covered)", compactions_,
                   absl::ToDoubleMilliseconds(took), covering);
      continue;
    }
    spdlog::error("erasure compaction failed (retried in {}): {}",
                  absl::FormatDuration(std::max(delay_, absl::Seconds(1))),
                  std::string(status.message()));
    if (stopping_) break;
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), std::max(delay_, absl::Seconds(1)));
  }
  stopped_ = true;
  mu_.Unlock();
}

}  // namespace matching::server
