// matchctl: the command-line client for agencies.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "clients/admin_commands.h"
#include "clients/campaign_commands.h"
#include "clients/catalog_commands.h"
#include "clients/criteria_command.h"
#include "clients/demo_commands.h"
#include "clients/event_commands.h"
#include "clients/export_commands.h"
#include "clients/keys_command.h"
#include "clients/matching_commands.h"
#include "clients/territory_commands.h"

namespace {

// The contents of `path` (option `flag`); a CLI11 validation error when it cannot be read.
std::string ReadTlsFile(const std::string& flag, const std::string& path) {
  if (path.empty()) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || bytes.str().empty()) {
    throw CLI::ValidationError(flag, "cannot read '" + path + "' (or it is empty)");
  }
  return bytes.str();
}

}  // namespace

int main(int argc, char** argv) {
  auto global = std::make_shared<matching::clients::GlobalOptions>();
  if (const char* server = std::getenv("MATCHCTL_SERVER")) global->server = server;
  if (const char* api_key = std::getenv("MATCHCTL_API_KEY")) global->api_key = api_key;
  if (const char* ca = std::getenv("MATCHCTL_TLS_CA")) global->tls_ca = ca;
  if (const char* cert = std::getenv("MATCHCTL_TLS_CERT")) global->tls_cert = cert;
  if (const char* key = std::getenv("MATCHCTL_TLS_KEY")) global->tls_key = key;
  if (const char* language = std::getenv("MATCHCTL_LANGUAGE")) global->language = language;
  CLI::App app{"matchctl: import, query and explain matches on a matchd server"};
  app.add_option("--server", global->server, "matchd address (env MATCHCTL_SERVER)")
      ->capture_default_str();
  app.add_option("--timeout", global->timeout_seconds, "deadline of each call, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--import_timeout", global->import_timeout_seconds,
                 "deadline of a whole import, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--json", global->json, "machine-readable JSON output");
  app.add_option("--language", global->language,
                 "fr or en: the language of everything matchctl prints, and of the server's "
                 "explanations (env MATCHCTL_LANGUAGE)")
      ->check(CLI::IsMember({"fr", "en"}))
      ->capture_default_str();
  app.add_option("--api_key", global->api_key,
                 "API key sent as 'authorization: Bearer KEY' (env MATCHCTL_API_KEY)");
  app.add_option("--tls_ca", global->tls_ca,
                 "TLS: CA certificates (PEM) that sign the server's (env MATCHCTL_TLS_CA)");
  app.add_option("--tls_cert", global->tls_cert,
                 "TLS: client certificate (PEM), with --tls_key (env MATCHCTL_TLS_CERT)");
  app.add_option("--tls_key", global->tls_key,
                 "TLS: private key of --tls_cert (PEM) (env MATCHCTL_TLS_KEY)");
  // Runs after parsing, before any command: a TLS file that cannot be read is an error
  // before the first call.
  app.parse_complete_callback([global] {
    if (global->tls_cert.empty() != global->tls_key.empty()) {
      throw CLI::ValidationError("--tls_cert/--tls_key", "give both or neither");
    }
    global->tls_ca_pem = ReadTlsFile("--tls_ca", global->tls_ca);
    global->tls_cert_pem = ReadTlsFile("--tls_cert", global->tls_cert);
    global->tls_key_pem = ReadTlsFile("--tls_key", global->tls_key);
  });
  app.require_subcommand(1);
  int exit_code = 0;
  matching::clients::AddCatalogCommands(app, global, &exit_code);
  matching::clients::AddMatchingCommands(app, global, &exit_code);
  matching::clients::AddEventCommands(app, global, &exit_code);
  matching::clients::AddCampaignCommands(app, global, &exit_code);
  matching::clients::AddDemoCommands(app, global, &exit_code);
  matching::clients::AddExportCommands(app, global, &exit_code);
  matching::clients::AddTerritoryCommands(app, global, &exit_code);
  matching::clients::AddKeysCommands(app, &exit_code);
  matching::clients::AddAdminCommands(app, global, &exit_code);
  matching::clients::AddCriteriaCommand(app, global, &exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
