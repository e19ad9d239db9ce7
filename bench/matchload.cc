// matchload: a closed-loop gRPC load client for matchd (loopback only). Runs a
// grpc.health.v1 baseline first, then the chosen workload, and reports per call kind the
// count, errors by status code, QPS and client-side latency percentiles.
//
//   matchload --target 127.0.0.1:50051 --mode mixed --concurrency 64 --duration_s 30
//
// Modes: health; rank_offers (generated visitor profiles, top_k 20); rank_candidates
// (offer ids fetched with ListOffers); mixed: 50% reads (get_offer 20, get_territory 15,
// list_offers 15), 30% ranking (rank_offers 20, rank_candidates 10), 20% writes
// (upsert_candidate 12, delete_candidate 8) of its own candidates "load-<seed>-<n>", a pool
// of --write_pool ids so the store's size stays bounded.
#include <arpa/inet.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/load_driver.h"
#include "bench/load_stats.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"

namespace matching::bench {
namespace {

struct LoadOptions {
  std::string target = "127.0.0.1:50051";
  int concurrency = 16;
  int64_t requests = 0;  // 0: bounded by time only
  double duration_s = 10;
  double warmup_s = 0;
  std::string api_key;
  std::string mode = "health";
  uint64_t seed = 1;
  std::string json_file;
  std::string metropoles = MATCHING_SOURCE_DIR "/data/metropoles.csv";
  int top_k = 20;
  std::string detail = "full";  // of ranking calls' matches: full or scores
  int write_pool = 500;
  double deadline_s = 10;
  int watch_pid = 0;
};

// "127.0.0.1:50051", "localhost:50051", "[::1]:50051", "ipv4:127.0.0.1:1", "unix:/path".
bool IsLoopback(std::string target) {
  if (absl::StartsWith(target, "unix:")) return true;
  for (const char* scheme : {"dns:///", "ipv4:", "ipv6:"}) {
    if (absl::StartsWith(target, scheme)) target = target.substr(std::string(scheme).size());
  }
  std::string host;
  if (absl::StartsWith(target, "[")) {
    const size_t close = target.find(']');
    if (close == std::string::npos) return false;
    host = target.substr(1, close - 1);
  } else {
    const size_t colon = target.rfind(':');
    host = colon == std::string::npos ? target : target.substr(0, colon);
  }
  if (host == "localhost") return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

// VmRSS of a process in kB, or -1.
int64_t ReadRssKb(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    long long kb = 0;
    if (std::sscanf(line.c_str(), "VmRSS: %lld kB", &kb) == 1) return kb;
  }
  return -1;
}

// CPU seconds (user + system) a process has used so far, from /proc/PID/stat; -1 when
// unreadable. Fields 14 and 15 count clock ticks; field 2 (the name) may hold spaces, so
// the fields are counted after its closing parenthesis.
double ReadCpuSeconds(int pid) {
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));  // from field 3, the state
  std::string field;
  double ticks = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index >= 14) ticks += std::strtod(field.c_str(), nullptr);
  }
  return fields ? ticks / static_cast<double>(sysconf(_SC_CLK_TCK)) : -1;
}

// What the server and this client spent on CPU during a phase, per call and in cores.
struct CpuUse {
  double server_s = -1;  // -1: no --watch_pid, or /proc unreadable
  double client_s = 0;
  double ServerMsPerCall(int64_t calls) const {
    return server_s >= 0 && calls > 0 ? 1e3 * server_s / static_cast<double>(calls) : -1;
  }
  double ClientMsPerCall(int64_t calls) const {
    return calls > 0 ? 1e3 * client_s / static_cast<double>(calls) : -1;
  }
};

class Load {
 public:
  explicit Load(const LoadOptions& options)
      : options_(options),
        channel_(grpc::CreateChannel(options.target, grpc::InsecureChannelCredentials())),
        health_(grpc::health::v1::Health::NewStub(channel_)),
        catalog_(v1::CatalogService::NewStub(channel_)),
        matching_(v1::MatchingService::NewStub(channel_)) {}

  // Fetches the ids the workload draws from and generates the visitor profiles.
  absl::Status Prepare() {
    if (options_.mode == "health") return absl::OkStatus();
    v1::ListTerritoriesRequest territories_request;
    territories_request.set_page_size(1000);
    v1::ListTerritoriesResponse territories;
    grpc::ClientContext territories_context;
    SetUp(&territories_context);
    grpc::Status status =
        catalog_->ListTerritories(&territories_context, territories_request, &territories);
    if (!status.ok()) return absl::UnavailableError("ListTerritories: " + status.error_message());
    for (const v1::Territory& t : territories.territories()) territory_ids_.push_back(t.id());

    std::string token;
    for (int page = 0; page < 3; ++page) {
      v1::ListOffersRequest request;
      request.set_page_size(1000);
      request.set_page_token(token);
      v1::ListOffersResponse response;
      grpc::ClientContext context;
      SetUp(&context);
      status = catalog_->ListOffers(&context, request, &response);
      if (!status.ok()) return absl::UnavailableError("ListOffers: " + status.error_message());
      for (const v1::Offer& o : response.offers()) {
        offer_ids_.push_back(o.id());
        offer_territory_ids_.push_back(o.territory_id());
      }
      token = response.next_page_token();
      if (token.empty()) break;
    }
    if (offer_ids_.empty() || territory_ids_.empty()) {
      return absl::FailedPreconditionError(
          "the server has no offers or territories: load some first (matchctl demo load)");
    }
    absl::StatusOr<std::vector<datagen::Metropole>> metropoles =
        datagen::ReadMetropoles(options_.metropoles);
    if (!metropoles.ok()) return metropoles.status();
    std::vector<v1::Territory> places(territories.territories().begin(),
                                      territories.territories().end());
    absl::StatusOr<datagen::PopulationGenerator> population = datagen::PopulationGenerator::Create(
        {options_.seed, absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())}, places, *metropoles);
    if (!population.ok()) return population.status();
    // Indices far beyond a demo load's candidates: new households, not stored ones.
    for (int i = 0; i < std::max(options_.write_pool, 1); ++i) {
      visitors_.push_back(population->CandidateAt(10'000'000 + i));
      visitors_.back().clear_id();
    }
    return absl::OkStatus();
  }

  // One phase of `mode` with the run's bounds; returns its wall time in seconds.
  double RunPhase(const std::string& mode, double seconds, LoadStats* stats, uint64_t seed) {
    LoadPhase phase([this, mode](LoadPhase::Worker* w) { Issue(w, PickKind(mode, w->random)); },
                    options_.concurrency, options_.requests, seconds, stats);
    return phase.Run(seed);
  }

 private:
  void SetUp(grpc::ClientContext* context) const {
    context->set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(options_.deadline_s * 1e3)));
    if (!options_.api_key.empty()) {
      context->AddMetadata("authorization", "Bearer " + options_.api_key);
    }
  }

  static CallKind PickKind(const std::string& mode, std::mt19937_64& random) {
    if (mode == "health") return CallKind::kHealth;
    if (mode == "rank_offers") return CallKind::kRankOffers;
    if (mode == "rank_candidates") return CallKind::kRankCandidates;
    struct Share {
      CallKind kind;
      int percent;
    };
    static constexpr Share kMixed[] = {
        {CallKind::kGetOffer, 20},       {CallKind::kGetTerritory, 15},
        {CallKind::kListOffers, 15},     {CallKind::kRankOffers, 20},
        {CallKind::kRankCandidates, 10}, {CallKind::kUpsertCandidate, 12},
        {CallKind::kDeleteCandidate, 8},
    };
    int draw = static_cast<int>(random() % 100);
    for (const Share& share : kMixed) {
      if (draw < share.percent) return share.kind;
      draw -= share.percent;
    }
    return CallKind::kGetOffer;
  }

  template <typename T>
  static const T& Pick(const std::vector<T>& values, std::mt19937_64& random) {
    return values[random() % values.size()];
  }

  void SetRankOptions(v1::MatchOptions* options) const {
    options->set_top_k(options_.top_k);
    if (options_.detail == "scores") options->set_detail(v1::MATCH_DETAIL_SCORES);
  }

  std::string OwnCandidateId(std::mt19937_64& random) const {
    return absl::StrCat("load-", options_.seed, "-", random() % visitors_.size());
  }

  void Issue(LoadPhase::Worker* w, CallKind kind) {
    auto prepare = [this](grpc::ClientContext* context) { SetUp(context); };
    std::mt19937_64& random = w->random;
    switch (kind) {
      case CallKind::kHealth:
        StartCall<grpc::health::v1::HealthCheckRequest, grpc::health::v1::HealthCheckResponse>(
            w, kind, {}, [this](auto... a) { health_->async()->Check(a...); }, prepare);
        return;
      case CallKind::kGetOffer: {
        v1::GetOfferRequest request;
        request.set_id(Pick(offer_ids_, random));
        StartCall<v1::GetOfferRequest, v1::Offer>(
            w, kind, std::move(request), [this](auto... a) { catalog_->async()->GetOffer(a...); },
            prepare);
        return;
      }
      case CallKind::kGetTerritory: {
        v1::GetTerritoryRequest request;
        request.set_id(Pick(territory_ids_, random));
        StartCall<v1::GetTerritoryRequest, v1::Territory>(
            w, kind, std::move(request),
            [this](auto... a) { catalog_->async()->GetTerritory(a...); }, prepare);
        return;
      }
      case CallKind::kListOffers: {
        v1::ListOffersRequest request;
        request.set_territory_id(Pick(offer_territory_ids_, random));
        request.set_page_size(20);
        StartCall<v1::ListOffersRequest, v1::ListOffersResponse>(
            w, kind, std::move(request), [this](auto... a) { catalog_->async()->ListOffers(a...); },
            prepare);
        return;
      }
      case CallKind::kRankOffers: {
        v1::RankOffersRequest request;
        *request.mutable_candidate() = Pick(visitors_, random);
        SetRankOptions(request.mutable_options());
        StartCall<v1::RankOffersRequest, v1::RankOffersResponse>(
            w, kind, std::move(request),
            [this](auto... a) { matching_->async()->RankOffers(a...); }, prepare);
        return;
      }
      case CallKind::kRankCandidates: {
        v1::RankCandidatesRequest request;
        request.set_offer_id(Pick(offer_ids_, random));
        SetRankOptions(request.mutable_options());
        StartCall<v1::RankCandidatesRequest, v1::RankCandidatesResponse>(
            w, kind, std::move(request),
            [this](auto... a) { matching_->async()->RankCandidates(a...); }, prepare);
        return;
      }
      case CallKind::kUpsertCandidate: {
        v1::UpsertCandidateRequest request;
        *request.mutable_candidate() = Pick(visitors_, random);
        request.mutable_candidate()->set_id(OwnCandidateId(random));
        StartCall<v1::UpsertCandidateRequest, v1::Candidate>(
            w, kind, std::move(request),
            [this](auto... a) { catalog_->async()->UpsertCandidate(a...); }, prepare);
        return;
      }
      case CallKind::kDeleteCandidate:
      case CallKind::kCount: {
        v1::DeleteCandidateRequest request;
        request.set_id(OwnCandidateId(random));
        StartCall<v1::DeleteCandidateRequest, v1::DeleteResponse>(
            w, CallKind::kDeleteCandidate, std::move(request),
            [this](auto... a) { catalog_->async()->DeleteCandidate(a...); }, prepare);
        return;
      }
    }
  }

  LoadOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
  std::vector<std::string> offer_ids_;
  std::vector<std::string> offer_territory_ids_;  // parallel to offer_ids_
  std::vector<std::string> territory_ids_;
  std::vector<v1::Candidate> visitors_;  // generated households, without ids
};

double Ratio(double ours, double baseline) { return baseline > 0 ? ours / baseline : 0; }

int Main(const LoadOptions& options) {
  if (!IsLoopback(options.target)) {
    std::cerr << "matchload: refusing non-loopback target '" << options.target
              << "': load tests run against a local matchd only\n";
    return 2;
  }
  Load load(options);
  if (absl::Status s = load.Prepare(); !s.ok()) {
    std::cerr << "matchload: " << options.target << ": " << s.message() << '\n';
    return 1;
  }
  std::cout << absl::StrFormat(
      "matchload: %s, mode %s, concurrency %d, %g s%s\n", options.target, options.mode,
      options.concurrency, options.duration_s,
      options.requests > 0 ? absl::StrCat(" or ", options.requests, " requests") : "");

  LoadStats baseline_stats;
  const double baseline_seconds =
      load.RunPhase("health", options.duration_s, &baseline_stats, options.seed);
  const std::vector<KindSummary> baseline = baseline_stats.Summarize(baseline_seconds);
  std::cout << absl::StrFormat("baseline grpc.health.v1.Health/Check (%.1f s):\n",
                               baseline_seconds);
  PrintSummaryTable({baseline.front()}, std::cout);

  if (options.warmup_s > 0) {
    load.RunPhase(options.mode, options.warmup_s, nullptr, options.seed + 1);
    std::cout << absl::StrFormat("warm-up: %g s of %s, not counted\n", options.warmup_s,
                                 options.mode);
  }
  const int64_t rss_before = options.watch_pid > 0 ? ReadRssKb(options.watch_pid) : -1;
  const double server_cpu_before = options.watch_pid > 0 ? ReadCpuSeconds(options.watch_pid) : -1;
  const double client_cpu_before = ReadCpuSeconds(getpid());
  LoadStats stats;
  const double seconds = load.RunPhase(options.mode, options.duration_s, &stats, options.seed + 2);
  const int64_t rss_after = options.watch_pid > 0 ? ReadRssKb(options.watch_pid) : -1;
  CpuUse cpu;
  if (options.watch_pid > 0 && server_cpu_before >= 0) {
    const double after = ReadCpuSeconds(options.watch_pid);
    if (after >= 0) cpu.server_s = after - server_cpu_before;
  }
  cpu.client_s = ReadCpuSeconds(getpid()) - client_cpu_before;
  const std::vector<KindSummary> summaries = stats.Summarize(seconds);
  const KindSummary& all = summaries.back();
  const KindSummary& health = baseline.back();
  std::cout << absl::StrFormat("%s (%.1f s):\n", options.mode, seconds);
  PrintSummaryTable(summaries, std::cout);
  std::cout << absl::StrFormat(
      "vs health: qps ratio %.3f, p50 ratio %.2f (health %.0f qps, p50 %.2f ms)\n",
      Ratio(all.qps, health.qps), Ratio(all.p50_ms, health.p50_ms), health.qps, health.p50_ms);
  if (options.watch_pid > 0) {
    std::cout << absl::StrFormat("server RSS (pid %d): %d kB before, %d kB after (%+.1f%%)\n",
                                 options.watch_pid, rss_before, rss_after,
                                 100.0 * Ratio(rss_after - rss_before, rss_before));
  }
  // Where the cores went: what bounds QPS when client and server share a machine.
  if (cpu.server_s >= 0) {
    std::cout << absl::StrFormat("server CPU: %.3f ms a call (%.2f cores); ",
                                 cpu.ServerMsPerCall(all.count), cpu.server_s / seconds);
  }
  std::cout << absl::StrFormat("load client CPU: %.3f ms a call (%.2f cores)\n",
                               cpu.ClientMsPerCall(all.count), cpu.client_s / seconds);

  if (!options.json_file.empty()) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const KindSummary& s : summaries) {
      nlohmann::json entry = ToJson(s);
      entry["qps_ratio"] = Ratio(s.qps, health.qps);
      entry["p50_ratio"] = Ratio(s.p50_ms, health.p50_ms);
      kinds.push_back(std::move(entry));
    }
    nlohmann::json report = {
        {"target", options.target},
        {"mode", options.mode},
        {"concurrency", options.concurrency},
        {"duration_s", options.duration_s},
        {"requests", options.requests},
        {"warmup_s", options.warmup_s},
        {"seed", options.seed},
        {"seconds", seconds},
        {"baseline", ToJson(health)},
        {"kinds", kinds},
        {"total", ToJson(all)},
        {"qps_ratio", Ratio(all.qps, health.qps)},
        {"p50_ratio", Ratio(all.p50_ms, health.p50_ms)},
        {"rss_kb", {{"pid", options.watch_pid}, {"before", rss_before}, {"after", rss_after}}},
        {"cpu",
         {{"server_s", cpu.server_s},
          {"client_s", cpu.client_s},
          {"server_ms_per_call", cpu.ServerMsPerCall(all.count)},
          {"client_ms_per_call", cpu.ClientMsPerCall(all.count)}}},
    };
    std::ofstream out(options.json_file);
    out << report.dump(2) << '\n';
    if (!out) {
      std::cerr << "matchload: cannot write " << options.json_file << '\n';
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace matching::bench

int main(int argc, char** argv) {
  // As matchd: Debian's Abseil runs its Mutex deadlock detector on every lock (gRPC's too),
  // a few percent of the load client's CPU, which it takes from the server on one machine.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  matching::bench::LoadOptions options;
  CLI::App app{"matchload: closed-loop gRPC load against a local matchd"};
  app.add_option("--target", options.target, "matchd address (loopback only)")
      ->capture_default_str();
  app.add_option("--concurrency", options.concurrency, "calls in flight")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--requests", options.requests,
                 "stop after this many calls per phase (0: no bound)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--duration_s", options.duration_s, "length of the health and workload phases")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--warmup_s", options.warmup_s, "workload run first, not counted")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--api_key", options.api_key, "sent as 'authorization: Bearer KEY'");
  app.add_option("--mode", options.mode, "health, rank_offers, rank_candidates or mixed")
      ->check(CLI::IsMember({"health", "rank_offers", "rank_candidates", "mixed"}))
      ->capture_default_str();
  app.add_option("--seed", options.seed, "random choices and generated households")
      ->capture_default_str();
  app.add_option("--json", options.json_file, "also write the report as JSON to FILE");
  app.add_option("--metropoles", options.metropoles, "metropolises CSV (visitor generation)")
      ->capture_default_str();
  app.add_option("--top_k", options.top_k, "top_k of ranking calls")->capture_default_str();
  app.add_option("--detail", options.detail,
                 "matches of ranking calls: full (explained) or scores (MATCH_DETAIL_SCORES)")
      ->check(CLI::IsMember({"full", "scores"}))
      ->capture_default_str();
  app.add_option("--write_pool", options.write_pool, "own candidate ids written and deleted")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--deadline_s", options.deadline_s, "deadline of each call")
      ->capture_default_str();
  app.add_option(
      "--watch_pid", options.watch_pid,
      "report this process's RSS before and after the measured phase, and its CPU per call");
  CLI11_PARSE(app, argc, argv);
  return matching::bench::Main(options);
}
