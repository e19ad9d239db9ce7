// Checkpoints of the RocksDB store: writing one while serving, then describing and counting
// it. Internal to index/ (Store::Checkpoint is the public entry point).
#ifndef MATCHING_INDEX_ROCKS_CHECKPOINT_H_
#define MATCHING_INDEX_ROCKS_CHECKPOINT_H_

#include <string>

#include "absl/status/statusor.h"
#include "index/store.h"

namespace rocksdb {
class DB;
}

namespace matching::index {

// The column families whose keys are counted, one per field of StoreCounts.
struct CountedFamilies {
  const char* territories;
  const char* offers;
  const char* candidates;
  const char* events;
};

// Writes a checkpoint of `db` to `dir` (see Store::Checkpoint for the contract), with
// `db`'s environment, then opens the copy read-only (without writing a LOG file into it)
// and counts the keys of `families`. Thread-safe: may run concurrently with reads and
// writes of `db`.
[[nodiscard]] absl::StatusOr<CheckpointInfo> WriteCheckpoint(rocksdb::DB& db,
                                                             const std::string& dir,
                                                             const CountedFamilies& families);

}  // namespace matching::index

#endif  // MATCHING_INDEX_ROCKS_CHECKPOINT_H_
