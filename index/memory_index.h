// MemoryIndex: what ranking needs, in memory, kept in step with the store; and ranking.
//
// RocksDB stays the source of truth: the index is built from the store at start
// (LoadFrom) and every write is applied to it only after the store acknowledged it
// (see IndexedStore).
//
// Layout (columnar). Territories are full matcher records in a table indexed by row, their
// features precomputed once at write time. Offers and candidates are dictionary-coded
// structures of arrays (offer_columns.h, candidate_columns.h), one segment per profession:
// a different profession never matches, so a query scans only its own profession's
// segment. Status and the territory's department and region are the next prefilters.
// About 190 bytes per candidate and per offer by the index's estimate, 220-230 bytes of RSS
// (BENCHMARKS.md, "Third pass").
//
// Ranking memoises every criterion per query: a criterion reads one group of fields of
// the varying side (a candidate's family, its date window, an offer's start, ...) and,
// for offers, its territory; its value is computed once per distinct code with the scoring
// core's own function (matcher::EvaluateFast) and reused for every row with that code.
// The territory criteria of RankOffers are also kept across queries, by territory and by
// the few household and offer fields they read (territory_cache.h). RankOffers reads its
// rows by blocks, criterion by criterion, and drops a row as soon as its best possible
// score cannot enter the heap. It starts each row with what is known cheaply: profession,
// t_profession and setting summed per pair of specialty and setting codes (one lookup),
// and proximity once per run of a territory's offers; so most rows are dropped while they
// are picked. The two halves of its scan (one per core when both are free) share their
// heap thresholds (memory_index_rank.cc).
// Each territory record carries open_offers_nearby (the catalog's open offers within
// matcher::kNearbyReachMinutes, by profession and specialty: spouse_job for a partner who
// seeks a health post reads it). NearbyOpeningsTable (nearby_openings.h) keeps it by row,
// in a cell the record shares: an offer write edits the cells of the territories within
// reach of the offer's (no record is copied; a record handed out earlier reads the
// catalog as it is now) and forgets only their cached spouse_job cells of such partners
// (TerritoryCache key prefix kSpouseNearbyKeyPrefix); a territory write does the same for
// its old and new neighbours.
// Scores are combined by matcher::CombineOutcomes, so they are bit-equal to
// matcher::FastScore (index tests compare them on generated data). The best are kept in
// a bounded heap (top_k, and at most max_per_territory per territory); ties break by id
// so the same query always gives the same order. Explanations are computed afterwards, by
// the caller, for the few records returned.
//
// Thread-safety: all methods may be called concurrently. A query holds a shared lock for
// its scan (milliseconds); a write takes the exclusive lock for one record (microseconds).
// Readers never see a half-applied write; a writer waits at most for the scans already
// running (absl::Mutex queues new readers behind a waiting writer, so writers do not
// starve). Per-query memo tables are per thread and reused, so a query allocates only its
// results.
#ifndef MATCHING_INDEX_MEMORY_INDEX_H_
#define MATCHING_INDEX_MEMORY_INDEX_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "index/candidate_columns.h"
#include "index/dictionary.h"
#include "index/nearby_openings.h"
#include "index/nearest_grid.h"
#include "index/offer_columns.h"
#include "index/store.h"
#include "index/territory_cache.h"
#include "matcher/score.h"

namespace matching::index {

struct RankFilters {
  std::vector<std::string> department_codes;  // empty = any
  std::vector<std::string> region_codes;
  std::vector<matcher::PracticeSetting> settings;
  // To the candidate's nearest chosen metropolis; 0 = no limit. A request's filter, on top
  // of the household's own drive-time limit (matcher/limits.h).
  double max_drive_minutes = 0;
  bool open_only = true;
};

struct RankQuery {
  matcher::Weights weights;  // resolved (profile + request overrides)
  matcher::ScoreOptions options;
  RankFilters filters;
  int top_k = 20;
  int max_per_territory = 0;  // 0 = no limit
  // Pairs that break a limit of the household or a requirement of the offer
  // (matcher/limits.h) are not ranked; with this set they come after every pair that keeps
  // all limits (when fewer than top_k do), with matcher::CapBeyondLimits()'s scores.
  bool include_beyond_limits = false;
  // RankOffers ranks pairs of posts for the household and its partner (RankJointOffers).
  bool joint = false;
  // RankCandidates for an agency: only households registered with this organisation or
  // with none (matcher::VisibleToOrganization), gated per flags code like consent. Absent:
  // every household (admins).
  std::optional<std::string> viewer_organization;
};

// How many of the candidate's own best offers RankJointOffers pairs with partner posts:
// max(top_k × kJointWidening, kJointMinCandidateOffers).
inline constexpr int kJointWidening = 10;
inline constexpr int kJointMinCandidateOffers = 200;

// One ranked pair, with the records so the caller can explain it unlocked: the offer a
// copy, the candidate and territory shared (immutable; a territory write replaces the
// index's record, it never changes one a caller holds).
// The partner's half of a joint pair (RankJointOffers).
struct PartnerPost {
  matcher::Scores scores;  // the partner's pair score (matcher::FastScore)
  std::shared_ptr<const matcher::CandidateProfile> profile;  // matcher::PartnerProfile()
  matcher::OfferFeatures offer;
  std::shared_ptr<const matcher::TerritoryFeatures> territory;
  double drive_minutes_between = 0;  // estimated, between the two posts' territories
};

struct RankedPair {
  // With a partner post: score is matcher::JointScore of both pair scores; candidate_score
  // and territory_score are the candidate's pair's.
  matcher::Scores scores;
  std::shared_ptr<const matcher::CandidateProfile> candidate;
  matcher::OfferFeatures offer;
  std::shared_ptr<const matcher::TerritoryFeatures> territory;
  std::optional<PartnerPost> partner;  // joint ranking only
};

struct RankResult {
  std::vector<RankedPair> pairs;  // best first
  int64_t considered = 0;         // records scored after the prefilters
  int64_t scanned = 0;            // rows of the profession's segment read
  int64_t bytes_scanned = 0;      // column bytes read for those rows
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

// A metropolis that stored territories name, as they describe it.
struct DeclaredMetropolis {
  std::string id;               // "nancy"
  std::string name;             // a metropolis_access name given with it ("" when none)
  std::string department_code;  // of a member territory, else of the nearest one listing it
};

class MemoryIndex {
 public:
  // Replaces the contents with every record of `store`.
  [[nodiscard]] absl::Status LoadFrom(Store& store);
  // Reorders the columns for scans (offers grouped by territory); the contents do not
  // change. LoadFrom does it, and PutOffer whenever an eighth of the offers arrived since.
  void Optimize();

  void PutTerritory(const v1::Territory& territory);
  void EraseTerritory(const std::string& id);
  void PutOffer(const v1::Offer& offer);
  void EraseOffer(const std::string& id);
  void PutCandidate(const v1::Candidate& candidate);
  void EraseCandidate(const std::string& id);

  std::optional<matcher::CandidateProfile> FindCandidate(const std::string& id) const;
  std::optional<matcher::OfferFeatures> FindOffer(const std::string& id) const;
  std::optional<matcher::TerritoryFeatures> FindTerritory(const std::string& id) const;

  // The department code of the placed territory nearest (lat, lon) within `max_km`, or ""
  // (a household's current department, for recruiters' summaries). Microseconds: a grid of
  // the territories (nearest_grid.h), built on first use after a territory write.
  std::string DepartmentNear(double lat, double lon, double max_km) const;

  // The territories that pass every filter of `query` (a scan of folded names and
  // coordinates; about a millisecond for every commune of France).
  TerritoryPage SearchTerritories(const TerritoryQuery& query) const;

  // Whether a stored territory names metropolis `id`, as its metropolis_id (membership) or
  // in its metropolis_access. Constant time.
  bool DeclaresMetropolis(const std::string& id) const;
  // Every metropolis stored territories name, by id, with the name and department they
  // give it (a scan of the territories: about a millisecond for every commune of France).
  std::vector<DeclaredMetropolis> DeclaredMetropolises() const;

  // The offers best suited to `candidate` (stored or a visitor's profile), within its
  // limits and the offers' requirements (see RankQuery::include_beyond_limits). The
  // candidate's personal weights are applied on top of query.weights. InvalidArgument when
  // those personal weights do not resolve (matcher::ResolveWeights).
  [[nodiscard]] absl::StatusOr<RankResult> RankOffers(const matcher::CandidateProfile& candidate,
                                                      const RankQuery& query) const;
  // Pairs of posts for a household whose partner seeks a health post (query.joint): the
  // candidate's offer and, within matcher::kNearbyReachMinutes (estimated) of its
  // territory, the partner's best open offer of the partner's profession and specialty that
  // keeps matcher::PartnerLimits(); scored by matcher::JointScore, best first, ties by the
  // candidate's offer id then the partner's; top_k pairs, max_per_territory by the
  // candidate's offer's territory. A candidate offer without such a partner post is not a
  // pair. InvalidArgument ("options.joint") when the partner has no health profession or
  // needs no job, and as RankOffers.
  // Exact: the partner's post is the best (by its FastScore) among every open offer within
  // reach of each candidate offer considered. Approximate: only the candidate's
  // max(top_k × kJointWidening, kJointMinCandidateOffers) best offers (by RankOffers) are
  // considered, so a pair whose candidate offer ranks below them for the candidate alone
  // is missed even if its partner post would lift it (exact whenever the candidate has no
  // more eligible offers than that). Beyond-limits pairs are never paired.
  [[nodiscard]] absl::StatusOr<RankResult> RankJointOffers(
      const matcher::CandidateProfile& candidate, const RankQuery& query) const;
  // The candidates best suited to offer `offer_id` among those visible to recruiters
  // (matcher::VisibleToRecruiters: consent given, searching) of query.viewer_organization
  // (matcher::VisibleToOrganization), within the offer's
  // requirements and each household's limits (see RankQuery::include_beyond_limits);
  // NotFound when the offer is not stored.
  [[nodiscard]] absl::StatusOr<RankResult> RankCandidates(const std::string& offer_id,
                                                          const RankQuery& query) const;

  size_t territory_count() const;
  size_t offer_count() const;
  size_t candidate_count() const;
  // Estimated bytes held by the index's tables, dictionaries, territory records and the
  // territory criterion cache.
  size_t memory_bytes() const;
  // The territory criterion cache's part of memory_bytes().
  size_t territory_cache_bytes() const { return territory_cache_.memory_bytes(); }
  // Forgets the territory criterion cache (benchmarks of cold queries; contents unchanged).
  void DropCaches();
  // Metropolis codes below this have a drive-minutes column by territory row (RankOffers'
  // nearest chosen metropolis); a household choosing another is served from the records.
  static constexpr uint32_t kTabledMetropolises = 64;
  // The TerritoryCache key prefix of spouse_job columns that read open_offers_nearby
  // (households whose partner seeks a health post); see CachedColumnKey().
  static constexpr absl::string_view kSpouseNearbyKeyPrefix = "spouse|nearby|";

 private:
  // One RankOffers query: its plan and the scan of its rows (memory_index_rank.cc). It reads
  // the members below while RankOffers holds mu_ shared.
  class OfferRanking;
  // One pass of RankOffers / RankCandidates: `gate` drops the pairs beyond their limits;
  // without it they are ranked with their raw scores.
  absl::StatusOr<RankResult> RankOffersPass(const matcher::CandidateProfile& candidate,
                                            const RankQuery& query, bool gate) const;
  absl::StatusOr<RankResult> RankCandidatesPass(const std::string& offer_id, const RankQuery& query,
                                                bool gate) const;

  // Row of territory `id` in territories_, added when new; one more reference.
  uint32_t AcquireTerritoryRow(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ReleaseTerritoryRow(uint32_t row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  matcher::OfferFeatures WithTerritoryId(matcher::OfferFeatures offer, uint32_t row) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  // What a RankOffers scan reads of a territory when filters apply, compact (the full
  // record is ~500 bytes and several heap blocks): department and region codes.
  struct TerritoryScan {
    uint32_t department = 0;
    uint32_t region = 0;
  };
  // What the aid estimate reads of a territory: the old zoning, the zone level per
  // profession (profession * 16 + level, sorted), ZFRR, the local aids' amounts, and the
  // department and region codes (rules may be scoped to them).
  using MoneyClass =
      std::tuple<int, std::vector<int>, bool, std::vector<double>, std::string, std::string>;
  void SetTerritoryScan(uint32_t row, const matcher::TerritoryFeatures& territory)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ClearTerritoryScan(uint32_t row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Counts (delta +1) or uncounts (-1) the metropolises `territory` names.
  void CountDeclaredMetropolises(const matcher::TerritoryFeatures& territory, int delta)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The territory at `row` was written: its cells in the territory cache are forgotten
  // (its row, its money class and drive minutes codes), the other territories' kept.
  void ForgetTerritoryCells(uint32_t row) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The open offers within reach of these rows changed (their records' cells already say
  // so): their cached spouse_job cells that read them are forgotten.
  void RefreshNearby(const NearbyOpeningsTable::Rows& rows) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  // Territory ids, coded: the code is the row in territories_. Referenced by the stored
  // territory and by every offer in it (an offer may name a territory not stored yet).
  Dictionary<std::string> territory_ids_ ABSL_GUARDED_BY(mu_);
  // Immutable once stored (a write replaces the record) but for open_offers_nearby, a
  // live cell that nearby_ keeps: ranking results share them.
  std::vector<std::shared_ptr<const matcher::TerritoryFeatures>> territories_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> search_names_ ABSL_GUARDED_BY(mu_);      // FoldForSearch(name)
  std::vector<uint8_t> territory_stored_ ABSL_GUARDED_BY(mu_);      // territories_[row] is set
  std::vector<TerritoryScan> territory_scan_ ABSL_GUARDED_BY(mu_);  // by row, when stored
  // By row, when stored: the code in money_classes_ (RankOffers keeps the money criterion
  // by it).
  std::vector<uint32_t> territory_money_ ABSL_GUARDED_BY(mu_);
  // By metropolis code, then territory row: 1 + the drive minutes code (drive_minutes_) of
  // the territory's access to that metropolis (the shortest when listed twice), 0 when not
  // listed. RankOffers finds a household's nearest chosen metropolis from the rows of its
  // few choices, and keeps the proximity criterion by drive minutes code. Only the first
  // kTabledMetropolises codes are tabled (France has 22 metropolises; 4 bytes a territory
  // each), so that no input can make it grow beyond that.
  std::vector<std::vector<uint32_t>> minutes_to_ ABSL_GUARDED_BY(mu_);
  Dictionary<std::string> department_codes_ ABSL_GUARDED_BY(mu_);
  // DepartmentNear's grid over territories_; invalidated by every territory write.
  NearestGrid nearest_grid_;
  Dictionary<std::string> region_codes_ ABSL_GUARDED_BY(mu_);
  Dictionary<std::string> metropolis_codes_ ABSL_GUARDED_BY(mu_);
  // Metropolis id -> stored territories naming it (membership or access), each once.
  absl::flat_hash_map<std::string, int> declared_metropolises_ ABSL_GUARDED_BY(mu_);
  Dictionary<double> drive_minutes_ ABSL_GUARDED_BY(mu_);
  Dictionary<MoneyClass> money_classes_ ABSL_GUARDED_BY(mu_);
  size_t territory_count_ ABSL_GUARDED_BY(mu_) = 0;
  OfferColumns offers_ ABSL_GUARDED_BY(mu_);
  // Open offers within reach, by territory row (open_offers_nearby of the records).
  NearbyOpeningsTable nearby_ ABSL_GUARDED_BY(mu_);
  // Held by pointer: the columns are not movable (their id set points to them).
  std::unique_ptr<CandidateColumns> candidates_ ABSL_GUARDED_BY(mu_) =
      std::make_unique<CandidateColumns>();
  // Territory criterion outcomes by household key, across queries (territory_cache.h):
  // a territory write forgets its own cells (ForgetTerritoryCells); RankOffers uses it
  // under the shared lock.
  mutable TerritoryCache territory_cache_;
};

// A Store that applies every acknowledged write to a MemoryIndex too. Same contract as
// Store; `inner` and `index` are not owned and must outlive it.
std::unique_ptr<Store> NewIndexedStore(Store* inner, MemoryIndex* index);

}  // namespace matching::index

#endif  // MATCHING_INDEX_MEMORY_INDEX_H_
