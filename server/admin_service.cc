// AdminService handlers: server info from the index, store, stats and /proc; backups.
#include "server/admin_service.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "matcher/weights.h"
#include "server/handler_util.h"
#include "server/metrics.h"
#include "server/unary.h"
#include "server/version.h"

namespace matching::server {
namespace {

// `path` without a trailing separator or "." and ".." parts: "/b/x/" and "/b/./x" are "/b/x".
std::filesystem::path Normalized(const std::string& path) {
  std::filesystem::path normal = std::filesystem::path(path).lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();
  }
  return normal;
}

}  // namespace

absl::Status ValidateBackupDestination(const std::string& destination_dir) {
  if (destination_dir.empty()) {
    return absl::InvalidArgumentError(
        "destination_dir: is required (a new directory on the server's machine)");
  }
  if (!std::filesystem::path(destination_dir).is_absolute()) {
    return absl::InvalidArgumentError(
        absl::StrCat("destination_dir: '", destination_dir,
                     "' is not an absolute path (it names a directory on the server's machine)"));
  }
  std::error_code error;
  if (std::filesystem::exists(std::filesystem::symlink_status(destination_dir, error))) {
    return absl::InvalidArgumentError(absl::StrCat("destination_dir: '", destination_dir,
                                                   "' already exists; name a new directory"));
  }
  return absl::OkStatus();
}

absl::Status AdminServiceImpl::FillServerInfo(bool for_admin, v1::ServerInfo* info) const {
  info->set_version(MATCHD_VERSION);
  info->set_weights_profile_version(std::string(matcher::kDefaultWeightsProfileVersion));
  info->set_territory_count(static_cast<int64_t>(index_->territory_count()));
  info->set_offer_count(static_cast<int64_t>(index_->offer_count()));
  info->set_candidate_count(static_cast<int64_t>(index_->candidate_count()));
  // Events are not indexed: the store's estimate (exact for small stores).
  absl::StatusOr<index::StoreCounts> counts = store_->Counts();
  if (!counts.ok()) return counts.status();
  info->set_event_count(counts->events);
  info->set_index_memory_bytes(static_cast<int64_t>(index_->memory_bytes()));
  info->set_resident_memory_bytes(ResidentMemoryBytes());
  info->set_uptime_seconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - facts_.start_time).count());
  info->set_index_load_seconds(facts_.index_load_seconds);
  if (for_admin) info->set_data_dir(facts_.data_dir);
  for (const MethodStats::Method& method : stats_->Read()) {
    v1::MethodStats* out = info->add_methods();
    out->set_method(method.method);
    out->set_count(method.latency.count);
    if (for_admin) out->set_error_count(method.error_count);
    out->set_p50_ms(method.latency.PercentileMs(0.50));
    out->set_p95_ms(method.latency.PercentileMs(0.95));
    out->set_p99_ms(method.latency.PercentileMs(0.99));
    out->set_max_ms(method.latency.MaxMs());
  }
  return absl::OkStatus();
}

absl::Status AdminServiceImpl::WriteBackup(const std::string& destination_dir,
                                           v1::BackupResponse* response) {
  if (absl::Status s = ValidateBackupDestination(destination_dir); !s.ok()) return s;
  const std::filesystem::path destination = Normalized(destination_dir);
  std::error_code error;
  const std::filesystem::path data_dir = std::filesystem::weakly_canonical(facts_.data_dir, error);
  if (!error && absl::StartsWith(std::filesystem::weakly_canonical(destination, error).string(),
                                 (data_dir / "").string())) {
    return absl::InvalidArgumentError(absl::StrCat("destination_dir: '", destination_dir,
                                                   "' is inside the data directory '",
                                                   facts_.data_dir, "'; choose one outside it"));
  }
  // RocksDB creates the directory itself, but not its parents.
  std::filesystem::create_directories(destination.parent_path(), error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat("destination_dir: cannot create '",
                                                      destination.parent_path().string(),
                                                      "': ", error.message()));
  }
  absl::StatusOr<index::CheckpointInfo> info = store_->Checkpoint(destination.string());
  if (!info.ok()) return info.status();
  response->set_destination_dir(info->dir);
  response->set_size_bytes(info->size_bytes);
  response->set_file_count(info->file_count);
  response->set_sequence_number(static_cast<int64_t>(info->sequence_number));
  response->set_territory_count(info->counts.territories);
  response->set_offer_count(info->counts.offers);
  response->set_candidate_count(info->counts.candidates);
  response->set_event_count(info->counts.events);
  spdlog::info("backup written to '{}': {} files, {} bytes, sequence number {}", info->dir,
               info->file_count, info->size_bytes, info->sequence_number);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AdminServiceImpl::GetServerInfo(grpc::CallbackServerContext* context,
                                                          const v1::GetServerInfoRequest*,
                                                          v1::ServerInfo* response) {
  return RunUnary(context, *auth_, Permission::kReadServerInfo, "GetServerInfo", "",
                  [&](const Principal& caller) {
                    return FillServerInfo(caller.role == Role::kAdmin, response);
                  });
}

grpc::ServerUnaryReactor* AdminServiceImpl::Backup(grpc::CallbackServerContext* context,
                                                   const v1::BackupRequest* request,
                                                   v1::BackupResponse* response) {
  return RunUnary(context, *auth_, Permission::kBackup, "Backup", "",
                  [&]() { return WriteBackup(request->destination_dir(), response); });
}

grpc::ServerUnaryReactor* AdminServiceImpl::ListAuditEntries(
    grpc::CallbackServerContext* context, const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadAudit, "ListAuditEntries", request->territory_id(),
      [&]() -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        if (!request->territory_id().empty()) {
          if (absl::Status s = ValidateId("territory_id", request->territory_id()); !s.ok())
            return s;
        }
        absl::StatusOr<index::Page<v1::AuditEntry>> result =
            store_->ListAuditEntries(index::AuditFilter{request->territory_id()}, page);
        if (!result.ok()) return result.status();
        for (v1::AuditEntry& entry : result->items) *response->add_entries() = std::move(entry);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace matching::server
