// RankCandidates end to end for a recruiter: candidate summaries, and households told apart
// by what a recruiter weighs (experience, how soon they can start, local roots).
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/time/clock.h"
#include "clients/record_io.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::ElementsAre;

constexpr double kNancyLat = 48.6921, kNancyLon = 6.1844;
constexpr double kParisLat = 48.8566, kParisLon = 2.3522;

class RecruiterE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    server_ = std::move(*server::MatchServer::Start(config));
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  void Import(const std::vector<v1::ImportRecord>& records) {
    v1::ImportSummary summary;
    auto context = Context();
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    for (const v1::ImportRecord& record : records) ASSERT_TRUE(writer->Write(record));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_EQ(summary.rejected(), 0);
  }

  void ImportNancyExample() {
    std::ifstream in(std::string(SOURCE_DIR) + "/data/examples/nancy.jsonl");
    std::vector<v1::ImportRecord> records;
    ASSERT_TRUE(clients::ReadRecords(in, clients::FileFormat::kJsonl, clients::RecordKind::kAny,
                                     [&](clients::ParsedRecord r) {
                                       ASSERT_TRUE(r.record.ok());
                                       records.push_back(*r.record);
                                     })
                    .ok());
    Import(records);
  }

  // A GP household that keeps every limit of of-luneville-msp; tests vary one field.
  static v1::Candidate Household(const std::string& id) {
    v1::Candidate c;
    c.set_id(id);
    c.set_profession(v1::PROFESSION_GP);
    c.set_experience_years(6);
    c.add_preferred_settings(v1::PRACTICE_SETTING_MSP);
    c.add_metropolis_ids("nancy");
    c.set_max_drive_minutes(60);
    c.mutable_current_location()->set_lat(kNancyLat);
    c.mutable_current_location()->set_lon(kNancyLon);
    c.mutable_household()->mutable_partner()->set_sector("education");
    c.mutable_household()->mutable_partner()->set_needs_job(true);
    c.mutable_household()->add_children_ages(7);
    c.mutable_household()->add_children_ages(2);
    c.mutable_consent()->set_given(true);
    c.set_status(v1::CANDIDATE_STATUS_ACTIVE);
    return c;
  }
  static v1::ImportRecord Record(v1::Candidate candidate) {
    v1::ImportRecord record;
    *record.mutable_candidate() = std::move(candidate);
    return record;
  }

  v1::RankCandidatesResponse RankLuneville(int top_k) {
    v1::RankCandidatesRequest request;
    request.set_offer_id("of-luneville-msp");
    request.mutable_options()->set_top_k(top_k);
    v1::RankCandidatesResponse response;
    grpc::Status status = matching_->RankCandidates(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
};

std::vector<std::string> Ids(const v1::RankCandidatesResponse& response) {
  std::vector<std::string> ids;
  for (const v1::Match& m : response.matches()) ids.push_back(m.candidate_id());
  return ids;
}

// Pairs of households that differ in one thing a recruiter weighs: the better one comes
// first, with a higher score (not a tie broken by id: the ids say the opposite order).
TEST_F(RecruiterE2ETest, HouseholdsDifferingInOneThingAreNotTied) {
  ImportNancyExample();
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  v1::Candidate senior = Household("a-experience-12");
  senior.set_experience_years(12);
  v1::Candidate junior = Household("a-experience-03");  // sorts first by id
  junior.set_experience_years(3);
  v1::Candidate now = Household("b-available-now");
  now.set_experience_years(40);  // its own group: above the others
  v1::Candidate later = Household("b-available-later");
  later.set_experience_years(40);
  // Past the offer's start (2027-01-04, or today when later), within the 90-day tolerance.
  const absl::CivilDay start = std::max(absl::CivilDay(2027, 1, 4), today);
  later.set_available_from(absl::FormatCivilTime(start + 45));
  v1::Candidate local = Household("c-lives-near-nancy");
  local.set_experience_years(20);
  v1::Candidate distant = Household("c-lives-in-paris");
  distant.set_experience_years(20);
  distant.mutable_current_location()->set_lat(kParisLat);
  distant.mutable_current_location()->set_lon(kParisLon);
  Import(
      {Record(senior), Record(junior), Record(now), Record(later), Record(local), Record(distant)});

  const v1::RankCandidatesResponse response = RankLuneville(20);
  std::map<std::string, double> score;
  for (const v1::Match& m : response.matches()) score[m.candidate_id()] = m.score();
  ASSERT_GE(score.size(), 6u) << "the six (and nancy.jsonl's household)";
  EXPECT_GT(score["a-experience-12"], score["a-experience-03"]);
  EXPECT_GT(score["b-available-now"], score["b-available-later"]);
  EXPECT_GT(score["c-lives-near-nancy"], score["c-lives-in-paris"]);
  std::vector<std::string> order = Ids(response);
  const auto rank = [&](const std::string& id) {
    return std::find(order.begin(), order.end(), id) - order.begin();
  };
  EXPECT_LT(rank("a-experience-12"), rank("a-experience-03"));
  EXPECT_LT(rank("b-available-now"), rank("b-available-later"));
  EXPECT_LT(rank("c-lives-near-nancy"), rank("c-lives-in-paris"));

  // The territory side says why, criterion by criterion.
  for (const v1::Match& m : response.matches()) {
    std::set<std::string> criteria;
    for (const v1::CriterionScore& c : m.criteria()) criteria.insert(c.criterion());
    EXPECT_TRUE(criteria.count("t_experience")) << m.candidate_id();
    // nancy.jsonl's household gives no home: nothing known, the criterion does not count.
    EXPECT_EQ(criteria.count("t_local_roots"), m.candidate_id() == "cand-gp-nancy-01" ? 0u : 1u)
        << m.candidate_id();
  }
}

// The recruiter's table reads the household from the answer: profession, experience,
// household shape, availability, where it lives now. No names: there are none.
TEST_F(RecruiterE2ETest, RankCandidatesCarriesACandidateSummary) {
  ImportNancyExample();
  v1::Candidate local = Household("c-local");
  local.set_available_from("2027-01-02");
  v1::Candidate distant = Household("c-distant");
  distant.mutable_current_location()->set_lat(kParisLat);
  distant.mutable_current_location()->set_lon(kParisLon);
  distant.clear_household();
  Import({Record(local), Record(distant)});

  const v1::RankCandidatesResponse response = RankLuneville(10);
  const v1::Match* local_match = nullptr;
  const v1::Match* distant_match = nullptr;
  for (const v1::Match& m : response.matches()) {
    if (m.candidate_id() == "c-local") local_match = &m;
    if (m.candidate_id() == "c-distant") distant_match = &m;
  }
  ASSERT_NE(local_match, nullptr);
  ASSERT_NE(distant_match, nullptr);
  const v1::CandidateSummary& s = local_match->candidate_summary();
  EXPECT_EQ(s.profession(), v1::PROFESSION_GP);
  EXPECT_EQ(s.experience_years(), 6);
  EXPECT_TRUE(s.has_partner());
  EXPECT_TRUE(s.partner_needs_job());
  EXPECT_EQ(s.partner_sector(), "education");
  EXPECT_EQ(s.children_count(), 2);
  EXPECT_THAT(s.children_ages(), ElementsAre(7, 2));
  EXPECT_EQ(s.available_from(), "2027-01-02");
  EXPECT_EQ(s.current_department(), "54");   // Nancy is a stored commune of the example
  EXPECT_NEAR(s.home_distance_km(), 26, 2);  // Nancy to Lunéville

  const v1::CandidateSummary& d = distant_match->candidate_summary();
  EXPECT_FALSE(d.has_partner());
  EXPECT_EQ(d.children_count(), 0);
  EXPECT_EQ(d.available_from(), "");      // now
  EXPECT_EQ(d.current_department(), "");  // no stored commune near Paris
  EXPECT_NEAR(d.home_distance_km(), 300, 30);

  // ExplainMatch by candidate id carries it too.
  v1::ExplainMatchRequest explain;
  explain.set_candidate_id("c-local");
  explain.set_offer_id("of-luneville-msp");
  v1::ExplainMatchResponse explained;
  ASSERT_TRUE(matching_->ExplainMatch(Context().get(), explain, &explained).ok());
  EXPECT_EQ(explained.match().candidate_summary().current_department(), "54");
  EXPECT_EQ(explained.match().candidate_summary().experience_years(), 6);
}

// A demo-like population (datagen's generator over the communes of Lorraine): the
// recruiter's top ten for of-luneville-msp is not one tie ordered by id.
TEST_F(RecruiterE2ETest, DemoLikeTopTenIsNotOneTie) {
  const std::string data = std::string(SOURCE_DIR) + "/data";
  auto communes = datagen::ReadCommunes(data + "/communes.csv");
  auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
  ASSERT_TRUE(communes.ok() && metropoles.ok());
  std::vector<v1::Territory> territories;
  std::vector<v1::ImportRecord> records;
  for (const datagen::Commune& commune : *communes) {
    if (commune.department != "54" && commune.department != "55" && commune.department != "57" &&
        commune.department != "88") {
      continue;
    }
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
    *records.emplace_back().mutable_territory() = territories.back();
  }
  ASSERT_GT(territories.size(), 1000u);
  Import(records);
  ImportNancyExample();  // the offer, and Lunéville as the example describes it

  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  auto population = datagen::PopulationGenerator::Create({1, today}, territories, *metropoles);
  ASSERT_TRUE(population.ok()) << population.status();
  records.clear();
  for (v1::Candidate& candidate : population->Candidates(6000)) {
    records.push_back(Record(std::move(candidate)));
  }
  Import(records);

  const v1::RankCandidatesResponse response = RankLuneville(10);
  ASSERT_EQ(response.matches_size(), 10);
  std::set<double> scores;
  for (const v1::Match& m : response.matches()) scores.insert(m.score());
  EXPECT_GE(scores.size(), 4u) << "distinct scores in the top ten";
  for (int i = 1; i < response.matches_size(); ++i) {
    EXPECT_GE(response.matches(i - 1).score(), response.matches(i).score());
  }
}

}  // namespace
}  // namespace matching
