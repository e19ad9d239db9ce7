// EventLocks: one lock per event id, so that writes to one event never wait for another's.
#ifndef MATCHING_SERVER_EVENT_LOCKS_H_
#define MATCHING_SERVER_EVENT_LOCKS_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace matching::server {

// Thread-safe. An entry lives while someone holds or waits for its lock, so the table
// holds only the events being written.
class EventLocks {
 public:
  // Holds the lock of one event until destroyed.
  class Held {
   public:
    Held(Held&& other) noexcept : locks_(other.locks_), id_(std::move(other.id_)) {
      other.locks_ = nullptr;
    }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    Held& operator=(Held&&) = delete;
    ~Held() {
      if (locks_ != nullptr) locks_->Unlock(id_);
    }

   private:
    friend class EventLocks;
    Held(EventLocks* locks, std::string id) : locks_(locks), id_(std::move(id)) {}
    EventLocks* locks_;
    std::string id_;
  };

  // Blocks until the lock of `event_id` is free, then holds it.
  [[nodiscard]] Held Lock(const std::string& event_id);

 private:
  struct Entry {
    absl::Mutex mu;
    int users = 0;  // holding or waiting; guarded by table_mu_
  };
  void Unlock(const std::string& event_id);

  absl::Mutex table_mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(table_mu_);
};

// The per-event mutex is locked here and unlocked in Unlock, across scopes.
inline EventLocks::Held EventLocks::Lock(const std::string& event_id)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  Entry* entry;
  {
    absl::MutexLock lock(&table_mu_);
    std::unique_ptr<Entry>& slot = entries_[event_id];
    if (slot == nullptr) slot = std::make_unique<Entry>();
    entry = slot.get();
    ++entry->users;
  }
  entry->mu.Lock();  // outside table_mu_: waiting for one event blocks no other
  return Held(this, event_id);
}

inline void EventLocks::Unlock(const std::string& event_id) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  absl::MutexLock lock(&table_mu_);
  auto it = entries_.find(event_id);
  it->second->mu.Unlock();
  if (--it->second->users == 0) entries_.erase(it);
}

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_LOCKS_H_
