// Per-thread scratch tables of the ranking kernel (memory_index_rank.cc), reused from one
// query to the next so that a query allocates only its results.
//
// Not thread-safe: one RankScratch per thread (thread_local in memory_index_rank.cc).
#ifndef MATCHING_INDEX_RANK_MEMO_H_
#define MATCHING_INDEX_RANK_MEMO_H_

#include <array>
#include <cstdint>
#include <vector>

#include "index/recruiter_ties.h"
#include "matcher/criterion.h"

namespace matching::index {

// The candidate groups a recruiter's gates read: consent (flags), specialty, experience,
// dates, wanted and excluded departments, metropolises (drive limit and filter).
inline constexpr size_t kGateGroups = 7;

struct RankScratch {
  // Dense per-code tables (RankCandidates): a criterion's value, -1 when not applicable.
  std::array<std::vector<double>, matcher::kCriterionCount> values;
  std::vector<uint8_t> setting_codes;  // RankOffers: the settings filter, by setting code
  // RankCandidates: consent, limits and the drive filter, one memoised verdict per code of
  // each group they read (0 not yet known, 1 passes, 2 fails), and the rows that passed.
  std::array<std::vector<uint8_t>, kGateGroups> gate_codes;
  std::vector<uint32_t> passing_rows;
  // RankCandidates: the order of equal scores (recruiter_ties.h), and codes seen.
  RecruiterTieTables ties;
  std::vector<uint8_t> seen_codes;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_RANK_MEMO_H_
