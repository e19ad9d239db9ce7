// Per-query memo tables of the ranking kernel (memory_index.cc).
//
// A Memo maps a dense key (a dictionary code, a territory row, or both combined) to a
// criterion outcome for the duration of one query. Entries carry the query's stamp, so
// starting a query is O(1): nothing is cleared, an entry from an older query just does
// not match. Tables grow to the largest key seen and are reused by the next query of the
// same thread.
//
// Not thread-safe: one RankScratch per thread (thread_local in memory_index.cc).
#ifndef MATCHING_INDEX_RANK_MEMO_H_
#define MATCHING_INDEX_RANK_MEMO_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "matcher/criterion.h"
#include "matcher/score.h"

namespace matching::index {

class Memo {
 public:
  // Starts a query whose keys are below `size`.
  void Reset(size_t size) {
    if (++stamp_ == 0) {  // wrapped after 4 billion queries: forget everything once
      for (Entry& entry : entries_) entry.stamp = 0;
      stamp_ = 1;
    }
    if (entries_.size() < size) entries_.resize(size);
  }
  const matcher::CriterionOutcome* Find(size_t key) const {
    const Entry& entry = entries_[key];
    return entry.stamp == stamp_ ? &entry.outcome : nullptr;
  }
  void Set(size_t key, matcher::CriterionOutcome outcome) { entries_[key] = {stamp_, outcome}; }

 private:
  struct Entry {
    uint32_t stamp = 0;
    matcher::CriterionOutcome outcome;
  };
  std::vector<Entry> entries_;
  uint32_t stamp_ = 0;
};

// Everything a thread's queries reuse.
struct RankScratch {
  std::array<Memo, matcher::kCriterionCount> criteria;
  // Dense per-code tables (RankCandidates): a criterion's value, -1 when not applicable.
  std::array<std::vector<double>, matcher::kCriterionCount> values;
  std::vector<uint8_t> eligible_codes;  // RankCandidates: by excluded-departments code
  std::vector<uint8_t> within_codes;    // RankCandidates: by metropolis-wish code
  std::vector<uint8_t> setting_codes;   // RankOffers: the settings filter, by setting code
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_RANK_MEMO_H_
