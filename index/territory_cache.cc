#include "index/territory_cache.h"

#include <utility>

namespace matching::index {

std::shared_ptr<TerritoryColumn> TerritoryCache::Get(const std::string& key, size_t rows) {
  absl::MutexLock lock(&mu_);
  const uint64_t now = ++tick_;
  auto it = columns_.find(key);
  if (it != columns_.end()) {
    it->second.last_use = now;
    return it->second.column;
  }
  auto column = std::make_shared<TerritoryColumn>(rows);
  // Least recently used first, until the new column fits (it is kept even when it alone
  // exceeds the budget: the query needs it).
  while (!columns_.empty() && bytes_ + column->memory_bytes() > max_bytes_) {
    auto oldest = columns_.begin();
    for (auto candidate = columns_.begin(); candidate != columns_.end(); ++candidate) {
      if (candidate->second.last_use < oldest->second.last_use) oldest = candidate;
    }
    bytes_ -= oldest->second.column->memory_bytes();
    columns_.erase(oldest);
  }
  bytes_ += column->memory_bytes();
  columns_.emplace(key, Entry{column, now});
  return column;
}

void TerritoryCache::Clear() {
  absl::MutexLock lock(&mu_);
  if (columns_.empty()) return;
  columns_.clear();
  bytes_ = 0;
}

size_t TerritoryCache::memory_bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace matching::index
