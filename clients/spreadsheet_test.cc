// What French spreadsheets write, read back: separators, encodings, numbers, dates, codes.
#include "clients/spreadsheet.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;

TEST(SpreadsheetTest, ByteOrderMarkIsStrippedOnce) {
  std::string line = "\xEF\xBB\xBFid;name";
  EXPECT_TRUE(StripBom(&line));
  EXPECT_EQ(line, "id;name");
  EXPECT_FALSE(StripBom(&line));
}

TEST(SpreadsheetTest, SeparatorIsTheHeadersMostFrequentOutsideQuotes) {
  EXPECT_EQ(DetectSeparator("id;name;department_code"), ';');
  EXPECT_EQ(DetectSeparator("id,name,department_code"), ',');
  EXPECT_EQ(DetectSeparator("id\tname\tdepartment_code"), '\t');
  EXPECT_EQ(DetectSeparator("\"a,b,c\";d"), ';');  // commas inside quotes do not count
  EXPECT_EQ(DetectSeparator("id"), ',');
  EXPECT_EQ(SeparatorName(';'), "';'");
  EXPECT_EQ(SeparatorName('\t'), "tab");
}

TEST(SpreadsheetTest, Windows1252IsConvertedAndUndefinedBytesRefused) {
  EXPECT_FALSE(IsValidUtf8("Lun\xE9ville"));
  absl::StatusOr<std::string> converted = Windows1252ToUtf8("Lun\xE9ville \x80 \x9C");
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(*converted, "Lunéville € œ");
  EXPECT_TRUE(IsValidUtf8(*converted));
  absl::StatusOr<std::string> refused = Windows1252ToUtf8("a\x81z");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("0x81"));
  EXPECT_THAT(refused.status().message(), HasSubstr("CSV UTF-8"));
}

TEST(SpreadsheetTest, FrenchNumbersBecomeApiNumbers) {
  EXPECT_EQ(NormaliseNumber("10 000"), "10000");
  EXPECT_EQ(NormaliseNumber("10000,5"), "10000.5");
  EXPECT_EQ(NormaliseNumber("10\xC2\xA0"
                            "000,50"),
            "10000.50");  // no-break space
  EXPECT_EQ(NormaliseNumber("1\xE2\x80\xAF"
                            "234\xE2\x80\xAF"
                            "567"),
            "1234567");  // narrow
  EXPECT_EQ(NormaliseNumber("-1,5"), "-1.5");
  EXPECT_EQ(NormaliseNumber("48.69"), "48.69");
  EXPECT_EQ(NormaliseNumber(" 42 "), "42");
  // Not numbers: returned as written, for the caller to refuse with the value.
  EXPECT_EQ(NormaliseNumber("1,234.5"), "1,234.5");
  EXPECT_EQ(NormaliseNumber("dix"), "dix");
  EXPECT_EQ(NormaliseNumber("1,2,3"), "1,2,3");
}

TEST(SpreadsheetTest, DatesDayFirstAreNormalisedOrRefusedWithTheExpectedForm) {
  EXPECT_EQ(*NormaliseDate("12/03/2027", "start_date"), "2027-03-12");
  EXPECT_EQ(*NormaliseDate("1/3/2027", "start_date"), "2027-03-01");
  EXPECT_EQ(*NormaliseDate("12.03.2027", "start_date"), "2027-03-12");
  EXPECT_EQ(*NormaliseDate("12-03-2027", "start_date"), "2027-03-12");
  EXPECT_EQ(*NormaliseDate("2027-03-12", "start_date"), "2027-03-12");
  for (const char* bad : {"31/02/2027", "2027/03/12", "12/03/27", "mars 2027", "13/13/2027"}) {
    absl::StatusOr<std::string> refused = NormaliseDate(bad, "start_date");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_THAT(refused.status().message(), HasSubstr("start_date"));
    EXPECT_THAT(refused.status().message(), HasSubstr(bad));
    EXPECT_THAT(refused.status().message(), HasSubstr("JJ/MM/AAAA"));
  }
}

TEST(SpreadsheetTest, LeadingZerosAreRestoredWhenUnambiguous) {
  Notice warning;
  EXPECT_EQ(RepairShortCode("1", "department_code", &warning), "01");
  EXPECT_THAT(warning.english, HasSubstr("'1' read as '01'"));
  EXPECT_THAT(warning.french, HasSubstr("« 1 » lu « 01 »"));
  EXPECT_EQ(RepairShortCode("54", "department_code", &warning), "54");
  EXPECT_TRUE(warning.empty());
  EXPECT_EQ(RepairShortCode("2A", "department_code", &warning), "2A");
  EXPECT_TRUE(warning.empty());

  EXPECT_EQ(RepairInseeCode("1053", "id", "", &warning), "01053");
  EXPECT_THAT(warning.english, HasSubstr("INSEE code '01053'"));
  EXPECT_EQ(RepairInseeCode("1053", "id", "01", &warning), "01053");
  EXPECT_FALSE(warning.empty());
  // The department says otherwise: kept, with a hint.
  EXPECT_EQ(RepairInseeCode("1053", "id", "10", &warning), "1053");
  EXPECT_THAT(warning.english, HasSubstr("kept as is"));
  EXPECT_THAT(warning.english, HasSubstr("format the column as text"));
  // Five characters, or not digits: INSEE codes as they are, or portal ids.
  for (const char* code : {"54395", "2A004", "of-12", "123"}) {
    EXPECT_EQ(RepairInseeCode(code, "id", "", &warning), code);
    EXPECT_TRUE(warning.empty()) << code;
  }
  EXPECT_EQ(UnwrapExcelText("=\"01053\""), "01053");
  EXPECT_EQ(UndoFormulaGuard("'=SUM(A1)"), "=SUM(A1)");
  EXPECT_EQ(UndoFormulaGuard("'-2"), "-2");
  EXPECT_EQ(UndoFormulaGuard("'tis"), "'tis");  // not a guard: kept
  EXPECT_EQ(UndoFormulaGuard("'"), "'");
  EXPECT_EQ(UnwrapExcelText("01053"), "01053");
}

}  // namespace
}  // namespace matching::clients
