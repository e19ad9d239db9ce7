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
#include "absl/time/clock.h"
#include "matcher/event_plan_internal.h"
#include "matcher/event_plan_schedule.h"

namespace matching::matcher {
namespace {

using internal::PlanInstance;
using internal::Relaxation;
using internal::WorkBudget;

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
                                           WorkBudget& budget, PlanResult& result) {
  internal::Schedule schedule(instance);
  for (const PlannedInterview& kept : instance.problem->kept) {
    schedule.Add(kept.registrant, kept.booth, kept.slot, /*fixed=*/true);
  }
  const size_t only_kept = schedule.Mark();
  internal::PlanHeuristically(instance, relaxation, schedule, budget);
  std::vector<PlannedInterview> best = schedule.Interviews();
  int64_t best_objective = schedule.Objective();
  result.method = "heuristic";
  if (!budget.stopped() &&
      instance.candidates.size() <= static_cast<size_t>(options.exact_max_pairs)) {
    schedule.Rollback(only_kept);
    if (internal::SearchExact(instance, options.exact_max_nodes, schedule, &best, &best_objective,
                              budget)) {
      result.method = "exact";
      result.optimal = true;
    }
  }
  return best;
}

}  // namespace

namespace internal {

void WorkBudget::Poll() {
  next_poll_ = spent_ + kPollEvery;
  if (options_.cancelled && options_.cancelled()) {
    stop_ = Stop::kCancelled;
  } else if (absl::Now() >= options_.deadline) {
    stop_ = Stop::kDeadline;
  }
}

absl::Status WorkBudget::HardStop() const {
  switch (stop_) {
    case Stop::kCancelled:
      return absl::CancelledError(
          absl::StrCat("plan: cancelled by the caller after ", spent_, " work units"));
    case Stop::kDeadline:
      return absl::DeadlineExceededError(
          absl::StrCat("plan: deadline passed after ", spent_, " work units"));
    default:
      return absl::OkStatus();
  }
}

}  // namespace internal

absl::StatusOr<PlanResult> PlanInterviews(const PlanProblem& problem, const PlanOptions& options) {
  if (options.exact_max_pairs < 0 || options.exact_max_nodes < 0 || options.max_work < 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "options.exact_max_pairs %d, options.exact_max_nodes %d, options.max_work %d; must be "
        ">= 0",
        options.exact_max_pairs, options.exact_max_nodes, options.max_work));
  }
  WorkBudget budget(options);
  if (!budget.Spend(0)) return budget.HardStop();
  absl::StatusOr<PlanInstance> built = internal::BuildInstance(problem);
  if (!built.ok()) return built.status();
  PlanInstance& instance = *built;
  if (absl::Status kept = internal::CheckInterviews(instance, problem.kept, "kept"); !kept.ok()) {
    return kept;
  }
  internal::BuildCandidates(instance);

  PlanResult result;
  // The flow gets at most half of the budget, so that the heuristic always has some.
  const Relaxation relaxation =
      internal::SolveRelaxation(instance, problem.everyone_once, budget, options.max_work / 2);
  if (absl::Status stop = budget.HardStop(); !stop.ok()) return stop;
  if (!instance.availability_limited && problem.kept.empty() && relaxation.complete) {
    absl::StatusOr<std::vector<PlannedInterview>> coloured =
        internal::ColourRelaxation(instance, relaxation);
    if (!coloured.ok()) {
      return absl::InternalError(absl::StrCat("colouring failed: ", coloured.status().message()));
    }
    result.interviews = *std::move(coloured);
    result.method = "flow+colouring";
    result.optimal = true;
  } else {
    result.interviews = PlanBySearch(instance, relaxation, options, budget, result);
  }
  if (absl::Status stop = budget.HardStop(); !stop.ok()) return stop;
  const bool stopped_early = !relaxation.complete || budget.budget_exhausted();
  if (stopped_early) {
    result.optimal = false;
    if (result.interviews.size() == problem.kept.size() && !instance.candidates.empty()) {
      return absl::ResourceExhaustedError(
          absl::StrCat("plan: the work budget of ", options.max_work,
                       " units was spent before any interview was placed (registrants ",
                       instance.registrant_count, ", booths ", instance.booth_count, ", slots ",
                       instance.slot_count, ")"));
    }
  }
  SortBySlotBoothRegistrant(result.interviews);

  std::vector<char> served(instance.registrant_count, 0);
  for (const PlannedInterview& interview : result.interviews) {
    result.total_score += interview.score;
    if (!served[interview.registrant]++) ++result.registrants_served;
  }
  if (result.optimal) {
    result.upper_bound = result.total_score;
  } else if (!relaxation.complete) {
    result.upper_bound = internal::RegistrantBound(instance);
  } else if (!problem.everyone_once || result.registrants_served == relaxation.served) {
    // With everyone_once and as many served as the relaxation, that count is the
    // maximum and the relaxation's score part bounds every plan serving it.
    result.upper_bound = internal::RelaxationBound(instance, relaxation);
  } else {
    // A second flow, with what is left of the budget (at least a share, so that a
    // plan whose heuristic used it all still gets a tight bound when it is cheap).
    WorkBudget bound_budget(options);
    const Relaxation by_score = internal::SolveRelaxation(
        instance, false, bound_budget, std::max<int64_t>(options.max_work - budget.spent(), 0));
    if (absl::Status stop = bound_budget.HardStop(); !stop.ok()) return stop;
    result.upper_bound = by_score.complete ? internal::RelaxationBound(instance, by_score)
                                           : internal::RegistrantBound(instance);
    budget.Spend(bound_budget.spent());
  }
  result.budget_exhausted = stopped_early;
  result.work = budget.spent();
  if (result.upper_bound > 0) {
    result.gap =
        std::clamp((result.upper_bound - result.total_score) / result.upper_bound, 0.0, 1.0);
  }
  return result;
}

}  // namespace matching::matcher
