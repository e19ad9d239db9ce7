// Where matchd looks for its reference data: installed tree, source tree, working directory.
#include "server/data_files.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/server.h"

namespace matching::server {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "x\n";
}

TEST(DataFilesTest, AnInstalledBinaryLooksInShareBesideItFirst) {
  // /usr/bin/matchd -> /usr/share/matching/data, and so for any prefix.
  EXPECT_THAT(DataDirCandidates("/usr/bin/matchd"),
              ElementsAre("/usr/share/matching/data", "data"));
  EXPECT_THAT(DataDirCandidates("/opt/x/bin/matchd"),
              ElementsAre("/opt/x/share/matching/data", "data"));
}

TEST(DataFilesTest, ABuildTreeInsideTheSourcesFindsTheSourcesData) {
  const fs::path sources = FreshDir("data_files_sources");
  Touch(sources / "CMakeLists.txt");
  Touch(sources / "data" / "aids.json");
  Touch(sources / "build" / "CMakeLists.txt");  // not a source tree: it has no data/
  const std::vector<std::string> dirs =
      DataDirCandidates((sources / "build" / "server" / "matchd").string());
  EXPECT_THAT(dirs, ElementsAre((sources / "build" / "share" / "matching" / "data").string(),
                                (sources / "data").string(), "data"));
}

TEST(DataFilesTest, ADirectoryNamedDataIsNotASourceTreeWithoutCMakeLists) {
  const fs::path root = FreshDir("data_files_plain");
  Touch(root / "data" / "aids.json");  // e.g. a /data volume in a container
  EXPECT_THAT(DataDirCandidates((root / "bin" / "matchd").string()),
              ElementsAre((root / "share" / "matching" / "data").string(), "data"));
}

TEST(DataFilesTest, ThisTestBinaryFindsTheRepositorysFilesAndSaysWhereItLooked) {
  // The test binary sits in the build tree; the repository's data/ is found by walking up.
  std::vector<std::string> looked;
  const std::string aids = FindDataFile("aids.json", &looked);
  EXPECT_THAT(aids, EndsWith("/data/aids.json"));
  EXPECT_TRUE(fs::equivalent(aids, fs::path(MATCHING_SOURCE_DIR) / "data" / "aids.json"));
  EXPECT_EQ(looked.back(), aids);
  EXPECT_EQ(DefaultAidsFile(), aids);
  EXPECT_THAT(DefaultMetropolesFile(), EndsWith("/data/metropoles.csv"));

  looked.clear();
  EXPECT_EQ(FindDataFile("no-such-file.json", &looked), "");
  ASSERT_FALSE(looked.empty());
  EXPECT_THAT(looked.front(), EndsWith("/share/matching/data/no-such-file.json"));
  EXPECT_EQ(looked.back(), "data/no-such-file.json");
}

TEST(DataFilesTest, StartWithoutAidRulesNamesWhereItLooked) {
  ServerConfig config;
  config.data_dir = (FreshDir("data_files_store") / "store").string();
  config.listen = "127.0.0.1:0";
  config.aids_file = "";
  config.metropoles_file = "";
  absl::StatusOr<std::unique_ptr<MatchServer>> server = MatchServer::Start(config);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(server.status().message(), HasSubstr("/share/matching/data/aids.json"));
  EXPECT_THAT(server.status().message(), HasSubstr("--aids_file"));
}

}  // namespace
}  // namespace matching::server
