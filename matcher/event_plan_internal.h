// Shared internals of the interview planner (event_plan.h): the validated problem in
// the shape the algorithms want, and a mutable schedule with undo.
// Not thread-safe; each PlanInterviews call owns its own objects.
#ifndef MATCHER_EVENT_PLAN_INTERNAL_H_
#define MATCHER_EVENT_PLAN_INTERNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "matcher/event_plan.h"

namespace matching::matcher::internal {

// Scores become integers (score * kScoreScale, rounded) so that the flow and the
// search compare exactly; a plan optimal for them is within 0.5 / kScoreScale per
// interview of the real optimum.
inline constexpr double kScoreScale = 1e6;

// The work of one PlanInterviews call against PlanOptions' budget, cancellation and
// deadline (see "The work budget" in event_plan.h). Not thread-safe.
class WorkBudget {
 public:
  explicit WorkBudget(const PlanOptions& options) : options_(options) {}

  // Counts `units`; false once the call must stop (budget spent, cancelled, deadline).
  bool Spend(int64_t units) {
    spent_ += units;
    if (stop_ != Stop::kNone) return false;
    if (spent_ > options_.max_work) stop_ = Stop::kBudget;
    if (spent_ >= next_poll_) Poll();
    return stop_ == Stop::kNone;
  }
  bool stopped() const { return stop_ != Stop::kNone; }
  bool budget_exhausted() const { return stop_ == Stop::kBudget; }
  // Cancelled or DeadlineExceeded when the call must end without a plan; OK otherwise.
  absl::Status HardStop() const;
  int64_t spent() const { return spent_; }
  int64_t limit() const { return options_.max_work; }

 private:
  enum class Stop { kNone, kBudget, kCancelled, kDeadline };
  static constexpr int64_t kPollEvery = 1 << 16;
  void Poll();

  const PlanOptions& options_;
  int64_t spent_ = 0;
  int64_t next_poll_ = 0;  // polls at once: a call cancelled before it starts does nothing
  Stop stop_ = Stop::kNone;
};

// A pair that may still be planned: score >= 0, a common available slot, not kept.
struct CandidatePair {
  int registrant = 0;
  int booth = 0;
  int64_t value = 0;  // scaled score
};

struct PlanInstance {
  const PlanProblem* problem = nullptr;
  int slot_count = 0;
  int registrant_count = 0;
  int booth_count = 0;
  std::vector<char> registrant_available;  // [r * slot_count + s]
  std::vector<char> booth_available;       // [b * slot_count + s]
  std::vector<int> registrant_limit;       // min(max_interviews, available slots)
  std::vector<int64_t> booth_limit;        // capacity * available slots
  std::vector<int64_t> value;              // [r * booth_count + b]: scaled score, -1 if not
  std::vector<CandidatePair> candidates;   // by (registrant, booth)
  bool availability_limited = false;       // some side misses some slot
  // Worth of serving one more registrant when everyone_once (else 0): more than any
  // achievable total of values, so the objective M * served + values is lexicographic.
  int64_t served_bonus = 0;

  int64_t Value(int registrant, int booth) const {
    return value[static_cast<size_t>(registrant) * booth_count + booth];
  }
  bool RegistrantAvailable(int registrant, int slot) const {
    return registrant_available[static_cast<size_t>(registrant) * slot_count + slot];
  }
  bool BoothAvailable(int booth, int slot) const {
    return booth_available[static_cast<size_t>(booth) * slot_count + slot];
  }
};

// Checks the problem's shape (counts, indices, scores; not `kept`) and builds the
// instance without candidates (BuildCandidates adds them once kept is known feasible).
[[nodiscard]] absl::StatusOr<PlanInstance> BuildInstance(const PlanProblem& problem);
void BuildCandidates(PlanInstance& instance);

// Feasibility of `interviews` on their own; messages start with "<label>[i]".
[[nodiscard]] absl::Status CheckInterviews(const PlanInstance& instance,
                                           const std::vector<PlannedInterview>& interviews,
                                           const std::string& label);

// The flow relaxation: slot conflicts dropped; per registrant min(max, available
// slots, booths), per booth capacity * available slots, a pair only with a common
// available slot; kept interviews pre-counted. With served_priority, the first
// interview of a registrant not served by `kept` is worth served_bonus more.
struct Relaxation {
  std::vector<int> chosen;  // indices into instance.candidates, ascending
  bool complete = true;     // false: stopped by the budget (the most valuable pairs so far)
  int64_t values = 0;       // sum of the chosen pairs' values
  int served = 0;           // registrants with a kept or chosen interview
  int64_t free_room = 0;    // sum over registrants of the room beyond kept
};
// Spends at most `max_work` units of `budget` (and stops when it stops).
Relaxation SolveRelaxation(const PlanInstance& instance, bool served_priority, WorkBudget& budget,
                           int64_t max_work);

// Real-score upper bound from a relaxation: kept scores + values / kScoreScale, plus
// the rounding slack of free_room interviews.
double RelaxationBound(const PlanInstance& instance, const Relaxation& relaxation);

// A looser real-score bound on any plan keeping `kept`, without the flow: kept scores
// plus the smaller of (per registrant, its best candidate pairs up to its remaining
// room) and (per booth, likewise), with the rounding slack.
double RegistrantBound(const PlanInstance& instance);

// Slots for the relaxation's pairs when no side has availability limits and nothing is
// kept: booth copies of degree <= slot_count, then a slot_count edge colouring.
[[nodiscard]] absl::StatusOr<std::vector<PlannedInterview>> ColourRelaxation(
    const PlanInstance& instance, const Relaxation& relaxation);

class Schedule;

// Adds to `schedule` (holding the kept interviews): the relaxation's pairs, with
// moves of placed interviews to free slots, then a greedy fill and improvement passes.
// Stops between placements once `budget` stops.
void PlanHeuristically(const PlanInstance& instance, const Relaxation& relaxation,
                       Schedule& schedule, WorkBudget& budget);

// Branch and bound over instance.candidates from `schedule` (holding kept), looking for
// an objective above *best_objective; updates *best and *best_objective when it finds
// one. True when it finished within max_nodes and `budget` (then *best is optimal).
bool SearchExact(const PlanInstance& instance, int64_t max_nodes, Schedule& schedule,
                 std::vector<PlannedInterview>* best, int64_t* best_objective, WorkBudget& budget);

}  // namespace matching::matcher::internal

#endif  // MATCHER_EVENT_PLAN_INTERNAL_H_
