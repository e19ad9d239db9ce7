// Stable campaign plans: household-proposing deferred acceptance (Gale–Shapley, many to
// many with quotas) and an independent count of blocking pairs.
//
// Preferences: a household orders its candidate posts by candidate_score (its own side),
// a post its candidate households by territory_score (its side); ties by index, so both
// orders are strict. Only candidate pairs are acceptable. A household holds up to its
// capacity of proposals, a post up to its capacity (positions × proposals_per_position).
//
// Pairwise stability: a pair (h, o) not proposed blocks a plan when both would take it:
// h has room or prefers o to one of its proposals, and o has room or prefers h to one of
// its households. With responsive preferences, household-proposing deferred acceptance
// leaves none (Roth & Sotomayor 1990, ch. 5). Dual-career households (couples) are not
// planned jointly here: see docs/CAMPAIGNS.md.
//
// Pure and thread-safe.
#ifndef MATCHING_MATCHER_STABLE_MATCHING_H_
#define MATCHING_MATCHER_STABLE_MATCHING_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "matcher/campaign_plan.h"

namespace matching::matcher {

// Deferred acceptance over the instance's pairs; the fixed pairs are kept, use capacity
// first and are never displaced. Without fixed pairs the result has no blocking pair; a
// kept pair the household now ranks low may leave some (CountBlockingPairs reports them).
// Validates the instance.
[[nodiscard]] absl::StatusOr<CampaignSolution> PlanStable(const CampaignInstance& instance,
                                                          const CampaignControl& control = {});

// The number of blocking pairs of `chosen` (indices into instance.pairs) among the
// instance's pairs, by the definition above; the fixed pairs count as any proposal. Shares
// no code with PlanStable but the two strict orders. O(pairs + chosen): each side's worst
// proposal is found in one pass.
int CountBlockingPairs(const CampaignInstance& instance, absl::Span<const int> chosen);

}  // namespace matching::matcher

#endif  // MATCHING_MATCHER_STABLE_MATCHING_H_
