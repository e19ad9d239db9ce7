// matching.v1 records -> the scoring core's plain types (matcher/types.h).
//
// Pure functions; thread-safe. Inputs are assumed validated by the server (dates that
// do not parse become "unset").
#ifndef MATCHING_INDEX_CONVERT_H_
#define MATCHING_INDEX_CONVERT_H_

#include "matcher/types.h"
#include "matching/v1/candidate.pb.h"
#include "matching/v1/offer.pb.h"
#include "matching/v1/territory.pb.h"

namespace matching::index {

matcher::TerritoryFeatures ToTerritoryFeatures(const v1::Territory& territory);
matcher::OfferFeatures ToOfferFeatures(const v1::Offer& offer);
matcher::CandidateProfile ToCandidateProfile(const v1::Candidate& candidate);

}  // namespace matching::index

#endif  // MATCHING_INDEX_CONVERT_H_
