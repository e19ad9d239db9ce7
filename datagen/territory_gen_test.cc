#include "datagen/territory_gen.h"

#include <algorithm>
#include <map>
#include <regex>
#include <string>

#include "datagen/communes.h"
#include "datagen/test_checks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::datagen {
namespace {

using ::testing::Contains;
using testing::DeterministicBytes;
using ::testing::IsSupersetOf;

constexpr uint64_t kSeed = 42;

// The committed communes and metropolises, read once for the whole suite.
class TerritoryGenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
    auto communes = ReadCommunes(data + "/communes.csv");
    auto metropoles = ReadMetropoles(data + "/metropoles.csv");
    ASSERT_TRUE(communes.ok()) << communes.status();
    ASSERT_TRUE(metropoles.ok()) << metropoles.status();
    communes_ = new std::vector<Commune>(std::move(*communes));
    metropoles_ = new std::vector<Metropole>(std::move(*metropoles));
  }
  static void TearDownTestSuite() {
    delete communes_;
    delete metropoles_;
  }
  static const Commune& Find(const std::string& insee) {
    auto it = std::find_if(communes_->begin(), communes_->end(),
                           [&](const Commune& c) { return c.insee == insee; });
    EXPECT_NE(it, communes_->end()) << insee;
    return *it;
  }
  // A commune of `population` inhabitants placed at Lunéville (not in a metropolis).
  static Commune Village(const std::string& insee, int64_t population) {
    return Commune{insee, "Village", "54", "44", population, 48.5894, 6.4967, "", ""};
  }

  static std::vector<Commune>* communes_;
  static std::vector<Metropole>* metropoles_;
};
std::vector<Commune>* TerritoryGenTest::communes_ = nullptr;
std::vector<Metropole>* TerritoryGenTest::metropoles_ = nullptr;

TEST_F(TerritoryGenTest, NancyIsItsOwnNearestMetropolis) {
  const v1::Territory nancy = MakeTerritory(Find("54395"), *metropoles_, kSeed);
  EXPECT_EQ(nancy.id(), "54395");
  EXPECT_EQ(nancy.name(), "Nancy");
  EXPECT_EQ(nancy.department_code(), "54");
  EXPECT_EQ(nancy.region_code(), "44");
  ASSERT_EQ(nancy.metropolis_access_size(), 3);
  EXPECT_EQ(nancy.metropolis_access(0).metropolis_id(), "nancy");
  EXPECT_EQ(nancy.metropolis_access(0).name(), "Métropole du Grand Nancy");
  EXPECT_EQ(nancy.metropolis_access(0).drive_minutes(), 0);
  EXPECT_EQ(nancy.metropolis_access(1).metropolis_id(), "metz");
  EXPECT_NEAR(nancy.metropolis_access(1).drive_minutes(), 59, 1);
  EXPECT_EQ(nancy.metropolis_access(2).metropolis_id(), "strasbourg");
  EXPECT_THAT(nancy.lifestyle_tags(), Contains("culture"));
}

TEST_F(TerritoryGenTest, SmallVillageHasNoLyceeButAPlaceNearby) {
  for (int i = 0; i < 50; ++i) {  // several codes: several draws
    const v1::Territory village =
        MakeTerritory(Village("54" + std::to_string(900 + i), 300), *metropoles_, kSeed);
    EXPECT_GE(village.lycee_minutes(), 15);
    EXPECT_LE(village.lycee_minutes(), 50);
    EXPECT_GT(village.college_minutes(), 0);
    EXPECT_GT(village.creche_minutes(), 0);
    EXPECT_GT(village.primary_school_minutes(), 0);
    EXPECT_GT(village.emergency_minutes(), 0);
    EXPECT_THAT(village.lifestyle_tags(), Contains("nature"));
  }
}

TEST_F(TerritoryGenTest, LargeTownHasEveryAmenity) {
  const v1::Territory town = MakeTerritory(Village("54999", 100000), *metropoles_, kSeed);
  EXPECT_EQ(town.creche_minutes(), 0);
  EXPECT_EQ(town.primary_school_minutes(), 0);
  EXPECT_EQ(town.college_minutes(), 0);
  EXPECT_EQ(town.lycee_minutes(), 0);
  EXPECT_EQ(town.train_station_minutes(), 0);
  EXPECT_EQ(town.emergency_minutes(), 0);
}

TEST_F(TerritoryGenTest, MemberListsItsOwnMetropolisEvenWhenAnotherIsNearer) {
  // Placed at Metz's centre but declared a member of Nancy's metropolis.
  Commune edge = Village("54998", 3000);
  edge.lat = 49.11911;
  edge.lon = 6.17269;
  edge.metropolis = "nancy";
  const v1::Territory territory = MakeTerritory(edge, *metropoles_, kSeed);
  ASSERT_EQ(territory.metropolis_access_size(), 3);
  EXPECT_EQ(territory.metropolis_access(0).metropolis_id(), "metz");
  bool lists_nancy = false;
  for (const auto& access : territory.metropolis_access()) {
    lists_nancy |= access.metropolis_id() == "nancy";
  }
  EXPECT_TRUE(lists_nancy);
}

TEST_F(TerritoryGenTest, OverseasCommunesHaveNoRoadToAMetropolis) {
  Commune pointe_a_pitre{"97120", "Pointe-à-Pitre", "971", "01", 15000, 16.24, -61.53, "", ""};
  const v1::Territory territory = MakeTerritory(pointe_a_pitre, *metropoles_, kSeed);
  EXPECT_EQ(territory.metropolis_access_size(), 0);
  EXPECT_THAT(territory.lifestyle_tags(), Contains("sea"));
}

TEST_F(TerritoryGenTest, EveryCommunePassesRangeChecks) {
  std::map<v1::Zoning, int> zoning_counts;
  std::map<v1::ZoneLevel, int> nurse_levels;  // UNSPECIFIED counts the other professions
  int zfrr = 0, with_aid = 0;
  const std::regex api_department("[0-9]{2}|2A|2B|97[1-8]");  // server/validation.cc
  size_t api_departments = 0;
  double apl_sum = 0, apl_population_sum = 0, population = 0, zip_population = 0;
  for (const Commune& commune : *communes_) {
    const v1::Territory t = MakeTerritory(commune, *metropoles_, kSeed);
    SCOPED_TRACE(commune.insee);
    ASSERT_TRUE(testing::IsValidId(t.id()));
    if (std::regex_match(t.department_code(), api_department)) {
      ++api_departments;
    } else {
      ASSERT_THAT(t.department_code(), ::testing::AnyOf("986", "988"));  // see IsOverseas
    }
    if (!IsOverseas(commune)) {
      ASSERT_EQ(t.metropolis_access_size(), 3);
    }
    for (const auto& access : t.metropolis_access()) {
      ASSERT_TRUE(testing::IsValidId(access.metropolis_id()));
      ASSERT_GE(access.drive_minutes(), 0);
      ASSERT_LE(access.drive_minutes(), 24 * 60);  // the API's limit
      ASSERT_EQ(access.drive_minutes(), std::round(access.drive_minutes()));
      ASSERT_TRUE(access.drive_minutes_estimated());
    }
    for (int minutes : {t.creche_minutes(), t.primary_school_minutes(), t.college_minutes(),
                        t.lycee_minutes(), t.train_station_minutes(), t.emergency_minutes()}) {
      ASSERT_GE(minutes, 0);
      ASSERT_LE(minutes, 90);
    }
    ASSERT_TRUE(t.has_creche_minutes() && t.has_emergency_minutes() && t.has_apl());
    ASSERT_GE(t.fibre_coverage(), 0);
    ASSERT_LE(t.fibre_coverage(), 1);
    ASSERT_GT(t.apl(), 0);
    ASSERT_LE(t.apl(), 6.5);
    ASSERT_GE(t.gp_over_60_share(), 0);
    ASSERT_LE(t.gp_over_60_share(), 1);
    ASSERT_GT(t.rent_eur_per_m2(), 0);
    ASSERT_NE(t.zoning(), v1::ZONING_UNSPECIFIED);
    ASSERT_EQ(t.job_openings_by_sector_size(), 6);
    for (const auto& [sector, openings] : t.job_openings_by_sector()) ASSERT_GE(openings, 0);
    ASSERT_THAT(t.synthetic_fields(),
                IsSupersetOf({"creche_minutes", "primary_school_minutes", "college_minutes",
                              "lycee_minutes", "train_station_minutes", "emergency_minutes",
                              "fibre_coverage", "lifestyle_tags", "job_openings_by_sector",
                              "temporary_housing_available", "rent_eur_per_m2", "apl",
                              "gp_over_60_share", "zoning", "zonings", "zfrr", "local_aids"}));
    // One entry per profession with a zoning; the GP's repeats the single zoning.
    ASSERT_EQ(t.zonings_size(), 5);
    ASSERT_EQ(t.zonings(0).profession(), v1::PROFESSION_GP);
    ASSERT_EQ(t.zonings(0).level(), t.zoning() == v1::ZONING_ZIP   ? v1::ZONE_LEVEL_ZIP
                                    : t.zoning() == v1::ZONING_ZAC ? v1::ZONE_LEVEL_ZAC
                                                                   : v1::ZONE_LEVEL_NONE);
    for (int i = 1; i < t.zonings_size(); ++i) {
      ASSERT_GE(t.zonings(i).level(), v1::ZONE_LEVEL_VERY_UNDERSERVED);
      ++nurse_levels[i == 1 ? t.zonings(i).level() : v1::ZONE_LEVEL_UNSPECIFIED];
    }
    ASSERT_EQ(t.zonings(1).profession(), v1::PROFESSION_NURSE);
    ++zoning_counts[t.zoning()];
    zfrr += t.zfrr();
    with_aid += t.local_aids_size() > 0;
    apl_sum += t.apl();
    apl_population_sum += t.apl() * static_cast<double>(t.population());
    population += static_cast<double>(t.population());
    if (t.zoning() == v1::ZONING_ZIP) zip_population += static_cast<double>(t.population());
  }
  EXPECT_EQ(communes_->size() - api_departments, 33u);
  const double n = static_cast<double>(communes_->size());
  // Plausibility of the whole map, not exact targets.
  EXPECT_GT(zoning_counts[v1::ZONING_ZIP] / n, 0.05);
  EXPECT_LT(zoning_counts[v1::ZONING_ZIP] / n, 0.50);
  EXPECT_GT(zoning_counts[v1::ZONING_NONE] / n, 0.20);
  EXPECT_GT(zfrr / n, 0.10);
  EXPECT_LT(zfrr / n, 0.70);
  EXPECT_GT(with_aid, 0);
  // Every level of the five-level scale occurs, the very under-served in a minority.
  for (v1::ZoneLevel level :
       {v1::ZONE_LEVEL_VERY_UNDERSERVED, v1::ZONE_LEVEL_UNDERSERVED, v1::ZONE_LEVEL_INTERMEDIATE,
        v1::ZONE_LEVEL_WELL_SERVED, v1::ZONE_LEVEL_OVERSERVED}) {
    EXPECT_GT(nurse_levels[level], 0) << v1::ZoneLevel_Name(level);
  }
  EXPECT_LT(nurse_levels[v1::ZONE_LEVEL_VERY_UNDERSERVED] / n, 0.5);
  EXPECT_NEAR(apl_population_sum / population, 4.0, 0.3);   // the national mean
  EXPECT_LT(apl_sum / n, apl_population_sum / population);  // small communes lack care
  std::printf(
      "communes in ZIP %.1f%%, ZAC %.1f%%, NONE %.1f%%; ZFRR %.1f%%; local aid %d; "
      "mean APL %.2f (by inhabitant %.2f); inhabitants in ZIP %.1f%%\n",
      100 * zoning_counts[v1::ZONING_ZIP] / n, 100 * zoning_counts[v1::ZONING_ZAC] / n,
      100 * zoning_counts[v1::ZONING_NONE] / n, 100 * zfrr / n, with_aid, apl_sum / n,
      apl_population_sum / population, 100 * zip_population / population);
}

TEST_F(TerritoryGenTest, SameSeedSameBytesAndIndependentOfOrder) {
  const Commune& nancy = Find("54395");
  const std::string alone = DeterministicBytes(MakeTerritory(nancy, *metropoles_, kSeed));
  // Generate many others first, and with the metropolises in reverse order.
  for (size_t i = 0; i < 1000; ++i) MakeTerritory((*communes_)[i], *metropoles_, kSeed);
  std::vector<Metropole> reversed(metropoles_->rbegin(), metropoles_->rend());
  EXPECT_EQ(DeterministicBytes(MakeTerritory(nancy, reversed, kSeed)), alone);
  EXPECT_EQ(DeterministicBytes(MakeTerritory(nancy, *metropoles_, kSeed)), alone);
  EXPECT_NE(DeterministicBytes(MakeTerritory(nancy, *metropoles_, kSeed + 1)), alone);
}

}  // namespace
}  // namespace matching::datagen
