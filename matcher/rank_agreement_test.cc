// KendallTauB against values computed by hand.
#include "matcher/rank_agreement.h"

#include <cmath>

#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

TEST(KendallTauBTest, SameOrderIsOneReversedIsMinusOne) {
  EXPECT_DOUBLE_EQ(KendallTauB({"a", "b", "c", "d"}, {"a", "b", "c", "d"}), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB({"a", "b", "c", "d"}, {"d", "c", "b", "a"}), -1.0);
}

// Pairs (a,b) and (a,c) concordant, (b,c) discordant: (2 - 1) / 3.
TEST(KendallTauBTest, OneSwapOfThree) {
  EXPECT_DOUBLE_EQ(KendallTauB({"a", "b", "c"}, {"a", "c", "b"}), 1.0 / 3);
}

// Union {a, b, c}, k = 2: a: (0, 0), b: (1, 2 absent), c: (2 absent, 1). No ties; (a,b)
// and (a,c) concordant, (b,c) discordant: 1/3.
TEST(KendallTauBTest, AbsentIdsRankLast) {
  EXPECT_DOUBLE_EQ(KendallTauB({"a", "b"}, {"a", "c"}), 1.0 / 3);
}

// Union {a, b, c, d}, k = 2: a (0, 2), b (1, 2), c (2, 0), d (2, 1). (a,b) tied in the
// second list, (c,d) tied in the first; the other 4 pairs discordant:
// (0 - 4) / sqrt((6 - 1) * (6 - 1)) = -0.8.
TEST(KendallTauBTest, DisjointListsWithTies) {
  EXPECT_DOUBLE_EQ(KendallTauB({"a", "b"}, {"c", "d"}), -0.8);
}

TEST(KendallTauBTest, DegenerateLists) {
  EXPECT_DOUBLE_EQ(KendallTauB({}, {}), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB({"a"}, {"a"}), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB({"a"}, {}), 0.0);
}

}  // namespace
}  // namespace matching::matcher
