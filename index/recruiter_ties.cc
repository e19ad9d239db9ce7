#include "index/recruiter_ties.h"

#include "matcher/recruiter_order.h"

namespace matching::index {

void RecruiterTieTables::Build(const CandidateColumns& columns,
                               const CandidateColumns::Segment& segment,
                               const matcher::OfferFeatures& offer,
                               const matcher::TerritoryFeatures& territory, absl::CivilDay as_of) {
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
  roots_.assign(columns.code_limit(kCandLocation), 0);
  columns.ForEachCodeOf(kCandLocation, segment, seen_, [&](uint32_t code) {
    columns.Apply(kCandLocation, code, &probe);
    roots_[code] = matcher::LocalRootsTieBits(probe, territory);
  });
}

}  // namespace matching::index
