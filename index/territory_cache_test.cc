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
  std::shared_ptr<TerritoryColumn> a = cache.Get("family|a", kRows, CellKind::kTerritoryRow);
  a->Set(1, Outcome(0.5));
  EXPECT_EQ(cache.Get("family|a", kRows, CellKind::kTerritoryRow), a);
  EXPECT_EQ(cache.Get("family|a", kRows, CellKind::kTerritoryRow)->Value(1), 0.5);
  EXPECT_NE(cache.Get("family|b", kRows, CellKind::kTerritoryRow), a);
  EXPECT_EQ(cache.memory_bytes(), 2 * kColumnBytes);
}

// A budget of three columns: the fourth key drops the least recently used one, which is
// not the oldest inserted once it has been read again.
TEST(TerritoryCacheTest, EvictsTheLeastRecentlyUsedColumn) {
  TerritoryCache cache(3 * kColumnBytes);
  std::shared_ptr<TerritoryColumn> a = cache.Get("a", kRows, CellKind::kTerritoryRow);
  std::shared_ptr<TerritoryColumn> b = cache.Get("b", kRows, CellKind::kTerritoryRow);
  std::shared_ptr<TerritoryColumn> c = cache.Get("c", kRows, CellKind::kTerritoryRow);
  EXPECT_EQ(cache.Get("a", kRows, CellKind::kTerritoryRow),
            a);  // a is now the most recently used; b the least
  std::shared_ptr<TerritoryColumn> d = cache.Get("d", kRows, CellKind::kTerritoryRow);
  EXPECT_EQ(cache.memory_bytes(), 3 * kColumnBytes);
  EXPECT_EQ(cache.Get("a", kRows, CellKind::kTerritoryRow), a);
  EXPECT_EQ(cache.Get("c", kRows, CellKind::kTerritoryRow), c);
  EXPECT_EQ(cache.Get("d", kRows, CellKind::kTerritoryRow), d);
  // b was dropped: a new, empty column (its holder keeps the old one alive, unchanged).
  b->Set(0, Outcome(1));
  std::shared_ptr<TerritoryColumn> b2 = cache.Get("b", kRows, CellKind::kTerritoryRow);
  EXPECT_NE(b2, b);
  EXPECT_EQ(b2->Value(0), TerritoryColumn::kUnknownValue);
  EXPECT_EQ(b->Value(0), 1);
  // ... which dropped a, the least recently used after the reads above.
  EXPECT_NE(cache.Get("a", kRows, CellKind::kTerritoryRow), a);
  EXPECT_EQ(cache.memory_bytes(), 3 * kColumnBytes);
}

TEST(TerritoryCacheTest, AColumnOverTheBudgetIsStillHandedOutAndKeptAlone) {
  TerritoryCache cache(2 * kColumnBytes);
  std::shared_ptr<TerritoryColumn> small = cache.Get("small", kRows, CellKind::kTerritoryRow);
  std::shared_ptr<TerritoryColumn> big = cache.Get("big", 4 * kRows, CellKind::kTerritoryRow);
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(cache.memory_bytes(), 4 * kColumnBytes);
  EXPECT_EQ(cache.Get("big", 4 * kRows, CellKind::kTerritoryRow), big);
  EXPECT_NE(cache.Get("small", kRows, CellKind::kTerritoryRow),
            small);  // dropped to make room; back alone now
  EXPECT_EQ(cache.memory_bytes(), kColumnBytes);
}

// A territory write forgets one cell in the columns of one kind; the rest stay computed.
TEST(TerritoryCacheTest, ForgetCellForgetsOneCellInTheColumnsOfItsKind) {
  TerritoryCache cache;
  std::shared_ptr<TerritoryColumn> family = cache.Get("family", kRows, CellKind::kTerritoryRow);
  std::shared_ptr<TerritoryColumn> care = cache.Get("care", kRows, CellKind::kTerritoryRow);
  std::shared_ptr<TerritoryColumn> money = cache.Get("money", kRows, CellKind::kMoneyClass);
  for (const auto& column : {family, care, money}) {
    column->Set(2, Outcome(0.5));
    column->Set(3, Outcome(0.75));
  }
  cache.ForgetCell(CellKind::kTerritoryRow, 2);
  EXPECT_EQ(family->Value(2), TerritoryColumn::kUnknownValue);
  EXPECT_EQ(care->Value(2), TerritoryColumn::kUnknownValue);
  EXPECT_EQ(family->Value(3), 0.75);
  EXPECT_EQ(money->Value(2), 0.5);  // another kind: its cell 2 is another thing
  cache.ForgetCell(CellKind::kMoneyClass, 3);
  EXPECT_EQ(money->Value(3), TerritoryColumn::kUnknownValue);
  EXPECT_EQ(care->Value(3), 0.75);
  cache.ForgetCell(CellKind::kDriveMinutes, 3);  // no column of that kind: nothing to do
  EXPECT_EQ(cache.Get("family", kRows, CellKind::kTerritoryRow), family);  // kept
}

// New territories or codes lengthen what a column must cover: a shorter column is replaced.
TEST(TerritoryCacheTest, AColumnTooShortForTheRowsAskedIsReplaced) {
  TerritoryCache cache;
  std::shared_ptr<TerritoryColumn> old = cache.Get("family", kRows, CellKind::kTerritoryRow);
  EXPECT_EQ(cache.Get("family", kRows - 1, CellKind::kTerritoryRow), old);
  std::shared_ptr<TerritoryColumn> longer = cache.Get("family", kRows + 1, CellKind::kTerritoryRow);
  EXPECT_NE(longer, old);
  EXPECT_EQ(longer->rows(), kRows + 1);
  EXPECT_EQ(cache.memory_bytes(), (kRows + 1) * sizeof(uint64_t));
  EXPECT_EQ(cache.Get("family", kRows + 1, CellKind::kTerritoryRow), longer);
}

TEST(TerritoryCacheTest, ClearForgetsEveryColumn) {
  TerritoryCache cache;
  std::shared_ptr<TerritoryColumn> a = cache.Get("a", kRows, CellKind::kTerritoryRow);
  cache.Clear();
  EXPECT_EQ(cache.memory_bytes(), 0u);
  EXPECT_NE(cache.Get("a", kRows, CellKind::kTerritoryRow), a);
  EXPECT_EQ(cache.memory_bytes(), kColumnBytes);
}

}  // namespace
}  // namespace matching::index
