// MatchServer implementation: wiring of services, health and reflection.
#include "server/server.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "server/admin_service.h"
#include "server/auth.h"
#include "server/campaign_service.h"
#include "server/catalog_service.h"
#include "server/data_files.h"
#include "server/erasure_compactor.h"
#include "server/event_service.h"
#include "server/matching_service.h"
#include "server/method_stats.h"
#include "server/metrics.h"
#include "server/metropolises.h"
#include "server/reflection_service.h"
#include "server/transport.h"
#include "server/version.h"

namespace matching::server {
namespace {

EventServiceOptions WithMetrics(EventServiceOptions options, ServerMetrics* metrics) {
  options.metrics = metrics;
  return options;
}

class MatchServerImpl final : public MatchServer {
 public:
  MatchServerImpl(std::unique_ptr<index::Store> store, matcher::AidRules aid_rules,
                  std::vector<KnownMetropolis> listed_metropolises,
                  std::unique_ptr<Authorizer> auth, std::string keys_file,
                  absl::Duration erasure_compaction_delay, EventServiceOptions event_options,
                  int64_t max_message_bytes)
      : keys_file_(std::move(keys_file)),
        auth_(std::move(auth)),
        store_(std::move(store)),
        compactor_(std::make_unique<ErasureCompactor>(store_.get(), erasure_compaction_delay)),
        indexed_store_(index::NewIndexedStore(store_.get(), &index_)),
        metropolises_(std::move(listed_metropolises), &index_),
        catalog_(
            auth_.get(), indexed_store_.get(), &index_,
            [compactor = compactor_.get()] { compactor->NoteErasure(); }, &metropolises_,
            &metrics_),
        campaigns_(auth_.get(), indexed_store_.get(), &index_, aid_rules,
                   CampaignServiceOptions{event_options.plan_workers, event_options.plan_queue, 2,
                                          max_message_bytes}),
        events_(auth_.get(), indexed_store_.get(), &index_, aid_rules,
                WithMetrics(std::move(event_options), &metrics_)),
        matching_(auth_.get(), &index_, std::move(aid_rules), &metropolises_) {}

  void set_allow_readable_keys(bool allow) { allow_readable_keys_ = allow; }

  absl::StatusOr<size_t> ReloadKeys() override {
    if (keys_file_.empty()) {
      return absl::FailedPreconditionError("no keys file configured: nothing to reload");
    }
    absl::StatusOr<KeyRing> keys = KeyRing::LoadFromFile(keys_file_, allow_readable_keys_);
    if (!keys.ok()) return keys.status();
    const size_t count = keys->size();
    auth_->Replace(std::move(*keys));
    return count;
  }

  absl::Status LoadIndex() {
    absl::MutexLock lock(&mu_);
    const absl::Time start = absl::Now();
    if (absl::Status s = index_.LoadFrom(*store_); !s.ok()) return s;
    index_load_seconds_ = absl::ToDoubleSeconds(absl::Now() - start);
    spdlog::info("index loaded in {:.0f} ms: {} territories, {} offers, {} candidates",
                 absl::ToDoubleMilliseconds(absl::Now() - start), index_.territory_count(),
                 index_.offer_count(), index_.candidate_count());
    return absl::OkStatus();
  }

  ~MatchServerImpl() override { Shutdown(absl::Seconds(5)); }

  absl::Status Build(const ServerConfig& config,
                     std::shared_ptr<grpc::ServerCredentials> credentials) {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort(config.listen, std::move(credentials), &port_);
    builder.SetMaxReceiveMessageSize(config.max_message_bytes);
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_concurrent_streams);
    builder.RegisterService(&catalog_);
    builder.RegisterService(&matching_);
    builder.RegisterService(&events_);
    builder.RegisterService(&campaigns_);
    admin_ = std::make_unique<AdminServiceImpl>(
        auth_.get(), indexed_store_.get(), &index_, &stats_,
        ServerFacts{config.data_dir, start_time_, index_load_seconds_});
    builder.RegisterService(admin_.get());
    // Reflection behind the API keys like every service but health (issue 19).
    reflection_ = std::make_unique<KeyedReflectionService>(
        auth_.get(), std::vector<std::string>{
                         v1::CatalogService::service_full_name(),
                         v1::MatchingService::service_full_name(),
                         v1::EventService::service_full_name(),
                         v1::AdminService::service_full_name(),
                         "grpc.health.v1.Health",
                         grpc::reflection::v1alpha::ServerReflection::service_full_name(),
                     });
    builder.RegisterService(reflection_.get());
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(NewMethodStatsInterceptorFactory(&stats_));
    if (config.access_log) creators.push_back(NewAccessLogInterceptorFactory(config.log_format));
    builder.experimental().SetInterceptorCreators(std::move(creators));
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on '", config.listen, "' (address in use or invalid)"));
    }
    if (!config.metrics_listen.empty()) {
      MetricsSources sources;
      sources.methods = &stats_;
      sources.counters = &metrics_;
      sources.index = &index_;
      sources.store = store_.get();
      sources.index_load_seconds = index_load_seconds_;
      sources.version = MATCHD_VERSION;
      absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
          MetricsEndpoint::Start(config.metrics_listen, std::move(sources));
      if (!endpoint.ok()) {
        server_->Shutdown();
        return endpoint.status();
      }
      metrics_endpoint_ = *std::move(endpoint);
    }
    // A previous run killed between an erasure and its compaction left the profile's bytes
    // behind: one compaction at start (in the background) removes them.
    compactor_->NoteErasure();
    return absl::OkStatus();
  }

  int port() const override { return port_; }
  int metrics_port() const override {
    return metrics_endpoint_ != nullptr ? metrics_endpoint_->port() : 0;
  }

  bool WaitForErasureCompaction(absl::Duration timeout) override {
    return compactor_->WaitUntilCompacted(timeout);
  }

  void Shutdown(absl::Duration deadline) override {
    absl::MutexLock lock(&mu_);
    if (server_ == nullptr) return;
    metrics_endpoint_.reset();  // no scrape reads the store past this point
    server_->Shutdown(absl::ToChronoTime(absl::Now() + deadline));
    server_->Wait();
    server_.reset();
    compactor_->Stop();  // runs a compaction still owed by an erasure, while the store is open
    indexed_store_.reset();
    store_.reset();  // closes RocksDB after the last call has finished
    spdlog::info("server stopped, store closed");
  }

 private:
  const std::string keys_file_;             // empty: no access control
  bool allow_readable_keys_ = false;        // set by Start, before the first reload
  const std::unique_ptr<Authorizer> auth_;  // before the services, which point to it
  ServerMetrics metrics_;                   // fed by the services; before them
  absl::Mutex mu_;
  std::unique_ptr<index::Store> store_ ABSL_GUARDED_BY(mu_);  // RocksDB, the source of truth
  const std::unique_ptr<ErasureCompactor> compactor_;         // stopped before store_ closes
  index::MemoryIndex index_;                                  // what ranking reads
  std::unique_ptr<index::Store> indexed_store_;               // writes: store first, then index
  const Metropolises metropolises_;  // the listed ones and those the index's territories declare
  CatalogServiceImpl catalog_;
  CampaignServiceImpl campaigns_;
  EventServiceImpl events_;
  MatchingServiceImpl matching_;
  const std::chrono::steady_clock::time_point start_time_ = std::chrono::steady_clock::now();
  double index_load_seconds_ = 0;            // set by LoadIndex, before Build
  MethodStats stats_;                        // every call, recorded by an interceptor
  std::unique_ptr<AdminServiceImpl> admin_;  // built with the facts known at Build
  std::unique_ptr<KeyedReflectionService> reflection_;
  std::unique_ptr<grpc::Server> server_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;  // reads store_: reset before it
  int port_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<MatchServer>> MatchServer::Start(const ServerConfig& config) {
  if (config.data_dir.empty()) return absl::InvalidArgumentError("--data_dir: is required");
  if (config.max_message_bytes <= 0 || config.max_concurrent_streams <= 0 ||
      config.erasure_compaction_delay < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--max_message_bytes (", config.max_message_bytes, ") and --max_concurrent_streams (",
        config.max_concurrent_streams, ") must be > 0, --erasure_compaction_delay_s >= 0"));
  }
  if (config.plan_workers < 1 || config.plan_queue < 0 || config.plan_max_work < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--plan_workers (", config.plan_workers, ") must be >= 1, --plan_queue (",
                     config.plan_queue, ") and --plan_max_work (", config.plan_max_work, ") >= 0"));
  }
  // TLS files are checked before the data directory is touched.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config);
  if (!credentials.ok()) return credentials.status();
  auto auth = std::make_unique<Authorizer>();  // open unless a keys file is given
  if (!config.keys_file.empty()) {
    absl::StatusOr<KeyRing> keys =
        KeyRing::LoadFromFile(config.keys_file, config.allow_readable_keys);
    if (!keys.ok()) return keys.status();
    auth = std::make_unique<Authorizer>(std::move(*keys));
  }
  // "Created if absent" includes missing parents (RocksDB creates one level only).
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("--data_dir: cannot create '", config.data_dir, "': ", error.message()));
  }
  index::StoreOptions options;
  options.sync_writes = config.sync_writes;
  options.audit_max_entries = config.audit_max_entries;
  absl::StatusOr<std::unique_ptr<index::Store>> store = index::OpenStore(config.data_dir, options);
  if (!store.ok()) return store.status();
  if (config.aids_file.empty()) {
    std::vector<std::string> looked;
    FindDataFile("aids.json", &looked);
    return absl::NotFoundError(absl::StrCat("aid rules: no aids.json found; looked in ",
                                            absl::StrJoin(looked, ", "),
                                            "; pass --aids_file FILE"));
  }
  absl::StatusOr<matcher::AidRules> aid_rules = matcher::AidRules::LoadFromFile(config.aids_file);
  if (!aid_rules.ok()) return aid_rules.status();
  std::vector<KnownMetropolis> listed_metropolises;
  if (!config.metropoles_file.empty()) {
    absl::StatusOr<std::vector<KnownMetropolis>> read = ReadMetropolesCsv(config.metropoles_file);
    if (!read.ok()) return read.status();
    listed_metropolises = std::move(*read);
    spdlog::info("{} metropolises listed in {}", listed_metropolises.size(),
                 config.metropoles_file);
  } else {
    spdlog::info("no metropolises file: territories introduce the metropolises they name");
  }
  EventServiceOptions event_options;
  event_options.plan_workers = config.plan_workers;
  event_options.plan_queue = config.plan_queue;
  event_options.plan_max_work = config.plan_max_work;
  event_options.before_plan_write = config.before_plan_write;
  auto server = std::make_unique<MatchServerImpl>(
      std::move(*store), std::move(*aid_rules), std::move(listed_metropolises), std::move(auth),
      config.keys_file, config.erasure_compaction_delay, std::move(event_options),
      config.max_message_bytes);
  server->set_allow_readable_keys(config.allow_readable_keys);
  if (absl::Status s = server->LoadIndex(); !s.ok()) return s;
  if (absl::Status s = server->Build(config, *std::move(credentials)); !s.ok()) return s;
  return std::unique_ptr<MatchServer>(std::move(server));
}

}  // namespace matching::server
