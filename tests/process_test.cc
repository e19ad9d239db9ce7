// matchd and matchctl as real processes: import, kill -9, restart, independent client.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kExample = std::string(SOURCE_DIR) + "/data/examples/nancy.jsonl";

testing::RunResult Matchctl(const std::string& address, std::vector<std::string> args) {
  // English, to match the messages below (matchctl speaks French by default; the French
  // output is checked in spreadsheet_e2e_test).
  args.insert(args.begin(),
              {MATCHCTL_PATH, "--server", address, "--timeout", "10", "--language", "en"});
  return testing::Run(args);
}

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string data_dir() const { return dir_ + "/data"; }
  std::string dir_;
};

TEST_F(ProcessTest, ImportedRecordSurvivesKillDashNineAndIsReadFromPython) {
  auto first = std::make_unique<testing::Matchd>(data_dir());
  testing::RunResult imported = Matchctl(first->address, {"import", kExample});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("6 accepted (3 territories, 2 offers, 1 candidates)"));

  const int status = first->child->Signal(SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));
  first.reset();

  testing::Matchd second(data_dir());
  testing::RunResult got =
      Matchctl(second.address, {"--json", "get", "candidate", "cand-gp-nancy-01"});
  ASSERT_EQ(got.exit_code, 0) << got.output;
  EXPECT_THAT(got.output, HasSubstr("\"max_drive_minutes\": 50"));

  // An independent client, generated from proto/ alone.
  testing::RunResult python = testing::Run(
      {"/usr/bin/env", "PYTHONPATH=" + std::string(PYTHON_STUBS_DIR), "/usr/bin/python3",
       std::string(SOURCE_DIR) + "/tests/python_client.py", second.address, "cand-gp-nancy-01"});
  ASSERT_EQ(python.exit_code, 0) << python.output;
  EXPECT_THAT(python.output, HasSubstr("\"id\": \"cand-gp-nancy-01\""));
  EXPECT_THAT(python.output, HasSubstr("\"children_ages\": [2, 7]"));
  EXPECT_THAT(python.output,
              HasSubstr("error INVALID_ARGUMENT territory.location.lat: 123.4 is outside "
                        "[-90, 90]"));
}

TEST_F(ProcessTest, CsvImportReportsLineAndFieldAndKeepsGoodRows) {
  testing::Matchd server(data_dir());
  const std::string csv = dir_ + "/territories.csv";
  std::ofstream(csv) << "id,name,department_code,location.lat,location.lon\n"
                        "54431,Lunéville,54,48.59,6.50\n"
                        "54999,Nowhere,54,123.4,6.0\n"
                        "55029,Bar-le-Duc,55,48.77,5.16\n";
  testing::RunResult imported = Matchctl(server.address, {"import", csv});
  EXPECT_EQ(imported.exit_code, 2) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("2 accepted"));
  EXPECT_THAT(imported.output,
              HasSubstr("line 3 ('54999'): territory.location.lat: 123.4 is outside [-90, 90]"));
  testing::RunResult listed = Matchctl(server.address, {"list", "territories"});
  EXPECT_THAT(listed.output, HasSubstr("Lunéville"));
  EXPECT_THAT(listed.output, HasSubstr("Bar-le-Duc"));
  EXPECT_THAT(listed.output, Not(HasSubstr("Nowhere")));
}

TEST_F(ProcessTest, SigtermShutsDownCleanlyAndReleasesTheDirectory) {
  auto server = std::make_unique<testing::Matchd>(data_dir());
  ASSERT_EQ(Matchctl(server->address, {"import", kExample}).exit_code, 0);
  const int status = server->child->Signal(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  server.reset();
  testing::Matchd again(data_dir());  // the RocksDB lock was released
  EXPECT_EQ(Matchctl(again.address, {"get", "offer", "of-luneville-msp"}).exit_code, 0);
}

TEST_F(ProcessTest, SigintStopsCleanlyAndBadFlagsAreRefused) {
  auto server = std::make_unique<testing::Matchd>(data_dir());
  ASSERT_EQ(Matchctl(server->address, {"import", kExample}).exit_code, 0);
  const int status = server->child->Signal(SIGINT);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  server.reset();
  testing::Matchd again(data_dir());
  EXPECT_EQ(Matchctl(again.address, {"get", "territory", "54431"}).exit_code, 0);

  testing::RunResult loud = testing::Run({MATCHD_PATH, "--data_dir", dir_ + "/other", "--listen",
                                          "127.0.0.1:0", "--log_level", "loud"});
  EXPECT_NE(loud.exit_code, 0);
  EXPECT_THAT(loud.output, HasSubstr("--log_level"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/other"));  // refused before touching anything
}

TEST_F(ProcessTest, ForeignDataDirectoryIsAClearErrorAtStart) {
  std::filesystem::create_directories(data_dir());
  std::ofstream(data_dir() + "/thesis.pdf") << "not a database";
  testing::RunResult started = testing::Run(
      {MATCHD_PATH, "--data_dir", data_dir(), "--listen", "127.0.0.1:0", "--insecure_no_auth"});
  EXPECT_EQ(started.exit_code, 1);
  EXPECT_THAT(started.output, HasSubstr("is not empty and holds no matchd store"));
}

// A portal's drop-down from the command line, and an import naming a metropolis wrongly.
TEST_F(ProcessTest, MetropolisListFromTheCommandLine) {
  const std::string metropoles = std::string(SOURCE_DIR) + "/data/metropoles.csv";
  testing::Matchd server(data_dir(), {"--insecure_no_auth", "--metropoles", metropoles});
  testing::RunResult listed = Matchctl(server.address, {"metropolis", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, ::testing::ContainsRegex("id +name +department"));
  EXPECT_THAT(listed.output, ::testing::ContainsRegex("nancy +Métropole du Grand Nancy +54"));
  EXPECT_THAT(listed.output, HasSubstr("22 metropolises"));
  testing::RunResult json = Matchctl(server.address, {"--json", "metropolis", "list"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_THAT(json.output, HasSubstr("\"id\": \"nancy\""));
  EXPECT_THAT(json.output, HasSubstr("\"department_code\": \"54\""));

  const std::string jsonl = dir_ + "/households.jsonl";
  std::ofstream(jsonl) << R"({"candidate": {"id": "c1", "profession": "PROFESSION_GP", )"
                          R"("metropolis_ids": ["Nancy"]}})"
                       << "\n";
  testing::RunResult imported = Matchctl(server.address, {"import", jsonl});
  EXPECT_EQ(imported.exit_code, 2) << imported.output;
  EXPECT_THAT(imported.output,
              HasSubstr("candidate.metropolis_ids[0]: 'Nancy' is not a known metropolis; did you "
                        "mean 'nancy'?"));

  testing::RunResult missing =
      testing::Run({MATCHD_PATH, "--data_dir", dir_ + "/other", "--listen", "127.0.0.1:0",
                    "--insecure_no_auth", "--metropoles", dir_ + "/none.csv"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("none.csv"));
}

TEST_F(ProcessTest, MatchdRefusesToStartWithoutAccessControl) {
  testing::RunResult started =
      testing::Run({MATCHD_PATH, "--data_dir", data_dir(), "--listen", "127.0.0.1:0"});
  EXPECT_NE(started.exit_code, 0);
  EXPECT_THAT(started.output, HasSubstr("refusing to start without access control"));
  EXPECT_THAT(started.output, HasSubstr("--insecure_no_auth"));
  EXPECT_FALSE(std::filesystem::exists(data_dir()));  // refused before touching anything
}

TEST_F(ProcessTest, PlaintextOnANonLoopbackAddressNeedsAnExplicitFlag) {
  // Before: a warning in the log, and keys and profiles served in clear to the network.
  testing::RunResult refused = testing::Run(
      {MATCHD_PATH, "--data_dir", data_dir(), "--listen", "0.0.0.0:0", "--insecure_no_auth"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("--listen '0.0.0.0:0' is reachable from other machines"));
  EXPECT_THAT(refused.output, HasSubstr("--allow_plaintext_non_loopback"));
  EXPECT_FALSE(std::filesystem::exists(data_dir()));  // refused before touching anything
  testing::RunResult any_v6 = testing::Run(
      {MATCHD_PATH, "--data_dir", data_dir(), "--listen", "[::]:0", "--insecure_no_auth"});
  EXPECT_EQ(any_v6.exit_code, 1);
  EXPECT_THAT(any_v6.output, HasSubstr("--allow_plaintext_non_loopback"));

  // With the flag it serves (and says so); loopback needs no flag (every other test).
  testing::Child allowed({MATCHD_PATH, "--data_dir", data_dir(), "--listen", "0.0.0.0:0",
                          "--insecure_no_auth", "--allow_plaintext_non_loopback"});
  EXPECT_THAT(allowed.ReadLine(), HasSubstr("matchd: serving on 0.0.0.0:"));
  EXPECT_EQ(allowed.Signal(SIGTERM), 0);
}

TEST_F(ProcessTest, KeyFromMatchctlKeysAddWorksAndSighupLoadsNewKeys) {
  const std::string keys_file = dir_ + "/keys.json";
  auto add_key = [&](const std::string& role) {
    testing::RunResult added =
        testing::Run({MATCHCTL_PATH, "keys", "add", "--role", role, "--organization", "org-a",
                      "--label", "test", "--keys_file", keys_file});
    EXPECT_EQ(added.exit_code, 0) << added.output;
    return added.output.substr(0, added.output.find('\n'));
  };
  const std::string admin_key = add_key("admin");
  ASSERT_EQ(admin_key.size(), 64u);
  EXPECT_EQ(std::filesystem::status(keys_file).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::stringstream stored;
  stored << std::ifstream(keys_file).rdbuf();
  EXPECT_THAT(stored.str(), Not(HasSubstr(admin_key)));  // only its hash

  testing::Matchd server(data_dir(), {"--keys_file", keys_file});
  testing::RunResult anonymous = Matchctl(server.address, {"import", kExample});
  EXPECT_NE(anonymous.exit_code, 0);
  EXPECT_THAT(anonymous.output, HasSubstr("missing API key"));
  testing::RunResult imported =
      Matchctl(server.address, {"--api_key", admin_key, "import", kExample});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("6 accepted"));

  // A key added after the start works once matchd has re-read the file (SIGHUP).
  const std::string reader_key = add_key("reader");
  EXPECT_NE(
      Matchctl(server.address, {"--api_key", reader_key, "get", "territory", "54431"}).exit_code,
      0);
  kill(server.child->pid(), SIGHUP);
  testing::RunResult got;
  for (int attempt = 0; attempt < 50; ++attempt) {
    got = Matchctl(server.address, {"--api_key", reader_key, "get", "territory", "54431"});
    if (got.exit_code == 0) break;
    usleep(100 * 1000);
  }
  EXPECT_EQ(got.exit_code, 0) << got.output;
  testing::RunResult denied =
      Matchctl(server.address, {"--api_key", reader_key, "delete", "territory", "54431"});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_THAT(denied.output, HasSubstr("may not make this call"));
}

TEST_F(ProcessTest, CampaignFromTheCommandLine) {
  testing::Matchd server(data_dir());
  ASSERT_EQ(Matchctl(server.address, {"import", kExample}).exit_code, 0);
  testing::RunResult created =
      Matchctl(server.address, {"campaign", "create", "camp-ge", "--name", "Grand Est 2027",
                                "--regions", "44", "--professions", "gp", "--per_household", "2"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  EXPECT_THAT(created.output, HasSubstr("campaign camp-ge: Grand Est 2027; optimal"));
  // --joint: dual-career households apply for pairs of posts (the option the plan reads).
  testing::RunResult joint = Matchctl(
      server.address, {"--json", "campaign", "create", "camp-joint", "--joint", "--regions", "44"});
  ASSERT_EQ(joint.exit_code, 0) << joint.output;
  EXPECT_THAT(joint.output, ContainsRegex("\"joint\": ?true"));
  testing::RunResult single =
      Matchctl(server.address, {"--json", "campaign", "create", "camp-single", "--regions", "44"});
  ASSERT_EQ(single.exit_code, 0) << single.output;
  EXPECT_THAT(single.output, Not(HasSubstr("joint")));
  testing::RunResult bad =
      Matchctl(server.address, {"campaign", "create", "camp-x", "--professions", "astronaut"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("--professions: 'astronaut'"));

  testing::RunResult planned = Matchctl(server.address, {"campaign", "plan", "camp-ge"});
  ASSERT_EQ(planned.exit_code, 0) << planned.output;
  EXPECT_THAT(planned.output, HasSubstr("baseline (own top-k)"));
  EXPECT_THAT(planned.output, HasSubstr("under-served posts reached"));
  EXPECT_THAT(planned.output, HasSubstr("network simplex"));
  // The household's one gated post in Grand Est (Bar-le-Duc is beyond its limits).
  EXPECT_THAT(planned.output, HasSubstr("1 households, 2 posts, 1 candidate pairs"));
  EXPECT_THAT(Matchctl(server.address, {"campaign", "list"}).output, HasSubstr("camp-ge"));

  testing::RunResult filled = Matchctl(server.address, {"campaign", "outcome", "camp-ge", "--offer",
                                                        "of-luneville-msp", "--kind", "filled"});
  ASSERT_EQ(filled.exit_code, 0) << filled.output;
  EXPECT_THAT(filled.output, HasSubstr("1 outcomes"));
  testing::RunResult replanned = Matchctl(server.address, {"campaign", "plan", "camp-ge"});
  ASSERT_EQ(replanned.exit_code, 0) << replanned.output;
  EXPECT_THAT(replanned.output, HasSubstr("changes: 0 added, 1 removed"));

  const std::string report = dir_ + "/report";
  testing::RunResult reported =
      Matchctl(server.address, {"campaign", "report", "camp-ge", "--out", report});
  ASSERT_EQ(reported.exit_code, 0) << reported.output;
  std::ifstream csv(report + "/proposals.csv");
  std::stringstream rows;
  rows << csv.rdbuf();
  EXPECT_THAT(rows.str(), HasSubstr("candidate_id,offer_id,score"));
  EXPECT_THAT(rows.str(), Not(HasSubstr("of-luneville-msp")));  // filled: not proposed again
  EXPECT_TRUE(std::filesystem::exists(report + "/index.html"));
  EXPECT_THAT(Matchctl(server.address, {"campaign", "delete", "camp-ge"}).output,
              HasSubstr("deleted"));
}

TEST_F(ProcessTest, RankAndExplainFromTheCommandLine) {
  testing::Matchd server(data_dir());
  ASSERT_EQ(Matchctl(server.address, {"import", kExample}).exit_code, 0);
  testing::RunResult ranked =
      Matchctl(server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01"});
  ASSERT_EQ(ranked.exit_code, 0) << ranked.output;
  // Row 1 is the offer that fits the family, row 2 the one that fits only the job.
  const size_t first = ranked.output.find("of-luneville-msp");
  const size_t second = ranked.output.find("of-barleduc-msp");
  ASSERT_NE(first, std::string::npos) << ranked.output;
  EXPECT_LT(first, second);
  EXPECT_THAT(ranked.output, HasSubstr("42 min Métropole du Grand Nancy"));
  // --scores_only: the same order, without the criteria (JSON shows what the answer holds).
  testing::RunResult scores = Matchctl(server.address, {"--json", "rank", "offers", "--candidate",
                                                        "cand-gp-nancy-01", "--scores_only"});
  ASSERT_EQ(scores.exit_code, 0) << scores.output;
  EXPECT_LT(scores.output.find("of-luneville-msp"), scores.output.find("of-barleduc-msp"));
  EXPECT_THAT(scores.output, Not(HasSubstr("reason_code"))) << scores.output;
  EXPECT_THAT(
      Matchctl(server.address, {"--json", "rank", "offers", "--candidate", "cand-gp-nancy-01"})
          .output,
      HasSubstr("reason_code"));

  testing::RunResult explained =
      Matchctl(server.address, {"explain", "--candidate", "cand-gp-nancy-01", "--offer",
                                "of-luneville-msp", "--language", "en"});
  ASSERT_EQ(explained.exit_code, 0) << explained.output;
  EXPECT_THAT(explained.output, HasSubstr("spouse_job"));
  EXPECT_THAT(explained.output, HasSubstr("42 min to Métropole du Grand Nancy"));

  // --weights: a negative weight is refused, naming it.
  const std::string weights = dir_ + "/weights.json";
  std::ofstream(weights) << R"({"family": 0, "spouse_job": -1})";
  testing::RunResult refused = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--weights", weights});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("spouse_job"));

  // A valid file: the household criteria weigh nothing, so both offers (same job) score
  // closer, and the explanation shows the weights used.
  std::ofstream(weights, std::ios::trunc)
      << R"({"family": 0, "spouse_job": 0, "housing": 0, "proximity": 0})";
  testing::RunResult reweighted =
      Matchctl(server.address, {"explain", "--candidate", "cand-gp-nancy-01", "--offer",
                                "of-barleduc-msp", "--weights", weights, "--language", "en"});
  ASSERT_EQ(reweighted.exit_code, 0) << reweighted.output;
  EXPECT_THAT(reweighted.output, ::testing::ContainsRegex("family +0\\.00"));
  EXPECT_THAT(reweighted.output, ::testing::ContainsRegex("setting +2\\.00"));

  // --combination candidate_only: the score is the candidate side.
  testing::RunResult one_sided =
      Matchctl(server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01",
                                "--combination", "candidate_only", "--setting", "msp"});
  ASSERT_EQ(one_sided.exit_code, 0) << one_sided.output;
  std::istringstream rows(one_sided.output);
  std::string line;
  int checked = 0;
  while (std::getline(rows, line)) {
    std::istringstream cells(line);
    std::string rank, score, candidate_side;
    cells >> rank >> score >> candidate_side;
    if ((rank != "1" && rank != "2") || score.find('.') == std::string::npos) continue;
    EXPECT_EQ(score, candidate_side) << line;
    ++checked;
  }
  EXPECT_EQ(checked, 1) << one_sided.output;  // of-barleduc-msp is beyond the drive limit
  testing::RunResult bad_setting = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--setting", "castle"});
  EXPECT_EQ(bad_setting.exit_code, 1);
  EXPECT_THAT(bad_setting.output, HasSubstr("--setting: 'castle'"));

  testing::RunResult recruiter =
      Matchctl(server.address, {"--json", "rank", "candidates", "--offer", "of-luneville-msp"});
  ASSERT_EQ(recruiter.exit_code, 0) << recruiter.output;
  EXPECT_THAT(recruiter.output, HasSubstr("\"candidate_id\": \"cand-gp-nancy-01\""));
}

TEST_F(ProcessTest, EventPlanAndAgendasFromTheCommandLine) {
  testing::Matchd server(data_dir());
  const std::string examples = std::string(SOURCE_DIR) + "/data/examples/";
  ASSERT_EQ(Matchctl(server.address, {"import", kExample}).exit_code, 0);
  ASSERT_EQ(Matchctl(server.address, {"import", examples + "job-dating.jsonl"}).exit_code, 0);
  testing::RunResult created =
      Matchctl(server.address, {"event", "create", examples + "job-dating-event.json"});
  ASSERT_EQ(created.exit_code, 0) << created.output;

  testing::RunResult planned = Matchctl(server.address, {"event", "plan", "ev-paris-2027-03"});
  ASSERT_EQ(planned.exit_code, 0) << planned.output;
  EXPECT_THAT(planned.output, HasSubstr("CPTS du Lunévillois"));      // a booth column
  EXPECT_THAT(planned.output, HasSubstr("09:00-09:20"));              // a slot row
  EXPECT_THAT(planned.output, HasSubstr("4 inscrits servis sur 4"));  // --language fr default
  EXPECT_THAT(planned.output, HasSubstr("borne supérieure"));
  EXPECT_THAT(planned.output, HasSubstr("vendredi 12 mars 2027"));
  testing::RunResult english =
      Matchctl(server.address, {"event", "plan", "ev-paris-2027-03", "--language", "en"});
  EXPECT_THAT(english.output, HasSubstr("4 of 4 registrants served"));
  EXPECT_THAT(english.output, HasSubstr("upper bound"));

  // The agendas as first communicated, and a file of the organiser's own beside them.
  const std::string out = dir_ + "/agendas";
  testing::RunResult first =
      Matchctl(server.address, {"event", "agenda", "ev-paris-2027-03", "--out", out});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_TRUE(std::filesystem::exists(out + "/ics/candidate-cand-gp-paris-03.ics"));
  std::ofstream(out + "/notes-organisateur.txt") << "appeler la CPTS";

  // A cancellation, then a re-plan that reports it.
  testing::RunResult cancelled = Matchctl(
      server.address, {"event", "cancel", "ev-paris-2027-03", "--candidate", "cand-gp-paris-03"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.output;
  testing::RunResult replanned = Matchctl(server.address, {"event", "plan", "ev-paris-2027-03"});
  ASSERT_EQ(replanned.exit_code, 0) << replanned.output;
  EXPECT_THAT(replanned.output, HasSubstr("REMOVED"));
  EXPECT_THAT(replanned.output, HasSubstr("3 inscrits servis sur 3"));

  testing::RunResult agenda =
      Matchctl(server.address, {"event", "agenda", "ev-paris-2027-03", "--out", out});
  ASSERT_EQ(agenda.exit_code, 0) << agenda.output;
  std::ifstream ics(out + "/ics/candidate-cand-gp-nancy-01.ics");
  std::stringstream calendar;
  calendar << ics.rdbuf();
  EXPECT_THAT(calendar.str(), HasSubstr("BEGIN:VEVENT"));
  EXPECT_THAT(calendar.str(), HasSubstr("DTSTART;TZID=Europe/Paris:20270312T"));
  std::ifstream html(out + "/html/booth-b-luneville.html");
  std::stringstream page;
  page << html.rdbuf();
  EXPECT_THAT(page.str(), HasSubstr("CPTS du Lunévillois"));
  EXPECT_THAT(page.str(), HasSubstr("cand-gp-nancy-01"));
  EXPECT_THAT(page.str(), HasSubstr("Médecin généraliste en MSP, Lunéville"));  // offer title
  // The recruiter's briefing: who the household is, what it looks for, why they meet.
  EXPECT_THAT(page.str(), HasSubstr("Médecin généraliste, 6 ans d&#39;expérience"));
  EXPECT_THAT(page.str(), HasSubstr("Recherche :"));
  EXPECT_THAT(page.str(), HasSubstr("Points forts de la rencontre"));
  // The candidate's page: the offer and what the territory offers the household, no score.
  std::ifstream mine(out + "/html/candidate-cand-gp-nancy-01.html");
  std::stringstream candidate_page;
  candidate_page << mine.rdbuf();
  EXPECT_THAT(candidate_page.str(), HasSubstr("Ce que le territoire offre à votre foyer"));
  EXPECT_THAT(candidate_page.str(), Not(HasSubstr("core")));  // neither Score nor score
  // The spreadsheet French Excel opens in columns.
  std::ifstream csv_file(out + "/agenda.csv", std::ios::binary);
  std::stringstream csv;
  csv << csv_file.rdbuf();
  EXPECT_EQ(csv.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv.str(), HasSubstr("\"12/03/2027\";\"09:"));
  // The directory reflects the current plan: the cancelled candidate's files are gone, the
  // organiser's own file is kept.
  EXPECT_THAT(agenda.output, HasSubstr("removed 2 files"));
  EXPECT_FALSE(std::filesystem::exists(out + "/ics/candidate-cand-gp-paris-03.ics"));
  EXPECT_FALSE(std::filesystem::exists(out + "/html/candidate-cand-gp-paris-03.html"));
  EXPECT_TRUE(std::filesystem::exists(out + "/notes-organisateur.txt"));
  EXPECT_TRUE(std::filesystem::exists(out + "/programme.html"));
}

TEST_F(ProcessTest, DemoLoadsEveryCommuneAndLabelsWhatIsSynthetic) {
  testing::Matchd server(data_dir());
  const std::string data = std::string(SOURCE_DIR) + "/data/";
  testing::RunResult loaded =
      Matchctl(server.address, {"demo", "load", "--communes", data + "communes.csv", "--metropoles",
                                data + "metropoles.csv", "--offers", "300", "--candidates", "300"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.output;
  // Every placed commune, every generated record passes the server's validation.
  EXPECT_THAT(loaded.output, ::testing::ContainsRegex(
                                 "(3[4-5][0-9]{3}) territories, 300 offers, 300 candidates\\), 0 "
                                 "rejected"));
  testing::RunResult nancy = Matchctl(server.address, {"--json", "get", "territory", "54395"});
  ASSERT_EQ(nancy.exit_code, 0) << nancy.output;
  EXPECT_THAT(nancy.output, HasSubstr("\"name\": \"Nancy\""));
  EXPECT_THAT(nancy.output, HasSubstr("\"drive_minutes_estimated\": true"));
  EXPECT_THAT(nancy.output, HasSubstr("\"synthetic_fields\""));

  // Finding territories on the real map.
  testing::RunResult conde = Matchctl(server.address, {"territory", "search", "Conde"});
  ASSERT_EQ(conde.exit_code, 0) << conde.output;
  EXPECT_THAT(conde.output, HasSubstr("59153"));
  EXPECT_THAT(conde.output, HasSubstr("Condé-sur-l'Escaut"));
  testing::RunResult members = Matchctl(
      server.address, {"territory", "search", "--metropolis", "nancy", "--page_size", "100"});
  ASSERT_EQ(members.exit_code, 0) << members.output;
  EXPECT_THAT(members.output, HasSubstr("Vandœuvre-lès-Nancy"));
  EXPECT_THAT(members.output, HasSubstr("20 territories"));  // the 20 member communes
  testing::RunResult near = Matchctl(
      server.address,
      {"territory", "search", "--near", "48.6921,6.1844", "--radius", "5", "--page_size", "3"});
  ASSERT_EQ(near.exit_code, 0) << near.output;
  EXPECT_THAT(near.output, HasSubstr("Nancy"));
  EXPECT_THAT(near.output, HasSubstr(" km"));
  testing::RunResult bad =
      Matchctl(server.address, {"territory", "search", "--near", "123,6", "--radius", "5"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("near.lat: 123 is outside [-90, 90]"));

  ASSERT_EQ(Matchctl(server.address, {"import", kExample}).exit_code, 0);
  testing::RunResult ranked = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--top_k", "50"});
  ASSERT_EQ(ranked.exit_code, 0) << ranked.output;
  EXPECT_THAT(ranked.output, HasSubstr("42 min Métropole du Grand Nancy"));  // imported, measured
  if (ranked.output.find("of-") != ranked.output.rfind("of-")) {  // generated offers ranked too
    EXPECT_THAT(ranked.output, ::testing::ContainsRegex("~[0-9]+ (min|h) "));  // estimated
  }
  testing::RunResult explained = Matchctl(
      server.address,
      {"explain", "--candidate", "cand-gp-nancy-01", "--offer", "of-0", "--language", "en"});
  // of-0 is a generated offer; unless it is in one of the example's hand-written
  // territories, its amenities are synthetic and its metropolis minutes estimated.
  testing::RunResult offer = Matchctl(server.address, {"--json", "get", "offer", "of-0"});
  ASSERT_EQ(offer.exit_code, 0) << offer.output;
  if (offer.output.find("\"territory_id\": \"54431\"") == std::string::npos &&
      offer.output.find("\"territory_id\": \"55029\"") == std::string::npos &&
      offer.output.find("\"territory_id\": \"54395\"") == std::string::npos) {
    ASSERT_EQ(explained.exit_code, 0) << explained.output;
    EXPECT_THAT(explained.output, HasSubstr("(synthetic demo data)"));
  }
}

TEST_F(ProcessTest, MatchctlErrorsNameTheProblem) {
  testing::Matchd server(data_dir());
  testing::RunResult missing = Matchctl(server.address, {"get", "territory", "00000"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("territory '00000' not found"));
  testing::RunResult unreachable = testing::Run(
      {MATCHCTL_PATH, "--server", "127.0.0.1:1", "--timeout", "2", "get", "territory", "x"});
  EXPECT_EQ(unreachable.exit_code, 1);
}

}  // namespace
}  // namespace matching
