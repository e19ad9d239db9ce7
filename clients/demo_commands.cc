// matchctl demo load: every commune of data/communes.csv as a territory (real name,
// population, department, region, coordinates, metropolis; synthetic amenities, care need
// and zoning, labelled as such), then generated offers and candidates, through one
// ImportRecords stream with a progress bar.
#include "clients/demo_commands.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <vector>

#include "absl/time/clock.h"
#include "clients/call.h"
#include "clients/import_stream.h"
#include "clients/language.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"

namespace matching::clients {
namespace {
std::vector<std::string> DataDirCandidates();
}  // namespace

std::string FindDataFile(const std::string& name, std::vector<std::string>* looked) {
  for (const std::string& dir : DataDirCandidates()) {
    looked->push_back(dir);
    std::error_code error;
    const std::string file = dir + "/" + name;
    if (std::filesystem::is_regular_file(file, error)) return file;
  }
  return "";
}

namespace {

struct DemoArgs {
  std::string data_dir;    // holds communes.csv and metropoles.csv; default: searched
  std::string communes;    // default: DATA_DIR/communes.csv
  std::string metropoles;  // default: DATA_DIR/metropoles.csv
  int64_t offers = 20000;
  int64_t candidates = 50000;
  uint64_t seed = 1;
};

// Where the demo data may be, in order: ./data (the source tree's root), the install
// prefix's share/matching/data, then beside the binary: ../share/matching/data (a moved
// install) and data/ in each of its parent directories (a build tree inside the sources).
std::vector<std::string> DataDirCandidates() {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs = {"data"};
#ifdef MATCHING_INSTALL_DATA_DIR
  dirs.push_back(MATCHING_INSTALL_DATA_DIR);
#endif
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    dirs.push_back((exe.parent_path().parent_path() / "share" / "matching" / "data").string());
    for (fs::path dir = exe.parent_path(); dir.has_relative_path(); dir = dir.parent_path()) {
      dirs.push_back((dir / "data").string());
    }
  }
  return dirs;
}

// The directory holding communes.csv; empty (and *looked lists where) when none does.
std::string FindDataDir(std::vector<std::string>* looked) {
  const std::string file = FindDataFile("communes.csv", looked);
  return file.empty() ? "" : std::filesystem::path(file).parent_path().string();
}

int LoadDemo(const GlobalOptions& global, DemoArgs args) {
  if (args.data_dir.empty() && (args.communes.empty() || args.metropoles.empty())) {
    std::vector<std::string> looked;
    args.data_dir = FindDataDir(&looked);
    if (args.data_dir.empty()) {
      std::cerr << "matchctl demo load: "
                << Say(global, "communes.csv introuvable ; cherché dans :\n",
                       "communes.csv not found; looked in:\n");
      for (const std::string& dir : looked) std::cerr << "  " << dir << "/communes.csv\n";
      std::cerr << Say(global,
                       "passez --data_dir DOSSIER (le dossier data/ des sources ou "
                       "share/matching/data d'une installation)\n",
                       "pass --data_dir DIR (the sources' data/ directory or an install's "
                       "share/matching/data)\n");
      return 1;
    }
  }
  if (args.communes.empty()) args.communes = args.data_dir + "/communes.csv";
  if (args.metropoles.empty()) args.metropoles = args.data_dir + "/metropoles.csv";
  datagen::CommuneReadStats stats;
  absl::StatusOr<std::vector<datagen::Commune>> communes =
      datagen::ReadCommunes(args.communes, &stats);
  absl::StatusOr<std::vector<datagen::Metropole>> metropoles =
      datagen::ReadMetropoles(args.metropoles);
  for (const absl::Status& status : {communes.status(), metropoles.status()}) {
    if (!status.ok()) {
      std::cerr << "matchctl demo load: " << status.message() << '\n';
      return 1;
    }
  }
  std::vector<v1::Territory> territories;
  territories.reserve(communes->size());
  for (const datagen::Commune& commune : *communes) {
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, args.seed));
  }
  absl::StatusOr<datagen::PopulationGenerator> population = datagen::PopulationGenerator::Create(
      {args.seed, absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())}, territories, *metropoles);
  if (!population.ok()) {
    std::cerr << "matchctl demo load: " << population.status().message() << '\n';
    return 1;
  }
  if (IsFrench(global)) {
    std::cout << "chargement de " << territories.size() << " communes (" << stats.unplaced
              << " sans coordonnées laissées de côté), " << args.offers << " offres, "
              << args.candidates << " candidats (graine " << args.seed << ", données de "
              << args.communes << ")\n";
  } else {
    std::cout << "loading " << territories.size() << " communes (" << stats.unplaced
              << " without coordinates left out), " << args.offers << " offers, " << args.candidates
              << " candidates (seed " << args.seed << ", data from " << args.communes << ")\n";
  }

  const int64_t total = static_cast<int64_t>(territories.size()) + args.offers + args.candidates;
  ProgressBar progress(total);
  ImportStream stream(global);
  int64_t line = 0;
  auto send = [&](v1::ImportRecord& record) {
    record.set_source_line(++line);
    if (!stream.Write(record)) return false;
    progress.Update(stream.sent(), stream.sent());
    return true;
  };
  bool ok = true;
  for (v1::Territory& territory : territories) {
    v1::ImportRecord record;
    *record.mutable_territory() = std::move(territory);
    if (!(ok = send(record))) break;
  }
  for (int64_t i = 0; ok && i < args.offers; ++i) {
    v1::ImportRecord record;
    *record.mutable_offer() = population->NextOffer();
    ok = send(record);
  }
  for (int64_t i = 0; ok && i < args.candidates; ++i) {
    v1::ImportRecord record;
    *record.mutable_candidate() = population->NextCandidate();
    ok = send(record);
  }
  progress.Done(stream.sent());
  v1::ImportSummary summary;
  grpc::Status status = stream.Finish(&summary);
  if (!status.ok()) return Fail(global, status);
  ImportSource source;
  source.name = "demo";
  return PrintImportSummary(global, source, summary);
}

}  // namespace

void AddDemoCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "demo data: the real communes of France");
  demo->require_subcommand(1);
  auto args = std::make_shared<DemoArgs>();
  CLI::App* load = demo->add_subcommand(
      "load", "load every commune plus generated offers and candidates (synthetic, seeded)");
  load->add_option("--data_dir", args->data_dir,
                   "directory of communes.csv and metropoles.csv (default: ./data, the install's "
                   "share/matching/data, or data/ above the binary)");
  load->add_option("--communes", args->communes, "communes CSV (default: DATA_DIR/communes.csv)");
  load->add_option("--metropoles", args->metropoles,
                   "metropolises CSV (default: DATA_DIR/metropoles.csv)");
  load->add_option("--offers", args->offers, "generated offers")->capture_default_str();
  load->add_option("--candidates", args->candidates, "generated candidates")->capture_default_str();
  load->add_option("--seed", args->seed, "same seed, same data")->capture_default_str();
  load->callback([=] { *exit_code = LoadDemo(*global, *args); });
}

}  // namespace matching::clients
