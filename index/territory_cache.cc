#include "index/territory_cache.h"

#include <iterator>
#include <utility>

#include "absl/strings/match.h"

namespace matching::index {

std::shared_ptr<TerritoryColumn> TerritoryCache::Get(const std::string& key, size_t rows,
                                                     CellKind kind) {
  absl::MutexLock lock(&mu_);
  if (auto it = columns_.find(key); it != columns_.end()) {
    if (it->second->column->rows() >= rows) {
      uses_.splice(uses_.begin(), uses_, it->second);  // now the most recently used
      return it->second->column;
    }
    Drop(it->second);  // too short: replaced below
  }
  auto column = std::make_shared<TerritoryColumn>(rows);
  // Least recently used first, until the new column fits (it is kept even when it alone
  // exceeds the budget: the query needs it).
  while (!uses_.empty() && bytes_ + column->memory_bytes() > max_bytes_) {
    Drop(std::prev(uses_.end()));
  }
  bytes_ += column->memory_bytes();
  uses_.push_front(Entry{key, column, kind});
  columns_.emplace(key, uses_.begin());
  return column;
}

void TerritoryCache::Drop(Uses::iterator entry) {
  bytes_ -= entry->column->memory_bytes();
  columns_.erase(entry->key);
  uses_.erase(entry);
}

void TerritoryCache::ForgetCell(CellKind kind, uint32_t cell) {
  absl::MutexLock lock(&mu_);
  for (Entry& entry : uses_) {
    if (entry.kind == kind) entry.column->Forget(cell);
  }
}

void TerritoryCache::ForgetCells(CellKind kind, const std::vector<uint32_t>& cells,
                                 absl::string_view key_prefix) {
  if (cells.empty()) return;
  absl::MutexLock lock(&mu_);
  for (Entry& entry : uses_) {
    if (entry.kind != kind || !absl::StartsWith(entry.key, key_prefix)) continue;
    for (uint32_t cell : cells) entry.column->Forget(cell);
  }
}

void TerritoryCache::Clear() {
  absl::MutexLock lock(&mu_);
  columns_.clear();
  uses_.clear();
  bytes_ = 0;
}

size_t TerritoryCache::memory_bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

}  // namespace matching::index
