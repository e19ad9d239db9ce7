// RecruiterTieTables: matcher::RecruiterTieBreak() for every candidate row of one offer,
// from per-code tables.
//
// Each part of the key reads one group of fields (experience, dates, home), so it is
// computed once per code of that group by the scoring core's own functions and ORed per
// row: Key() is RecruiterTieBreak() of the row's profile, bit for bit.
//
// Not thread-safe; one per thread (RankScratch). Reset(), then Set() for every code of the
// experience, dates and home groups that the rows passed to Key() hold.
#ifndef MATCHING_INDEX_RECRUITER_TIES_H_
#define MATCHING_INDEX_RECRUITER_TIES_H_

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "index/candidate_columns.h"
#include "matcher/types.h"

namespace matching::index {

class RecruiterTieTables {
 public:
  // Sizes the tables for `columns`' dictionaries; the values of codes not Set() are unread.
  void Reset(const CandidateColumns& columns);
  // The part of the key that `group` (kCandExperience, kCandDates or kCandLocation) gives
  // for `code`, whose fields `probe` holds; other groups are ignored.
  void Set(int group, uint32_t code, const matcher::CandidateProfile& probe,
           const matcher::OfferFeatures& offer, const matcher::TerritoryFeatures& territory,
           absl::CivilDay as_of);
  uint64_t Key(const CandidateColumns::Segment& segment, size_t row) const {
    return experience_[segment.codes[kCandExperience][row]] |
           availability_[segment.codes[kCandDates][row]] |
           roots_[segment.codes[kCandLocation][row]];
  }

 private:
  std::vector<uint64_t> experience_;
  std::vector<uint64_t> availability_;
  std::vector<uint64_t> roots_;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_RECRUITER_TIES_H_
