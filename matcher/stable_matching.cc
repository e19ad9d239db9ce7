// Stable campaign plans: many-to-many household-proposing deferred acceptance, and the
// blocking-pair count.
#include "matcher/stable_matching.h"

#include <algorithm>
#include <deque>
#include <queue>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"

namespace matching::matcher {
namespace {

// Strict orders: higher side score first, then lower index.
bool HouseholdPrefers(const CampaignPair& a, const CampaignPair& b) {
  if (a.candidate_score != b.candidate_score) return a.candidate_score > b.candidate_score;
  return a.offer < b.offer;
}
bool OfferPrefers(const CampaignPair& a, const CampaignPair& b) {
  if (a.territory_score != b.territory_score) return a.territory_score > b.territory_score;
  return a.household < b.household;
}

absl::Status CheckControl(const CampaignControl& control) {
  if (control.cancelled && control.cancelled()) {
    return absl::CancelledError("campaign plan: cancelled by the caller");
  }
  if (absl::Now() > control.deadline) {
    return absl::DeadlineExceededError("campaign plan: the call's deadline passed");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CampaignSolution> PlanStable(const CampaignInstance& instance,
                                            const CampaignControl& control) {
  if (absl::Status s = ValidateCampaignInstance(instance); !s.ok()) return s;
  if (absl::Status s = CheckControl(control); !s.ok()) return s;
  const std::vector<CampaignPair>& pairs = instance.pairs;
  std::vector<int> household_room = instance.household_capacity;
  std::vector<int> offer_room = instance.offer_capacity;
  std::vector<bool> fixed(pairs.size(), false);
  CampaignSolution solution;
  for (int index : instance.fixed) {
    if (fixed[index]) continue;
    fixed[index] = true;
    --household_room[pairs[index].household];
    --offer_room[pairs[index].offer];
  }
  // Each household's acceptable posts, best first.
  std::vector<std::vector<int>> list(instance.households);
  for (int i = 0; i < static_cast<int>(pairs.size()); ++i) {
    if (!fixed[i]) list[pairs[i].household].push_back(i);
  }
  for (auto& l : list) {
    std::sort(l.begin(), l.end(),
              [&](int a, int b) { return HouseholdPrefers(pairs[a], pairs[b]); });
  }
  // Each post's held proposals, worst on top.
  auto worst_on_top = [&](int a, int b) { return OfferPrefers(pairs[a], pairs[b]); };
  std::vector<std::priority_queue<int, std::vector<int>, decltype(worst_on_top)>> held(
      instance.offers,
      std::priority_queue<int, std::vector<int>, decltype(worst_on_top)>(worst_on_top));
  std::vector<size_t> next(instance.households, 0);
  std::vector<int> holding(instance.households, 0);
  std::deque<int> free_households;
  for (int h = 0; h < instance.households; ++h) free_households.push_back(h);
  int64_t proposals = 0;
  while (!free_households.empty()) {
    const int h = free_households.front();
    free_households.pop_front();
    while (holding[h] < household_room[h] && next[h] < list[h].size()) {
      if ((++proposals & 0xFFFF) == 0) {
        if (absl::Status s = CheckControl(control); !s.ok()) return s;
      }
      const int index = list[h][next[h]++];
      const int o = pairs[index].offer;
      auto& queue = held[o];
      if (static_cast<int>(queue.size()) < offer_room[o]) {
        queue.push(index);
        ++holding[h];
      } else if (offer_room[o] > 0 && OfferPrefers(pairs[index], pairs[queue.top()])) {
        const int evicted = queue.top();
        queue.pop();
        queue.push(index);
        ++holding[h];
        const int loser = pairs[evicted].household;
        if (--holding[loser] < household_room[loser]) free_households.push_back(loser);
      }
    }
  }
  for (int index : instance.fixed) solution.chosen.push_back(index);
  for (auto& queue : held) {
    while (!queue.empty()) {
      solution.chosen.push_back(queue.top());
      queue.pop();
    }
  }
  std::sort(solution.chosen.begin(), solution.chosen.end());
  solution.chosen.erase(std::unique(solution.chosen.begin(), solution.chosen.end()),
                        solution.chosen.end());
  for (int index : solution.chosen) solution.total_weight += pairs[index].weight;
  solution.upper_bound = solution.total_weight;
  solution.method = "deferred acceptance (household-proposing)";
  return solution;
}

int CountBlockingPairs(const CampaignInstance& instance, absl::Span<const int> chosen) {
  const std::vector<CampaignPair>& pairs = instance.pairs;
  std::vector<bool> in_plan(pairs.size(), false);
  std::vector<int> household_count(instance.households, 0), offer_count(instance.offers, 0);
  std::vector<int> household_worst(instance.households, -1), offer_worst(instance.offers, -1);
  for (int index : chosen) {
    in_plan[index] = true;
    const CampaignPair& p = pairs[index];
    ++household_count[p.household];
    ++offer_count[p.offer];
    int& hw = household_worst[p.household];
    if (hw < 0 || HouseholdPrefers(pairs[hw], p)) hw = index;
    int& ow = offer_worst[p.offer];
    if (ow < 0 || OfferPrefers(pairs[ow], p)) ow = index;
  }
  int blocking = 0;
  for (int i = 0; i < static_cast<int>(pairs.size()); ++i) {
    if (in_plan[i]) continue;
    const CampaignPair& p = pairs[i];
    const bool household_would =
        household_count[p.household] < instance.household_capacity[p.household] ||
        (household_worst[p.household] >= 0 &&
         HouseholdPrefers(p, pairs[household_worst[p.household]]));
    const bool offer_would =
        offer_count[p.offer] < instance.offer_capacity[p.offer] ||
        (offer_worst[p.offer] >= 0 && OfferPrefers(p, pairs[offer_worst[p.offer]]));
    blocking += household_would && offer_would;
  }
  return blocking;
}

}  // namespace matching::matcher
