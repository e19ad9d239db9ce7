// Campaign planning: choosing proposals for many households and posts together.
//
// An instance is a bipartite graph of candidate pairs (household, post) that keep every
// gate (the index generates them: each household's best gated offers), each with its
// two-sided score, its two side scores and an integer weight (the objective's unit). Each
// household may receive at most `household_capacity[h]` proposals, each post at most
// `offer_capacity[o]` (positions × proposals_per_position): a b-matching.
//
// - PlanOptimal: the proposals of maximum total weight, by min-cost flow (LEMON's network
//   simplex, integer costs). A bipartite b-matching's linear programme is totally
//   unimodular, so the flow optimum is the integer optimum: exact over the candidate pairs.
//   Joint pairs (couples) take a place at two posts, which is no longer a flow: they are
//   placed first, greedily by weight while their household and both posts have room, then
//   the flow plans the single pairs with the capacity left (a heuristic; the bound drops
//   the partner posts' capacities). With serve_households_first, the flow first serves as
//   many households as it can.
//   The upper bound also covers the pairs the index did not generate: a household whose
//   candidate list was cut at K may have other gated pairs, none weighing more than
//   `household_unseen_bound[h]`; the bound is the optimum when each such household may also
//   reach any post (within the post's capacity) at that weight (a relaxation), and
//   gap = (bound - total) / bound.
// - PlanStable (stable_matching.h): household-proposing deferred acceptance.
//
// Pure and thread-safe: no state; inputs are read only.
#ifndef MATCHING_MATCHER_CAMPAIGN_PLAN_H_
#define MATCHING_MATCHER_CAMPAIGN_PLAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace matching::matcher {

struct CampaignPair {
  int household = 0;           // index in [0, households)
  int offer = 0;               // index in [0, offers)
  double score = 0;            // two-sided pair score, [0, 1]
  double candidate_score = 0;  // the household's side: its order over posts (stable mode)
  double territory_score = 0;  // the post's side: its order over households (stable mode)
  int64_t weight = 0;          // the optimal mode's objective, >= 0 (CampaignWeight)
  // A joint pair (a dual-career household applying as a couple): the partner's post, which
  // takes one place too; -1 for a single pair. Never `offer` itself.
  int partner_offer = -1;
  double partner_territory_score = 0;  // the partner's post's side (stable mode)
};

struct CampaignInstance {
  int households = 0;
  int offers = 0;
  std::vector<int> household_capacity;  // per household, >= 0
  std::vector<int> offer_capacity;      // per post, >= 0
  std::vector<CampaignPair> pairs;      // at most one per (household, offer)
  // Pairs (indices into `pairs`) every plan keeps (accepted or met on a previous plan);
  // they use their household's and post's capacity first.
  std::vector<int> fixed;
  // Per household (empty = all 0): no gated pair of the household outside `pairs` weighs
  // more than this (0 when its list is complete). Only the upper bound reads it.
  std::vector<int64_t> household_unseen_bound;
};

struct CampaignSolution {
  std::vector<int> chosen;  // indices into pairs, ascending; the fixed ones included
  int64_t total_weight = 0;
  int64_t upper_bound = 0;  // >= total_weight (optimal mode); total_weight in stable mode
  std::string method;
  // Stable mode: the procedure reached a point where no household would change what it
  // holds (then no pair or couple blocks, fixed pairs aside). False when it stopped at its
  // step budget (with couples a stable plan may not exist). Always true in optimal mode.
  bool settled = true;
};

// The stable mode's step budget: this many best responses per pair (plus one per household).
inline constexpr int64_t kStableStepsPerPair = 50;

// The min-cost-flow solver of the optimal mode. Both are exact; the network simplex is the
// faster at campaign sizes (docs/CAMPAIGNS.md, "Scale"), the other is the event planner's.
enum class FlowSolver {
  kNetworkSimplex,           // LEMON's NetworkSimplex (block search pivots): the default
  kSuccessiveShortestPaths,  // matcher/min_cost_flow.h
  kCostScaling               // LEMON's CostScaling; not with serve_households_first
};

struct CampaignControl {
  FlowSolver solver = FlowSolver::kNetworkSimplex;
  // Polled between phases (and by the stable mode every 65,536 proposals); true stops
  // the plan with CANCELLED. Empty: never.
  std::function<bool()> cancelled;
  absl::Time deadline = absl::InfiniteFuture();  // past it: DEADLINE_EXCEEDED
  // Optimal mode: serve as many households as the capacities allow first (each household's
  // first proposal weighs more than every pair together), then maximise the weight. The
  // total is then at most the plain optimum; the bound stays the plain one's.
  bool serve_households_first = false;
};

// The care need of a territory as a priority factor, in [1, 2]: 1 + the under-service of
// its APL, (4 - apl) / 4 clamped to [0, 1] (APL 4 is the national level, 0 no doctor).
// Unknown APL counts as national (1).
double CareNeedPriority(double apl, bool apl_known);

// The optimal mode's integer weight of a pair: round(score × priority × 1,000,000).
int64_t CampaignWeight(double score, double priority);

// InvalidArgument when a pair names a household or post out of range, a capacity is
// negative, a pair appears twice, a weight is negative, or the fixed pairs exceed a
// capacity (naming the index).
[[nodiscard]] absl::Status ValidateCampaignInstance(const CampaignInstance& instance);

// Maximum-weight b-matching (see the header comment). Validates the instance.
[[nodiscard]] absl::StatusOr<CampaignSolution> PlanOptimal(const CampaignInstance& instance,
                                                           const CampaignControl& control = {});

// PlanOptimal's upper_bound alone (one flow instead of two): what the stable mode reports
// against. Validates the instance.
[[nodiscard]] absl::StatusOr<int64_t> CampaignUpperBound(const CampaignInstance& instance,
                                                         const CampaignControl& control = {});

}  // namespace matching::matcher

#endif  // MATCHING_MATCHER_CAMPAIGN_PLAN_H_
