// PlanInterviews: validation, then flow + colouring, exact search or heuristic (see
// event_plan.h for when each applies), then the bound and the report.
#include "matcher/event_plan.h"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/event_plan_internal.h"
#include "matcher/event_plan_schedule.h"

namespace matching::matcher {
namespace {

using internal::PlanInstance;
using internal::Relaxation;

void SortBySlotBoothRegistrant(std::vector<PlannedInterview>& interviews) {
  std::sort(interviews.begin(), interviews.end(),
            [](const PlannedInterview& a, const PlannedInterview& b) {
              return std::tie(a.slot, a.booth, a.registrant) <
                     std::tie(b.slot, b.booth, b.registrant);
            });
}

// Kept interviews, then the heuristic, then (small problems) the exact search with the
// heuristic's plan as the incumbent. Sets method and optimal.
std::vector<PlannedInterview> PlanBySearch(const PlanInstance& instance,
                                           const Relaxation& relaxation, const PlanOptions& options,
                                           PlanResult& result) {
  internal::Schedule schedule(instance);
  for (const PlannedInterview& kept : instance.problem->kept) {
    schedule.Add(kept.registrant, kept.booth, kept.slot, /*fixed=*/true);
  }
  const size_t only_kept = schedule.Mark();
  internal::PlanHeuristically(instance, relaxation, schedule);
  std::vector<PlannedInterview> best = schedule.Interviews();
  int64_t best_objective = schedule.Objective();
  result.method = "heuristic";
  if (instance.candidates.size() <= static_cast<size_t>(options.exact_max_pairs)) {
    schedule.Rollback(only_kept);
    if (internal::SearchExact(instance, options.exact_max_nodes, schedule, &best,
                              &best_objective)) {
      result.method = "exact";
      result.optimal = true;
    }
  }
  return best;
}

}  // namespace

absl::StatusOr<PlanResult> PlanInterviews(const PlanProblem& problem, const PlanOptions& options) {
  if (options.exact_max_pairs < 0 || options.exact_max_nodes < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("options.exact_max_pairs %d, options.exact_max_nodes %d; must be >= 0",
                        options.exact_max_pairs, options.exact_max_nodes));
  }
  absl::StatusOr<PlanInstance> built = internal::BuildInstance(problem);
  if (!built.ok()) return built.status();
  PlanInstance& instance = *built;
  if (absl::Status kept = internal::CheckInterviews(instance, problem.kept, "kept"); !kept.ok()) {
    return kept;
  }
  internal::BuildCandidates(instance);

  PlanResult result;
  const Relaxation relaxation = internal::SolveRelaxation(instance, problem.everyone_once);
  if (!instance.availability_limited && problem.kept.empty()) {
    absl::StatusOr<std::vector<PlannedInterview>> coloured =
        internal::ColourRelaxation(instance, relaxation);
    if (!coloured.ok()) {
      return absl::InternalError(absl::StrCat("colouring failed: ", coloured.status().message()));
    }
    result.interviews = *std::move(coloured);
    result.method = "flow+colouring";
    result.optimal = true;
  } else {
    result.interviews = PlanBySearch(instance, relaxation, options, result);
  }
  SortBySlotBoothRegistrant(result.interviews);

  std::vector<char> served(instance.registrant_count, 0);
  for (const PlannedInterview& interview : result.interviews) {
    result.total_score += interview.score;
    if (!served[interview.registrant]++) ++result.registrants_served;
  }
  if (result.optimal) {
    result.upper_bound = result.total_score;
  } else if (!problem.everyone_once || result.registrants_served == relaxation.served) {
    // With everyone_once and as many served as the relaxation, that count is the
    // maximum and the relaxation's score part bounds every plan serving it.
    result.upper_bound = internal::RelaxationBound(instance, relaxation);
  } else {
    result.upper_bound =
        internal::RelaxationBound(instance, internal::SolveRelaxation(instance, false));
  }
  if (result.upper_bound > 0) {
    result.gap =
        std::clamp((result.upper_bound - result.total_score) / result.upper_bound, 0.0, 1.0);
  }
  return result;
}

}  // namespace matching::matcher
