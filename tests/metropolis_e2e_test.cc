// Stated metropolis ids end to end (issue 18, point 5): ListMetropolises for a portal's
// drop-down, and a wrong id refused, with close matches, on every path that takes one.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

class MetropolisE2ETest : public ::testing::Test {
 protected:
  // `metropoles_file`: the server's list; the default finds the repository's.
  void StartServer(const std::string& metropoles_file = server::DefaultMetropolesFile()) {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    config.metropoles_file = metropoles_file;
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);
  }
  void TearDown() override {
    if (server_) server_->Shutdown(absl::Seconds(5));
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  static v1::Candidate Household(const std::string& metropolis) {
    v1::Candidate c;
    c.set_id("cand-1");
    c.set_profession(v1::PROFESSION_GP);
    c.add_metropolis_ids(metropolis);
    c.set_max_drive_minutes(50);
    return c;
  }
  static v1::Territory Commune(const std::string& id, const std::string& department,
                               const std::string& metropolis, const std::string& name = "") {
    v1::Territory t;
    t.set_id(id);
    t.set_name("Lunéville");
    t.set_department_code(department);
    v1::MetropolisAccess* access = t.add_metropolis_access();
    access->set_metropolis_id(metropolis);
    access->set_name(name);
    access->set_drive_minutes(42);
    return t;
  }

  grpc::Status UpsertCandidate(const v1::Candidate& candidate) {
    v1::UpsertCandidateRequest request;
    *request.mutable_candidate() = candidate;
    v1::Candidate response;
    return catalog_->UpsertCandidate(Context().get(), request, &response);
  }
  grpc::Status UpsertTerritory(const v1::Territory& territory) {
    v1::UpsertTerritoryRequest request;
    *request.mutable_territory() = territory;
    v1::Territory response;
    return catalog_->UpsertTerritory(Context().get(), request, &response);
  }
  v1::ListMetropolisesResponse ListMetropolises() {
    v1::ListMetropolisesResponse response;
    grpc::Status status =
        catalog_->ListMetropolises(Context().get(), v1::ListMetropolisesRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
  v1::ImportSummary Import(const std::vector<v1::ImportRecord>& records) {
    v1::ImportSummary summary;
    auto context = Context();
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    for (const v1::ImportRecord& record : records) writer->Write(record);
    writer->WritesDone();
    EXPECT_TRUE(writer->Finish().ok());
    return summary;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
};

MATCHER_P(IsInvalidWith, text, "") {
  return arg.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
         arg.error_message().find(text) != std::string::npos;
}

TEST_F(MetropolisE2ETest, ListMetropolisesGivesIdNameAndDepartment) {
  StartServer();
  v1::ListMetropolisesResponse response = ListMetropolises();
  ASSERT_EQ(response.metropolises_size(), 22);           // data/metropoles.csv
  EXPECT_EQ(response.metropolises(0).id(), "bordeaux");  // by id
  const auto nancy = std::find_if(response.metropolises().begin(), response.metropolises().end(),
                                  [](const v1::Metropolis& m) { return m.id() == "nancy"; });
  ASSERT_NE(nancy, response.metropolises().end());
  EXPECT_EQ(nancy->name(), "Métropole du Grand Nancy");
  EXPECT_EQ(nancy->department_code(), "54");
}

TEST_F(MetropolisE2ETest, UnknownMetropolisIsRefusedWithCloseMatchesOnEveryPath) {
  StartServer();
  grpc::Status miscased = UpsertCandidate(Household("Nancy"));
  EXPECT_EQ(miscased.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(miscased.error_message(),
            "candidate.metropolis_ids[0]: 'Nancy' is not a known metropolis; did you mean "
            "'nancy'?");
  EXPECT_THAT(UpsertCandidate(Household("grand-nancy")),
              IsInvalidWith("'grand-nancy' is not a known metropolis; did you mean 'nancy'?"));
  EXPECT_TRUE(UpsertCandidate(Household("nancy")).ok());

  // A visitor's inline profile, ranked or explained.
  v1::RankOffersRequest rank;
  *rank.mutable_candidate() = Household("Nancy");
  v1::RankOffersResponse ranked;
  EXPECT_THAT(matching_->RankOffers(Context().get(), rank, &ranked),
              IsInvalidWith("candidate.metropolis_ids[0]: 'Nancy' is not a known metropolis"));
  v1::ExplainMatchRequest explain;
  explain.set_offer_id("of-1");
  *explain.mutable_candidate() = Household("grand-nancy");
  v1::ExplainMatchResponse explained;
  EXPECT_THAT(matching_->ExplainMatch(Context().get(), explain, &explained),
              IsInvalidWith("did you mean 'nancy'?"));

  // Territories name metropolises from the list too.
  EXPECT_THAT(UpsertTerritory(Commune("54431", "54", "Nancy")),
              IsInvalidWith("territory.metropolis_access[0].metropolis_id: 'Nancy' is not a known "
                            "metropolis; did you mean 'nancy'?"));
  EXPECT_TRUE(UpsertTerritory(Commune("54431", "54", "nancy")).ok());

  // Imports: the bad records are named, the good ones kept.
  std::vector<v1::ImportRecord> records(3);
  *records[0].mutable_territory() = Commune("55029", "55", "Nancy");
  *records[1].mutable_candidate() = Household("nantse");
  *records[2].mutable_candidate() = Household("nancy");
  records[2].mutable_candidate()->set_id("cand-2");
  v1::ImportSummary summary = Import(records);
  EXPECT_EQ(summary.accepted(), 1);
  ASSERT_EQ(summary.errors_size(), 2);
  EXPECT_THAT(summary.errors(0).message(), HasSubstr("did you mean 'nancy'?"));
  EXPECT_EQ(summary.errors(1).message(),
            "candidate.metropolis_ids[0]: 'nantse' is not a known metropolis; did you mean "
            "'nantes'?");
}

TEST_F(MetropolisE2ETest, DepartmentCodesMustExistAndMatchTheCommune) {
  StartServer();
  EXPECT_THAT(UpsertTerritory(Commune("58194", "21", "nancy")),
              IsInvalidWith("territory.department_code: '21' is not the department of commune "
                            "'58194' (its INSEE code says '58')"));
  EXPECT_THAT(UpsertTerritory(Commune("cpts-x", "99", "nancy")),
              IsInvalidWith("territory.department_code: '99' is not a French department code"));
  EXPECT_TRUE(UpsertTerritory(Commune("58194", "58", "nancy")).ok());
  v1::Candidate household = Household("nancy");
  household.add_excluded_department_codes("20");
  EXPECT_THAT(UpsertCandidate(household),
              IsInvalidWith("candidate.excluded_department_codes[0]: '20' is not a French"));
}

// Without a list, territories introduce the metropolises they name; households may then
// name those, and only while a stored territory declares them.
TEST_F(MetropolisE2ETest, WithoutAListTerritoriesIntroduceMetropolises) {
  StartServer(/*metropoles_file=*/"");
  EXPECT_EQ(ListMetropolises().metropolises_size(), 0);
  EXPECT_THAT(UpsertCandidate(Household("nancy")),
              IsInvalidWith("'nancy' is not a known metropolis (ListMetropolises"));
  ASSERT_TRUE(UpsertTerritory(Commune("54431", "54", "nancy", "Métropole du Grand Nancy")).ok());
  EXPECT_TRUE(UpsertCandidate(Household("nancy")).ok());
  EXPECT_THAT(UpsertCandidate(Household("Nancy")), IsInvalidWith("did you mean 'nancy'?"));
  v1::ListMetropolisesResponse listed = ListMetropolises();
  ASSERT_EQ(listed.metropolises_size(), 1);
  EXPECT_EQ(listed.metropolises(0).name(), "Métropole du Grand Nancy");
  EXPECT_EQ(listed.metropolises(0).department_code(), "54");

  // One import stream: a territory, then a household naming the metropolis it introduced.
  std::vector<v1::ImportRecord> records(2);
  *records[0].mutable_territory() = Commune("57463", "57", "metz");
  *records[1].mutable_candidate() = Household("metz");
  EXPECT_EQ(Import(records).accepted(), 2);

  v1::DeleteTerritoryRequest erase;
  erase.set_id("54431");
  v1::DeleteResponse erased;
  ASSERT_TRUE(catalog_->DeleteTerritory(Context().get(), erase, &erased).ok());
  EXPECT_THAT(UpsertCandidate(Household("nancy")), IsInvalidWith("is not a known metropolis"));
}

TEST(MetropolisStartTest, AnUnreadableListStopsTheStart) {
  const std::string dir = testing::MakeTempDir();
  server::ServerConfig config;
  config.data_dir = dir + "/data";
  config.listen = "127.0.0.1:0";
  config.metropoles_file = dir + "/missing.csv";
  absl::StatusOr<std::unique_ptr<server::MatchServer>> server = server::MatchServer::Start(config);
  EXPECT_FALSE(server.ok());
  EXPECT_THAT(std::string(server.status().message()), HasSubstr("missing.csv"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace matching
