// Conversion of rocksdb::Status to absl::Status: the one border between the two inside index/.
#ifndef MATCHING_INDEX_ROCKS_UTIL_H_
#define MATCHING_INDEX_ROCKS_UTIL_H_

#include <rocksdb/status.h>

#include <string>

#include "absl/status/status.h"

namespace matching::index {

// Maps a RocksDB status to the closest absl code, prefixing `context` ("writing offer").
absl::Status ToAbsl(const rocksdb::Status& status, const std::string& context);

}  // namespace matching::index

#define RETURN_IF_ROCKS_ERROR(expr, context)                                           \
  do {                                                                                 \
    const ::rocksdb::Status rocks_status_ = (expr);                                    \
    if (!rocks_status_.ok()) return ::matching::index::ToAbsl(rocks_status_, context); \
  } while (false)

#endif  // MATCHING_INDEX_ROCKS_UTIL_H_
