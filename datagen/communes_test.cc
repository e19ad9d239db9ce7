#include "datagen/communes.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::datagen {
namespace {

using ::testing::HasSubstr;

const std::string kDataDir = std::string(MATCHING_SOURCE_DIR) + "/data";

// A scratch CSV file removed at the end of the test.
class TempCsv {
 public:
  explicit TempCsv(const std::string& contents)
      : path_(::testing::TempDir() + "/datagen_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv") {
    std::ofstream(path_) << contents;
  }
  ~TempCsv() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr char kCommunesHeader[] =
    "insee,name,department,region,population,lat,lon,epci,metropolis\n";

TEST(ReadCommunes, ReadsTheCommittedFile) {
  CommuneReadStats stats;
  absl::StatusOr<std::vector<Commune>> communes = ReadCommunes(kDataDir + "/communes.csv", &stats);
  ASSERT_TRUE(communes.ok()) << communes.status();
  EXPECT_GT(communes->size(), 34000u);
  EXPECT_EQ(stats.rows, static_cast<int64_t>(communes->size()) + stats.unplaced);
  EXPECT_GT(stats.unplaced, 0);
  EXPECT_LT(stats.unplaced, 200);
  EXPECT_EQ(stats.unplaced_insee.size(), static_cast<size_t>(stats.unplaced));

  const Commune* nancy = nullptr;
  for (const Commune& commune : *communes) {
    if (commune.insee == "54395") nancy = &commune;
  }
  ASSERT_NE(nancy, nullptr);
  EXPECT_EQ(nancy->name, "Nancy");
  EXPECT_EQ(nancy->department, "54");
  EXPECT_EQ(nancy->region, "44");
  EXPECT_EQ(nancy->metropolis, "nancy");
  EXPECT_GT(nancy->population, 90000);
  EXPECT_NEAR(nancy->lat, 48.68, 0.05);
  EXPECT_NEAR(nancy->lon, 6.18, 0.05);
}

TEST(ReadMetropoles, ReadsThe22Metropolises) {
  absl::StatusOr<std::vector<Metropole>> metropoles = ReadMetropoles(kDataDir + "/metropoles.csv");
  ASSERT_TRUE(metropoles.ok()) << metropoles.status();
  ASSERT_EQ(metropoles->size(), 22u);
  bool found_nancy = false;
  for (const Metropole& metropole : *metropoles) {
    if (metropole.id != "nancy") continue;
    found_nancy = true;
    EXPECT_EQ(metropole.name, "Métropole du Grand Nancy");
    EXPECT_EQ(metropole.centre_insee, "54395");
    EXPECT_EQ(metropole.communes, 20);
  }
  EXPECT_TRUE(found_nancy);
}

TEST(ReadCommunes, SkipsAndCountsCommunesWithoutCoordinates) {
  TempCsv csv(std::string(kCommunesHeader) +
              "01001,A,01,84,860,46.1,4.9,200069193,\n"
              "14666,\"Sannerville, quoted\",14,28,1905,,,200065597,\n");
  CommuneReadStats stats;
  absl::StatusOr<std::vector<Commune>> communes = ReadCommunes(csv.path(), &stats);
  ASSERT_TRUE(communes.ok()) << communes.status();
  ASSERT_EQ(communes->size(), 1u);
  EXPECT_EQ(stats.rows, 2);
  EXPECT_EQ(stats.unplaced, 1);
  EXPECT_THAT(stats.unplaced_insee, ::testing::ElementsAre("14666"));
}

TEST(ReadCommunes, ErrorsNameTheFileLineAndField) {
  TempCsv csv(std::string(kCommunesHeader) + "01001,A,01,84,860,46.1,4.9,,\n" +
              "01002,B,01,84,many,46.1,4.9,,\n");
  absl::StatusOr<std::vector<Commune>> communes = ReadCommunes(csv.path());
  ASSERT_EQ(communes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(communes.status().message(),
              HasSubstr(csv.path() + ":3: field 'population': 'many' is not an integer"));
}

TEST(ReadCommunes, RejectsOutOfRangeCoordinates) {
  TempCsv csv(std::string(kCommunesHeader) + "01001,A,01,84,860,146.1,4.9,,\n");
  absl::StatusOr<std::vector<Commune>> communes = ReadCommunes(csv.path());
  EXPECT_THAT(communes.status().message(), HasSubstr(":2: field 'lat': '146.1'"));
}

TEST(ReadCommunes, RejectsAWrongHeaderOrRowLength) {
  TempCsv wrong_header("insee,name\n01001,A\n");
  EXPECT_THAT(ReadCommunes(wrong_header.path()).status().message(),
              HasSubstr(":1: header is 'insee,name'; expected 'insee,name,department"));
  TempCsv short_row(std::string(kCommunesHeader) + "01001,A,01\n");
  EXPECT_THAT(ReadCommunes(short_row.path()).status().message(),
              HasSubstr(":2: row has 3 fields; the header has 9"));
}

TEST(ReadCommunes, MissingFileIsNotFound) {
  EXPECT_EQ(ReadCommunes(kDataDir + "/no-such-file.csv").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadMetropoles(kDataDir + "/no-such-file.csv").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ReadMetropoles, RequiresCoordinates) {
  TempCsv csv("id,name,siren,centre_insee,lat,lon,communes\nnancy,N,245400676,54395,,6.1,20\n");
  EXPECT_THAT(ReadMetropoles(csv.path()).status().message(),
              HasSubstr(":2: field 'lat': is empty"));
}

}  // namespace
}  // namespace matching::datagen
