// matchctl status and backup: what an operator asks of a running matchd.
#ifndef MATCHING_CLIENTS_ADMIN_COMMANDS_H_
#define MATCHING_CLIENTS_ADMIN_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

// Adds `status` and `backup --to DIR`. Each sets `*exit_code` when it runs.
void AddAdminCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_ADMIN_COMMANDS_H_
