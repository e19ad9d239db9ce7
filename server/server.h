// MatchServer: the gRPC server of matchd, with its store. Used by main and by tests.
#ifndef MATCHING_SERVER_SERVER_H_
#define MATCHING_SERVER_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace matching::server {

struct ServerConfig {
  std::string data_dir;                    // required; created when absent
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port (see port())
  bool sync_writes = false;                // fsync the WAL before acknowledging (index/store.h)
  int max_message_bytes = 16 << 20;        // largest request accepted
  std::string aids_file = MATCHING_DEFAULT_AIDS_FILE;  // aid rules (data/aids.json)
  // API keys and roles (server/auth.h). Empty (the default): no access control, every call
  // is allowed; matchd itself refuses that unless run with --insecure_no_auth.
  std::string keys_file;
};

// Thread-safe: Shutdown may be called from any thread, once.
class MatchServer {
 public:
  // Opens the store, registers the services (catalog, matching, events, health,
  // reflection) and starts serving. Errors name the data directory or the address.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MatchServer>> Start(
      const ServerConfig& config);

  virtual ~MatchServer() = default;

  // Re-reads the keys file and swaps the keys atomically (SIGHUP): revoked keys fail from
  // the next call on. Returns the number of keys; on error (no keys file, unreadable or bad
  // file) the keys in force stay unchanged.
  [[nodiscard]] virtual absl::StatusOr<size_t> ReloadKeys() = 0;

  // The bound TCP port (useful with port 0).
  virtual int port() const = 0;

  // Stops accepting calls, lets calls in flight finish until `deadline` (then cancels
  // them), and closes the store cleanly. Idempotent.
  virtual void Shutdown(absl::Duration deadline) = 0;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_SERVER_H_
