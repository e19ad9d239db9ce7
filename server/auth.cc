// KeyRing parsing, constant-time key lookup, and the role table.
#include "server/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace matching::server {

bool RoleHas(Role role, Permission permission) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kReader:
      return permission == Permission::kReadCatalog || permission == Permission::kRank ||
             permission == Permission::kReadServerInfo;
    case Role::kPublisher:
      return RoleHas(Role::kReader, permission) || permission == Permission::kWriteOffers ||
             permission == Permission::kImport;
    case Role::kTerritoryEditor:
      return RoleHas(Role::kReader, permission) || permission == Permission::kWriteTerritories ||
             permission == Permission::kDeleteTerritories || permission == Permission::kImport;
    case Role::kAgency:
      return RoleHas(Role::kReader, permission) || permission == Permission::kReadCandidates ||
             permission == Permission::kWriteCandidates || permission == Permission::kImport ||
             permission == Permission::kReadEvents || permission == Permission::kWriteEvents;
  }
  return false;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kPublisher:
      return "publisher";
    case Role::kAgency:
      return "agency";
    case Role::kAdmin:
      return "admin";
    case Role::kTerritoryEditor:
      return "territory_editor";
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role :
       {Role::kReader, Role::kPublisher, Role::kAgency, Role::kAdmin, Role::kTerritoryEditor}) {
    if (name == RoleName(role)) return role;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "'", name, "' is not one of reader, publisher, agency, admin, territory_editor"));
}

absl::Status CheckOrganization(const Principal& caller, const std::string& organization_id,
                               const std::string& offer_id) {
  if (caller.role != Role::kPublisher || organization_id == caller.organization) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("offer '", offer_id, "' belongs to organisation '", organization_id,
                   "'; this key may write only '", caller.organization, "'"));
}

Sha256 Sha256Of(absl::string_view data) {
  Sha256 digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

absl::StatusOr<KeyRing> KeyRing::Parse(absl::string_view json, const std::string& source_name) {
  const std::string where = absl::StrCat("keys file '", source_name, "': ");
  nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return absl::InvalidArgumentError(where + "not valid JSON");
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array()) {
    return absl::InvalidArgumentError(where + "expected an object with a \"keys\" array");
  }
  KeyRing ring;
  const nlohmann::json& keys = document["keys"];
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string at = absl::StrCat(where, "keys[", i, "]");
    const nlohmann::json& entry = keys[i];
    if (!entry.is_object()) return absl::InvalidArgumentError(at + ": expected an object");
    for (const char* field : {"sha256", "role", "organization", "label"}) {
      if (entry.contains(field) && !entry[field].is_string()) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".", field, ": expected a string"));
      }
    }
    const std::string hex = entry.value("sha256", "");
    std::string bytes;
    if (hex.size() != 64 || !absl::c_all_of(hex, [](char c) { return absl::ascii_isxdigit(c); })) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".sha256: '", hex, "' is not 64 hex digits"));
    }
    bytes = absl::HexStringToBytes(hex);
    Entry parsed;
    std::copy(bytes.begin(), bytes.end(), parsed.sha256.begin());
    absl::StatusOr<Role> role = ParseRole(entry.value("role", ""));
    if (!role.ok())
      return absl::InvalidArgumentError(absl::StrCat(at, ".role: ", role.status().message()));
    parsed.principal.role = *role;
    parsed.principal.organization = entry.value("organization", "");
    parsed.principal.label = entry.value("label", "");
    if (*role == Role::kPublisher && parsed.principal.organization.empty()) {
      return absl::InvalidArgumentError(
          at + ".organization: required for a publisher (the offers it may write)");
    }
    if (*role == Role::kAgency && parsed.principal.organization.empty()) {
      return absl::InvalidArgumentError(
          at + ".organization: required for an agency (the events and households it may see)");
    }
    for (size_t j = 0; j < ring.entries_.size(); ++j) {
      if (ring.entries_[j].sha256 == parsed.sha256) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, ".sha256: the same key as keys[", j, "]"));
      }
    }
    ring.entries_.push_back(std::move(parsed));
  }
  return ring;
}

absl::StatusOr<KeyRing> KeyRing::LoadFromFile(const std::string& path, bool allow_readable) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("keys file '", path, "': cannot be read"));
  struct stat file_status;
  if (!allow_readable && stat(path.c_str(), &file_status) == 0 &&
      (file_status.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "keys file '%s': mode %04o lets group or others read or write it; run chmod 600 '%s' "
        "(or start matchd with --allow_readable_keys on a development machine)",
        path, file_status.st_mode & 07777, path));
  }
  std::stringstream content;
  content << in.rdbuf();
  return Parse(content.str(), path);
}

const Principal* KeyRing::Find(absl::string_view key) const {
  const Sha256 digest = Sha256Of(key);
  const Principal* found = nullptr;
  for (const Entry& entry : entries_) {
    // Every entry is compared, matched or not: no early exit.
    const bool match = CRYPTO_memcmp(entry.sha256.data(), digest.data(), digest.size()) == 0;
    if (match) found = &entry.principal;
  }
  return found;
}

Authorizer::Authorizer(KeyRing keys)
    : enabled_(true), keys_(std::make_shared<const KeyRing>(std::move(keys))) {}

void Authorizer::Replace(KeyRing keys) {
  if (!enabled_) return;
  auto fresh = std::make_shared<const KeyRing>(std::move(keys));
  absl::MutexLock lock(&mu_);
  keys_.swap(fresh);
}

absl::StatusOr<Principal> Authorizer::Authorize(absl::string_view authorization,
                                                Permission permission) const {
  if (!enabled_) return Principal{Role::kAdmin, "", "insecure_no_auth"};
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWith(authorization, kBearer) || authorization.size() == kBearer.size()) {
    return absl::UnauthenticatedError(
        "missing API key: send metadata 'authorization: Bearer <key>'");
  }
  std::shared_ptr<const KeyRing> keys;
  {
    absl::MutexLock lock(&mu_);
    keys = keys_;
  }
  const Principal* caller = keys->Find(authorization.substr(kBearer.size()));
  if (caller == nullptr) return absl::UnauthenticatedError("unknown or revoked API key");
  if (!RoleHas(caller->role, permission)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "key '", caller->label, "' (role ", RoleName(caller->role), ") may not make this call"));
  }
  return *caller;
}

}  // namespace matching::server
