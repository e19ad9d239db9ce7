// How a recruiter orders candidates whose scores for one offer are equal.
//
// RankCandidates breaks ties by RecruiterTieBreak() (higher first) before the id: more
// experience beyond the offer's minimum first, then the household that can start sooner,
// then the one that lives nearer the territory. The key is the bitwise OR of three parts in
// disjoint bits, each a function of one group of the candidate's fields, so that the index
// computes each part once per dictionary code and ORs them per row.
//
// Thread-safe: pure functions.
#ifndef MATCHER_RECRUITER_ORDER_H_
#define MATCHER_RECRUITER_ORDER_H_

#include <cstdint>
#include <optional>

#include "absl/time/civil_time.h"
#include "matcher/types.h"

namespace matching::matcher {

// Bits 44-54: experience_years - min_experience_years, clamped to [-1000, 1000].
uint64_t ExperienceTieBits(int experience_years, const OfferFeatures& offer);
// Bits 24-43: fewer days from `as_of` to available_from (unset or past: 0) is better.
uint64_t AvailabilityTieBits(const std::optional<absl::CivilDay>& available_from,
                             absl::CivilDay as_of);
// Bits 0-23: fewer hundreds of metres from the current home to the territory is better
// (DistanceFromHomeKm(); unknown: 0, the worst).
uint64_t LocalRootsTieBits(const CandidateProfile& candidate, const TerritoryFeatures& territory);

// The three parts ORed: the key that orders equal scores, higher first.
uint64_t RecruiterTieBreak(const CandidateProfile& candidate, const OfferFeatures& offer,
                           const TerritoryFeatures& territory, absl::CivilDay as_of);

}  // namespace matching::matcher

#endif  // MATCHER_RECRUITER_ORDER_H_
