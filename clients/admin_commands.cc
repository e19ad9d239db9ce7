// matchctl status (GetServerInfo), matchctl backup (Backup) and matchctl audit
// (ListAuditEntries).
#include "clients/admin_commands.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/call.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"
#include "matching/v1/admin.grpc.pb.h"

namespace matching::clients {
namespace {

// Characters on screen: UTF-8 code points (labels have accents).
size_t DisplayWidthOf(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

struct AuditArgs {
  std::string territory_id;
  int page_size = 50;
  std::string page_token;
};

// The audit log of territory changes, newest first (admin key).
int Audit(const GlobalOptions& global, const AuditArgs& args) {
  auto stub = v1::AdminService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::ListAuditEntriesRequest request;
  request.set_territory_id(args.territory_id);
  request.set_page_size(args.page_size);
  request.set_page_token(args.page_token);
  v1::ListAuditEntriesResponse response;
  grpc::Status status = stub->ListAuditEntries(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::AuditEntry& entry : response.entries()) {
    std::string change = v1::AuditEntry::Change_Name(entry.change());
    if (change.rfind("CHANGE_", 0) == 0) change = absl::AsciiStrToLower(change.substr(7));
    rows.push_back({std::to_string(entry.sequence()),
                    google::protobuf::util::TimeUtil::ToString(entry.time()), entry.key_label(),
                    entry.role(), entry.organization().empty() ? "-" : entry.organization(),
                    entry.method(), entry.territory_id(), change,
                    entry.fields().empty() ? "-" : absl::StrJoin(entry.fields(), ",")});
  }
  PrintTable(
      std::cout,
      {"#", "time", "key label", "role", "organisation", "method", "territory", "change", "fields"},
      rows);
  std::cout << response.entries_size() << " entries";
  if (!response.next_page_token().empty()) {
    std::cout << " (older: --page_token " << response.next_page_token() << ")";
  }
  std::cout << '\n';
  return 0;
}

struct BackupArgs {
  std::string destination_dir;
  double deadline_seconds = 600;
};

std::string Bytes(int64_t bytes) {
  if (bytes <= 0) return "unknown";
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? absl::StrFormat("%d B", bytes)
                   : absl::StrFormat("%.1f %s", value, units[unit]);
}

std::string Duration(double seconds) {
  const int64_t total = static_cast<int64_t>(seconds);
  if (total < 60) return absl::StrFormat("%.1f s", seconds);
  const int64_t days = total / 86400;
  const int64_t hours = total % 86400 / 3600;
  const int64_t minutes = total % 3600 / 60;
  if (days > 0) return absl::StrFormat("%dd %02dh %02dm", days, hours, minutes);
  return absl::StrFormat("%dh %02dm %02ds", hours, minutes, total % 60);
}

std::string Ms(double ms) { return absl::StrFormat("%.2f", ms); }

int Status(const GlobalOptions& global) {
  auto stub = v1::AdminService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::ServerInfo info;
  grpc::Status status = stub->GetServerInfo(&context, v1::GetServerInfoRequest(), &info);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(info) << '\n';
    return 0;
  }
  const bool fr = IsFrench(global);
  const std::vector<std::pair<std::string, std::string>> lines = {
      {fr ? "serveur" : "server", global.server},
      {"version", info.version()},
      {fr ? "profil de poids" : "weights profile", info.weights_profile_version()},
      {fr ? "données" : "data dir", info.data_dir().empty()
                                        ? (fr ? "(clé admin seulement)" : "(admin key only)")
                                        : info.data_dir()},
      {fr ? "en service depuis" : "uptime", Duration(info.uptime_seconds())},
      {fr ? "chargement index" : "index load",
       absl::StrFormat("%.2f s", info.index_load_seconds())},
      {fr ? "territoires" : "territories", std::to_string(info.territory_count())},
      {fr ? "offres" : "offers", std::to_string(info.offer_count())},
      {fr ? "candidats" : "candidates", std::to_string(info.candidate_count())},
      {fr ? "événements" : "events", std::to_string(info.event_count())},
      {fr ? "mémoire index" : "index memory", Bytes(info.index_memory_bytes())},
      {fr ? "mémoire résidente" : "resident memory", Bytes(info.resident_memory_bytes())},
  };
  size_t width = 0;
  for (const auto& line : lines) width = std::max(width, DisplayWidthOf(line.first));
  for (const auto& [name, value] : lines) {
    std::cout << name << std::string(std::max<size_t>(17, width + 2) - DisplayWidthOf(name), ' ')
              << TerminalText(value) << '\n';
  }
  std::cout << '\n';
  std::vector<std::vector<std::string>> rows;
  for (const v1::MethodStats& method : info.methods()) {
    std::string name = method.method();
    if (absl::StartsWith(name, "/")) name.erase(0, 1);
    rows.push_back({name, std::to_string(method.count()), std::to_string(method.error_count()),
                    Ms(method.p50_ms()), Ms(method.p95_ms()), Ms(method.p99_ms()),
                    Ms(method.max_ms())});
  }
  PrintTable(std::cout,
             fr ? std::vector<std::string>{"méthode", "appels", "erreurs", "p50 ms", "p95 ms",
                                           "p99 ms", "max ms"}
                : std::vector<std::string>{"method", "count", "errors", "p50 ms", "p95 ms",
                                           "p99 ms", "max ms"},
             rows);
  std::cout << Say(global,
                   "latences depuis le démarrage, côté serveur ; percentiles à 9 % près "
                   "(classes logarithmiques)\n",
                   "latencies since start, server side; percentiles within 9% (log buckets)\n");
  return 0;
}

int Backup(const GlobalOptions& global, const BackupArgs& args) {
  auto stub = v1::AdminService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, args.deadline_seconds);
  v1::BackupRequest request;
  request.set_destination_dir(args.destination_dir);
  v1::BackupResponse response;
  grpc::Status status = stub->Backup(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
    return 0;
  }
  if (IsFrench(global)) {
    std::cout << "sauvegarde écrite dans " << TerminalText(response.destination_dir())
              << " (sur le serveur) : " << response.file_count() << " fichiers, "
              << Bytes(response.size_bytes()) << ", numéro de séquence "
              << response.sequence_number() << '\n'
              << response.territory_count() << " territoires, " << response.offer_count()
              << " offres, " << response.candidate_count() << " candidats, "
              << response.event_count() << " événements\n";
  } else {
    std::cout << "backup written to " << TerminalText(response.destination_dir())
              << " (on the server): " << response.file_count() << " files, "
              << Bytes(response.size_bytes()) << ", sequence number " << response.sequence_number()
              << '\n'
              << response.territory_count() << " territories, " << response.offer_count()
              << " offers, " << response.candidate_count() << " candidates, "
              << response.event_count() << " events\n";
  }
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code) {
  CLI::App* status = app.add_subcommand(
      "status", "version, record counts, memory, uptime and per-method latency of the server");
  status->callback([=] { *exit_code = Status(*global); });

  auto args = std::make_shared<BackupArgs>();
  CLI::App* backup =
      app.add_subcommand("backup",
                         "a consistent copy of the store, taken while serving (admin key); see "
                         "docs/OPERATIONS.md to restore");
  backup
      ->add_option("--to", args->destination_dir,
                   "new directory on the server's machine, absolute path (must not exist)")
      ->required();
  backup->add_option("--deadline", args->deadline_seconds, "deadline of the backup, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  backup->callback([=] { *exit_code = Backup(*global, *args); });

  auto audit_args = std::make_shared<AuditArgs>();
  CLI::App* audit = app.add_subcommand(
      "audit", "who changed which territory, when, and which fields; newest first (admin key)");
  audit->add_option("--territory", audit_args->territory_id, "only this territory's changes");
  audit->add_option("--page_size", audit_args->page_size, "at most this many entries")
      ->capture_default_str();
  audit->add_option("--page_token", audit_args->page_token, "the next page, as printed");
  audit->callback([=] { *exit_code = Audit(*global, *audit_args); });
}

}  // namespace matching::clients
