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

// "INVALID_ARGUMENT", "NOT_FOUND": a gRPC status code by its name.
inline const char* StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

// Prints "matchctl: SERVER: CODE_NAME: message" on stderr; returns the exit code 1. The
// message quotes values the server received (ids, labels): escaped for the terminal.
inline int Fail(const GlobalOptions& global, const grpc::Status& status) {
  std::cerr << "matchctl: " << global.server << ": " << StatusCodeName(status.error_code()) << ": "
            << TerminalText(status.error_message()) << "\n";
  return 1;
}

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CALL_H_
