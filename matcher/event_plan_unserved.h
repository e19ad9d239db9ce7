// Who an event plan leaves out, and why: registrants without an interview, booths without
// one. The organiser's answer to "6 of 7 served: who, and what can I change?".
//
// The caller (server/event_planning.cc) knows why a pair may not meet (PairBar); the plan
// knows who met. A registrant without an interview gets the first reason that holds, in
// the order of UnservedReason, looking at its pairs booth by booth: not visible to
// recruiters; no booth of its profession (and specialty); every such pair beyond a limit;
// every pair within limits below min_score; every pair that may meet without a common
// available slot; else capacity (the slots they share went to other interviews, or the
// work budget ran out). A booth without an interview likewise, over the registrants
// (hidden ones left out), after "none of its offers is stored".
//
// Thread-safe: a pure function.
#ifndef MATCHER_EVENT_PLAN_UNSERVED_H_
#define MATCHER_EVENT_PLAN_UNSERVED_H_

#include <cstdint>
#include <vector>

#include "matcher/event_plan.h"

namespace matching::matcher {

// Why one (registrant, booth) pair may not meet, as the caller decided its score.
enum class PairBar : uint8_t {
  kNone = 0,           // may meet (PlanProblem::score >= 0)
  kNoProfessionMatch,  // no offer of the booth has the registrant's profession and specialty
  kBeyondLimits,       // every such offer breaks a limit of the pair
  kBelowMinScore,      // the best within limits scores below the event's min_score
};

// matching.v1.UnservedReason, value for value.
enum class UnservedReason : int {
  kNotVisible = 1,
  kNoOffer = 2,
  kNoProfessionMatch = 3,
  kBeyondLimits = 4,
  kBelowMinScore = 5,
  kNoCommonSlot = 6,
  kCapacity = 7,
};

// What the caller knows beyond the PlanProblem.
struct PairVerdicts {
  // Row-major registrants x booths, as PlanProblem::scores. A pair whose score is >= 0
  // must be kNone; one below 0 must not.
  std::vector<PairBar> bars;
  // Row-major as `bars`: the best score within limits (for kBelowMinScore pairs: below
  // min_score), -1 when there is none.
  std::vector<double> best_within_limits;
  std::vector<char> registrant_hidden;    // per registrant: not visible to recruiters
  std::vector<char> booth_without_offer;  // per booth: none of its offers is stored
};

struct Unserved {
  int index = 0;  // registrant or booth
  UnservedReason reason = UnservedReason::kCapacity;
  // The other side's indices the reason is about: the booths (registrants) of the
  // profession for kBeyondLimits, within limits for kBelowMinScore, that may meet for
  // kNoCommonSlot and kCapacity; empty otherwise. Ascending.
  std::vector<int> concerned;
  double best_score = 0;  // over `concerned`, for kBelowMinScore and kCapacity
};

struct UnservedReport {
  std::vector<Unserved> registrants;  // ascending index
  std::vector<Unserved> booths;       // ascending index
};

// Registrants and booths of `problem` without an interview in `interviews`, with why.
// `verdicts` must be sized as `problem` (else every vector is read as empty: no bar, no
// score, nobody hidden).
UnservedReport ExplainUnserved(const PlanProblem& problem, const PairVerdicts& verdicts,
                               const std::vector<PlannedInterview>& interviews);

}  // namespace matching::matcher

#endif  // MATCHER_EVENT_PLAN_UNSERVED_H_
