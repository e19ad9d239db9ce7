#include "server/candidate_summary.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

std::vector<std::string> WhatTheHouseholdLooksFor(const matcher::CandidateProfile& candidate,
                                                  const matcher::TerritoryFeatures& territory,
                                                  matcher::Language language) {
  const bool fr = language == matcher::Language::kFrench;
  std::vector<std::string> wishes;
  if (!candidate.preferred_settings.empty()) {
    std::vector<std::string> names;
    for (matcher::PracticeSetting s : candidate.preferred_settings) {
      names.push_back(matcher::SettingName(s, fr));
    }
    wishes.push_back(absl::StrCat(fr ? "Exercice : " : "Practice: ", absl::StrJoin(names, ", ")));
  }
  if (!candidate.preferred_employment.empty()) {
    std::vector<std::string> names;
    for (matcher::EmploymentMode m : candidate.preferred_employment) {
      names.push_back(matcher::EmploymentName(m, fr));
    }
    wishes.push_back(absl::StrCat(fr ? "Mode : " : "Employment: ", absl::StrJoin(names, ", ")));
  }
  if (candidate.wants_part_time) wishes.push_back(fr ? "Temps partiel" : "Part-time");
  if (candidate.max_on_call_per_month) {
    wishes.push_back(
        fr ? absl::StrCat("Gardes : ", *candidate.max_on_call_per_month, " par mois au plus")
           : absl::StrCat("On call: at most ", *candidate.max_on_call_per_month, " a month"));
  }
  if (candidate.wants_trial) {
    wishes.push_back(fr ? "Essayer d'abord (remplacement, stage)"
                        : "To try first (locum, placement)");
  }
  if (!candidate.metropolis_ids.empty()) {
    std::vector<std::string> names;
    for (const std::string& id : candidate.metropolis_ids) {
      std::string name = id;
      for (const matcher::MetropolisAccess& access : territory.metropolis_access) {
        if (access.metropolis_id == id && !access.name.empty()) name = access.name;
      }
      names.push_back(std::move(name));
    }
    const std::string joined = absl::StrJoin(names, fr ? " ou " : " or ");
    wishes.push_back(candidate.max_drive_minutes > 0
                         ? absl::StrCat("≤ ", candidate.max_drive_minutes,
                                        fr ? " min de " : " min from ", joined)
                         : absl::StrCat(fr ? "Proche de " : "Near ", joined));
  }
  if (!candidate.wanted_department_codes.empty()) {
    wishes.push_back(absl::StrCat(fr ? "Départements souhaités : " : "Wanted departments: ",
                                  absl::StrJoin(candidate.wanted_department_codes, ", ")));
  }
  if (!candidate.excluded_department_codes.empty()) {
    wishes.push_back(absl::StrCat(fr ? "Pas dans : " : "Not in: ",
                                  absl::StrJoin(candidate.excluded_department_codes, ", ")));
  }
  if (candidate.partner && candidate.partner->needs_job) {
    const std::string& sector = candidate.partner->sector;
    wishes.push_back(absl::StrCat(fr ? "Un emploi pour le conjoint" : "A job for the partner",
                                  sector.empty() ? "" : absl::StrCat(" (", sector, ")")));
  }
  if (candidate.housing_need == matcher::HousingNeed::kTemporary) {
    const int months = candidate.housing_months_needed;
    wishes.push_back(
        absl::StrCat(fr ? "Logement temporaire à l'arrivée" : "Temporary housing on arrival",
                     months > 0 ? absl::StrCat(" (", months, fr ? " mois)" : " months)") : ""));
  } else if (candidate.housing_need == matcher::HousingNeed::kPermanent) {
    wishes.push_back(fr ? "Aide pour louer ou acheter" : "Help to rent or buy");
  }
  if (!candidate.lifestyle_tags.empty()) {
    wishes.push_back(absl::StrCat(fr ? "Cadre de vie : " : "Lifestyle: ",
                                  absl::StrJoin(candidate.lifestyle_tags, ", ")));
  }
  return wishes;
}

}  // namespace matching::server
