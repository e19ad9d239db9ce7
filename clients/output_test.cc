// Terminal output: server data with escape sequences reaches the terminal escaped, in
// tables, field lists and JSON alike.
#include "clients/output.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.pb.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// What a terminal would act on: C0 controls other than the line feeds we print, DEL, and
// the bytes of C1 controls (U+0080..U+009F are C2 80..C2 9F in UTF-8; 0x9B alone is CSI
// for a terminal in 8-bit mode).
bool ReachesTheTerminal(const std::string& printed) {
  for (size_t i = 0; i < printed.size(); ++i) {
    const auto byte = static_cast<unsigned char>(printed[i]);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7F) return true;
    if (byte == 0xC2 && i + 1 < printed.size() &&
        static_cast<unsigned char>(printed[i + 1]) <= 0x9F) {
      return true;
    }
    if (byte >= 0x80 && byte <= 0x9F &&
        (i == 0 || static_cast<unsigned char>(printed[i - 1]) < 0xC2)) {
      return true;
    }
  }
  return false;
}

v1::Territory HostileTerritory() {
  v1::Territory territory;
  territory.set_id("54329");
  territory.set_name(
      "Lunéville\x1b[2J\x1b]0;owned\x07\r\xc2\x9b"
      "31m");
  territory.set_department_code("54");
  return territory;
}

TEST(OutputTest, TableShowsEscapeSequencesInATerritoryNameEscaped) {
  const v1::Territory territory = HostileTerritory();
  std::ostringstream out;
  PrintTable(
      out, {"id", "name", "department"},
      {{territory.id(), territory.name(), territory.department_code()}, {"54395", "Nancy", "54"}});
  const std::string printed = out.str();
  EXPECT_FALSE(ReachesTheTerminal(printed)) << printed;
  EXPECT_THAT(printed, HasSubstr("Lunéville\\x1b[2J\\x1b]0;owned\\x07\\r\\u009b31m"));
  // Columns still line up: the department column starts at the same place on every line.
  std::vector<size_t> starts;
  std::istringstream lines(printed);
  for (std::string line; std::getline(lines, line);) {
    const size_t department = line.rfind("54");
    if (department != std::string::npos) starts.push_back(line.size() - department);
  }
  ASSERT_EQ(starts.size(), 2u) << printed;
  EXPECT_EQ(starts[0], starts[1]) << printed;
}

TEST(OutputTest, HeaderCellsAreEscapedToo) {
  std::ostringstream out;
  PrintTable(out, {"slot", "Bar\x1b[2J"}, {{"09:00-09:20", "cand-1"}});
  EXPECT_FALSE(ReachesTheTerminal(out.str())) << out.str();
  EXPECT_THAT(out.str(), HasSubstr("Bar\\x1b[2J"));
}

TEST(OutputTest, FieldListShowsEscapeSequencesEscaped) {
  std::ostringstream out;
  PrintFields(out, HostileTerritory());
  EXPECT_FALSE(ReachesTheTerminal(out.str())) << out.str();
  EXPECT_THAT(out.str(), HasSubstr("Lunéville\\x1b[2J\\x1b]0;owned\\x07\\r\\u009b31m\n"));
}

TEST(OutputTest, JsonEscapesControlCharacters) {
  // --json output goes to terminals too; protobuf's JSON printer escapes these already.
  v1::Territory territory = HostileTerritory();
  territory.set_name(territory.name() + "\x7f");
  const std::string json = ToJson(territory);
  EXPECT_FALSE(ReachesTheTerminal(json)) << json;
  EXPECT_THAT(json, Not(HasSubstr("\x1b")));
}

}  // namespace
}  // namespace matching::clients
