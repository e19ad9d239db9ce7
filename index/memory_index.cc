// MemoryIndex: loading, updates, lookups and territory search (ranking: memory_index_rank.cc).
#include "index/memory_index.h"

#include <malloc.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <string_view>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "index/convert.h"
#include "index/text_fold.h"
#include "matcher/geo.h"

namespace matching::index {

absl::Status MemoryIndex::LoadFrom(Store& store) {
  MemoryIndex loaded;
  // Candidates, the bulk, on both cores: a reader thread parses and converts them in
  // batches from the start, while this thread loads territories and offers, then codes the
  // candidates into the columns.
  if (absl::StatusOr<StoreCounts> counts = store.Counts(); counts.ok()) {
    absl::MutexLock lock(&loaded.mu_);
    loaded.candidates_->Reserve(static_cast<size_t>(counts->candidates));
  }
  {
    absl::MutexLock lock(&loaded.mu_);
    loaded.nearby_.BeginBulk();  // one pass once every offer is in
  }
  constexpr size_t kBatch = 4096;
  constexpr size_t kQueued = 32;  // at most ~130k parsed profiles waiting (~80 MB)
  absl::Mutex queue_mu;
  std::deque<std::vector<matcher::CandidateProfile>> queue;
  bool reading = true;
  absl::Status read_status;
  std::thread reader([&] {
    std::vector<matcher::CandidateProfile> batch;
    const auto hand_over = [&] {
      absl::MutexLock lock(&queue_mu);
      queue_mu.Await(absl::Condition(
          +[](std::deque<std::vector<matcher::CandidateProfile>>* q) {
            return q->size() < kQueued;
          },
          &queue));
      queue.push_back(std::move(batch));
      batch.clear();
    };
    absl::Status s = store.ForEachCandidate([&](const v1::Candidate& c) {
      batch.push_back(ToCandidateProfile(c));
      if (batch.size() == kBatch) hand_over();
      return absl::OkStatus();
    });
    if (!batch.empty()) hand_over();
    absl::MutexLock lock(&queue_mu);
    read_status = std::move(s);
    reading = false;
  });
  absl::Status status = store.ForEachTerritory([&](const v1::Territory& t) {
    loaded.PutTerritory(t);
    return absl::OkStatus();
  });
  if (status.ok()) {
    status = store.ForEachOffer([&](const v1::Offer& o) {
      loaded.PutOffer(o);
      return absl::OkStatus();
    });
  }
  std::pair<std::deque<std::vector<matcher::CandidateProfile>>*, bool*> waiting{&queue, &reading};
  for (;;) {
    std::vector<matcher::CandidateProfile> batch;
    {
      absl::MutexLock lock(&queue_mu);
      queue_mu.Await(absl::Condition(
          +[](std::pair<std::deque<std::vector<matcher::CandidateProfile>>*, bool*>* state) {
            return !state->first->empty() || !*state->second;
          },
          &waiting));
      if (queue.empty()) break;
      batch = std::move(queue.front());
      queue.pop_front();
    }
    absl::MutexLock lock(&loaded.mu_);
    for (matcher::CandidateProfile& profile : batch) {
      loaded.candidates_->Put(std::move(profile), /*known_new=*/true);  // store keys are unique
    }
  }
  reader.join();
  if (!status.ok()) return status;
  if (!read_status.ok()) return read_status;
  {
    absl::MutexLock lock(&loaded.mu_);
    loaded.RefreshNearby(loaded.nearby_.EndBulk());
  }
  loaded.Optimize();
  absl::MutexLock lock(&mu_);
  absl::MutexLock other(&loaded.mu_);
  territory_ids_ = std::move(loaded.territory_ids_);
  territories_ = std::move(loaded.territories_);
  search_names_ = std::move(loaded.search_names_);
  territory_stored_ = std::move(loaded.territory_stored_);
  territory_scan_ = std::move(loaded.territory_scan_);
  territory_money_ = std::move(loaded.territory_money_);
  minutes_to_ = std::move(loaded.minutes_to_);
  department_codes_ = std::move(loaded.department_codes_);
  region_codes_ = std::move(loaded.region_codes_);
  metropolis_codes_ = std::move(loaded.metropolis_codes_);
  declared_metropolises_ = std::move(loaded.declared_metropolises_);
  drive_minutes_ = std::move(loaded.drive_minutes_);
  money_classes_ = std::move(loaded.money_classes_);
  territory_count_ = loaded.territory_count_;
  offers_ = std::move(loaded.offers_);
  nearby_ = std::move(loaded.nearby_);
  candidates_ = std::move(loaded.candidates_);
  territory_cache_.Clear();
  nearest_grid_.Invalidate();
  // The load parsed and freed a million records: give that memory back to the system,
  // so that the process's size is the index's (glibc keeps freed memory otherwise).
  malloc_trim(0);
  return absl::OkStatus();
}

void MemoryIndex::Optimize() {
  absl::MutexLock lock(&mu_);
  offers_.SortByTerritory();
  candidates_->ShrinkToFit();
}

uint32_t MemoryIndex::AcquireTerritoryRow(const std::string& id) {
  const uint32_t row = territory_ids_.Acquire(id);
  if (territories_.size() <= row) {
    territories_.resize(row + 1);
    search_names_.resize(row + 1);
    territory_stored_.resize(row + 1, 0);
    territory_scan_.resize(row + 1);
    territory_money_.resize(row + 1);
  }
  return row;
}

void MemoryIndex::ReleaseTerritoryRow(uint32_t row) { territory_ids_.Release(row); }

void MemoryIndex::PutTerritory(const v1::Territory& territory) {
  matcher::TerritoryFeatures features = ToTerritoryFeatures(territory);
  std::string search_name = FoldForSearch(territory.name());
  absl::MutexLock lock(&mu_);
  nearest_grid_.Invalidate();
  std::optional<uint32_t> row = territory_ids_.Find(territory.id());
  if (!row || !territories_[*row]) {  // new: the stored record holds one reference
    row = AcquireTerritoryRow(territory.id());
    ++territory_count_;
  } else {
    ClearTerritoryScan(*row);
    CountDeclaredMetropolises(*territories_[*row], -1);
  }
  SetTerritoryScan(*row, features);
  CountDeclaredMetropolises(features, +1);
  NearbyOpeningsTable::Rows moved =
      nearby_.Place(*row, features.lat != 0 || features.lon != 0, features.lat, features.lon);
  features.open_offers_nearby = nearby_.NewRecordOf(*row);
  territories_[*row] = std::make_shared<const matcher::TerritoryFeatures>(std::move(features));
  search_names_[*row] = std::move(search_name);
  territory_stored_[*row] = 1;
  ForgetTerritoryCells(*row);
  moved.erase(*row);  // just written, cells forgotten
  RefreshNearby(moved);
}

void MemoryIndex::RefreshNearby(const NearbyOpeningsTable::Rows& rows) {
  // The records share their cells with nearby_ (already up to date): only the cached
  // spouse_job cells that read them are forgotten.
  std::vector<uint32_t> forget;
  forget.reserve(rows.size());
  for (const auto& [row, professions] : rows) {
    if (row >= territories_.size() || !territories_[row]) continue;  // not stored: not ranked
    forget.push_back(row);
  }
  territory_cache_.ForgetCells(CellKind::kTerritoryRow, forget, kSpouseNearbyKeyPrefix);
}

void MemoryIndex::ForgetTerritoryCells(uint32_t row) {
  territory_cache_.ForgetCell(CellKind::kTerritoryRow, row);
  territory_cache_.ForgetCell(CellKind::kMoneyClass, territory_money_[row]);
  for (const matcher::MetropolisAccess& access : territories_[row]->metropolis_access) {
    if (std::optional<uint32_t> minutes = drive_minutes_.Find(access.drive_minutes)) {
      territory_cache_.ForgetCell(CellKind::kDriveMinutes, *minutes);
    }
  }
}

void MemoryIndex::SetTerritoryScan(uint32_t row, const matcher::TerritoryFeatures& territory) {
  TerritoryScan& scan = territory_scan_[row];
  scan.department = department_codes_.Acquire(territory.department_code);
  scan.region = region_codes_.Acquire(territory.region_code);
  std::vector<int> zonings;
  zonings.reserve(territory.zonings.size());
  for (const matcher::ProfessionZoning& zoning : territory.zonings) {
    zonings.push_back(static_cast<int>(zoning.profession) * 16 + static_cast<int>(zoning.level));
  }
  std::sort(zonings.begin(), zonings.end());
  MoneyClass money{static_cast<int>(territory.zoning), std::move(zonings),   territory.zfrr, {},
                   territory.department_code,          territory.region_code};
  for (const matcher::LocalAid& aid : territory.local_aids) {
    std::get<3>(money).push_back(aid.amount_eur);
  }
  territory_money_[row] = money_classes_.Acquire(std::move(money));
  for (const matcher::MetropolisAccess& access : territory.metropolis_access) {
    const uint32_t metropolis = metropolis_codes_.Acquire(access.metropolis_id);
    const uint32_t minutes = drive_minutes_.Acquire(access.drive_minutes);
    if (metropolis >= kTabledMetropolises) continue;  // RankOffers reads the record
    if (minutes_to_.size() <= metropolis) minutes_to_.resize(metropolis + 1);
    std::vector<uint32_t>& to = minutes_to_[metropolis];
    if (to.size() <= row) to.resize(territories_.size());
    if (to[row] == 0 || access.drive_minutes < drive_minutes_.value(to[row] - 1)) {
      to[row] = minutes + 1;
    }
  }
}

void MemoryIndex::ClearTerritoryScan(uint32_t row) {
  TerritoryScan& scan = territory_scan_[row];
  department_codes_.Release(scan.department);
  region_codes_.Release(scan.region);
  money_classes_.Release(territory_money_[row]);
  if (territories_[row]) {  // the record the codes were acquired for
    for (const matcher::MetropolisAccess& access : territories_[row]->metropolis_access) {
      if (std::optional<uint32_t> metropolis = metropolis_codes_.Find(access.metropolis_id)) {
        if (*metropolis < minutes_to_.size() && row < minutes_to_[*metropolis].size()) {
          minutes_to_[*metropolis][row] = 0;
        }
        metropolis_codes_.Release(*metropolis);
      }
      if (std::optional<uint32_t> minutes = drive_minutes_.Find(access.drive_minutes)) {
        drive_minutes_.Release(*minutes);
      }
    }
  }
  scan = TerritoryScan();
}

void MemoryIndex::CountDeclaredMetropolises(const matcher::TerritoryFeatures& territory,
                                            int delta) {
  absl::flat_hash_set<std::string_view> named;  // a territory counts once per metropolis
  if (!territory.metropolis_id.empty()) named.insert(territory.metropolis_id);
  for (const matcher::MetropolisAccess& access : territory.metropolis_access) {
    if (!access.metropolis_id.empty()) named.insert(access.metropolis_id);
  }
  for (std::string_view id : named) {
    auto it = declared_metropolises_.try_emplace(std::string(id), 0).first;
    it->second += delta;
    if (it->second <= 0) declared_metropolises_.erase(it);
  }
}

bool MemoryIndex::DeclaresMetropolis(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  return declared_metropolises_.contains(id);
}

std::vector<DeclaredMetropolis> MemoryIndex::DeclaredMetropolises() const {
  struct Seen {
    DeclaredMetropolis metropolis;
    bool member_department = false;  // department_code is a member territory's
    double nearest_minutes = 0;      // else the territory listing it nearest
  };
  std::map<std::string, Seen> by_id;
  absl::ReaderMutexLock lock(&mu_);
  for (const std::shared_ptr<const matcher::TerritoryFeatures>& t : territories_) {
    if (!t) continue;
    if (!t->metropolis_id.empty()) {
      Seen& seen = by_id[t->metropolis_id];
      seen.metropolis.id = t->metropolis_id;
      if (!seen.member_department && !t->department_code.empty()) {
        seen.metropolis.department_code = t->department_code;
        seen.member_department = true;
      }
    }
    for (const matcher::MetropolisAccess& access : t->metropolis_access) {
      if (access.metropolis_id.empty()) continue;
      Seen& seen = by_id[access.metropolis_id];
      seen.metropolis.id = access.metropolis_id;
      if (seen.metropolis.name.empty()) seen.metropolis.name = access.name;
      if (!seen.member_department && !t->department_code.empty() &&
          (seen.metropolis.department_code.empty() ||
           access.drive_minutes < seen.nearest_minutes)) {
        seen.metropolis.department_code = t->department_code;
        seen.nearest_minutes = access.drive_minutes;
      }
    }
  }
  std::vector<DeclaredMetropolis> declared;
  declared.reserve(by_id.size());
  for (auto& [id, seen] : by_id) declared.push_back(std::move(seen.metropolis));
  return declared;
}

void MemoryIndex::DropCaches() { territory_cache_.Clear(); }

void MemoryIndex::EraseTerritory(const std::string& id) {
  absl::MutexLock lock(&mu_);
  nearest_grid_.Invalidate();
  std::optional<uint32_t> row = territory_ids_.Find(id);
  if (!row || !territories_[*row]) return;
  // Its cells in the territory cache stay: no row of an unstored territory is ranked, and
  // PutTerritory forgets the cells of a row or code that comes back.
  ClearTerritoryScan(*row);
  CountDeclaredMetropolises(*territories_[*row], -1);
  territories_[*row].reset();
  // Its offers now reach only their own (unstored) row.
  RefreshNearby(nearby_.Place(*row, false, 0, 0));
  search_names_[*row].clear();
  territory_stored_[*row] = 0;
  --territory_count_;
  ReleaseTerritoryRow(*row);
}

TerritoryPage MemoryIndex::SearchTerritories(const TerritoryQuery& query) const {
  const std::string prefix = FoldForSearch(query.name_prefix);
  std::vector<TerritoryHit> hits;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (size_t row = 0; row < territories_.size(); ++row) {
      if (!territories_[row]) continue;
      const matcher::TerritoryFeatures& t = *territories_[row];
      const std::string& id = t.id;
      if (!query.department_code.empty() && t.department_code != query.department_code) continue;
      if (!query.region_code.empty() && t.region_code != query.region_code) continue;
      if (!query.near && !query.after_id.empty() && id <= query.after_id) continue;
      if (!prefix.empty() && !absl::StartsWith(search_names_[row], prefix)) continue;
      if (!query.metropolis_id.empty()) {
        bool reached = query.max_drive_minutes <= 0 && t.metropolis_id == query.metropolis_id;
        if (query.max_drive_minutes > 0) {
          for (const matcher::MetropolisAccess& access : t.metropolis_access) {
            reached |= access.metropolis_id == query.metropolis_id &&
                       access.drive_minutes <= query.max_drive_minutes;
          }
        }
        if (!reached) continue;
      }
      double distance = -1;
      if (query.near) {
        if (t.lat == 0 && t.lon == 0) continue;  // not placed
        distance = matcher::GreatCircleKm(query.near->first, query.near->second, t.lat, t.lon);
        if (distance > query.radius_km) continue;
      }
      hits.push_back({id, distance});
    }
  }
  const auto by_id = [](const TerritoryHit& a, const TerritoryHit& b) { return a.id < b.id; };
  const auto nearest = [](const TerritoryHit& a, const TerritoryHit& b) {
    return a.distance_km != b.distance_km ? a.distance_km < b.distance_km : a.id < b.id;
  };
  TerritoryPage page;
  const size_t limit = static_cast<size_t>(std::max(query.limit, 1));
  page.more = !query.near && hits.size() > limit;
  if (hits.size() > limit) {
    std::partial_sort(hits.begin(), hits.begin() + limit, hits.end(),
                      query.near ? std::function(nearest) : std::function(by_id));
    hits.resize(limit);
  } else {
    std::sort(hits.begin(), hits.end(), query.near ? std::function(nearest) : std::function(by_id));
  }
  page.hits = std::move(hits);
  return page;
}
void MemoryIndex::PutOffer(const v1::Offer& offer) {
  matcher::OfferFeatures features = ToOfferFeatures(offer);
  absl::MutexLock lock(&mu_);
  const uint32_t row = AcquireTerritoryRow(features.territory_id);
  if (std::optional<uint32_t> replaced = offers_.Put(features, row)) ReleaseTerritoryRow(*replaced);
  RefreshNearby(nearby_.PutOffer(features, row));
  // Keeps offers grouped by territory as they arrive: a re-sort once an eighth of them
  // came after the last one (about 50 ms per 100,000 offers; amortised, microseconds).
  if (offers_.unsorted() > std::max<size_t>(1000, offers_.size() / 8)) offers_.SortByTerritory();
}

void MemoryIndex::EraseOffer(const std::string& id) {
  absl::MutexLock lock(&mu_);
  if (std::optional<uint32_t> row = offers_.Erase(id)) ReleaseTerritoryRow(*row);
  RefreshNearby(nearby_.EraseOffer(id));
}

void MemoryIndex::PutCandidate(const v1::Candidate& candidate) {
  matcher::CandidateProfile profile = ToCandidateProfile(candidate);
  absl::MutexLock lock(&mu_);
  candidates_->Put(std::move(profile));
}

void MemoryIndex::EraseCandidate(const std::string& id) {
  absl::MutexLock lock(&mu_);
  candidates_->Erase(id);
}

matcher::OfferFeatures MemoryIndex::WithTerritoryId(matcher::OfferFeatures offer,
                                                    uint32_t row) const {
  offer.territory_id = territory_ids_.value(row);
  return offer;
}

std::optional<matcher::CandidateProfile> MemoryIndex::FindCandidate(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  return candidates_->Find(id);
}

std::optional<matcher::OfferFeatures> MemoryIndex::FindOffer(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto found = offers_.Find(id);
  if (!found) return std::nullopt;
  return WithTerritoryId(std::move(found->first), found->second);
}

std::optional<matcher::TerritoryFeatures> MemoryIndex::FindTerritory(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  std::optional<uint32_t> row = territory_ids_.Find(id);
  if (!row || !territories_[*row]) return std::nullopt;
  return *territories_[*row];
}

std::string MemoryIndex::DepartmentNear(double lat, double lon, double max_km) const {
  absl::ReaderMutexLock lock(&mu_);
  const matcher::TerritoryFeatures* nearest = nearest_grid_.Nearest(territories_, lat, lon, max_km);
  return nearest == nullptr ? "" : nearest->department_code;
}

size_t MemoryIndex::territory_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return territory_count_;
}
size_t MemoryIndex::offer_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return offers_.size();
}
size_t MemoryIndex::candidate_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return candidates_->size();
}

size_t MemoryIndex::memory_bytes() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t territory_bytes = territories_.capacity() * sizeof(territories_[0]) +
                           territory_ids_.table_bytes() +
                           search_names_.capacity() * sizeof(std::string);
  for (const auto& t : territories_) {
    if (!t) continue;
    // The record's own heap: lists and maps, estimated from their sizes.
    territory_bytes += t->metropolis_access.capacity() * sizeof(matcher::MetropolisAccess) +
                       t->lifestyle_tags.capacity() * sizeof(std::string) +
                       t->job_openings_by_sector.capacity() * 48 +
                       t->synthetic_fields.capacity() * 40 +
                       t->local_aids.capacity() * sizeof(matcher::LocalAid);
  }
  territory_bytes += territory_money_.capacity() * sizeof(uint32_t) +
                     territory_scan_.capacity() * sizeof(TerritoryScan);
  for (const std::vector<uint32_t>& to : minutes_to_) territory_bytes += to.capacity() * 4;
  return territory_bytes + nearby_.memory_bytes() + offers_.memory_bytes() +
         candidates_->memory_bytes() + territory_cache_.memory_bytes();
}

}  // namespace matching::index
