// The planner's flow relaxation, its upper bound, and the optimal slot assignment by
// edge colouring when nothing limits availability.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "matcher/edge_colouring.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_internal.h"
#include "matcher/min_cost_flow.h"

namespace matching::matcher::internal {

Relaxation SolveRelaxation(const PlanInstance& instance, bool served_priority, WorkBudget& budget,
                           int64_t max_work) {
  const int registrants = instance.registrant_count;
  const int booths = instance.booth_count;
  std::vector<int> kept_of_registrant(registrants, 0);
  std::vector<int64_t> kept_of_booth(booths, 0);
  for (const PlannedInterview& kept : instance.problem->kept) {
    ++kept_of_registrant[kept.registrant];
    ++kept_of_booth[kept.booth];
  }

  // Nodes: source, registrants, booths, sink.
  const int source = 0;
  const int sink = registrants + booths + 1;
  MinCostFlow flow(registrants + booths + 2);
  Relaxation relaxation;
  for (int r = 0; r < registrants; ++r) {
    const int64_t capacity = instance.registrant_limit[r] - kept_of_registrant[r];
    relaxation.free_room += capacity;
    if (kept_of_registrant[r] > 0) ++relaxation.served;
    if (served_priority && kept_of_registrant[r] == 0 && capacity > 0) {
      flow.AddArc(source, 1 + r, 1, -instance.served_bonus);
      flow.AddArc(source, 1 + r, capacity - 1, 0);
    } else {
      flow.AddArc(source, 1 + r, capacity, 0);
    }
  }
  std::vector<int> pair_arc;
  pair_arc.reserve(instance.candidates.size());
  for (const CandidatePair& pair : instance.candidates) {
    pair_arc.push_back(
        flow.AddArc(1 + pair.registrant, 1 + registrants + pair.booth, 1, -pair.value));
  }
  for (int b = 0; b < booths; ++b) {
    flow.AddArc(1 + registrants + b, sink, instance.booth_limit[b] - kept_of_booth[b], 0);
  }
  int64_t spent = 0;
  relaxation.complete = flow.MinimiseCost(source, sink,
                                          [&](int64_t arcs_scanned) {
                                            spent += arcs_scanned;
                                            return budget.Spend(arcs_scanned) && spent <= max_work;
                                          })
                            .complete;

  std::vector<char> served(registrants, 0);
  for (int r = 0; r < registrants; ++r) served[r] = kept_of_registrant[r] > 0;
  for (size_t i = 0; i < instance.candidates.size(); ++i) {
    if (flow.Flow(pair_arc[i]) == 0) continue;
    const CandidatePair& pair = instance.candidates[i];
    relaxation.chosen.push_back(static_cast<int>(i));
    relaxation.values += pair.value;
    if (!served[pair.registrant]) {
      served[pair.registrant] = 1;
      ++relaxation.served;
    }
  }
  return relaxation;
}

double RelaxationBound(const PlanInstance& instance, const Relaxation& relaxation) {
  double kept = 0;
  for (const PlannedInterview& interview : instance.problem->kept) {
    kept += instance.problem->score(interview.registrant, interview.booth);
  }
  // A real total T of n free interviews has scaled total >= T * scale - n / 2, and the
  // relaxation maximises the scaled total, hence the slack.
  return kept + (static_cast<double>(relaxation.values) + 0.5 * relaxation.free_room) / kScoreScale;
}

double RegistrantBound(const PlanInstance& instance) {
  // Each registrant's (and each booth's) best pairs up to its remaining room: any plan
  // gives it no more, so the smaller of the two sums bounds every plan.
  const PlanProblem& problem = *instance.problem;
  std::vector<int64_t> registrant_room(instance.registrant_limit.begin(),
                                       instance.registrant_limit.end());
  std::vector<int64_t> booth_room = instance.booth_limit;
  double kept = 0;
  for (const PlannedInterview& interview : problem.kept) {
    kept += problem.score(interview.registrant, interview.booth);
    --registrant_room[interview.registrant];
    --booth_room[interview.booth];
  }
  std::vector<std::vector<int64_t>> by_registrant(instance.registrant_count);
  std::vector<std::vector<int64_t>> by_booth(instance.booth_count);
  for (const CandidatePair& pair : instance.candidates) {
    by_registrant[pair.registrant].push_back(pair.value);
    by_booth[pair.booth].push_back(pair.value);
  }
  auto best_sum = [](std::vector<std::vector<int64_t>>& groups, const std::vector<int64_t>& room) {
    double sum = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      std::vector<int64_t>& values = groups[g];
      const size_t take =
          std::min(values.size(), static_cast<size_t>(std::max<int64_t>(room[g], 0)));
      std::partial_sort(values.begin(), values.begin() + take, values.end(), std::greater<>());
      for (size_t i = 0; i < take; ++i) sum += (static_cast<double>(values[i]) + 0.5) / kScoreScale;
    }
    return sum;
  };
  return kept + std::min(best_sum(by_registrant, registrant_room), best_sum(by_booth, booth_room));
}

absl::StatusOr<std::vector<PlannedInterview>> ColourRelaxation(const PlanInstance& instance,
                                                               const Relaxation& relaxation) {
  const int slots = instance.slot_count;
  std::vector<int> degree(instance.booth_count, 0);
  for (int i : relaxation.chosen) ++degree[instance.candidates[i].booth];
  // Booth b gets ceil(degree / slots) <= capacity copies, numbered from first_copy[b];
  // its pairs go round-robin, so each copy has degree <= slots and in any slot the
  // booth hosts at most one interview per copy.
  std::vector<int> first_copy(instance.booth_count + 1, 0);
  for (int b = 0; b < instance.booth_count; ++b) {
    const int copies = slots == 0 ? 0 : (degree[b] + slots - 1) / slots;
    first_copy[b + 1] = first_copy[b] + copies;
  }
  std::vector<int> next(instance.booth_count, 0);
  std::vector<BipartiteEdge> edges;
  edges.reserve(relaxation.chosen.size());
  for (int i : relaxation.chosen) {
    const CandidatePair& pair = instance.candidates[i];
    const int copies = first_copy[pair.booth + 1] - first_copy[pair.booth];
    edges.push_back({pair.registrant, first_copy[pair.booth] + next[pair.booth]++ % copies});
  }
  absl::StatusOr<std::vector<int>> colours = ColourBipartiteEdges(
      instance.registrant_count, first_copy[instance.booth_count], edges, slots);
  if (!colours.ok()) return colours.status();

  std::vector<PlannedInterview> interviews;
  interviews.reserve(edges.size());
  for (size_t e = 0; e < edges.size(); ++e) {
    const CandidatePair& pair = instance.candidates[relaxation.chosen[e]];
    interviews.push_back({pair.registrant, pair.booth, (*colours)[e],
                          instance.problem->score(pair.registrant, pair.booth)});
  }
  return interviews;
}

}  // namespace matching::matcher::internal
