// matchctl territory search (by name, accent-insensitive; metropolis; near a point) and
// matchctl metropolis list.
#ifndef MATCHING_CLIENTS_TERRITORY_COMMANDS_H_
#define MATCHING_CLIENTS_TERRITORY_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddTerritoryCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                          int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_TERRITORY_COMMANDS_H_
