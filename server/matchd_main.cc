// matchd: the matching service. One command, one local data directory, no other server.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "server/data_files.h"
#include "server/server.h"
#include "server/transport.h"

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, which turns on the Mutex deadlock detector: a
  // graph update on every lock (a few percent of the server's CPU under load). Our lock
  // order is fixed and tested under the sanitizers; the detector is not needed here.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Everything matchd writes (the store's files, backups, logs) holds personal data: files
  // 0600 and directories 0700, whatever the umask it was started with (issue 19).
  umask(077);
  matching::server::ServerConfig config;
  std::string log_level = "info";
  double shutdown_seconds = 10;
  bool insecure_no_auth = false;
  CLI::App app{"matchd: candidate-territory matching service (gRPC)"};
  app.add_option("--data_dir", config.data_dir, "RocksDB data directory (created if absent)")
      ->required();
  app.add_option("--listen", config.listen, "address to listen on; port 0 picks a free port")
      ->capture_default_str();
  app.add_option("--log_level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  std::string log_format = "text";
  app.add_option("--log_format", log_format,
                 "text, or json: one object per line (time, level, logger, message)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--access_log", config.access_log,
               "log every finished call: method, status code, duration, request id "
               "(the caller's x-request-id, sent back in the trailers)");
  app.add_option("--aids_file", config.aids_file,
                 "aid rules (amounts by zone and profession); default: aids.json in "
                 "../share/matching/data beside the binary, else the source tree's data/, "
                 "else ./data")
      ->capture_default_str();
  app.add_option("--metropoles", config.metropoles_file,
                 "metropolises households may name (CSV: id,name,...,centre_insee); "
                 "default: searched as for --aids_file; "
                 "'' for none (territories then introduce them)")
      ->capture_default_str();
  app.add_flag("--sync_writes", config.sync_writes,
               "fsync the write-ahead log before acknowledging (survives OS crashes)");
  app.add_option("--audit_max_entries", config.audit_max_entries,
                 "entries the audit log of territory changes keeps (the newest)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--shutdown_seconds", shutdown_seconds,
                 "on SIGTERM/SIGINT, how long calls in flight may take to finish")
      ->capture_default_str();
  app.add_option("--keys_file", config.keys_file,
                 "API keys and roles (JSON, see README 'Access control'); re-read on SIGHUP");
  app.add_flag("--insecure_no_auth", insecure_no_auth,
               "serve without access control: every call allowed (local use only)");
  app.add_flag("--allow_readable_keys", config.allow_readable_keys,
               "accept a keys file group or others may read or write (development only; "
               "refused by default, as ssh refuses such a private key)");
  app.add_flag("--allow_plaintext_non_loopback", config.allow_plaintext_non_loopback,
               "serve plaintext gRPC on an address other than loopback (behind a "
               "TLS-terminating proxy on a trusted network); refused by default");
  app.add_option("--tls_cert", config.tls_cert_file,
                 "TLS: certificate chain (PEM); with --tls_key. Without both: plaintext");
  app.add_option("--tls_key", config.tls_key_file, "TLS: private key of --tls_cert (PEM)");
  app.add_option("--tls_client_ca", config.tls_client_ca_file,
                 "TLS: require client certificates signed by these CAs (PEM)");
  app.add_option("--metrics_listen", config.metrics_listen,
                 "serve Prometheus metrics at http://ADDRESS/metrics (e.g. 127.0.0.1:9464; "
                 "no access control: loopback or a network only the scraper reaches)");
  app.add_option("--max_message_bytes", config.max_message_bytes,
                 "largest request accepted; larger ones get RESOURCE_EXHAUSTED")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max_concurrent_streams", config.max_concurrent_streams,
                 "calls one client connection may have in flight at once")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--plan_workers", config.plan_workers,
                 "threads that plan events, off the threads that serve calls")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--plan_queue", config.plan_queue,
                 "plans that may wait for a worker; more get RESOURCE_EXHAUSTED")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--plan_max_work", config.plan_max_work,
                 "work budget of one plan (matcher/event_plan.h); past it the best plan so far")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  double erasure_compaction_delay_s = absl::ToDoubleSeconds(config.erasure_compaction_delay);
  app.add_option("--erasure_compaction_delay_s", erasure_compaction_delay_s,
                 "after a candidate is erased, compact the store within this many seconds "
                 "(at most one compaction per period; 0: after every erasure)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  config.erasure_compaction_delay = absl::Seconds(erasure_compaction_delay_s);
  // Logs go to stderr; stdout carries only the "serving on" line that scripts read.
  config.log_format = *matching::server::ParseLogFormat(log_format);  // checked by CLI11
  matching::server::ConfigureLogging(config.log_format, spdlog::level::from_str(log_level));

  if (config.keys_file.empty() && !insecure_no_auth) {
    std::fprintf(stderr,
                 "matchd: refusing to start without access control: give --keys_file FILE "
                 "(see README, 'Access control'), or --insecure_no_auth for local use\n");
    return 2;
  }
  if (!config.keys_file.empty() && insecure_no_auth) {
    std::fprintf(stderr, "matchd: --keys_file and --insecure_no_auth exclude each other\n");
    return 2;
  }
  if (config.metropoles_file.empty() && app.count("--metropoles") == 0) {
    std::vector<std::string> looked;
    matching::server::FindDataFile("metropoles.csv", &looked);
    spdlog::warn(
        "no metropoles.csv found (looked in {}): households may name only the "
        "metropolises territories introduce; pass --metropoles FILE",
        absl::StrJoin(looked, ", "));
  }
  if (insecure_no_auth) spdlog::warn("--insecure_no_auth: every call is allowed, without a key");
  if (config.tls_cert_file.empty() && config.tls_key_file.empty() &&
      config.allow_plaintext_non_loopback && !matching::server::IsLoopbackAddress(config.listen)) {
    spdlog::warn(
        "--allow_plaintext_non_loopback: plaintext gRPC on {}, API keys and profiles travel in "
        "clear up to the proxy",
        config.listen);
  }

  // Block the stop signals and SIGHUP in every thread (gRPC's included); main waits for
  // them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);  // re-read the keys file
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<matching::server::MatchServer>> server =
      matching::server::MatchServer::Start(config);
  if (!server.ok()) {
    spdlog::error("cannot start: {}", std::string(server.status().message()));
    return 1;
  }
  const std::string host = config.listen.substr(0, config.listen.rfind(':'));
  // One line on stdout, flushed, so that scripts and tests learn the port without polling.
  std::printf("matchd: serving on %s:%d (data: %s)\n", host.c_str(), (*server)->port(),
              config.data_dir.c_str());
  if ((*server)->metrics_port() != 0) {
    const std::string metrics_host =
        config.metrics_listen.substr(0, config.metrics_listen.rfind(':'));
    std::printf("matchd: metrics on http://%s:%d/metrics\n", metrics_host.c_str(),
                (*server)->metrics_port());
  }
  std::fflush(stdout);

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) == 0 && signal_number == SIGHUP) {
    absl::StatusOr<size_t> keys = (*server)->ReloadKeys();
    if (keys.ok()) {
      spdlog::info("SIGHUP: keys file reloaded, {} keys", *keys);
    } else {
      spdlog::error("SIGHUP: keys not reloaded, the previous keys stay in force: {}",
                    std::string(keys.status().message()));
    }
  }
  spdlog::info("signal {}: shutting down (deadline {} s)", signal_number, shutdown_seconds);
  (*server)->Shutdown(absl::Seconds(shutdown_seconds));
  return 0;
}
