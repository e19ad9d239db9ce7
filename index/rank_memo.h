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

struct RankScratch {
  // Dense per-code tables (RankCandidates): a criterion's value, -1 when not applicable.
  std::array<std::vector<double>, matcher::kCriterionCount> values;
  std::vector<uint8_t> eligible_codes;  // RankCandidates: by excluded-departments code
  std::vector<uint8_t> within_codes;    // RankCandidates: by metropolis-wish code
  std::vector<uint8_t> setting_codes;   // RankOffers: the settings filter, by setting code
  // RankCandidates: consent and limits, one verdict per code of each group they read.
  std::array<std::vector<uint8_t>, 7> gate_codes;
  // RankCandidates: the order of equal scores (recruiter_ties.h), and codes seen.
  RecruiterTieTables ties;
  std::vector<uint8_t> seen_codes;
  std::vector<uint32_t> home_codes;  // RankCandidates: kCandLocation codes of ranked rows
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_RANK_MEMO_H_
