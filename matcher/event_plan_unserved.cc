// ExplainUnserved: the first reason that holds for each registrant and booth left out.
#include "matcher/event_plan_unserved.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace matching::matcher {
namespace {

// The slots a side is available in, one bit each ("empty = every slot"), so that a
// registrant's pairs with every booth are checked in a few words each.
std::vector<uint64_t> Availability(const std::vector<int>& available, int slot_count) {
  std::vector<uint64_t> bits((slot_count + 63) / 64, 0);
  for (int s = 0; s < slot_count; ++s) {
    if (available.empty()) bits[s / 64] |= uint64_t{1} << (s % 64);
  }
  for (int s : available) {
    if (s >= 0 && s < slot_count) bits[s / 64] |= uint64_t{1} << (s % 64);
  }
  return bits;
}

bool ShareASlot(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  for (size_t w = 0; w < a.size() && w < b.size(); ++w) {
    if (a[w] & b[w]) return true;
  }
  return false;
}

// The reason for one side's index, over the other side's indices `others` (those not
// hidden), given how to read each pair.
Unserved Classify(int index, const std::vector<int>& others,
                  const std::function<PairBar(int)>& bar_with,
                  const std::function<double(int)>& best_with,
                  const std::function<bool(int)>& share_slot_with) {
  Unserved out;
  out.index = index;
  std::vector<int> of_profession, within_limits, may_meet, with_slot;
  for (int other : others) {
    const PairBar bar = bar_with(other);
    if (bar == PairBar::kNoProfessionMatch) continue;
    of_profession.push_back(other);
    if (bar == PairBar::kBeyondLimits) continue;
    within_limits.push_back(other);
    if (bar == PairBar::kBelowMinScore) continue;
    may_meet.push_back(other);
    if (share_slot_with(other)) with_slot.push_back(other);
  }
  auto best_of = [&](const std::vector<int>& set) {
    double best = 0;
    for (int other : set) best = std::max(best, best_with(other));
    return best;
  };
  if (of_profession.empty()) {
    out.reason = UnservedReason::kNoProfessionMatch;
  } else if (within_limits.empty()) {
    out.reason = UnservedReason::kBeyondLimits;
    out.concerned = std::move(of_profession);
  } else if (may_meet.empty()) {
    out.reason = UnservedReason::kBelowMinScore;
    out.best_score = best_of(within_limits);
    out.concerned = std::move(within_limits);
  } else if (with_slot.empty()) {
    out.reason = UnservedReason::kNoCommonSlot;
    out.concerned = std::move(may_meet);
  } else {
    out.reason = UnservedReason::kCapacity;
    out.best_score = best_of(with_slot);
    out.concerned = std::move(with_slot);
  }
  return out;
}

}  // namespace

UnservedReport ExplainUnserved(const PlanProblem& problem, const PairVerdicts& verdicts,
                               const std::vector<PlannedInterview>& interviews) {
  const int registrants = static_cast<int>(problem.registrants.size());
  const int booths = static_cast<int>(problem.booths.size());
  const size_t pairs = static_cast<size_t>(registrants) * booths;
  const bool sized = verdicts.bars.size() == pairs && verdicts.best_within_limits.size() == pairs &&
                     verdicts.registrant_hidden.size() == static_cast<size_t>(registrants) &&
                     verdicts.booth_without_offer.size() == static_cast<size_t>(booths);
  auto bar = [&](int r, int b) {
    return sized ? verdicts.bars[static_cast<size_t>(r) * booths + b] : PairBar::kNone;
  };
  auto best = [&](int r, int b) {
    return sized ? verdicts.best_within_limits[static_cast<size_t>(r) * booths + b] : -1.0;
  };
  auto hidden = [&](int r) { return sized && verdicts.registrant_hidden[r]; };

  std::vector<char> registrant_met(registrants, 0), booth_met(booths, 0);
  for (const PlannedInterview& i : interviews) {
    if (i.registrant >= 0 && i.registrant < registrants) registrant_met[i.registrant] = 1;
    if (i.booth >= 0 && i.booth < booths) booth_met[i.booth] = 1;
  }
  std::vector<std::vector<uint64_t>> registrant_slots, booth_slots;
  for (const PlanRegistrant& r : problem.registrants) {
    registrant_slots.push_back(Availability(r.available_slots, problem.slot_count));
  }
  for (const PlanBooth& b : problem.booths) {
    booth_slots.push_back(Availability(b.available_slots, problem.slot_count));
  }

  UnservedReport report;
  std::vector<int> all_booths, visible_registrants;
  for (int b = 0; b < booths; ++b) all_booths.push_back(b);
  for (int r = 0; r < registrants; ++r) {
    if (!hidden(r)) visible_registrants.push_back(r);
  }
  for (int r = 0; r < registrants; ++r) {
    if (registrant_met[r]) continue;
    if (hidden(r)) {
      report.registrants.push_back({r, UnservedReason::kNotVisible, {}, 0});
      continue;
    }
    report.registrants.push_back(Classify(
        r, all_booths, [&](int b) { return bar(r, b); }, [&](int b) { return best(r, b); },
        [&](int b) { return ShareASlot(registrant_slots[r], booth_slots[b]); }));
  }
  for (int b = 0; b < booths; ++b) {
    if (booth_met[b]) continue;
    if (sized && verdicts.booth_without_offer[b]) {
      report.booths.push_back({b, UnservedReason::kNoOffer, {}, 0});
      continue;
    }
    report.booths.push_back(Classify(
        b, visible_registrants, [&](int r) { return bar(r, b); }, [&](int r) { return best(r, b); },
        [&](int r) { return ShareASlot(registrant_slots[r], booth_slots[b]); }));
  }
  return report;
}

}  // namespace matching::matcher
