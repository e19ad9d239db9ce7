// PopulationGenerator::CandidateAt: one household, a pure function of (seed, index).
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <iterator>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "datagen/population.h"
#include "datagen/profession_tables.h"
#include "datagen/random.h"

namespace matching::datagen {
namespace {

constexpr uint64_t kCandidateStream = 0x63616e64;  // "cand"

struct SectorRule {
  const char* sector;
  double share;           // among partners
  double telework_share;  // among partners of this sector
};
constexpr SectorRule kPartnerSectors[] = {{"health", 0.25, 0.05},   {"education", 0.20, 0.25},
                                          {"industry", 0.15, 0.25}, {"retail", 0.15, 0.05},
                                          {"public", 0.15, 0.25},   {"it", 0.10, 0.75}};

// Partners in the health sector are health professionals (dual-career households): their
// profession, by share; spouse_job then counts the catalog's open offers for it.
constexpr v1::Profession kPartnerProfessions[] = {v1::PROFESSION_NURSE, v1::PROFESSION_CARE_AIDE,
                                                  v1::PROFESSION_PHYSIOTHERAPIST,
                                                  v1::PROFESSION_MIDWIFE, v1::PROFESSION_GP};
constexpr double kPartnerProfessionWeights[] = {0.50, 0.20, 0.12, 0.08, 0.10};

constexpr const char* kLifestyleTags[] = {"nature", "culture", "sport", "sea", "mountain"};
constexpr double kLifestyleWeights[] = {0.35, 0.20, 0.20, 0.15, 0.10};

void AddHousehold(int32_t experience_years, Rng& rng, v1::Household* household) {
  const bool has_partner = rng.Bernoulli(0.65);
  double sector_weights[std::size(kPartnerSectors)];
  for (size_t i = 0; i < std::size(kPartnerSectors); ++i) {
    sector_weights[i] = kPartnerSectors[i].share;
  }
  const SectorRule& sector = kPartnerSectors[rng.Pick(sector_weights)];
  const bool needs_job = rng.Bernoulli(0.70);
  const bool can_telework = rng.Bernoulli(sector.telework_share);
  if (has_partner) {
    v1::Partner* partner = household->mutable_partner();
    partner->set_sector(sector.sector);
    partner->set_needs_job(needs_job);
    partner->set_can_telework(can_telework);
    if (std::string_view(sector.sector) == "health") {
      partner->set_profession(kPartnerProfessions[rng.Pick(kPartnerProfessionWeights)]);
    }
  }
  const double children_roll = rng.Uniform();
  const int children = children_roll < 0.40   ? 0
                       : children_roll < 0.61 ? 1   // 35% of the 60% with children
                       : children_roll < 0.88 ? 2   // 45%
                                              : 3;  // 20%
  const int64_t oldest_possible = std::min<int64_t>(17, experience_years + 6);
  std::array<int32_t, 3> ages{};
  for (int i = 0; i < children; ++i) {
    ages[i] = static_cast<int32_t>(rng.UniformInt(0, oldest_possible));
  }
  std::sort(ages.begin(), ages.begin() + children, std::greater<int32_t>());
  for (int i = 0; i < children; ++i) household->add_children_ages(ages[i]);
}

}  // namespace

v1::Candidate PopulationGenerator::CandidateAt(uint64_t index) const {
  Rng rng(MixSeed(MixSeed(options_.seed, kCandidateStream), index));
  v1::Candidate candidate;
  candidate.set_id(absl::StrCat("cand-", index));
  const v1::Profession profession = internal::PickProfession(rng);
  candidate.set_profession(profession);
  if (profession == v1::PROFESSION_SPECIALIST) {
    const auto specialties = internal::Specialties();
    candidate.set_specialty(specialties[rng.UniformInt(0, specialties.size() - 1)]);
  }
  const auto experience = static_cast<int32_t>(rng.UniformInt(0, 35));
  candidate.set_experience_years(experience);

  // 1-3 distinct settings, drawn from where the profession works; employment follows.
  const int64_t setting_count = rng.UniformInt(1, 3);
  bool wanted[7] = {};
  for (int64_t i = 0; i < setting_count; ++i) {
    wanted[internal::PickSetting(profession, rng)] = true;  // repeats collapse
  }
  bool employment[4] = {};
  for (int s = 1; s <= 6; ++s) {
    if (!wanted[s]) continue;
    const auto setting = static_cast<v1::PracticeSetting>(s);
    candidate.add_preferred_settings(setting);
    employment[internal::BaseEmployment(setting)] = true;
  }
  if (rng.Bernoulli(0.15)) employment[v1::EMPLOYMENT_MODE_MIXED] = true;
  for (int e = 1; e <= 3; ++e) {
    if (employment[e]) candidate.add_preferred_employment(static_cast<v1::EmploymentMode>(e));
  }

  const bool available_now = rng.Bernoulli(0.30);
  const int64_t available_in_days = rng.UniformInt(0, 270);
  if (!available_now) {
    candidate.set_available_from(absl::FormatCivilTime(options_.as_of + available_in_days));
  }

  // Metropolis wish, and then a current home near the (first) wished metropolis.
  const bool has_wish = rng.Bernoulli(0.80);
  const int64_t wish_count = rng.UniformInt(1, 2);
  const size_t first = static_cast<size_t>(rng.UniformInt(0, metropoles_.size() - 1));
  const size_t second = static_cast<size_t>(rng.UniformInt(0, metropoles_.size() - 1));
  const auto max_drive = static_cast<int32_t>(5 * rng.UniformInt(6, 18));
  const double lat_jitter = rng.Uniform(-0.25, 0.25);
  const double lon_jitter = rng.Uniform(-0.35, 0.35);
  if (has_wish) {
    candidate.add_metropolis_ids(metropoles_[first].id);
    if (wish_count == 2 && second != first) candidate.add_metropolis_ids(metropoles_[second].id);
    candidate.set_max_drive_minutes(max_drive);
    // 5 decimals (about 1 m), as in data/communes.csv.
    candidate.mutable_current_location()->set_lat(
        std::round((metropoles_[first].lat + lat_jitter) * 1e5) / 1e5);
    candidate.mutable_current_location()->set_lon(
        std::round((metropoles_[first].lon + lon_jitter) * 1e5) / 1e5);
  }

  AddHousehold(experience, rng, candidate.mutable_household());

  static constexpr int kHousingMonths[] = {1, 2, 3, 6};
  const double housing_roll = rng.Uniform();
  const int housing_months = kHousingMonths[rng.UniformInt(0, 3)];
  if (housing_roll < 0.45) {
    candidate.set_housing_need(v1::HOUSING_NEED_TEMPORARY);
    candidate.set_housing_months_needed(housing_months);
  } else if (housing_roll < 0.70) {
    candidate.set_housing_need(v1::HOUSING_NEED_PERMANENT);
  } else {
    candidate.set_housing_need(v1::HOUSING_NEED_NONE);
  }

  const int64_t tag_count = rng.UniformInt(0, 3);
  bool tagged[std::size(kLifestyleTags)] = {};
  for (int64_t i = 0; i < tag_count; ++i) tagged[rng.Pick(kLifestyleWeights)] = true;
  for (size_t i = 0; i < std::size(kLifestyleTags); ++i) {
    if (tagged[i]) candidate.add_lifestyle_tags(kLifestyleTags[i]);
  }

  const bool on_call_limit = rng.Bernoulli(0.60);
  const auto on_call_max = static_cast<int32_t>(rng.UniformInt(0, 6));
  if (on_call_limit) candidate.set_max_on_call_per_month(on_call_max);
  const bool part_time_prone = profession == v1::PROFESSION_NURSE ||
                               profession == v1::PROFESSION_CARE_AIDE ||
                               profession == v1::PROFESSION_MIDWIFE;
  candidate.set_wants_part_time(rng.Bernoulli(part_time_prone ? 0.25 : 0.15));
  candidate.set_wants_trial(rng.Bernoulli(0.35));
  const bool wants_liberal =
      employment[v1::EMPLOYMENT_MODE_LIBERAL] || employment[v1::EMPLOYMENT_MODE_MIXED];
  const bool first_installation_roll = rng.Bernoulli(experience < 5 ? 0.80 : 0.25);
  candidate.set_first_installation(internal::LiberalEligible(profession) && wants_liberal &&
                                   first_installation_roll);

  // Aid conditions from their own stream, so the draws above stay as they were: doctors'
  // sectors (sector 1 70 %, OPTAM 20 %, sector 2 10 %); a past aid said for 10 % of those not
  // installing for the first time, "no" for 60 %, unsaid otherwise; no student or junior
  // doctor (they do not apply for posts in this demo).
  Rng aid_rng(MixSeed(MixSeed(options_.seed, kCandidateStream ^ 0xa1d5), index));
  const double sector_roll = aid_rng.Uniform(0, 1);
  if (profession == v1::PROFESSION_GP || profession == v1::PROFESSION_SPECIALIST) {
    candidate.set_doctor_sector(sector_roll < 0.7   ? v1::DOCTOR_SECTOR_1
                                : sector_roll < 0.9 ? v1::DOCTOR_SECTOR_2_OPTAM
                                                    : v1::DOCTOR_SECTOR_2);
  }
  const double aid_roll = aid_rng.Uniform(0, 1);
  if (candidate.first_installation()) {
    candidate.set_installation_aid_within_10_years(false);
  } else if (aid_roll < 0.1) {
    candidate.set_installation_aid_within_10_years(true);
  } else if (aid_roll < 0.7) {
    candidate.set_installation_aid_within_10_years(false);
  }

  candidate.mutable_consent()->set_given(true);
  candidate.mutable_consent()->mutable_time()->set_seconds(consent_unix_seconds_);
  candidate.set_status(v1::CANDIDATE_STATUS_ACTIVE);
  return candidate;
}

}  // namespace matching::datagen
