// Field-by-field conversion of API records into scoring types.
#include "index/convert.h"

#include <optional>
#include <string>

#include "index/store.h"
#include "matcher/specialties.h"

namespace matching::index {
namespace {

// The catalog's id for a specialty (data/specialties.json), so that the index codes and
// scores one value per specialty whatever its spelling; unknown text (stored before the
// catalog) is kept as it is.
std::string CanonicalSpecialty(const std::string& specialty) {
  return matcher::SpecialtyCatalog::Default().Canonical(specialty).value_or(specialty);
}

}  // namespace

namespace {

std::optional<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (text.empty() || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

template <typename T, typename Proto>
std::optional<T> Optional(bool has, Proto value) {
  return has ? std::optional<T>(static_cast<T>(value)) : std::nullopt;
}

}  // namespace

matcher::TerritoryFeatures ToTerritoryFeatures(const v1::Territory& t) {
  matcher::TerritoryFeatures f;
  f.id = t.id();
  f.name = t.name();
  f.department_code = t.department_code();
  f.region_code = t.region_code();
  f.metropolis_id = t.metropolis_id();
  f.lat = t.location().lat();
  f.lon = t.location().lon();
  f.population = t.population();
  for (const v1::MetropolisAccess& access : t.metropolis_access()) {
    f.metropolis_access.push_back({access.metropolis_id(), access.name(), access.drive_minutes(),
                                   access.drive_minutes_estimated()});
  }
  f.creche_minutes = Optional<int>(t.has_creche_minutes(), t.creche_minutes());
  f.primary_school_minutes =
      Optional<int>(t.has_primary_school_minutes(), t.primary_school_minutes());
  f.college_minutes = Optional<int>(t.has_college_minutes(), t.college_minutes());
  f.lycee_minutes = Optional<int>(t.has_lycee_minutes(), t.lycee_minutes());
  f.fibre_coverage = Optional<double>(t.has_fibre_coverage(), t.fibre_coverage());
  f.train_station_minutes = Optional<int>(t.has_train_station_minutes(), t.train_station_minutes());
  f.emergency_minutes = Optional<int>(t.has_emergency_minutes(), t.emergency_minutes());
  f.lifestyle_tags.assign(t.lifestyle_tags().begin(), t.lifestyle_tags().end());
  for (const auto& [sector, openings] : t.job_openings_by_sector()) {
    f.job_openings_by_sector[sector] = openings;
  }
  f.temporary_housing_available = t.temporary_housing_available();
  f.rent_eur_per_m2 = Optional<double>(t.has_rent_eur_per_m2(), t.rent_eur_per_m2());
  f.apl = Optional<double>(t.has_apl(), t.apl());
  f.gp_over_60_share = Optional<double>(t.has_gp_over_60_share(), t.gp_over_60_share());
  f.zoning = static_cast<matcher::Zoning>(t.zoning());
  for (const v1::ProfessionZoning& zoning : t.zonings()) {
    f.zonings.push_back({static_cast<matcher::Profession>(zoning.profession()),
                         static_cast<matcher::ZoneLevel>(zoning.level())});
  }
  f.zfrr = t.zfrr();
  for (const v1::LocalAid& aid : t.local_aids())
    f.local_aids.push_back({aid.label(), aid.amount_eur()});
  f.synthetic_fields.insert(t.synthetic_fields().begin(), t.synthetic_fields().end());
  return f;
}

matcher::OfferFeatures ToOfferFeatures(const v1::Offer& o) {
  matcher::OfferFeatures f;
  f.id = o.id();
  f.territory_id = o.territory_id();
  f.organization_id = o.organization_id();
  f.title = o.title();
  f.profession = static_cast<matcher::Profession>(o.profession());
  f.specialty = CanonicalSpecialty(o.specialty());
  f.setting = static_cast<matcher::PracticeSetting>(o.setting());
  f.employment = static_cast<matcher::EmploymentMode>(o.employment());
  f.positions = o.positions();
  f.start_date = ParseDay(o.start_date());
  f.part_time_possible = o.part_time_possible();
  f.on_call_per_month = o.on_call_per_month();
  f.trial_possible = o.trial_possible();
  f.temporary_housing_months = o.temporary_housing_months();
  f.spouse_job_help = o.spouse_job_help();
  f.school_enrolment_help = o.school_enrolment_help();
  f.single_contact = o.single_contact();
  f.discovery_day = o.discovery_day();
  f.premises_provided = o.premises_provided();
  f.installation_bonus_eur = o.installation_bonus_eur();
  f.min_experience_years = o.min_experience_years();
  f.commitment_years = o.commitment_years();
  f.status = static_cast<matcher::OfferStatus>(o.status());
  return f;
}

matcher::CandidateProfile ToCandidateProfile(const v1::Candidate& c) {
  matcher::CandidateProfile f;
  f.id = c.id();
  f.profession = static_cast<matcher::Profession>(c.profession());
  f.specialty = CanonicalSpecialty(c.specialty());
  f.experience_years = c.experience_years();
  for (int setting : c.preferred_settings()) {
    f.preferred_settings.push_back(static_cast<matcher::PracticeSetting>(setting));
  }
  for (int mode : c.preferred_employment()) {
    f.preferred_employment.push_back(static_cast<matcher::EmploymentMode>(mode));
  }
  f.available_from = ParseDay(c.available_from());
  f.available_until = ParseDay(c.available_until());
  if (c.has_current_location()) {
    f.current_location = matcher::GeoPoint{c.current_location().lat(), c.current_location().lon()};
  }
  f.metropolis_ids.assign(c.metropolis_ids().begin(), c.metropolis_ids().end());
  f.max_drive_minutes = c.max_drive_minutes();
  f.wanted_department_codes.assign(c.wanted_department_codes().begin(),
                                   c.wanted_department_codes().end());
  f.excluded_department_codes.assign(c.excluded_department_codes().begin(),
                                     c.excluded_department_codes().end());
  if (c.household().has_partner()) {
    const v1::Partner& p = c.household().partner();
    f.partner = matcher::Partner{p.sector(), p.needs_job(), p.can_telework(),
                                 static_cast<matcher::Profession>(p.profession()), p.specialty()};
  }
  f.children_ages.assign(c.household().children_ages().begin(),
                         c.household().children_ages().end());
  f.housing_need = static_cast<matcher::HousingNeed>(c.housing_need());
  f.housing_months_needed = c.housing_months_needed();
  f.lifestyle_tags.assign(c.lifestyle_tags().begin(), c.lifestyle_tags().end());
  f.max_on_call_per_month = Optional<int>(c.has_max_on_call_per_month(), c.max_on_call_per_month());
  f.wants_part_time = c.wants_part_time();
  f.wants_trial = c.wants_trial();
  f.first_installation = c.first_installation();
  f.doctor_sector = static_cast<matcher::DoctorSector>(c.doctor_sector());
  if (c.has_installation_aid_within_10_years()) {
    f.installation_aid_within_10_years = c.installation_aid_within_10_years();
  }
  f.career_stage = static_cast<matcher::CareerStage>(c.career_stage());
  f.weights.insert(c.weights().begin(), c.weights().end());
  f.status = static_cast<matcher::CandidateStatus>(c.status());
  f.consent_given = c.consent().given();
  f.registering_organization = c.registering_organization_id();
  return f;
}

bool VisibleToRecruiters(const v1::Candidate& candidate) {
  return candidate.consent().given() && (candidate.status() == v1::CANDIDATE_STATUS_ACTIVE ||
                                         candidate.status() == v1::CANDIDATE_STATUS_UNSPECIFIED);
}

}  // namespace matching::index
