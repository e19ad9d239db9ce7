// What every matchctl command does around a call: a channel, a deadline, the API key, an
// error line.
#ifndef MATCHING_CLIENTS_CALL_H_
#define MATCHING_CLIENTS_CALL_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "clients/catalog_commands.h"
#include "clients/untrusted_text.h"

namespace matching::clients {

// TLS when a CA or a client certificate is given (GlobalOptions), plaintext otherwise.
inline std::shared_ptr<grpc::Channel> OpenChannel(const GlobalOptions& global) {
  if (global.tls_ca.empty() && global.tls_cert.empty()) {
    return grpc::CreateChannel(global.server, grpc::InsecureChannelCredentials());
  }
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = global.tls_ca_pem;  // empty: the system's roots
  tls.pem_cert_chain = global.tls_cert_pem;
  tls.pem_private_key = global.tls_key_pem;
  return grpc::CreateChannel(global.server, grpc::SslCredentials(tls));
}

// Every call has a deadline, and the API key when one is given (metadata rather than call
// credentials: gRPC refuses call credentials on an insecure channel).
inline void PrepareCall(const GlobalOptions& global, grpc::ClientContext* context, double seconds) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  if (!global.api_key.empty()) context->AddMetadata("authorization", "Bearer " + global.api_key);
}

// Prints "matchctl: SERVER: message (code)" on stderr; returns the exit code 1. The message
// quotes values the server received (ids, labels): escaped for the terminal.
inline int Fail(const GlobalOptions& global, const grpc::Status& status) {
  std::cerr << "matchctl: " << global.server << ": " << TerminalText(status.error_message()) << " ("
            << static_cast<int>(status.error_code()) << ")\n";
  return 1;
}

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CALL_H_
