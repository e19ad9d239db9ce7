// NearbyOpeningsTable: per territory row, the catalog's open offers within reach, by
// profession and specialty (matcher::TerritoryFeatures::open_offers_nearby), kept in step
// with offer and territory writes so that no query scans the offers for them.
//
// Reach: a territory's own offers (0 min) and those of every placed territory whose
// estimated drive time (matcher::EstimateDriveMinutes of the great-circle distance, about
// 19 km for matcher::kNearbyReachMinutes = 30 min) is within kNearbyReachMinutes. A
// territory without coordinates (lat = lon = 0, or not stored) reaches only itself.
//
// Neighbour lists are computed once per placement (a grid of cells finds the candidates;
// reach is symmetric, so a placement updates both sides) and kept by row. Each row's
// summary lives in one matcher::NearbyOpeningsByKey::Cell that the territory's record
// shares (RecordOf): an offer write edits, in the cells of its territory's neighbours, the
// one key it changes (a count, and the kNearbyOffersListed nearest, recomputed for that key
// from the neighbours' offers only when an erased offer was among them), in place unless a
// reader holds that part. No record is copied. Every mutator returns the rows whose
// summary changed, with the professions that changed: MemoryIndex forgets their cached
// spouse_job cells.
//
// Cost: an offer write touches its territory's neighbours (tens of rows in dense regions,
// a map lookup each); a placement scans the grid cells around the old and the new place.
// BeginBulk() / EndBulk() defer every summary to one pass (LoadFrom).
//
// Not thread-safe; MemoryIndex serialises it under its mutex. The cells it hands out are
// thread-safe (readers may read them while it writes).
#ifndef MATCHING_INDEX_NEARBY_OPENINGS_H_
#define MATCHING_INDEX_NEARBY_OPENINGS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "matcher/types.h"

namespace matching::index {

class NearbyOpeningsTable {
 public:
  // Rows whose summary changed, with a bit mask of the professions that changed.
  using Rows = absl::flat_hash_map<uint32_t, uint32_t>;
  static constexpr uint32_t kAllProfessions = ~uint32_t{0};

  // Territory `row` is placed at (lat, lon), or unplaced when `placed` is false; a
  // placement at the same point changes nothing.
  Rows Place(uint32_t row, bool placed, double lat, double lon);
  // Offer `offer` (its territory at `row`) was written: counted when open, uncounted when
  // it was counted before and is now closed, filled, or moved.
  Rows PutOffer(const matcher::OfferFeatures& offer, uint32_t row);
  Rows EraseOffer(const std::string& offer_id);

  // Summaries are left empty between BeginBulk and EndBulk; EndBulk computes them all and
  // returns every row that has one.
  void BeginBulk() { bulk_ = true; }
  Rows EndBulk();

  // A handle on the summary of `row` (its live cell) for the territory's record.
  matcher::NearbyOpeningsByKey RecordOf(uint32_t row);
  // As RecordOf, for a new record of the territory: the row gets a cell of its own with
  // the same summary, so that records replaced before keep what they had.
  matcher::NearbyOpeningsByKey NewRecordOf(uint32_t row);
  // The rows within reach of `row` (itself included) with their estimated minutes.
  const std::vector<std::pair<uint32_t, double>>& NeighboursOf(uint32_t row) const;
  // The open offers whose territory is at `row`: id, profession and specialty.
  const std::vector<std::pair<std::string, matcher::NearbyOpeningsKey>>& OpenOffersIn(
      uint32_t row) const;
  size_t memory_bytes() const;

 private:
  struct Counted {
    uint32_t row;
    matcher::NearbyOpeningsKey key;
  };
  struct Location {
    bool placed = false;
    double lat = 0;
    double lon = 0;
    std::pair<int, int> cell;
  };
  void Grow(uint32_t row);
  void Add(const std::string& offer_id, const Counted& counted, Rows* changed);
  void Remove(const std::string& offer_id, Rows* changed);
  // Recomputes the summary of `row` for `key` from its neighbours' offers.
  void Recompute(uint32_t row, const matcher::NearbyOpeningsKey& key);
  void RecomputeAll(uint32_t row);
  // Neighbour lists of a placed row, by a scan of the grid around it.
  std::vector<std::pair<uint32_t, double>> FindNeighbours(uint32_t row) const;

  bool bulk_ = false;
  std::vector<Location> places_;
  std::vector<std::vector<std::pair<uint32_t, double>>> neighbours_;        // itself first, at 0
  std::vector<std::shared_ptr<matcher::NearbyOpeningsByKey::Cell>> cells_;  // by row
  // Open offers by territory row: id and key.
  std::vector<std::vector<std::pair<std::string, matcher::NearbyOpeningsKey>>> offers_in_;
  absl::flat_hash_map<std::string, Counted> counted_;
  std::map<std::pair<int, int>, std::vector<uint32_t>> grid_;  // placed rows by cell
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_NEARBY_OPENINGS_H_
