#include "server/candidate_summary.h"

#include "absl/time/civil_time.h"
#include "matcher/criteria.h"

namespace matching::server {

void FillCandidateSummary(const matcher::CandidateProfile& candidate,
                          const matcher::TerritoryFeatures& territory,
                          const index::MemoryIndex& index, v1::CandidateSummary* summary) {
  summary->set_profession(static_cast<v1::Profession>(candidate.profession));
  summary->set_specialty(candidate.specialty);
  summary->set_experience_years(candidate.experience_years);
  if (candidate.partner) {
    summary->set_has_partner(true);
    summary->set_partner_needs_job(candidate.partner->needs_job);
    summary->set_partner_sector(candidate.partner->sector);
  }
  for (int age : candidate.children_ages) summary->add_children_ages(age);
  summary->set_children_count(static_cast<int>(candidate.children_ages.size()));
  if (candidate.available_from) {
    summary->set_available_from(absl::FormatCivilTime(*candidate.available_from));
  }
  if (candidate.available_until) {
    summary->set_available_until(absl::FormatCivilTime(*candidate.available_until));
  }
  if (candidate.current_location) {
    summary->set_current_department(index.DepartmentNear(
        candidate.current_location->lat, candidate.current_location->lon, kCurrentDepartmentMaxKm));
  }
  summary->set_home_distance_km(matcher::DistanceFromHomeKm(candidate, territory).value_or(-1));
}

}  // namespace matching::server
