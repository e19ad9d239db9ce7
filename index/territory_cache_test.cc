#include "index/territory_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace matching::index {
namespace {

constexpr size_t kRows = 16;  // 128 bytes a column
constexpr size_t kColumnBytes = kRows * sizeof(uint64_t);

matcher::CriterionOutcome Outcome(double value) {
  matcher::CriterionOutcome outcome;
  outcome.applicable = true;
  outcome.value = value;
  return outcome;
}

TEST(TerritoryColumnTest, CellsAreUnknownUntilSetThenValueOrNotApplicable) {
  TerritoryColumn column(kRows);
  EXPECT_EQ(column.Value(3), TerritoryColumn::kUnknownValue);
  column.Set(3, Outcome(0.25));
  EXPECT_EQ(column.Value(3), 0.25);
  column.Set(4, matcher::CriterionOutcome{});  // not applicable
  EXPECT_EQ(column.Value(4), TerritoryColumn::kNotApplicableValue);
  column.Set(5, Outcome(0));
  EXPECT_EQ(column.Value(5), 0);
  EXPECT_EQ(column.Value(kRows), TerritoryColumn::kUnknownValue);  // beyond the rows
}

TEST(TerritoryCacheTest, OneColumnPerKeyKeptAcrossLookups) {
  TerritoryCache cache;
  std::shared_ptr<TerritoryColumn> a = cache.Get("family|a", kRows);
  a->Set(1, Outcome(0.5));
  EXPECT_EQ(cache.Get("family|a", kRows), a);
  EXPECT_EQ(cache.Get("family|a", kRows)->Value(1), 0.5);
  EXPECT_NE(cache.Get("family|b", kRows), a);
  EXPECT_EQ(cache.memory_bytes(), 2 * kColumnBytes);
}

// A budget of three columns: the fourth key drops the least recently used one, which is
// not the oldest inserted once it has been read again.
TEST(TerritoryCacheTest, EvictsTheLeastRecentlyUsedColumn) {
  TerritoryCache cache(3 * kColumnBytes);
  std::shared_ptr<TerritoryColumn> a = cache.Get("a", kRows);
  std::shared_ptr<TerritoryColumn> b = cache.Get("b", kRows);
  std::shared_ptr<TerritoryColumn> c = cache.Get("c", kRows);
  EXPECT_EQ(cache.Get("a", kRows), a);  // a is now the most recently used; b the least
  std::shared_ptr<TerritoryColumn> d = cache.Get("d", kRows);
  EXPECT_EQ(cache.memory_bytes(), 3 * kColumnBytes);
  EXPECT_EQ(cache.Get("a", kRows), a);
  EXPECT_EQ(cache.Get("c", kRows), c);
  EXPECT_EQ(cache.Get("d", kRows), d);
  // b was dropped: a new, empty column (its holder keeps the old one alive, unchanged).
  b->Set(0, Outcome(1));
  std::shared_ptr<TerritoryColumn> b2 = cache.Get("b", kRows);
  EXPECT_NE(b2, b);
  EXPECT_EQ(b2->Value(0), TerritoryColumn::kUnknownValue);
  EXPECT_EQ(b->Value(0), 1);
  // ... which dropped a, the least recently used after the reads above.
  EXPECT_NE(cache.Get("a", kRows), a);
  EXPECT_EQ(cache.memory_bytes(), 3 * kColumnBytes);
}

TEST(TerritoryCacheTest, AColumnOverTheBudgetIsStillHandedOutAndKeptAlone) {
  TerritoryCache cache(2 * kColumnBytes);
  std::shared_ptr<TerritoryColumn> small = cache.Get("small", kRows);
  std::shared_ptr<TerritoryColumn> big = cache.Get("big", 4 * kRows);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(cache.memory_bytes(), 4 * kColumnBytes);
  EXPECT_EQ(cache.Get("big", 4 * kRows), big);
  EXPECT_NE(cache.Get("small", kRows), small);  // dropped to make room; back alone now
  EXPECT_EQ(cache.memory_bytes(), kColumnBytes);
}

TEST(TerritoryCacheTest, ClearForgetsEveryColumn) {
  TerritoryCache cache;
  std::shared_ptr<TerritoryColumn> a = cache.Get("a", kRows);
  cache.Clear();
  EXPECT_EQ(cache.memory_bytes(), 0u);
  EXPECT_NE(cache.Get("a", kRows), a);
  EXPECT_EQ(cache.memory_bytes(), kColumnBytes);
}

}  // namespace
}  // namespace matching::index
