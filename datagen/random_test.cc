#include "datagen/random.h"

#include <vector>

#include "gtest/gtest.h"

namespace matching::datagen {
namespace {

// Golden values: datagen's output must not change with the platform or the standard
// library, so the generator's first outputs are pinned.
TEST(Rng, MatchesTheSplitMix64ReferenceOutput) {
  Rng rng(0);
  EXPECT_EQ(rng.Next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.Next(), 0x6e789e6aa1b965f4ULL);
}

TEST(StableHash, IsFnv1a) {
  EXPECT_EQ(StableHash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(Rng, StaysInRange) {
  Rng rng(MixSeed(1, 2));
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0);
    ASSERT_LT(u, 1);
    const int64_t k = rng.UniformInt(-3, 3);
    ASSERT_GE(k, -3);
    ASSERT_LE(k, 3);
  }
}

TEST(Rng, PickFollowsTheWeightsAndNeverPicksAZeroWeight) {
  Rng rng(7);
  const std::vector<double> weights = {0.0, 0.25, 0.75, 0.0};
  int counts[4] = {};
  for (int i = 0; i < 40000; ++i) ++counts[rng.Pick(weights)];
  EXPECT_EQ(counts[0], 0);
  EXPECT_EQ(counts[3], 0);
  EXPECT_NEAR(counts[1] / 40000.0, 0.25, 0.01);
}

TEST(MixSeed, DependsOnBothInputs) {
  EXPECT_NE(MixSeed(1, 2), MixSeed(2, 1));
  EXPECT_NE(MixSeed(1, 2), MixSeed(1, 3));
  EXPECT_EQ(MixSeed(1, 2), MixSeed(1, 2));
}

}  // namespace
}  // namespace matching::datagen
