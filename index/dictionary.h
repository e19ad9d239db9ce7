// Dictionary<T>: dictionary coding of repeated values, with reference counts.
//
// The columnar index stores, per record and per group of fields a criterion reads, a
// 32-bit code instead of the values; a million households share a few thousand distinct
// family shapes, metropolis wishes or date windows. Codes are dense (a freed code is reused
// first), so per-query memo tables indexed by code stay small. Release() frees a value as
// soon as no record uses it: an erased profile leaves nothing of its own in memory.
//
// Not thread-safe: the owner (MemoryIndex) serialises writers and lets readers call the
// const methods under its shared lock.
#ifndef MATCHING_INDEX_DICTIONARY_H_
#define MATCHING_INDEX_DICTIONARY_H_

#include <climits>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"

namespace matching::index {

// An optional date as a hashable number: days since 1970-01-01, or kNoDay.
inline constexpr int64_t kNoDay = INT64_MIN;
inline int64_t DayKey(const std::optional<absl::CivilDay>& day) {
  return day ? *day - absl::CivilDay(1970, 1, 1) : kNoDay;
}
// The inverse of DayKey. Ranking decodes dates per dictionary code on every query, and
// `CivilDay(1970, 1, 1) + key` steps year by year (cctz's n_day: 17 % of a RankOffers query
// over 20,000 offers), so the date is computed directly (H. Hinnant's civil_from_days).
inline std::optional<absl::CivilDay> FromDayKey(int64_t key) {
  if (key == kNoDay) return std::nullopt;
  const int64_t z = key + 719468;  // days since 0000-03-01
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // from March 1
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;                   // March = 0
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  return absl::CivilDay(year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

template <typename T>
class Dictionary {
 public:
  // The code of `value`, added when new; one more reference either way. Pass an rvalue
  // to avoid a copy when the value is new (an existing one is not touched).
  uint32_t Acquire(T&& value) { return AcquireImpl(std::move(value)); }
  uint32_t Acquire(const T& value) { return AcquireImpl(value); }

  // One reference less; the value is forgotten with its last reference (then true: its
  // code may come back for another value).
  bool Release(uint32_t code) {
    if (--references_[code] > 0) return false;
    codes_.erase(values_[code]);
    values_[code] = T{};
    free_.push_back(code);
    return true;
  }

  // The code of `value` when present.
  std::optional<uint32_t> Find(const T& value) const {
    auto it = codes_.find(value);
    if (it == codes_.end()) return std::nullopt;
    return it->second;
  }
  const T& value(uint32_t code) const { return values_[code]; }
  // One past the largest code in use: the size of a table indexed by code.
  size_t code_limit() const { return values_.size(); }
  size_t distinct() const { return codes_.size(); }
  // Bytes held by the tables (not by heap memory the values own).
  size_t table_bytes() const {
    return values_.capacity() * sizeof(T) + references_.capacity() * sizeof(uint32_t) +
           free_.capacity() * sizeof(uint32_t) +
           codes_.capacity() * (sizeof(std::pair<const T, uint32_t>) + 1);
  }

 private:
  template <typename V>
  uint32_t AcquireImpl(V&& value) {
    auto [it, inserted] = codes_.try_emplace(std::forward<V>(value), 0);
    if (inserted) {
      if (free_.empty()) {
        it->second = static_cast<uint32_t>(values_.size());
        values_.push_back(it->first);
        references_.push_back(0);
      } else {
        it->second = free_.back();
        free_.pop_back();
        values_[it->second] = it->first;
      }
    }
    ++references_[it->second];
    return it->second;
  }

  std::vector<T> values_;
  std::vector<uint32_t> references_;
  std::vector<uint32_t> free_;
  absl::flat_hash_map<T, uint32_t> codes_;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_DICTIONARY_H_
