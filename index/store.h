// Store: the durable source of truth for territories, offers, candidates, events and
// campaigns.
//
// Backed by RocksDB, one column family per record kind plus `meta` (schema version).
// Records are stored as serialized matching.v1 protobuf messages keyed by id.
//
// Durability: every write method returns OK only after RocksDB has the write in its
// write-ahead log. With `StoreOptions::sync_writes == false` (the default) the WAL is not
// fsynced: an acknowledged write survives a crash of the process (kill -9) but not
// necessarily a crash of the operating system or a power loss. With `sync_writes == true`
// the WAL is fsynced before acknowledging, and acknowledged writes survive both.
//
// Deletion is real: a deleted record's key is removed (a RocksDB tombstone until the next
// compaction, after which no byte of it remains). There is no soft-delete flag.
//
// Thread-safety: all methods may be called concurrently. Writes are serialised internally
// (read-modify-write of secondary keys and timestamps), reads never wait for writes.
#ifndef MATCHING_INDEX_STORE_H_
#define MATCHING_INDEX_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "matching/v1/admin.pb.h"
#include "matching/v1/campaign.pb.h"
#include "matching/v1/candidate.pb.h"
#include "matching/v1/event.pb.h"
#include "matching/v1/offer.pb.h"
#include "matching/v1/territory.pb.h"

namespace rocksdb {
class Env;
}

namespace matching::index {

// The schema version this build reads and writes. A data directory written with another
// version is refused at open with a clear error rather than misread.
inline constexpr int kSchemaVersion = 1;

struct StoreOptions {
  // fsync the WAL before acknowledging each write (see the header comment). Default false.
  bool sync_writes = false;
  // Create the data directory and the database when absent. Default true.
  bool create_if_missing = true;
  // RocksDB environment; nullptr means the real file system. Tests pass
  // rocksdb::NewMemEnv(...) to run without a disk. Not owned; must outlive the Store.
  rocksdb::Env* env = nullptr;
  // Entries the reference-data audit log keeps (the newest); older ones are deleted as new
  // ones are written. Default 100,000 (tens of MB at most; an import of every commune of
  // France writes about 35,000).
  int64_t audit_max_entries = 100000;
};

// One page of a listing. `next_page_token` is empty on the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

struct PageRequest {
  int page_size = 50;      // 1..1000, checked by the caller
  std::string page_token;  // opaque, from a previous Page; empty for the first page
};

struct TerritoryFilter {
  std::string department_code;  // empty = any
  std::string region_code;
};

struct OfferFilter {
  std::string territory_id;  // uses the by-territory key range when set
  v1::Profession profession = v1::PROFESSION_UNSPECIFIED;
  v1::OfferStatus status = v1::OFFER_STATUS_UNSPECIFIED;
  std::string organization_id;
};

// Which events and households a call may see and change (issue 19 point 5).
// - An event belongs to the organisation that created it (Event.organization_id); an event
//   without organisation (stored before organisations were recorded, or created by an
//   admin without one) belongs to no agency, so only the scope of every record reaches it.
// - A household registered with an organisation (Candidate.registering_organization_id)
//   is that organisation's; one registered with none is every agency's.
struct OrgScope {
  // The scope of admins: every record.
  static OrgScope Everyone() { return OrgScope{true, ""}; }
  // The scope of an agency of `organization`.
  static OrgScope Of(std::string organization) { return OrgScope{false, std::move(organization)}; }
  bool Allows(const v1::Event& event) const {
    return every_event || (!organization.empty() && event.organization_id() == organization);
  }
  bool Allows(const v1::Candidate& candidate) const {
    return every_event || candidate.registering_organization_id().empty() ||
           candidate.registering_organization_id() == organization;
  }

  bool every_event = true;
  std::string organization;
};

struct CandidateFilter {
  v1::Profession profession = v1::PROFESSION_UNSPECIFIED;
  v1::CandidateStatus status = v1::CANDIDATE_STATUS_UNSPECIFIED;
  // Only households recruiters may see: consent given and searching (active or
  // unspecified), as matcher::VisibleToRecruiters.
  bool visible_to_recruiters_only = false;
  // Only households of this scope (registered with its organisation or with none).
  OrgScope scope = OrgScope::Everyone();
};

// Whether recruiters may see this stored household (matcher::VisibleToRecruiters).
bool VisibleToRecruiters(const v1::Candidate& candidate);

// Who changed reference data, as the audit log records it (never the key itself).
struct ChangeAuthor {
  std::string key_label;
  std::string role;
  std::string organization;
  std::string method;  // "UpsertTerritory", "DeleteTerritory", "ImportRecords"
};

// How Store::WriteTerritory writes.
struct TerritoryWrite {
  // AIP-134 update mask: when not empty, only these paths (valid Territory paths, see
  // ValidateTerritoryPaths in territory_changes.h) are taken from the territory given, the
  // others kept from the stored one, which must exist (NotFound otherwise).
  std::vector<std::string> paths;
  // Called under the write lock with the record about to be written (merged); an error is
  // returned as is and nothing is written. Empty: no check.
  std::function<absl::Status(const v1::Territory&)> validate;
  // When set, an audit entry is written in the same atomic write.
  const ChangeAuthor* author = nullptr;
};

struct AuditFilter {
  std::string territory_id;  // empty = every territory
};

// One record of a batch import (exactly one of the three is set by `kind`).
struct Record {
  enum class Kind { kTerritory, kOffer, kCandidate };
  Kind kind = Kind::kTerritory;
  v1::Territory territory;
  v1::Offer offer;
  v1::Candidate candidate;

  // Offers. When not empty, the offer is written only if the offer stored under its
  // id (or written earlier in the same batch), if any, belongs to this organisation. It is
  // checked under the store's write lock, in the same critical section as the write, so an
  // offer another organisation created after the caller's own checks (an import stream
  // left open, issue 19) is never taken over. Empty (the default): no check.
  // Candidates (an agency's write). When not empty, the household is written only if the
  // one stored (or written earlier in the batch), if any, is registered with this
  // organisation or with none (else refused with NotFound, the answer for an absent id);
  // it is written registered with the stored one's organisation, or with this one when new.
  // Empty: written as given, except that an empty registering_organization_id keeps the
  // stored one's.
  std::string required_owner;
  // Territories: when set, an audit entry (method "ImportRecords" or as given) is written
  // with the territory, in the same atomic batch. Not owned.
  const ChangeAuthor* author = nullptr;
  // Set by PutBatch: OK when the record was written, PermissionDenied naming the offer and
  // both organisations when `required_owner` refused it; a refused record is left out of
  // the batch and the others are written.
  absl::Status refusal;

  const std::string& id() const;
};

struct StoreCounts {
  int64_t territories = 0;
  int64_t offers = 0;
  int64_t candidates = 0;
  int64_t events = 0;
};

// The storage engine's own figures, for operators (metrics): bytes, not records.
struct StorageFigures {
  int64_t pending_compaction_bytes = 0;  // RocksDB's estimate of what compaction must rewrite
  int64_t memtable_bytes = 0;            // memtables, every column family
  int64_t wal_bytes = 0;                 // live write-ahead-log files
  int64_t sst_bytes = 0;                 // live SST files
  uint64_t sequence_number = 0;          // the last write's sequence number
};

// What Store::Checkpoint wrote.
struct CheckpointInfo {
  std::string dir;
  int64_t size_bytes = 0;  // sum of the files' sizes
  int64_t file_count = 0;
  uint64_t sequence_number = 0;  // the store's last sequence number in the copy
  StoreCounts counts;            // exact: counted in the copy itself
};

// Removes every trace of `candidate_id` from `event` (registration, planned interviews,
// plan changes, the plan's unserved list); returns whether anything changed. What an erasure does
// to each event.
bool RemoveCandidateFromEvent(const std::string& candidate_id, v1::Event* event);
// Removes every trace of `candidate_id` from `campaign` (proposals, plan changes,
// outcomes); returns whether anything changed. What an erasure does to each campaign.
bool RemoveCandidateFromCampaign(const std::string& candidate_id, v1::Campaign* campaign);

class Store {
 public:
  virtual ~Store() = default;

  // Territories. Put replaces the whole record (unaudited: tests, tools).
  [[nodiscard]] absl::Status PutTerritory(const v1::Territory& territory) {
    return WriteTerritory(territory, TerritoryWrite()).status();
  }
  // Writes a territory as `write` says (update mask, validation, audit entry); returns the
  // record as stored.
  [[nodiscard]] virtual absl::StatusOr<v1::Territory> WriteTerritory(
      const v1::Territory& territory, const TerritoryWrite& write) = 0;
  // NotFound when absent.
  [[nodiscard]] virtual absl::StatusOr<v1::Territory> GetTerritory(const std::string& id) = 0;
  // Returns whether the record existed. FailedPrecondition while offers refer to it. With
  // `author`, a deletion that happens writes an audit entry in the same atomic write.
  [[nodiscard]] virtual absl::StatusOr<bool> DeleteTerritory(const std::string& id,
                                                             const ChangeAuthor* author) = 0;
  [[nodiscard]] absl::StatusOr<bool> DeleteTerritory(const std::string& id) {
    return DeleteTerritory(id, nullptr);
  }
  [[nodiscard]] virtual absl::StatusOr<Page<v1::Territory>> ListTerritories(
      const TerritoryFilter& filter, const PageRequest& page) = 0;
  [[nodiscard]] virtual absl::StatusOr<bool> TerritoryExists(const std::string& id) = 0;

  // Offers. Put returns the stored record: `create_time` kept from the previous version
  // (or now), `update_time` now, status OPEN when unspecified. InvalidArgument when
  // `territory_id` names no stored territory.
  [[nodiscard]] virtual absl::StatusOr<v1::Offer> PutOffer(const v1::Offer& offer) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::Offer> GetOffer(const std::string& id) = 0;
  [[nodiscard]] virtual absl::StatusOr<bool> DeleteOffer(const std::string& id) = 0;
  [[nodiscard]] virtual absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& filter,
                                                                   const PageRequest& page) = 0;

  // Candidates. Put returns the stored record (timestamps as for offers, status ACTIVE
  // when unspecified). Delete is the right to erasure: the profile is removed.
  [[nodiscard]] virtual absl::StatusOr<v1::Candidate> PutCandidate(
      const v1::Candidate& candidate) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::Candidate> GetCandidate(const std::string& id) = 0;
  // A household outside `scope` is not deleted and false returned, as for an absent one
  // (decided under the write lock).
  [[nodiscard]] virtual absl::StatusOr<bool> DeleteCandidate(const std::string& id,
                                                             const OrgScope& scope) = 0;
  [[nodiscard]] absl::StatusOr<bool> DeleteCandidate(const std::string& id) {
    return DeleteCandidate(id, OrgScope::Everyone());
  }
  [[nodiscard]] virtual absl::StatusOr<Page<v1::Candidate>> ListCandidates(
      const CandidateFilter& filter, const PageRequest& page) = 0;

  // Recruitment events, each stored whole with its last plan (Event.plan). Put replaces
  // the record; the caller (the event service) serialises read-modify-write sequences.
  // Erasure wins every race: Put drops every mention of a candidate that is not stored
  // (erased since the caller read it; RemoveCandidateFromEvent), atomically with respect
  // to DeleteCandidate, and returns the event as stored.
  // Organisations: Put is NotFound ("event 'x' not found", the answer for an id never
  // stored) when an event is stored under the id and `scope` does not allow it, decided
  // under the write lock, in the same critical section as the write; the record is written
  // with the `organization_id` the caller gives (the event service sets it). Delete of an
  // event outside `scope` deletes nothing and returns false, as for an absent one. List
  // returns only the events `scope` allows. Get is unscoped: the caller checks.
  [[nodiscard]] virtual absl::StatusOr<v1::Event> PutEvent(const v1::Event& event,
                                                           const OrgScope& scope) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::Event> GetEvent(const std::string& id) = 0;
  [[nodiscard]] virtual absl::StatusOr<bool> DeleteEvent(const std::string& id,
                                                         const OrgScope& scope) = 0;
  [[nodiscard]] virtual absl::StatusOr<Page<v1::Event>> ListEvents(const PageRequest& page,
                                                                   const OrgScope& scope) = 0;

  // Campaigns (column family `campaigns`, keyed by id), each stored whole with its last
  // plan and its outcomes; as events: Put replaces the record, the caller (the campaign
  // service) serialises read-modify-write sequences, and Put drops every mention of a
  // candidate that is not stored (RemoveCandidateFromCampaign), atomically with respect to
  // DeleteCandidate, which scrubs every campaign in its own batch. Returns the stored record.
  [[nodiscard]] virtual absl::StatusOr<v1::Campaign> PutCampaign(const v1::Campaign& campaign) = 0;
  [[nodiscard]] virtual absl::StatusOr<v1::Campaign> GetCampaign(const std::string& id) = 0;
  [[nodiscard]] virtual absl::StatusOr<bool> DeleteCampaign(const std::string& id) = 0;
  // `organization` not empty: only that organisation's campaigns (filtered while scanning).
  [[nodiscard]] virtual absl::StatusOr<Page<v1::Campaign>> ListCampaigns(
      const std::string& organization, const PageRequest& page) = 0;

  // Writes already-validated records atomically (one RocksDB write batch): all or none,
  // except the offers that their `required_owner` refuses (see Record), which are left out
  // and marked in their `refusal`. An offer may refer to a territory stored before or
  // earlier in the same batch; when one does not, nothing is written and InvalidArgument
  // names the offer.
  [[nodiscard]] virtual absl::Status PutBatch(std::vector<Record>& records) = 0;

  // Flushes every column family and compacts it to the bottom level, so that the bytes of
  // deleted records (erasure) leave the data directory: RocksDB deletes the obsolete SST
  // and write-ahead-log files. Seconds on a large store; writes go on meanwhile. Then one
  // more small edit (a marker in the meta family, flushed) makes RocksDB write a fresh
  // MANIFEST (the store rolls it on every edit, see OpenStore): the MANIFEST's history of
  // edits names each table file's smallest and largest key, so an erased id that bounded a
  // file stays in it until then (issue 19).
  [[nodiscard]] virtual absl::Status Compact() = 0;

  // The reference-data audit log, newest first (the last StoreOptions::audit_max_entries
  // entries). The page token is opaque.
  [[nodiscard]] virtual absl::StatusOr<Page<v1::AuditEntry>> ListAuditEntries(
      const AuditFilter& filter, const PageRequest& page) = 0;

  // Approximate record counts (RocksDB estimates; exact for small stores).
  [[nodiscard]] virtual absl::StatusOr<StoreCounts> Counts() = 0;

  // The engine's figures (cheap: properties and a listing of the WAL directory). Stores
  // that have none (test doubles) answer Unimplemented.
  [[nodiscard]] virtual absl::StatusOr<StorageFigures> Figures() {
    return absl::UnimplementedError("this store reports no storage figures");
  }

  // Writes a consistent copy of the store to `dir` while reads and writes go on (a RocksDB
  // checkpoint): every write acknowledged before the call started is in the copy, and each
  // write is in it whole or not at all. Every file is a copy of its own (no hard link to the
  // live store: damaging a backup's file cannot reach the store), `dir` is created 0700 and
  // its files 0600. Copying takes about as long as reading the store once. The copy is
  // then opened read-only, which proves it opens, and counted exactly (seconds for millions
  // of records). OpenStore(dir) serves the copy. InvalidArgument when `dir` already
  // exists; its parent directory must exist. (On an in-memory Env: RocksDB's checkpoint
  // as it is.)
  [[nodiscard]] virtual absl::StatusOr<CheckpointInfo> Checkpoint(const std::string& dir) = 0;

  // Visits every record of a kind in id order; stops early and returns the callback's
  // error when it returns one. Reads from one consistent snapshot.
  [[nodiscard]] virtual absl::Status ForEachTerritory(
      const std::function<absl::Status(const v1::Territory&)>& visit) = 0;
  [[nodiscard]] virtual absl::Status ForEachOffer(
      const std::function<absl::Status(const v1::Offer&)>& visit) = 0;
  [[nodiscard]] virtual absl::Status ForEachCandidate(
      const std::function<absl::Status(const v1::Candidate&)>& visit) = 0;
  [[nodiscard]] virtual absl::Status ForEachEvent(
      const std::function<absl::Status(const v1::Event&)>& visit) = 0;
  [[nodiscard]] virtual absl::Status ForEachCampaign(
      const std::function<absl::Status(const v1::Campaign&)>& visit) = 0;
};

// Opens (or creates) the store in `data_dir`. On the real file system the directory is
// set to mode 0700 (the files in it get the process's umask). A store written before
// campaigns existed (same schema version, no `campaigns` family) gains the empty family;
// a build older than campaigns then refuses the store (RocksDB: a family not opened).
// Errors:
//  - FailedPrecondition when the directory holds something that is not a matchd store
//    (another RocksDB database, other files) or a store of another schema version;
//  - Unavailable when another process holds the directory's lock;
//  - Internal with RocksDB's message for corruption and I/O errors.
[[nodiscard]] absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& data_dir,
                                                               const StoreOptions& options);

}  // namespace matching::index

#endif  // MATCHING_INDEX_STORE_H_
