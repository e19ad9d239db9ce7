// A mutable interview schedule for the planner's search and heuristic: who is where in
// each slot, the objective M * served + values kept up to date, and a journal so that
// any sequence of changes can be undone exactly (Rollback).
// Not thread-safe; the caller serialises.
#ifndef MATCHER_EVENT_PLAN_SCHEDULE_H_
#define MATCHER_EVENT_PLAN_SCHEDULE_H_

#include <cstdint>
#include <vector>

#include "matcher/event_plan.h"
#include "matcher/event_plan_internal.h"

namespace matching::matcher::internal {

class Schedule {
 public:
  // Empty schedule; `instance` must outlive it.
  explicit Schedule(const PlanInstance& instance);

  // The pair's slot, or -1 when the pair does not meet.
  int SlotOf(int registrant, int booth) const { return pair_slot_[PairIndex(registrant, booth)]; }
  // The booth the registrant is at in `slot`, or -1.
  int BoothAt(int registrant, int slot) const {
    return registrant_booth_[RegSlot(registrant, slot)];
  }
  // Registrants at the booth in `slot`.
  const std::vector<int>& Guests(int booth, int slot) const {
    return booth_guests_[BoothSlot(booth, slot)];
  }
  int Count(int registrant) const { return registrant_count_[registrant]; }
  bool Fixed(int registrant, int booth) const { return fixed_[PairIndex(registrant, booth)]; }
  int64_t Objective() const { return objective_; }

  // The registrant may take one more interview, and not a second one with this booth.
  bool CanAdd(int registrant, int booth) const {
    return registrant_count_[registrant] < instance_->registrant_limit[registrant] &&
           SlotOf(registrant, booth) < 0 && instance_->Value(registrant, booth) >= 0;
  }
  // Both are available and free (the booth has room) in `slot`.
  bool Fits(int registrant, int booth, int slot) const {
    return instance_->RegistrantAvailable(registrant, slot) &&
           instance_->BoothAvailable(booth, slot) && BoothAt(registrant, slot) < 0 &&
           static_cast<int>(Guests(booth, slot).size()) <
               instance_->problem->booths[booth].capacity;
  }

  // Adds (registrant, booth, slot); requires CanAdd and Fits. A fixed interview is a
  // kept one: the heuristic never moves it.
  void Add(int registrant, int booth, int slot, bool fixed = false);
  void Remove(int registrant, int booth);

  // Journal position to return to with Rollback.
  size_t Mark() const { return journal_.size(); }
  void Rollback(size_t mark);

  // Sorted by (slot, booth, registrant), scores from the problem.
  std::vector<PlannedInterview> Interviews() const;

 private:
  struct Change {
    bool added;
    int registrant;
    int booth;
    int slot;
  };

  size_t PairIndex(int registrant, int booth) const {
    return static_cast<size_t>(registrant) * instance_->booth_count + booth;
  }
  size_t RegSlot(int registrant, int slot) const {
    return static_cast<size_t>(registrant) * instance_->slot_count + slot;
  }
  size_t BoothSlot(int booth, int slot) const {
    return static_cast<size_t>(booth) * instance_->slot_count + slot;
  }
  void Apply(bool add, int registrant, int booth, int slot);

  const PlanInstance* instance_;
  std::vector<int> pair_slot_;
  std::vector<char> fixed_;
  std::vector<int> registrant_booth_;
  std::vector<std::vector<int>> booth_guests_;
  std::vector<int> registrant_count_;
  int64_t objective_ = 0;
  std::vector<Change> journal_;
};

}  // namespace matching::matcher::internal

#endif  // MATCHER_EVENT_PLAN_SCHEDULE_H_
