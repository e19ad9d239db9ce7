// RocksDB implementation of Store (see store.h for the contract).
#include <google/protobuf/util/time_util.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "index/private_files.h"
#include "index/rocks_checkpoint.h"
#include "index/rocks_util.h"
#include "index/store.h"
#include "index/territory_changes.h"

namespace matching::index {
namespace {

using google::protobuf::util::TimeUtil;

// Column families. `offers_by_territory` holds "<territory_id>\0<offer_id>" -> "" so that a
// territory's offers are one range scan (listing, and refusing to delete a territory in use).
constexpr const char* kMeta = "meta";
constexpr const char* kTerritories = "territories";
constexpr const char* kOffers = "offers";
constexpr const char* kOffersByTerritory = "offers_by_territory";
constexpr const char* kCandidates = "candidates";
constexpr const char* kEvents = "events";
// The reference-data audit log: 8-byte big-endian sequence -> v1::AuditEntry. Added after
// schema version 1 was fixed; a store written before gets it when opened (it is created
// empty), so the schema version stays 1. Likewise `campaigns` (id -> v1::Campaign).
constexpr const char* kAudit = "audit";
constexpr const char* kCampaigns = "campaigns";
constexpr const char* kColumnFamilies[] = {kMeta,       kTerritories, kOffers, kOffersByTerritory,
                                           kCandidates, kEvents,      kAudit,  kCampaigns};
enum CfIndex {
  kMetaCf,
  kTerritoryCf,
  kOfferCf,
  kOfferByTerritoryCf,
  kCandidateCf,
  kEventCf,
  kAuditCf,
  kCampaignCf
};

std::string AuditKey(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(sequence & 0xff);
    sequence >>= 8;
  }
  return key;
}
uint64_t AuditSequence(const rocksdb::Slice& key) {
  uint64_t sequence = 0;
  for (size_t i = 0; i < key.size() && i < 8; ++i) {
    sequence = (sequence << 8) | static_cast<unsigned char>(key[i]);
  }
  return sequence;
}

constexpr char kSchemaVersionKey[] = "schema_version";
constexpr char kCompactionMarkerKey[] = "erasure_compactions";  // see Store::Compact
constexpr char kStoreMarkerKey[] = "store";
constexpr char kStoreMarker[] = "matchd";

std::string TerritoryOfferKey(const std::string& territory_id, const std::string& offer_id) {
  return absl::StrCat(territory_id, std::string(1, '\0'), offer_id);
}
std::string TerritoryPrefix(const std::string& territory_id) {
  return absl::StrCat(territory_id, std::string(1, '\0'));
}

absl::StatusOr<std::string> DecodePageToken(const std::string& token) {
  if (token.empty()) return std::string();
  std::string id;
  if (!absl::WebSafeBase64Unescape(token, &id) || id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_token: '", token, "' is not a token returned by this service"));
  }
  return id;
}

template <typename T>
absl::StatusOr<T> Parse(const rocksdb::Slice& bytes, const char* kind, const rocksdb::Slice& key) {
  T message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(
        absl::StrCat("stored ", kind, " '", key.ToString(), "' cannot be parsed"));
  }
  return message;
}

}  // namespace

bool RemoveCandidateFromEvent(const std::string& candidate_id, v1::Event* event) {
  bool changed = false;
  auto drop = [&](auto* list, auto names_candidate) {
    const int before = list->size();
    list->erase(std::remove_if(list->begin(), list->end(), names_candidate), list->end());
    changed |= list->size() != before;
  };
  drop(event->mutable_registrations(),
       [&](const v1::Registration& r) { return r.candidate_id() == candidate_id; });
  drop(event->mutable_plan()->mutable_interviews(),
       [&](const v1::Interview& i) { return i.candidate_id() == candidate_id; });
  drop(event->mutable_plan()->mutable_changes(),
       [&](const v1::PlanChange& c) { return c.interview().candidate_id() == candidate_id; });
  drop(event->mutable_plan()->mutable_unserved(),
       [&](const v1::UnservedRegistrant& u) { return u.candidate_id() == candidate_id; });
  return changed;
}

bool RemoveCandidateFromCampaign(const std::string& candidate_id, v1::Campaign* campaign) {
  bool changed = false;
  auto drop = [&](auto* list, auto names_candidate) {
    const int before = list->size();
    list->erase(std::remove_if(list->begin(), list->end(), names_candidate), list->end());
    changed |= list->size() != before;
  };
  drop(campaign->mutable_plan()->mutable_proposals(),
       [&](const v1::CampaignProposal& p) { return p.candidate_id() == candidate_id; });
  drop(campaign->mutable_plan()->mutable_changes(),
       [&](const v1::CampaignChange& c) { return c.proposal().candidate_id() == candidate_id; });
  drop(campaign->mutable_outcomes(),
       [&](const v1::CampaignOutcome& o) { return o.candidate_id() == candidate_id; });
  return changed;
}

namespace {

class RocksStore final : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
             const StoreOptions& options)
      : db_(std::move(db)),
        handles_(std::move(handles)),
        audit_max_entries_(std::max<int64_t>(1, options.audit_max_entries)) {
    write_options_.sync = options.sync_writes;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kAuditCf)));
    it->SeekToLast();
    next_audit_sequence_ = it->Valid() ? AuditSequence(it->key()) + 1 : 1;
    const uint64_t last = next_audit_sequence_ - 1;
    if (last > static_cast<uint64_t>(audit_max_entries_)) {
      // Entries a larger bound kept before this start: best effort (the next entries trim
      // one each anyway).
      db_->DeleteRange(write_options_, cf(kAuditCf), AuditKey(0),
                       AuditKey(last - static_cast<uint64_t>(audit_max_entries_) + 1))
          .PermitUncheckedError();
    }
  }

  ~RocksStore() override {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }

  absl::StatusOr<v1::Territory> WriteTerritory(const v1::Territory& territory,
                                               const TerritoryWrite& write) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<std::optional<v1::Territory>> previous;
    if (!write.paths.empty() || write.author != nullptr) {
      previous = FindRecord<v1::Territory>(kTerritoryCf, "territory", territory.id());
      if (!previous.ok()) return previous.status();
    }
    v1::Territory stored = territory;
    if (!write.paths.empty()) {
      if (!previous->has_value()) {
        return absl::NotFoundError(absl::StrCat(
            "territory '", territory.id(),
            "' not found; update_mask changes a stored territory (send it without a mask "
            "to create it)"));
      }
      stored = MergeTerritory(**previous, territory, write.paths);
    }
    if (write.validate) {
      if (absl::Status s = write.validate(stored); !s.ok()) return s;
    }
    rocksdb::WriteBatch batch;
    RETURN_IF_ROCKS_ERROR(batch.Put(cf(kTerritoryCf), stored.id(), stored.SerializeAsString()),
                          "writing territory");
    if (write.author != nullptr) {
      const v1::Territory* before = previous->has_value() ? &**previous : nullptr;
      if (absl::Status audited = AddAuditEntry(
              *write.author, stored.id(),
              before ? v1::AuditEntry::CHANGE_UPDATED : v1::AuditEntry::CHANGE_CREATED,
              ChangedTerritoryFields(before, stored), &batch);
          !audited.ok())
        return audited;
    }
    RETURN_IF_ROCKS_ERROR(db_->Write(write_options_, &batch), "writing territory");
    return stored;
  }

  absl::StatusOr<v1::Territory> GetTerritory(const std::string& id) override {
    return GetRecord<v1::Territory>(kTerritoryCf, "territory", id);
  }

  absl::StatusOr<bool> TerritoryExists(const std::string& id) override {
    return KeyExists(kTerritoryCf, id);
  }

  absl::StatusOr<bool> DeleteTerritory(const std::string& id, const ChangeAuthor* author) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<bool> exists = KeyExists(kTerritoryCf, id);
    if (!exists.ok() || !*exists) return exists;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(kOfferByTerritoryCf)));
    const std::string prefix = TerritoryPrefix(id);
    it->Seek(prefix);
    if (it->Valid() && it->key().starts_with(prefix)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "territory '", id, "' still has offers (first: '",
          it->key().ToString().substr(prefix.size()), "'); delete or move them first"));
    }
    if (!it->status().ok()) return ToAbsl(it->status(), "scanning offers");
    rocksdb::WriteBatch batch;
    RETURN_IF_ROCKS_ERROR(batch.Delete(cf(kTerritoryCf), id), "deleting territory");
    if (author != nullptr) {
      if (absl::Status audited =
              AddAuditEntry(*author, id, v1::AuditEntry::CHANGE_DELETED, {}, &batch);
          !audited.ok())
        return audited;
    }
    RETURN_IF_ROCKS_ERROR(db_->Write(write_options_, &batch), "deleting territory");
    return true;
  }

  absl::StatusOr<Page<v1::AuditEntry>> ListAuditEntries(const AuditFilter& filter,
                                                        const PageRequest& page) override {
    uint64_t before = UINT64_MAX;
    if (!page.page_token.empty()) {
      absl::StatusOr<std::string> decoded = DecodePageToken(page.page_token);
      if (!decoded.ok()) return decoded.status();
      if (decoded->size() != 8) {
        return absl::InvalidArgumentError(absl::StrCat(
            "page_token: '", page.page_token, "' is not a token returned by this service"));
      }
      before = AuditSequence(*decoded);
    }
    Page<v1::AuditEntry> result;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kAuditCf)));
    if (before == UINT64_MAX) {
      it->SeekToLast();
    } else {
      it->SeekForPrev(AuditKey(before));
    }
    for (; it->Valid(); it->Prev()) {
      if (AuditSequence(it->key()) >= before) continue;
      absl::StatusOr<v1::AuditEntry> entry =
          Parse<v1::AuditEntry>(it->value(), "audit entry", it->key());
      if (!entry.ok()) return entry.status();
      if (!filter.territory_id.empty() && entry->territory_id() != filter.territory_id) continue;
      if (static_cast<int>(result.items.size()) == page.page_size) {
        result.next_page_token = absl::WebSafeBase64Escape(
            AuditKey(static_cast<uint64_t>(result.items.back().sequence())));
        break;
      }
      result.items.push_back(std::move(*entry));
    }
    if (!it->status().ok()) return ToAbsl(it->status(), "listing audit entries");
    return result;
  }

  absl::StatusOr<Page<v1::Territory>> ListTerritories(const TerritoryFilter& filter,
                                                      const PageRequest& page) override {
    return ListRecords<v1::Territory>(kTerritoryCf, "territory", page, [&](const v1::Territory& t) {
      return (filter.department_code.empty() || t.department_code() == filter.department_code) &&
             (filter.region_code.empty() || t.region_code() == filter.region_code);
    });
  }

  absl::StatusOr<v1::Offer> PutOffer(const v1::Offer& offer) override {
    std::vector<Record> records(1);
    records[0].kind = Record::Kind::kOffer;
    records[0].offer = offer;
    absl::Status status = PutBatch(records);
    if (!status.ok()) return status;
    if (!records[0].refusal.ok()) return records[0].refusal;
    return std::move(records[0].offer);
  }

  absl::StatusOr<v1::Offer> GetOffer(const std::string& id) override {
    return GetRecord<v1::Offer>(kOfferCf, "offer", id);
  }

  absl::StatusOr<bool> DeleteOffer(const std::string& id) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<std::optional<v1::Offer>> previous =
        FindRecord<v1::Offer>(kOfferCf, "offer", id);
    if (!previous.ok()) return previous.status();
    if (!previous->has_value()) return false;
    rocksdb::WriteBatch batch;
    RETURN_IF_ROCKS_ERROR(batch.Delete(cf(kOfferCf), id), "deleting offer");
    RETURN_IF_ROCKS_ERROR(
        batch.Delete(cf(kOfferByTerritoryCf), TerritoryOfferKey((*previous)->territory_id(), id)),
        "deleting offer");
    RETURN_IF_ROCKS_ERROR(db_->Write(write_options_, &batch), "deleting offer");
    return true;
  }

  absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& filter,
                                             const PageRequest& page) override {
    auto keep = [&](const v1::Offer& o) {
      return (filter.profession == v1::PROFESSION_UNSPECIFIED ||
              o.profession() == filter.profession) &&
             (filter.status == v1::OFFER_STATUS_UNSPECIFIED || o.status() == filter.status) &&
             (filter.organization_id.empty() || o.organization_id() == filter.organization_id) &&
             (filter.territory_id.empty() || o.territory_id() == filter.territory_id);
    };
    if (filter.territory_id.empty()) {
      return ListRecords<v1::Offer>(kOfferCf, "offer", page, keep);
    }
    return ListOffersOfTerritory(filter.territory_id, page, keep);
  }

  absl::StatusOr<v1::Candidate> PutCandidate(const v1::Candidate& candidate) override {
    std::vector<Record> records(1);
    records[0].kind = Record::Kind::kCandidate;
    records[0].candidate = candidate;
    absl::Status status = PutBatch(records);
    if (!status.ok()) return status;
    return std::move(records[0].candidate);
  }

  absl::StatusOr<v1::Candidate> GetCandidate(const std::string& id) override {
    return GetRecord<v1::Candidate>(kCandidateCf, "candidate", id);
  }

  absl::StatusOr<bool> DeleteCandidate(const std::string& id, const OrgScope& scope) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<std::optional<v1::Candidate>> stored =
        FindRecord<v1::Candidate>(kCandidateCf, "candidate", id);
    if (!stored.ok()) return stored.status();
    // Another organisation's household: not deleted, the answer for an absent one.
    if (!stored->has_value() || !scope.Allows(**stored)) return false;
    // Erasure reaches every event too (registration, planned interviews, change log), in
    // the same atomic batch as the profile.
    rocksdb::WriteBatch batch;
    RETURN_IF_ROCKS_ERROR(batch.Delete(cf(kCandidateCf), id), "deleting candidate");
    absl::Status scanned = ForEach<v1::Event>(kEventCf, "event", [&](const v1::Event& event) {
      v1::Event scrubbed = event;
      if (!RemoveCandidateFromEvent(id, &scrubbed)) return absl::OkStatus();
      return ToAbsl(batch.Put(cf(kEventCf), scrubbed.id(), scrubbed.SerializeAsString()),
                    "erasing candidate from event");
    });
    if (!scanned.ok()) return scanned;
    // And every campaign (proposals, changes, outcomes), in the same batch.
    scanned = ForEach<v1::Campaign>(kCampaignCf, "campaign", [&](const v1::Campaign& campaign) {
      v1::Campaign scrubbed = campaign;
      if (!RemoveCandidateFromCampaign(id, &scrubbed)) return absl::OkStatus();
      return ToAbsl(batch.Put(cf(kCampaignCf), scrubbed.id(), scrubbed.SerializeAsString()),
                    "erasing candidate from campaign");
    });
    if (!scanned.ok()) return scanned;
    RETURN_IF_ROCKS_ERROR(db_->Write(write_options_, &batch), "deleting candidate");
    return true;
  }

  absl::StatusOr<Page<v1::Candidate>> ListCandidates(const CandidateFilter& filter,
                                                     const PageRequest& page) override {
    return ListRecords<v1::Candidate>(kCandidateCf, "candidate", page, [&](const v1::Candidate& c) {
      return (filter.profession == v1::PROFESSION_UNSPECIFIED ||
              c.profession() == filter.profession) &&
             (filter.status == v1::CANDIDATE_STATUS_UNSPECIFIED || c.status() == filter.status) &&
             (!filter.visible_to_recruiters_only || VisibleToRecruiters(c)) &&
             filter.scope.Allows(c);
    });
  }

  absl::StatusOr<v1::Event> PutEvent(const v1::Event& event, const OrgScope& scope) override {
    // Under write_mu_, which DeleteCandidate holds from its check to its write: a
    // candidate erased before this write is dropped here, one erased after it is
    // scrubbed by the erasure. An event read before an erasure cannot bring it back.
    absl::MutexLock lock(&write_mu_);
    if (!scope.every_event) {
      // Ownership from the version this write replaces, under the same lock.
      absl::StatusOr<std::optional<v1::Event>> previous =
          FindRecord<v1::Event>(kEventCf, "event", event.id());
      if (!previous.ok()) return previous.status();
      if (previous->has_value() && !scope.Allows(**previous)) {
        return absl::NotFoundError(absl::StrCat("event '", event.id(), "' not found"));
      }
    }
    v1::Event stored = event;
    absl::flat_hash_set<std::string> named;
    for (const v1::Registration& r : event.registrations()) named.insert(r.candidate_id());
    for (const v1::Interview& i : event.plan().interviews()) named.insert(i.candidate_id());
    for (const v1::PlanChange& c : event.plan().changes()) {
      named.insert(c.interview().candidate_id());
    }
    for (const std::string& id : named) {
      absl::StatusOr<bool> exists = KeyExists(kCandidateCf, id);
      if (!exists.ok()) return exists.status();
      if (!*exists) RemoveCandidateFromEvent(id, &stored);
    }
    RETURN_IF_ROCKS_ERROR(
        db_->Put(write_options_, cf(kEventCf), stored.id(), stored.SerializeAsString()),
        "writing event");
    return stored;
  }
  absl::StatusOr<v1::Event> GetEvent(const std::string& id) override {
    return GetRecord<v1::Event>(kEventCf, "event", id);
  }
  absl::StatusOr<bool> DeleteEvent(const std::string& id, const OrgScope& scope) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<std::optional<v1::Event>> stored = FindRecord<v1::Event>(kEventCf, "event", id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value() || !scope.Allows(**stored)) return false;
    RETURN_IF_ROCKS_ERROR(db_->Delete(write_options_, cf(kEventCf), id), "deleting event");
    return true;
  }
  absl::StatusOr<Page<v1::Event>> ListEvents(const PageRequest& page,
                                             const OrgScope& scope) override {
    return ListRecords<v1::Event>(kEventCf, "event", page,
                                  [&](const v1::Event& event) { return scope.Allows(event); });
  }

  absl::StatusOr<v1::Campaign> PutCampaign(const v1::Campaign& campaign) override {
    // As PutEvent: under write_mu_, so an erasure before this write is honoured here.
    absl::MutexLock lock(&write_mu_);
    v1::Campaign stored = campaign;
    absl::flat_hash_set<std::string> named;
    for (const v1::CampaignProposal& p : campaign.plan().proposals()) {
      named.insert(p.candidate_id());
    }
    for (const v1::CampaignChange& c : campaign.plan().changes()) {
      named.insert(c.proposal().candidate_id());
    }
    for (const v1::CampaignOutcome& o : campaign.outcomes()) {
      if (!o.candidate_id().empty()) named.insert(o.candidate_id());
    }
    for (const std::string& id : named) {
      absl::StatusOr<bool> exists = KeyExists(kCandidateCf, id);
      if (!exists.ok()) return exists.status();
      if (!*exists) RemoveCandidateFromCampaign(id, &stored);
    }
    RETURN_IF_ROCKS_ERROR(
        db_->Put(write_options_, cf(kCampaignCf), stored.id(), stored.SerializeAsString()),
        "writing campaign");
    return stored;
  }
  absl::StatusOr<v1::Campaign> GetCampaign(const std::string& id) override {
    return GetRecord<v1::Campaign>(kCampaignCf, "campaign", id);
  }
  absl::StatusOr<bool> DeleteCampaign(const std::string& id) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<bool> exists = KeyExists(kCampaignCf, id);
    if (!exists.ok() || !*exists) return exists;
    RETURN_IF_ROCKS_ERROR(db_->Delete(write_options_, cf(kCampaignCf), id), "deleting campaign");
    return true;
  }
  absl::StatusOr<Page<v1::Campaign>> ListCampaigns(const std::string& organization,
                                                   const PageRequest& page) override {
    return ListRecords<v1::Campaign>(kCampaignCf, "campaign", page, [&](const v1::Campaign& c) {
      return organization.empty() || c.organization() == organization;
    });
  }
  absl::Status ForEachCampaign(
      const std::function<absl::Status(const v1::Campaign&)>& visit) override {
    return ForEach<v1::Campaign>(kCampaignCf, "campaign", visit);
  }

  absl::Status PutBatch(std::vector<Record>& records) override;

  absl::Status Compact() override {
    rocksdb::FlushOptions flush;
    flush.wait = true;
    RETURN_IF_ROCKS_ERROR(db_->Flush(flush, handles_), "flushing");
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      RETURN_IF_ROCKS_ERROR(db_->CompactRange(compact, handle, nullptr, nullptr), "compacting");
    }
    // The compaction's edit rolled the MANIFEST, but a rolled MANIFEST starts with the state
    // before that edit (its files' boundary keys, erased ids among them). One more edit rolls
    // it again from the state after the compaction; the old MANIFESTs are deleted.
    RETURN_IF_ROCKS_ERROR(db_->Put(rocksdb::WriteOptions(), cf(kMetaCf), kCompactionMarkerKey,
                                   std::to_string(++compactions_)),
                          "writing the compaction marker");
    RETURN_IF_ROCKS_ERROR(db_->Flush(flush, cf(kMetaCf)), "flushing the compaction marker");
    return absl::OkStatus();
  }

  absl::StatusOr<CheckpointInfo> Checkpoint(const std::string& dir) override {
    return WriteCheckpoint(*db_, dir, {kTerritories, kOffers, kCandidates, kEvents});
  }

  absl::StatusOr<StoreCounts> Counts() override {
    StoreCounts counts;
    auto estimate = [&](CfIndex index) -> int64_t {
      uint64_t keys = 0;
      db_->GetIntProperty(cf(index), "rocksdb.estimate-num-keys", &keys);
      return static_cast<int64_t>(keys);
    };
    counts.territories = estimate(kTerritoryCf);
    counts.offers = estimate(kOfferCf);
    counts.candidates = estimate(kCandidateCf);
    counts.events = estimate(kEventCf);
    return counts;
  }

  absl::StatusOr<StorageFigures> Figures() override {
    StorageFigures figures;
    auto aggregated = [&](const char* property) -> int64_t {
      uint64_t value = 0;
      db_->GetAggregatedIntProperty(property, &value);
      return static_cast<int64_t>(value);
    };
    figures.pending_compaction_bytes = aggregated("rocksdb.estimate-pending-compaction-bytes");
    figures.memtable_bytes = aggregated("rocksdb.cur-size-all-mem-tables");
    figures.sst_bytes = aggregated("rocksdb.live-sst-files-size");
    figures.sequence_number = db_->GetLatestSequenceNumber();
    rocksdb::VectorLogPtr wal_files;
    if (rocksdb::Status s = db_->GetSortedWalFiles(wal_files); !s.ok()) {
      return ToAbsl(s, "listing the write-ahead log");
    }
    for (const std::unique_ptr<rocksdb::LogFile>& file : wal_files) {
      if (file->Type() == rocksdb::kAliveLogFile) {
        figures.wal_bytes += static_cast<int64_t>(file->SizeFileBytes());
      }
    }
    return figures;
  }

  absl::Status ForEachTerritory(
      const std::function<absl::Status(const v1::Territory&)>& visit) override {
    return ForEach<v1::Territory>(kTerritoryCf, "territory", visit);
  }
  absl::Status ForEachOffer(const std::function<absl::Status(const v1::Offer&)>& visit) override {
    return ForEach<v1::Offer>(kOfferCf, "offer", visit);
  }
  absl::Status ForEachCandidate(
      const std::function<absl::Status(const v1::Candidate&)>& visit) override {
    return ForEach<v1::Candidate>(kCandidateCf, "candidate", visit);
  }
  absl::Status ForEachEvent(const std::function<absl::Status(const v1::Event&)>& visit) override {
    return ForEach<v1::Event>(kEventCf, "event", visit);
  }

 private:
  rocksdb::ColumnFamilyHandle* cf(CfIndex index) const { return handles_[index]; }

  absl::StatusOr<bool> KeyExists(CfIndex index, const std::string& key) {
    rocksdb::PinnableSlice value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(index), key, &value);
    if (s.IsNotFound()) return false;
    if (!s.ok()) return ToAbsl(s, "reading");
    return true;
  }

  template <typename T>
  absl::StatusOr<std::optional<T>> FindRecord(CfIndex index, const char* kind,
                                              const std::string& id) {
    rocksdb::PinnableSlice value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(index), id, &value);
    if (s.IsNotFound()) return std::optional<T>();
    if (!s.ok()) return ToAbsl(s, absl::StrCat("reading ", kind, " '", id, "'"));
    absl::StatusOr<T> parsed = Parse<T>(value, kind, id);
    if (!parsed.ok()) return parsed.status();
    return std::optional<T>(std::move(*parsed));
  }

  template <typename T>
  absl::StatusOr<T> GetRecord(CfIndex index, const char* kind, const std::string& id) {
    absl::StatusOr<std::optional<T>> found = FindRecord<T>(index, kind, id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(absl::StrCat(kind, " '", id, "' not found"));
    }
    return std::move(**found);
  }

  // Scans `index` in key order after the page token, keeping records that pass `keep`.
  template <typename T, typename Keep>
  absl::StatusOr<Page<T>> ListRecords(CfIndex index, const char* kind, const PageRequest& page,
                                      const Keep& keep) {
    absl::StatusOr<std::string> start_after = DecodePageToken(page.page_token);
    if (!start_after.ok()) return start_after.status();
    Page<T> result;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(index)));
    for (it->Seek(*start_after); it->Valid(); it->Next()) {
      if (!start_after->empty() && it->key() == rocksdb::Slice(*start_after)) continue;
      absl::StatusOr<T> record = Parse<T>(it->value(), kind, it->key());
      if (!record.ok()) return record.status();
      if (!keep(*record)) continue;
      if (static_cast<int>(result.items.size()) == page.page_size) {
        result.next_page_token = absl::WebSafeBase64Escape(result.items.back().id());
        break;
      }
      result.items.push_back(std::move(*record));
    }
    if (!it->status().ok()) return ToAbsl(it->status(), absl::StrCat("listing ", kind, "s"));
    return result;
  }

  template <typename Keep>
  absl::StatusOr<Page<v1::Offer>> ListOffersOfTerritory(const std::string& territory_id,
                                                        const PageRequest& page, const Keep& keep) {
    absl::StatusOr<std::string> start_after = DecodePageToken(page.page_token);
    if (!start_after.ok()) return start_after.status();
    const std::string prefix = TerritoryPrefix(territory_id);
    rocksdb::ReadOptions read_options;
    const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
    read_options.snapshot = snapshot;
    Page<v1::Offer> result;
    absl::Status status;
    {
      std::unique_ptr<rocksdb::Iterator> it(
          db_->NewIterator(read_options, cf(kOfferByTerritoryCf)));
      for (it->Seek(prefix + *start_after); it->Valid() && it->key().starts_with(prefix);
           it->Next()) {
        const std::string offer_id = it->key().ToString().substr(prefix.size());
        if (offer_id == *start_after) continue;
        rocksdb::PinnableSlice value;
        rocksdb::Status s = db_->Get(read_options, cf(kOfferCf), offer_id, &value);
        if (s.IsNotFound()) continue;
        if (!s.ok()) {
          status = ToAbsl(s, "listing offers");
          break;
        }
        absl::StatusOr<v1::Offer> offer = Parse<v1::Offer>(value, "offer", offer_id);
        if (!offer.ok()) {
          status = offer.status();
          break;
        }
        if (!keep(*offer)) continue;
        if (static_cast<int>(result.items.size()) == page.page_size) {
          result.next_page_token = absl::WebSafeBase64Escape(result.items.back().id());
          break;
        }
        result.items.push_back(std::move(*offer));
      }
      if (status.ok() && !it->status().ok()) status = ToAbsl(it->status(), "listing offers");
    }
    db_->ReleaseSnapshot(snapshot);
    if (!status.ok()) return status;
    return result;
  }

  template <typename T>
  absl::Status ForEach(CfIndex index, const char* kind,
                       const std::function<absl::Status(const T&)>& visit) {
    rocksdb::ReadOptions read_options;
    read_options.fill_cache = false;
    const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
    read_options.snapshot = snapshot;
    absl::Status status;
    {
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(index)));
      for (it->SeekToFirst(); status.ok() && it->Valid(); it->Next()) {
        absl::StatusOr<T> record = Parse<T>(it->value(), kind, it->key());
        status = record.ok() ? visit(*record) : record.status();
      }
      if (status.ok() && !it->status().ok()) status = ToAbsl(it->status(), "scanning");
    }
    db_->ReleaseSnapshot(snapshot);
    return status;
  }

  // Adds an audit entry to `batch`, and the deletion of the entry that falls out of the
  // log's bound.
  absl::Status AddAuditEntry(const ChangeAuthor& author, const std::string& territory_id,
                             v1::AuditEntry::Change change, std::vector<std::string> fields,
                             rocksdb::WriteBatch* batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) {
    v1::AuditEntry entry;
    const uint64_t sequence = next_audit_sequence_++;
    entry.set_sequence(static_cast<int64_t>(sequence));
    *entry.mutable_time() = TimeUtil::GetCurrentTime();
    entry.set_key_label(author.key_label);
    entry.set_role(author.role);
    entry.set_organization(author.organization);
    entry.set_method(author.method);
    entry.set_territory_id(territory_id);
    entry.set_change(change);
    for (std::string& field : fields) entry.add_fields(std::move(field));
    RETURN_IF_ROCKS_ERROR(batch->Put(cf(kAuditCf), AuditKey(sequence), entry.SerializeAsString()),
                          "writing audit entry");
    if (sequence > static_cast<uint64_t>(audit_max_entries_)) {
      // The entry that falls out (one point deletion: range tombstones on every write would
      // slow every scan of the log; what a larger bound kept is trimmed at open).
      RETURN_IF_ROCKS_ERROR(
          batch->Delete(cf(kAuditCf),
                        AuditKey(sequence - static_cast<uint64_t>(audit_max_entries_))),
          "trimming the audit log");
    }
    return absl::OkStatus();
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by CfIndex
  std::atomic<int64_t> compactions_{0};                // Compact's marker value
  rocksdb::WriteOptions write_options_;
  const int64_t audit_max_entries_;
  uint64_t next_audit_sequence_ ABSL_GUARDED_BY(write_mu_) = 1;
  // Serialises writers: PutBatch reads previous versions (timestamps, secondary keys)
  // before writing, and that read-modify-write must not interleave. Readers never take it.
  absl::Mutex write_mu_;
};

absl::Status RocksStore::PutBatch(std::vector<Record>& records) {
  absl::MutexLock lock(&write_mu_);
  const google::protobuf::Timestamp now = TimeUtil::GetCurrentTime();
  rocksdb::WriteBatch batch;
  absl::flat_hash_set<std::string> batch_territories;
  // Records written earlier in this batch, whose previous version is not yet in RocksDB.
  absl::flat_hash_map<std::string, v1::Offer> batch_offers;
  // Candidates written earlier in this batch: creation time and registering organisation.
  absl::flat_hash_map<std::string, std::pair<google::protobuf::Timestamp, std::string>>
      batch_candidates;
  // Territories written earlier in this batch (audited ones), for the fields changed.
  absl::flat_hash_map<std::string, v1::Territory> batch_territory_records;

  for (Record& record : records) {
    record.refusal = absl::OkStatus();
    switch (record.kind) {
      case Record::Kind::kTerritory: {
        const v1::Territory& territory = record.territory;
        if (record.author != nullptr) {
          std::optional<v1::Territory> previous;
          if (auto in_batch = batch_territory_records.find(territory.id());
              in_batch != batch_territory_records.end()) {
            previous = in_batch->second;
          } else {
            absl::StatusOr<std::optional<v1::Territory>> stored =
                FindRecord<v1::Territory>(kTerritoryCf, "territory", territory.id());
            if (!stored.ok()) return stored.status();
            previous = std::move(*stored);
          }
          const v1::Territory* before = previous ? &*previous : nullptr;
          if (absl::Status audited = AddAuditEntry(
                  *record.author, territory.id(),
                  before ? v1::AuditEntry::CHANGE_UPDATED : v1::AuditEntry::CHANGE_CREATED,
                  ChangedTerritoryFields(before, territory), &batch);
              !audited.ok())
            return audited;
          batch_territory_records[territory.id()] = territory;
        }
        RETURN_IF_ROCKS_ERROR(
            batch.Put(cf(kTerritoryCf), territory.id(), territory.SerializeAsString()),
            "writing territory");
        batch_territories.insert(territory.id());
        break;
      }
      case Record::Kind::kOffer: {
        v1::Offer& offer = record.offer;
        std::optional<v1::Offer> previous;
        if (auto in_batch = batch_offers.find(offer.id()); in_batch != batch_offers.end()) {
          previous = in_batch->second;
        } else {
          absl::StatusOr<std::optional<v1::Offer>> stored =
              FindRecord<v1::Offer>(kOfferCf, "offer", offer.id());
          if (!stored.ok()) return stored.status();
          previous = std::move(*stored);
        }
        // Ownership is decided here, under write_mu_, from the version this batch replaces.
        if (!record.required_owner.empty() && previous &&
            previous->organization_id() != record.required_owner) {
          record.refusal = absl::PermissionDeniedError(absl::StrCat(
              "offer '", offer.id(), "' belongs to organisation '", previous->organization_id(),
              "'; not written for organisation '", record.required_owner, "'"));
          break;
        }
        if (!batch_territories.contains(offer.territory_id())) {
          absl::StatusOr<bool> exists = KeyExists(kTerritoryCf, offer.territory_id());
          if (!exists.ok()) return exists.status();
          if (!*exists) {
            return absl::InvalidArgumentError(
                absl::StrCat("offer.territory_id: '", offer.territory_id(), "' (offer '",
                             offer.id(), "') names no stored territory"));
          }
        }
        *offer.mutable_create_time() = previous ? previous->create_time() : now;
        *offer.mutable_update_time() = now;
        if (offer.status() == v1::OFFER_STATUS_UNSPECIFIED) {
          offer.set_status(v1::OFFER_STATUS_OPEN);
        }
        if (previous && previous->territory_id() != offer.territory_id()) {
          RETURN_IF_ROCKS_ERROR(
              batch.Delete(cf(kOfferByTerritoryCf),
                           TerritoryOfferKey(previous->territory_id(), offer.id())),
              "writing offer");
        }
        RETURN_IF_ROCKS_ERROR(batch.Put(cf(kOfferCf), offer.id(), offer.SerializeAsString()),
                              "writing offer");
        RETURN_IF_ROCKS_ERROR(batch.Put(cf(kOfferByTerritoryCf),
                                        TerritoryOfferKey(offer.territory_id(), offer.id()), ""),
                              "writing offer");
        batch_offers[offer.id()] = offer;
        break;
      }
      case Record::Kind::kCandidate: {
        v1::Candidate& candidate = record.candidate;
        google::protobuf::Timestamp created = now;
        bool existed = false;
        std::string registered_with;
        if (auto in_batch = batch_candidates.find(candidate.id());
            in_batch != batch_candidates.end()) {
          existed = true;
          std::tie(created, registered_with) = in_batch->second;
        } else {
          absl::StatusOr<std::optional<v1::Candidate>> stored =
              FindRecord<v1::Candidate>(kCandidateCf, "candidate", candidate.id());
          if (!stored.ok()) return stored.status();
          if (stored->has_value()) {
            existed = true;
            created = (*stored)->create_time();
            registered_with = (*stored)->registering_organization_id();
          }
        }
        // The registering organisation is decided here, under write_mu_, from the version
        // this write replaces: an agency never writes another organisation's household.
        if (!record.required_owner.empty()) {
          if (existed && !registered_with.empty() && registered_with != record.required_owner) {
            record.refusal =
                absl::NotFoundError(absl::StrCat("candidate '", candidate.id(), "' not found"));
            break;
          }
          candidate.set_registering_organization_id(existed ? registered_with
                                                            : record.required_owner);
        } else if (candidate.registering_organization_id().empty()) {
          candidate.set_registering_organization_id(registered_with);
        }
        *candidate.mutable_create_time() = created;
        *candidate.mutable_update_time() = now;
        if (candidate.status() == v1::CANDIDATE_STATUS_UNSPECIFIED) {
          candidate.set_status(v1::CANDIDATE_STATUS_ACTIVE);
        }
        RETURN_IF_ROCKS_ERROR(
            batch.Put(cf(kCandidateCf), candidate.id(), candidate.SerializeAsString()),
            "writing candidate");
        batch_candidates[candidate.id()] = {created, candidate.registering_organization_id()};
        break;
      }
    }
  }
  if (batch.Count() == 0) return absl::OkStatus();
  return ToAbsl(db_->Write(write_options_, &batch), "writing batch");
}

// Refuses directories that hold anything but a matchd store, before RocksDB touches them.
absl::Status CheckDataDir(rocksdb::Env* env, const std::string& dir, bool* exists) {
  *exists = env->FileExists(dir + "/CURRENT").ok();
  if (*exists) {
    std::vector<std::string> families;
    rocksdb::Options probe;
    probe.env = env;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(probe, dir, &families);
    if (!s.ok()) return ToAbsl(s, absl::StrCat("reading data directory '", dir, "'"));
    if (std::find(families.begin(), families.end(), kMeta) == families.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data directory '", dir,
          "' holds a RocksDB database that is not a matchd store (no 'meta' column family)"));
    }
    return absl::OkStatus();
  }
  std::vector<std::string> children;
  if (env->GetChildren(dir, &children).ok()) {
    for (const std::string& child : children) {
      if (child != "." && child != "..") {
        return absl::FailedPreconditionError(absl::StrCat(
            "data directory '", dir, "' is not empty and holds no matchd store (found '", child,
            "'); choose an empty or new directory"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

const std::string& Record::id() const {
  switch (kind) {
    case Kind::kTerritory:
      return territory.id();
    case Kind::kOffer:
      return offer.id();
    case Kind::kCandidate:
      break;
  }
  return candidate.id();
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& data_dir,
                                                 const StoreOptions& options) {
  rocksdb::Env* env = options.env != nullptr ? options.env : rocksdb::Env::Default();
  bool exists = false;
  if (absl::Status status = CheckDataDir(env, data_dir, &exists); !status.ok()) return status;
  if (!exists && !options.create_if_missing) {
    return absl::NotFoundError(absl::StrCat("data directory '", data_dir, "' holds no store"));
  }

  rocksdb::DBOptions db_options;
  db_options.env = env;
  db_options.create_if_missing = !exists;
  // Also on an existing store: one written before the audit log or campaigns gets their
  // (empty) families.
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.max_background_jobs = 2;
  // A new MANIFEST on every edit (a flush, a compaction): a few KiB written per flush, and
  // no erased id kept in the history of an ever-growing MANIFEST (see Store::Compact).
  db_options.max_manifest_file_size = 1;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : kColumnFamilies) {
    rocksdb::ColumnFamilyOptions cf_options;
    cf_options.OptimizeForPointLookup(64);
    descriptors.emplace_back(name, cf_options);
  }
  // RocksDB requires the default family to be opened too.
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());

  if (!exists) {
    if (rocksdb::Status s = env->CreateDirIfMissing(data_dir); !s.ok()) {
      return ToAbsl(s, absl::StrCat("creating data directory '", data_dir, "'"));
    }
  }
  if (env == rocksdb::Env::Default()) {
    // Profiles are personal data: only the owner may enter the directory, whatever the
    // mode of the files RocksDB creates in it (the umask's; matchd sets 077).
    if (absl::Status s = RestrictDir(data_dir); !s.ok()) return s;
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, data_dir, descriptors, &handles, &raw_db);
  if (!s.ok()) {
    if (s.IsIOError() && absl::StrContains(s.ToString(), "lock")) {
      return absl::UnavailableError(absl::StrCat("data directory '", data_dir,
                                                 "' is in use by another process: ", s.ToString()));
    }
    return ToAbsl(s, absl::StrCat("opening data directory '", data_dir, "'"));
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  // The default family is not used; close its handle now.
  db->DestroyColumnFamilyHandle(handles.back()).PermitUncheckedError();
  handles.pop_back();

  rocksdb::WriteOptions sync_write;
  sync_write.sync = true;
  const std::string version = std::to_string(kSchemaVersion);
  if (!exists) {
    rocksdb::WriteBatch batch;
    batch.Put(handles[kMetaCf], kSchemaVersionKey, version).PermitUncheckedError();
    batch.Put(handles[kMetaCf], kStoreMarkerKey, kStoreMarker).PermitUncheckedError();
    s = db->Write(sync_write, &batch);
  } else {
    std::string stored_version;
    s = db->Get(rocksdb::ReadOptions(), handles[kMetaCf], kSchemaVersionKey, &stored_version);
    if (s.ok() && stored_version != version) {
      s = rocksdb::Status::NotSupported(absl::StrCat("schema version ", stored_version));
    }
  }
  if (!s.ok()) {
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    db->Close().PermitUncheckedError();
    if (s.IsNotFound() || s.IsNotSupported()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data directory '", data_dir, "' holds a store of ",
          s.IsNotFound() ? std::string("unknown schema version") : std::string(s.getState()),
          "; this build reads schema version ", version));
    }
    return ToAbsl(s, absl::StrCat("initialising data directory '", data_dir, "'"));
  }
  return std::unique_ptr<Store>(new RocksStore(std::move(db), std::move(handles), options));
}

}  // namespace matching::index
