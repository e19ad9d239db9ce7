// The criteria a match is scored on: stable names and the side each belongs to.
//
// Names are the API vocabulary (weights maps, CriterionScore.criterion) and never
// change meaning; a new criterion gets a new name. Thread-safe: all functions are pure.
#ifndef MATCHER_CRITERION_H_
#define MATCHER_CRITERION_H_

#include <array>
#include <optional>

#include "absl/strings/string_view.h"

namespace matching::matcher {

// matching.v1.Side
enum class Side : int {
  kUnspecified = 0,
  kCandidate = 1,  // how well the offer fits the household
  kTerritory = 2,  // how well the candidate fits the offer and the territory's need
};

// One value per criterion, in display order: candidate side first, then territory side.
enum class Criterion : int {
  // Candidate side.
  kProfession = 0,  // "profession": specialty fit (a different profession never matches)
  kSetting,         // "setting": practice setting against the preferred settings
  kEmployment,      // "employment": liberal / salaried / mixed against the preference
  kProximity,       // "proximity": drive time to the nearest chosen metropolis
  kFamily,          // "family": crèche, primary school, collège, lycée for the children
  kSpouseJob,       // "spouse_job": openings in the partner's sector, or fibre for telework
  kHousing,         // "housing": temporary housing against the need, or rent level
  kLifestyle,       // "lifestyle": share of the candidate's lifestyle tags the place has
  kStartWindow,     // "start_window": the offer's start inside the candidate's window
  kWorkload,        // "workload": on-call nights and part-time wish
  kTrial,           // "trial": a locum or placement before settling, when wished
  kMoney,           // "money": estimated aids over five years
  // Territory side.
  kTProfession,    // "t_profession": the candidate's specialty for the offer
  kTExperience,    // "t_experience": experience against min_experience_years
  kTAvailability,  // "t_availability": available by the offer's start date
  kTCommitment,    // "t_commitment": available for the commitment duration
  kCareNeed,       // "care_need": the worse the territory's access to care, the higher
  kTLocalRoots,    // "t_local_roots": the household already lives near the territory
};

inline constexpr int kCriterionCount = 18;

// All criteria in display order.
inline constexpr std::array<Criterion, kCriterionCount> kAllCriteria = {
    Criterion::kProfession,  Criterion::kSetting,     Criterion::kEmployment,
    Criterion::kProximity,   Criterion::kFamily,      Criterion::kSpouseJob,
    Criterion::kHousing,     Criterion::kLifestyle,   Criterion::kStartWindow,
    Criterion::kWorkload,    Criterion::kTrial,       Criterion::kMoney,
    Criterion::kTProfession, Criterion::kTExperience, Criterion::kTAvailability,
    Criterion::kTCommitment, Criterion::kCareNeed,    Criterion::kTLocalRoots,
};

// The stable snake_case name: "profession", ..., "care_need".
absl::string_view CriterionName(Criterion criterion);

// The criterion with that exact name, or nullopt.
std::optional<Criterion> CriterionFromName(absl::string_view name);

inline Side CriterionSide(Criterion criterion) {
  return static_cast<int>(criterion) < static_cast<int>(Criterion::kTProfession) ? Side::kCandidate
                                                                                 : Side::kTerritory;
}

// All names, in display order (for help texts and error messages).
std::array<absl::string_view, kCriterionCount> CriterionNames();

}  // namespace matching::matcher

#endif  // MATCHER_CRITERION_H_
