// matchctl demo load: every commune of data/communes.csv as a territory (real name,
// population, department, region, coordinates, metropolis; synthetic amenities, care need
// and zoning, labelled as such), then generated offers and candidates, through one
// ImportRecords stream with a progress bar.
#include "clients/demo_commands.h"

#include <iostream>

#include "absl/time/clock.h"
#include "clients/call.h"
#include "clients/import_stream.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"

namespace matching::clients {
namespace {

struct DemoArgs {
  std::string communes = "data/communes.csv";
  std::string metropoles = "data/metropoles.csv";
  int64_t offers = 20000;
  int64_t candidates = 50000;
  uint64_t seed = 1;
};

int LoadDemo(const GlobalOptions& global, const DemoArgs& args) {
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
  std::cout << "loading " << territories.size() << " communes (" << stats.unplaced
            << " without coordinates left out), " << args.offers << " offers, " << args.candidates
            << " candidates (seed " << args.seed << ")\n";

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
  return PrintImportSummary(global, "demo", summary);
}

}  // namespace

void AddDemoCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code) {
  CLI::App* demo = app.add_subcommand("demo", "demo data: the real communes of France");
  demo->require_subcommand(1);
  auto args = std::make_shared<DemoArgs>();
  CLI::App* load = demo->add_subcommand(
      "load", "load every commune plus generated offers and candidates (synthetic, seeded)");
  load->add_option("--communes", args->communes, "communes CSV")->capture_default_str();
  load->add_option("--metropoles", args->metropoles, "metropolises CSV")->capture_default_str();
  load->add_option("--offers", args->offers, "generated offers")->capture_default_str();
  load->add_option("--candidates", args->candidates, "generated candidates")->capture_default_str();
  load->add_option("--seed", args->seed, "same seed, same data")->capture_default_str();
  load->callback([=] { *exit_code = LoadDemo(*global, *args); });
}

}  // namespace matching::clients
