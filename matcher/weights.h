// How much each criterion counts: the versioned default profile and how request
// overrides and a candidate's personal priorities combine with it.
//
// A side's score is the weighted mean of that side's applicable criteria, so only
// ratios between weights of one side matter. A weight of 0 removes the criterion's
// influence entirely. Thread-safe: plain values and pure functions.
#ifndef MATCHER_WEIGHTS_H_
#define MATCHER_WEIGHTS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matcher/criterion.h"

namespace matching::matcher {

// The version the server reports as weights_profile_version. Change it whenever a
// default below changes: scores are only comparable within one version.
inline constexpr absl::string_view kDefaultWeightsProfileVersion = "2026-12-limits-2";

struct Weights {
  std::string profile_version{kDefaultWeightsProfileVersion};

  // Candidate side: how well the offer fits the household.
  double profession = 2.0;    // the offer's specialty is the candidate's (or a related one)
  double setting = 2.0;       // the practice setting is one the candidate prefers (MSP, ...)
  double employment = 1.5;    // liberal / salaried / mixed as the candidate prefers
  double proximity = 2.0;     // the chosen metropolis is within the wished drive time
  double family = 2.0;        // crèche and schools for the children's ages are close
  double spouse_job = 2.0;    // the partner finds openings in their sector, or fibre
  double housing = 1.0;       // temporary housing covers the months needed
  double lifestyle = 1.0;     // the place has the lifestyle tags the household asked for
  double start_window = 1.0;  // the offer starts inside the candidate's availability
  double workload = 1.0;      // on-call load within the limit; part time when wished
  double trial = 0.5;         // a locum or placement is possible when wished
  double money = 1.0;         // estimated aids over five years (see aids.h)

  // Territory side: how well the candidate fits the offer and the territory's need.
  double t_profession = 3.0;    // the candidate's specialty is the one the offer seeks
  double t_experience = 1.0;    // experience reaches min_experience_years
  double t_availability = 1.5;  // the candidate can start by the offer's start date
  double t_commitment = 1.0;    // the candidate stays for commitment_years
  double care_need = 2.0;       // access to care is poor (low APL): serve it first
  double t_local_roots = 1.0;   // the household already lives near the territory
};

// The default profile: a value-initialised Weights.
inline Weights DefaultWeights() { return Weights{}; }

// The field of each criterion, indexed by static_cast<int>(Criterion).
inline constexpr double Weights::*kWeightFields[kCriterionCount] = {
    &Weights::profession,   &Weights::setting,      &Weights::employment,
    &Weights::proximity,    &Weights::family,       &Weights::spouse_job,
    &Weights::housing,      &Weights::lifestyle,    &Weights::start_window,
    &Weights::workload,     &Weights::trial,        &Weights::money,
    &Weights::t_profession, &Weights::t_experience, &Weights::t_availability,
    &Weights::t_commitment, &Weights::care_need,    &Weights::t_local_roots,
};

// The weight of `criterion` in `weights`.
inline double WeightOf(const Weights& weights, Criterion criterion) {
  return weights.*kWeightFields[static_cast<int>(criterion)];
}

// A mutable reference to the weight of `criterion`.
inline double& MutableWeightOf(Weights& weights, Criterion criterion) {
  return weights.*kWeightFields[static_cast<int>(criterion)];
}

// Returns the weights to score one request with:
//   1. start from `profile`;
//   2. `request_overrides` (name -> weight) replace the profile's weights;
//   3. `candidate_personal_weights` (name -> multiplier) multiply the result: 2 makes a
//      criterion twice as important, 0 removes it, an absent name keeps it as is.
//      Multipliers, not replacements, so that a portal's tuning and a household's
//      priorities compose. Only candidate-side criteria may be named there: a household
//      says what matters to it, not how territories judge it.
// Errors (InvalidArgument, naming the weight and its value):
//   - an unknown criterion name in either map;
//   - a territory-side name among the candidate's personal weights;
//   - any weight or multiplier that is not finite or is < 0 (the profile's too);
//   - every weight of one side 0 after resolution.
// The result keeps profile.profile_version.
[[nodiscard]] absl::StatusOr<Weights> ResolveWeights(
    const Weights& profile, const std::map<std::string, double>& request_overrides,
    const std::map<std::string, double>& candidate_personal_weights);

}  // namespace matching::matcher

#endif  // MATCHER_WEIGHTS_H_
