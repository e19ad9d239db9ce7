#include "matcher/score.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/criteria.h"

namespace matching::matcher {
namespace {

using Outcomes = CriterionOutcomes;

PairContext MakeContext(const CandidateProfile& candidate, const OfferFeatures& offer,
                        const TerritoryFeatures& territory, const ScoreOptions& options,
                        const AidTotals* aid) {
  PairContext pair{candidate, offer, territory, options.as_of, {}, std::nullopt, 0, 1};
  pair.proximity_decay.shape = options.proximity_shape;
  pair.proximity_decay.scale = options.proximity_scale_minutes;
  pair.proximity_decay.decay = options.proximity_decay;
  if (aid != nullptr && options.aid_rules != nullptr) {
    pair.aid_five_year_eur = aid->five_year_eur;
    pair.aid_first_year_eur = aid->first_year_eur;
    pair.money_reference_five_year_eur = options.aid_rules->money_reference_five_year_eur();
  }
  return pair;
}

SideSums SumSides(const Outcomes& outcomes, const Weights& weights) {
  SideSums sums;
  for (Criterion criterion : kAllCriteria) {
    const CriterionOutcome& outcome = outcomes[static_cast<int>(criterion)];
    if (!outcome.applicable) continue;
    sums.Add(criterion, WeightOf(weights, criterion), outcome.value);
  }
  return sums;
}

}  // namespace

Scores CombineSideSums(const SideSums& sums, Combination combination, bool same_profession) {
  const auto mean = [&sums](Side side) {
    const int index = static_cast<int>(side);
    return sums.weight[index] > 0
               ? std::clamp(sums.weighted_value[index] / sums.weight[index], 0.0, 1.0)
               : 1.0;
  };
  Scores scores;
  scores.candidate_score = mean(Side::kCandidate);
  scores.territory_score = mean(Side::kTerritory);
  scores.score =
      same_profession ? Combine(combination, scores.candidate_score, scores.territory_score) : 0;
  return scores;
}

Scores CapBeyondLimits(const Scores& scores, LimitSet broken) {
  if (broken.empty()) return scores;
  Scores capped = scores;
  capped.score *= kBeyondLimitsScoreCap;
  return capped;
}

Scores CombineOutcomes(const CriterionOutcomes& outcomes, const Weights& weights,
                       Combination combination, bool same_profession) {
  return CombineSideSums(SumSides(outcomes, weights), combination, same_profession);
}

absl::Status ValidateOptions(const ScoreOptions& options) {
  const int combination = static_cast<int>(options.combination);
  if (combination < 0 || combination > static_cast<int>(Combination::kTerritoryOnly)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("combination is %d; expected 0 to 4", combination));
  }
  const DecayFunction decay{options.proximity_shape, 0, 0, options.proximity_scale_minutes,
                            options.proximity_decay};
  if (absl::Status status = ValidateDecay(decay); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("proximity: ", status.message()));
  }
  return absl::OkStatus();
}

bool Eligible(const CandidateProfile& candidate, const OfferFeatures& offer,
              const TerritoryFeatures& /*territory*/) {
  if (candidate.profession != offer.profession) return false;
  if (offer.status != OfferStatus::kOpen && offer.status != OfferStatus::kUnspecified) {
    return false;
  }
  return candidate.status == CandidateStatus::kActive ||
         candidate.status == CandidateStatus::kUnspecified;
}

Scores FastScore(const CandidateProfile& candidate, const OfferFeatures& offer,
                 const TerritoryFeatures& territory, const Weights& weights,
                 const ScoreOptions& options) {
  AidTotals aid;
  const bool wants_aid = options.aid_rules != nullptr && weights.money > 0;
  if (wants_aid) {
    aid = EstimateAidTotals(*options.aid_rules, candidate, offer, territory, options.AidDate());
  }
  const PairContext pair =
      MakeContext(candidate, offer, territory, options, wants_aid ? &aid : nullptr);
  Outcomes outcomes{};
  for (Criterion criterion : kAllCriteria) {
    if (WeightOf(weights, criterion) <= 0) continue;  // cannot count: skip the work
    outcomes[static_cast<int>(criterion)] = EvaluateCriterion(criterion, pair, nullptr);
  }
  return CapBeyondLimits(CombineOutcomes(outcomes, weights, options.combination,
                                         candidate.profession == offer.profession),
                         CheckLimits(candidate, offer, territory, options.as_of));
}

CriterionOutcome EvaluateFast(Criterion criterion, const CandidateProfile& candidate,
                              const OfferFeatures& offer, const TerritoryFeatures& territory,
                              const ScoreOptions& options) {
  AidTotals aid;
  const bool wants_aid = criterion == Criterion::kMoney && options.aid_rules != nullptr;
  if (wants_aid) {
    aid = EstimateAidTotals(*options.aid_rules, candidate, offer, territory, options.AidDate());
  }
  const PairContext pair =
      MakeContext(candidate, offer, territory, options, wants_aid ? &aid : nullptr);
  return EvaluateCriterion(criterion, pair, nullptr);
}

MatchResult Summarize(const CandidateProfile& candidate, const OfferFeatures& offer,
                      const TerritoryFeatures& territory, const Weights& weights,
                      const Scores& scores, absl::CivilDay as_of) {
  MatchResult result;
  result.candidate_id = candidate.id;
  result.offer_id = offer.id;
  result.territory_id = territory.id;
  result.territory_name = territory.name;
  result.eligible = Eligible(candidate, offer, territory);
  result.limits_broken = CheckLimits(candidate, offer, territory, as_of);
  result.weights_profile_version = weights.profile_version;
  result.score = scores.score;
  result.candidate_score = scores.candidate_score;
  result.territory_score = scores.territory_score;
  if (const MetropolisAccess* nearest = NearestChosenMetropolis(candidate, territory)) {
    result.drive_minutes = nearest->drive_minutes;
    result.metropolis_name = nearest->name;
    result.drive_minutes_estimated = nearest->estimated;
  }
  return result;
}

MatchResult Score(const CandidateProfile& candidate, const OfferFeatures& offer,
                  const TerritoryFeatures& territory, const Weights& weights,
                  const ScoreOptions& options) {
  MatchResult result = Summarize(candidate, offer, territory, weights, Scores{}, options.as_of);
  AidTotals aid;
  if (options.aid_rules != nullptr) {
    result.aid = EstimateAid(*options.aid_rules, candidate, offer, territory, options.AidDate(),
                             options.language);
    aid = {result.aid.first_year_eur, result.aid.five_year_eur};
  }
  const PairContext pair = MakeContext(candidate, offer, territory, options, &aid);
  Outcomes outcomes{};
  std::array<Explanation, kCriterionCount> explanations;
  for (Criterion criterion : kAllCriteria) {
    Explainer explainer(options.language);
    outcomes[static_cast<int>(criterion)] = EvaluateCriterion(criterion, pair, &explainer);
    explanations[static_cast<int>(criterion)] = explainer.Finish();
  }
  const SideSums sums = SumSides(outcomes, weights);
  result.limits = ExplainLimits(candidate, offer, territory, options.as_of, options.language);
  const Scores scores = CapBeyondLimits(
      CombineSideSums(sums, options.combination, candidate.profession == offer.profession),
      result.limits_broken);
  result.score = scores.score;
  result.candidate_score = scores.candidate_score;
  result.territory_score = scores.territory_score;

  result.criteria.reserve(kAllCriteria.size());
  for (Criterion criterion : kAllCriteria) {
    const int index = static_cast<int>(criterion);
    const double side_sum = sums.weight[static_cast<int>(CriterionSide(criterion))];
    CriterionResult& line = result.criteria.emplace_back();
    line.criterion = criterion;
    line.name = std::string(CriterionName(criterion));
    line.side = CriterionSide(criterion);
    line.applicable = outcomes[index].applicable;
    line.weight = WeightOf(weights, criterion);
    line.value = outcomes[index].value;
    line.contribution = line.applicable && side_sum > 0 ? line.weight * line.value / side_sum : 0;
    line.reason_code = std::move(explanations[index].reason_code);
    line.explanation = std::move(explanations[index].sentence);
    line.parameters = std::move(explanations[index].parameters);
    line.synthetic = explanations[index].synthetic;
  }
  return result;
}

}  // namespace matching::matcher
