// MemoryIndex: what ranking needs, in memory, kept in step with the store; and ranking.
//
// RocksDB stays the source of truth: the index is built from the store at start
// (LoadFrom) and every write is applied to it only after the store acknowledged it
// (see IndexedStore). Each record is kept as the scoring core's plain type.
//
// Ranking scores every eligible record with matcher::FastScore and keeps the best in a
// bounded heap (top_k, and at most max_per_territory per territory); ties break by id so
// the same query always gives the same order. Explanations are computed afterwards, by
// the caller, for the few records returned.
//
// Thread-safety: all methods may be called concurrently. A query holds a shared lock for
// its scan; a write takes the exclusive lock for one record (microseconds), so readers
// never see a half-applied write.
#ifndef MATCHING_INDEX_MEMORY_INDEX_H_
#define MATCHING_INDEX_MEMORY_INDEX_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "index/store.h"
#include "matcher/score.h"

namespace matching::index {

struct RankFilters {
  std::vector<std::string> department_codes;  // empty = any
  std::vector<std::string> region_codes;
  std::vector<matcher::PracticeSetting> settings;
  int max_drive_minutes = 0;  // to the candidate's nearest chosen metropolis; 0 = no limit
  bool open_only = true;
};

struct RankQuery {
  matcher::Weights weights;  // resolved (profile + request overrides)
  matcher::ScoreOptions options;
  RankFilters filters;
  int top_k = 20;
  int max_per_territory = 0;  // 0 = no limit
};

// One ranked pair, with copies of the records so the caller can explain it unlocked.
struct RankedPair {
  matcher::Scores scores;
  matcher::CandidateProfile candidate;
  matcher::OfferFeatures offer;
  matcher::TerritoryFeatures territory;
};

struct RankResult {
  std::vector<RankedPair> pairs;  // best first
  int64_t considered = 0;         // records scored after the prefilters
};

// Finding territories (ListTerritories' filters beyond department and region).
struct TerritoryQuery {
  std::string department_code;  // "" = any
  std::string region_code;
  std::string metropolis_id;  // members, or with max_drive_minutes > 0 those within reach
  int max_drive_minutes = 0;
  std::string name_prefix;  // as typed; folded with FoldForSearch (text_fold.h)
  std::optional<std::pair<double, double>> near;  // (lat, lon): nearest first, no paging
  double radius_km = 0;
  std::string after_id;  // paging in id order: territories with a greater id
  int limit = 50;
};
struct TerritoryHit {
  std::string id;
  double distance_km = -1;  // with `near`
};
struct TerritoryPage {
  std::vector<TerritoryHit> hits;  // id order, or nearest first with `near`
  bool more = false;               // another page follows (never with `near`)
};

class MemoryIndex {
 public:
  // Replaces the contents with every record of `store`.
  [[nodiscard]] absl::Status LoadFrom(Store& store);

  void PutTerritory(const v1::Territory& territory);
  void EraseTerritory(const std::string& id);
  void PutOffer(const v1::Offer& offer);
  void EraseOffer(const std::string& id);
  void PutCandidate(const v1::Candidate& candidate);
  void EraseCandidate(const std::string& id);

  std::optional<matcher::CandidateProfile> FindCandidate(const std::string& id) const;
  std::optional<matcher::OfferFeatures> FindOffer(const std::string& id) const;
  std::optional<matcher::TerritoryFeatures> FindTerritory(const std::string& id) const;

  // The territories that pass every filter of `query` (a scan of folded names and
  // coordinates; about a millisecond for every commune of France).
  TerritoryPage SearchTerritories(const TerritoryQuery& query) const;

  // The offers best suited to `candidate` (stored or a visitor's profile). The
  // candidate's personal weights are applied on top of query.weights.
  [[nodiscard]] absl::StatusOr<RankResult> RankOffers(const matcher::CandidateProfile& candidate,
                                                      const RankQuery& query) const;
  // The candidates best suited to offer `offer_id`; NotFound when it is not stored.
  [[nodiscard]] absl::StatusOr<RankResult> RankCandidates(const std::string& offer_id,
                                                          const RankQuery& query) const;

  size_t territory_count() const;
  size_t offer_count() const;
  size_t candidate_count() const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, matcher::TerritoryFeatures> territories_ ABSL_GUARDED_BY(mu_);
  // Territory id -> FoldForSearch(name), for name-prefix search.
  absl::flat_hash_map<std::string, std::string> search_names_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, matcher::OfferFeatures> offers_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, matcher::CandidateProfile> candidates_ ABSL_GUARDED_BY(mu_);
};

// A Store that applies every acknowledged write to a MemoryIndex too. Same contract as
// Store; `inner` and `index` are not owned and must outlive it.
std::unique_ptr<Store> NewIndexedStore(Store* inner, MemoryIndex* index);

}  // namespace matching::index

#endif  // MATCHING_INDEX_MEMORY_INDEX_H_
