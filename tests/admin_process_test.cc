// matchctl status and backup against matchd as real processes, and a restore from the copy.
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/weights.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

const std::string kExample = std::string(SOURCE_DIR) + "/data/examples/nancy.jsonl";

testing::RunResult Matchctl(const std::string& address, std::vector<std::string> args) {
  args.insert(args.begin(),
              {MATCHCTL_PATH, "--server", address, "--timeout", "10", "--language", "en"});
  return testing::Run(args);
}

TEST(AdminProcessTest, StatusAndBackupThenRestoreFromTheCopy) {
  const std::string dir = testing::MakeTempDir();
  {
    auto server = std::make_unique<testing::Matchd>(dir + "/data");
    ASSERT_EQ(Matchctl(server->address, {"import", kExample}).exit_code, 0);

    testing::RunResult status = Matchctl(server->address, {"status"});
    ASSERT_EQ(status.exit_code, 0) << status.output;
    EXPECT_THAT(status.output, HasSubstr("version          0.5.0"));
    EXPECT_THAT(status.output, HasSubstr("weights profile  " +
                                         std::string(matcher::kDefaultWeightsProfileVersion)));
    EXPECT_THAT(status.output, HasSubstr("territories      3\n"));
    EXPECT_THAT(status.output, HasSubstr("offers           2\n"));
    EXPECT_THAT(status.output, HasSubstr("candidates       1\n"));
    EXPECT_THAT(status.output, HasSubstr("data dir         " + dir + "/data"));
    EXPECT_THAT(status.output, HasSubstr("p50 ms"));
    EXPECT_THAT(status.output, ContainsRegex("matching.v1.CatalogService/ImportRecords +1 +0 "));

    testing::RunResult json = Matchctl(server->address, {"--json", "status"});
    ASSERT_EQ(json.exit_code, 0) << json.output;
    EXPECT_THAT(json.output, HasSubstr("\"territory_count\": \"3\""));

    testing::RunResult relative = Matchctl(server->address, {"backup", "--to", "relative/dir"});
    EXPECT_EQ(relative.exit_code, 1);
    EXPECT_THAT(relative.output, HasSubstr("destination_dir: 'relative/dir' is not an absolute"));

    testing::RunResult backup = Matchctl(server->address, {"backup", "--to", dir + "/backup"});
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    EXPECT_THAT(backup.output, HasSubstr("backup written to " + dir + "/backup"));
    EXPECT_THAT(backup.output, HasSubstr("3 territories, 2 offers, 1 candidates, 0 events"));

    // Written after the backup: not in the copy.
    const std::string later = dir + "/territories.csv";
    std::ofstream(later) << "id,name,department_code\n57463,Metz,57\n";
    ASSERT_EQ(Matchctl(server->address, {"import", later}).exit_code, 0);
    const int stopped = server->child->Signal(SIGTERM);
    ASSERT_TRUE(WIFEXITED(stopped));
  }
  // Restore: start matchd on the copy.
  testing::Matchd restored(dir + "/backup");
  EXPECT_EQ(Matchctl(restored.address, {"get", "candidate", "cand-gp-nancy-01"}).exit_code, 0);
  EXPECT_EQ(Matchctl(restored.address, {"get", "offer", "of-luneville-msp"}).exit_code, 0);
  testing::RunResult absent = Matchctl(restored.address, {"get", "territory", "57463"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_THAT(absent.output, HasSubstr("not found"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace matching
