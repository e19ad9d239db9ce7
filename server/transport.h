// Transport: the server credentials (plaintext or TLS) that ServerConfig asks for.
#ifndef MATCHING_SERVER_TRANSPORT_H_
#define MATCHING_SERVER_TRANSPORT_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/server.h"

namespace matching::server {

// TLS credentials from config's tls_cert_file and tls_key_file (PEM), with client
// certificates required and verified against tls_client_ca_file when it is set; plaintext
// when none of the three is set. Checked before anything is served, so that a mistake is
// a clear error at start rather than a failed handshake later: FailedPrecondition when
// only one of cert and key is given, or a client CA without them; when a file cannot be
// read, holds no PEM certificate (or key), or the key does not belong to the certificate.
// Errors name the flag and the file. Plaintext on an address that is not loopback (see
// IsLoopbackAddress) is FailedPrecondition unless config.allow_plaintext_non_loopback.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerConfig& config);

// True for addresses only this machine can reach: 127.0.0.0/8, [::1], localhost (any
// port), and unix: sockets. "0.0.0.0:50051", "[::]:50051" and a host name are not.
bool IsLoopbackAddress(absl::string_view listen);

}  // namespace matching::server

#endif  // MATCHING_SERVER_TRANSPORT_H_
