// Validation of a PlanProblem and the independent plan checker (CheckPlan).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_internal.h"

namespace matching::matcher {
namespace internal {
namespace {

// Marks `slots` in `available` (row of slot_count); empty means every slot.
absl::Status ReadAvailability(const std::vector<int>& slots, int slot_count,
                              const std::string& field, char* available) {
  if (slots.empty()) {
    std::fill(available, available + slot_count, 1);
    return absl::OkStatus();
  }
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] < 0 || slots[i] >= slot_count) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s[%d] is %d; slots are 0..%d", field, i, slots[i], slot_count - 1));
    }
    available[slots[i]] = 1;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PlanInstance> BuildInstance(const PlanProblem& problem) {
  PlanInstance instance;
  instance.problem = &problem;
  const int slots = problem.slot_count;
  if (slots < 0) {
    return absl::InvalidArgumentError(absl::StrFormat("slot_count is %d; must be >= 0", slots));
  }
  instance.slot_count = slots;
  instance.registrant_count = static_cast<int>(problem.registrants.size());
  instance.booth_count = static_cast<int>(problem.booths.size());
  const size_t pairs = problem.registrants.size() * problem.booths.size();
  if (problem.scores.size() != pairs) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "scores has %d entries; expected registrants %d x booths %d = %d", problem.scores.size(),
        problem.registrants.size(), problem.booths.size(), pairs));
  }

  instance.booth_available.assign(problem.booths.size() * slots, 0);
  for (int b = 0; b < instance.booth_count; ++b) {
    const PlanBooth& booth = problem.booths[b];
    if (booth.capacity < 1) {
      return absl::InvalidArgumentError(
          absl::StrFormat("booths[%d].capacity is %d; must be >= 1", b, booth.capacity));
    }
    char* row = instance.booth_available.data() + static_cast<size_t>(b) * slots;
    absl::Status status = ReadAvailability(booth.available_slots, slots,
                                           absl::StrFormat("booths[%d].available_slots", b), row);
    if (!status.ok()) return status;
    const int64_t open = std::count(row, row + slots, 1);
    instance.availability_limited |= open < slots;
    instance.booth_limit.push_back(static_cast<int64_t>(booth.capacity) * open);
  }

  instance.registrant_available.assign(problem.registrants.size() * slots, 0);
  int64_t total_limit = 0;
  for (int r = 0; r < instance.registrant_count; ++r) {
    const PlanRegistrant& registrant = problem.registrants[r];
    if (registrant.max_interviews < 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "registrants[%d].max_interviews is %d; must be >= 0", r, registrant.max_interviews));
    }
    char* row = instance.registrant_available.data() + static_cast<size_t>(r) * slots;
    absl::Status status =
        ReadAvailability(registrant.available_slots, slots,
                         absl::StrFormat("registrants[%d].available_slots", r), row);
    if (!status.ok()) return status;
    const int open = static_cast<int>(std::count(row, row + slots, 1));
    instance.availability_limited |= open < slots;
    const int limit = std::min({registrant.max_interviews, open, instance.booth_count});
    instance.registrant_limit.push_back(limit);
    total_limit += limit;
  }

  instance.value.resize(pairs);
  for (size_t i = 0; i < pairs; ++i) {
    const double score = problem.scores[i];
    if (!std::isfinite(score) || score > 1) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "scores[%d] is %g; must be finite and <= 1 (< 0: the pair may not meet)", i, score));
    }
    instance.value[i] = score < 0 ? -1 : std::llround(score * kScoreScale);
  }

  // M * (registrants + 1) must stay far from int64 overflow in the flow and search.
  const int64_t max_values = total_limit * static_cast<int64_t>(kScoreScale);
  if (max_values > (std::numeric_limits<int64_t>::max() / 4) / (instance.registrant_count + 2)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("registrants: %d registrants with %d interviews in all is too large",
                        instance.registrant_count, total_limit));
  }
  if (problem.everyone_once) instance.served_bonus = max_values + 1;
  return instance;
}

void BuildCandidates(PlanInstance& instance) {
  const PlanProblem& problem = *instance.problem;
  std::vector<char> kept(instance.value.size(), 0);
  for (const PlannedInterview& interview : problem.kept) {
    kept[static_cast<size_t>(interview.registrant) * instance.booth_count + interview.booth] = 1;
  }
  for (int r = 0; r < instance.registrant_count; ++r) {
    for (int b = 0; b < instance.booth_count; ++b) {
      const size_t pair = static_cast<size_t>(r) * instance.booth_count + b;
      if (instance.value[pair] < 0 || kept[pair]) continue;
      for (int s = 0; s < instance.slot_count; ++s) {
        if (instance.RegistrantAvailable(r, s) && instance.BoothAvailable(b, s)) {
          instance.candidates.push_back({r, b, instance.value[pair]});
          break;
        }
      }
    }
  }
}

absl::Status CheckInterviews(const PlanInstance& instance,
                             const std::vector<PlannedInterview>& interviews,
                             const std::string& label) {
  const PlanProblem& problem = *instance.problem;
  const int slots = instance.slot_count;
  std::vector<int> booth_at(static_cast<size_t>(instance.registrant_count) * slots, -1);
  std::vector<int> load(static_cast<size_t>(instance.booth_count) * slots, 0);
  std::vector<int> slot_of_pair(instance.value.size(), -1);
  std::vector<int> count(instance.registrant_count, 0);
  for (size_t i = 0; i < interviews.size(); ++i) {
    const int r = interviews[i].registrant;
    const int b = interviews[i].booth;
    const int s = interviews[i].slot;
    auto error = [&](const std::string& what) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s[%d] (registrant %d, booth %d, slot %d): %s", label, i, r, b, s, what));
    };
    if (r < 0 || r >= instance.registrant_count) return error("no such registrant");
    if (b < 0 || b >= instance.booth_count) return error("no such booth");
    if (s < 0 || s >= slots) return error(absl::StrFormat("slots are 0..%d", slots - 1));
    if (problem.score(r, b) < 0) {
      return error(absl::StrFormat("score is %g; the pair may not meet", problem.score(r, b)));
    }
    if (!instance.RegistrantAvailable(r, s)) return error("registrant not available in slot");
    if (!instance.BoothAvailable(b, s)) return error("booth not available in slot");
    int& here = booth_at[static_cast<size_t>(r) * slots + s];
    if (here >= 0) return error(absl::StrFormat("registrant already at booth %d", here));
    here = b;
    int& pair = slot_of_pair[static_cast<size_t>(r) * instance.booth_count + b];
    if (pair >= 0) return error(absl::StrFormat("pair already meets in slot %d", pair));
    pair = s;
    if (++load[static_cast<size_t>(b) * slots + s] > problem.booths[b].capacity) {
      return error(absl::StrFormat("booth over capacity %d", problem.booths[b].capacity));
    }
    if (++count[r] > problem.registrants[r].max_interviews) {
      return error(absl::StrFormat("registrant over max_interviews %d",
                                   problem.registrants[r].max_interviews));
    }
  }
  return absl::OkStatus();
}

}  // namespace internal

absl::Status CheckPlan(const PlanProblem& problem,
                       const std::vector<PlannedInterview>& interviews) {
  absl::StatusOr<internal::PlanInstance> instance = internal::BuildInstance(problem);
  if (!instance.ok()) return instance.status();
  absl::Status status = internal::CheckInterviews(*instance, interviews, "interviews");
  if (!status.ok()) return status;
  for (size_t k = 0; k < problem.kept.size(); ++k) {
    if (std::find(interviews.begin(), interviews.end(), problem.kept[k]) == interviews.end()) {
      const PlannedInterview& kept = problem.kept[k];
      return absl::InvalidArgumentError(
          absl::StrFormat("kept[%d] (registrant %d, booth %d, slot %d) is not in the plan", k,
                          kept.registrant, kept.booth, kept.slot));
    }
  }
  return absl::OkStatus();
}

}  // namespace matching::matcher
