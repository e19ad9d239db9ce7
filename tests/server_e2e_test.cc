// The real server on a loopback port, called through the generated stubs.
#include <grpcpp/grpcpp.h>

#include <filesystem>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/event.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

class ServerE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel_);
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  grpc::Status PutTerritory(const std::string& id, double lat) {
    v1::UpsertTerritoryRequest request;
    request.mutable_territory()->set_id(id);
    request.mutable_territory()->set_name("Lunéville");
    request.mutable_territory()->set_department_code("54");
    request.mutable_territory()->mutable_location()->set_lat(lat);
    v1::Territory response;
    return catalog_->UpsertTerritory(Context().get(), request, &response);
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
};

TEST_F(ServerE2ETest, HealthCheckServes) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::health::v1::HealthCheckRequest request;  // empty service name: the whole server
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = health->Check(Context().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ServerE2ETest, ReflectionListsOurServices) {
  // grpc.reflection.v1alpha spoken as bytes (see proto/CMakeLists.txt for why): a
  // ServerReflectionRequest with list_services = "*" is field 7, length 1, "*".
  const grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING);
  auto context = Context();
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel_.get(), method, context.get()));
  const std::string request("\x3a\x01*", 3);
  grpc::Slice slice(request);
  grpc::ByteBuffer request_bytes(&slice, 1);
  ASSERT_TRUE(stream->Write(request_bytes));
  stream->WritesDone();
  grpc::ByteBuffer response_bytes;
  ASSERT_TRUE(stream->Read(&response_bytes));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response_bytes.Dump(&slices).ok());
  std::string response;
  for (const grpc::Slice& s : slices) response.append(s.begin(), s.end());
  EXPECT_TRUE(stream->Finish().ok());
  for (const char* service :
       {"matching.v1.CatalogService", "matching.v1.MatchingService", "matching.v1.EventService",
        "matching.v1.AdminService", "grpc.health.v1.Health"}) {
    EXPECT_THAT(response, HasSubstr(service));
  }
}

TEST_F(ServerE2ETest, TerritoryRoundTripAndFieldNamedErrors) {
  ASSERT_TRUE(PutTerritory("54431", 48.59).ok());
  v1::GetTerritoryRequest get;
  get.set_id("54431");
  v1::Territory territory;
  ASSERT_TRUE(catalog_->GetTerritory(Context().get(), get, &territory).ok());
  EXPECT_EQ(territory.name(), "Lunéville");

  grpc::Status bad = PutTerritory("54432", 123.4);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad.error_message(), "territory.location.lat: 123.4 is outside [-90, 90]");

  get.set_id("00000");
  EXPECT_EQ(catalog_->GetTerritory(Context().get(), get, &territory).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_id("no spaces allowed");
  EXPECT_EQ(catalog_->GetTerritory(Context().get(), get, &territory).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerE2ETest, OfferOfUnknownTerritoryIsRejected) {
  v1::UpsertOfferRequest request;
  request.mutable_offer()->set_id("of-1");
  request.mutable_offer()->set_territory_id("99999");
  request.mutable_offer()->set_profession(v1::PROFESSION_NURSE);
  v1::Offer response;
  grpc::Status status = catalog_->UpsertOffer(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("offer.territory_id: '99999'"));
}

TEST_F(ServerE2ETest, ImportKeepsGoodRecordsAndNamesBadOnes) {
  v1::ImportSummary summary;
  auto context = Context();
  auto writer = catalog_->ImportRecords(context.get(), &summary);
  v1::ImportRecord record;
  record.mutable_territory()->set_id("54431");
  record.set_source_line(1);
  ASSERT_TRUE(writer->Write(record));
  record.Clear();
  record.mutable_offer()->set_id("of-1");
  record.mutable_offer()->set_territory_id("54431");  // earlier in the same stream
  record.mutable_offer()->set_profession(v1::PROFESSION_GP);
  record.set_source_line(2);
  ASSERT_TRUE(writer->Write(record));
  record.Clear();
  record.mutable_candidate()->set_id("c-1");  // no profession
  record.set_source_line(3);
  ASSERT_TRUE(writer->Write(record));
  record.Clear();
  record.mutable_offer()->set_id("of-2");
  record.mutable_offer()->set_territory_id("nowhere");
  record.mutable_offer()->set_profession(v1::PROFESSION_GP);
  record.set_source_line(4);
  ASSERT_TRUE(writer->Write(record));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());

  EXPECT_EQ(summary.received(), 4);
  EXPECT_EQ(summary.accepted(), 2);
  EXPECT_EQ(summary.territories(), 1);
  EXPECT_EQ(summary.offers(), 1);
  ASSERT_EQ(summary.errors_size(), 2);
  EXPECT_EQ(summary.errors(0).source_line(), 3);
  EXPECT_THAT(summary.errors(0).message(), HasSubstr("candidate.profession: is required"));
  EXPECT_EQ(summary.errors(1).record_id(), "of-2");
  EXPECT_THAT(summary.errors(1).message(), HasSubstr("'nowhere'"));

  v1::GetOfferRequest get;
  get.set_id("of-1");
  v1::Offer offer;
  EXPECT_TRUE(catalog_->GetOffer(Context().get(), get, &offer).ok());
}

TEST_F(ServerE2ETest, ListPagesWithTokens) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(PutTerritory("t" + std::to_string(i), 48).ok());
  v1::ListTerritoriesRequest request;
  request.set_page_size(2);
  int seen = 0;
  int pages = 0;
  do {
    v1::ListTerritoriesResponse response;
    ASSERT_TRUE(catalog_->ListTerritories(Context().get(), request, &response).ok());
    seen += response.territories_size();
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(seen, 5);
  EXPECT_EQ(pages, 3);
  request.set_page_size(-1);
  v1::ListTerritoriesResponse response;
  grpc::Status status = catalog_->ListTerritories(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size: -1"));
}

TEST_F(ServerE2ETest, CandidateErasureIsReal) {
  v1::UpsertCandidateRequest request;
  request.mutable_candidate()->set_id("cand-1");
  request.mutable_candidate()->set_profession(v1::PROFESSION_MIDWIFE);
  v1::Candidate candidate;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), request, &candidate).ok());
  v1::DeleteCandidateRequest del;
  del.set_id("cand-1");
  v1::DeleteResponse deleted;
  ASSERT_TRUE(catalog_->DeleteCandidate(Context().get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.existed());
  v1::GetCandidateRequest get;
  get.set_id("cand-1");
  EXPECT_EQ(catalog_->GetCandidate(Context().get(), get, &candidate).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace matching
