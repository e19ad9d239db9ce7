// The Prometheus families of matchd, built at scrape time, and the HTTP endpoint.
#include "server/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "server/method_stats.h"

namespace matching::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Bucket bounds of the latency histograms, in seconds: our targets sit between 1 and 10 ms.
constexpr std::array<double, 14> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,    0.25,  0.5,    1,     2.5,  5,     10};
// Bounds of the plans' optimality gap; the first stands for "proven optimal".
constexpr std::array<double, 8> kGapBounds = {1e-6, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1};
// ServerMetrics records a gap as gap x kGapScale "nanoseconds" in a LatencyHistogram.
constexpr double kGapScale = 1e9;

MetricFamily Family(std::string name, std::string help, MetricType type) {
  MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  return family;
}

// Labels sorted by name, as Prometheus itself prints them.
ClientMetric& Add(MetricFamily& family, std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric& metric = family.metric.emplace_back();
  std::sort(labels.begin(), labels.end());
  metric.label = std::move(labels);
  return metric;
}

void AddGauge(std::vector<MetricFamily>& families, std::string name, std::string help,
              double value) {
  MetricFamily family = Family(std::move(name), std::move(help), MetricType::Gauge);
  Add(family).gauge.value = value;
  families.push_back(std::move(family));
}

// A LatencyHistogram as a Prometheus histogram with `bounds` (in the histogram's unit
// divided by `scale`). A bucket counts the calls whose log-spaced bucket lies wholly
// below the bound: never a call above it, at most 9 % of the bound below it.
ClientMetric::Histogram ToHistogram(const LatencyHistogram::Snapshot& snapshot,
                                    absl::Span<const double> bounds, double scale) {
  ClientMetric::Histogram histogram;
  histogram.sample_count = static_cast<uint64_t>(snapshot.count);
  histogram.sample_sum = static_cast<double>(snapshot.sum_nanos) / scale;
  int index = 0;
  uint64_t cumulative = 0;
  for (double bound : bounds) {
    const double bound_units = bound * scale;
    while (index < LatencyHistogram::kBucketCount &&
           static_cast<double>(LatencyHistogram::UpperBoundNanos(index)) <= bound_units) {
      cumulative += static_cast<uint64_t>(snapshot.buckets[index]);
      ++index;
    }
    histogram.bucket.push_back({cumulative, bound});
  }
  histogram.bucket.push_back({histogram.sample_count, std::numeric_limits<double>::infinity()});
  return histogram;
}

// "/matching.v1.MatchingService/RankOffers" as {service, method}.
std::vector<ClientMetric::Label> MethodLabels(absl::string_view full_name) {
  absl::string_view name = absl::StripPrefix(full_name, "/");
  const size_t slash = name.rfind('/');
  if (slash == absl::string_view::npos) return {{"method", std::string(name)}, {"service", ""}};
  return {{"method", std::string(name.substr(slash + 1))},
          {"service", std::string(name.substr(0, slash))}};
}

void AddMethodFamilies(const MethodStats& stats, std::vector<MetricFamily>& families) {
  MetricFamily requests =
      Family("matchd_requests_total", "gRPC calls finished, by method and status code",
             MetricType::Counter);
  MetricFamily latency =
      Family("matchd_request_duration_seconds",
             "gRPC call latency from arrival to status, by method", MetricType::Histogram);
  for (const MethodStats::Method& method : stats.Read()) {
    const std::vector<ClientMetric::Label> labels = MethodLabels(method.method);
    for (int code = 0; code < MethodStats::kStatusCodes; ++code) {
      if (method.by_code[code] == 0 && code != 0) continue;  // OK always, others once seen
      std::vector<ClientMetric::Label> with_code = labels;
      with_code.push_back({"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))});
      Add(requests, std::move(with_code)).counter.value = static_cast<double>(method.by_code[code]);
    }
    Add(latency, labels).histogram = ToHistogram(method.latency, kLatencyBounds, 1e9);
  }
  families.push_back(std::move(requests));
  families.push_back(std::move(latency));
}

void AddCounterFamilies(const ServerMetrics& counters, std::vector<MetricFamily>& families) {
  const ServerMetrics::Snapshot snapshot = counters.Read();
  MetricFamily imported =
      Family("matchd_import_records_total", "records received by ImportRecords, by outcome",
             MetricType::Counter);
  Add(imported, {{"outcome", "accepted"}}).counter.value =
      static_cast<double>(snapshot.import_accepted);
  Add(imported, {{"outcome", "rejected"}}).counter.value =
      static_cast<double>(snapshot.import_rejected);
  families.push_back(std::move(imported));

  MetricFamily plan_time = Family("matchd_event_plan_duration_seconds",
                                  "time to compute an event plan", MetricType::Histogram);
  Add(plan_time).histogram = ToHistogram(snapshot.plan_time, kLatencyBounds, 1e9);
  families.push_back(std::move(plan_time));
  MetricFamily plan_gap =
      Family("matchd_event_plan_gap",
             "optimality gap of event plans (1 - total / upper bound; 0 when proven optimal)",
             MetricType::Histogram);
  Add(plan_gap).histogram = ToHistogram(snapshot.plan_gap, kGapBounds, kGapScale);
  families.push_back(std::move(plan_gap));
  MetricFamily exhausted = Family("matchd_event_plans_budget_exhausted_total",
                                  "event plans that stopped on their work budget (--plan_max_work)",
                                  MetricType::Counter);
  Add(exhausted).counter.value = static_cast<double>(snapshot.plans_budget_exhausted);
  families.push_back(std::move(exhausted));
}

void AddStateFamilies(const MetricsSources& sources, std::vector<MetricFamily>& families) {
  MetricFamily info =
      Family("matchd_build_info", "the running matchd's version (always 1)", MetricType::Gauge);
  Add(info, {{"version", sources.version}}).gauge.value = 1;
  families.push_back(std::move(info));
  AddGauge(families, "matchd_resident_memory_bytes", "the process's resident set",
           static_cast<double>(ResidentMemoryBytes()));
  if (sources.index != nullptr) {
    MetricFamily records = Family("matchd_records",
                                  "records held, by kind (the index's; events: the store's "
                                  "estimate)",
                                  MetricType::Gauge);
    Add(records, {{"kind", "territory"}}).gauge.value =
        static_cast<double>(sources.index->territory_count());
    Add(records, {{"kind", "offer"}}).gauge.value =
        static_cast<double>(sources.index->offer_count());
    Add(records, {{"kind", "candidate"}}).gauge.value =
        static_cast<double>(sources.index->candidate_count());
    if (sources.store != nullptr) {
      if (absl::StatusOr<index::StoreCounts> counts = sources.store->Counts(); counts.ok()) {
        Add(records, {{"kind", "event"}}).gauge.value = static_cast<double>(counts->events);
      }
    }
    families.push_back(std::move(records));
    AddGauge(families, "matchd_index_memory_bytes", "the in-memory ranking index's estimate",
             static_cast<double>(sources.index->memory_bytes()));
  }
  AddGauge(families, "matchd_index_load_seconds",
           "time the last (re)build of the in-memory index took", sources.index_load_seconds);
  if (sources.store == nullptr) return;
  absl::StatusOr<index::StorageFigures> figures = sources.store->Figures();
  if (!figures.ok()) return;
  AddGauge(families, "matchd_rocksdb_pending_compaction_bytes",
           "RocksDB's estimate of the bytes compaction must rewrite",
           static_cast<double>(figures->pending_compaction_bytes));
  AddGauge(families, "matchd_rocksdb_memtable_bytes", "RocksDB memtables, every column family",
           static_cast<double>(figures->memtable_bytes));
  AddGauge(families, "matchd_rocksdb_wal_bytes", "RocksDB live write-ahead-log files",
           static_cast<double>(figures->wal_bytes));
  AddGauge(families, "matchd_rocksdb_sst_bytes", "RocksDB live SST files",
           static_cast<double>(figures->sst_bytes));
  AddGauge(families, "matchd_rocksdb_sequence_number", "the last write's sequence number",
           static_cast<double>(figures->sequence_number));
}

std::vector<MetricFamily> CollectAll(const MetricsSources& sources) {
  std::vector<MetricFamily> families;
  if (sources.methods != nullptr) AddMethodFamilies(*sources.methods, families);
  if (sources.counters != nullptr) AddCounterFamilies(*sources.counters, families);
  AddStateFamilies(sources, families);
  return families;
}

class ScrapeCollector final : public prometheus::Collectable {
 public:
  explicit ScrapeCollector(MetricsSources sources) : sources_(std::move(sources)) {}
  std::vector<MetricFamily> Collect() const override { return CollectAll(sources_); }

 private:
  const MetricsSources sources_;
};

class MetricsEndpointImpl final : public MetricsEndpoint {
 public:
  MetricsEndpointImpl(std::unique_ptr<prometheus::Exposer> exposer,
                      std::shared_ptr<ScrapeCollector> collector)
      : collector_(std::move(collector)), exposer_(std::move(exposer)) {
    exposer_->RegisterCollectable(collector_);
  }
  ~MetricsEndpointImpl() override {
    exposer_.reset();  // stops civetweb's threads: no scrape runs past this point
  }
  int port() const override {
    const std::vector<int> ports = exposer_->GetListeningPorts();
    return ports.empty() ? 0 : ports.front();
  }

 private:
  std::shared_ptr<ScrapeCollector> collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace

int64_t ResidentMemoryBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size_pages = 0;
  int64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

void ServerMetrics::CountImport(int64_t accepted, int64_t rejected) {
  import_accepted_.fetch_add(accepted, std::memory_order_relaxed);
  import_rejected_.fetch_add(rejected, std::memory_order_relaxed);
}

void ServerMetrics::ObservePlan(absl::Duration took, double gap, bool budget_exhausted) {
  plan_time_.Record(took);
  plan_gap_.Record(absl::Nanoseconds(static_cast<int64_t>(gap * kGapScale)));
  if (budget_exhausted) plans_budget_exhausted_.fetch_add(1, std::memory_order_relaxed);
}

ServerMetrics::Snapshot ServerMetrics::Read() const {
  Snapshot snapshot;
  snapshot.import_accepted = import_accepted_.load(std::memory_order_relaxed);
  snapshot.import_rejected = import_rejected_.load(std::memory_order_relaxed);
  snapshot.plan_time = plan_time_.Read();
  snapshot.plan_gap = plan_gap_.Read();
  snapshot.plans_budget_exhausted = plans_budget_exhausted_.load(std::memory_order_relaxed);
  return snapshot;
}

std::string RenderMetrics(const MetricsSources& sources) {
  return prometheus::TextSerializer().Serialize(CollectAll(sources));
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(const std::string& listen,
                                                                        MetricsSources sources) {
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    // One civetweb thread: scrapes come every few seconds.
    exposer = std::make_unique<prometheus::Exposer>(listen, /*num_threads=*/1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("--metrics_listen: cannot listen on '", listen, "': ", e.what()));
  }
  return std::unique_ptr<MetricsEndpoint>(std::make_unique<MetricsEndpointImpl>(
      std::move(exposer), std::make_shared<ScrapeCollector>(std::move(sources))));
}

}  // namespace matching::server
