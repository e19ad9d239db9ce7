// The catalogue lists exactly the reason codes the criteria's sources give.
#include "matcher/criterion_catalog.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/weights.h"

namespace matching::matcher {
namespace {

// Every "UPPER_CASE_CODE" string literal in a source file.
std::set<std::string> CodesIn(const std::string& file) {
  std::ifstream in(std::string(MATCHING_SOURCE_DIR) + "/matcher/" + file);
  EXPECT_TRUE(in) << file;
  std::stringstream text;
  text << in.rdbuf();
  const std::string source = text.str();
  std::set<std::string> codes;
  const std::regex literal("\"([A-Z][A-Z0-9]*(_[A-Z0-9]+)+)\"");
  for (auto it = std::sregex_iterator(source.begin(), source.end(), literal);
       it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[1]);
  }
  return codes;
}

TEST(CriterionCatalogTest, ListsExactlyTheReasonCodesTheCriteriaGive) {
  std::set<std::string> in_sources;
  for (const char* file :
       {"criteria_household.cc", "criteria_job.cc", "criteria_money.cc", "criteria_territory.cc"}) {
    std::set<std::string> codes = CodesIn(file);
    in_sources.insert(codes.begin(), codes.end());
  }
  // Not reason codes: the zone levels' names as data/aids.json spells them
  // (criteria_money.cc, ZoneCode), which the money sentence reads.
  for (const char* zone_level : {"VERY_UNDERSERVED", "WELL_SERVED"}) in_sources.erase(zone_level);
  ASSERT_GT(in_sources.size(), 50u);
  std::set<std::string> listed;
  for (const CriterionDescription& description : CriterionDescriptions()) {
    for (absl::string_view code : description.reason_codes) listed.emplace(code);
  }
  EXPECT_EQ(listed, in_sources);
}

TEST(CriterionCatalogTest, OnePerCriterionInDisplayOrderWithBothLabels) {
  for (int i = 0; i < kCriterionCount; ++i) {
    const CriterionDescription& description = CriterionDescriptions()[i];
    EXPECT_EQ(description.criterion, kAllCriteria[i]);
    EXPECT_FALSE(description.label_fr.empty()) << CriterionName(description.criterion);
    EXPECT_FALSE(description.label_en.empty()) << CriterionName(description.criterion);
    EXPECT_FALSE(description.reason_codes.empty()) << CriterionName(description.criterion);
    EXPECT_GT(WeightOf(DefaultWeights(), description.criterion), 0);
  }
}

TEST(CriterionCatalogTest, EveryLimitOnceWithTheCodeLimitsGive) {
  std::set<std::string> listed;
  for (int i = 0; i < kLimitCount; ++i) {
    const LimitDescription& description = LimitDescriptions()[i];
    EXPECT_EQ(static_cast<int>(description.limit), i);
    EXPECT_FALSE(description.label_fr.empty());
    listed.emplace(LimitReasonCode(description.limit));
  }
  EXPECT_EQ(listed, CodesIn("limits.cc"));
}

}  // namespace
}  // namespace matching::matcher
