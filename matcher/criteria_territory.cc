// Territory-side criteria: how well the candidate fits the offer and the need for care.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/criteria.h"
#include "matcher/geo.h"

namespace matching::matcher {
namespace {

constexpr DecayFunction kLatenessDecay{DecayShape::kExp, 0, 0, kLatenessHalfLifeDays, 0.5};
constexpr DecayFunction kLocalRootsDecay{DecayShape::kExp, 0, kLocalRootsKm, kLocalRootsHalfKm,
                                         0.5};

absl::CivilDay OfferStart(const PairContext& pair) {
  return std::max(pair.offer.start_date.value_or(pair.as_of), pair.as_of);
}

}  // namespace

CriterionOutcome TerritoryProfessionFit(const PairContext& pair, Explainer* explain) {
  // Same number as the candidate side: a specialty fit is symmetric.
  return ProfessionFit(pair, explain);
}

CriterionOutcome ExperienceFit(const PairContext& pair, Explainer* explain) {
  const int minimum = std::max(0, pair.offer.min_experience_years);
  const int experience = std::max(0, pair.candidate.experience_years);
  const int beyond = experience - minimum;
  const double value = beyond < 0 ? kExperienceAtMinimum * experience / minimum
                                  : 1 - (1 - kExperienceAtMinimum) *
                                            std::pow(0.5, beyond / kExperienceHalfLifeYears);
  if (explain) {
    explain->Param("experience_years", absl::StrCat(experience));
    explain->Param("min_experience_years", absl::StrCat(minimum));
    if (minimum == 0) {
      explain->Reason("EXPERIENCE_NOT_REQUIRED");
      explain->Say(absl::StrFormat("%d ans d'expérience (pas de minimum demandé)", experience),
                   absl::StrFormat("%d years of experience (no minimum required)", experience));
    } else {
      explain->Reason(beyond >= 0 ? "EXPERIENCE_ENOUGH" : "EXPERIENCE_SHORT");
      explain->Say(absl::StrFormat("%d ans d'expérience (minimum %d)", experience, minimum),
                   absl::StrFormat("%d years of experience (minimum %d)", experience, minimum));
    }
  }
  return {true, value};
}

CriterionOutcome AvailabilityFit(const PairContext& pair, Explainer* explain) {
  const absl::CivilDay start = OfferStart(pair);
  const absl::CivilDay from =
      std::max(pair.candidate.available_from.value_or(pair.as_of), pair.as_of);
  const std::optional<absl::CivilDay>& until = pair.candidate.available_until;
  if (explain) {
    explain->Param("start_date", absl::FormatCivilTime(start));
    explain->Param("available_from", absl::FormatCivilTime(from));
  }
  if (until && *until < start) {
    if (explain) {
      explain->Reason("AVAILABLE_UNTIL_BEFORE_START");
      explain->Say("Plus disponible à la date de début", "No longer available at the start date");
    }
    return {true, 0};
  }
  const double late_days = static_cast<double>(std::max<long long>(0, from - start));
  const double value = Evaluate(kLatenessDecay, late_days);
  if (explain) {
    if (late_days == 0) {
      explain->Reason("AVAILABLE_BY_START");
      explain->Say("Disponible à la date de début", "Available by the start date");
    } else {
      explain->Reason("AVAILABLE_LATER");
      explain->Say(absl::StrFormat("Disponible %.0f jours après le début", late_days),
                   absl::StrFormat("Available %.0f days after the start", late_days));
    }
  }
  return {true, value};
}

CriterionOutcome CommitmentFit(const PairContext& pair, Explainer* explain) {
  const int commitment = pair.offer.commitment_years;
  if (commitment <= 0) {
    if (explain) {
      explain->Reason("COMMITMENT_NOT_REQUIRED");
      explain->Say("Pas de durée d'engagement demandée", "No commitment duration required");
    }
    return {};
  }
  const std::optional<absl::CivilDay>& until = pair.candidate.available_until;
  double value = 1;
  double years = 0;
  if (until) {
    years = std::max(0.0, static_cast<double>(*until - OfferStart(pair)) / 365.25);
    value = std::min(1.0, years / commitment);
  }
  if (explain) {
    explain->Param("commitment_years", absl::StrCat(commitment));
    if (!until) {
      explain->Reason("COMMITMENT_OPEN_ENDED");
      explain->Say(
          absl::StrFormat("Engagement de %d ans possible (disponibilité sans fin)", commitment),
          absl::StrFormat("%d-year commitment possible (open-ended availability)", commitment));
    } else {
      explain->Param("years_available", absl::StrFormat("%.1f", years));
      explain->Reason(value == 1 ? "COMMITMENT_COVERED" : "COMMITMENT_SHORT");
      explain->Say(
          absl::StrFormat("Disponible %.1f ans pour un engagement de %d ans", years, commitment),
          absl::StrFormat("Available %.1f years for a %d-year commitment", years, commitment));
    }
  }
  return {true, value};
}

CriterionOutcome CareNeedFit(const PairContext& pair, Explainer* explain) {
  const std::optional<double>& apl = pair.territory.apl;
  const double need =
      apl ? std::clamp((kAplWellServed - *apl) / (kAplWellServed - kAplSevere), 0.0, 1.0)
          : kUnknownValue;
  const double value = kTerritoryPreferenceFloor + (1 - kTerritoryPreferenceFloor) * need;
  if (explain) {
    explain->Uses(pair.territory, "apl");
    if (!apl) {
      explain->Reason("CARE_NEED_UNKNOWN");
      explain->Say("Accès aux soins (APL) : pas de donnée", "Access to care (APL): no data");
    } else {
      explain->Param("apl", absl::StrFormat("%.1f", *apl));
      const bool under_served = *apl < kAplUnderServed;
      explain->Reason(under_served ? "CARE_NEED_UNDER_SERVED" : "CARE_NEED_SERVED");
      explain->Say(absl::StrFormat("APL %.1f : %s (moyenne nationale environ 4)", *apl,
                                   under_served ? "territoire sous-doté" : "accès aux soins"),
                   absl::StrFormat("APL %.1f: %s (national average about 4)", *apl,
                                   under_served ? "under-served" : "access to care"));
    }
  }
  return {true, value};
}

std::optional<double> DistanceFromHomeKm(const CandidateProfile& candidate,
                                         const TerritoryFeatures& territory) {
  if (!candidate.current_location || (territory.lat == 0 && territory.lon == 0)) {
    return std::nullopt;
  }
  return GreatCircleKm(candidate.current_location->lat, candidate.current_location->lon,
                       territory.lat, territory.lon);
}

CriterionOutcome LocalRootsFit(const PairContext& pair, Explainer* explain) {
  if (pair.territory.lat == 0 && pair.territory.lon == 0) {
    if (explain) {
      explain->Reason("LOCAL_ROOTS_TERRITORY_NOT_PLACED");
      explain->Say("Territoire sans coordonnées", "The territory has no coordinates");
    }
    return {};
  }
  const std::optional<double> km = DistanceFromHomeKm(pair.candidate, pair.territory);
  if (!km) {
    if (explain) {
      explain->Reason("LOCAL_ROOTS_UNKNOWN");
      explain->Say("Lieu de vie actuel non indiqué", "Current home not given");
    }
    return {};  // nothing known, nothing counted (as a criterion nothing asked)
  }
  const double value =
      kTerritoryPreferenceFloor + (1 - kTerritoryPreferenceFloor) * Evaluate(kLocalRootsDecay, *km);
  if (explain) {
    explain->Param("distance_km", absl::StrFormat("%.0f", *km));
    explain->Reason(*km <= kLocalRootsKm ? "LOCAL_ROOTS_NEARBY" : "LOCAL_ROOTS_FAR");
    explain->Say(absl::StrFormat("Vit actuellement à environ %.0f km du territoire", *km),
                 absl::StrFormat("Lives about %.0f km from the territory", *km));
  }
  return {true, value};
}

}  // namespace matching::matcher
