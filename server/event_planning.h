// Planning a recruitment event: from the stored Event to an EventPlan.
//
// Pair scores come from the matching core: the two-sided score of the registrant with
// the booth's best-scoring offer (default weights, the registrant's personal priorities,
// harmonic combination), -1 when no offer of the booth is eligible or the best is below
// the event's min_score. The choice of interviews and slots is matcher::PlanInterviews
// (matcher/event_plan.h). Slots are handed to the planner in chronological order.
//
// Left out: every registrant without an interview and every booth without one, with the
// first reason that holds (matcher/event_plan_unserved.h; EventPlan.unserved, idle_booths).
//
// Re-plan: when the event holds a previous plan, its interviews are kept exactly unless
// `allow_moves`, except those that no longer can be (registration cancelled, booth or
// slot removed, availability withdrawn, pair no longer eligible), which are reported as
// removed. `changes` lists what differs from the previous plan.
//
// Work: scoring is bounded by the event limits (registrants x booths x offers per booth,
// at most 5,000 x 500 x 20 scores); the planner by its work budget (settings.max_work).
// Both stop on cancellation and at the deadline.
//
// Thread-safe: reads the index (thread-safe) and nothing else.
#ifndef MATCHING_SERVER_EVENT_PLANNING_H_
#define MATCHING_SERVER_EVENT_PLANNING_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "index/memory_index.h"
#include "matcher/event_plan.h"
#include "matcher/score.h"
#include "matching/v1/event.pb.h"

namespace matching::server {

struct EventPlanSettings {
  bool everyone_once = true;
  bool allow_moves = false;
  matcher::ScoreOptions score_options;  // aid rules and "today"
  // Polled between registrants while scoring and inside the planner every 65,536 work
  // units (the caller's context->IsCancelled()); when it returns true PlanEvent stops
  // with CANCELLED. Empty: never cancelled.
  std::function<bool()> cancelled;
  // Past it PlanEvent stops with DEADLINE_EXCEEDED (the call's deadline), polled likewise.
  absl::Time deadline = absl::InfiniteFuture();
  // The planner's work budget (matcher/event_plan.h, "The work budget"): past it the best
  // plan found so far, marked budget_exhausted, or RESOURCE_EXHAUSTED when there is none.
  int64_t max_work = matcher::kDefaultMaxPlanWork;
};

// Whose households an event may register and plan: those registered with its organisation
// or with none (matcher::VisibleToOrganization); every household for an event without one
// (admin-only events).
std::optional<std::string> EventViewer(const v1::Event& event);

// InvalidArgument naming the field when a booth names an offer, or a registration a
// candidate, that is not stored or that the event's organisation may not see (the same
// answer): "event.booths[1].offer_ids[0]: 'of-x' names no stored offer". Reads
// event.organization_id, which the caller sets first.
[[nodiscard]] absl::Status CheckEventReferences(const v1::Event& event,
                                                const index::MemoryIndex& index,
                                                const std::string& field = "event");

// The plan of `event` (validated), its previous plan being event.plan(). The result has
// no plan_time (the caller stamps it).
[[nodiscard]] absl::StatusOr<v1::EventPlan> PlanEvent(const v1::Event& event,
                                                      const index::MemoryIndex& index,
                                                      const EventPlanSettings& settings);

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_PLANNING_H_
