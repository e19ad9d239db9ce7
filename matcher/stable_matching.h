// Stable campaign plans: household-proposing deferred acceptance (Gale–Shapley, many to
// many with quotas), couples introduced one at a time (Roth & Peranson 1999's sequential
// procedure), and an independent count of blocking pairs.
//
// Preferences: a household orders its candidate posts by candidate_score (its own side),
// a post its candidate households by territory_score (its side); ties by index, so both
// orders are strict. Only candidate pairs are acceptable. A household holds up to its
// capacity of proposals, a post up to its capacity (positions × proposals_per_position).
//
// Pairwise stability: a pair (h, o) not proposed blocks a plan when both would take it:
// h has room or prefers o to one of its proposals, and o has room or prefers h to one of
// its households. With responsive preferences, household-proposing deferred acceptance
// leaves none (Roth & Sotomayor 1990, ch. 5).
//
// Couples: a joint pair (partner_offer >= 0) needs a place at both its posts; a post ranks
// the couple at its own post by territory_score, at the partner's by
// partner_territory_score, and prefers higher, then lower household, then lower pair index.
// A joint pair blocks when its household would take it and each of its two posts would
// (room, or a place held by another household it ranks lower): a couple blocking
// coalition. A post never counts the applicant's own other proposal as one to displace.
//
// The procedure: singles first (deferred acceptance), then each couple in turn, settling
// before the next. A household's move is its best response: best first, every pair whose
// posts would take it now, up to its room (displacing the posts' worst others, letting go
// of what it held beyond its room). Displacing a couple at one post withdraws it from the
// other, which frees a place: every household with a pair at a post that frees a place
// moves again (Roth–Peranson's re-admission). When no household would move, no pair or
// coalition blocks. With couples a stable plan may not exist and the procedure may cycle:
// it stops after kStableStepsPerPair moves per pair, with `settled` false, and the
// checker reports the blocking that remains.
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
// instance's pairs, couple coalitions included, by the definition above; the fixed pairs
// count as any proposal. Shares no code with PlanStable but the strict orders.
// O(pairs + chosen): each household's worst proposal and each post's worst place (and
// worst place of another household) are found in one pass.
int CountBlockingPairs(const CampaignInstance& instance, absl::Span<const int> chosen);

}  // namespace matching::matcher

#endif  // MATCHING_MATCHER_STABLE_MATCHING_H_
