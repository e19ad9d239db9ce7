// Limits: what a household or an offer states as a limit, as opposed to a preference.
//
// A preference weighs (criteria.h); a limit gates. A pair that breaks a limit is not a
// match with a lower score, it is not a match: the index does not rank it, events do not
// plan it, and when a caller asks for such pairs anyway (MatchOptions.include_beyond_limits)
// they come after every pair that keeps all limits, with their scores capped by
// CapBeyondLimits() (never above kBeyondLimitsScoreCap).
//
// The limits, each read from one group of fields on each side so that the index can decide
// them once per dictionary code:
//   specialty    a specialist is a specialist: the offer's specialty is the candidate's or
//                a related one (specialties.h); either side empty keeps it. (A different
//                profession is a hard filter before any limit: Eligible().)
//   drive_time   the household chose metropolises and a maximum drive time: the nearest
//                chosen metropolis the territory lists is within max_drive_minutes ×
//                kDriveLimitTolerance (52 min for a 50-min limit is human, 4 h is not).
//                A territory that lists none of them is beyond the limit.
//   department   the territory is not in an excluded department and, when the household
//                named wanted departments, it is in one of them.
//   experience   the candidate has at least the offer's min_experience_years less
//                kExperienceToleranceYears (one year short scores down; more gates).
//   start_date   the candidate can start at most kStartToleranceDays after the offer's
//                start, and is still available at the start.
//   commitment   an open-ended availability, or one covering commitment_years less
//                kCommitmentToleranceYears from the start.
//
// Thread-safe: pure functions.
#ifndef MATCHER_LIMITS_H_
#define MATCHER_LIMITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "matcher/types.h"

namespace matching::matcher {

enum class Limit : int {
  kSpecialty = 0,
  kDriveTime,
  kDepartment,
  kExperience,
  kStartDate,
  kCommitment,
};
inline constexpr int kLimitCount = 6;

inline constexpr double kDriveLimitTolerance = 1.2;
inline constexpr int kExperienceToleranceYears = 1;
inline constexpr int kStartToleranceDays = 90;
inline constexpr int kCommitmentToleranceYears = 1;
inline constexpr double kBeyondLimitsScoreCap = 0.5;

// A set of limits, bit static_cast<int>(Limit).
class LimitSet {
 public:
  void Add(Limit limit) { bits_ |= 1u << static_cast<int>(limit); }
  bool Has(Limit limit) const { return (bits_ >> static_cast<int>(limit)) & 1u; }
  bool empty() const { return bits_ == 0; }
  uint32_t bits() const { return bits_; }
  // Whether one of these is the household's own (specialty, drive time, department,
  // start date) rather than only the offer's (experience, commitment).
  bool HasCandidateLimit() const;
  // Whether one of these is the offer's requirement (specialty, experience, start date,
  // commitment).
  bool HasOfferRequirement() const;

 private:
  uint32_t bits_ = 0;
};

// The stable name ("drive_time") and reason code ("LIMIT_DRIVE_TIME") of a limit.
absl::string_view LimitName(Limit limit);
absl::string_view LimitReasonCode(Limit limit);

// One limit per group of fields, as the index decides them per dictionary code.
bool SpecialtyWithinLimit(absl::string_view candidate_specialty, absl::string_view offer_specialty);
// max_drive_minutes × kDriveLimitTolerance, or 0 when the household set no drive limit
// (no metropolis chosen, or max_drive_minutes <= 0).
double DriveLimitMinutes(const CandidateProfile& candidate);
bool DriveWithinLimit(const CandidateProfile& candidate, const TerritoryFeatures& territory);
// The same from the two fields they read (the index holds them apart from any profile).
double DriveLimitMinutes(const std::vector<std::string>& metropolis_ids, int max_drive_minutes);
bool DriveWithinLimit(const std::vector<std::string>& metropolis_ids, int max_drive_minutes,
                      const TerritoryFeatures& territory);
// Excluded departments, then wanted ones (none wanted: any), each its own group in the index.
bool DepartmentWithinLimit(const CandidateProfile& candidate, const TerritoryFeatures& territory);
bool ExcludedDepartmentsWithinLimit(const std::vector<std::string>& excluded_department_codes,
                                    const std::string& department_code);
bool WantedDepartmentsWithinLimit(const std::vector<std::string>& wanted_department_codes,
                                  const std::string& department_code);
bool ExperienceWithinLimit(int experience_years, int min_experience_years);
// Reads the candidate's available_from and available_until, the offer's start_date.
bool StartWithinLimit(const CandidateProfile& candidate, const OfferFeatures& offer,
                      absl::CivilDay as_of);
// Reads the candidate's available_until, the offer's start_date and commitment_years.
bool CommitmentWithinLimit(const CandidateProfile& candidate, const OfferFeatures& offer,
                           absl::CivilDay as_of);

// Whether recruiters may see this household (ranked for an offer, registered or planned at
// an event, listed): it consented (consent.given) and it is searching (status active or
// unspecified). A household that is not may still rank offers for itself.
bool VisibleToRecruiters(const CandidateProfile& candidate);

// Whether an agency of `viewer` may see this household: it is registered with no
// organisation or with `viewer`'s. `viewer` absent: every household (admins).
inline bool VisibleToOrganization(const CandidateProfile& candidate,
                                  const std::optional<std::string>& viewer) {
  return !viewer.has_value() || candidate.registering_organization.empty() ||
         candidate.registering_organization == *viewer;
}

// Every limit the pair breaks (empty: a match).
LimitSet CheckLimits(const CandidateProfile& candidate, const OfferFeatures& offer,
                     const TerritoryFeatures& territory, absl::CivilDay as_of);

// What the explained path says of a broken limit.
struct LimitExplanation {
  Limit limit = Limit::kSpecialty;
  std::string name;         // LimitName()
  std::string reason_code;  // LimitReasonCode()
  std::string sentence;     // "≈ 4 h 30 de Nancy, au-delà de vos 50 min"
  std::vector<std::pair<std::string, std::string>> parameters;
};
std::vector<LimitExplanation> ExplainLimits(const CandidateProfile& candidate,
                                            const OfferFeatures& offer,
                                            const TerritoryFeatures& territory,
                                            absl::CivilDay as_of, Language language);

// "4 h 30", "50 min": drive times as people say them.
std::string FormatMinutes(double minutes);

}  // namespace matching::matcher

#endif  // MATCHER_LIMITS_H_
