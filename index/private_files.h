// Files only their owner may read or change: the data directory and backups hold personal data.
// POSIX only (the real file system); internal to index/.
#ifndef MATCHING_INDEX_PRIVATE_FILES_H_
#define MATCHING_INDEX_PRIVATE_FILES_H_

#include <string>

#include "absl/status/status.h"

namespace matching::index {

// Creates `dir` with mode 0700 (whatever the umask). InvalidArgument when it already exists;
// NotFound when its parent does not.
[[nodiscard]] absl::Status MakePrivateDir(const std::string& dir);

// Sets `dir`'s mode to 0700 (an existing data directory made with 0755 before).
[[nodiscard]] absl::Status RestrictDir(const std::string& dir);

// Moves the regular file `from` to `to` (which must not exist) as a file of its own, mode
// 0600: a file with other hard links (a checkpoint's table file shares its inode with the
// live store's) is copied into a new inode, fsynced, and `from` unlinked; a file with one
// link is renamed. After it, nothing done to `to` can reach another file.
[[nodiscard]] absl::Status MoveAsPrivateCopy(const std::string& from, const std::string& to);

// fsyncs the directory `dir`, so that the names created in it are durable.
[[nodiscard]] absl::Status SyncDir(const std::string& dir);

}  // namespace matching::index

#endif  // MATCHING_INDEX_PRIVATE_FILES_H_
