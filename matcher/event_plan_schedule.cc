#include "matcher/event_plan_schedule.h"

#include <algorithm>
#include <vector>

namespace matching::matcher::internal {

Schedule::Schedule(const PlanInstance& instance)
    : instance_(&instance),
      pair_slot_(static_cast<size_t>(instance.registrant_count) * instance.booth_count, -1),
      fixed_(pair_slot_.size(), 0),
      registrant_booth_(static_cast<size_t>(instance.registrant_count) * instance.slot_count, -1),
      booth_guests_(static_cast<size_t>(instance.booth_count) * instance.slot_count),
      registrant_count_(instance.registrant_count, 0) {}

void Schedule::Add(int registrant, int booth, int slot, bool fixed) {
  fixed_[PairIndex(registrant, booth)] = fixed;
  Apply(true, registrant, booth, slot);
  journal_.push_back({true, registrant, booth, slot});
}

void Schedule::Remove(int registrant, int booth) {
  const int slot = SlotOf(registrant, booth);
  Apply(false, registrant, booth, slot);
  journal_.push_back({false, registrant, booth, slot});
}

void Schedule::Rollback(size_t mark) {
  while (journal_.size() > mark) {
    const Change change = journal_.back();
    journal_.pop_back();
    Apply(!change.added, change.registrant, change.booth, change.slot);
  }
}

void Schedule::Apply(bool add, int registrant, int booth, int slot) {
  const int64_t value = instance_->Value(registrant, booth);
  std::vector<int>& guests = booth_guests_[BoothSlot(booth, slot)];
  int& count = registrant_count_[registrant];
  if (add) {
    pair_slot_[PairIndex(registrant, booth)] = slot;
    registrant_booth_[RegSlot(registrant, slot)] = booth;
    guests.push_back(registrant);
    if (count++ == 0) objective_ += instance_->served_bonus;
    objective_ += value;
  } else {
    pair_slot_[PairIndex(registrant, booth)] = -1;
    registrant_booth_[RegSlot(registrant, slot)] = -1;
    guests.erase(std::find(guests.begin(), guests.end(), registrant));
    if (--count == 0) objective_ -= instance_->served_bonus;
    objective_ -= value;
  }
}

std::vector<PlannedInterview> Schedule::Interviews() const {
  std::vector<PlannedInterview> interviews;
  for (int slot = 0; slot < instance_->slot_count; ++slot) {
    for (int booth = 0; booth < instance_->booth_count; ++booth) {
      std::vector<int> guests = Guests(booth, slot);
      std::sort(guests.begin(), guests.end());
      for (int registrant : guests) {
        interviews.push_back(
            {registrant, booth, slot, instance_->problem->score(registrant, booth)});
      }
    }
  }
  return interviews;
}

}  // namespace matching::matcher::internal
