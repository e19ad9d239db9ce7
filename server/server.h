// MatchServer: the gRPC server of matchd, with its store. Used by main and by tests.
#ifndef MATCHING_SERVER_SERVER_H_
#define MATCHING_SERVER_SERVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "matcher/event_plan.h"
#include "server/data_files.h"
#include "server/logging.h"

namespace matching::server {

struct ServerConfig {
  std::string data_dir;                    // required; created when absent
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port (see port())
  bool sync_writes = false;                // fsync the WAL before acknowledging (index/store.h)
  // Entries the reference-data audit log keeps, newest (index::StoreOptions).
  int64_t audit_max_entries = 100000;
  int max_message_bytes = 16 << 20;  // largest request accepted; larger: RESOURCE_EXHAUSTED
  // Aid rules (data/aids.json), by default the first found (DefaultAidsFile,
  // server/data_files.h). Required: empty or unreadable stops the start.
  std::string aids_file = DefaultAidsFile();
  // The metropolises households may name (server/metropolises.h), by default the first
  // metropoles.csv found (DefaultMetropolesFile). A file that cannot be read stops the
  // start. Empty: no list; territories then introduce the metropolises they name, and
  // households name those.
  std::string metropoles_file = DefaultMetropolesFile();
  // API keys and roles (server/auth.h). Empty (the default): no access control, every call
  // is allowed; matchd itself refuses that unless run with --insecure_no_auth.
  std::string keys_file;
  // Accept a keys file that group or others may read or write (refused by default, at start
  // and on reload: see KeyRing::LoadFromFile). For a development machine only.
  bool allow_readable_keys = false;
  // Plaintext (no TLS) on an address other than loopback lets anyone on the path read keys
  // and profiles: refused at start unless this is set (a TLS-terminating proxy on a trusted
  // network). Loopback addresses are plaintext by default.
  bool allow_plaintext_non_loopback = false;

  // Transport security (server/transport.h). TLS needs both PEM files: the certificate
  // chain and its private key. Both empty (the default): plaintext, for loopback or a
  // network the operator trusts; one without the other is refused at start.
  std::string tls_cert_file;
  std::string tls_key_file;
  // With TLS, a PEM bundle of the CAs that sign client certificates: when set, a client
  // without a certificate signed by one of them is refused during the handshake. Empty
  // (the default): no client certificate is asked for.
  std::string tls_client_ca_file;

  // Prometheus metrics (server/metrics.h) served over HTTP on this address, at /metrics
  // ("127.0.0.1:9464"; port 0 picks a free one, see metrics_port()). Empty (the default):
  // none. The page holds counts, latencies and sizes, never an id; it has no access
  // control of its own: bind it to loopback or a network only the scraper reaches.
  std::string metrics_listen;
  // One log line per finished call (server/logging.h: method, code, duration, request id),
  // in `log_format`. Off by default: at thousands of calls a second it is a lot of lines.
  bool access_log = false;
  LogFormat log_format = LogFormat::kText;

  // Calls a single client connection may have in flight at once (HTTP/2
  // SETTINGS_MAX_CONCURRENT_STREAMS); further calls wait on the client's side. 100.
  int max_concurrent_streams = 100;

  // Right to erasure (server/erasure_compactor.h): after a candidate is deleted, the store
  // is compacted so that no byte of the profile stays in data_dir. At most one compaction
  // starts per this delay (the first one right away); zero compacts after every erasure.
  // Default 60 s: an erased profile leaves the disk within a minute plus the compaction.
  absl::Duration erasure_compaction_delay = absl::Seconds(60);

  // Event planning runs on its own threads, never on gRPC's: health checks, reads and
  // ranking keep their latency while an event plans. `plan_workers` threads (1) plan; up
  // to `plan_queue` plans (4) wait for one; more: PlanEvent is RESOURCE_EXHAUSTED at once.
  int plan_workers = 1;
  int plan_queue = 4;
  // Work budget of one plan (matcher/event_plan.h, "The work budget"): 400 million units,
  // a few seconds of one core for the largest event allowed (5,000 x 500 x 96). Past it,
  // the best plan found so far (budget_exhausted, with its gap).
  int64_t plan_max_work = matcher::kDefaultMaxPlanWork;
  // Test hook, empty in production: called on the planning thread between a plan's
  // computation and its write (see EventServiceOptions::before_plan_write).
  std::function<void(const std::string& event_id)> before_plan_write;
};

// Thread-safe: Shutdown may be called from any thread, once.
class MatchServer {
 public:
  // Opens the store, registers the services (catalog, matching, events, admin, health,
  // reflection) and starts serving; every call is counted and timed (AdminService). Errors
  // name the data directory or the address.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MatchServer>> Start(
      const ServerConfig& config);

  virtual ~MatchServer() = default;

  // Re-reads the keys file and swaps the keys atomically (SIGHUP): revoked keys fail from
  // the next call on. Returns the number of keys; on error (no keys file, unreadable or bad
  // file) the keys in force stay unchanged.
  [[nodiscard]] virtual absl::StatusOr<size_t> ReloadKeys() = 0;

  // Blocks until every candidate erased before the call has been compacted out of the data
  // directory (see ServerConfig::erasure_compaction_delay). False when `timeout` passed
  // first. For tests and tools that must know, without sleeping, that erasure is complete.
  virtual bool WaitForErasureCompaction(absl::Duration timeout) = 0;

  // The bound TCP port (useful with port 0).
  virtual int port() const = 0;
  // The metrics endpoint's bound port; 0 without ServerConfig::metrics_listen.
  virtual int metrics_port() const = 0;

  // Stops accepting calls, lets calls in flight finish until `deadline` (then cancels
  // them), and closes the store cleanly. Idempotent.
  virtual void Shutdown(absl::Duration deadline) = 0;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_SERVER_H_
