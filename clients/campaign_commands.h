// matchctl's campaign commands: create, get, list, delete, plan, outcome, report.
#ifndef MATCHING_CLIENTS_CAMPAIGN_COMMANDS_H_
#define MATCHING_CLIENTS_CAMPAIGN_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddCampaignCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                         int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CAMPAIGN_COMMANDS_H_
