// Exact branch and bound for small interview-planning problems: each candidate pair
// is placed in one of its feasible slots or skipped, pruned by an optimistic bound.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "matcher/event_plan.h"
#include "matcher/event_plan_internal.h"
#include "matcher/event_plan_schedule.h"

namespace matching::matcher::internal {
namespace {

class ExactSearch {
 public:
  ExactSearch(const PlanInstance& instance, int64_t max_nodes, Schedule& schedule,
              std::vector<PlannedInterview>* best, int64_t* best_objective, WorkBudget& budget)
      : instance_(instance),
        budget_(budget),
        max_nodes_(max_nodes),
        schedule_(schedule),
        best_(best),
        best_objective_(best_objective),
        order_(instance.candidates.size()),
        taken_(instance.registrant_count, 0) {
    // Best pairs first: the first leaves reached are good plans, which sharpens pruning.
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      return instance.candidates[a].value > instance.candidates[b].value;
    });
  }

  bool Run() {
    Visit(0);
    return !aborted_;
  }

 private:
  void Visit(size_t depth) {
    // Optimism reads every pair: a node costs one unit per pair.
    if (++nodes_ > max_nodes_ || !budget_.Spend(1 + static_cast<int64_t>(order_.size()))) {
      aborted_ = true;
      return;
    }
    if (schedule_.Objective() > *best_objective_) {
      *best_objective_ = schedule_.Objective();
      *best_ = schedule_.Interviews();
    }
    if (depth == order_.size()) return;
    if (schedule_.Objective() + Optimism(depth) <= *best_objective_) return;
    const CandidatePair& pair = instance_.candidates[order_[depth]];
    if (schedule_.CanAdd(pair.registrant, pair.booth)) {
      for (int slot = 0; slot < instance_.slot_count; ++slot) {
        if (!schedule_.Fits(pair.registrant, pair.booth, slot)) continue;
        const size_t mark = schedule_.Mark();
        schedule_.Add(pair.registrant, pair.booth, slot);
        Visit(depth + 1);
        schedule_.Rollback(mark);
        if (aborted_) return;
      }
    }
    Visit(depth + 1);
  }

  // What the pairs from `depth` on could still add: per registrant its best pairs up to
  // its remaining room, counting only pairs with a slot free now (slots only fill up
  // further down the tree), plus the served bonus for a registrant not yet served.
  int64_t Optimism(size_t depth) {
    int64_t optimism = 0;
    touched_.clear();
    for (size_t i = depth; i < order_.size(); ++i) {
      const CandidatePair& pair = instance_.candidates[order_[i]];
      const int r = pair.registrant;
      if (!schedule_.CanAdd(r, pair.booth)) continue;
      if (schedule_.Count(r) + taken_[r] >= instance_.registrant_limit[r]) continue;
      if (!AnySlotFits(r, pair.booth)) continue;
      if (taken_[r]++ == 0) {
        touched_.push_back(r);
        if (schedule_.Count(r) == 0) optimism += instance_.served_bonus;
      }
      optimism += pair.value;
    }
    for (int r : touched_) taken_[r] = 0;
    return optimism;
  }

  bool AnySlotFits(int registrant, int booth) const {
    for (int slot = 0; slot < instance_.slot_count; ++slot) {
      if (schedule_.Fits(registrant, booth, slot)) return true;
    }
    return false;
  }

  const PlanInstance& instance_;
  WorkBudget& budget_;
  const int64_t max_nodes_;
  Schedule& schedule_;
  std::vector<PlannedInterview>* best_;
  int64_t* best_objective_;
  std::vector<int> order_;  // candidate indices, best value first
  std::vector<int> taken_;  // per registrant, scratch for Optimism
  std::vector<int> touched_;
  int64_t nodes_ = 0;
  bool aborted_ = false;
};

}  // namespace

bool SearchExact(const PlanInstance& instance, int64_t max_nodes, Schedule& schedule,
                 std::vector<PlannedInterview>* best, int64_t* best_objective, WorkBudget& budget) {
  return ExactSearch(instance, max_nodes, schedule, best, best_objective, budget).Run();
}

}  // namespace matching::matcher::internal
