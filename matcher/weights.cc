#include "matcher/weights.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace matching::matcher {
namespace {

absl::Status CheckWeight(absl::string_view what, absl::string_view name, double value) {
  if (std::isfinite(value) && value >= 0) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s '%s' is %g; weights must be finite and >= 0", what, name, value));
}

absl::Status CheckSideNotAllZero(const Weights& weights, Side side) {
  for (Criterion criterion : kAllCriteria) {
    if (CriterionSide(criterion) == side && WeightOf(weights, criterion) > 0) {
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("every %s-side weight is 0; at least one must be > 0",
                      side == Side::kCandidate ? "candidate" : "territory"));
}

absl::Status UnknownName(absl::string_view what, absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrFormat("unknown %s '%s'; known criteria: %s", what,
                                                    name, absl::StrJoin(CriterionNames(), ", ")));
}

}  // namespace

absl::StatusOr<Weights> ResolveWeights(
    const Weights& profile, const std::map<std::string, double>& request_overrides,
    const std::map<std::string, double>& candidate_personal_weights) {
  Weights resolved = profile;
  for (Criterion criterion : kAllCriteria) {
    if (absl::Status status =
            CheckWeight("profile weight", CriterionName(criterion), WeightOf(profile, criterion));
        !status.ok()) {
      return status;
    }
  }
  for (const auto& [name, value] : request_overrides) {
    std::optional<Criterion> criterion = CriterionFromName(name);
    if (!criterion) return UnknownName("weight", name);
    if (absl::Status status = CheckWeight("weight", name, value); !status.ok()) return status;
    MutableWeightOf(resolved, *criterion) = value;
  }
  for (const auto& [name, multiplier] : candidate_personal_weights) {
    std::optional<Criterion> criterion = CriterionFromName(name);
    if (!criterion) return UnknownName("candidate weight", name);
    if (CriterionSide(*criterion) != Side::kCandidate) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "candidate weight '%s' names a territory-side criterion; personal priorities "
          "apply to candidate-side criteria only",
          name));
    }
    if (absl::Status status = CheckWeight("candidate weight", name, multiplier); !status.ok()) {
      return status;
    }
    MutableWeightOf(resolved, *criterion) *= multiplier;
  }
  for (Criterion criterion : kAllCriteria) {
    // A product of two finite weights can overflow to infinity.
    if (absl::Status status =
            CheckWeight("weight", CriterionName(criterion), WeightOf(resolved, criterion));
        !status.ok()) {
      return status;
    }
  }
  if (absl::Status status = CheckSideNotAllZero(resolved, Side::kCandidate); !status.ok()) {
    return status;
  }
  if (absl::Status status = CheckSideNotAllZero(resolved, Side::kTerritory); !status.ok()) {
    return status;
  }
  return resolved;
}

}  // namespace matching::matcher
