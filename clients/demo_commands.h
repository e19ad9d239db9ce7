// matchctl demo load: the real map of France with generated offers and households.
#ifndef MATCHING_CLIENTS_DEMO_COMMANDS_H_
#define MATCHING_CLIENTS_DEMO_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "clients/catalog_commands.h"

namespace matching::clients {

void AddDemoCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global, int* exit_code);

// The path of data file `name` (communes.csv, france-departments.svg) in the first data
// directory holding it: ./data, the install's share/matching/data, then beside the binary.
// Empty when none does; `looked` lists the directories tried.
std::string FindDataFile(const std::string& name, std::vector<std::string>* looked);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_DEMO_COMMANDS_H_
