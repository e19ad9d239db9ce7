// matchctl's event commands: create, update, get, list, delete, register, cancel, plan,
// agenda.
#ifndef MATCHING_CLIENTS_EVENT_COMMANDS_H_
#define MATCHING_CLIENTS_EVENT_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddEventCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_EVENT_COMMANDS_H_
