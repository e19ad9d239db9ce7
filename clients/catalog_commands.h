// matchctl's catalog commands: import, get, list, delete.
#ifndef MATCHING_CLIENTS_CATALOG_COMMANDS_H_
#define MATCHING_CLIENTS_CATALOG_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

namespace matching::clients {

// Options every command shares.
struct GlobalOptions {
  std::string server = "127.0.0.1:50051";
  double timeout_seconds = 30;           // deadline of each unary call
  double import_timeout_seconds = 3600;  // deadline of a whole import stream
  bool json = false;                     // machine-readable output
  // "fr" (the default: agencies) or "en": every header, label, sentence and amount matchctl
  // prints (clients/language.h). Messages from the server are printed as it wrote them.
  std::string language = "fr";
  std::string api_key;  // sent as "authorization: Bearer <key>" when set
  // TLS (PEM files). The channel uses TLS when tls_ca or tls_cert is set: tls_ca verifies
  // the server (empty: the system's roots); tls_cert and tls_key, together, are the client
  // certificate a server started with --tls_client_ca requires. None: plaintext.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  // The contents of those files, read once after parsing (matchctl_main.cc).
  std::string tls_ca_pem;
  std::string tls_cert_pem;
  std::string tls_key_pem;
};

// Adds the catalog subcommands to `app`. Each sets `*exit_code` when it runs.
void AddCatalogCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                        int* exit_code);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CATALOG_COMMANDS_H_
