// Planning a campaign: from the stored Campaign and the catalog to a CampaignPlan.
//
// Who is in it: the open posts of the scope's professions in its departments and regions
// (all when empty), and the households visible to recruiters (consent given, searching:
// index::VisibleToRecruiters) of those professions that have at least one gated pair with
// one of those posts.
//
// Candidate pairs: each household's best kCandidateListFactor × proposals_per_household
// posts in scope by MemoryIndex::RankOffers with the campaign's options (weights, filters)
// and every gate (include_beyond_limits is refused): no proposal breaks a stated limit.
// A household whose list was cut may have other gated pairs, each scoring at most its last
// listed one; the plan's upper bound covers them (matcher/campaign_plan.h).
//
// Outcomes (the latest per pair wins): a DECLINED pair is never proposed again, a FILLED
// post receives no new proposal, an ACCEPTED or MET pair is kept (with its stored scores)
// as long as its household is stored; a kept pair is marked `kept`.
//
// Figures: the plan's and the baseline's (each household's own best
// proposals_per_household candidate posts, computed alone, without capacities: the
// independent top-k rankings of a portal). total_score, upper_bound and gap are in the
// optimal mode's objective, the sum of score × care-need priority (matcher::
// CareNeedPriority); CampaignFigures.total_score is the plain sum of scores.
//
// Thread-safe: reads the index (thread-safe) and the store's snapshots.
#ifndef MATCHING_SERVER_CAMPAIGN_PLANNING_H_
#define MATCHING_SERVER_CAMPAIGN_PLANNING_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "matcher/campaign_plan.h"
#include "matching/v1/campaign.pb.h"

namespace matching::server {

inline constexpr int kDefaultProposalsPerHousehold = 3;
inline constexpr int kMaxProposalsPerHousehold = 20;
inline constexpr int kDefaultProposalsPerPosition = 5;
inline constexpr int kMaxProposalsPerPosition = 100;
// Each household's candidate list: this many times its capacity, best first.
inline constexpr int kCandidateListFactor = 4;
// A territory is under-served below this APL (DOMAIN.md).
inline constexpr double kUnderServedApl = 2.5;
// A household is worse off than in the baseline when it has no proposal while the baseline
// gave it one, or when its best proposal's own score (candidate_score) is more than this
// below its best baseline proposal's (CampaignFigures.households_worse_off).
inline constexpr double kWorseOffMargin = 0.05;

// Where a plan's time went (benchmarks).
struct CampaignPlanTimings {
  double ranking_seconds = 0;  // candidate pairs: RankOffers per household, on `threads`
  double solve_seconds = 0;    // the planner (and the stable mode's bound)
};

struct CampaignPlanSettings {
  const matcher::AidRules* aid_rules = nullptr;
  std::function<bool()> cancelled;  // polled between households and by the planners
  absl::Time deadline = absl::InfiniteFuture();
  int threads = 2;  // threads ranking households (the index is read concurrently)
  // The optimal mode's flow solver (benchmarks compare them; matchd uses the default).
  matcher::FlowSolver solver = matcher::FlowSolver::kNetworkSimplex;
  // The optimal mode serves as many households as the capacities allow before maximising
  // the weight (matcher::CampaignControl); matchd does, benchmarks compare.
  bool serve_households_first = true;
  CampaignPlanTimings* timings = nullptr;  // filled when set
};

// Field-named INVALID_ARGUMENT for a campaign a client sends (id, name, scope, capacities,
// mode, options); plan, outcomes and organization are the server's and not checked.
[[nodiscard]] absl::Status ValidateCampaign(const v1::Campaign& campaign);

// The plan of `campaign` (validated), its previous plan being campaign.plan(). No
// plan_time (the caller stamps it).
[[nodiscard]] absl::StatusOr<v1::CampaignPlan> PlanCampaign(const v1::Campaign& campaign,
                                                            index::Store& store,
                                                            const index::MemoryIndex& index,
                                                            const CampaignPlanSettings& settings);

}  // namespace matching::server

#endif  // MATCHING_SERVER_CAMPAIGN_PLANNING_H_
