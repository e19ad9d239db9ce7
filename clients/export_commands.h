// matchctl export (records as import reads them back) and matchctl template (an empty CSV
// with every column).
#ifndef MATCHING_CLIENTS_EXPORT_COMMANDS_H_
#define MATCHING_CLIENTS_EXPORT_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddExportCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_EXPORT_COMMANDS_H_
