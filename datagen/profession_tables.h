// Internal to datagen: per-profession practice settings, specialties and labels used by
// PopulationGenerator. Constant data; thread-safe.
#ifndef MATCHING_DATAGEN_PROFESSION_TABLES_H_
#define MATCHING_DATAGEN_PROFESSION_TABLES_H_

#include <array>

#include "absl/types/span.h"
#include "datagen/random.h"
#include "matching/v1/common.pb.h"

namespace matching::datagen::internal {

// Weights of PracticeSetting values 1..6 (MSP, health centre, group, solo, hospital, care
// home) for `profession`, in that order.
std::array<double, 6> SettingWeights(v1::Profession profession);

// Practice setting for index i of SettingWeights (i in 0..5).
inline v1::PracticeSetting SettingAt(size_t i) { return static_cast<v1::PracticeSetting>(i + 1); }

// A profession drawn by kProfessionShares (population.h).
v1::Profession PickProfession(Rng& rng);

// A setting drawn by SettingWeights(profession).
v1::PracticeSetting PickSetting(v1::Profession profession, Rng& rng);

// Salaried in hospitals, care homes and health centres; liberal elsewhere.
v1::EmploymentMode BaseEmployment(v1::PracticeSetting setting);

// True when the profession can settle in liberal practice (installation aids apply).
bool LiberalEligible(v1::Profession profession);

// Specialties drawn for PROFESSION_SPECIALIST (lower case, English, by convention).
absl::Span<const char* const> Specialties();

// "Médecin généraliste", "Infirmier(e)", ...
const char* ProfessionLabel(v1::Profession profession);
// "en maison de santé", "à l'hôpital", ...
const char* SettingLabel(v1::PracticeSetting setting);
// Short id part for organization ids: "msp", "cds", "group", "solo", "hospital", "ehpad".
const char* SettingSlug(v1::PracticeSetting setting);

}  // namespace matching::datagen::internal

#endif  // MATCHING_DATAGEN_PROFESSION_TABLES_H_
