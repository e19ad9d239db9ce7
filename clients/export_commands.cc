// matchctl export / template.
//
// Export pages through the List RPCs, so it writes exactly what the caller's key may read
// (candidates: the consent rules the server applies to ListCandidates); nothing here
// decides visibility.
#include "clients/export_commands.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "clients/call.h"
#include "clients/language.h"
#include "clients/record_io.h"
#include "clients/record_write.h"
#include "matching/v1/catalog.grpc.pb.h"

namespace matching::clients {
namespace {

struct ExportArgs {
  std::string kind;
  std::string format;  // csv or jsonl; default from --out, else csv
  std::string out;     // default: stdout
  bool excel = false;
  std::string department;  // territories
  std::string region;
  std::string territory;  // offers
};

// Calls `page` with each page token until the server returns none; false on an error
// (printed).
template <typename Page>
bool EachPage(const GlobalOptions& global, Page page) {
  std::string token;
  do {
    grpc::ClientContext context;
    PrepareCall(global, &context, global.timeout_seconds);
    grpc::Status status = page(&context, &token);
    if (!status.ok()) {
      Fail(global, status);
      return false;
    }
  } while (!token.empty());
  return true;
}

int RunExport(const GlobalOptions& global, const ExportArgs& args) {
  absl::StatusOr<RecordKind> kind = ParseRecordKind(args.kind);
  if (!kind.ok()) {
    std::cerr << "matchctl export: " << kind.status().message() << '\n';
    return 1;
  }
  std::string format = absl::AsciiStrToLower(args.format);
  if (format.empty()) {
    format = absl::EndsWith(absl::AsciiStrToLower(args.out), ".jsonl") ? "jsonl" : "csv";
  }
  if (format != "csv" && format != "jsonl") {
    std::cerr << "matchctl export: --format: '" << args.format << "' is not one of csv, jsonl\n";
    return 1;
  }
  if (args.excel && format != "csv") {
    std::cerr << "matchctl export: "
              << Say(global, "--excel écrit du CSV ; retirez --format jsonl\n",
                     "--excel writes CSV; drop --format jsonl\n");
    return 1;
  }
  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "matchctl export: " << Say(global, "impossible d'écrire '", "cannot write '")
                << args.out << "'\n";
      return 1;
    }
  }
  std::ostream& out = args.out.empty() ? std::cout : file;
  CsvStyle style;
  style.excel = args.excel;
  style.separator = args.excel ? ';' : ',';
  if (format == "csv") out << CsvHeader(*kind, style);

  int64_t written = 0;
  int64_t jsonl_only = 0;  // records with values CSV cannot carry
  auto write = [&](const google::protobuf::Message& record) {
    ++written;
    if (format == "jsonl") {
      out << JsonlRow(record, *kind);
      return;
    }
    out << CsvRow(record, *kind, style);
    const google::protobuf::Reflection* reflection = record.GetReflection();
    for (const std::string& name : JsonlOnlyFields(*kind)) {
      const auto* field = record.GetDescriptor()->FindFieldByName(name);
      if (field != nullptr && reflection->FieldSize(record, field) > 0) {
        ++jsonl_only;
        break;
      }
    }
  };
  auto stub = v1::CatalogService::NewStub(OpenChannel(global));
  bool ok = false;
  if (*kind == RecordKind::kTerritory) {
    ok = EachPage(global, [&](grpc::ClientContext* context, std::string* token) {
      v1::ListTerritoriesRequest request;
      request.set_page_size(1000);
      request.set_page_token(*token);
      request.set_department_code(args.department);
      request.set_region_code(args.region);
      v1::ListTerritoriesResponse response;
      grpc::Status status = stub->ListTerritories(context, request, &response);
      for (const v1::Territory& t : response.territories()) write(t);
      *token = response.next_page_token();
      return status;
    });
  } else if (*kind == RecordKind::kOffer) {
    ok = EachPage(global, [&](grpc::ClientContext* context, std::string* token) {
      v1::ListOffersRequest request;
      request.set_page_size(1000);
      request.set_page_token(*token);
      request.set_territory_id(args.territory);
      v1::ListOffersResponse response;
      grpc::Status status = stub->ListOffers(context, request, &response);
      for (const v1::Offer& o : response.offers()) write(o);
      *token = response.next_page_token();
      return status;
    });
  } else {
    ok = EachPage(global, [&](grpc::ClientContext* context, std::string* token) {
      v1::ListCandidatesRequest request;
      request.set_page_size(1000);
      request.set_page_token(*token);
      v1::ListCandidatesResponse response;
      grpc::Status status = stub->ListCandidates(context, request, &response);
      for (const v1::Candidate& c : response.candidates()) write(c);
      *token = response.next_page_token();
      return status;
    });
  }
  out.flush();
  if (!ok) return 1;
  if (!out) {
    std::cerr << "matchctl export: " << Say(global, "écriture interrompue", "write failed") << '\n';
    return 1;
  }
  if (!args.out.empty()) {
    std::cerr << args.out << (IsFrench(global) ? " : " : ": ") << written
              << Say(global, " enregistrements écrits\n", " records written\n");
  }
  if (jsonl_only > 0) {
    std::cerr << Say(global, "attention : ", "warning: ") << jsonl_only
              << Say(global, " enregistrements ont des valeurs que le CSV ne porte pas (",
                     " records have values CSV does not carry (")
              << absl::StrJoin(JsonlOnlyFields(*kind), ", ")
              << Say(global, ") : exportez-les avec --format jsonl\n",
                     "): export them with --format jsonl\n");
  }
  return 0;
}

int RunTemplate(const std::string& kind_name, bool excel) {
  absl::StatusOr<RecordKind> kind = ParseRecordKind(kind_name);
  if (!kind.ok()) {
    std::cerr << "matchctl template: " << kind.status().message() << '\n';
    return 1;
  }
  CsvStyle style;
  style.excel = excel;
  style.separator = excel ? ';' : ',';
  std::cout << CsvHeader(*kind, style);
  return 0;
}

}  // namespace

void AddExportCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                       int* exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* export_command = app.add_subcommand(
      "export",
      "write the records the key may read as CSV or JSONL that `matchctl import` reads back");
  export_command
      ->add_option("kind", args->kind,
                   "offers, territories or candidates (offres, territoires, candidats)")
      ->required();
  export_command->add_option("--format", args->format, "csv or jsonl (default: from --out, csv)");
  export_command->add_option("--out", args->out, "file to write (default: standard output)");
  export_command->add_flag("--excel", args->excel,
                           "for French Excel: byte-order mark, ';' separators, decimal commas, "
                           "codes with a leading zero kept as text");
  export_command->add_option("--department", args->department, "territories of this department");
  export_command->add_option("--region", args->region, "territories of this region");
  export_command->add_option("--territory", args->territory, "offers of this territory");
  export_command->callback([=] { *exit_code = RunExport(*global, *args); });

  auto template_kind = std::make_shared<std::string>();
  auto template_excel = std::make_shared<bool>(false);
  CLI::App* template_command = app.add_subcommand(
      "template", "print an empty CSV (the header: every column) for a kind of record");
  template_command
      ->add_option("kind", *template_kind,
                   "offer, territory or candidate (offre, territoire, candidat)")
      ->required();
  template_command->add_flag("--excel", *template_excel,
                             "for French Excel: byte-order mark and ';' separators");
  template_command->callback([=] { *exit_code = RunTemplate(*template_kind, *template_excel); });
}

}  // namespace matching::clients
