// Test helpers for the interview planner: seeded random problems and an exhaustive
// optimum to compare plans with. Test-only.
#ifndef MATCHER_EVENT_PLAN_TEST_UTIL_H_
#define MATCHER_EVENT_PLAN_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "matcher/event_plan.h"

namespace matching::matcher::plan_testing {

struct RandomSpec {
  int registrants = 3;
  int booths = 2;
  int slots = 2;
  int max_capacity = 2;
  int max_interviews = 2;
  double ineligible = 0.3;     // share of pairs scored -1
  double unavailable = 0;      // share of (side, slot) unavailable
  bool coarse_scores = false;  // multiples of 0.1: many ties
  bool everyone_once = true;
};

inline PlanProblem RandomProblem(std::mt19937_64& random, const RandomSpec& spec) {
  std::uniform_real_distribution<double> unit(0, 1);
  PlanProblem problem;
  problem.slot_count = spec.slots;
  problem.everyone_once = spec.everyone_once;
  auto availability = [&] {
    std::vector<int> slots;
    if (spec.unavailable == 0) return slots;  // empty: every slot
    for (int s = 0; s < spec.slots; ++s) {
      if (unit(random) >= spec.unavailable) slots.push_back(s);
    }
    if (slots.empty()) slots.push_back(static_cast<int>(random() % spec.slots));
    return slots;
  };
  for (int b = 0; b < spec.booths; ++b) {
    problem.booths.push_back({1 + static_cast<int>(random() % spec.max_capacity), availability()});
  }
  for (int r = 0; r < spec.registrants; ++r) {
    problem.registrants.push_back(
        {1 + static_cast<int>(random() % spec.max_interviews), availability()});
  }
  for (int i = 0; i < spec.registrants * spec.booths; ++i) {
    const double score = spec.coarse_scores ? std::round(unit(random) * 10) / 10 : unit(random);
    problem.scores.push_back(unit(random) < spec.ineligible ? -1 : score);
  }
  return problem;
}

// Random interviews added one by one while the list stays feasible.
inline std::vector<PlannedInterview> RandomFeasibleKept(std::mt19937_64& random,
                                                        const PlanProblem& problem, int tries) {
  std::vector<PlannedInterview> kept;
  for (int t = 0; t < tries; ++t) {
    PlannedInterview interview;
    interview.registrant = static_cast<int>(random() % problem.registrants.size());
    interview.booth = static_cast<int>(random() % problem.booths.size());
    interview.slot = static_cast<int>(random() % problem.slot_count);
    interview.score = problem.score(interview.registrant, interview.booth);
    kept.push_back(interview);
    if (!CheckPlan(problem, kept).ok()) kept.pop_back();
  }
  return kept;
}

struct Optimum {
  int served = 0;
  double total = 0;
};

// Every feasible set of (registrant, booth, slot) triples, kept included: lexicographic
// (served, total) when everyone_once, else total alone.
inline Optimum BruteForceOptimum(const PlanProblem& problem) {
  const int registrants = static_cast<int>(problem.registrants.size());
  const int booths = static_cast<int>(problem.booths.size());
  const int slots = problem.slot_count;
  auto available = [&](const std::vector<int>& list, int slot) {
    return list.empty() || std::count(list.begin(), list.end(), slot) > 0;
  };
  // Small sizes only: int products cannot overflow.
  std::vector<int> at(static_cast<size_t>(registrants) * slots, -1);
  std::vector<int> load(static_cast<size_t>(booths) * slots, 0);
  std::vector<int> count(registrants, 0);
  std::vector<int> pair_slot(static_cast<size_t>(registrants) * booths, -1);
  double total = 0;
  auto place = [&](int r, int b, int s, int sign) {
    at[r * slots + s] = sign > 0 ? b : -1;
    load[b * slots + s] += sign;
    count[r] += sign;
    pair_slot[r * booths + b] = sign > 0 ? s : -1;
    total += sign * problem.score(r, b);
  };
  for (const PlannedInterview& kept : problem.kept)
    place(kept.registrant, kept.booth, kept.slot, 1);
  Optimum best{-1, 0};
  std::function<void(int)> visit = [&](int pair) {
    if (pair == registrants * booths) {
      const int served =
          static_cast<int>(std::count_if(count.begin(), count.end(), [](int c) { return c > 0; }));
      const int key = problem.everyone_once ? served : 0;
      const int best_key = problem.everyone_once ? best.served : 0;
      if (best.served < 0 || key > best_key || (key == best_key && total > best.total)) {
        best = {served, total};
      }
      return;
    }
    visit(pair + 1);
    const int r = pair / booths;
    const int b = pair % booths;
    if (problem.score(r, b) < 0 || pair_slot[pair] >= 0 ||
        count[r] >= problem.registrants[r].max_interviews) {
      return;
    }
    for (int s = 0; s < slots; ++s) {
      if (at[r * slots + s] >= 0 || load[b * slots + s] >= problem.booths[b].capacity ||
          !available(problem.registrants[r].available_slots, s) ||
          !available(problem.booths[b].available_slots, s)) {
        continue;
      }
      place(r, b, s, 1);
      visit(pair + 1);
      place(r, b, s, -1);
    }
  };
  visit(0);
  return best;
}

}  // namespace matching::matcher::plan_testing

#endif  // MATCHER_EVENT_PLAN_TEST_UTIL_H_
