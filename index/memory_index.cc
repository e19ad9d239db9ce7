// MemoryIndex: loading, updates and ranking with a bounded heap.
#include "index/memory_index.h"

#include <algorithm>
#include <functional>
#include <queue>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "index/convert.h"
#include "index/text_fold.h"
#include "matcher/criteria.h"
#include "matcher/geo.h"

namespace matching::index {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Request filters on the territory (and offer) side of a pair.
bool PassesFilters(const RankFilters& filters, const matcher::CandidateProfile& candidate,
                   const matcher::OfferFeatures& offer,
                   const matcher::TerritoryFeatures& territory) {
  if (!filters.department_codes.empty() &&
      !Contains(filters.department_codes, territory.department_code)) {
    return false;
  }
  if (!filters.region_codes.empty() && !Contains(filters.region_codes, territory.region_code)) {
    return false;
  }
  if (!filters.settings.empty() && std::find(filters.settings.begin(), filters.settings.end(),
                                             offer.setting) == filters.settings.end()) {
    return false;
  }
  if (filters.max_drive_minutes > 0) {
    const matcher::MetropolisAccess* nearest =
        matcher::NearestChosenMetropolis(candidate, territory);
    if (nearest == nullptr || nearest->drive_minutes > filters.max_drive_minutes) return false;
  }
  return true;
}

// A scored candidate for the heap: ordered best first by score, then by id.
struct Hit {
  matcher::Scores scores;
  const std::string* id;  // the ranked record's id
  const void* record;
  const std::string* territory_id;
};
struct BetterHit {
  bool operator()(const Hit& a, const Hit& b) const {
    if (a.scores.score != b.scores.score) return a.scores.score > b.scores.score;
    return *a.id < *b.id;
  }
};

// Keeps the best `k` hits; the heap's top is the worst kept.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  void Offer(const Hit& hit) {
    if (heap_.size() < k_) {
      heap_.push(hit);
    } else if (k_ > 0 && BetterHit()(hit, heap_.top())) {
      heap_.pop();
      heap_.push(hit);
    }
  }
  std::vector<Hit> TakeSorted() {
    std::vector<Hit> hits;
    while (!heap_.empty()) {
      hits.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(hits.begin(), hits.end());
    return hits;
  }

 private:
  size_t k_;
  std::priority_queue<Hit, std::vector<Hit>, BetterHit> heap_;
};

// Top-k overall, and at most `per_territory` per territory when it is > 0.
class Selector {
 public:
  Selector(size_t k, int per_territory) : k_(k), per_territory_(per_territory), all_(k) {}
  void Offer(const Hit& hit) {
    if (per_territory_ <= 0) {
      all_.Offer(hit);
      return;
    }
    by_territory_.try_emplace(*hit.territory_id, per_territory_).first->second.Offer(hit);
  }
  std::vector<Hit> TakeSorted() {
    if (per_territory_ > 0) {
      for (auto& [territory, top] : by_territory_) {
        for (const Hit& hit : top.TakeSorted()) all_.Offer(hit);
      }
    }
    return all_.TakeSorted();
  }

 private:
  size_t k_;
  int per_territory_;
  TopK all_;
  absl::flat_hash_map<std::string, TopK> by_territory_;
};

}  // namespace

absl::Status MemoryIndex::LoadFrom(Store& store) {
  absl::flat_hash_map<std::string, matcher::TerritoryFeatures> territories;
  absl::flat_hash_map<std::string, std::string> search_names;
  absl::flat_hash_map<std::string, matcher::OfferFeatures> offers;
  absl::flat_hash_map<std::string, matcher::CandidateProfile> candidates;
  absl::Status status = store.ForEachTerritory([&](const v1::Territory& t) {
    territories[t.id()] = ToTerritoryFeatures(t);
    search_names[t.id()] = FoldForSearch(t.name());
    return absl::OkStatus();
  });
  if (status.ok()) {
    status = store.ForEachOffer([&](const v1::Offer& o) {
      offers[o.id()] = ToOfferFeatures(o);
      return absl::OkStatus();
    });
  }
  if (status.ok()) {
    status = store.ForEachCandidate([&](const v1::Candidate& c) {
      candidates[c.id()] = ToCandidateProfile(c);
      return absl::OkStatus();
    });
  }
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  territories_ = std::move(territories);
  search_names_ = std::move(search_names);
  offers_ = std::move(offers);
  candidates_ = std::move(candidates);
  return absl::OkStatus();
}

void MemoryIndex::PutTerritory(const v1::Territory& territory) {
  matcher::TerritoryFeatures features = ToTerritoryFeatures(territory);
  std::string search_name = FoldForSearch(territory.name());
  absl::MutexLock lock(&mu_);
  territories_[territory.id()] = std::move(features);
  search_names_[territory.id()] = std::move(search_name);
}
void MemoryIndex::EraseTerritory(const std::string& id) {
  absl::MutexLock lock(&mu_);
  territories_.erase(id);
  search_names_.erase(id);
}

TerritoryPage MemoryIndex::SearchTerritories(const TerritoryQuery& query) const {
  const std::string prefix = FoldForSearch(query.name_prefix);
  std::vector<TerritoryHit> hits;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [id, t] : territories_) {
      if (!query.department_code.empty() && t.department_code != query.department_code) continue;
      if (!query.region_code.empty() && t.region_code != query.region_code) continue;
      if (!query.near && !query.after_id.empty() && id <= query.after_id) continue;
      if (!prefix.empty()) {
        auto name = search_names_.find(id);
        if (name == search_names_.end() || !absl::StartsWith(name->second, prefix)) continue;
      }
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
  offers_[offer.id()] = std::move(features);
}
void MemoryIndex::EraseOffer(const std::string& id) {
  absl::MutexLock lock(&mu_);
  offers_.erase(id);
}
void MemoryIndex::PutCandidate(const v1::Candidate& candidate) {
  matcher::CandidateProfile profile = ToCandidateProfile(candidate);
  absl::MutexLock lock(&mu_);
  candidates_[candidate.id()] = std::move(profile);
}
void MemoryIndex::EraseCandidate(const std::string& id) {
  absl::MutexLock lock(&mu_);
  candidates_.erase(id);
}

std::optional<matcher::CandidateProfile> MemoryIndex::FindCandidate(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = candidates_.find(id);
  if (it == candidates_.end()) return std::nullopt;
  return it->second;
}
std::optional<matcher::OfferFeatures> MemoryIndex::FindOffer(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = offers_.find(id);
  if (it == offers_.end()) return std::nullopt;
  return it->second;
}
std::optional<matcher::TerritoryFeatures> MemoryIndex::FindTerritory(const std::string& id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = territories_.find(id);
  if (it == territories_.end()) return std::nullopt;
  return it->second;
}

size_t MemoryIndex::territory_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return territories_.size();
}
size_t MemoryIndex::offer_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return offers_.size();
}
size_t MemoryIndex::candidate_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return candidates_.size();
}

absl::StatusOr<RankResult> MemoryIndex::RankOffers(const matcher::CandidateProfile& candidate,
                                                   const RankQuery& query) const {
  absl::StatusOr<matcher::Weights> weights =
      matcher::ResolveWeights(query.weights, {}, candidate.weights);
  if (!weights.ok()) return weights.status();
  RankFilters filters = query.filters;
  if (filters.department_codes.empty())
    filters.department_codes = candidate.wanted_department_codes;

  RankResult result;
  Selector selector(static_cast<size_t>(query.top_k), query.max_per_territory);
  absl::ReaderMutexLock lock(&mu_);
  for (const auto& [id, offer] : offers_) {
    if (offer.profession != candidate.profession) continue;
    auto territory = territories_.find(offer.territory_id);
    if (territory == territories_.end()) continue;
    if (!matcher::Eligible(candidate, offer, territory->second)) continue;
    if (!PassesFilters(filters, candidate, offer, territory->second)) continue;
    ++result.considered;
    selector.Offer(
        Hit{matcher::FastScore(candidate, offer, territory->second, *weights, query.options), &id,
            &offer, &offer.territory_id});
  }
  for (const Hit& hit : selector.TakeSorted()) {
    const auto& offer = *static_cast<const matcher::OfferFeatures*>(hit.record);
    result.pairs.push_back(
        RankedPair{hit.scores, candidate, offer, territories_.at(offer.territory_id)});
  }
  return result;
}

absl::StatusOr<RankResult> MemoryIndex::RankCandidates(const std::string& offer_id,
                                                       const RankQuery& query) const {
  RankResult result;
  Selector selector(static_cast<size_t>(query.top_k), 0);
  absl::ReaderMutexLock lock(&mu_);
  auto offer = offers_.find(offer_id);
  if (offer == offers_.end()) {
    return absl::NotFoundError(absl::StrCat("offer '", offer_id, "' not found"));
  }
  auto territory = territories_.find(offer->second.territory_id);
  if (territory == territories_.end()) {
    return absl::NotFoundError(absl::StrCat("territory '", offer->second.territory_id,
                                            "' of offer '", offer_id, "' not found"));
  }
  // A recruiter ranks whoever fits, whatever the offer's status.
  matcher::OfferFeatures as_open = offer->second;
  as_open.status = matcher::OfferStatus::kOpen;
  for (const auto& [id, candidate] : candidates_) {
    if (candidate.profession != as_open.profession) continue;
    if (!matcher::Eligible(candidate, as_open, territory->second)) continue;
    if (query.filters.max_drive_minutes > 0 &&
        !PassesFilters(RankFilters{{}, {}, {}, query.filters.max_drive_minutes, true}, candidate,
                       as_open, territory->second)) {
      continue;
    }
    matcher::Weights weights = query.weights;
    if (!candidate.weights.empty()) {
      // Personal priorities were validated on write; a stale one falls back to the profile.
      absl::StatusOr<matcher::Weights> personal =
          matcher::ResolveWeights(query.weights, {}, candidate.weights);
      if (personal.ok()) weights = *personal;
    }
    ++result.considered;
    selector.Offer(
        Hit{matcher::FastScore(candidate, as_open, territory->second, weights, query.options), &id,
            &candidate, &as_open.territory_id});
  }
  for (const Hit& hit : selector.TakeSorted()) {
    result.pairs.push_back(RankedPair{hit.scores,
                                      *static_cast<const matcher::CandidateProfile*>(hit.record),
                                      offer->second, territory->second});
  }
  return result;
}

}  // namespace matching::index
