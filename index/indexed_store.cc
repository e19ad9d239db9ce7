// IndexedStore: the store first, then the in-memory index, for every acknowledged write.
#include "absl/synchronization/mutex.h"
#include "index/memory_index.h"

namespace matching::index {
namespace {

class IndexedStore final : public Store {
 public:
  IndexedStore(Store* inner, MemoryIndex* index) : inner_(inner), index_(index) {}

  absl::StatusOr<v1::Territory> WriteTerritory(const v1::Territory& territory,
                                               const TerritoryWrite& write) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<v1::Territory> stored = inner_->WriteTerritory(territory, write);
    if (stored.ok()) index_->PutTerritory(*stored);
    return stored;
  }
  absl::StatusOr<v1::Territory> GetTerritory(const std::string& id) override {
    return inner_->GetTerritory(id);
  }
  absl::StatusOr<bool> DeleteTerritory(const std::string& id, const ChangeAuthor* author) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<bool> existed = inner_->DeleteTerritory(id, author);
    if (existed.ok() && *existed) index_->EraseTerritory(id);
    return existed;
  }
  absl::StatusOr<Page<v1::Territory>> ListTerritories(const TerritoryFilter& filter,
                                                      const PageRequest& page) override {
    return inner_->ListTerritories(filter, page);
  }
  absl::StatusOr<bool> TerritoryExists(const std::string& id) override {
    return inner_->TerritoryExists(id);
  }

  absl::StatusOr<v1::Offer> PutOffer(const v1::Offer& offer) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<v1::Offer> stored = inner_->PutOffer(offer);
    if (stored.ok()) index_->PutOffer(*stored);
    return stored;
  }
  absl::StatusOr<v1::Offer> GetOffer(const std::string& id) override {
    return inner_->GetOffer(id);
  }
  absl::StatusOr<bool> DeleteOffer(const std::string& id) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<bool> existed = inner_->DeleteOffer(id);
    if (existed.ok() && *existed) index_->EraseOffer(id);
    return existed;
  }
  absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& filter,
                                             const PageRequest& page) override {
    return inner_->ListOffers(filter, page);
  }

  absl::StatusOr<v1::Candidate> PutCandidate(const v1::Candidate& candidate) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<v1::Candidate> stored = inner_->PutCandidate(candidate);
    if (stored.ok()) index_->PutCandidate(*stored);
    return stored;
  }
  absl::StatusOr<v1::Candidate> GetCandidate(const std::string& id) override {
    return inner_->GetCandidate(id);
  }
  absl::StatusOr<bool> DeleteCandidate(const std::string& id, const OrgScope& scope) override {
    absl::MutexLock lock(&write_mu_);
    absl::StatusOr<bool> existed = inner_->DeleteCandidate(id, scope);
    if (existed.ok() && *existed) index_->EraseCandidate(id);
    return existed;
  }
  absl::StatusOr<Page<v1::Candidate>> ListCandidates(const CandidateFilter& filter,
                                                     const PageRequest& page) override {
    return inner_->ListCandidates(filter, page);
  }

  // Events are not indexed: planning reads them from the store.
  absl::StatusOr<v1::Event> PutEvent(const v1::Event& event, const OrgScope& scope) override {
    return inner_->PutEvent(event, scope);
  }
  absl::StatusOr<v1::Event> GetEvent(const std::string& id) override {
    return inner_->GetEvent(id);
  }
  absl::StatusOr<bool> DeleteEvent(const std::string& id, const OrgScope& scope) override {
    return inner_->DeleteEvent(id, scope);
  }
  absl::StatusOr<Page<v1::Event>> ListEvents(const PageRequest& page,
                                             const OrgScope& scope) override {
    return inner_->ListEvents(page, scope);
  }
  // Campaigns are not indexed either.
  absl::StatusOr<v1::Campaign> PutCampaign(const v1::Campaign& campaign) override {
    return inner_->PutCampaign(campaign);
  }
  absl::StatusOr<v1::Campaign> GetCampaign(const std::string& id) override {
    return inner_->GetCampaign(id);
  }
  absl::StatusOr<bool> DeleteCampaign(const std::string& id) override {
    return inner_->DeleteCampaign(id);
  }
  absl::StatusOr<Page<v1::Campaign>> ListCampaigns(const std::string& organization,
                                                   const PageRequest& page) override {
    return inner_->ListCampaigns(organization, page);
  }
  absl::Status ForEachCampaign(
      const std::function<absl::Status(const v1::Campaign&)>& visit) override {
    return inner_->ForEachCampaign(visit);
  }

  absl::Status PutBatch(std::vector<Record>& records) override {
    absl::MutexLock lock(&write_mu_);
    absl::Status status = inner_->PutBatch(records);
    if (!status.ok()) return status;
    for (const Record& record : records) {  // the stored versions (timestamps, status)
      if (!record.refusal.ok()) continue;   // not written
      switch (record.kind) {
        case Record::Kind::kTerritory:
          index_->PutTerritory(record.territory);
          break;
        case Record::Kind::kOffer:
          index_->PutOffer(record.offer);
          break;
        case Record::Kind::kCandidate:
          index_->PutCandidate(record.candidate);
          break;
      }
    }
    return status;
  }

  absl::StatusOr<Page<v1::AuditEntry>> ListAuditEntries(const AuditFilter& filter,
                                                        const PageRequest& page) override {
    return inner_->ListAuditEntries(filter, page);
  }
  absl::StatusOr<StoreCounts> Counts() override { return inner_->Counts(); }
  absl::Status Compact() override { return inner_->Compact(); }
  absl::StatusOr<CheckpointInfo> Checkpoint(const std::string& dir) override {
    return inner_->Checkpoint(dir);
  }
  absl::Status ForEachTerritory(
      const std::function<absl::Status(const v1::Territory&)>& visit) override {
    return inner_->ForEachTerritory(visit);
  }
  absl::Status ForEachOffer(const std::function<absl::Status(const v1::Offer&)>& visit) override {
    return inner_->ForEachOffer(visit);
  }
  absl::Status ForEachCandidate(
      const std::function<absl::Status(const v1::Candidate&)>& visit) override {
    return inner_->ForEachCandidate(visit);
  }
  absl::Status ForEachEvent(const std::function<absl::Status(const v1::Event&)>& visit) override {
    return inner_->ForEachEvent(visit);
  }

 private:
  Store* inner_;
  MemoryIndex* index_;
  // Holds a write from the store through the index, so that two writers of one id apply
  // to the index in the order the store applied them (else a deleted record could linger
  // in the index). Reads never take it.
  absl::Mutex write_mu_;
};

}  // namespace

std::unique_ptr<Store> NewIndexedStore(Store* inner, MemoryIndex* index) {
  return std::make_unique<IndexedStore>(inner, index);
}

}  // namespace matching::index
