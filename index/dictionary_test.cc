#include "index/dictionary.h"

#include "gtest/gtest.h"

namespace matching::index {
namespace {

// FromDayKey computes the date arithmetically; cctz's own addition is the reference, over
// every day of four centuries around the epoch (leap years by 4, 100 and 400 included).
TEST(DayKeyTest, FromDayKeyIsTheInverseOfDayKeyForEveryDay) {
  const absl::CivilDay epoch(1970, 1, 1);
  for (absl::CivilDay day(1800, 1, 1); day < absl::CivilDay(2201, 1, 1); ++day) {
    const int64_t key = DayKey(day);
    ASSERT_EQ(key, day - epoch);
    const std::optional<absl::CivilDay> back = FromDayKey(key);
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(*back, epoch + key) << "key " << key;
  }
}

TEST(DayKeyTest, NoDayStaysNoDay) {
  EXPECT_EQ(DayKey(std::nullopt), kNoDay);
  EXPECT_FALSE(FromDayKey(kNoDay).has_value());
}

}  // namespace
}  // namespace matching::index
