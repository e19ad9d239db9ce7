// AdminService: what an operator asks of a running matchd (server info, backup).
#ifndef MATCHING_SERVER_ADMIN_SERVICE_H_
#define MATCHING_SERVER_ADMIN_SERVICE_H_

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matching/v1/admin.grpc.pb.h"
#include "server/auth.h"
#include "server/method_stats.h"

namespace matching::server {

// Facts about this server fixed at start.
struct ServerFacts {
  std::string data_dir;
  std::chrono::steady_clock::time_point start_time;  // when MatchServer::Start was called
  double index_load_seconds = 0;                     // the index rebuild from the store
};

// GetServerInfo (role reader and above; the data directory and per-method error counts to
// admins only, issue 19), Backup and ListAuditEntries (admin only).
//
// Thread-safe: handlers run concurrently on gRPC's callback threads; the store, index
// and stats are thread-safe. `auth`, `store`, `index` and `stats` are not owned and must
// outlive the service.
class AdminServiceImpl final : public v1::AdminService::CallbackService {
 public:
  AdminServiceImpl(const Authorizer* auth, index::Store* store, const index::MemoryIndex* index,
                   const MethodStats* stats, ServerFacts facts)
      : auth_(auth), store_(store), index_(index), stats_(stats), facts_(std::move(facts)) {}

  grpc::ServerUnaryReactor* GetServerInfo(grpc::CallbackServerContext* context,
                                          const v1::GetServerInfoRequest* request,
                                          v1::ServerInfo* response) override;
  // Blocks a callback thread for the checkpoint and the count of the copy (seconds for
  // millions of records); reads and writes go on meanwhile.
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* context,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override;
  // Admin only: who changed which territory, newest first (index::Store::ListAuditEntries).
  grpc::ServerUnaryReactor* ListAuditEntries(grpc::CallbackServerContext* context,
                                             const v1::ListAuditEntriesRequest* request,
                                             v1::ListAuditEntriesResponse* response) override;

 private:
  // `for_admin`: also the data directory and the error counts (where the files are, and
  // which calls fail, help an attacker more than a portal).
  absl::Status FillServerInfo(bool for_admin, v1::ServerInfo* info) const;
  absl::Status WriteBackup(const std::string& destination_dir, v1::BackupResponse* response);

  const Authorizer* auth_;
  index::Store* store_;
  const index::MemoryIndex* index_;
  const MethodStats* stats_;
  const ServerFacts facts_;
};

// destination_dir of a Backup: an absolute path that does not exist yet.
[[nodiscard]] absl::Status ValidateBackupDestination(const std::string& destination_dir);

}  // namespace matching::server

#endif  // MATCHING_SERVER_ADMIN_SERVICE_H_
