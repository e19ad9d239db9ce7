// Import parsing: JSONL lines and CSV rows become records, or errors naming line and field.
#include "clients/record_io.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;

std::vector<ParsedRecord> ReadAll(const std::string& text, FileFormat format, RecordKind kind,
                                  absl::Status* status = nullptr) {
  std::istringstream in(text);
  std::vector<ParsedRecord> out;
  absl::Status s = ReadRecords(in, format, kind, [&](ParsedRecord r) { out.push_back(r); });
  if (status != nullptr) *status = s;
  return out;
}

TEST(RecordIoTest, JsonlWrappedRecordsWithLineNumbers) {
  const std::string text =
      R"({"territory": {"id": "54395", "name": "Nancy", "location": {"lat": 48.69, "lon": 6.18}}})"
      "\n\n"
      R"({"offer": {"id": "of-1", "territory_id": "54395", "profession": "PROFESSION_GP"}})"
      "\n"
      R"({"offer": {"id": "of-2", "profession": "SURGEON"}})"
      "\n"
      "not json\n";
  std::vector<ParsedRecord> records = ReadAll(text, FileFormat::kJsonl, RecordKind::kAny);
  ASSERT_EQ(records.size(), 4u);
  ASSERT_TRUE(records[0].record.ok());
  EXPECT_EQ(records[0].record->territory().location().lat(), 48.69);
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].record->offer().profession(), v1::PROFESSION_GP);
  EXPECT_EQ(records[2].line, 4);
  EXPECT_FALSE(records[2].record.ok());
  EXPECT_THAT(records[2].record.status().message(), HasSubstr("profession"));
  EXPECT_FALSE(records[3].record.ok());
}

TEST(RecordIoTest, JsonlBareRecordsWithKind) {
  absl::StatusOr<v1::ImportRecord> record =
      ParseJsonLine(R"({"id": "c-1", "profession": "PROFESSION_NURSE"})", RecordKind::kCandidate);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->candidate().id(), "c-1");
  EXPECT_FALSE(ParseJsonLine(R"({"id": "c-1"})", RecordKind::kAny).ok());
}

TEST(RecordIoTest, CsvWithNestedRepeatedMapAndShortEnums) {
  const std::string text =
      "id,name,department_code,location.lat,location.lon,zoning,zfrr,creche_minutes,"
      "lifestyle_tags,job_openings_by_sector\n"
      "54395,\"Nancy, ville\",54,48.69,6.18,zip,yes,0,nature;culture,health:3;education:1\n"
      "57463,Metz,57,49.12,6.17,ZONING_ZAC,false,,,\n";
  absl::Status status;
  std::vector<ParsedRecord> records =
      ReadAll(text, FileFormat::kCsv, RecordKind::kTerritory, &status);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].record.ok()) << records[0].record.status();
  const v1::Territory& nancy = records[0].record->territory();
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(nancy.name(), "Nancy, ville");
  EXPECT_EQ(nancy.zoning(), v1::ZONING_ZIP);
  EXPECT_TRUE(nancy.zfrr());
  EXPECT_TRUE(nancy.has_creche_minutes());
  EXPECT_EQ(nancy.creche_minutes(), 0);
  EXPECT_EQ(nancy.lifestyle_tags_size(), 2);
  EXPECT_EQ(nancy.job_openings_by_sector().at("health"), 3);
  const v1::Territory& metz = records[1].record->territory();
  EXPECT_EQ(metz.zoning(), v1::ZONING_ZAC);
  EXPECT_FALSE(metz.has_creche_minutes());  // empty cell: unknown, not 0
}

TEST(RecordIoTest, CsvBadCellNamesColumnAndValue) {
  const std::string text =
      "id,profession,experience_years,household.children_ages\n"
      "c-1,gp,abc,2;7\n"
      "c-2,surgeon,3,\n"
      "c-3,nurse,5,2;7\n";
  std::vector<ParsedRecord> records = ReadAll(text, FileFormat::kCsv, RecordKind::kCandidate);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].record.status().message(), "experience_years: 'abc' is not an integer");
  EXPECT_THAT(records[1].record.status().message(),
              HasSubstr("profession: 'surgeon' is not one of gp, specialist"));
  EXPECT_EQ(records[1].line, 3);
  ASSERT_TRUE(records[2].record.ok());
  EXPECT_EQ(records[2].record->candidate().household().children_ages_size(), 2);
}

// Found by tests/fuzz (record_io): a Latin-1 cell made nlohmann::json throw, ending matchctl.
// Such lines are now read as Windows-1252 (what Excel's plain "CSV" writes) and converted.
TEST(RecordIoTest, CsvLineNotUtf8IsReadAsWindows1252) {
  const std::string text =
      "id,territory_id,title,profession\n"
      "of-1,54431,M\xe9"
      "decin \x80,gp\n"
      "of-2,54431,M\xc3\xa9"
      "decin,gp\n";
  std::istringstream in(text);
  std::vector<ParsedRecord> records;
  CsvDialect dialect;
  ASSERT_TRUE(ReadRecords(
                  in, FileFormat::kCsv, RecordKind::kOffer,
                  [&](ParsedRecord r) { records.push_back(r); }, &dialect)
                  .ok());
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].record.ok()) << records[0].record.status();
  EXPECT_EQ(records[0].record->offer().title(), "Médecin €");
  EXPECT_EQ(records[1].record->offer().title(), "Médecin");
  EXPECT_EQ(dialect.converted_lines, 1);
  // A byte no encoding we know defines: the whole file is refused, saying how to save it.
  absl::Status status;
  ReadAll("id,title\nof-1,a\x81z\n", FileFormat::kCsv, RecordKind::kOffer, &status);
  EXPECT_THAT(status.message(), HasSubstr("line 2"));
  EXPECT_THAT(status.message(), HasSubstr("CSV UTF-8"));
}

// What French Excel writes for an offers sheet: BOM, ';', decimal commas, spaced thousands,
// oui/non, JJ/MM/AAAA, an INSEE code that lost its leading zero, an empty row.
TEST(RecordIoTest, CsvAsFrenchExcelWritesIt) {
  const std::string text =
      "\xEF\xBB\xBFid;territory_id;profession;title;start_date;part_time_possible;"
      "installation_bonus_eur;positions\n"
      "of-1;1053;gp;\"Médecin; MSP\";12/03/2027;oui;\"3 000\";1\r\n"
      "of-2;54431;nurse;IDE;1/9/2027;Non;2500,5;\"1\xC2\xA0"
      "000\"\r\n"
      ";;;;;;;\r\n"
      "of-3;54431;gp;Bad date;31/02/2027;vrai;0;1\r\n"
      "of-4;54431;gp;Bad bool;;peut-être;0;1\r\n";
  std::istringstream in(text);
  std::vector<ParsedRecord> records;
  CsvDialect dialect;
  absl::Status status = ReadRecords(
      in, FileFormat::kCsv, RecordKind::kOffer, [&](ParsedRecord r) { records.push_back(r); },
      &dialect);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_TRUE(dialect.bom);
  EXPECT_EQ(dialect.separator, ';');
  EXPECT_EQ(dialect.converted_lines, 0);
  ASSERT_EQ(records.size(), 4u);  // the empty row is skipped
  ASSERT_TRUE(records[0].record.ok()) << records[0].record.status();
  const v1::Offer& first = records[0].record->offer();
  EXPECT_EQ(first.id(), "of-1");  // not "\xEF\xBB\xBFid"
  EXPECT_EQ(first.territory_id(), "01053");
  EXPECT_EQ(first.title(), "Médecin; MSP");
  EXPECT_EQ(first.start_date(), "2027-03-12");
  EXPECT_TRUE(first.part_time_possible());
  EXPECT_EQ(first.installation_bonus_eur(), 3000);
  ASSERT_EQ(records[0].warnings.size(), 1u);
  EXPECT_THAT(records[0].warnings[0].english, HasSubstr("territory_id: '1053'"));
  ASSERT_TRUE(records[1].record.ok()) << records[1].record.status();
  const v1::Offer& second = records[1].record->offer();
  EXPECT_EQ(second.start_date(), "2027-09-01");
  EXPECT_FALSE(second.part_time_possible());
  EXPECT_EQ(second.installation_bonus_eur(), 2500.5);
  EXPECT_EQ(second.positions(), 1000);
  EXPECT_TRUE(records[1].warnings.empty());
  EXPECT_EQ(records[2].line, 5);
  EXPECT_THAT(records[2].record.status().message(),
              HasSubstr("start_date: '31/02/2027' is not a day of the calendar; expected "
                        "JJ/MM/AAAA"));
  EXPECT_THAT(records[3].record.status().message(),
              HasSubstr("part_time_possible: 'peut-être' is not a boolean (oui/non"));
}

TEST(RecordIoTest, CsvTabSeparatedWithShortCodesAndExcelText) {
  const std::string text =
      "id\tname\tdepartment_code\tregion_code\tlocation.lat\tlocation.lon\tpopulation\n"
      "1053\tBourg\t1\t84\t46,2\t5,22\t41 000\n"
      "\"=\"\"01004\"\"\"\tAmbérieu\t\"=\"\"01\"\"\"\t84\t45.95\t5.36\t14000\n"
      "1999\tAilleurs\t10\t44\t48.3\t4.1\t10\n";
  std::istringstream in(text);
  std::vector<ParsedRecord> records;
  CsvDialect dialect;
  ASSERT_TRUE(ReadRecords(
                  in, FileFormat::kCsv, RecordKind::kTerritory,
                  [&](ParsedRecord r) { records.push_back(r); }, &dialect)
                  .ok());
  EXPECT_EQ(dialect.separator, '\t');
  ASSERT_EQ(records.size(), 3u);
  ASSERT_TRUE(records[0].record.ok()) << records[0].record.status();
  const v1::Territory& bourg = records[0].record->territory();
  EXPECT_EQ(bourg.id(), "01053");
  EXPECT_EQ(bourg.department_code(), "01");
  EXPECT_EQ(bourg.location().lat(), 46.2);
  EXPECT_EQ(bourg.population(), 41000);
  EXPECT_EQ(records[0].warnings.size(), 2u);  // department, then id
  ASSERT_TRUE(records[1].record.ok()) << records[1].record.status();
  EXPECT_EQ(records[1].record->territory().id(), "01004");
  EXPECT_EQ(records[1].record->territory().department_code(), "01");
  EXPECT_TRUE(records[1].warnings.empty());
  // 1999 in department 10: not INSEE 01999; kept, with a hint.
  ASSERT_TRUE(records[2].record.ok());
  EXPECT_EQ(records[2].record->territory().id(), "1999");
  ASSERT_EQ(records[2].warnings.size(), 1u);
  EXPECT_THAT(records[2].warnings[0].english, HasSubstr("kept as is"));
}

TEST(RecordIoTest, CsvUnknownColumnIsAFileError) {
  absl::Status status;
  ReadAll("id,colour\nx,blue\n", FileFormat::kCsv, RecordKind::kOffer, &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("'colour' is not a field of Offer"));
}

TEST(RecordIoTest, CsvQuotedNewlineKeepsLineNumbersOfLaterRows) {
  const std::string text =
      "id,territory_id,profession,title\n"
      "of-1,t1,gp,\"two\nlines\"\n"
      "of-2,t1,gp,plain\n"
      "of-3,t1\n";
  std::vector<ParsedRecord> records = ReadAll(text, FileFormat::kCsv, RecordKind::kOffer);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].record->offer().title(), "two\nlines");
  EXPECT_EQ(records[1].line, 4);
  EXPECT_EQ(records[2].line, 5);
  EXPECT_THAT(records[2].record.status().message(), HasSubstr("row has 2 cells"));
}

TEST(RecordIoTest, KindAndFormatFromFileName) {
  EXPECT_EQ(RecordKindFromFileName("data/demo/territories.csv"), RecordKind::kTerritory);
  EXPECT_EQ(RecordKindFromFileName("x/candidates-2026.csv"), RecordKind::kCandidate);
  EXPECT_EQ(RecordKindFromFileName("mixed.jsonl"), RecordKind::kAny);
  EXPECT_EQ(RecordKindFromFileName("Exports/offres.csv"), RecordKind::kOffer);
  EXPECT_EQ(RecordKindFromFileName("territoires 2026.csv"), RecordKind::kTerritory);
  EXPECT_EQ(RecordKindFromFileName("candidats.csv"), RecordKind::kCandidate);
  EXPECT_EQ(*ParseRecordKind("offres"), RecordKind::kOffer);
  EXPECT_EQ(*ParseRecordKind("Territoire"), RecordKind::kTerritory);
  EXPECT_EQ(*FileFormatFromFileName("a.JSONL"), FileFormat::kJsonl);
  EXPECT_FALSE(FileFormatFromFileName("a.xlsx").ok());
  EXPECT_FALSE(ParseRecordKind("doctor").ok());
}

}  // namespace
}  // namespace matching::clients
