#include "index/recruiter_ties.h"

#include "matcher/recruiter_order.h"

namespace matching::index {

void RecruiterTieTables::Build(const CandidateColumns& columns,
                               const CandidateColumns::Segment& segment,
                               const matcher::OfferFeatures& offer, absl::CivilDay as_of) {
  matcher::CandidateProfile probe;
  experience_.assign(columns.code_limit(kCandExperience), 0);
  columns.ForEachCodeOf(kCandExperience, segment, seen_, [&](uint32_t code) {
    columns.Apply(kCandExperience, code, &probe);
    experience_[code] = matcher::ExperienceTieBits(probe.experience_years, offer);
  });
  availability_.assign(columns.code_limit(kCandDates), 0);
  columns.ForEachCodeOf(kCandDates, segment, seen_, [&](uint32_t code) {
    columns.Apply(kCandDates, code, &probe);
    availability_[code] = matcher::AvailabilityTieBits(probe.available_from, as_of);
  });
}

void RecruiterTieTables::BuildRoots(const CandidateColumns& columns,
                                    const std::vector<uint32_t>& home_codes,
                                    const matcher::TerritoryFeatures& territory) {
  matcher::CandidateProfile probe;
  roots_.resize(columns.code_limit(kCandLocation));  // codes not given are not read
  for (uint32_t code : home_codes) {
    columns.Apply(kCandLocation, code, &probe);
    roots_[code] = matcher::LocalRootsTieBits(probe, territory);
  }
}

}  // namespace matching::index
