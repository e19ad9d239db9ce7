// FastScore() is the ranking path: it must not allocate. Counted by replacing the
// global operator new for this test binary; the count only runs inside the test.
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "matcher/score.h"
#include "matcher/specialties.h"
#include "matcher/test_profiles.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

// A replacement pair backed by malloc/free, as [new.delete] allows; GCC 12 flags the
// free() inside a replacement operator delete as a mismatch, wrongly.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { ::operator delete(memory); }
#pragma GCC diagnostic pop

namespace matching::matcher {
namespace {

TEST(FastScoreAllocTest, RankingPathDoesNotAllocate) {
  absl::StatusOr<AidRules> rules =
      AidRules::LoadFromFile(std::string(MATCHING_SOURCE_DIR) + "/data/aids.json");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ScoreOptions options;
  options.aid_rules = &*rules;
  options.as_of = absl::CivilDay(2026, 11, 15);
  testing::ProfileGenerator generator(3);
  std::vector<CandidateProfile> candidates;
  std::vector<OfferFeatures> offers;
  std::vector<TerritoryFeatures> territories;
  for (int i = 0; i < 200; ++i) {
    candidates.push_back(generator.Candidate());
    offers.push_back(generator.Offer());
    territories.push_back(generator.Territory());
  }
  const Weights weights = DefaultWeights();
  // Built once per process (data/specialties.json), before any ranking: not per call.
  ASSERT_FALSE(SpecialtyCatalog::Default().specialties().empty());
  double sum = 0;
  counting = true;
  for (int i = 0; i < 200; ++i) {
    sum += FastScore(candidates[i], offers[i], territories[i], weights, options).score;
  }
  counting = false;
  EXPECT_EQ(allocations.load(), 0);
  EXPECT_GT(sum, 0);
  // The counter works: the explained path allocates.
  counting = true;
  const MatchResult result = Score(candidates[0], offers[0], territories[0], weights, options);
  counting = false;
  EXPECT_GT(allocations.load(), 0);
  EXPECT_FALSE(result.criteria.empty());
}

}  // namespace
}  // namespace matching::matcher
