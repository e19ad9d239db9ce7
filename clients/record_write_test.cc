// Export writes what import reads back: every kind, plain CSV, Excel CSV and JSONL.
#include "clients/record_write.h"

#include <google/protobuf/util/message_differencer.h>

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

v1::Territory RichTerritory() {
  v1::Territory t;
  t.set_id("01053");
  t.set_name("Bourg-en-Bresse; \"préfecture\"");
  t.set_department_code("01");
  t.set_region_code("84");
  t.mutable_location()->set_lat(46.2052);
  t.mutable_location()->set_lon(5.2255);
  t.set_population(41365);
  t.set_creche_minutes(0);
  t.set_fibre_coverage(0.85);
  t.add_lifestyle_tags("nature");
  t.add_lifestyle_tags("culture");
  (*t.mutable_job_openings_by_sector())["health"] = 3;
  t.set_temporary_housing_available(true);
  t.set_rent_eur_per_m2(10.5);
  t.set_zoning(v1::ZONING_ZIP);
  return t;
}

v1::Offer RichOffer() {
  v1::Offer o;
  o.set_id("of-1");
  o.set_territory_id("01053");
  o.set_title("Médecin, MSP\nde Bourg");
  o.set_profession(v1::PROFESSION_GP);
  o.set_setting(v1::PRACTICE_SETTING_MSP);
  o.set_start_date("2027-03-12");
  o.set_part_time_possible(true);
  o.set_installation_bonus_eur(3000);
  o.set_positions(2);
  o.mutable_create_time()->set_seconds(1700000000);  // server-set: not exported
  return o;
}

v1::Candidate RichCandidate() {
  v1::Candidate c;
  c.set_id("cand-1");
  c.set_profession(v1::PROFESSION_NURSE);
  c.set_experience_years(4);
  c.add_metropolis_ids("lyon");
  c.set_max_drive_minutes(45);
  c.add_wanted_department_codes("01");
  c.add_wanted_department_codes("69");
  c.mutable_household()->mutable_partner()->set_needs_job(true);
  c.mutable_household()->mutable_partner()->set_sector("education");
  c.mutable_household()->add_children_ages(2);
  c.mutable_household()->add_children_ages(7);
  (*c.mutable_weights())["family"] = 1.5;
  c.mutable_consent()->set_given(true);
  c.mutable_consent()->mutable_time()->set_seconds(1767225600);  // 2026-01-01T00:00:00Z
  c.set_available_from("2027-01-04");
  return c;
}

// Writes `record` with `style`, reads it back, and returns the record read.
v1::ImportRecord RoundTrip(const google::protobuf::Message& record, RecordKind kind,
                           const CsvStyle& style) {
  std::istringstream in(CsvHeader(kind, style) + CsvRow(record, kind, style));
  std::vector<ParsedRecord> parsed;
  CsvDialect dialect;
  EXPECT_TRUE(
      ReadRecords(
          in, FileFormat::kCsv, kind, [&](ParsedRecord r) { parsed.push_back(r); }, &dialect)
          .ok());
  EXPECT_EQ(dialect.separator, style.separator);
  EXPECT_EQ(dialect.bom, style.excel);
  EXPECT_EQ(parsed.size(), 1u);
  if (parsed.empty() || !parsed[0].record.ok()) {
    ADD_FAILURE() << (parsed.empty() ? "no record" : parsed[0].record.status().ToString());
    return {};
  }
  EXPECT_TRUE(parsed[0].warnings.empty());  // nothing to repair in what we wrote
  return *parsed[0].record;
}

TEST(RecordWriteTest, ColumnsAreEveryCsvFieldWithoutServerTimes) {
  const std::vector<std::string> offer = CsvColumns(RecordKind::kOffer);
  EXPECT_THAT(offer, Contains("installation_bonus_eur"));
  EXPECT_THAT(offer, Not(Contains("create_time")));
  EXPECT_EQ(offer.size(), static_cast<size_t>(v1::Offer::descriptor()->field_count() - 2));
  const std::vector<std::string> candidate = CsvColumns(RecordKind::kCandidate);
  EXPECT_THAT(candidate, Contains("household.partner.sector"));
  EXPECT_THAT(candidate, Contains("consent.time"));
  EXPECT_THAT(candidate, Contains("current_location.lat"));
  EXPECT_THAT(CsvColumns(RecordKind::kTerritory), Not(Contains("metropolis_access")));
  EXPECT_THAT(JsonlOnlyFields(RecordKind::kTerritory), Contains("metropolis_access"));
  EXPECT_THAT(CsvHeader(RecordKind::kOffer, {';', true}), StartsWith("\xEF\xBB\xBFid;"));
}

TEST(RecordWriteTest, EveryKindRoundTripsThroughPlainAndExcelCsv) {
  v1::Offer offer = RichOffer();
  for (const CsvStyle& style : {CsvStyle{',', false}, CsvStyle{';', true}}) {
    v1::ImportRecord territory = RoundTrip(RichTerritory(), RecordKind::kTerritory, style);
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(territory.territory(), RichTerritory()))
        << territory.DebugString();
    v1::ImportRecord read_offer = RoundTrip(offer, RecordKind::kOffer, style);
    v1::Offer expected = offer;
    expected.clear_create_time();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read_offer.offer(), expected))
        << read_offer.DebugString();
    v1::ImportRecord candidate = RoundTrip(RichCandidate(), RecordKind::kCandidate, style);
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(candidate.candidate(), RichCandidate()))
        << candidate.DebugString();
  }
  // Excel style: decimal commas and codes kept as text.
  const std::string excel_row = CsvRow(RichTerritory(), RecordKind::kTerritory, {';', true});
  EXPECT_THAT(excel_row, HasSubstr("46,2052"));
  EXPECT_THAT(excel_row, StartsWith("\"=\"\"01053\"\"\";"));
}

// A publisher's title is data, not a formula: the exported cell cannot run in a spreadsheet,
// and import gives back the title as written.
TEST(RecordWriteTest, TextThatLooksLikeAFormulaIsNeutralisedAndReadBack) {
  for (const char* title : {"=HYPERLINK(\"http://evil\";\"x\")", "@SUM(A1)", "-2+3", "+33 1"}) {
    v1::Offer offer = RichOffer();
    offer.set_title(title);
    offer.clear_create_time();
    for (const CsvStyle& style : {CsvStyle{',', false}, CsvStyle{';', true}}) {
      const std::string row = CsvRow(offer, RecordKind::kOffer, style);
      EXPECT_THAT(row, HasSubstr(std::string("\"'") + title[0])) << row;
      v1::ImportRecord read = RoundTrip(offer, RecordKind::kOffer, style);
      EXPECT_EQ(read.offer().title(), title);
    }
  }
}

TEST(RecordWriteTest, JsonlRowsReadBackAsImportRecords) {
  const std::string line = JsonlRow(RichOffer(), RecordKind::kOffer);
  EXPECT_THAT(line, Not(HasSubstr("create_time")));
  absl::StatusOr<v1::ImportRecord> read = ParseJsonLine(line, RecordKind::kAny);
  ASSERT_TRUE(read.ok()) << read.status();
  v1::Offer expected = RichOffer();
  expected.clear_create_time();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read->offer(), expected));
}

}  // namespace
}  // namespace matching::clients
