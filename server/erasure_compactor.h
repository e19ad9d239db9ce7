// ErasureCompactor: compacts the store after erasures, so deleted profiles leave the disk.
#ifndef MATCHING_SERVER_ERASURE_COMPACTOR_H_
#define MATCHING_SERVER_ERASURE_COMPACTOR_H_

#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "index/store.h"

namespace matching::server {

// A RocksDB delete writes a tombstone: the profile's bytes stay in the write-ahead log and
// in SST files until a compaction drops them. After each erasure (NoteErasure) this class
// runs Store::Compact (flush every column family, then compact to the bottom level) on its
// own thread, so the request that erased never waits for it.
//
// Debounced: at most one compaction starts per `delay`. The first erasure after a quiet
// period is compacted at once; erasures during the next `delay` share one compaction at
// its end. So an erased profile leaves the data directory within `delay` plus the time of
// one compaction (seconds on a large store). Zero delay: a compaction after every erasure
// (still one at a time).
//
// Limits: a compaction cannot drop what a reader still sees: a listing or backup holding a
// RocksDB snapshot while the compaction runs keeps the old bytes until the next one.
//
// Thread-safe: every method may be called from any thread.
class ErasureCompactor {
 public:
  // `store` is not owned and must outlive Stop().
  ErasureCompactor(index::Store* store, absl::Duration delay);
  ~ErasureCompactor();  // Stop()
  ErasureCompactor(const ErasureCompactor&) = delete;
  ErasureCompactor& operator=(const ErasureCompactor&) = delete;

  // Records that a record was erased: a compaction will cover it (see the class comment).
  void NoteErasure();

  // Blocks until every erasure noted before the call is covered by a finished compaction.
  // False when `timeout` passed first (or the compactor stopped with the work undone).
  bool WaitUntilCompacted(absl::Duration timeout);

  // Compactions finished since construction.
  int64_t compactions() const;

  // Runs the compaction still owed, if any, then stops the thread. Call before closing the
  // store. Idempotent.
  void Stop();

 private:
  void Run();

  index::Store* const store_;
  const absl::Duration delay_;
  mutable absl::Mutex mu_;
  int64_t noted_ ABSL_GUARDED_BY(mu_) = 0;      // erasures noted so far
  int64_t compacted_ ABSL_GUARDED_BY(mu_) = 0;  // of which covered by a finished compaction
  int64_t compactions_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_start_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;  // the thread has ended
  std::thread thread_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_ERASURE_COMPACTOR_H_
