// Offers and candidates, each a pure function of (seed, kind, index).
#include "datagen/population.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "datagen/profession_tables.h"
#include "datagen/random.h"

namespace matching::datagen {
namespace {

using internal::BaseEmployment;
using internal::PickProfession;
using internal::PickSetting;

// Offers and candidates use separate streams (see population_candidate.cc) so that
// offer i and candidate i are unrelated.
constexpr uint64_t kOfferStream = 0x6f66666572;  // "offer"

std::string DayString(absl::CivilDay day) { return absl::FormatCivilTime(day); }

double NeedWeight(const v1::Territory& territory) {
  switch (territory.zoning()) {
    case v1::ZONING_ZIP:
      return 3;
    case v1::ZONING_ZAC:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

absl::StatusOr<PopulationGenerator> PopulationGenerator::Create(
    const PopulationOptions& options, absl::Span<const v1::Territory> territories,
    absl::Span<const Metropole> metropoles) {
  PopulationGenerator generator;
  generator.options_ = options;
  double total = 0;
  for (size_t i = 0; i < territories.size(); ++i) {
    const v1::Territory& territory = territories[i];
    if (territory.id().empty()) {
      return absl::InvalidArgumentError(absl::StrCat("territories[", i, "].id: is empty"));
    }
    const double weight = static_cast<double>(territory.population()) * NeedWeight(territory);
    if (weight <= 0) continue;  // nobody lives there: no offer
    total += weight;
    generator.places_.push_back(
        {territory.id(), territory.name(), territory.zoning() == v1::ZONING_ZIP});
    generator.cumulative_weight_.push_back(total);
  }
  if (generator.places_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("territories: none of the ", territories.size(),
                     " territories has a population > 0; offers need one"));
  }
  if (metropoles.empty()) {
    return absl::InvalidArgumentError("metropoles: is empty; candidates' wishes need one");
  }
  for (size_t i = 0; i < metropoles.size(); ++i) {
    if (metropoles[i].id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("metropoles[", i, "].id: is empty"));
    }
  }
  generator.metropoles_.assign(metropoles.begin(), metropoles.end());
  const absl::CivilSecond consent_time(options.as_of.year(), options.as_of.month(),
                                       options.as_of.day(), 9, 0, 0);
  generator.consent_unix_seconds_ =
      absl::ToUnixSeconds(absl::FromCivil(consent_time, absl::UTCTimeZone()));
  return generator;
}

const PopulationGenerator::Place& PopulationGenerator::PickPlace(uint64_t random) const {
  const double target = static_cast<double>(random >> 11) * 0x1.0p-53 * cumulative_weight_.back();
  const size_t i = static_cast<size_t>(
      std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), target) -
      cumulative_weight_.begin());
  return places_[std::min(i, places_.size() - 1)];
}

v1::Offer PopulationGenerator::OfferAt(uint64_t index) const {
  Rng rng(MixSeed(MixSeed(options_.seed, kOfferStream), index));
  v1::Offer offer;
  offer.set_id(absl::StrCat("of-", index));
  const Place& place = PickPlace(rng.Next());
  const v1::Profession profession = PickProfession(rng);
  const v1::PracticeSetting setting = PickSetting(profession, rng);
  v1::EmploymentMode employment = BaseEmployment(setting);
  if (employment == v1::EMPLOYMENT_MODE_LIBERAL && rng.Bernoulli(0.10)) {
    employment = v1::EMPLOYMENT_MODE_MIXED;
  }
  offer.set_territory_id(place.territory_id);
  offer.set_organization_id(
      absl::StrCat("org-", place.territory_id, "-", internal::SettingSlug(setting)));
  offer.set_profession(profession);
  if (profession == v1::PROFESSION_SPECIALIST) {
    const auto specialties = internal::Specialties();
    offer.set_specialty(specialties[rng.UniformInt(0, specialties.size() - 1)]);
  }
  offer.set_title(absl::StrCat(internal::ProfessionLabel(profession), " ",
                               internal::SettingLabel(setting), ", ", place.name));
  offer.set_setting(setting);
  offer.set_employment(employment);
  const double positions_roll = rng.Uniform();
  offer.set_positions(positions_roll < 0.80 ? 1 : positions_roll < 0.95 ? 2 : 3);
  offer.set_start_date(DayString(options_.as_of + rng.UniformInt(0, 365)));
  offer.set_part_time_possible(rng.Bernoulli(0.40));
  const bool doctor = profession == v1::PROFESSION_GP || profession == v1::PROFESSION_SPECIALIST;
  const bool in_institution =
      setting == v1::PRACTICE_SETTING_HOSPITAL || setting == v1::PRACTICE_SETTING_CARE_HOME;
  offer.set_on_call_per_month(static_cast<int32_t>(in_institution ? rng.UniformInt(2, 8)
                                                   : doctor       ? rng.UniformInt(0, 4)
                                                                  : rng.UniformInt(0, 2)));
  offer.set_trial_possible(rng.Bernoulli(doctor || profession == v1::PROFESSION_DENTIST ||
                                                 profession == v1::PROFESSION_MIDWIFE ||
                                                 profession == v1::PROFESSION_PHYSIOTHERAPIST
                                             ? 0.50
                                             : 0.30));
  static constexpr int kHousingMonths[] = {1, 2, 3, 6, 12};
  if (rng.Bernoulli(0.45)) {
    offer.set_temporary_housing_months(kHousingMonths[rng.UniformInt(0, 4)]);
  }
  offer.set_spouse_job_help(rng.Bernoulli(0.40));
  offer.set_school_enrolment_help(rng.Bernoulli(0.35));
  offer.set_single_contact(rng.Bernoulli(0.60));
  offer.set_discovery_day(rng.Bernoulli(0.50));
  const double premises_share =
      setting == v1::PRACTICE_SETTING_MSP || setting == v1::PRACTICE_SETTING_HEALTH_CENTRE ? 0.60
      : setting == v1::PRACTICE_SETTING_GROUP_PRACTICE                                     ? 0.30
      : setting == v1::PRACTICE_SETTING_SOLO_PRACTICE                                      ? 0.20
                                                                                           : 0.0;
  offer.set_premises_provided(rng.Bernoulli(premises_share));
  const bool bonus_roll = rng.Bernoulli(place.zip ? 0.30 : 0.15);
  const double bonus = 500.0 * static_cast<double>(rng.UniformInt(4, 50));
  if (employment != v1::EMPLOYMENT_MODE_SALARIED && bonus_roll) {
    offer.set_installation_bonus_eur(bonus);
  }
  offer.set_min_experience_years(
      static_cast<int32_t>((rng.Bernoulli(0.30) ? rng.UniformInt(1, 5) : 0) +
                           (profession == v1::PROFESSION_SPECIALIST ? 2 : 0)));
  offer.set_commitment_years(static_cast<int32_t>(rng.Bernoulli(0.50) ? rng.UniformInt(1, 5) : 0));
  offer.set_status(v1::OFFER_STATUS_OPEN);
  return offer;
}

std::vector<v1::Offer> PopulationGenerator::Offers(uint64_t count) const {
  std::vector<v1::Offer> offers;
  offers.reserve(count);
  for (uint64_t i = 0; i < count; ++i) offers.push_back(OfferAt(i));
  return offers;
}

std::vector<v1::Candidate> PopulationGenerator::Candidates(uint64_t count) const {
  std::vector<v1::Candidate> candidates;
  candidates.reserve(count);
  for (uint64_t i = 0; i < count; ++i) candidates.push_back(CandidateAt(i));
  return candidates;
}

}  // namespace matching::datagen
