// Stable campaign plans: many-to-many household-proposing deferred acceptance with couples
// introduced one at a time (Roth–Peranson), and the blocking-pair count.
#include "matcher/stable_matching.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace matching::matcher {
namespace {

// The household's strict order: higher own side score first, then lower post index.
bool HouseholdPrefers(const CampaignPair& a, const CampaignPair& b) {
  if (a.candidate_score != b.candidate_score) return a.candidate_score > b.candidate_score;
  return a.offer < b.offer;
}

// A place held at a post: the post's side score of that applicant, the household, the pair.
struct Slot {
  double score = 0;
  int household = 0;
  int pair = 0;
};
// The post's strict order: higher side score, then lower household index, then lower pair.
bool PostPrefers(const Slot& a, const Slot& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.household != b.household) return a.household < b.household;
  return a.pair < b.pair;
}
struct WorstFirst {
  bool operator()(const Slot& a, const Slot& b) const { return PostPrefers(b, a); }
};

Slot SlotAt(const std::vector<CampaignPair>& pairs, int index, int post) {
  const CampaignPair& p = pairs[index];
  return {post == p.offer ? p.territory_score : p.partner_territory_score, p.household, index};
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

// The state of the procedure: what each post holds and each household holds.
class Engine {
 public:
  explicit Engine(const CampaignInstance& instance)
      : pairs_(instance.pairs),
        household_room_(instance.household_capacity),
        post_room_(instance.offer_capacity),
        held_(instance.offers),
        holding_(pairs_.size(), false),
        fixed_(pairs_.size(), false),
        list_(instance.households),
        at_post_(instance.offers),
        queued_(instance.households, false) {
    for (int index : instance.fixed) {
      if (fixed_[index]) continue;
      fixed_[index] = true;
      --household_room_[pairs_[index].household];
      for (int post : Posts(index)) --post_room_[post];
    }
    for (int i = 0; i < static_cast<int>(pairs_.size()); ++i) {
      if (fixed_[i]) continue;
      list_[pairs_[i].household].push_back(i);
      for (int post : Posts(i)) at_post_[post].push_back(pairs_[i].household);
    }
    for (auto& l : list_) {
      std::sort(l.begin(), l.end(),
                [&](int a, int b) { return HouseholdPrefers(pairs_[a], pairs_[b]); });
    }
    for (auto& l : at_post_) {
      std::sort(l.begin(), l.end());
      l.erase(std::unique(l.begin(), l.end()), l.end());
    }
  }

  void Enqueue(int h) {
    if (queued_[h]) return;
    queued_[h] = true;
    queue_.push_back(h);
  }

  // Runs until no household would change what it holds, or `budget` best responses.
  // Returns false when the budget ran out.
  absl::StatusOr<bool> Settle(int64_t& budget, const CampaignControl& control) {
    while (!queue_.empty()) {
      if (budget-- <= 0) return false;
      if ((++steps_ & 0x3FFF) == 0) {
        if (absl::Status s = CheckControl(control); !s.ok()) return s;
      }
      const int h = queue_.front();
      queue_.pop_front();
      queued_[h] = false;
      BestResponse(h);
    }
    return true;
  }

  std::vector<int> Chosen() const {
    std::vector<int> chosen;
    for (int i = 0; i < static_cast<int>(pairs_.size()); ++i) {
      if (holding_[i] || fixed_[i]) chosen.push_back(i);
    }
    return chosen;
  }

 private:
  std::vector<int> Posts(int index) const {
    const CampaignPair& p = pairs_[index];
    if (p.partner_offer >= 0) return {p.offer, p.partner_offer};
    return {p.offer};
  }

  // The place `index` would displace at `post`: none needed (room), or the post's worst
  // place held by another household when the post prefers `index` to it. A household never
  // displaces its own proposal.
  // Returns -2 when the post would not take it, -1 when it has room, else the pair to displace.
  int WouldTake(int post, int index) const {
    const auto& held = held_[post];
    if (static_cast<int>(held.size()) < post_room_[post]) return -1;
    if (post_room_[post] <= 0) return -2;
    const Slot mine = SlotAt(pairs_, index, post);
    for (const Slot& slot : held) {  // worst first
      if (slot.household == mine.household) continue;
      return PostPrefers(mine, slot) ? slot.pair : -2;
    }
    return -2;
  }

  // Removes the pair from every post that holds it; posts left with a free place wake the
  // households that could use it (except `except`).
  void Release(int index, int except_post, int except_household) {
    holding_[index] = false;
    for (int post : Posts(index)) {
      held_[post].erase(SlotAt(pairs_, index, post));
      if (post == except_post) continue;
      for (int h : at_post_[post]) {
        if (h != except_household) Enqueue(h);
      }
    }
  }

  // Household h takes, best first, every pair whose posts would take it now, up to its room;
  // pairs it held beyond its room are let go.
  void BestResponse(int h) {
    int taken = 0;
    for (int index : list_[h]) {
      if (holding_[index]) {
        if (taken < household_room_[h]) {
          ++taken;
        } else {
          Release(index, -1, h);
        }
        continue;
      }
      if (taken >= household_room_[h]) continue;
      const std::vector<int> posts = Posts(index);
      bool all = true;
      for (int post : posts) all = all && WouldTake(post, index) != -2;
      if (!all) continue;
      for (int post : posts) {
        // Asked again: displacing at the first post may have freed a place at the second.
        const int d = WouldTake(post, index);
        if (d >= 0) {
          Release(d, post, -1);
          Enqueue(pairs_[d].household);
        }
      }
      holding_[index] = true;
      for (int post : posts) held_[post].insert(SlotAt(pairs_, index, post));
      ++taken;
    }
  }

  const std::vector<CampaignPair>& pairs_;
  std::vector<int> household_room_;
  std::vector<int> post_room_;
  std::vector<std::set<Slot, WorstFirst>> held_;
  std::vector<bool> holding_;
  std::vector<bool> fixed_;
  std::vector<std::vector<int>> list_;     // per household, its free pairs best first
  std::vector<std::vector<int>> at_post_;  // per post, the households with a pair there
  std::vector<bool> queued_;
  std::deque<int> queue_;
  int64_t steps_ = 0;
};

}  // namespace

absl::StatusOr<CampaignSolution> PlanStable(const CampaignInstance& instance,
                                            const CampaignControl& control) {
  if (absl::Status s = ValidateCampaignInstance(instance); !s.ok()) return s;
  if (absl::Status s = CheckControl(control); !s.ok()) return s;
  std::vector<bool> couple(instance.households, false);
  for (const CampaignPair& p : instance.pairs) {
    if (p.partner_offer >= 0) couple[p.household] = true;
  }
  Engine engine(instance);
  int64_t budget = kStableStepsPerPair * static_cast<int64_t>(instance.pairs.size()) +
                   static_cast<int64_t>(instance.households) + 1000;
  // Singles first: plain deferred acceptance (no place is ever freed, so this is
  // Gale–Shapley's outcome whatever the order).
  for (int h = 0; h < instance.households; ++h) {
    if (!couple[h]) engine.Enqueue(h);
  }
  absl::StatusOr<bool> settled = engine.Settle(budget, control);
  int couples = 0;
  // Then the couples one at a time, each settling before the next (Roth–Peranson).
  for (int h = 0; h < instance.households && settled.ok() && *settled; ++h) {
    if (!couple[h]) continue;
    ++couples;
    engine.Enqueue(h);
    settled = engine.Settle(budget, control);
  }
  if (!settled.ok()) return settled.status();
  CampaignSolution solution;
  solution.chosen = engine.Chosen();
  for (int index : solution.chosen) solution.total_weight += instance.pairs[index].weight;
  solution.upper_bound = solution.total_weight;
  solution.settled = *settled;
  solution.method = "deferred acceptance (household-proposing)";
  if (couples > 0) {
    absl::StrAppend(&solution.method, ", ", couples,
                    " couples introduced one at a time (Roth-Peranson)");
  }
  if (!*settled) absl::StrAppend(&solution.method, "; stopped unsettled at its step budget");
  return solution;
}

int CountBlockingPairs(const CampaignInstance& instance, absl::Span<const int> chosen) {
  const std::vector<CampaignPair>& pairs = instance.pairs;
  std::vector<bool> in_plan(pairs.size(), false);
  std::vector<int> household_count(instance.households, 0), post_count(instance.offers, 0);
  std::vector<int> household_worst(instance.households, -1);
  // Per post: its worst place, and its worst place held by another household than that one.
  std::vector<std::optional<Slot>> worst(instance.offers), worst_other(instance.offers);
  for (int index : chosen) {
    in_plan[index] = true;
    const CampaignPair& p = pairs[index];
    ++household_count[p.household];
    int& hw = household_worst[p.household];
    if (hw < 0 || HouseholdPrefers(pairs[hw], p)) hw = index;
    for (int post : {p.offer, p.partner_offer}) {
      if (post < 0) continue;
      ++post_count[post];
      const Slot slot = SlotAt(pairs, index, post);
      std::optional<Slot>& w = worst[post];
      std::optional<Slot>& o = worst_other[post];
      if (!w || PostPrefers(*w, slot)) {
        if (w && w->household != slot.household)
          o = w;
        else if (o && o->household == slot.household)
          o.reset();
        w = slot;
      } else if (slot.household != w->household && (!o || PostPrefers(*o, slot))) {
        o = slot;
      }
    }
  }
  int blocking = 0;
  for (int i = 0; i < static_cast<int>(pairs.size()); ++i) {
    if (in_plan[i]) continue;
    const CampaignPair& p = pairs[i];
    const bool household_would =
        household_count[p.household] < instance.household_capacity[p.household] ||
        (household_worst[p.household] >= 0 &&
         HouseholdPrefers(p, pairs[household_worst[p.household]]));
    bool posts_would = household_would;
    for (int post : {p.offer, p.partner_offer}) {
      if (post < 0 || !posts_would) continue;
      if (post_count[post] < instance.offer_capacity[post]) continue;
      const Slot mine = SlotAt(pairs, i, post);
      const std::optional<Slot>& w =
          worst[post] && worst[post]->household != p.household ? worst[post] : worst_other[post];
      posts_would = w && PostPrefers(mine, *w);
    }
    blocking += household_would && posts_would;
  }
  return blocking;
}

}  // namespace matching::matcher
