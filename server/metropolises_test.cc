// The metropolises list (metropoles.csv) and what stored territories add to it.
#include "server/metropolises.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::server {
namespace {

using ::testing::HasSubstr;

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(MetropolisesTest, ReadsTheRepositorysList) {
  absl::StatusOr<std::vector<KnownMetropolis>> listed =
      ReadMetropolesCsv(MATCHING_SOURCE_DIR "/data/metropoles.csv");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 22u);
  const Metropolises metropolises(*listed, nullptr);
  EXPECT_TRUE(metropolises.IsKnown("nancy"));
  EXPECT_FALSE(metropolises.IsKnown("Nancy"));
  EXPECT_FALSE(metropolises.TerritoriesMayIntroduce());
  std::vector<KnownMetropolis> all = metropolises.All();
  auto find = [&](const std::string& id) {
    return *std::find_if(all.begin(), all.end(),
                         [&](const KnownMetropolis& m) { return m.id == id; });
  };
  EXPECT_EQ(find("nancy").name, "Métropole du Grand Nancy");
  EXPECT_EQ(find("nancy").department_code, "54");
  EXPECT_EQ(find("nice").department_code, "06");
  EXPECT_EQ(find("marseille").name, "Métropole d'Aix-Marseille-Provence");
}

TEST(MetropolisesTest, ErrorsNameTheFileTheLineAndTheField) {
  EXPECT_TRUE(absl::IsNotFound(ReadMetropolesCsv("/nonexistent/metropoles.csv").status()));
  const std::string no_centre = WriteFile("no_centre.csv", "id,name\nnancy,Nancy\n");
  EXPECT_THAT(std::string(ReadMetropolesCsv(no_centre).status().message()),
              HasSubstr("no_centre.csv:1: the header has no column 'centre_insee'"));
  const std::string twice = WriteFile(
      "twice.csv", "id,name,centre_insee\nnancy,\"Grand Nancy, la\",54395\nnancy,Nancy,54395\n");
  EXPECT_THAT(std::string(ReadMetropolesCsv(twice).status().message()),
              HasSubstr("twice.csv:3: id: 'nancy' is listed already on line 2"));
  const std::string bad_centre =
      WriteFile("bad_centre.csv", "id,name,centre_insee\r\nnancy,Nancy,99999\r\n");
  EXPECT_THAT(std::string(ReadMetropolesCsv(bad_centre).status().message()),
              HasSubstr("bad_centre.csv:2: centre_insee: '99999' is not an INSEE commune code"));
  const std::string bad_id =
      WriteFile("bad_id.csv", "name,centre_insee,id\nNancy,54395,grand nancy\n");
  EXPECT_THAT(std::string(ReadMetropolesCsv(bad_id).status().message()),
              HasSubstr("bad_id.csv:2: id: 'grand nancy' has a character outside"));
  const std::string quoted =
      WriteFile("quoted.csv", "id,name,centre_insee\nnancy,\"Grand Nancy, \"\"la\"\"\",54395\n");
  absl::StatusOr<std::vector<KnownMetropolis>> read = ReadMetropolesCsv(quoted);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ((*read)[0].name, "Grand Nancy, \"la\"");
}

TEST(MetropolisesTest, StoredTerritoriesDeclareMoreAndIntroduceThemWithoutAList) {
  index::MemoryIndex index;
  v1::Territory t;
  t.set_id("97411");
  t.set_department_code("974");
  v1::MetropolisAccess* access = t.add_metropolis_access();
  access->set_metropolis_id("saint-denis-re");
  access->set_name("CINOR");
  access->set_drive_minutes(0);
  index.PutTerritory(t);

  const Metropolises listed({{"nancy", "Métropole du Grand Nancy", "54"}}, &index);
  EXPECT_TRUE(listed.IsKnown("nancy"));
  EXPECT_TRUE(listed.IsKnown("saint-denis-re"));
  EXPECT_FALSE(listed.TerritoriesMayIntroduce());
  std::vector<KnownMetropolis> all = listed.All();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "nancy");
  EXPECT_EQ(all[1].id, "saint-denis-re");
  EXPECT_EQ(all[1].name, "CINOR");
  EXPECT_EQ(all[1].department_code, "974");

  const Metropolises unlisted({}, &index);
  EXPECT_TRUE(unlisted.TerritoriesMayIntroduce());
  EXPECT_FALSE(unlisted.IsKnown("nancy"));
  index.EraseTerritory("97411");
  EXPECT_FALSE(unlisted.IsKnown("saint-denis-re"));
  EXPECT_TRUE(unlisted.All().empty());
}

}  // namespace
}  // namespace matching::server
