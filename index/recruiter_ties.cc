#include "index/recruiter_ties.h"

#include "matcher/recruiter_order.h"

namespace matching::index {

void RecruiterTieTables::Reset(const CandidateColumns& columns) {
  experience_.resize(columns.code_limit(kCandExperience));
  availability_.resize(columns.code_limit(kCandDates));
  roots_.resize(columns.code_limit(kCandLocation));
}

void RecruiterTieTables::Set(int group, uint32_t code, const matcher::CandidateProfile& probe,
                             const matcher::OfferFeatures& offer,
                             const matcher::TerritoryFeatures& territory, absl::CivilDay as_of) {
  switch (group) {
    case kCandExperience:
      experience_[code] = matcher::ExperienceTieBits(probe.experience_years, offer);
      break;
    case kCandDates:
      availability_[code] = matcher::AvailabilityTieBits(probe.available_from, as_of);
      break;
    case kCandLocation:
      roots_[code] = matcher::LocalRootsTieBits(probe, territory);
      break;
    default:
      break;
  }
}

}  // namespace matching::index
