// matchctl demo load: the real map of France with generated offers and households.
#ifndef MATCHING_CLIENTS_DEMO_COMMANDS_H_
#define MATCHING_CLIENTS_DEMO_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddDemoCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_DEMO_COMMANDS_H_
