// Candidate-side criteria about the job itself: profession, setting, employment,
// start window, workload and trial.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/criteria.h"
#include "matcher/specialties.h"

namespace matching::matcher {
namespace {

template <typename T>
bool Contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool IsTeamSetting(PracticeSetting setting) {
  return setting == PracticeSetting::kMsp || setting == PracticeSetting::kHealthCentre ||
         setting == PracticeSetting::kGroupPractice;
}

constexpr DecayFunction kStartWaitDecay{DecayShape::kExp, 0, 60, 120, 0.5};
constexpr DecayFunction kOnCallExcessDecay{DecayShape::kExp, 0, 0, 4, 0.5};

}  // namespace

std::string SettingName(PracticeSetting setting, bool french) {
  switch (setting) {
    case PracticeSetting::kMsp:
      return french ? "maison de santé (MSP)" : "team practice (MSP)";
    case PracticeSetting::kHealthCentre:
      return french ? "centre de santé" : "health centre";
    case PracticeSetting::kGroupPractice:
      return french ? "cabinet de groupe" : "group practice";
    case PracticeSetting::kSoloPractice:
      return french ? "cabinet individuel" : "solo practice";
    case PracticeSetting::kHospital:
      return french ? "hôpital" : "hospital";
    case PracticeSetting::kCareHome:
      return french ? "EHPAD" : "care home";
    case PracticeSetting::kUnspecified:
      break;
  }
  return french ? "non précisé" : "unspecified";
}

std::string EmploymentName(EmploymentMode mode, bool french) {
  switch (mode) {
    case EmploymentMode::kLiberal:
      return french ? "libéral" : "liberal";
    case EmploymentMode::kSalaried:
      return french ? "salarié" : "salaried";
    case EmploymentMode::kMixed:
      return french ? "mixte" : "mixed";
    case EmploymentMode::kUnspecified:
      break;
  }
  return french ? "non précisé" : "unspecified";
}

CriterionOutcome ProfessionFit(const PairContext& pair, Explainer* explain) {
  const CandidateProfile& candidate = pair.candidate;
  const OfferFeatures& offer = pair.offer;
  if (candidate.profession != offer.profession) {
    if (explain) {
      explain->Reason("PROFESSION_MISMATCH");
      explain->Say("L'offre vise une autre profession", "The offer is for another profession");
    }
    return {true, 0};
  }
  const double value = SpecialtyFit(candidate.specialty, offer.specialty);
  if (explain) {
    const SpecialtyCatalog& catalog = SpecialtyCatalog::Default();
    const auto label = [&](const std::string& text) {
      const std::optional<std::string> id = catalog.Canonical(text);
      return id ? catalog.Label(*id, explain->language()) : text;
    };
    explain->Param("candidate_specialty", candidate.specialty);
    explain->Param("offer_specialty", offer.specialty);
    if (candidate.specialty.empty() || offer.specialty.empty()) {
      explain->Reason("SPECIALTY_ANY");
      explain->Say("Profession recherchée, sans spécialité imposée",
                   "The profession sought, no specialty required");
    } else if (value == 1) {
      explain->Reason("SPECIALTY_SAME");
      explain->Say(absl::StrCat("Spécialité recherchée : ", label(offer.specialty)),
                   absl::StrCat("Specialty sought: ", label(offer.specialty)));
    } else if (value > 0) {
      explain->Reason("SPECIALTY_RELATED");
      explain->Say(absl::StrFormat("Spécialité proche : %s pour %s", label(candidate.specialty),
                                   label(offer.specialty)),
                   absl::StrFormat("Related specialty: %s for %s", label(candidate.specialty),
                                   label(offer.specialty)));
    } else {
      explain->Reason("SPECIALTY_DIFFERENT");
      explain->Say(
          absl::StrFormat("Hors de votre spécialité : l'offre cherche %s", label(offer.specialty)),
          absl::StrFormat("Outside your specialty: the offer seeks %s", label(offer.specialty)));
    }
  }
  return {true, value};
}

CriterionOutcome SettingFit(const PairContext& pair, Explainer* explain) {
  const std::vector<PracticeSetting>& wished = pair.candidate.preferred_settings;
  const PracticeSetting setting = pair.offer.setting;
  if (wished.empty()) {
    if (explain) {
      explain->Reason("SETTING_NO_PREFERENCE");
      explain->Say("Pas de préférence de cadre d'exercice", "No preferred practice setting");
    }
    return {};
  }
  double value = 0;
  absl::string_view reason = "SETTING_OTHER";
  if (Contains(wished, setting)) {
    value = 1;
    reason = "SETTING_WISHED";
  } else if (setting == PracticeSetting::kUnspecified) {
    value = kUnknownValue;
    reason = "SETTING_UNKNOWN";
  } else if (IsTeamSetting(setting) && std::any_of(wished.begin(), wished.end(), IsTeamSetting)) {
    value = kRelatedSettingValue;
    reason = "SETTING_OTHER_TEAM";
  }
  if (explain) {
    const bool fr = explain->is_french();
    explain->Reason(reason);
    explain->Param("setting", SettingName(setting, false));
    const std::string name = SettingName(setting, fr);
    if (value == 1) {
      explain->Say(absl::StrCat("Exercice souhaité : ", name),
                   absl::StrCat("Wished setting: ", name));
    } else if (reason == "SETTING_UNKNOWN") {
      explain->Say("Cadre d'exercice non précisé", "Practice setting not stated");
    } else if (value > 0) {
      explain->Say(absl::StrCat("Autre exercice en équipe : ", name),
                   absl::StrCat("Another team setting: ", name));
    } else {
      explain->Say(absl::StrCat("Exercice non souhaité : ", name),
                   absl::StrCat("Setting not wished: ", name));
    }
  }
  return {true, value};
}

CriterionOutcome EmploymentFit(const PairContext& pair, Explainer* explain) {
  const std::vector<EmploymentMode>& wished = pair.candidate.preferred_employment;
  const EmploymentMode mode = pair.offer.employment;
  if (wished.empty()) {
    if (explain) {
      explain->Reason("EMPLOYMENT_NO_PREFERENCE");
      explain->Say("Pas de préférence de mode d'exercice", "No preferred employment mode");
    }
    return {};
  }
  double value = 0;
  absl::string_view reason = "EMPLOYMENT_OTHER";
  if (Contains(wished, mode)) {
    value = 1;
    reason = "EMPLOYMENT_WISHED";
  } else if (mode == EmploymentMode::kUnspecified) {
    value = kUnknownValue;
    reason = "EMPLOYMENT_UNKNOWN";
  } else if (mode == EmploymentMode::kMixed || Contains(wished, EmploymentMode::kMixed)) {
    value = 0.5;  // mixed practice is half liberal, half salaried
    reason = "EMPLOYMENT_PARTLY";
  }
  if (explain) {
    const std::string name = EmploymentName(mode, explain->is_french());
    explain->Reason(reason);
    explain->Param("employment", EmploymentName(mode, false));
    if (value == 1) {
      explain->Say(absl::StrCat("Mode souhaité : ", name), absl::StrCat("Wished mode: ", name));
    } else if (value > 0) {
      explain->Say(absl::StrCat("Mode en partie souhaité : ", name),
                   absl::StrCat("Mode partly as wished: ", name));
    } else {
      explain->Say(absl::StrCat("Mode non souhaité : ", name),
                   absl::StrCat("Mode not wished: ", name));
    }
  }
  return {true, value};
}

CriterionOutcome StartWindowFit(const PairContext& pair, Explainer* explain) {
  const absl::CivilDay start = std::max(pair.offer.start_date.value_or(pair.as_of), pair.as_of);
  const absl::CivilDay from =
      std::max(pair.candidate.available_from.value_or(pair.as_of), pair.as_of);
  const std::optional<absl::CivilDay>& until = pair.candidate.available_until;
  if (explain) explain->Param("start_date", absl::FormatCivilTime(start));
  if (until && *until < start) {
    if (explain) {
      explain->Reason("START_AFTER_AVAILABILITY");
      explain->Say(
          absl::StrFormat("Début le %s, après votre disponibilité", absl::FormatCivilTime(start)),
          absl::StrFormat("Starts %s, after your availability ends", absl::FormatCivilTime(start)));
    }
    return {true, 0};
  }
  const double wait_days = static_cast<double>(std::max<long long>(0, start - from));
  const double value = Evaluate(kStartWaitDecay, wait_days);
  if (explain) {
    explain->Param("wait_days", absl::StrCat(wait_days));
    if (wait_days == 0) {
      explain->Reason("START_WITHIN_WINDOW");
      explain->Say("Début compatible avec votre disponibilité", "Starts when you are available");
    } else {
      explain->Reason("START_LATER");
      explain->Say(absl::StrFormat("Début %.0f jours après votre disponibilité", wait_days),
                   absl::StrFormat("Starts %.0f days after you are available", wait_days));
    }
  }
  return {true, value};
}

CriterionOutcome WorkloadFit(const PairContext& pair, Explainer* explain) {
  const CandidateProfile& candidate = pair.candidate;
  const OfferFeatures& offer = pair.offer;
  double sum = 0;
  int parts = 0;
  std::string french;
  std::string english;
  if (candidate.max_on_call_per_month) {
    const double excess = offer.on_call_per_month - *candidate.max_on_call_per_month;
    sum += Evaluate(kOnCallExcessDecay, std::max(0.0, excess));
    ++parts;
    if (explain) {
      explain->Param("on_call_per_month", absl::StrCat(offer.on_call_per_month));
      explain->Param("max_on_call_per_month", absl::StrCat(*candidate.max_on_call_per_month));
      french = absl::StrFormat("%d gardes par mois (max. %d)", offer.on_call_per_month,
                               *candidate.max_on_call_per_month);
      english = absl::StrFormat("%d on-call shifts a month (max %d)", offer.on_call_per_month,
                                *candidate.max_on_call_per_month);
    }
  }
  if (candidate.wants_part_time) {
    sum += offer.part_time_possible ? 1 : 0;
    ++parts;
    if (explain) {
      const absl::string_view sep = french.empty() ? "" : "; ";
      absl::StrAppend(&french, sep,
                      offer.part_time_possible ? "temps partiel possible" : "pas de temps partiel");
      absl::StrAppend(&english, sep,
                      offer.part_time_possible ? "part time possible" : "no part time");
    }
  }
  if (parts == 0) {
    if (explain) {
      explain->Reason("WORKLOAD_NOT_ASKED");
      explain->Say("Pas de souhait sur les gardes ni le temps partiel",
                   "No wish about on-call or part time");
    }
    return {};
  }
  const double value = sum / parts;
  if (explain) {
    explain->Reason(value == 1 ? "WORKLOAD_AS_WISHED" : "WORKLOAD_ABOVE_WISH");
    explain->Say(std::move(french), std::move(english));
  }
  return {true, value};
}

CriterionOutcome TrialFit(const PairContext& pair, Explainer* explain) {
  if (!pair.candidate.wants_trial) {
    if (explain) {
      explain->Reason("TRIAL_NOT_ASKED");
      explain->Say("Pas d'essai demandé", "No trial asked");
    }
    return {};
  }
  if (pair.offer.trial_possible) {
    if (explain) {
      explain->Reason("TRIAL_POSSIBLE");
      explain->Say("Remplacement ou stage d'essai possible", "Locum or trial placement possible");
    }
    return {true, 1};
  }
  if (pair.offer.discovery_day) {
    if (explain) {
      explain->Reason("TRIAL_DISCOVERY_DAY");
      explain->Say("Journée découverte seulement", "Discovery day only");
    }
    return {true, 0.3};
  }
  if (explain) {
    explain->Reason("TRIAL_NOT_POSSIBLE");
    explain->Say("Pas d'essai possible", "No trial possible");
  }
  return {true, 0};
}

}  // namespace matching::matcher
