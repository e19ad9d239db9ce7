// ImportRecords throughput end to end: an in-process matchd on a temporary directory on
// loopback, every commune of France as territories, then N generated candidates streamed
// through one ImportRecords call. Prints records per second; the summary arrives only once
// every record is in RocksDB's write-ahead log, so the rate is of durable records.
//
//   IMPORT_BENCH_CANDIDATES=1000000 build/bench/import_bench
// IMPORT_BENCH_CANDIDATES: candidates streamed (default 1,000,000). IMPORT_BENCH_POOL:
// distinct generated profiles, re-sent under fresh ids (default 20,000), so that the
// client's data generation does not bound the measurement. IMPORT_BENCH_SYNC=1: fsync the
// WAL per batch (--sync_writes).
#include <grpcpp/grpcpp.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/server.h"

namespace matching {
namespace {

using Clock = std::chrono::steady_clock;

int64_t EnvSize(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoll(value);
}

// CPU time of the whole process (client and server threads), user and system.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Streams `records` (ids already set) through one ImportRecords call; returns the summary.
bool Import(v1::CatalogService::Stub& stub, int64_t count,
            const std::function<const v1::ImportRecord&(int64_t)>& record_at,
            v1::ImportSummary* summary) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(2));
  std::unique_ptr<grpc::ClientWriter<v1::ImportRecord>> writer =
      stub.ImportRecords(&context, summary);
  for (int64_t i = 0; i < count; ++i) {
    if (!writer->Write(record_at(i))) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "import_bench: ImportRecords: %s\n", status.error_message().c_str());
    return false;
  }
  return true;
}

int Run() {
  const int64_t candidates = EnvSize("IMPORT_BENCH_CANDIDATES", 1000000);
  const int64_t pool_size =
      std::max<int64_t>(1, std::min(candidates, EnvSize("IMPORT_BENCH_POOL", 20000)));
  const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
  absl::StatusOr<std::vector<datagen::Commune>> communes =
      datagen::ReadCommunes(data + "/communes.csv");
  absl::StatusOr<std::vector<datagen::Metropole>> metropoles =
      datagen::ReadMetropoles(data + "/metropoles.csv");
  if (!communes.ok() || !metropoles.ok()) {
    std::fprintf(stderr, "import_bench: cannot read %s/communes.csv or metropoles.csv\n",
                 data.c_str());
    return 1;
  }
  std::vector<v1::ImportRecord> territories(communes->size());
  std::vector<v1::Territory> territory_messages;
  territory_messages.reserve(communes->size());
  for (size_t i = 0; i < communes->size(); ++i) {
    territory_messages.push_back(datagen::MakeTerritory((*communes)[i], *metropoles, 1));
    *territories[i].mutable_territory() = territory_messages.back();
    territories[i].set_source_line(static_cast<int64_t>(i) + 1);
  }
  absl::StatusOr<datagen::PopulationGenerator> population = datagen::PopulationGenerator::Create(
      {1, absl::CivilDay(2026, 11, 23)}, territory_messages, *metropoles);
  if (!population.ok()) return 1;
  const Clock::time_point generating = Clock::now();
  std::vector<v1::ImportRecord> pool(pool_size);
  for (v1::ImportRecord& record : pool) *record.mutable_candidate() = population->NextCandidate();
  std::printf("generated %lld candidate profiles in %.2f s\n", static_cast<long long>(pool_size),
              SecondsSince(generating));

  std::string dir = (std::filesystem::temp_directory_path() / "import-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return 1;
  server::ServerConfig config;
  config.data_dir = dir + "/data";
  config.listen = "127.0.0.1:0";
  config.sync_writes = std::getenv("IMPORT_BENCH_SYNC") != nullptr;
  absl::StatusOr<std::unique_ptr<server::MatchServer>> server = server::MatchServer::Start(config);
  if (!server.ok()) {
    std::fprintf(stderr, "import_bench: %s\n", std::string(server.status().message()).c_str());
    return 1;
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxSendMessageSize(-1);
  auto stub = v1::CatalogService::NewStub(
      grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                grpc::InsecureChannelCredentials(), arguments));

  v1::ImportSummary summary;
  Clock::time_point start = Clock::now();
  if (!Import(
          *stub, static_cast<int64_t>(territories.size()),
          [&](int64_t i) -> const v1::ImportRecord& { return territories[i]; }, &summary)) {
    return 1;
  }
  double seconds = SecondsSince(start);
  std::printf("territories: %lld accepted in %.2f s: %.0f records/s\n",
              static_cast<long long>(summary.accepted()), seconds, summary.accepted() / seconds);

  summary.Clear();
  const double cpu_start = CpuSeconds();
  start = Clock::now();
  const bool imported = Import(
      *stub, candidates,
      [&](int64_t i) -> const v1::ImportRecord& {
        v1::ImportRecord& record = pool[i % pool_size];
        record.mutable_candidate()->set_id(absl::StrCat("cand-", i));
        record.set_source_line(i + 1);
        return record;
      },
      &summary);
  seconds = SecondsSince(start);
  const double cpu_seconds = CpuSeconds() - cpu_start;
  if (!imported) return 1;
  std::printf("candidates: %lld accepted, %lld rejected in %.2f s: %.0f records/s%s\n",
              static_cast<long long>(summary.accepted()),
              static_cast<long long>(summary.rejected()), seconds, summary.accepted() / seconds,
              config.sync_writes ? " (sync_writes)" : "");
  // Independent of what else the machine runs: CPU per record, client and server together.
  std::printf(
      "candidates: %.1f us of CPU per record (client + server), %.0f records per "
      "CPU-second\n",
      cpu_seconds * 1e6 / std::max<int64_t>(1, summary.accepted()),
      summary.accepted() / cpu_seconds);
  for (const v1::ImportError& error : summary.errors()) {
    std::fprintf(stderr, "  rejected %s: %s\n", error.record_id().c_str(), error.message().c_str());
    break;  // one is enough to see why
  }
  (*server)->Shutdown(absl::Seconds(30));
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return summary.accepted() == candidates ? 0 : 1;
}

}  // namespace
}  // namespace matching

int main() { return matching::Run(); }
