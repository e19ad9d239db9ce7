// Server credentials: plaintext, TLS, or TLS with verified client certificates.
#include "server/transport.h"

#include <arpa/inet.h>
#include <grpcpp/security/server_credentials.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace matching::server {
namespace {

absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) {
    return absl::FailedPreconditionError(absl::StrCat(flag, ": cannot read '", path, "'"));
  }
  return bytes.str();
}

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of `pem`, or an error naming the flag and the file.
absl::StatusOr<std::unique_ptr<X509, X509Free>> FirstCertificate(const char* flag,
                                                                 const std::string& path,
                                                                 const std::string& pem) {
  auto bio = MemoryBio(pem);
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (cert == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, ": '", path, "' holds no PEM certificate"));
  }
  return cert;
}

// The certificate chain and key must be PEM and belong together.
absl::Status CheckKeyPair(const ServerConfig& config, const std::string& cert_pem,
                          const std::string& key_pem) {
  absl::StatusOr<std::unique_ptr<X509, X509Free>> cert =
      FirstCertificate("--tls_cert", config.tls_cert_file, cert_pem);
  if (!cert.ok()) return cert.status();
  auto bio = MemoryBio(key_pem);
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--tls_key: '", config.tls_key_file, "' holds no PEM private key (or it is encrypted)"));
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    return absl::FailedPreconditionError(absl::StrCat("--tls_key: '", config.tls_key_file,
                                                      "' is not the key of the certificate '",
                                                      config.tls_cert_file, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:")) return true;
  absl::string_view host = listen.substr(0, listen.rfind(':'));
  if (absl::StartsWith(listen, "ipv4:")) host = host.substr(5);
  if (host == "localhost" || host == "[::1]") return true;
  in_addr address{};
  return inet_pton(AF_INET, std::string(host).c_str(), &address) == 1 &&
         (ntohl(address.s_addr) >> 24) == 127;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerConfig& config) {
  const bool has_cert = !config.tls_cert_file.empty();
  const bool has_key = !config.tls_key_file.empty();
  if (!has_cert && !has_key) {
    if (!config.tls_client_ca_file.empty()) {
      return absl::FailedPreconditionError(
          "--tls_client_ca: client certificates need TLS: give --tls_cert and --tls_key too");
    }
    if (!IsLoopbackAddress(config.listen) && !config.allow_plaintext_non_loopback) {
      return absl::FailedPreconditionError(absl::StrCat(
          "--listen '", config.listen,
          "' is reachable from other machines and no --tls_cert/--tls_key is given: API keys "
          "and profiles would travel in clear. Give --tls_cert and --tls_key, listen on "
          "127.0.0.1, or pass --allow_plaintext_non_loopback (behind a TLS-terminating proxy "
          "on a network you trust)"));
    }
    return grpc::InsecureServerCredentials();
  }
  if (has_cert != has_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--tls_cert and --tls_key go together: ", has_cert ? "--tls_key" : "--tls_cert",
        " is missing"));
  }
  absl::StatusOr<std::string> cert = ReadPem("--tls_cert", config.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem("--tls_key", config.tls_key_file);
  if (!key.ok()) return key.status();
  if (absl::Status s = CheckKeyPair(config, *cert, *key); !s.ok()) return s;

  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({std::move(*key), std::move(*cert)});
  if (!config.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> client_ca = ReadPem("--tls_client_ca", config.tls_client_ca_file);
    if (!client_ca.ok()) return client_ca.status();
    if (absl::StatusOr<std::unique_ptr<X509, X509Free>> ca =
            FirstCertificate("--tls_client_ca", config.tls_client_ca_file, *client_ca);
        !ca.ok()) {
      return ca.status();
    }
    options.pem_root_certs = std::move(*client_ca);
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace matching::server
