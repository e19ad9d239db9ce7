// TerritoryCache: territory criterion outcomes kept across queries.
//
// When ranking offers for a household, the territory criteria (proximity, family, spouse
// job, housing, lifestyle, aid money, care need) read the territory and a few fields of
// the household and of the offer, and nothing else. Households share those few fields
// widely (the family criterion reads only which of four amenities the children need), so
// the outcome of criterion c for territory t depends on a short key: the fields it reads,
// spelled out by TerritoryCriterionKey() in memory_index_rank.cc. A column holds one
// outcome per territory row for one key; it is filled lazily by the queries that meet a
// territory (each outcome is computed once, by the scoring core's own function) and read
// by every later query with the same key.
//
// A territory write forgets only the cells it may change (ForgetCell): its own row in the
// columns by territory row, its money class and drive minutes codes in theirs (a code freed
// by one territory may come back for another value, and then its cells are forgotten too).
// A column asked for with more rows than it has (new territories or codes) is replaced.
//
// Thread-safety: Get() and the columns may be used by concurrent queries. A column's cells
// are atomics: two queries may compute the same cell and store the same value.
// ForgetCell() and Clear() run when the territory table changes (MemoryIndex holds its
// exclusive lock, so no query is running); columns already handed out stay valid until
// released.
//
// Memory is bounded: beyond `max_bytes` the least recently used columns are dropped. A
// lookup and an eviction are O(1) (a hash map into a list kept in order of use), so a full
// cache, which evicts on most new keys, costs no more under its mutex than an empty one.
#ifndef MATCHING_INDEX_TERRITORY_CACHE_H_
#define MATCHING_INDEX_TERRITORY_CACHE_H_

#include <atomic>
#include <cstdint>
#include <cstring>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "matcher/criteria.h"

namespace matching::index {

// Which dense key a column's cells stand for.
enum class CellKind {
  kOfferCode,     // the code of the criterion's offer group (criteria that read no territory)
  kTerritoryRow,  // the offer's territory (and, for spouse job and housing, one column per
                  // code of their offer group)
  kMoneyClass,    // the territory's money class (one column per kOfferMoney code)
  kDriveMinutes,  // the drive minutes to the nearest chosen metropolis; one past the last
                  // code: none listed
};

// One criterion's outcome for each of `rows` keys (territory rows, or other dense codes:
// an offer group's codes, money classes, drive minutes), for one key; unknown until set.
class TerritoryColumn {
 public:
  explicit TerritoryColumn(size_t rows) : rows_(rows), cells_(new std::atomic<uint64_t>[rows]()) {}

  // The outcome of cell `row` as one number, for a branch-free scan: the value,
  // kNotApplicableValue, or kUnknownValue (not computed yet, or beyond the rows).
  static constexpr double kNotApplicableValue = -1;
  static constexpr double kUnknownValue = -2;
  double Value(size_t row) const {
    if (row >= rows_) return kUnknownValue;
    const uint64_t cell = cells_[row].load(std::memory_order_relaxed);
    const uint64_t bits = cell - kOffset;
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return cell == kUnknown ? kUnknownValue : cell == kNotApplicable ? kNotApplicableValue : value;
  }
  void Set(size_t row, const matcher::CriterionOutcome& outcome) {
    if (row >= rows_) return;
    uint64_t cell = kNotApplicable;
    if (outcome.applicable) {
      std::memcpy(&cell, &outcome.value, sizeof cell);
      cell += kOffset;  // values are in [0, 1]: their bits are far below 2^64 - 2
    }
    cells_[row].store(cell, std::memory_order_relaxed);
  }
  // Back to unknown: computed again when next met.
  void Forget(size_t row) {
    if (row < rows_) cells_[row].store(kUnknown, std::memory_order_relaxed);
  }
  size_t rows() const { return rows_; }
  size_t memory_bytes() const { return rows_ * sizeof(uint64_t); }

 private:
  // A cell: 0 unknown, 1 not applicable, else the value's bits + 2.
  static constexpr uint64_t kUnknown = 0;
  static constexpr uint64_t kNotApplicable = 1;
  static constexpr uint64_t kOffset = 2;
  size_t rows_;
  std::unique_ptr<std::atomic<uint64_t>[]> cells_;
};

class TerritoryCache {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{64} << 20;  // scripts/load-test allows it
  explicit TerritoryCache(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // The column for `key`, whose cells stand for `kind`: the existing one, or a new one of
  // `rows` unknown cells (also when the existing one has fewer rows).
  std::shared_ptr<TerritoryColumn> Get(const std::string& key, size_t rows, CellKind kind);
  // Forgets cell `cell` of every column of `kind` (what it stands for changed).
  void ForgetCell(CellKind kind, uint32_t cell);
  // Forgets `cells` of the columns of `kind` whose key starts with `key_prefix` only (one
  // criterion's cells, when only what that criterion reads changed), in one pass.
  void ForgetCells(CellKind kind, const std::vector<uint32_t>& cells, absl::string_view key_prefix);
  // Forgets every column.
  void Clear();
  size_t memory_bytes() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<TerritoryColumn> column;
    CellKind kind;
  };
  using Uses = std::list<Entry>;  // most recently used first
  void Drop(Uses::iterator entry) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  mutable absl::Mutex mu_;
  size_t max_bytes_;
  Uses uses_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Uses::iterator> columns_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_TERRITORY_CACHE_H_
