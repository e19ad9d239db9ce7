// matchctl criteria list: the ranking's vocabulary (ListCriteria).
#ifndef MATCHING_CLIENTS_CRITERIA_COMMAND_H_
#define MATCHING_CLIENTS_CRITERIA_COMMAND_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

// Adds `criteria list [--language fr|en]`: every criterion (name, side, default weight,
// label, reason codes) and every limit. Sets `*exit_code` when it runs.
void AddCriteriaCommand(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                        int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CRITERIA_COMMAND_H_
