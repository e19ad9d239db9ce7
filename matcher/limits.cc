#include "matcher/limits.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "matcher/criteria.h"

namespace matching::matcher {
namespace {

struct LimitInfo {
  absl::string_view name;
  absl::string_view reason_code;
  bool candidate_limit;    // stated by the household
  bool offer_requirement;  // stated by the offer
};

constexpr LimitInfo kLimits[kLimitCount] = {
    {"specialty", "LIMIT_SPECIALTY", true, true},
    {"drive_time", "LIMIT_DRIVE_TIME", true, false},
    {"department", "LIMIT_DEPARTMENT", true, false},
    {"experience", "LIMIT_EXPERIENCE", false, true},
    {"start_date", "LIMIT_START_DATE", true, true},
    {"commitment", "LIMIT_COMMITMENT", false, true},
};

template <typename T>
bool Contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

absl::CivilDay OfferStart(const OfferFeatures& offer, absl::CivilDay as_of) {
  return std::max(offer.start_date.value_or(as_of), as_of);
}

}  // namespace

bool LimitSet::HasCandidateLimit() const {
  for (int i = 0; i < kLimitCount; ++i) {
    if (Has(static_cast<Limit>(i)) && kLimits[i].candidate_limit) return true;
  }
  return false;
}

bool LimitSet::HasOfferRequirement() const {
  for (int i = 0; i < kLimitCount; ++i) {
    if (Has(static_cast<Limit>(i)) && kLimits[i].offer_requirement) return true;
  }
  return false;
}

absl::string_view LimitName(Limit limit) { return kLimits[static_cast<int>(limit)].name; }
absl::string_view LimitReasonCode(Limit limit) {
  return kLimits[static_cast<int>(limit)].reason_code;
}

bool SpecialtyWithinLimit(absl::string_view candidate_specialty,
                          absl::string_view offer_specialty) {
  return SpecialtyFit(candidate_specialty, offer_specialty) > 0;
}

double DriveLimitMinutes(const CandidateProfile& candidate) {
  return DriveLimitMinutes(candidate.metropolis_ids, candidate.max_drive_minutes);
}

double DriveLimitMinutes(const std::vector<std::string>& metropolis_ids, int max_drive_minutes) {
  if (metropolis_ids.empty() || max_drive_minutes <= 0) return 0;
  return max_drive_minutes * kDriveLimitTolerance;
}

bool DriveWithinLimit(const CandidateProfile& candidate, const TerritoryFeatures& territory) {
  return DriveWithinLimit(candidate.metropolis_ids, candidate.max_drive_minutes, territory);
}

bool DriveWithinLimit(const std::vector<std::string>& metropolis_ids, int max_drive_minutes,
                      const TerritoryFeatures& territory) {
  const double limit = DriveLimitMinutes(metropolis_ids, max_drive_minutes);
  if (limit <= 0) return true;
  const MetropolisAccess* nearest = NearestChosenMetropolis(metropolis_ids, territory);
  return nearest != nullptr && nearest->drive_minutes <= limit;
}

bool DepartmentWithinLimit(const CandidateProfile& candidate, const TerritoryFeatures& territory) {
  return ExcludedDepartmentsWithinLimit(candidate.excluded_department_codes,
                                        territory.department_code) &&
         WantedDepartmentsWithinLimit(candidate.wanted_department_codes, territory.department_code);
}

bool ExcludedDepartmentsWithinLimit(const std::vector<std::string>& excluded_department_codes,
                                    const std::string& department_code) {
  return !Contains(excluded_department_codes, department_code);
}

bool WantedDepartmentsWithinLimit(const std::vector<std::string>& wanted_department_codes,
                                  const std::string& department_code) {
  return wanted_department_codes.empty() || Contains(wanted_department_codes, department_code);
}

bool ExperienceWithinLimit(int experience_years, int min_experience_years) {
  return min_experience_years <= 0 ||
         std::max(0, experience_years) >= min_experience_years - kExperienceToleranceYears;
}

bool StartWithinLimit(const CandidateProfile& candidate, const OfferFeatures& offer,
                      absl::CivilDay as_of) {
  const absl::CivilDay start = OfferStart(offer, as_of);
  if (candidate.available_until && *candidate.available_until < start) return false;
  const absl::CivilDay from = std::max(candidate.available_from.value_or(as_of), as_of);
  return from - start <= kStartToleranceDays;
}

bool CommitmentWithinLimit(const CandidateProfile& candidate, const OfferFeatures& offer,
                           absl::CivilDay as_of) {
  if (offer.commitment_years <= 0 || !candidate.available_until) return true;
  const double years =
      static_cast<double>(*candidate.available_until - OfferStart(offer, as_of)) / 365.25;
  return years >= offer.commitment_years - kCommitmentToleranceYears;
}

bool VisibleToRecruiters(const CandidateProfile& candidate) {
  return candidate.consent_given && (candidate.status == CandidateStatus::kActive ||
                                     candidate.status == CandidateStatus::kUnspecified);
}

LimitSet CheckLimits(const CandidateProfile& candidate, const OfferFeatures& offer,
                     const TerritoryFeatures& territory, absl::CivilDay as_of) {
  LimitSet broken;
  if (!SpecialtyWithinLimit(candidate.specialty, offer.specialty)) broken.Add(Limit::kSpecialty);
  if (!DriveWithinLimit(candidate, territory)) broken.Add(Limit::kDriveTime);
  if (!DepartmentWithinLimit(candidate, territory)) broken.Add(Limit::kDepartment);
  if (!ExperienceWithinLimit(candidate.experience_years, offer.min_experience_years)) {
    broken.Add(Limit::kExperience);
  }
  if (!StartWithinLimit(candidate, offer, as_of)) broken.Add(Limit::kStartDate);
  if (!CommitmentWithinLimit(candidate, offer, as_of)) broken.Add(Limit::kCommitment);
  return broken;
}

std::vector<LimitExplanation> ExplainLimits(const CandidateProfile& candidate,
                                            const OfferFeatures& offer,
                                            const TerritoryFeatures& territory,
                                            absl::CivilDay as_of, Language language) {
  const LimitSet broken = CheckLimits(candidate, offer, territory, as_of);
  const bool fr = language == Language::kFrench;
  std::vector<LimitExplanation> out;
  for (int i = 0; i < kLimitCount; ++i) {
    const Limit limit = static_cast<Limit>(i);
    if (!broken.Has(limit)) continue;
    LimitExplanation& line = out.emplace_back();
    line.limit = limit;
    line.name = std::string(LimitName(limit));
    line.reason_code = std::string(LimitReasonCode(limit));
    const auto say = [&](std::string french, std::string english) {
      line.sentence = fr ? std::move(french) : std::move(english);
    };
    switch (limit) {
      case Limit::kSpecialty:
        line.parameters = {{"candidate_specialty", candidate.specialty},
                           {"offer_specialty", offer.specialty}};
        say(absl::StrFormat("L'offre cherche %s, hors de votre spécialité (%s)", offer.specialty,
                            candidate.specialty),
            absl::StrFormat("The offer seeks %s, outside your specialty (%s)", offer.specialty,
                            candidate.specialty));
        break;
      case Limit::kDriveTime: {
        const MetropolisAccess* nearest = NearestChosenMetropolis(candidate, territory);
        const std::string wish = FormatMinutes(candidate.max_drive_minutes);
        line.parameters = {{"max_drive_minutes", absl::StrCat(candidate.max_drive_minutes)},
                           {"metropolis_ids", absl::StrJoin(candidate.metropolis_ids, ",")}};
        if (nearest == nullptr) {
          say(absl::StrFormat("Aucune de vos métropoles à portée connue, au-delà de vos %s", wish),
              absl::StrFormat("None of your metropolises within known reach, beyond your %s",
                              wish));
        } else {
          line.parameters.emplace_back("drive_minutes",
                                       absl::StrFormat("%.0f", nearest->drive_minutes));
          const std::string drive = FormatMinutes(nearest->drive_minutes);
          const char* approx = nearest->estimated ? "≈ " : "";
          say(absl::StrFormat("%s%s de %s, au-delà de vos %s", approx, drive, nearest->name, wish),
              absl::StrFormat("%s%s to %s, beyond your %s", approx, drive, nearest->name, wish));
        }
        break;
      }
      case Limit::kDepartment: {
        line.parameters = {{"department_code", territory.department_code}};
        if (Contains(candidate.excluded_department_codes, territory.department_code)) {
          say(absl::StrFormat("Département %s, que vous avez exclu", territory.department_code),
              absl::StrFormat("Department %s, which you excluded", territory.department_code));
        } else {
          const std::string wanted = absl::StrJoin(candidate.wanted_department_codes, ", ");
          say(absl::StrFormat("Département %s, hors de ceux que vous visez (%s)",
                              territory.department_code, wanted),
              absl::StrFormat("Department %s, outside the ones you want (%s)",
                              territory.department_code, wanted));
        }
        break;
      }
      case Limit::kExperience: {
        const int experience = std::max(0, candidate.experience_years);
        line.parameters = {{"experience_years", absl::StrCat(experience)},
                           {"min_experience_years", absl::StrCat(offer.min_experience_years)}};
        say(absl::StrFormat("%d ans d'expérience pour %d exigés", experience,
                            offer.min_experience_years),
            absl::StrFormat("%d years of experience for %d required", experience,
                            offer.min_experience_years));
        break;
      }
      case Limit::kStartDate: {
        const absl::CivilDay start = OfferStart(offer, as_of);
        line.parameters = {{"start_date", absl::FormatCivilTime(start)}};
        if (candidate.available_until && *candidate.available_until < start) {
          say(absl::StrFormat("Plus disponible au début du poste (%s)",
                              absl::FormatCivilTime(start)),
              absl::StrFormat("No longer available at the start (%s)",
                              absl::FormatCivilTime(start)));
        } else {
          const absl::CivilDay from = std::max(candidate.available_from.value_or(as_of), as_of);
          line.parameters.emplace_back("available_from", absl::FormatCivilTime(from));
          const long long days = from - start;
          say(absl::StrFormat("Disponible %d jours après le début du poste (%d au plus)", days,
                              kStartToleranceDays),
              absl::StrFormat("Available %d days after the start (%d at most)", days,
                              kStartToleranceDays));
        }
        break;
      }
      case Limit::kCommitment: {
        const double years = std::max(
            0.0,
            static_cast<double>(*candidate.available_until - OfferStart(offer, as_of)) / 365.25);
        line.parameters = {{"commitment_years", absl::StrCat(offer.commitment_years)},
                           {"years_available", absl::StrFormat("%.1f", years)}};
        say(absl::StrFormat("Disponible %.1f ans pour un engagement de %d ans", years,
                            offer.commitment_years),
            absl::StrFormat("Available %.1f years for a %d-year commitment", years,
                            offer.commitment_years));
        break;
      }
    }
  }
  return out;
}

}  // namespace matching::matcher
