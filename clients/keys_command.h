// matchctl keys add: a new random API key, printed once, its SHA-256 appended to a keys file.
#ifndef MATCHING_CLIENTS_KEYS_COMMAND_H_
#define MATCHING_CLIENTS_KEYS_COMMAND_H_

#include <CLI/CLI.hpp>

namespace matching::clients {

// Adds `keys add --role R --organization O --label L --keys_file F`. Works on the file
// alone (no server); matchd reads the change on its next start or SIGHUP.
void AddKeysCommands(CLI::App& app, int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_KEYS_COMMAND_H_
