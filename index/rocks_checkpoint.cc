// Checkpoint of the store: RocksDB's Checkpoint, then a read-only open of the copy.
#include "index/rocks_checkpoint.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/utilities/options_util.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "index/rocks_util.h"

namespace matching::index {
namespace {

// Opening the copy must not add files to it: RocksDB's info log goes nowhere.
class SilentLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

absl::Status DescribeFiles(rocksdb::Env& env, const std::string& dir, CheckpointInfo* info) {
  std::vector<std::string> children;
  RETURN_IF_ROCKS_ERROR(env.GetChildren(dir, &children), absl::StrCat("listing '", dir, "'"));
  for (const std::string& child : children) {
    if (child == "." || child == "..") continue;
    uint64_t size = 0;
    RETURN_IF_ROCKS_ERROR(env.GetFileSize(absl::StrCat(dir, "/", child), &size),
                          absl::StrCat("sizing '", dir, "/", child, "'"));
    info->size_bytes += static_cast<int64_t>(size);
    ++info->file_count;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CountKeys(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family) {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(read_options, family));
  int64_t count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++count;
  RETURN_IF_ROCKS_ERROR(it->status(), absl::StrCat("counting ", family->GetName()));
  return count;
}

// Opens the checkpoint in `dir` read-only with the options it was written with, and counts
// the keys of each family of `families`.
absl::Status CountCopy(rocksdb::Env* env, const std::string& dir, const CountedFamilies& families,
                       StoreCounts* counts) {
  rocksdb::ConfigOptions config;
  config.env = env;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  RETURN_IF_ROCKS_ERROR(rocksdb::LoadLatestOptions(config, dir, &db_options, &descriptors),
                        absl::StrCat("reading the options of checkpoint '", dir, "'"));
  db_options.env = env;
  db_options.info_log = std::make_shared<SilentLogger>();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  RETURN_IF_ROCKS_ERROR(
      rocksdb::DB::OpenForReadOnly(db_options, dir, descriptors, &handles, &raw_db),
      absl::StrCat("opening checkpoint '", dir, "' read-only"));
  std::unique_ptr<rocksdb::DB> db(raw_db);
  absl::Status status;
  auto count = [&](const char* name, int64_t* out) {
    if (!status.ok()) return;
    auto it = std::find_if(handles.begin(), handles.end(),
                           [&](rocksdb::ColumnFamilyHandle* h) { return h->GetName() == name; });
    if (it == handles.end()) {
      status = absl::DataLossError(
          absl::StrCat("checkpoint '", dir, "' has no column family '", name, "'"));
      return;
    }
    absl::StatusOr<int64_t> keys = CountKeys(*db, *it);
    if (keys.ok()) {
      *out = *keys;
    } else {
      status = keys.status();
    }
  };
  count(families.territories, &counts->territories);
  count(families.offers, &counts->offers);
  count(families.candidates, &counts->candidates);
  count(families.events, &counts->events);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db->Close().PermitUncheckedError();
  return status;
}

}  // namespace

absl::StatusOr<CheckpointInfo> WriteCheckpoint(rocksdb::DB& db, const std::string& dir,
                                               const CountedFamilies& families) {
  rocksdb::Env* env = db.GetEnv();
  if (env->FileExists(dir).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint directory '", dir, "' already exists; name a new one"));
  }
  rocksdb::Checkpoint* raw_checkpoint = nullptr;
  RETURN_IF_ROCKS_ERROR(rocksdb::Checkpoint::Create(&db, &raw_checkpoint),
                        "preparing a checkpoint");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw_checkpoint);
  CheckpointInfo info;
  info.dir = dir;
  // log_size_for_flush 0: flush the memtables first, so the copy is mostly table files
  // (hard links) and its write-ahead log is short.
  RETURN_IF_ROCKS_ERROR(checkpoint->CreateCheckpoint(dir, 0, &info.sequence_number),
                        absl::StrCat("writing checkpoint '", dir, "'"));
  if (absl::Status s = DescribeFiles(*env, dir, &info); !s.ok()) return s;
  if (absl::Status s = CountCopy(env, dir, families, &info.counts); !s.ok()) return s;
  return info;
}

}  // namespace matching::index
