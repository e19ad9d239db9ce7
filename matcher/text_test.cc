// The formatting helper: amounts, dates and durations in each language.
#include "matcher/text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

using ::testing::MatchesRegex;

TEST(TextTest, FrenchAmountsGroupThousandsWithSpacesAndEndInEuros) {
  for (double amount : {0.0, 7.0, 999.0, 1000.0, 3000.0, 30000.0, 1234567.4, 50000000.0}) {
    EXPECT_THAT(Euros(amount, Language::kFrench), MatchesRegex("[0-9]{1,3}( [0-9]{3})* €"))
        << amount;
    EXPECT_THAT(Euros(amount, Language::kEnglish), MatchesRegex("EUR [0-9]{1,3}(,[0-9]{3})*"))
        << amount;
  }
  EXPECT_EQ(Euros(30000, Language::kFrench), "30 000 €");
  EXPECT_EQ(Euros(-1500, Language::kFrench), "-1 500 €");
}

TEST(TextTest, DatesInWordsWithTheFirstOfTheMonthInFrench) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2027, 3, 12), Language::kFrench), "12 mars 2027");
  EXPECT_EQ(FormatDate(absl::CivilDay(2027, 3, 1), Language::kFrench), "1er mars 2027");
  EXPECT_EQ(FormatDate(absl::CivilDay(2027, 8, 15), Language::kFrench), "15 août 2027");
  EXPECT_EQ(FormatDate(absl::CivilDay(2027, 3, 12), Language::kEnglish), "12 March 2027");
  EXPECT_EQ(FormatIsoDate("2027-12-05", Language::kFrench), "5 décembre 2027");
  EXPECT_EQ(FormatIsoDate("soon", Language::kFrench), "soon");
  EXPECT_EQ(FormatIsoDate("", Language::kEnglish), "");
}

TEST(TextTest, MinutesAsPeopleSayThem) {
  EXPECT_EQ(FormatMinutes(42), "42 min");
  EXPECT_EQ(FormatMinutes(60), "1 h");
  EXPECT_EQ(FormatMinutes(75), "1 h 15");
  EXPECT_EQ(FormatMinutes(270.4), "4 h 30");
  EXPECT_EQ(FormatMinutes(65), "1 h 05");
  EXPECT_EQ(FormatMinutes(-3), "0 min");
}

TEST(TextTest, LanguageCodes) {
  EXPECT_EQ(LanguageFromCode("en"), Language::kEnglish);
  EXPECT_EQ(LanguageFromCode("fr"), Language::kFrench);
  EXPECT_EQ(LanguageFromCode(""), Language::kFrench);
}

}  // namespace
}  // namespace matching::matcher
