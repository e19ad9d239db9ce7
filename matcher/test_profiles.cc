#include "matcher/test_profiles.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace matching::matcher::testing {
namespace {

constexpr const char* kSectors[] = {"health", "education", "it", "industry", "retail"};
constexpr const char* kTags[] = {"nature", "mountain", "sea", "culture", "sport"};
constexpr const char* kSpecialties[] = {
    "", "", "pediatrics", "neonatology", "geriatrics", "general medicine", "cardiology"};
constexpr const char* kMetropolises[] = {"nancy", "metz", "lyon", "strasbourg"};

}  // namespace

int ProfileGenerator::Uniform(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random_);
}

bool ProfileGenerator::Chance(double probability) {
  return std::bernoulli_distribution(probability)(random_);
}

CandidateProfile ProfileGenerator::Candidate() {
  CandidateProfile candidate;
  candidate.id = absl::StrCat("cand-", next_id_++);
  candidate.profession = static_cast<Profession>(Uniform(1, 10));
  last_profession_ = candidate.profession;
  candidate.specialty = kSpecialties[Uniform(0, 6)];
  candidate.experience_years = Uniform(0, 30);
  for (int i = Uniform(0, 2); i > 0; --i) {
    candidate.preferred_settings.push_back(static_cast<PracticeSetting>(Uniform(1, 6)));
  }
  for (int i = Uniform(0, 2); i > 0; --i) {
    candidate.preferred_employment.push_back(static_cast<EmploymentMode>(Uniform(1, 3)));
  }
  const absl::CivilDay base(2026, 11, 1);
  if (Chance(0.6)) candidate.available_from = base + Uniform(0, 400);
  if (Chance(0.3)) candidate.available_until = base + Uniform(0, 3000);
  for (int i = Uniform(0, 2); i > 0; --i)
    candidate.metropolis_ids.push_back(kMetropolises[Uniform(0, 3)]);
  candidate.max_drive_minutes = Chance(0.8) ? Uniform(10, 90) : 0;
  if (Chance(0.6)) {
    candidate.partner =
        Partner{kSectors[Uniform(0, 4)], Chance(0.7), Chance(0.4), Profession::kUnspecified, ""};
    if (Chance(0.3)) {  // a health professional: spouse_job reads the catalog's openings
      candidate.partner->sector = "health";
      candidate.partner->profession = static_cast<Profession>(Uniform(1, 9));
      if (Chance(0.3)) candidate.partner->specialty = kSpecialties[Uniform(0, 6)];
    }
  }
  for (int i = Uniform(0, 3); i > 0; --i) candidate.children_ages.push_back(Uniform(0, 20));
  candidate.housing_need = static_cast<HousingNeed>(Uniform(0, 3));
  candidate.housing_months_needed = Uniform(0, 12);
  for (int i = Uniform(0, 3); i > 0; --i) candidate.lifestyle_tags.push_back(kTags[Uniform(0, 4)]);
  if (Chance(0.5)) candidate.max_on_call_per_month = Uniform(0, 8);
  candidate.wants_part_time = Chance(0.3);
  candidate.wants_trial = Chance(0.4);
  candidate.first_installation = Chance(0.5);
  return candidate;
}

OfferFeatures ProfileGenerator::Offer() {
  OfferFeatures offer;
  offer.id = absl::StrCat("offer-", next_id_++);
  offer.profession = Chance(0.85) ? last_profession_ : static_cast<Profession>(Uniform(1, 10));
  offer.specialty = kSpecialties[Uniform(0, 6)];
  offer.setting = static_cast<PracticeSetting>(Uniform(0, 6));
  offer.employment = static_cast<EmploymentMode>(Uniform(0, 3));
  if (Chance(0.6)) offer.start_date = absl::CivilDay(2026, 11, 1) + Uniform(-30, 500);
  offer.part_time_possible = Chance(0.5);
  offer.on_call_per_month = Uniform(0, 10);
  offer.trial_possible = Chance(0.4);
  offer.temporary_housing_months = Chance(0.5) ? Uniform(1, 12) : 0;
  offer.spouse_job_help = Chance(0.3);
  offer.discovery_day = Chance(0.3);
  offer.installation_bonus_eur = Chance(0.3) ? Uniform(1, 20) * 1000.0 : 0;
  offer.min_experience_years = Chance(0.5) ? Uniform(1, 10) : 0;
  offer.commitment_years = Chance(0.5) ? Uniform(1, 6) : 0;
  offer.status = static_cast<OfferStatus>(Uniform(0, 3));
  return offer;
}

TerritoryFeatures ProfileGenerator::Territory() {
  TerritoryFeatures territory;
  territory.id = absl::StrCat("terr-", next_id_++);
  territory.name = territory.id;
  territory.department_code = absl::StrCat(Uniform(1, 95));
  for (const char* metropolis : kMetropolises) {
    if (Chance(0.5)) {
      territory.metropolis_access.push_back(
          {metropolis, absl::StrCat("Métropole ", metropolis), Uniform(5, 180) * 1.0, Chance(0.5)});
    }
  }
  const auto minutes = [this]() -> std::optional<int> {
    if (Chance(0.2)) return std::nullopt;
    return Chance(0.3) ? 0 : Uniform(1, 60);
  };
  territory.creche_minutes = minutes();
  territory.primary_school_minutes = minutes();
  territory.college_minutes = minutes();
  territory.lycee_minutes = minutes();
  if (Chance(0.8)) territory.fibre_coverage = Uniform(0, 100) / 100.0;
  for (const char* tag : kTags) {
    if (Chance(0.4)) territory.lifestyle_tags.push_back(tag);
  }
  for (const char* sector : kSectors) {
    if (Chance(0.6)) territory.job_openings_by_sector[sector] = Uniform(0, 6);
  }
  territory.temporary_housing_available = Chance(0.4);
  if (Chance(0.7)) territory.rent_eur_per_m2 = Uniform(50, 250) / 10.0;
  if (Chance(0.8)) territory.apl = Uniform(10, 60) / 10.0;
  territory.zoning = static_cast<Zoning>(Uniform(0, 3));
  territory.zfrr = Chance(0.4);
  if (Chance(0.3)) territory.local_aids.push_back({"Aide communale", Uniform(1, 10) * 1000.0});
  if (Chance(0.3)) territory.synthetic_fields.insert("creche_minutes");
  return territory;
}

CandidateProfile ExampleHousehold() {
  CandidateProfile candidate;
  candidate.id = "domain-example";
  candidate.profession = Profession::kGp;
  candidate.experience_years = 10;
  candidate.preferred_settings = {PracticeSetting::kMsp};
  candidate.preferred_employment = {EmploymentMode::kLiberal};
  candidate.metropolis_ids = {"nancy"};
  candidate.max_drive_minutes = 50;
  candidate.partner =
      Partner{"health", /*needs_job=*/true, /*can_telework=*/false, Profession::kUnspecified, ""};
  candidate.children_ages = {2, 7};
  candidate.housing_need = HousingNeed::kTemporary;
  candidate.housing_months_needed = 6;
  candidate.first_installation = true;
  return candidate;
}

OfferFeatures FamilyOffer() {
  OfferFeatures offer;
  offer.id = "offer-family";
  offer.territory_id = "54999";
  offer.profession = Profession::kGp;
  offer.setting = PracticeSetting::kMsp;
  offer.employment = EmploymentMode::kLiberal;
  offer.temporary_housing_months = 6;
  offer.status = OfferStatus::kOpen;
  return offer;
}

TerritoryFeatures FamilyTerritory() {
  TerritoryFeatures territory;
  territory.id = "54999";
  territory.name = "Commune familiale";
  territory.department_code = "54";
  territory.metropolis_access = {{"nancy", "Nancy", 42, false}};
  territory.creche_minutes = 0;
  territory.primary_school_minutes = 0;
  territory.job_openings_by_sector = {{"health", 3}};
  territory.apl = 2.1;
  territory.zoning = Zoning::kZip;
  territory.zfrr = true;
  return territory;
}

OfferFeatures JobOnlyOffer() {
  OfferFeatures offer = FamilyOffer();
  offer.id = "offer-job-only";
  offer.territory_id = "88999";
  offer.temporary_housing_months = 0;
  return offer;
}

TerritoryFeatures JobOnlyTerritory() {
  TerritoryFeatures territory;
  territory.id = "88999";
  territory.name = "Commune isolée";
  territory.department_code = "88";
  territory.metropolis_access = {{"nancy", "Nancy", 95, false}};
  territory.creche_minutes = 35;
  territory.primary_school_minutes = 25;
  territory.apl = 2.1;
  territory.zoning = Zoning::kNone;
  return territory;
}

}  // namespace matching::matcher::testing
