// Issue 20, points 1 and 2, end to end: matchd and matchctl as processes. Spreadsheets as
// French agencies keep them (import, templates, export round trips, consent on export,
// demo data found from anywhere) and one language at a time in what matchctl prints.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = SOURCE_DIR;
const std::string kExamples = kSource + "/data/examples/";

testing::RunResult Matchctl(const std::string& address, std::vector<std::string> args) {
  args.insert(args.begin(), {MATCHCTL_PATH, "--server", address, "--timeout", "10"});
  return testing::Run(args);
}

std::string ReadFile(const std::string& path) {
  std::stringstream bytes;
  bytes << std::ifstream(path, std::ios::binary).rdbuf();
  return bytes.str();
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

class SpreadsheetE2ETest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// The issue's file: French Excel's "CSV (séparateur : point-virgule)" of an offers sheet,
// named offres.csv, no --kind: BOM, ';', CRLF, decimal comma, spaced thousands with a
// no-break space, 01053 saved as 1053, oui/non, JJ/MM/AAAA.
TEST_F(SpreadsheetE2ETest, FrenchExcelOffersFileIsImportedAndStoredAsMeant) {
  testing::Matchd server(dir_ + "/data");
  testing::RunResult territories =
      Matchctl(server.address, {"import", kExamples + "territoires.csv"});
  ASSERT_EQ(territories.exit_code, 0) << territories.output;
  const std::string offers = dir_ + "/offres.csv";
  std::ofstream(offers, std::ios::binary)
      << "\xEF\xBB\xBFid;territory_id;title;profession;setting;start_date;part_time_possible;"
         "trial_possible;installation_bonus_eur;positions\r\n"
         "of-bourg;1053;\"Médecin généraliste; MSP\";gp;msp;12/03/2027;oui;non;"
         "\"10\xC2\xA0"
         "000,5\";2\r\n"
         "of-amberieu;1004;IDE;nurse;health_centre;1/9/2027;Non;Oui;3 000;1\r\n"
         "of-bad-date;1004;IDE;nurse;msp;2027/09/01;non;non;0;1\r\n";
  testing::RunResult imported = Matchctl(server.address, {"import", offers});
  EXPECT_EQ(imported.exit_code, 2) << imported.output;  // one bad date
  // The summary says how the file was read, in French by default.
  EXPECT_THAT(imported.output, HasSubstr("CSV séparé par ';', UTF-8 avec BOM"));
  EXPECT_THAT(imported.output, HasSubstr("2 acceptés (0 territoires, 2 offres, 0 candidats)"));
  EXPECT_THAT(imported.output, HasSubstr("« 1053 » lu comme le code INSEE « 01053 »"));
  EXPECT_THAT(imported.output,
              HasSubstr("ligne 4 : start_date: '2027/09/01' is not a date; expected JJ/MM/AAAA"));

  testing::RunResult bourg = Matchctl(server.address, {"--json", "get", "offer", "of-bourg"});
  ASSERT_EQ(bourg.exit_code, 0) << bourg.output;
  EXPECT_THAT(bourg.output, HasSubstr("\"territory_id\": \"01053\""));
  EXPECT_THAT(bourg.output, HasSubstr("\"title\": \"Médecin généraliste; MSP\""));
  EXPECT_THAT(bourg.output, HasSubstr("\"start_date\": \"2027-03-12\""));
  EXPECT_THAT(bourg.output, HasSubstr("\"part_time_possible\": true"));
  EXPECT_THAT(bourg.output, Not(HasSubstr("trial_possible")));  // non: false, the default
  EXPECT_THAT(bourg.output, HasSubstr("\"installation_bonus_eur\": 10000.5"));
  EXPECT_THAT(bourg.output, HasSubstr("\"positions\": 2"));
  testing::RunResult amberieu = Matchctl(server.address, {"--json", "get", "offer", "of-amberieu"});
  ASSERT_EQ(amberieu.exit_code, 0) << amberieu.output;
  EXPECT_THAT(amberieu.output, HasSubstr("\"territory_id\": \"01004\""));
  EXPECT_THAT(amberieu.output, HasSubstr("\"start_date\": \"2027-09-01\""));
  EXPECT_THAT(amberieu.output, HasSubstr("\"installation_bonus_eur\": 3000"));
  EXPECT_THAT(amberieu.output, HasSubstr("\"trial_possible\": true"));

  // The same in English, and a file saved as Windows-1252 is converted, and said so.
  const std::string latin1 = dir_ + "/offres-latin1.csv";
  std::ofstream(latin1, std::ios::binary) << "id,territory_id,title,profession\n"
                                             "of-latin1,01053,M\xE9"
                                             "decin,gp\n";
  testing::RunResult converted = Matchctl(server.address, {"--language", "en", "import", latin1});
  ASSERT_EQ(converted.exit_code, 0) << converted.output;
  EXPECT_THAT(converted.output, HasSubstr("CSV separated by ',', UTF-8, 1 lines read as "
                                          "Windows-1252 and converted to UTF-8"));
  EXPECT_THAT(converted.output, HasSubstr("1 accepted (0 territories, 1 offers, 0 candidates)"));
  EXPECT_THAT(Matchctl(server.address, {"--json", "get", "offer", "of-latin1"}).output,
              HasSubstr("\"title\": \"Médecin\""));
}

// data/examples has a template per kind with every column; each imports whole, and
// `matchctl template` prints the same header.
TEST_F(SpreadsheetE2ETest, TemplatesHaveEveryColumnAndImport) {
  testing::Matchd server(dir_ + "/data");
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"territory", "territoires.csv"}, {"offer", "offres.csv"}, {"candidate", "candidats.csv"}};
  for (const auto& [kind, file] : kinds) {
    testing::RunResult header = Matchctl(server.address, {"template", kind, "--excel"});
    ASSERT_EQ(header.exit_code, 0) << header.output;
    EXPECT_EQ(FirstLine(header.output), FirstLine(ReadFile(kExamples + file))) << file;
    testing::RunResult plain = Matchctl(server.address, {"template", kind});
    EXPECT_EQ(plain.output.find('\xEF'), std::string::npos);  // no BOM without --excel
    EXPECT_THAT(plain.output, HasSubstr("id,"));
    testing::RunResult imported = Matchctl(server.address, {"import", kExamples + file});
    EXPECT_EQ(imported.exit_code, 0) << imported.output;
    EXPECT_THAT(imported.output, HasSubstr("0 refusés")) << imported.output;
  }
  testing::RunResult candidate =
      Matchctl(server.address, {"--json", "get", "candidate", "cand-exemple-01"});
  ASSERT_EQ(candidate.exit_code, 0) << candidate.output;
  EXPECT_THAT(candidate.output, HasSubstr("\"available_from\": \"2027-01-04\""));
  EXPECT_THAT(candidate.output, HasSubstr("\"family\": 1.5"));
  EXPECT_THAT(candidate.output, HasSubstr("\"time\": \"2026-12-02T00:00:00Z\""));
  EXPECT_THAT(Matchctl(server.address, {"template", "castle"}).exit_code, 1);
}

// Export writes what import reads back: into a second server and out again, the same bytes,
// for every kind and format (plain CSV, Excel CSV, JSONL).
TEST_F(SpreadsheetE2ETest, ExportRoundTripsThroughASecondServer) {
  testing::Matchd first(dir_ + "/first");
  ASSERT_EQ(Matchctl(first.address, {"import", kExamples + "nancy.jsonl"}).exit_code, 0);
  for (const char* file : {"territoires.csv", "offres.csv", "candidats.csv"}) {
    ASSERT_EQ(Matchctl(first.address, {"import", kExamples + file}).exit_code, 0) << file;
  }
  testing::Matchd second(dir_ + "/second");
  // Territories go over as JSONL (metropolis_access and local_aids are JSONL-only).
  const std::string territories = dir_ + "/territories.jsonl";
  testing::RunResult exported =
      Matchctl(first.address, {"export", "territories", "--format", "jsonl", "--out", territories});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  ASSERT_EQ(Matchctl(second.address, {"import", territories}).exit_code, 0);
  for (const char* kind : {"territories", "offers", "candidates"}) {
    for (const std::vector<std::string>& style :
         {std::vector<std::string>{"--format", "csv"}, std::vector<std::string>{"--excel"},
          std::vector<std::string>{"--format", "jsonl"}}) {
      const std::string ext = style[0] == "--format" && style[1] == "jsonl" ? ".jsonl" : ".csv";
      const std::string out = dir_ + "/" + kind + "-" + style.back() + ext;
      std::vector<std::string> args = {"export", kind, "--out", out};
      args.insert(args.end(), style.begin(), style.end());
      testing::RunResult from_first = Matchctl(first.address, args);
      ASSERT_EQ(from_first.exit_code, 0) << from_first.output;
      const std::string first_bytes = ReadFile(out);
      if (std::string(kind) != "territories") {  // the second server has them already
        testing::RunResult imported = Matchctl(second.address, {"import", out});
        ASSERT_EQ(imported.exit_code, 0) << imported.output;
      }
      testing::RunResult from_second = Matchctl(second.address, args);
      ASSERT_EQ(from_second.exit_code, 0) << from_second.output;
      EXPECT_EQ(ReadFile(out), first_bytes) << kind << " " << style.back();
      if (style[0] == "--excel") {
        EXPECT_EQ(first_bytes.rfind("\xEF\xBB\xBFid;", 0), 0u) << kind;
      }
    }
  }
  EXPECT_THAT(ReadFile(dir_ + "/offers-csv.csv"), HasSubstr("of-luneville-msp"));
  EXPECT_THAT(ReadFile(dir_ + "/territories---excel.csv"), HasSubstr("\"=\"\"01053\"\"\""));
  EXPECT_THAT(ReadFile(dir_ + "/territories---excel.csv"), HasSubstr("48,6921"));
}

// Export goes through the List calls: an agency's key exports only the households that
// consented and are searching; the admin's exports all.
TEST_F(SpreadsheetE2ETest, CandidateExportShowsOnlyWhatTheKeyMaySee) {
  const std::string keys_file = dir_ + "/keys.json";
  auto add_key = [&](const std::string& role, const std::string& organization) {
    testing::RunResult added =
        testing::Run({MATCHCTL_PATH, "keys", "add", "--role", role, "--organization", organization,
                      "--label", "test", "--keys_file", keys_file});
    EXPECT_EQ(added.exit_code, 0) << added.output;
    return added.output.substr(0, added.output.find('\n'));
  };
  const std::string admin = add_key("admin", "ops");
  const std::string agency = add_key("agency", "agency-1");
  testing::Matchd server(dir_ + "/data", {"--keys_file", keys_file});
  const std::string candidates = dir_ + "/candidats.csv";
  std::ofstream(candidates) << "id;profession;consent.given;status\n"
                               "cand-shown;gp;oui;active\n"
                               "cand-no-consent;gp;non;active\n"
                               "cand-paused;gp;oui;paused\n";
  testing::RunResult imported =
      Matchctl(server.address, {"--api_key", admin, "import", candidates});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  testing::RunResult by_agency =
      Matchctl(server.address, {"--api_key", agency, "export", "candidates"});
  ASSERT_EQ(by_agency.exit_code, 0) << by_agency.output;
  EXPECT_THAT(by_agency.output, HasSubstr("cand-shown"));
  EXPECT_THAT(by_agency.output, Not(HasSubstr("cand-no-consent")));
  EXPECT_THAT(by_agency.output, Not(HasSubstr("cand-paused")));
  testing::RunResult by_admin =
      Matchctl(server.address, {"--api_key", admin, "export", "candidates"});
  ASSERT_EQ(by_admin.exit_code, 0) << by_admin.output;
  EXPECT_THAT(by_admin.output, HasSubstr("cand-no-consent"));
  EXPECT_THAT(by_admin.output, HasSubstr("cand-paused"));
  // Without a key: refused, the status by name.
  testing::RunResult anonymous = Matchctl(server.address, {"export", "candidates"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_THAT(anonymous.output, HasSubstr("UNAUTHENTICATED: "));
}

// `demo load` from a directory that is not the sources: it finds data/ above the binary
// (the build tree is inside the sources); a copy of the binary elsewhere says where it
// looked; --data_dir is taken as given.
TEST_F(SpreadsheetE2ETest, DemoLoadFindsItsDataOrSaysWhereItLooked) {
  const std::string elsewhere = dir_ + "/bin";
  std::filesystem::create_directories(elsewhere);
  const std::string copy = elsewhere + "/matchctl";
  std::filesystem::copy_file(MATCHCTL_PATH, copy);
  testing::RunResult lost = testing::Run(
      {"/bin/sh", "-c", "cd " + elsewhere + " && ./matchctl --server 127.0.0.1:1 demo load"});
  EXPECT_EQ(lost.exit_code, 1) << lost.output;
  EXPECT_THAT(lost.output, HasSubstr("communes.csv introuvable"));
  EXPECT_THAT(lost.output, HasSubstr(elsewhere + "/data/communes.csv"));
  EXPECT_THAT(lost.output, HasSubstr("--data_dir"));

  // A small data directory given explicitly.
  const std::string data = dir_ + "/demo-data";
  std::filesystem::create_directories(data);
  testing::Matchd server(dir_ + "/data");
  std::ifstream communes(kSource + "/data/communes.csv");
  std::ofstream small(data + "/communes.csv");
  std::string line;
  for (int i = 0; i < 200 && std::getline(communes, line); ++i) small << line << '\n';
  small.close();
  std::filesystem::copy_file(kSource + "/data/metropoles.csv", data + "/metropoles.csv");
  testing::RunResult loaded = testing::Run(
      {"/bin/sh", "-c",
       "cd " + elsewhere + " && " + MATCHCTL_PATH + " --server " + server.address +
           " --language en demo load --data_dir " + data + " --offers 20 --candidates 20"});
  EXPECT_NE(loaded.exit_code, 1) << loaded.output;  // 0, or 2 if a generated record was refused
  EXPECT_THAT(loaded.output, HasSubstr("data from " + data + "/communes.csv"));
  EXPECT_THAT(loaded.output, ContainsRegex("demo: [0-9]+ accepted \\(1[0-9][0-9] territories"));
  // The build tree's binary, run from elsewhere, finds the sources' data/ above itself.
  testing::RunResult found = testing::Run({"/bin/sh", "-c",
                                           "cd " + elsewhere + " && " + MATCHCTL_PATH +
                                               " --server 127.0.0.1:1 --timeout 1 " +
                                               "demo load --offers 0 --candidates 0"});
  EXPECT_THAT(found.output, HasSubstr("données de " + kSource + "/data/communes.csv"));
}

// One language at a time: with fr (the default) no English header word, amounts as
// "30 000 €"; with en, English. Status codes by name.
TEST_F(SpreadsheetE2ETest, OneLanguageAtATimeAndStatusCodesByName) {
  testing::Matchd server(dir_ + "/data");
  ASSERT_EQ(Matchctl(server.address, {"import", kExamples + "nancy.jsonl"}).exit_code, 0);
  // The English headers, labels and sentences matchctl itself writes, as whole words.
  const std::vector<std::string> english_words = {
      "rank",   "candidate",  "territory",       "offer", "place",       "metropolis", "aid",
      "beyond", "scored",     "weights",         "side",  "criterion",   "weight",     "value",
      "why",    "first year", "over five years", "EUR",   "combination", "household",  "available",
      "lives",  "next page",  "estimated"};
  auto no_english = [&](const std::string& printed) {
    // An aid's source is quoted as data/aids.json cites it (the rule, the text, the page),
    // in the language of the source: not matchctl's own words.
    const std::string output = std::regex_replace(printed, std::regex("\n    source : [^\n]*"), "");
    for (const std::string& word : english_words) {
      EXPECT_FALSE(std::regex_search(output, std::regex("\\b" + word + "\\b")))
          << "'" << word << "' in:\n"
          << output;
    }
  };
  const std::regex french_amount("^[0-9]{1,3}( [0-9]{3})* €$");
  const std::regex any_amount("([0-9][0-9 ]*) €");

  testing::RunResult ranked =
      Matchctl(server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01"});
  ASSERT_EQ(ranked.exit_code, 0) << ranked.output;
  EXPECT_THAT(ranked.output, HasSubstr("rang"));
  EXPECT_THAT(ranked.output, HasSubstr("aides 1re année"));
  no_english(ranked.output);
  int amounts = 0;
  for (std::sregex_iterator it(ranked.output.begin(), ranked.output.end(), any_amount), end;
       it != end; ++it) {
    std::string amount = (*it)[0].str();
    while (!amount.empty() && amount.front() == ' ') amount.erase(0, 1);
    EXPECT_TRUE(std::regex_match(amount, french_amount)) << amount;
    ++amounts;
  }
  EXPECT_GE(amounts, 2) << ranked.output;  // an offer within the limits, two aid columns
  EXPECT_THAT(ranked.output, Not(ContainsRegex("  0 €")))
      << "the 5 000 € bonus of of-luneville-msp counts";

  testing::RunResult explained =
      Matchctl(server.address,
               {"explain", "--candidate", "cand-gp-nancy-01", "--offer", "of-luneville-msp"});
  ASSERT_EQ(explained.exit_code, 0) << explained.output;
  no_english(explained.output);
  EXPECT_THAT(explained.output, HasSubstr("combinaison du côté candidat"));
  EXPECT_THAT(explained.output, ContainsRegex("aides : [0-9 ]+ € la première année"));
  EXPECT_THAT(explained.output, HasSubstr("42 min"));

  testing::RunResult recruiter =
      Matchctl(server.address, {"rank", "candidates", "--offer", "of-luneville-msp"});
  ASSERT_EQ(recruiter.exit_code, 0) << recruiter.output;
  no_english(recruiter.output);
  EXPECT_THAT(recruiter.output, HasSubstr("1er janvier 2027"));  // available_from 2027-01-01
  EXPECT_THAT(recruiter.output, HasSubstr("conjoint"));

  testing::RunResult status = Matchctl(server.address, {"status"});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  no_english(status.output);
  EXPECT_THAT(status.output, HasSubstr("territoires"));
  testing::RunResult search = Matchctl(server.address, {"territory", "search", "Lun"});
  ASSERT_EQ(search.exit_code, 0) << search.output;
  no_english(search.output);
  EXPECT_THAT(search.output, HasSubstr("42 min nancy"));

  testing::RunResult listed = Matchctl(server.address, {"list", "offers"});
  no_english(listed.output);
  EXPECT_THAT(listed.output, HasSubstr("intitulé"));

  // English: the same commands, English words, no French ones.
  testing::RunResult english =
      Matchctl(server.address, {"--language", "en", "explain", "--candidate", "cand-gp-nancy-01",
                                "--offer", "of-luneville-msp"});
  ASSERT_EQ(english.exit_code, 0) << english.output;
  EXPECT_THAT(english.output, HasSubstr("combination of candidate side"));
  EXPECT_THAT(english.output, ContainsRegex("aid: EUR [0-9,]+ the first year"));
  EXPECT_THAT(english.output, Not(HasSubstr("€")));
  EXPECT_THAT(english.output, Not(HasSubstr("première")));
  testing::RunResult english_rank = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--language", "en"});
  EXPECT_THAT(english_rank.output, HasSubstr("aid year 1"));
  EXPECT_THAT(english_rank.output, Not(HasSubstr("rang")));

  // --scores_only computes no aid: the columns are left out, and the table says so.
  testing::RunResult scores = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--scores_only"});
  ASSERT_EQ(scores.exit_code, 0) << scores.output;
  EXPECT_THAT(scores.output, Not(HasSubstr("aides 1re année")));
  EXPECT_THAT(scores.output, Not(HasSubstr("€")));
  EXPECT_THAT(scores.output, HasSubstr("aides non calculées avec --scores_only"));

  // Errors: the status code by name, never a number.
  testing::RunResult missing = Matchctl(server.address, {"get", "offer", "of-nowhere"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("NOT_FOUND: "));
  EXPECT_THAT(missing.output, Not(ContainsRegex("\\([0-9]+\\)")));
  testing::RunResult invalid = Matchctl(
      server.address, {"rank", "offers", "--candidate", "cand-gp-nancy-01", "--top_k", "100000"});
  EXPECT_THAT(invalid.output, HasSubstr("INVALID_ARGUMENT: "));
}

}  // namespace
}  // namespace matching
