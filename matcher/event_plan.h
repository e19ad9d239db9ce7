// Interview planning for a recruitment event ("job dating"): which registrant meets
// which booth, and in which time slot.
//
// The problem. Slots are numbered 0..slot_count-1. A booth holds up to `capacity`
// interviews in one slot and only in its available slots; a registrant is in one place
// per slot, only in their available slots, and has at most `max_interviews` interviews,
// at most one per booth. A pair may meet only when its score is >= 0 (the caller puts
// -1 for pairs below the event's min_score or of another profession). The plan
// maximises, lexicographically when `everyone_once` is set, (1) the number of
// registrants with at least one interview, then (2) the total score.
//
// The method.
//  - No availability limits (every booth and registrant available in every slot) and
//    nothing kept: optimal. A min-cost flow (successive shortest paths with potentials)
//    chooses the pairs under the degree limits (registrant <= min(max, slots), booth <=
//    capacity * slots); a booth of capacity c is split into c copies of degree <= slots
//    and the resulting bipartite multigraph of maximum degree <= slot_count is
//    edge-coloured in slot_count colours (König's theorem; alternating-path recolouring),
//    a colour being a slot. upper_bound == total_score, gap 0, optimal true.
//  - Otherwise (availability limits, or `kept` interviews of a re-plan): NP-hard in
//    general. Small problems (at most PlanOptions::exact_max_pairs eligible pairs) are
//    solved by an exact branch-and-bound search (optimal true when it finishes within
//    exact_max_nodes). Larger ones by a heuristic: the flow relaxation's pairs placed in
//    decreasing score order, with augmenting moves of already-placed interviews to free
//    a slot, then a greedy fill with the remaining pairs and passes that replace a
//    placed interview by a better unplaced pair when the objective rises.
//  - upper_bound always bounds the total score of any plan that keeps `kept` (and, with
//    everyone_once, serves as many registrants as this plan when that is the maximum):
//    the min-cost-flow relaxation that drops slot conflicts but keeps, per pair, the
//    requirement of a common available slot, per registrant min(max, available slots)
//    and per booth capacity * available slots. gap = (upper_bound - total_score) /
//    upper_bound (0 when upper_bound is 0). The bound carries a rounding slack of
//    0.5e-6 per possible interview (scores are compared at 1e-6); a proven-optimal plan
//    reports upper_bound == total_score and gap 0.
//
// The work budget. Planning a large event exactly is out of reach (the flow alone is
// about 1,000 s for 5,000 x 500 x 96), so one call does at most PlanOptions::max_work
// units of work: one unit is one arc scanned by the flow's shortest-path search, one
// slot examined by the heuristic, one pair examined per node of the exact search
// (about 130 million units a second on one core here: the default 400 million is 2.5 s
// for 1,000 x 100 x 24, 6.4 s for 5,000 x 500 x 96 with the instance built; gaps
// below 0.3 % on random scores, 4 % when every registrant prefers the same booths). The flow
// relaxation may use at most half of it; when it stops early, its pairs so far (the most valuable,
// as successive shortest paths send the cheapest units first) are placed by the heuristic, and
// upper_bound falls back to a per-registrant bound (each registrant's best pairs up to its limit).
// When the budget runs out in the heuristic, the plan is what it has placed so far (always
// feasible), with optimal false and its gap; `budget_exhausted` says so. When it runs out before a
// single interview was placed (and there was one to place), ResourceExhausted.
// Cancellation (PlanOptions::cancelled) and the deadline are polled every 65,536 units
// of work and stop the call with Cancelled or DeadlineExceeded.
//
// Deterministic: the same problem and budget give the same plan (ties by index), unless
// cancelled or past the deadline.
// Thread-safe: pure functions (`cancelled` is called from the calling thread).
#ifndef MATCHER_EVENT_PLAN_H_
#define MATCHER_EVENT_PLAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace matching::matcher {

struct PlanBooth {
  int capacity = 1;                  // >= 1 parallel interviews per slot
  std::vector<int> available_slots;  // empty = every slot
};

struct PlanRegistrant {
  int max_interviews = 3;            // >= 0
  std::vector<int> available_slots;  // empty = every slot
};

struct PlannedInterview {
  int registrant = 0;  // index into PlanProblem::registrants
  int booth = 0;       // index into PlanProblem::booths
  int slot = 0;        // 0..slot_count-1
  double score = 0;    // PlanProblem::score(registrant, booth)

  friend bool operator==(const PlannedInterview& a, const PlannedInterview& b) {
    return a.registrant == b.registrant && a.booth == b.booth && a.slot == b.slot;
  }
};

struct PlanProblem {
  int slot_count = 0;
  std::vector<PlanBooth> booths;
  std::vector<PlanRegistrant> registrants;
  // Row-major registrants x booths: scores[r * booths.size() + b] in [0, 1], or < 0 when
  // the pair may not meet. The planner compares scores rounded to 1e-6.
  std::vector<double> scores;
  // Maximise first the number of registrants served (nobody travels for nothing).
  bool everyone_once = true;
  // Interviews already communicated that must stay exactly as they are (re-plan). They
  // must be feasible on their own (CheckPlan), else InvalidArgument.
  std::vector<PlannedInterview> kept;

  double score(int registrant, int booth) const {
    return scores[static_cast<size_t>(registrant) * booths.size() + booth];
  }
};

// PlanOptions::max_work by default: a few seconds of one core (see "The work budget").
inline constexpr int64_t kDefaultMaxPlanWork = 400'000'000;

// Numbers >= 0, else InvalidArgument naming the option. The exact search's limits are
// only used when the problem has availability limits or kept interviews.
struct PlanOptions {
  // Eligible pairs (score >= 0, a common available slot, not kept) up to which the
  // exact search runs.
  int exact_max_pairs = 24;
  // Search nodes before giving up: the plan is then the better of the heuristic's and
  // the search's best, with method "heuristic" and optimal false.
  int64_t exact_max_nodes = 2000000;
  // Work units (see "The work budget" above) one call may spend; 400 million by default
  // (a few seconds of one core). Past it: the best plan so far, or ResourceExhausted.
  int64_t max_work = kDefaultMaxPlanWork;
  // Polled every 65,536 work units; returning true stops the call with Cancelled. Empty:
  // never cancelled. Called on the planning thread.
  std::function<bool()> cancelled;
  // Past it the call stops with DeadlineExceeded (polled with `cancelled`).
  absl::Time deadline = absl::InfiniteFuture();
};

struct PlanResult {
  std::vector<PlannedInterview> interviews;  // sorted by (slot, booth, registrant)
  double total_score = 0;
  double upper_bound = 0;
  double gap = 0;
  int registrants_served = 0;
  bool optimal = false;           // proven optimal (flow + colouring, or a finished exact search)
  std::string method;             // "flow+colouring", "exact", "heuristic"
  bool budget_exhausted = false;  // stopped by PlanOptions::max_work: best plan so far
  int64_t work = 0;               // work units spent
};

// InvalidArgument (naming the field: "booths[2].capacity", "registrants[0].available_slots[1]",
// "scores", "kept[3]") when the problem is malformed: negative counts, capacity < 1, a slot
// index outside 0..slot_count-1, scores of the wrong size, not finite or above 1, an
// infeasible kept list, or so many registrants x interviews that the served-first
// objective would overflow int64 (far beyond any real event). Cancelled,
// DeadlineExceeded or ResourceExhausted as "The work budget" above says.
[[nodiscard]] absl::StatusOr<PlanResult> PlanInterviews(const PlanProblem& problem,
                                                        const PlanOptions& options = {});

// The independent validator: OK when `interviews` has no registrant in two places in
// one slot, no booth over capacity in a slot, no interview outside either side's
// availability, no registrant over max_interviews, no pair met twice, no pair with a
// negative score, and every `kept` interview present. Else InvalidArgument describing
// the first violation.
[[nodiscard]] absl::Status CheckPlan(const PlanProblem& problem,
                                     const std::vector<PlannedInterview>& interviews);

}  // namespace matching::matcher

#endif  // MATCHER_EVENT_PLAN_H_
