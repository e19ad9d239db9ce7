// MatchServer implementation: wiring of services, health and reflection.
#include "server/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "index/store.h"
#include "matching/v1/event.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/catalog_service.h"

namespace matching::server {
namespace {

class MatchServerImpl final : public MatchServer {
 public:
  MatchServerImpl(std::unique_ptr<index::Store> store)
      : store_(std::move(store)), catalog_(store_.get()) {}

  ~MatchServerImpl() override { Shutdown(absl::Seconds(5)); }

  absl::Status Build(const ServerConfig& config) {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port_);
    builder.SetMaxReceiveMessageSize(config.max_message_bytes);
    builder.RegisterService(&catalog_);
    builder.RegisterService(&matching_);
    builder.RegisterService(&events_);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on '", config.listen, "' (address in use or invalid)"));
    }
    return absl::OkStatus();
  }

  int port() const override { return port_; }

  void Shutdown(absl::Duration deadline) override {
    absl::MutexLock lock(&mu_);
    if (server_ == nullptr) return;
    server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
    server_->Wait();
    server_.reset();
    store_.reset();  // closes RocksDB after the last call has finished
    spdlog::info("server stopped, store closed");
  }

 private:
  absl::Mutex mu_;
  std::unique_ptr<index::Store> store_ ABSL_GUARDED_BY(mu_);
  CatalogServiceImpl catalog_;
  // Declared by the API, filled in by later work: they answer UNIMPLEMENTED.
  v1::MatchingService::CallbackService matching_;
  v1::EventService::CallbackService events_;
  std::unique_ptr<grpc::Server> server_ ABSL_GUARDED_BY(mu_);
  int port_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MatchServer>> MatchServer::Start(const ServerConfig& config) {
  if (config.data_dir.empty()) return absl::InvalidArgumentError("--data_dir: is required");
  index::StoreOptions options;
  options.sync_writes = config.sync_writes;
  absl::StatusOr<std::unique_ptr<index::Store>> store = index::OpenStore(config.data_dir, options);
  if (!store.ok()) return store.status();
  auto server = std::make_unique<MatchServerImpl>(std::move(*store));
  if (absl::Status s = server->Build(config); !s.ok()) return s;
  return std::unique_ptr<MatchServer>(std::move(server));
}

}  // namespace matching::server
