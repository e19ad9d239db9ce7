// matchctl import / get / list / delete.
#include "clients/catalog_commands.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/call.h"
#include "clients/import_stream.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/record_io.h"
#include "clients/untrusted_text.h"
#include "matching/v1/catalog.grpc.pb.h"

namespace matching::clients {
namespace {

using v1::CatalogService;

std::unique_ptr<CatalogService::Stub> Connect(const GlobalOptions& global) {
  return CatalogService::NewStub(OpenChannel(global));
}

struct ImportArgs {
  std::string file;
  std::string kind;
  std::string format;
};

int RunImport(const GlobalOptions& global, const ImportArgs& args) {
  absl::StatusOr<FileFormat> format =
      args.format.empty() ? FileFormatFromFileName(args.file)
                          : (args.format == "csv"     ? FileFormat::kCsv
                             : args.format == "jsonl" ? FileFormat::kJsonl
                                                      : FileFormatFromFileName("." + args.format));
  if (!format.ok()) {
    std::cerr << "matchctl import: " << format.status().message() << '\n';
    return 1;
  }
  RecordKind kind = RecordKind::kAny;
  if (!args.kind.empty()) {
    absl::StatusOr<RecordKind> parsed = ParseRecordKind(args.kind);
    if (!parsed.ok()) {
      std::cerr << "matchctl import: " << parsed.status().message() << '\n';
      return 1;
    }
    kind = *parsed;
  } else if (*format == FileFormat::kCsv) {
    kind = RecordKindFromFileName(args.file);
  }
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    std::cerr << "matchctl import: cannot open '" << args.file << "'\n";
    return 1;
  }
  in.seekg(0, std::ios::end);
  ProgressBar progress(static_cast<int64_t>(in.tellg()));
  in.seekg(0);

  ImportStream stream(global);
  bool stream_broken = false;
  ImportSource source;
  source.name = args.file;
  source.csv = *format == FileFormat::kCsv;
  auto sink = [&](ParsedRecord parsed) {
    if (stream_broken) return;
    for (Notice& warning : parsed.warnings) source.warnings.emplace_back(parsed.line, warning);
    if (!parsed.record.ok()) {
      v1::ImportError error;  // never left this machine
      error.set_source_line(parsed.line);
      error.set_message(std::string(parsed.record.status().message()));
      stream.AddLocalError(std::move(error));
      return;
    }
    parsed.record->set_source_line(parsed.line);
    if (!stream.Write(*parsed.record)) {
      stream_broken = true;
      return;
    }
    progress.Update(in.tellg() < 0 ? 0 : static_cast<int64_t>(in.tellg()), stream.sent());
  };
  absl::Status read_status = ReadRecords(in, *format, kind, sink, &source.dialect);
  progress.Done(stream.sent());
  if (!read_status.ok()) {
    stream.Cancel();
    std::cerr << "matchctl import: " << args.file << ": " << read_status.message() << '\n';
    if (*format == FileFormat::kCsv && kind == RecordKind::kAny) {
      std::cerr << Say(global,
                       "  (nommez le fichier offres.csv, territoires.csv ou candidats.csv, ou "
                       "passez --kind)\n",
                       "  (name the file offers.csv, territories.csv or candidates.csv, or pass "
                       "--kind)\n");
    }
    return 1;
  }
  v1::ImportSummary summary;
  grpc::Status status = stream.Finish(&summary);
  if (!status.ok()) return Fail(global, status);
  return PrintImportSummary(global, source, summary);
}

// The columns `list` shows for each kind.
const std::vector<std::string>& ListColumns(RecordKind kind) {
  static const std::vector<std::string> territory = {"id",          "name",       "department_code",
                                                     "region_code", "population", "zoning"};
  static const std::vector<std::string> offer = {
      "id", "territory_id", "profession", "setting", "employment", "status", "title"};
  static const std::vector<std::string> candidate = {
      "id", "profession", "specialty", "experience_years", "max_drive_minutes", "status"};
  return kind == RecordKind::kTerritory ? territory
         : kind == RecordKind::kOffer   ? offer
                                        : candidate;
}

// The headers of those columns in French (in English, the field names).
std::vector<std::string> ListHeader(const GlobalOptions& global, RecordKind kind) {
  if (!IsFrench(global)) return ListColumns(kind);
  if (kind == RecordKind::kTerritory) {
    return {"id", "nom", "département", "région", "population", "zonage"};
  }
  if (kind == RecordKind::kOffer) {
    return {"id",     "territoire", "profession", "lieu d'exercice", "mode d'exercice",
            "statut", "intitulé"};
  }
  return {"id", "profession", "spécialité", "expérience (ans)", "trajet maximal (min)", "statut"};
}

struct LookupArgs {
  std::string kind;
  std::string id;
  // list filters
  int page_size = 0;
  std::string page_token;
  bool all = false;
  std::string department;
  std::string region;
  std::string territory;
};

template <typename Message>
int PrintOne(const GlobalOptions& global, const grpc::Status& status, const Message& message) {
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(message) << '\n';
  } else {
    PrintFields(std::cout, message);
  }
  return 0;
}

int RunGet(const GlobalOptions& global, RecordKind kind, const std::string& id) {
  auto stub = Connect(global);
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  if (kind == RecordKind::kTerritory) {
    v1::GetTerritoryRequest request;
    request.set_id(id);
    v1::Territory response;
    return PrintOne(global, stub->GetTerritory(&context, request, &response), response);
  }
  if (kind == RecordKind::kOffer) {
    v1::GetOfferRequest request;
    request.set_id(id);
    v1::Offer response;
    return PrintOne(global, stub->GetOffer(&context, request, &response), response);
  }
  v1::GetCandidateRequest request;
  request.set_id(id);
  v1::Candidate response;
  return PrintOne(global, stub->GetCandidate(&context, request, &response), response);
}

int RunDelete(const GlobalOptions& global, RecordKind kind, const std::string& id) {
  auto stub = Connect(global);
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::DeleteResponse response;
  grpc::Status status;
  if (kind == RecordKind::kTerritory) {
    v1::DeleteTerritoryRequest request;
    request.set_id(id);
    status = stub->DeleteTerritory(&context, request, &response);
  } else if (kind == RecordKind::kOffer) {
    v1::DeleteOfferRequest request;
    request.set_id(id);
    status = stub->DeleteOffer(&context, request, &response);
  } else {
    v1::DeleteCandidateRequest request;
    request.set_id(id);
    status = stub->DeleteCandidate(&context, request, &response);
  }
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
  } else {
    std::cout << (response.existed() ? Say(global, "supprimé : '", "deleted '")
                                     : Say(global, "rien à supprimer : '", "nothing to delete: '"))
              << TerminalText(id) << "'\n";
  }
  return 0;
}

int RunList(const GlobalOptions& global, RecordKind kind, const LookupArgs& args) {
  auto stub = Connect(global);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> json_lines;
  std::string token = args.page_token;
  std::string next;
  do {
    grpc::ClientContext context;
    PrepareCall(global, &context, global.timeout_seconds);
    grpc::Status status;
    std::vector<const google::protobuf::Message*> items;
    v1::ListTerritoriesResponse territories;
    v1::ListOffersResponse offers;
    v1::ListCandidatesResponse candidates;
    if (kind == RecordKind::kTerritory) {
      v1::ListTerritoriesRequest request;
      request.set_page_size(args.page_size);
      request.set_page_token(token);
      request.set_department_code(args.department);
      request.set_region_code(args.region);
      status = stub->ListTerritories(&context, request, &territories);
      for (const auto& t : territories.territories()) items.push_back(&t);
      next = territories.next_page_token();
    } else if (kind == RecordKind::kOffer) {
      v1::ListOffersRequest request;
      request.set_page_size(args.page_size);
      request.set_page_token(token);
      request.set_territory_id(args.territory);
      status = stub->ListOffers(&context, request, &offers);
      for (const auto& o : offers.offers()) items.push_back(&o);
      next = offers.next_page_token();
    } else {
      v1::ListCandidatesRequest request;
      request.set_page_size(args.page_size);
      request.set_page_token(token);
      status = stub->ListCandidates(&context, request, &candidates);
      for (const auto& c : candidates.candidates()) items.push_back(&c);
      next = candidates.next_page_token();
    }
    if (!status.ok()) return Fail(global, status);
    for (const google::protobuf::Message* item : items) {
      if (global.json) {
        json_lines.push_back(ToJson(*item, true));
        continue;
      }
      std::vector<std::string> row;
      for (const std::string& column : ListColumns(kind)) row.push_back(FieldText(*item, column));
      rows.push_back(std::move(row));
    }
    token = next;
  } while (args.all && !token.empty());
  if (global.json) {
    for (const std::string& line : json_lines) std::cout << line << '\n';  // JSONL
  } else {
    PrintTable(std::cout, ListHeader(global, kind), rows);
    if (!next.empty()) {
      std::cout << Say(global, "page suivante : --page_token ", "next page: --page_token ")
                << TerminalText(next) << '\n';
    }
  }
  return 0;
}

}  // namespace

void AddCatalogCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                        int* exit_code) {
  auto import_args = std::make_shared<ImportArgs>();
  CLI::App* import = app.add_subcommand(
      "import",
      "stream records from a JSONL or CSV file into the server; exit 0 when all were "
      "accepted, 2 when some were rejected, 1 on failure");
  import->add_option("file", import_args->file, "a .jsonl or .csv file")->required();
  import->add_option("--kind", import_args->kind,
                     "territory, offer or candidate: for CSV, and for JSONL of bare records");
  import->add_option("--format", import_args->format, "jsonl or csv (default: from the name)");
  import->callback([=] { *exit_code = RunImport(*global, *import_args);
});

const char* kinds[] = {"territory", "offer", "candidate"};
CLI::App* get = app.add_subcommand("get", "print one record");
CLI::App* list = app.add_subcommand("list", "list records, a page at a time");
CLI::App* del = app.add_subcommand("delete", "delete one record (a candidate: erasure)");
for (CLI::App* verb : {get, list, del}) verb->require_subcommand(1);
for (const char* kind_name : kinds) {
  const RecordKind kind = *ParseRecordKind(kind_name);
  auto args = std::make_shared<LookupArgs>();
  CLI::App* get_kind = get->add_subcommand(kind_name, std::string("print a ") + kind_name);
  get_kind->add_option("id", args->id)->required();
  get_kind->callback([=] { *exit_code = RunGet(*global, kind, args->id); });

  CLI::App* del_kind = del->add_subcommand(kind_name, std::string("delete a ") + kind_name);
  del_kind->add_option("id", args->id)->required();
  del_kind->callback([=] { *exit_code = RunDelete(*global, kind, args->id); });

  const std::string plural =
      kind == RecordKind::kTerritory ? "territories" : std::string(kind_name) + "s";
  CLI::App* list_kind = list->add_subcommand(kind_name, "list " + plural);
  list_kind->alias(plural);
  list_kind->add_option("--page_size", args->page_size, "records per page (default 50)");
  list_kind->add_option("--page_token", args->page_token, "from a previous page");
  list_kind->add_flag("--all", args->all, "follow every page");
  if (kind == RecordKind::kTerritory) {
    list_kind->add_option("--department", args->department, "department code, e.g. 54");
    list_kind->add_option("--region", args->region, "region code, e.g. 44");
  }
  if (kind == RecordKind::kOffer) {
    list_kind->add_option("--territory", args->territory, "territory id");
  }
  list_kind->callback([=] { *exit_code = RunList(*global, kind, *args); });
}
}  // namespace matching::clients

}  // namespace matching::clients
