// matchctl: the command-line client for agencies.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>

#include "clients/catalog_commands.h"
#include "clients/demo_commands.h"
#include "clients/event_commands.h"
#include "clients/keys_command.h"
#include "clients/matching_commands.h"
#include "clients/territory_commands.h"

int main(int argc, char** argv) {
  auto global = std::make_shared<matching::clients::GlobalOptions>();
  if (const char* server = std::getenv("MATCHCTL_SERVER")) global->server = server;
  if (const char* api_key = std::getenv("MATCHCTL_API_KEY")) global->api_key = api_key;
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
  app.add_option("--api_key", global->api_key,
                 "API key sent as 'authorization: Bearer KEY' (env MATCHCTL_API_KEY)");
  app.require_subcommand(1);
  int exit_code = 0;
  matching::clients::AddCatalogCommands(app, global, &exit_code);
  matching::clients::AddMatchingCommands(app, global, &exit_code);
  matching::clients::AddEventCommands(app, global, &exit_code);
  matching::clients::AddDemoCommands(app, global, &exit_code);
  matching::clients::AddTerritoryCommands(app, global, &exit_code);
  matching::clients::AddKeysCommands(app, &exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
