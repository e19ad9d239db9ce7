// The planner's heuristic for problems with availability limits or kept interviews:
// place the flow relaxation's pairs, then fill and improve greedily. Every step is a
// deterministic scan in a fixed order; every tentative change is undone by Rollback.
// Work (event_plan.h, "The work budget"): one unit per slot examined; the budget is
// checked between placements, so the schedule is always a whole, feasible plan.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "matcher/event_plan_internal.h"
#include "matcher/event_plan_schedule.h"

namespace matching::matcher::internal {
namespace {

class Heuristic {
 public:
  Heuristic(const PlanInstance& instance, Schedule& schedule, WorkBudget& budget)
      : instance_(instance), schedule_(schedule), budget_(budget) {}

  void Run(const Relaxation& relaxation) {
    const bool everyone_once = instance_.served_bonus > 0;
    std::vector<int> relaxed = ByValue(relaxation.chosen);
    std::vector<int> all(instance_.candidates.size());
    std::iota(all.begin(), all.end(), 0);
    all = ByValue(all);
    if (everyone_once) {
      // Each registrant's best relaxed pair first, so that nobody is crowded out by
      // another registrant's third interview.
      std::vector<char> seen(instance_.registrant_count, 0);
      for (int i : relaxed) {
        const CandidatePair& pair = instance_.candidates[i];
        if (budget_.stopped()) return;
        if (seen[pair.registrant]++ == 0) PlaceWithMoves(pair.registrant, pair.booth);
      }
    }
    for (int i : relaxed) {
      if (budget_.stopped()) return;
      PlaceWithMoves(Pair(i).registrant, Pair(i).booth);
    }
    for (int pass = everyone_once ? 0 : 1; pass < 2; ++pass) {
      // Pass 0 serves registrants still without an interview, pass 1 adds what fits; each
      // first only where a slot is free (a few units a pair), then with moves (up to
      // slots^2 units a pair): when every registrant prefers the same few booths, moves
      // around those full booths would spend the budget before most are served.
      for (const bool moves : {false, true}) {
        for (int i : all) {
          if (budget_.stopped()) return;
          if (pass == 0 && schedule_.Count(Pair(i).registrant) > 0) continue;
          if (moves) {
            PlaceWithMoves(Pair(i).registrant, Pair(i).booth);
          } else {
            PlaceInFreeSlot(Pair(i).registrant, Pair(i).booth);
          }
        }
      }
    }
    for (int round = 0; round < kImprovementRounds; ++round) {
      bool improved = false;
      for (int i : all) {
        if (budget_.stopped()) return;
        if (schedule_.SlotOf(Pair(i).registrant, Pair(i).booth) < 0) improved |= Replace(Pair(i));
      }
      if (!improved) break;
    }
  }

 private:
  static constexpr int kImprovementRounds = 2;

  const CandidatePair& Pair(int i) const { return instance_.candidates[i]; }

  // Candidate indices by decreasing value, ties by index.
  std::vector<int> ByValue(std::vector<int> indices) const {
    std::stable_sort(indices.begin(), indices.end(),
                     [&](int a, int b) { return Pair(a).value > Pair(b).value; });
    return indices;
  }

  bool BothAvailable(int registrant, int booth, int slot) const {
    return instance_.RegistrantAvailable(registrant, slot) && instance_.BoothAvailable(booth, slot);
  }

  bool BoothFull(int booth, int slot) const {
    return static_cast<int>(schedule_.Guests(booth, slot).size()) >=
           instance_.problem->booths[booth].capacity;
  }

  // A free common slot, preferring the one where the booth has most room left (keeps
  // scarce slots of full booths for others); -1 when none.
  int FreeSlot(int registrant, int booth, int avoid_slot = -1) {
    budget_.Spend(instance_.slot_count);
    int best = -1;
    size_t best_load = 0;
    for (int slot = 0; slot < instance_.slot_count; ++slot) {
      if (slot == avoid_slot || !schedule_.Fits(registrant, booth, slot)) continue;
      const size_t load = schedule_.Guests(booth, slot).size();
      if (best < 0 || load < best_load) {
        best = slot;
        best_load = load;
      }
    }
    return best;
  }

  // Moves the pair's interview out of `slot` into another free slot of both.
  bool Relocate(int registrant, int booth, int slot) {
    if (schedule_.Fixed(registrant, booth)) return false;
    const size_t mark = schedule_.Mark();
    schedule_.Remove(registrant, booth);
    const int other = FreeSlot(registrant, booth, slot);
    if (other < 0) {
      schedule_.Rollback(mark);
      return false;
    }
    schedule_.Add(registrant, booth, other);
    return true;
  }

  // Places the pair in a free common slot, if any.
  bool PlaceInFreeSlot(int registrant, int booth) {
    if (!schedule_.CanAdd(registrant, booth)) return false;
    const int slot = FreeSlot(registrant, booth);
    if (slot < 0) return false;
    schedule_.Add(registrant, booth, slot);
    return true;
  }

  // Places the pair in a free common slot, or frees one by relocating the registrant's
  // interview there and/or one of the booth's interviews there.
  bool PlaceWithMoves(int registrant, int booth) {
    if (!schedule_.CanAdd(registrant, booth)) return false;
    if (const int slot = FreeSlot(registrant, booth); slot >= 0) {
      schedule_.Add(registrant, booth, slot);
      return true;
    }
    budget_.Spend(instance_.slot_count);
    for (int slot = 0; slot < instance_.slot_count; ++slot) {
      if (!BothAvailable(registrant, booth, slot)) continue;
      const size_t mark = schedule_.Mark();
      const int busy_at = schedule_.BoothAt(registrant, slot);
      bool freed = busy_at < 0 || Relocate(registrant, busy_at, slot);
      if (freed && BoothFull(booth, slot)) {
        freed = false;
        const std::vector<int> guests = schedule_.Guests(booth, slot);
        for (int guest : guests) {
          if (Relocate(guest, booth, slot)) {
            freed = true;
            break;
          }
        }
      }
      if (freed && schedule_.Fits(registrant, booth, slot)) {
        schedule_.Add(registrant, booth, slot);
        return true;
      }
      schedule_.Rollback(mark);
    }
    return false;
  }

  // The cheapest movable interview of the registrant (any slot) or of the booth in
  // `slot`; {-1, -1} when none.
  std::pair<int, int> Cheapest(const std::vector<std::pair<int, int>>& interviews) const {
    std::pair<int, int> cheapest = {-1, -1};
    for (const auto& [registrant, booth] : interviews) {
      if (schedule_.Fixed(registrant, booth)) continue;
      if (cheapest.first < 0 ||
          instance_.Value(registrant, booth) < instance_.Value(cheapest.first, cheapest.second)) {
        cheapest = {registrant, booth};
      }
    }
    return cheapest;
  }

  // Makes room for the unplaced pair in some slot by removing interviews in its way
  // (the registrant's there or its cheapest when at its limit, the booth's cheapest
  // there), then re-places the removed ones where they fit. Kept only if the objective
  // rises.
  bool Replace(const CandidatePair& pair) {
    const int r = pair.registrant;
    const int b = pair.booth;
    if (schedule_.SlotOf(r, b) >= 0) return false;
    // The registrant's cheapest movable interview, when at its limit: the same in every
    // slot's attempt (each is rolled back), so found once. None movable (all kept): no
    // attempt can make room.
    const bool at_limit = schedule_.Count(r) >= instance_.registrant_limit[r];
    std::pair<int, int> cheapest_own = {-1, -1};
    budget_.Spend(instance_.slot_count);
    if (at_limit) {
      std::vector<std::pair<int, int>> own;
      for (int other = 0; other < instance_.slot_count; ++other) {
        if (schedule_.BoothAt(r, other) >= 0) own.emplace_back(r, schedule_.BoothAt(r, other));
      }
      cheapest_own = Cheapest(own);
      if (cheapest_own.first < 0) return false;
    }
    for (int slot = 0; slot < instance_.slot_count; ++slot) {
      if (!BothAvailable(r, b, slot)) continue;
      budget_.Spend(1);
      const int64_t before = schedule_.Objective();
      const size_t mark = schedule_.Mark();
      std::vector<std::pair<int, int>> removed;
      auto remove = [&](std::pair<int, int> interview) {
        if (interview.first < 0) return false;
        schedule_.Remove(interview.first, interview.second);
        removed.push_back(interview);
        return true;
      };
      bool blocked = false;
      if (const int there = schedule_.BoothAt(r, slot); there >= 0) {
        blocked = !remove(Cheapest({{r, there}}));
      } else if (at_limit) {
        blocked = !remove(cheapest_own);
      }
      if (!blocked && BoothFull(b, slot)) {
        std::vector<std::pair<int, int>> guests;
        for (int guest : schedule_.Guests(b, slot)) guests.emplace_back(guest, b);
        std::sort(guests.begin(), guests.end());
        blocked = !remove(Cheapest(guests));
      }
      if (!blocked && schedule_.CanAdd(r, b) && schedule_.Fits(r, b, slot)) {
        schedule_.Add(r, b, slot);
        for (const auto& [registrant, booth] : removed) PlaceWithMoves(registrant, booth);
        if (schedule_.Objective() > before) return true;
      }
      schedule_.Rollback(mark);
    }
    return false;
  }

  const PlanInstance& instance_;
  Schedule& schedule_;
  WorkBudget& budget_;
};

}  // namespace

void PlanHeuristically(const PlanInstance& instance, const Relaxation& relaxation,
                       Schedule& schedule, WorkBudget& budget) {
  Heuristic(instance, schedule, budget).Run(relaxation);
}

}  // namespace matching::matcher::internal
