// The index rebuild at start: a RocksDB store holding every commune of France, 100k offers
// and 1M candidates (datagen, seed 1) is reopened and MemoryIndex::LoadFrom reads it all.
// Prints the load time, the index's own size estimate and the process RSS it added, per
// record. Sizes from RANK_BENCH_OFFERS / RANK_BENCH_CANDIDATES like rank_bench.
//
//   build/bench/rebuild_bench [data_dir]   (default: a fresh directory under /tmp; an
//                                           existing data_dir is loaded as it is)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "index/memory_index.h"
#include "index/store.h"

namespace matching {
namespace {

int64_t EnvSize(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::atoll(value);
}

// Current resident set size in bytes (/proc/self/statm's second field, in pages).
int64_t RssBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

int Run(const std::string& dir) {
  const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
  auto communes = datagen::ReadCommunes(data + "/communes.csv");
  auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
  if (!communes.ok() || !metropoles.ok()) return 1;
  const int64_t offers = EnvSize("RANK_BENCH_OFFERS", 100000);
  const int64_t candidates = EnvSize("RANK_BENCH_CANDIDATES", 1000000);
  if (!std::filesystem::exists(dir)) {  // an existing store is reused as it is
    auto store = index::OpenStore(dir, {});
    if (!store.ok()) {
      std::cerr << store.status() << "\n";
      return 1;
    }
    std::vector<v1::Territory> territories;
    std::vector<index::Record> batch;
    const auto flush = [&]() {
      if (absl::Status s = (*store)->PutBatch(batch); !s.ok()) {
        std::cerr << s << "\n";
        std::exit(1);
      }
      batch.clear();
    };
    for (const datagen::Commune& commune : *communes) {
      territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
      batch.emplace_back().territory = territories.back();
      if (batch.size() == 10000) flush();
    }
    flush();
    auto population = datagen::PopulationGenerator::Create({1, absl::CivilDay(2026, 11, 23)},
                                                           territories, *metropoles);
    if (!population.ok()) return 1;
    for (int64_t i = 0; i < offers; ++i) {
      index::Record& record = batch.emplace_back();
      record.kind = index::Record::Kind::kOffer;
      record.offer = population->NextOffer();
      if (batch.size() == 10000) flush();
    }
    flush();
    for (int64_t i = 0; i < candidates; ++i) {
      index::Record& record = batch.emplace_back();
      record.kind = index::Record::Kind::kCandidate;
      record.candidate = population->NextCandidate();
      if (batch.size() == 10000) flush();
    }
    flush();
  }
  auto store = index::OpenStore(dir, {});
  if (!store.ok()) return 1;
  index::MemoryIndex index;
  const int64_t rss_before = RssBytes();
  const absl::Time start = absl::Now();
  if (absl::Status s = index.LoadFrom(**store); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const int64_t rss_after = RssBytes();
  const double records = static_cast<double>(index.offer_count() + index.candidate_count());
  std::printf(
      "rebuild: %zu territories, %zu offers, %zu candidates loaded in %.2f s\n"
      "index memory (estimate): %.1f MiB, %.0f bytes per offer or candidate (territories "
      "included)\n"
      "RSS added by the load: %.1f MiB, %.0f bytes per offer or candidate\n",
      index.territory_count(), index.offer_count(), index.candidate_count(), seconds,
      index.memory_bytes() / 1048576.0, index.memory_bytes() / records,
      (rss_after - rss_before) / 1048576.0, (rss_after - rss_before) / records);
  return 0;
}

}  // namespace
}  // namespace matching

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "";
  const bool temporary = dir.empty();
  if (temporary) {
    char pattern[] = "/tmp/rebuild_bench.XXXXXX";
    dir = std::string(mkdtemp(pattern)) + "/db";
  }
  const int rc = matching::Run(dir);
  if (temporary) std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
  return rc;
}
