// Access control: API keys from a keys file, roles, and what each role may do.
#ifndef MATCHING_SERVER_AUTH_H_
#define MATCHING_SERVER_AUTH_H_

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace matching::server {

// Who may call what. See RoleHas for the table (also in README.md, "Access control").
enum class Role { kReader, kPublisher, kAgency, kAdmin, kTerritoryEditor };

enum class Permission {
  kReadCatalog,        // GetTerritory, ListTerritories, GetOffer, ListOffers
  kRank,               // RankOffers, ExplainMatch for a visitor's inline profile
  kWriteTerritories,   // UpsertTerritory (territories are reference data, shared by all)
  kDeleteTerritories,  // DeleteTerritory
  kWriteOffers,        // UpsertOffer, DeleteOffer; a publisher only its organisation's
  kReadCandidates,     // GetCandidate, ListCandidates, RankCandidates, and RankOffers or
                       // ExplainMatch for a stored candidate (their answers show profiles)
  kWriteCandidates,    // UpsertCandidate, DeleteCandidate
  kImport,             // ImportRecords; each record also needs the write right of its kind
  kReadEvents,         // GetEvent, ListEvents, GetAgenda
  kWriteEvents,        // CreateEvent, UpdateEvent, DeleteEvent, PlanEvent
  kReadServerInfo,     // GetServerInfo (version, counts, per-method latency)
  kBackup,             // Backup (writes a copy of the store on the server's disk)
  kReadAudit,          // ListAuditEntries (who changed reference data)
};

// True when `role` holds `permission`:
//   reader:           read catalog, rank, read server info
//   publisher:        reader + write offers of its own organisation + import
//   agency:           reader + read/write candidates + read/write events + import, each
//                     limited to its organisation's events and households
//   territory_editor: reader + write and delete territories + import (territories)
//   admin:            everything, backup and the audit log included
bool RoleHas(Role role, Permission permission);

// "reader", "publisher", "agency", "admin", "territory_editor" (the keys file's spelling).
absl::string_view RoleName(Role role);
[[nodiscard]] absl::StatusOr<Role> ParseRole(absl::string_view name);

// The holder of a key, as the keys file describes it (never the key itself).
struct Principal {
  Role role = Role::kReader;
  // Required for publishers (the offers they may write) and agencies (the events and
  // households they may see).
  std::string organization;
  std::string label;  // free text for the operator ("portal Nancy")
};

// PERMISSION_DENIED when `caller` is a publisher and `organization_id` (of offer `offer_id`)
// is not its organisation; OK for every other role.
[[nodiscard]] absl::Status CheckOrganization(const Principal& caller,
                                             const std::string& organization_id,
                                             const std::string& offer_id);

using Sha256 = std::array<unsigned char, 32>;
Sha256 Sha256Of(absl::string_view data);

// The keys of a keys file: {"keys": [{"sha256": "<64 hex digits>", "role": "reader",
// "organization": "...", "label": "..."}]}. Only the SHA-256 of each key is held.
// Immutable once built; thread-safe.
class KeyRing {
 public:
  // Errors name the file and the entry: "keys file 'k.json': keys[2].role: 'root' is not
  // one of reader, publisher, agency, admin".
  [[nodiscard]] static absl::StatusOr<KeyRing> Parse(absl::string_view json,
                                                     const std::string& source_name);
  // Refuses a file that group or others may read or write (any of the mode bits 077), as
  // ssh refuses such a private key: FAILED_PRECONDITION naming the file, its mode and the
  // fix ("chmod 600"). The file holds digests, not keys, but also who holds which role, and
  // whoever may write it may add a key. `allow_readable` (matchd --allow_readable_keys)
  // accepts it anyway, for a development machine.
  [[nodiscard]] static absl::StatusOr<KeyRing> LoadFromFile(const std::string& path,
                                                            bool allow_readable = false);

  // The holder of `key`, or null. Hashes `key` and compares the digest with every entry in
  // constant time (no early exit), so timing tells nothing about which entry matched.
  const Principal* Find(absl::string_view key) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Sha256 sha256;
    Principal principal;
  };
  std::vector<Entry> entries_;
};

// Decides each call. Thread-safe: Authorize runs concurrently with Replace.
class Authorizer {
 public:
  // Open: no access control, every call is allowed (matchd --insecure_no_auth, tests).
  Authorizer() = default;
  explicit Authorizer(KeyRing keys);

  bool enabled() const { return enabled_; }

  // Swaps the key ring atomically (SIGHUP); calls in flight keep the ring they started with.
  // Ignored on an open Authorizer.
  void Replace(KeyRing keys);

  // The caller of a call whose `authorization` metadata is `authorization` (empty when
  // absent), if it holds `permission`. UNAUTHENTICATED without a "Bearer <key>" or with an
  // unknown key; PERMISSION_DENIED when the key's role lacks the permission. An open
  // Authorizer returns an admin without organisation.
  [[nodiscard]] absl::StatusOr<Principal> Authorize(absl::string_view authorization,
                                                    Permission permission) const;

 private:
  bool enabled_ = false;
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeyRing> keys_ ABSL_GUARDED_BY(mu_);
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_AUTH_H_
