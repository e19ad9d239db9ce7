// Per-profession tables: where each profession works, and French labels for titles.
#include "datagen/profession_tables.h"

#include <iterator>

#include "datagen/population.h"

namespace matching::datagen::internal {

v1::Profession PickProfession(Rng& rng) {
  double weights[std::size(kProfessionShares)];
  for (size_t i = 0; i < std::size(kProfessionShares); ++i) {
    weights[i] = kProfessionShares[i].share;
  }
  return kProfessionShares[rng.Pick(weights)].profession;
}

v1::PracticeSetting PickSetting(v1::Profession profession, Rng& rng) {
  const std::array<double, 6> weights = SettingWeights(profession);
  return SettingAt(rng.Pick(weights));
}

std::array<double, 6> SettingWeights(v1::Profession profession) {
  //      MSP   centre group solo  hosp  care home
  switch (profession) {
    case v1::PROFESSION_GP:
      return {0.40, 0.15, 0.30, 0.15, 0.00, 0.00};
    case v1::PROFESSION_SPECIALIST:
      return {0.05, 0.10, 0.25, 0.10, 0.50, 0.00};
    case v1::PROFESSION_NURSE:
      return {0.05, 0.05, 0.10, 0.10, 0.45, 0.25};
    case v1::PROFESSION_ADVANCED_PRACTICE_NURSE:
      return {0.40, 0.15, 0.10, 0.00, 0.35, 0.00};
    case v1::PROFESSION_PHYSIOTHERAPIST:
      return {0.20, 0.05, 0.40, 0.20, 0.10, 0.05};
    case v1::PROFESSION_MIDWIFE:
      return {0.15, 0.00, 0.10, 0.20, 0.55, 0.00};
    case v1::PROFESSION_DENTIST:
      return {0.05, 0.20, 0.45, 0.30, 0.00, 0.00};
    case v1::PROFESSION_PHARMACIST:  // officines as solo or group practice
      return {0.00, 0.00, 0.20, 0.50, 0.30, 0.00};
    case v1::PROFESSION_CARE_AIDE:
      return {0.00, 0.05, 0.00, 0.00, 0.40, 0.55};
    default:
      return {0.30, 0.30, 0.00, 0.00, 0.40, 0.00};
  }
}

v1::EmploymentMode BaseEmployment(v1::PracticeSetting setting) {
  switch (setting) {
    case v1::PRACTICE_SETTING_HEALTH_CENTRE:
    case v1::PRACTICE_SETTING_HOSPITAL:
    case v1::PRACTICE_SETTING_CARE_HOME:
      return v1::EMPLOYMENT_MODE_SALARIED;
    default:
      return v1::EMPLOYMENT_MODE_LIBERAL;
  }
}

bool LiberalEligible(v1::Profession profession) {
  switch (profession) {
    case v1::PROFESSION_GP:
    case v1::PROFESSION_SPECIALIST:
    case v1::PROFESSION_NURSE:
    case v1::PROFESSION_ADVANCED_PRACTICE_NURSE:
    case v1::PROFESSION_PHYSIOTHERAPIST:
    case v1::PROFESSION_MIDWIFE:
    case v1::PROFESSION_DENTIST:
      return true;
    default:
      return false;
  }
}

absl::Span<const char* const> Specialties() {
  static constexpr const char* kSpecialties[] = {
      "pediatrics",  "psychiatry", "cardiology", "gynecology",     "ophthalmology",
      "dermatology", "geriatrics", "radiology",  "anesthesiology", "emergency medicine"};
  return kSpecialties;
}

const char* ProfessionLabel(v1::Profession profession) {
  switch (profession) {
    case v1::PROFESSION_GP:
      return "Médecin généraliste";
    case v1::PROFESSION_SPECIALIST:
      return "Médecin spécialiste";
    case v1::PROFESSION_NURSE:
      return "Infirmier(e)";
    case v1::PROFESSION_ADVANCED_PRACTICE_NURSE:
      return "Infirmier(e) en pratique avancée";
    case v1::PROFESSION_PHYSIOTHERAPIST:
      return "Masseur-kinésithérapeute";
    case v1::PROFESSION_MIDWIFE:
      return "Sage-femme";
    case v1::PROFESSION_DENTIST:
      return "Chirurgien-dentiste";
    case v1::PROFESSION_PHARMACIST:
      return "Pharmacien(ne)";
    case v1::PROFESSION_CARE_AIDE:
      return "Aide-soignant(e)";
    default:
      return "Professionnel(le) de santé";
  }
}

const char* SettingLabel(v1::PracticeSetting setting) {
  switch (setting) {
    case v1::PRACTICE_SETTING_MSP:
      return "en maison de santé";
    case v1::PRACTICE_SETTING_HEALTH_CENTRE:
      return "en centre de santé";
    case v1::PRACTICE_SETTING_GROUP_PRACTICE:
      return "en cabinet de groupe";
    case v1::PRACTICE_SETTING_SOLO_PRACTICE:
      return "en cabinet";
    case v1::PRACTICE_SETTING_HOSPITAL:
      return "à l'hôpital";
    case v1::PRACTICE_SETTING_CARE_HOME:
      return "en EHPAD";
    default:
      return "";
  }
}

const char* SettingSlug(v1::PracticeSetting setting) {
  switch (setting) {
    case v1::PRACTICE_SETTING_MSP:
      return "msp";
    case v1::PRACTICE_SETTING_HEALTH_CENTRE:
      return "cds";
    case v1::PRACTICE_SETTING_GROUP_PRACTICE:
      return "group";
    case v1::PRACTICE_SETTING_SOLO_PRACTICE:
      return "solo";
    case v1::PRACTICE_SETTING_HOSPITAL:
      return "hospital";
    case v1::PRACTICE_SETTING_CARE_HOME:
      return "ehpad";
    default:
      return "other";
  }
}

}  // namespace matching::datagen::internal
