// matchctl territory search and metropolis list: finding places.
#include "clients/territory_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/call.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/record_io.h"
#include "clients/untrusted_text.h"
#include "matching/v1/catalog.grpc.pb.h"

namespace matching::clients {
namespace {

struct SearchArgs {
  std::string name;
  std::string department;
  std::string region;
  std::string metropolis;
  int max_drive = 0;
  std::vector<double> near;  // lat, lon
  double radius_km = 0;
  int page_size = 20;
};

struct UpsertArgs {
  std::string file;    // one Territory in the protobuf JSON mapping; "-" for stdin
  std::string fields;  // "name,apl": the update mask; empty replaces the whole record
};

// UpsertTerritory of the territory in args.file; with --fields only those fields change
// (AIP-134 update_mask), the others stay as stored.
int Upsert(const GlobalOptions& global, const UpsertArgs& args) {
  std::stringstream content;
  if (args.file == "-") {
    content << std::cin.rdbuf();
  } else {
    std::ifstream in(args.file);
    if (!in) {
      std::cerr << "matchctl: territory upsert: cannot read '" << args.file << "'\n";
      return 2;
    }
    content << in.rdbuf();
  }
  absl::StatusOr<v1::ImportRecord> parsed = ParseJsonLine(content.str(), RecordKind::kTerritory);
  if (!parsed.ok()) {
    std::cerr << "matchctl: territory upsert: '" << args.file << "': " << parsed.status().message()
              << "\n";
    return 2;
  }
  v1::UpsertTerritoryRequest request;
  *request.mutable_territory() = std::move(*parsed->mutable_territory());
  for (absl::string_view path : absl::StrSplit(args.fields, ',', absl::SkipWhitespace())) {
    request.mutable_update_mask()->add_paths(std::string(absl::StripAsciiWhitespace(path)));
  }
  auto stub = v1::CatalogService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::Territory stored;
  grpc::Status status = stub->UpsertTerritory(&context, request, &stored);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(stored) << '\n';
    return 0;
  }
  std::cout << "territory " << TerminalText(stored.id()) << " written"
            << (args.fields.empty() ? " (whole record)" : " (fields: " + args.fields + ")") << '\n';
  return 0;
}

std::string Nearest(const v1::Territory& t) {
  const v1::MetropolisAccess* best = nullptr;
  for (const v1::MetropolisAccess& a : t.metropolis_access()) {
    if (best == nullptr || a.drive_minutes() < best->drive_minutes()) best = &a;
  }
  if (best == nullptr) return "-";
  return absl::StrCat(best->drive_minutes_estimated() ? "~" : "",
                      matcher::FormatMinutes(best->drive_minutes()), " ", best->metropolis_id());
}

int Search(const GlobalOptions& global, const SearchArgs& args) {
  v1::ListTerritoriesRequest request;
  request.set_name_prefix(args.name);
  request.set_department_code(args.department);
  request.set_region_code(args.region);
  request.set_metropolis_id(args.metropolis);
  request.set_max_drive_minutes(args.max_drive);
  request.set_page_size(args.page_size);
  if (!args.near.empty()) {
    request.mutable_near()->set_lat(args.near[0]);
    request.mutable_near()->set_lon(args.near[1]);
    request.set_radius_km(args.radius_km);
  }
  auto stub = v1::CatalogService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::ListTerritoriesResponse response;
  grpc::Status status = stub->ListTerritories(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < response.territories_size(); ++i) {
    const v1::Territory& t = response.territories(i);
    std::vector<std::string> row = {
        t.id(),    t.name(), t.department_code(), std::to_string(t.population()), t.metropolis_id(),
        Nearest(t)};
    if (i < response.distance_km_size()) {
      row.push_back(absl::StrFormat("%.1f", response.distance_km(i)));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> header =
      IsFrench(global)
          ? std::vector<std::string>{"id",          "nom",
                                     "département", "population",
                                     "métropole",   "métropole la plus proche (~ estimé)"}
          : std::vector<std::string>{"id",         "name",
                                     "department", "population",
                                     "metropolis", "nearest metropolis (~ estimated)"};
  if (response.distance_km_size() > 0) header.push_back("km");
  PrintTable(std::cout, header, rows);
  std::cout << response.territories_size() << Say(global, " territoires", " territories")
            << (response.next_page_token().empty()
                    ? ""
                    : Say(global, " (d'autres : augmentez --page_size)",
                          " (more: raise --page_size)"))
            << '\n';
  return 0;
}

// The metropolises a household may name (ListMetropolises): a table, or JSON with --json.
int ListMetropolises(const GlobalOptions& global) {
  auto stub = v1::CatalogService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::ListMetropolisesResponse response;
  grpc::Status status = stub->ListMetropolises(&context, v1::ListMetropolisesRequest(), &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Metropolis& m : response.metropolises()) {
    rows.push_back({m.id(), m.name().empty() ? "-" : m.name(),
                    m.department_code().empty() ? "-" : m.department_code()});
  }
  PrintTable(std::cout,
             IsFrench(global) ? std::vector<std::string>{"id", "nom", "département"}
                              : std::vector<std::string>{"id", "name", "department"},
             rows);
  std::cout << response.metropolises_size() << Say(global, " métropoles\n", " metropolises\n");
  return 0;
}

}  // namespace

void AddTerritoryCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                          int* exit_code) {
  CLI::App* territory = app.add_subcommand("territory", "find and write territories");
  territory->require_subcommand(1);
  auto args = std::make_shared<SearchArgs>();
  CLI::App* search = territory->add_subcommand(
      "search",
      "by name prefix (accents and case ignored), metropolis, department, or near a point");
  search->add_option("name", args->name, "start of the name: \"conde\" finds Condé-sur-l'Escaut");
  search->add_option("--department", args->department, "department code");
  search->add_option("--region", args->region, "region code");
  search->add_option("--metropolis", args->metropolis,
                     "members of this metropolis (with --max_drive: within that many minutes)");
  search->add_option("--max_drive", args->max_drive, "minutes to --metropolis");
  search->add_option("--near", args->near, "LAT,LON: nearest first")->delimiter(',')->expected(2);
  search->add_option("--radius", args->radius_km, "km around --near")->default_val(20);
  search->add_option("--page_size", args->page_size, "at most this many")->capture_default_str();
  search->callback([=] { *exit_code = Search(*global, *args); });

  auto upsert_args = std::make_shared<UpsertArgs>();
  CLI::App* upsert = territory->add_subcommand(
      "upsert",
      "write one territory from a JSON file (admin or territory_editor key); every change is "
      "in the audit log (matchctl audit)");
  upsert->add_option("file", upsert_args->file, "the territory as JSON; '-' reads stdin")
      ->required();
  upsert->add_option("--fields", upsert_args->fields,
                     "only these fields change, e.g. name,apl (an update mask); the others stay "
                     "as stored. Without it the whole record is replaced");
  upsert->callback([=] { *exit_code = Upsert(*global, *upsert_args); });

  CLI::App* metropolis = app.add_subcommand("metropolis", "the metropolises households may name");
  metropolis->require_subcommand(1);
  metropolis
      ->add_subcommand("list", "every known metropolis: id (for metropolis_ids), name, department")
      ->callback([=] { *exit_code = ListMetropolises(*global); });
}

}  // namespace matching::clients
