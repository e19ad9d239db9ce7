// Issue 19, point 8: the smaller attacks, each against a real server on a loopback port.
// Reflection without a key, server info read by a reader, a storage error's message, a keys
// file others may read.
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "matching/v1/admin.grpc.pb.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/auth.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

namespace reflection = grpc::reflection::v1alpha;
using ::testing::HasSubstr;
using ::testing::Not;

std::string KeyEntry(const std::string& key, const std::string& role) {
  const server::Sha256 digest = server::Sha256Of(key);
  return absl::StrCat(R"({"sha256": ")",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(digest.data()), digest.size())),
                      R"(", "role": ")", role, R"(", "label": ")", key, R"("})");
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
  return context;
}

class HardeningE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    WriteKeys({KeyEntry("reader-key", "reader"), KeyEntry("admin-key", "admin")}, 0600);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  void WriteKeys(const std::vector<std::string>& entries, int mode) {
    std::ofstream(keys_file()) << R"({"keys": [)" << absl::StrJoin(entries, ",") << "]}";
    std::filesystem::permissions(keys_file(), static_cast<std::filesystem::perms>(mode));
  }

  absl::Status Start(bool allow_readable_keys = false) {
    server::ServerConfig config;
    config.data_dir = data_dir();
    config.listen = "127.0.0.1:0";
    config.keys_file = keys_file();
    config.allow_readable_keys = allow_readable_keys;
    config.erasure_compaction_delay = absl::ZeroDuration();
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    if (!server.ok()) return server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    return absl::OkStatus();
  }

  // One reflection request on a fresh stream: the first answer (if any) and the status.
  grpc::Status Reflect(const std::string& key, const reflection::ServerReflectionRequest& request,
                       reflection::ServerReflectionResponse* response) {
    auto stub = reflection::ServerReflection::NewStub(channel_);
    auto context = Context(key);
    auto stream = stub->ServerReflectionInfo(context.get());
    stream->Write(request);
    stream->WritesDone();
    if (!stream->Read(response)) response->Clear();
    reflection::ServerReflectionResponse more;
    while (stream->Read(&more)) {
    }
    return stream->Finish();
  }

  std::string keys_file() const { return dir_ + "/keys.json"; }
  std::string data_dir() const { return dir_ + "/data"; }
  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(HardeningE2ETest, ReflectionNeedsAKeyWhenKeysAreConfigured) {
  ASSERT_TRUE(Start().ok());
  reflection::ServerReflectionRequest list;
  list.set_list_services("*");
  reflection::ServerReflectionResponse response;

  // Before: gRPC's reflection plugin listed every service and sent every .proto to anyone.
  grpc::Status anonymous = Reflect("", list, &response);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(response.has_list_services_response());
  EXPECT_EQ(Reflect("made-up-key", list, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(response.has_list_services_response());

  // With a key of any role, standard tools work as before.
  ASSERT_TRUE(Reflect("reader-key", list, &response).ok());
  std::vector<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services, ::testing::IsSupersetOf(
                            {"matching.v1.CatalogService", "matching.v1.MatchingService",
                             "matching.v1.EventService", "matching.v1.AdminService",
                             "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}));

  reflection::ServerReflectionRequest symbol;
  symbol.set_file_containing_symbol("matching.v1.MatchingService");
  ASSERT_TRUE(Reflect("reader-key", symbol, &response).ok());
  ASSERT_GE(response.file_descriptor_response().file_descriptor_proto_size(), 1);
  google::protobuf::FileDescriptorProto file;
  ASSERT_TRUE(file.ParseFromString(response.file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(file.name(), "matching/v1/matching.proto");
  ASSERT_GE(file.service_size(), 1);
  EXPECT_EQ(file.service(0).name(), "MatchingService");
  // Its imports come along, so that a client can build the whole pool.
  std::vector<std::string> names;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto any;
    ASSERT_TRUE(any.ParseFromString(bytes));
    names.push_back(any.name());
  }
  EXPECT_THAT(names, ::testing::Contains("matching/v1/candidate.proto"));

  symbol.set_file_containing_symbol("matching.v1.NoSuchThing");
  ASSERT_TRUE(Reflect("reader-key", symbol, &response).ok());
  EXPECT_EQ(response.error_response().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(HardeningE2ETest, ServerInfoShowsPathsAndErrorCountsToAdminsOnly) {
  ASSERT_TRUE(Start().ok());
  auto admin = v1::AdminService::NewStub(channel_);
  auto catalog = v1::CatalogService::NewStub(channel_);
  v1::GetTerritoryRequest missing;
  missing.set_id("99999");
  v1::Territory territory;
  ASSERT_EQ(catalog->GetTerritory(Context("reader-key").get(), missing, &territory).error_code(),
            grpc::StatusCode::NOT_FOUND);

  auto errors_of = [](const v1::ServerInfo& info, const std::string& method) -> int64_t {
    for (const v1::MethodStats& stats : info.methods()) {
      if (stats.method() == method) return stats.error_count();
    }
    return -1;
  };
  v1::ServerInfo as_reader;
  ASSERT_TRUE(
      admin->GetServerInfo(Context("reader-key").get(), v1::GetServerInfoRequest(), &as_reader)
          .ok());
  // Before: data_dir and every method's error count went to any key.
  EXPECT_EQ(as_reader.data_dir(), "");
  EXPECT_THAT(as_reader.DebugString(), Not(HasSubstr(dir_)));
  EXPECT_EQ(errors_of(as_reader, "/matching.v1.CatalogService/GetTerritory"), 0);
  EXPECT_FALSE(as_reader.version().empty());  // what a portal may know stays
  EXPECT_GE(as_reader.methods_size(), 1);

  v1::ServerInfo as_admin;
  ASSERT_TRUE(
      admin->GetServerInfo(Context("admin-key").get(), v1::GetServerInfoRequest(), &as_admin).ok());
  EXPECT_EQ(as_admin.data_dir(), data_dir());
  EXPECT_EQ(errors_of(as_admin, "/matching.v1.CatalogService/GetTerritory"), 1);
}

TEST_F(HardeningE2ETest, StorageErrorReachesTheClientWithoutPaths) {
  ASSERT_TRUE(Start().ok());
  auto catalog = v1::CatalogService::NewStub(channel_);
  for (int i = 0; i < 20; ++i) {
    v1::UpsertTerritoryRequest request;
    request.mutable_territory()->set_id(absl::StrCat("544", 10 + i));
    request.mutable_territory()->set_name("Lunéville");
    request.mutable_territory()->set_department_code("54");
    v1::Territory response;
    ASSERT_TRUE(catalog->UpsertTerritory(Context("admin-key").get(), request, &response).ok());
  }
  // An erasure makes the server flush and compact: the territories are now in .sst files.
  v1::DeleteCandidateRequest erase;
  erase.set_id("cand-none");
  v1::DeleteResponse erased;
  ASSERT_TRUE(catalog->DeleteCandidate(Context("admin-key").get(), erase, &erased).ok());
  ASSERT_TRUE(server_->WaitForErasureCompaction(absl::Seconds(30)));
  // The disk loses the store's tables under the running server: a backup must copy them.
  int removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir())) {
    if (entry.path().extension() == ".sst") removed += std::filesystem::remove(entry.path());
  }
  ASSERT_GT(removed, 0);

  auto admin = v1::AdminService::NewStub(channel_);
  v1::BackupRequest request;
  request.set_destination_dir(dir_ + "/backup");
  v1::BackupResponse response;
  grpc::Status failed = admin->Backup(Context("admin-key").get(), request, &response);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::INTERNAL) << failed.error_message();
  // Before: "... While open a file for random read: /tmp/.../data/000012.sst: No such file".
  EXPECT_THAT(failed.error_message(), Not(HasSubstr(data_dir())));
  EXPECT_THAT(failed.error_message(), Not(HasSubstr(".sst")));
  EXPECT_THAT(failed.error_message(), HasSubstr("<path>"));
}

TEST_F(HardeningE2ETest, KeysFileOthersMayReadIsRefusedAtStartAndOnReload) {
  WriteKeys({KeyEntry("reader-key", "reader"), KeyEntry("admin-key", "admin")}, 0644);
  absl::Status refused = Start();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("keys file '" + keys_file() + "'"));
  EXPECT_THAT(refused.message(), HasSubstr("mode 0644"));
  EXPECT_THAT(refused.message(), HasSubstr("chmod 600"));
  EXPECT_FALSE(std::filesystem::exists(data_dir()));  // refused before touching the store

  WriteKeys({KeyEntry("reader-key", "reader")}, 0620);  // writable by the group: refused too
  EXPECT_THAT(Start().message(), HasSubstr("mode 0620"));

  // The escape hatch, for a development machine.
  ASSERT_TRUE(Start(/*allow_readable_keys=*/true).ok());
  server_->Shutdown(absl::Seconds(5));
  server_.reset();

  // A reload (SIGHUP) of a file made readable meanwhile keeps the keys in force.
  WriteKeys({KeyEntry("reader-key", "reader")}, 0600);
  ASSERT_TRUE(Start().ok());
  WriteKeys({KeyEntry("other-key", "reader")}, 0640);
  absl::StatusOr<size_t> reloaded = server_->ReloadKeys();
  EXPECT_EQ(reloaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(reloaded.status().message(), HasSubstr("mode 0640"));
  auto admin = v1::AdminService::NewStub(channel_);
  v1::ServerInfo info;
  EXPECT_TRUE(
      admin->GetServerInfo(Context("reader-key").get(), v1::GetServerInfoRequest(), &info).ok());
  EXPECT_EQ(admin->GetServerInfo(Context("other-key").get(), v1::GetServerInfoRequest(), &info)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace matching
