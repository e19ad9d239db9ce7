// Benchmark of the interview planner at the size the event organisers asked for:
// 500 registrants x 60 booths x 16 slots, target under 2 s per plan.
#include <cstdlib>
#include <random>
#include <vector>

#include "benchmark/benchmark.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_unserved.h"

namespace matching::matcher {
namespace {

constexpr int kRegistrants = 500;
constexpr int kBooths = 60;
constexpr int kSlots = 16;

// A random subset of the slots holding a share in [low, high] of them.
std::vector<int> RandomSlots(std::mt19937_64& random, double low, double high) {
  std::uniform_real_distribution<double> share(low, high);
  std::uniform_real_distribution<double> unit(0, 1);
  const double keep = share(random);
  std::vector<int> slots;
  for (int s = 0; s < kSlots; ++s) {
    if (unit(random) < keep) slots.push_back(s);
  }
  if (slots.empty()) slots.push_back(static_cast<int>(random() % kSlots));
  return slots;
}

// Seeded: scores uniform in [0, 1], about 30% of pairs ineligible, max 3 interviews.
// `shape`: 0 no availability limits; 1 limits; 2 limits and booths of 1 to 3 recruiters.
PlanProblem EventProblem(int shape) {
  const bool availability_limits = shape >= 1;
  std::mt19937_64 random(20261115);
  std::uniform_real_distribution<double> unit(0, 1);
  PlanProblem problem;
  problem.slot_count = kSlots;
  for (int b = 0; b < kBooths; ++b) {
    const int capacity = shape == 2 ? 1 + static_cast<int>(random() % 3) : 1;
    problem.booths.push_back(
        {capacity, availability_limits ? RandomSlots(random, 0.8, 1.0) : std::vector<int>{}});
  }
  for (int r = 0; r < kRegistrants; ++r) {
    problem.registrants.push_back(
        {3, availability_limits ? RandomSlots(random, 0.6, 0.8) : std::vector<int>{}});
  }
  for (int i = 0; i < kRegistrants * kBooths; ++i) {
    const double score = unit(random);
    problem.scores.push_back(unit(random) < 0.3 ? -1 : score);
  }
  return problem;
}

void BM_PlanInterviews(benchmark::State& state) {
  const PlanProblem problem = EventProblem(static_cast<int>(state.range(0)));
  PlanResult result;
  for (auto _ : state) {
    absl::StatusOr<PlanResult> planned = PlanInterviews(problem);
    if (!planned.ok() || !CheckPlan(problem, planned->interviews).ok()) std::abort();
    result = *std::move(planned);
    benchmark::DoNotOptimize(result);
  }
  state.counters["total_score"] = result.total_score;
  state.counters["upper_bound"] = result.upper_bound;
  state.counters["gap"] = result.gap;
  state.counters["interviews"] = static_cast<double>(result.interviews.size());
  state.counters["served"] = result.registrants_served;
  state.counters["optimal"] = result.optimal;
  state.SetLabel(result.method);
}
BENCHMARK(BM_PlanInterviews)
    ->ArgName("shape")  // 0 no limits, 1 availability limits, 2 limits + capacities 1-3
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond);

// Who was left out and why (ExplainUnserved), at the largest event allowed (5,000
// registrants x 500 booths x 96 slots), in its worst case: nobody served, so every
// registrant and every booth is classified over all its pairs. Availability limits on both
// sides, 30 % of pairs barred for each reason in turn.
void BM_ExplainUnservedLargestEvent(benchmark::State& state) {
  constexpr int kLargeRegistrants = 5000, kLargeBooths = 500, kLargeSlots = 96;
  std::mt19937_64 random(20261202);
  std::uniform_real_distribution<double> unit(0, 1);
  PlanProblem problem;
  problem.slot_count = kLargeSlots;
  auto slots = [&](double keep) {
    std::vector<int> available;
    for (int s = 0; s < kLargeSlots; ++s) {
      if (unit(random) < keep) available.push_back(s);
    }
    return available;
  };
  for (int b = 0; b < kLargeBooths; ++b) problem.booths.push_back({1, slots(0.3)});
  for (int r = 0; r < kLargeRegistrants; ++r) problem.registrants.push_back({3, slots(0.1)});
  PairVerdicts verdicts;
  const size_t pairs = static_cast<size_t>(kLargeRegistrants) * kLargeBooths;
  problem.scores.resize(pairs);
  verdicts.bars.resize(pairs);
  verdicts.best_within_limits.resize(pairs);
  for (size_t i = 0; i < pairs; ++i) {
    const double score = unit(random);
    const auto bar = unit(random) < 0.3 ? static_cast<PairBar>(1 + random() % 3) : PairBar::kNone;
    verdicts.bars[i] = bar;
    problem.scores[i] = bar == PairBar::kNone ? score : -1;
    verdicts.best_within_limits[i] = score;
  }
  verdicts.registrant_hidden.assign(kLargeRegistrants, 0);
  verdicts.booth_without_offer.assign(kLargeBooths, 0);
  size_t left_out = 0;
  for (auto _ : state) {
    const UnservedReport report = ExplainUnserved(problem, verdicts, {});
    left_out = report.registrants.size() + report.booths.size();
    benchmark::DoNotOptimize(left_out);
  }
  state.counters["left_out"] = static_cast<double>(left_out);
}
BENCHMARK(BM_ExplainUnservedLargestEvent)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace matching::matcher
