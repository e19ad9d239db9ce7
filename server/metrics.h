// Prometheus metrics of matchd: what an operator scrapes from `--metrics_listen`.
//
// Two kinds of figures. Those that happen (imports, plans) are counted as they happen into
// ServerMetrics by the services. Those that are states (records, memory, the storage
// engine) and the per-method call figures (already kept by MethodStats) are read when
// Prometheus scrapes, so that serving a call costs nothing more than it did.
//
// Labels carry method names, status codes and record kinds, never an id: the endpoint
// shows no personal data (docs/OPERATIONS.md, "Metrics").
#ifndef MATCHING_SERVER_METRICS_H_
#define MATCHING_SERVER_METRICS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/latency_histogram.h"

namespace matching::index {
class MemoryIndex;
class Store;
}  // namespace matching::index

namespace matching::server {

class MethodStats;

// Counters the services feed. Thread-safe, lock-free; lives as long as the server.
class ServerMetrics {
 public:
  // One import stream finished (or was cancelled): its accepted and rejected records.
  void CountImport(int64_t accepted, int64_t rejected);
  // One event plan computed in `took`, with its optimality gap (0 when proven optimal) and
  // whether it stopped on its work budget.
  void ObservePlan(absl::Duration took, double gap, bool budget_exhausted);

  struct Snapshot {
    int64_t import_accepted = 0;
    int64_t import_rejected = 0;
    LatencyHistogram::Snapshot plan_time;
    LatencyHistogram::Snapshot plan_gap;  // each plan's gap x 1e9, recorded as nanoseconds
    int64_t plans_budget_exhausted = 0;
  };
  Snapshot Read() const;

 private:
  std::atomic<int64_t> import_accepted_{0};
  std::atomic<int64_t> import_rejected_{0};
  LatencyHistogram plan_time_;
  LatencyHistogram plan_gap_;
  std::atomic<int64_t> plans_budget_exhausted_{0};
};

// The process's resident set (/proc/self/statm), in bytes; 0 when unknown.
int64_t ResidentMemoryBytes();

// What a scrape reads. Pointers are not owned and must outlive the endpoint.
struct MetricsSources {
  const MethodStats* methods = nullptr;
  const ServerMetrics* counters = nullptr;
  const index::MemoryIndex* index = nullptr;
  index::Store* store = nullptr;  // counts and engine figures (the RocksDB store itself)
  double index_load_seconds = 0;  // the last (re)build of the in-memory index
  std::string version;
};

// The Prometheus text exposition of every figure, as served on /metrics (also what tests
// read to check a figure without a Prometheus server).
std::string RenderMetrics(const MetricsSources& sources);

// An HTTP endpoint (prometheus-cpp's exposer, civetweb) serving GET /metrics. Thread-safe.
// Destroying it stops serving; no scrape runs afterwards.
class MetricsEndpoint {
 public:
  // Listens on `listen` ("127.0.0.1:9464"; port 0 picks a free one). Errors name the
  // address.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& listen, MetricsSources sources);
  virtual ~MetricsEndpoint() = default;
  virtual int port() const = 0;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_METRICS_H_
