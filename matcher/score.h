// Scoring one (candidate, offer, territory) triple: the entry points the server calls.
//
// Two sides: candidate_score is the weighted mean of the applicable candidate-side
// criteria (how well the offer fits the household), territory_score the same over the
// territory-side criteria (how well the candidate fits the offer and the need). A side
// with no applicable weighted criterion scores 1 (nothing asked, nothing unmet). The
// two are combined by ScoreOptions::combination, harmonic by default so that a match
// must suit both sides. A different profession is a hard filter: score 0.
// A criterion's contribution = weight * value / sum of its side's applicable weights,
// so a side's contributions sum to its score. Criterion math: criteria.h.
//
// FastScore() is the ranking path (no strings, no allocation); Score() adds the
// explanations. Both evaluate the same criterion functions and combine them with the
// same code, so their numbers agree.
//
// Thread-safe: every function is pure; the AidRules pointed to must stay alive and
// unchanged during the call.
#ifndef MATCHER_SCORE_H_
#define MATCHER_SCORE_H_

#include <array>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "matcher/aids.h"
#include "matcher/criteria.h"
#include "matcher/criterion.h"
#include "matcher/decay.h"
#include "matcher/limits.h"
#include "matcher/types.h"
#include "matcher/weights.h"

namespace matching::matcher {

// matching.v1.Combination
enum class Combination : int {
  kUnspecified = 0,  // harmonic
  kHarmonic = 1,     // 2ct / (c + t); 0 when both are 0
  kGeometric = 2,    // sqrt(c * t)
  kCandidateOnly = 3,
  kTerritoryOnly = 4,
};

struct ScoreOptions {
  Combination combination = Combination::kHarmonic;
  Language language = Language::kFrench;  // of explanations and aid labels (Score only)
  // Not owned. Null: no aid estimate, and the "money" criterion is not applicable.
  const AidRules* aid_rules = nullptr;
  // "Today": dates aid rules (unless aid_date is set), and stands for "as soon as
  // possible" and "now". Set it; the default (1970-01-01) predates every aid rule.
  absl::CivilDay as_of;
  // The date at which aids are estimated (MatchOptions.estimate_date); nullopt = as_of.
  std::optional<absl::CivilDay> aid_date;
  absl::CivilDay AidDate() const { return aid_date.value_or(as_of); }
  // Shape of the proximity decay beyond the candidate's max_drive_minutes (the offset):
  // with the defaults, 20 minutes over the wish scores 0.5 (gauss).
  DecayShape proximity_shape = DecayShape::kGauss;
  double proximity_scale_minutes = 20;
  double proximity_decay = 0.5;
};

// OK when the combination is a known value and the proximity decay is valid
// (decay.h); else InvalidArgument naming the field. The functions below assume valid
// options: validate once per request.
[[nodiscard]] absl::Status ValidateOptions(const ScoreOptions& options);

// The combined score of two side scores in [0, 1]. Inline: the ranking kernel's bounds call
// it for every row.
inline double Combine(Combination combination, double candidate_score, double territory_score) {
  switch (combination) {
    case Combination::kGeometric:
      return std::sqrt(candidate_score * territory_score);
    case Combination::kCandidateOnly:
      return candidate_score;
    case Combination::kTerritoryOnly:
      return territory_score;
    case Combination::kUnspecified:
    case Combination::kHarmonic:
      break;
  }
  const double sum = candidate_score + territory_score;
  return sum > 0 ? 2 * candidate_score * territory_score / sum : 0;
}

// The three numbers, each in [0, 1].
struct Scores {
  double score = 0;
  double candidate_score = 0;
  double territory_score = 0;
};

// The scores of a pair beyond `broken` (unchanged when empty): the combined score is
// multiplied by kBeyondLimitsScoreCap, so that a pair beyond its limits never scores above
// it and such pairs keep their order among themselves. The side scores stay what the
// criteria say (their contributions still sum to them): for such a pair, score is
// kBeyondLimitsScoreCap × Combine(candidate_score, territory_score).
Scores CapBeyondLimits(const Scores& scores, LimitSet broken);

// Hard filter, before any scoring: same profession, the offer open (or unspecified), the
// candidate active (or unspecified). The household's departments (excluded, wanted) and
// drive time are limits (limits.h): ranked last when asked for; regions and the request's
// drive time are filters.
bool Eligible(const CandidateProfile& candidate, const OfferFeatures& offer,
              const TerritoryFeatures& territory);

// The outcome of every criterion, indexed by static_cast<int>(Criterion).
using CriterionOutcomes = std::array<CriterionOutcome, kCriterionCount>;

// Per side (index static_cast<int>(Side)): the sum of applicable weights and of
// weight * value, accumulated in kAllCriteria order.
struct SideSums {
  std::array<double, 3> weight{};
  std::array<double, 3> weighted_value{};
  void Add(Criterion criterion, double weight_of_criterion, double value) {
    const int side = static_cast<int>(CriterionSide(criterion));
    weight[side] += weight_of_criterion;
    weighted_value[side] += weight_of_criterion * value;
  }
};

// The scores of accumulated sums: each side's mean (1 when nothing applied), combined.
// CombineOutcomes() is SumSides + this; a kernel that adds the applicable criteria in
// kAllCriteria order with SideSums::Add gets bit-equal scores.
Scores CombineSideSums(const SideSums& sums, Combination combination, bool same_profession);

// The one place criterion outcomes become scores, for every path (FastScore, Score and
// the index's memoised kernel): per side the weighted mean of the applicable criteria
// (summed in kAllCriteria order, so equal outcomes give bit-equal scores), combined.
// Criteria whose outcome is not applicable drop out; so must those with weight 0.
Scores CombineOutcomes(const CriterionOutcomes& outcomes, const Weights& weights,
                       Combination combination, bool same_profession);

// One criterion of FastScore(), alone (its weight is not looked at): what the index's
// memoised kernel evaluates once per distinct input and reuses.
CriterionOutcome EvaluateFast(Criterion criterion, const CandidateProfile& candidate,
                              const OfferFeatures& offer, const TerritoryFeatures& territory,
                              const ScoreOptions& options);

// The ranking kernel. Criteria with weight 0 are not evaluated (they cannot count). A pair
// beyond its limits (limits.h) gets CapBeyondLimits()'s scores, as from Score().
Scores FastScore(const CandidateProfile& candidate, const OfferFeatures& offer,
                 const TerritoryFeatures& territory, const Weights& weights,
                 const ScoreOptions& options);

struct CriterionResult {
  Criterion criterion = Criterion::kProfession;
  std::string name;  // CriterionName(criterion)
  Side side = Side::kUnspecified;
  bool applicable = false;  // false: nothing asked; value and contribution are 0
  double weight = 0;
  double value = 0;         // [0, 1]
  double contribution = 0;  // weight * value / sum of the side's applicable weights
  std::string reason_code;  // stable for programs: "METRO_WITHIN_WISH"
  std::string explanation;  // a sentence in ScoreOptions::language
  std::vector<std::pair<std::string, std::string>> parameters;
  bool synthetic = false;  // read synthetic (demo) territory data
};

struct MatchResult {
  std::string candidate_id;
  std::string offer_id;
  std::string territory_id;
  std::string territory_name;
  double score = 0;
  double candidate_score = 0;
  double territory_score = 0;
  bool eligible = false;                 // Eligible(); Score() scores ineligible pairs all the same
  LimitSet limits_broken;                // CheckLimits(); the scores are capped when not empty
  std::vector<LimitExplanation> limits;  // Score(): one line per broken limit
  std::vector<CriterionResult> criteria;  // every criterion, in kAllCriteria order
  AidEstimate aid;                        // empty without aid rules
  double drive_minutes = -1;              // to the nearest chosen metropolis; -1 when none known
  std::string metropolis_name;
  bool drive_minutes_estimated = false;  // from distance, not measured
  std::string weights_profile_version;
};

// What Score() says of a pair besides its criteria and aid lines (ids, names, the
// metropolis reached), with scores computed elsewhere: the ranking kernel's, which are
// FastScore()'s. For callers that rank many pairs and explain few.
// `as_of` decides the limits (limits_broken; no sentences).
MatchResult Summarize(const CandidateProfile& candidate, const OfferFeatures& offer,
                      const TerritoryFeatures& territory, const Weights& weights,
                      const Scores& scores, absl::CivilDay as_of);

// The explained path: the same numbers as FastScore(), with every criterion's
// sentence, every broken limit's, the aid estimate and the metropolis reached.
MatchResult Score(const CandidateProfile& candidate, const OfferFeatures& offer,
                  const TerritoryFeatures& territory, const Weights& weights,
                  const ScoreOptions& options);

}  // namespace matching::matcher

#endif  // MATCHER_SCORE_H_
