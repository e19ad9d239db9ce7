// NearbyOpeningsTable: neighbour lists on a grid, and incremental summaries.
#include "index/nearby_openings.h"

#include <algorithm>
#include <cmath>

#include "matcher/geo.h"

namespace matching::index {
namespace {

constexpr double kCellDegrees = 0.25;  // ~28 km of latitude: reach fits in one cell around

// The great-circle distance whose estimated drive time is the reach (a little more, so
// that the grid never misses a territory; the minutes decide).
double ReachKm() {
  static const double km = [] {
    double low = 0, high = 1000;
    for (int i = 0; i < 60; ++i) {
      const double mid = (low + high) / 2;
      (matcher::EstimateDriveMinutes(mid) <= matcher::kNearbyReachMinutes ? low : high) = mid;
    }
    return high * 1.01 + 0.1;
  }();
  return km;
}

std::pair<int, int> CellOf(double lat, double lon) {
  return {static_cast<int>(std::floor(lat / kCellDegrees)),
          static_cast<int>(std::floor(lon / kCellDegrees))};
}

bool Nearer(const matcher::NearbyOffer& a, const matcher::NearbyOffer& b) {
  return a.drive_minutes != b.drive_minutes ? a.drive_minutes < b.drive_minutes
                                            : a.offer_id < b.offer_id;
}

// Adds `offer` to `openings`, keeping the kNearbyOffersListed nearest.
void Insert(matcher::NearbyOpenings* openings, matcher::NearbyOffer offer) {
  ++openings->count;
  std::vector<matcher::NearbyOffer>& nearest = openings->nearest;
  if (nearest.size() >= static_cast<size_t>(matcher::kNearbyOffersListed) &&
      !Nearer(offer, nearest.back())) {
    return;
  }
  nearest.insert(std::upper_bound(nearest.begin(), nearest.end(), offer, Nearer), std::move(offer));
  if (nearest.size() > static_cast<size_t>(matcher::kNearbyOffersListed)) nearest.pop_back();
}

uint32_t ProfessionBit(matcher::Profession profession) {
  const int p = static_cast<int>(profession);
  return p >= 0 && p < 32 ? uint32_t{1} << p : NearbyOpeningsTable::kAllProfessions;
}

bool OfferOpen(matcher::OfferStatus status) {
  return status == matcher::OfferStatus::kOpen || status == matcher::OfferStatus::kUnspecified;
}

}  // namespace

void NearbyOpeningsTable::Grow(uint32_t row) {
  if (row < places_.size()) return;
  places_.resize(row + 1);
  summaries_.resize(row + 1);
  offers_in_.resize(row + 1);
  const size_t old = neighbours_.size();
  neighbours_.resize(row + 1);
  for (size_t r = old; r <= row; ++r) neighbours_[r] = {{static_cast<uint32_t>(r), 0.0}};
}

std::vector<std::pair<uint32_t, double>> NearbyOpeningsTable::FindNeighbours(uint32_t row) const {
  const Location& place = places_[row];
  std::vector<std::pair<uint32_t, double>> found = {{row, 0.0}};
  const double reach_km = ReachKm();
  const int lat_cells = static_cast<int>(std::ceil(reach_km / (kCellDegrees * 111.0)));
  const double widest_cos =
      std::cos(std::min(89.0, std::fabs(place.lat) + lat_cells * kCellDegrees) * M_PI / 180);
  const int lon_cells = std::min(
      static_cast<int>(360 / kCellDegrees),
      static_cast<int>(std::ceil(reach_km / (kCellDegrees * 111.0 * std::max(widest_cos, 0.01)))));
  for (int dlat = -lat_cells; dlat <= lat_cells; ++dlat) {
    for (int dlon = -lon_cells; dlon <= lon_cells; ++dlon) {
      auto it = grid_.find({place.cell.first + dlat, place.cell.second + dlon});
      if (it == grid_.end()) continue;
      for (uint32_t other : it->second) {
        if (other == row) continue;
        const Location& there = places_[other];
        const double minutes = matcher::EstimateDriveMinutes(
            matcher::GreatCircleKm(place.lat, place.lon, there.lat, there.lon));
        if (minutes <= matcher::kNearbyReachMinutes) found.emplace_back(other, minutes);
      }
    }
  }
  return found;
}

NearbyOpeningsTable::Rows NearbyOpeningsTable::Place(uint32_t row, bool placed, double lat,
                                                     double lon) {
  Grow(row);
  Rows changed;
  Location& place = places_[row];
  if (place.placed == placed && (!placed || (place.lat == lat && place.lon == lon))) {
    return changed;
  }
  // Leave the old place: out of the grid and out of the old neighbours' lists.
  for (const auto& [other, minutes] : neighbours_[row]) {
    changed[other] = kAllProfessions;
    if (other == row) continue;
    auto& theirs = neighbours_[other];
    theirs.erase(std::remove_if(theirs.begin(), theirs.end(),
                                [row = row](const auto& n) { return n.first == row; }),
                 theirs.end());
  }
  if (place.placed) {
    std::vector<uint32_t>& cell = grid_[place.cell];
    cell.erase(std::remove(cell.begin(), cell.end(), row), cell.end());
    if (cell.empty()) grid_.erase(place.cell);
  }
  place = {placed, lat, lon, CellOf(lat, lon)};
  neighbours_[row] = {{row, 0.0}};
  if (placed) {
    neighbours_[row] = FindNeighbours(row);
    grid_[place.cell].push_back(row);
    for (const auto& [other, minutes] : neighbours_[row]) {
      changed[other] = kAllProfessions;
      if (other != row) neighbours_[other].emplace_back(row, minutes);
    }
  }
  if (bulk_) return {};
  for (const auto& [other, professions] : changed) RecomputeAll(other);
  return changed;
}

NearbyOpeningsTable::Rows NearbyOpeningsTable::PutOffer(const matcher::OfferFeatures& offer,
                                                        uint32_t row) {
  Grow(row);
  Rows changed;
  const bool open = OfferOpen(offer.status);
  const matcher::NearbyOpeningsKey key{offer.profession, offer.specialty};
  if (auto it = counted_.find(offer.id); it != counted_.end()) {
    if (open && it->second.row == row && it->second.key == key) return changed;  // same count
    Remove(offer.id, &changed);
  }
  if (open) Add(offer.id, {row, key}, &changed);
  return changed;
}

NearbyOpeningsTable::Rows NearbyOpeningsTable::EraseOffer(const std::string& offer_id) {
  Rows changed;
  if (counted_.contains(offer_id)) Remove(offer_id, &changed);
  return changed;
}

void NearbyOpeningsTable::Add(const std::string& offer_id, const Counted& counted, Rows* changed) {
  counted_.emplace(offer_id, counted);
  offers_in_[counted.row].emplace_back(offer_id, counted.key);
  if (bulk_) return;
  for (const auto& [other, minutes] : neighbours_[counted.row]) {
    Insert(&summaries_[other][counted.key], {offer_id, minutes});
    (*changed)[other] |= ProfessionBit(counted.key.first);
  }
}

void NearbyOpeningsTable::Remove(const std::string& offer_id, Rows* changed) {
  auto it = counted_.find(offer_id);
  const Counted counted = it->second;
  counted_.erase(it);
  auto& here = offers_in_[counted.row];
  here.erase(std::find_if(here.begin(), here.end(),
                          [&offer_id](const auto& entry) { return entry.first == offer_id; }));
  if (bulk_) return;
  for (const auto& [other, minutes] : neighbours_[counted.row]) {
    (*changed)[other] |= ProfessionBit(counted.key.first);
    auto entry = summaries_[other].find(counted.key);
    if (entry == summaries_[other].end()) continue;  // not reached: cannot happen, harmless
    matcher::NearbyOpenings& openings = entry->second;
    if (--openings.count <= 0) {
      summaries_[other].erase(entry);
      continue;
    }
    const bool listed =
        std::any_of(openings.nearest.begin(), openings.nearest.end(),
                    [&offer_id](const matcher::NearbyOffer& o) { return o.offer_id == offer_id; });
    // The next nearest is not kept: find it among the neighbours' offers.
    if (listed) Recompute(other, counted.key);
  }
}

void NearbyOpeningsTable::Recompute(uint32_t row, const matcher::NearbyOpeningsKey& key) {
  matcher::NearbyOpenings openings;
  for (const auto& [other, minutes] : neighbours_[row]) {
    for (const auto& [offer_id, offer_key] : offers_in_[other]) {
      if (offer_key == key) Insert(&openings, {offer_id, minutes});
    }
  }
  if (openings.count == 0) {
    summaries_[row].erase(key);
  } else {
    summaries_[row][key] = std::move(openings);
  }
}

void NearbyOpeningsTable::RecomputeAll(uint32_t row) {
  Summary summary;
  for (const auto& [other, minutes] : neighbours_[row]) {
    for (const auto& [offer_id, key] : offers_in_[other]) {
      Insert(&summary[key], {offer_id, minutes});
    }
  }
  summaries_[row] = std::move(summary);
}

NearbyOpeningsTable::Rows NearbyOpeningsTable::EndBulk() {
  bulk_ = false;
  Rows changed;
  for (uint32_t row = 0; row < summaries_.size(); ++row) {
    RecomputeAll(row);
    if (!summaries_[row].empty()) changed[row] = kAllProfessions;
  }
  return changed;
}

std::shared_ptr<const matcher::NearbyOpeningsByKey::BySpecialty> NearbyOpeningsTable::PartOf(
    uint32_t row, matcher::Profession profession) const {
  if (row >= summaries_.size()) return nullptr;
  const Summary& summary = summaries_[row];
  auto part = std::make_shared<matcher::NearbyOpeningsByKey::BySpecialty>();
  for (auto it = summary.lower_bound({profession, std::string()});
       it != summary.end() && it->first.first == profession; ++it) {
    part->emplace(it->first.second, it->second);
  }
  if (part->empty()) return nullptr;
  return part;
}

matcher::NearbyOpeningsByKey NearbyOpeningsTable::RecordOf(uint32_t row) const {
  matcher::NearbyOpeningsByKey record;
  for (int p = 0; p < matcher::NearbyOpeningsByKey::kProfessionSlots; ++p) {
    const auto profession = static_cast<matcher::Profession>(p);
    record.Set(profession, PartOf(row, profession));
  }
  return record;
}

const std::vector<std::pair<uint32_t, double>>& NearbyOpeningsTable::NeighboursOf(
    uint32_t row) const {
  static const auto* const kNone = new std::vector<std::pair<uint32_t, double>>();
  return row < neighbours_.size() ? neighbours_[row] : *kNone;
}

const std::vector<std::pair<std::string, matcher::NearbyOpeningsKey>>&
NearbyOpeningsTable::OpenOffersIn(uint32_t row) const {
  static const auto* const kNone =
      new std::vector<std::pair<std::string, matcher::NearbyOpeningsKey>>();
  return row < offers_in_.size() ? offers_in_[row] : *kNone;
}

size_t NearbyOpeningsTable::memory_bytes() const {
  size_t bytes = places_.capacity() * sizeof(Location) + counted_.capacity() * 64;
  for (const auto& list : neighbours_) bytes += list.capacity() * 16 + 24;
  for (const auto& list : offers_in_) bytes += list.capacity() * 64 + 24;
  for (const Summary& summary : summaries_) bytes += summary.size() * 160 + 48;
  return bytes;
}

}  // namespace matching::index
