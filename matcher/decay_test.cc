#include "matcher/decay.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

// origin 0, offset 50, scale 30, decay 0.5: the proximity shape of a "50 minutes" wish.
DecayFunction Shape(DecayShape shape) { return {shape, 0, 50, 30, 0.5}; }

TEST(DecayTest, FullScoreWithinOffsetForEveryShape) {
  for (DecayShape shape : {DecayShape::kGauss, DecayShape::kExp, DecayShape::kLinear}) {
    EXPECT_DOUBLE_EQ(Evaluate(Shape(shape), 0), 1);
    EXPECT_DOUBLE_EQ(Evaluate(Shape(shape), 50), 1);
  }
}

TEST(DecayTest, ScoreIsDecayAtOffsetPlusScale) {
  for (DecayShape shape : {DecayShape::kGauss, DecayShape::kExp, DecayShape::kLinear}) {
    EXPECT_NEAR(Evaluate(Shape(shape), 80), 0.5, 1e-12);
  }
}

// Hand-computed from Elasticsearch's formulas:
// gauss sigma^2 = -30^2 / (2 ln 0.5) = 649.2127; at d = 15: exp(-225 / 1298.4255) = 0.8408964.
TEST(DecayTest, GaussMatchesElasticsearch) {
  EXPECT_THAT(Evaluate(Shape(DecayShape::kGauss), 65), DoubleNear(0.8408964, 1e-7));
  EXPECT_THAT(Evaluate(Shape(DecayShape::kGauss), 110), DoubleNear(0.0625, 1e-12));  // 0.5^4
  EXPECT_THAT(Evaluate(Shape(DecayShape::kGauss), 20), DoubleNear(1, 1e-12));
}

// exp lambda = ln 0.5 / 30; at d = 15: exp(-0.3465736) = 0.7071068.
TEST(DecayTest, ExpMatchesElasticsearch) {
  EXPECT_THAT(Evaluate(Shape(DecayShape::kExp), 65), DoubleNear(0.7071068, 1e-7));
  EXPECT_THAT(Evaluate(Shape(DecayShape::kExp), 110), DoubleNear(0.25, 1e-12));
}

// linear s = 30 / (1 - 0.5) = 60; at d = 15: 45 / 60.
TEST(DecayTest, LinearMatchesElasticsearch) {
  EXPECT_THAT(Evaluate(Shape(DecayShape::kLinear), 65), DoubleNear(0.75, 1e-12));
  EXPECT_DOUBLE_EQ(Evaluate(Shape(DecayShape::kLinear), 110), 0);
  EXPECT_DOUBLE_EQ(Evaluate(Shape(DecayShape::kLinear), 500), 0);
}

TEST(DecayTest, DistanceIsMeasuredBothWaysFromOrigin) {
  const DecayFunction centred{DecayShape::kGauss, 100, 5, 10, 0.3};
  EXPECT_DOUBLE_EQ(Evaluate(centred, 70), Evaluate(centred, 130));
  EXPECT_NEAR(Evaluate(centred, 115), 0.3, 1e-12);
}

TEST(DecayTest, NeverRisesWithDistance) {
  for (DecayShape shape : {DecayShape::kGauss, DecayShape::kExp, DecayShape::kLinear}) {
    double previous = 1;
    for (double minutes = 0; minutes < 400; minutes += 0.5) {
      const double value = Evaluate(Shape(shape), minutes);
      EXPECT_LE(value, previous) << "shape " << static_cast<int>(shape) << " at " << minutes;
      EXPECT_GE(value, 0);
      previous = value;
    }
  }
}

TEST(DecayTest, NanAndInfinityScoreZero) {
  EXPECT_EQ(Evaluate(Shape(DecayShape::kGauss), std::nan("")), 0);
  EXPECT_EQ(Evaluate(Shape(DecayShape::kExp), INFINITY), 0);
}

TEST(DecayTest, ValidateNamesTheBadField) {
  EXPECT_TRUE(ValidateDecay(Shape(DecayShape::kGauss)).ok());
  DecayFunction bad = Shape(DecayShape::kGauss);
  bad.scale = 0;
  EXPECT_THAT(std::string(ValidateDecay(bad).message()), HasSubstr("scale is 0"));
  bad = Shape(DecayShape::kExp);
  bad.decay = 1;
  EXPECT_THAT(std::string(ValidateDecay(bad).message()), HasSubstr("decay is 1"));
  bad = Shape(DecayShape::kLinear);
  bad.offset = -1;
  EXPECT_THAT(std::string(ValidateDecay(bad).message()), HasSubstr("offset is -1"));
  EXPECT_EQ(ValidateDecay(bad).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace matching::matcher
