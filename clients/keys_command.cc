// matchctl keys add: 32 random bytes from OpenSSL, shown once in hex; only the hash is kept.
#include "clients/keys_command.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace matching::clients {
namespace {

struct KeyArgs {
  std::string role;
  std::string organization;
  std::string label;
  std::string keys_file;
};

std::string Sha256Hex(const std::string& data) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

// The keys file as JSON, or a fresh {"keys": []} when it does not exist yet.
absl::StatusOr<nlohmann::json> ReadKeysFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (access(path.c_str(), F_OK) != 0) return nlohmann::json{{"keys", nlohmann::json::array()}};
    return absl::PermissionDeniedError(absl::StrCat("keys file '", path, "': cannot be read"));
  }
  std::stringstream content;
  content << in.rdbuf();
  nlohmann::json document = nlohmann::json::parse(content.str(), nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("keys") ||
      !document["keys"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("keys file '", path, "': expected an object with a \"keys\" array"));
  }
  return document;
}

// Writes `text` to `path` with mode 0600 through a temporary file and a rename, so that a
// reader (matchd on SIGHUP) sees the old file or the new one, never half of it.
absl::Status WritePrivateFile(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return absl::PermissionDeniedError(absl::StrCat("cannot write '", temporary, "'"));
  fchmod(fd, 0600);  // O_CREAT's mode does not apply to a file left by an earlier run
  const bool written =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    unlink(temporary.c_str());
    return absl::InternalError(absl::StrCat("cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

int AddKey(const KeyArgs& args) {
  if ((args.role == "publisher" || args.role == "agency") && args.organization.empty()) {
    std::cerr << "matchctl: keys add: --organization is required for " << args.role << " keys\n";
    return 2;
  }
  absl::StatusOr<nlohmann::json> document = ReadKeysFile(args.keys_file);
  if (!document.ok()) {
    std::cerr << "matchctl: " << document.status().message() << "\n";
    return 1;
  }
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::cerr << "matchctl: keys add: no random bytes from OpenSSL\n";
    return 1;
  }
  const std::string key = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
  (*document)["keys"].push_back({{"sha256", Sha256Hex(key)},
                                 {"role", args.role},
                                 {"organization", args.organization},
                                 {"label", args.label}});
  if (absl::Status s = WritePrivateFile(args.keys_file, document->dump(2) + "\n"); !s.ok()) {
    std::cerr << "matchctl: " << s.message() << "\n";
    return 1;
  }
  std::cout << key << "\n";
  std::cerr << "matchctl: " << args.role << " key added to " << args.keys_file
            << "; it is shown only this once. matchd reads it on SIGHUP or restart.\n";
  return 0;
}

}  // namespace

void AddKeysCommands(CLI::App& app, int* exit_code) {
  CLI::App* keys = app.add_subcommand("keys", "manage the API keys of a keys file");
  keys->require_subcommand(1);
  auto args = std::make_shared<KeyArgs>();
  CLI::App* add = keys->add_subcommand("add", "create a random key, print it once, store its hash");
  add->add_option("--role", args->role, "reader, publisher, agency, territory_editor or admin")
      ->required()
      ->check(CLI::IsMember({"reader", "publisher", "agency", "admin", "territory_editor"}));
  add->add_option(
      "--organization", args->organization,
      "the key's organisation (required for a publisher: the offers it may write; and for an "
      "agency: the events and households it may see)");
  add->add_option("--label", args->label, "who holds the key, for the operator");
  add->add_option("--keys_file", args->keys_file, "the keys file (created 0600 if absent)")
      ->required();
  add->callback([=] { *exit_code = AddKey(*args); });
}

}  // namespace matching::clients
