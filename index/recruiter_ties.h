// RecruiterTieTables: matcher::RecruiterTieBreak() for every candidate row of one offer,
// from per-code tables.
//
// Each part of the key reads one group of fields (experience, dates, home), so it is
// computed once per code of that group by the scoring core's own functions and ORed per
// row: Key() is RecruiterTieBreak() of the row's profile, bit for bit.
//
// Not thread-safe; one per thread (RankScratch). Build() and BuildRoots() before Key(),
// which reads the home's part only for the codes BuildRoots() was given.
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
  // Tables of experience and dates for the codes `segment`'s rows use, for this offer.
  void Build(const CandidateColumns& columns, const CandidateColumns::Segment& segment,
             const matcher::OfferFeatures& offer, absl::CivilDay as_of);
  // The distance from home to `territory`, for these home (kCandLocation) codes only:
  // homes are nearly one per household, so the caller names those of the rows it ranks.
  void BuildRoots(const CandidateColumns& columns, const std::vector<uint32_t>& home_codes,
                  const matcher::TerritoryFeatures& territory);
  uint64_t Key(const CandidateColumns::Segment& segment, size_t row) const {
    return experience_[segment.codes[kCandExperience][row]] |
           availability_[segment.codes[kCandDates][row]] |
           roots_[segment.codes[kCandLocation][row]];
  }

 private:
  std::vector<uint64_t> experience_;
  std::vector<uint64_t> availability_;
  std::vector<uint64_t> roots_;
  std::vector<uint8_t> seen_;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_RECRUITER_TIES_H_
