// Checkpoint of the store: RocksDB's Checkpoint made a private copy, then a read-only open of it.
#include "index/rocks_checkpoint.h"

#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/utilities/options_util.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "index/private_files.h"
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

// RocksDB's checkpoint of `db` in the new directory `target`: table files are hard links
// to the live store's where the file system allows.
absl::Status WriteRocksCheckpoint(rocksdb::DB& db, const std::string& target,
                                  uint64_t* sequence_number) {
  rocksdb::Checkpoint* raw_checkpoint = nullptr;
  RETURN_IF_ROCKS_ERROR(rocksdb::Checkpoint::Create(&db, &raw_checkpoint),
                        "preparing a checkpoint");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw_checkpoint);
  // log_size_for_flush 0: flush the memtables first, so the copy is mostly table files
  // and its write-ahead log is short.
  RETURN_IF_ROCKS_ERROR(checkpoint->CreateCheckpoint(target, 0, sequence_number),
                        absl::StrCat("writing checkpoint '", target, "'"));
  return absl::OkStatus();
}

// A checkpoint in `staging`, then every file moved up into `dir` as a private copy
// (private_files.h), `staging` removed.
absl::Status WritePrivateCheckpoint(rocksdb::DB& db, const std::string& dir,
                                    const std::string& staging, uint64_t* sequence_number) {
  rocksdb::Env* env = db.GetEnv();
  if (absl::Status s = WriteRocksCheckpoint(db, staging, sequence_number); !s.ok()) return s;
  std::vector<std::string> children;
  RETURN_IF_ROCKS_ERROR(env->GetChildren(staging, &children),
                        absl::StrCat("listing '", staging, "'"));
  for (const std::string& child : children) {
    if (child == "." || child == "..") continue;
    if (absl::Status s =
            MoveAsPrivateCopy(absl::StrCat(staging, "/", child), absl::StrCat(dir, "/", child));
        !s.ok()) {
      return s;
    }
  }
  RETURN_IF_ROCKS_ERROR(env->DeleteDir(staging), absl::StrCat("removing '", staging, "'"));
  return SyncDir(dir);
}

}  // namespace

absl::StatusOr<CheckpointInfo> WriteCheckpoint(rocksdb::DB& db, const std::string& dir,
                                               const CountedFamilies& families) {
  rocksdb::Env* env = db.GetEnv();
  if (env->FileExists(dir).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint directory '", dir, "' already exists; name a new one"));
  }
  CheckpointInfo info;
  info.dir = dir;
  if (env == rocksdb::Env::Default()) {
    // The checkpoint is written inside `dir`, private from the start, then its hard links
    // are replaced by copies: a backup shares no inode with the live store, so shredding
    // or truncating a backup's file cannot corrupt the store (issue 19).
    if (absl::Status s = MakePrivateDir(dir); !s.ok()) {
      if (absl::IsInvalidArgument(s)) {
        return absl::InvalidArgumentError(
            absl::StrCat("checkpoint directory '", dir, "' already exists; name a new one"));
      }
      return s;
    }
    if (absl::Status s = WritePrivateCheckpoint(db, dir, absl::StrCat(dir, "/.checkpoint"),
                                                &info.sequence_number);
        !s.ok()) {
      std::error_code ignored;  // the copy is incomplete: leave nothing that looks like one
      std::filesystem::remove_all(dir, ignored);
      return s;
    }
  } else {  // an in-memory environment: no links to share, no permissions to set
    if (absl::Status s = WriteRocksCheckpoint(db, dir, &info.sequence_number); !s.ok()) return s;
  }
  if (absl::Status s = DescribeFiles(*env, dir, &info); !s.ok()) return s;
  if (absl::Status s = CountCopy(env, dir, families, &info.counts); !s.ok()) return s;
  return info;
}

}  // namespace matching::index
