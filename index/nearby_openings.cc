// NearbyOpeningsTable: neighbour lists on a grid, and incremental summaries.
#include "index/nearby_openings.h"

#include <algorithm>
#include <array>
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
  const size_t old_cells = cells_.size();
  cells_.resize(row + 1);
  for (size_t r = old_cells; r <= row; ++r) {
    cells_[r] = std::make_shared<matcher::NearbyOpeningsByKey::Cell>();
  }
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
  // Plain names, not structured bindings: C++17 lambdas cannot capture those (clang).
  const auto& profession = counted.key.first;
  const auto& specialty = counted.key.second;
  for (const auto& neighbour : neighbours_[counted.row]) {
    const auto other = neighbour.first;
    const auto minutes = neighbour.second;
    cells_[other]->Update(profession, [&](matcher::NearbyOpeningsByKey::BySpecialty& part) {
      Insert(&part[specialty], {offer_id, minutes});
    });
    (*changed)[other] |= ProfessionBit(profession);
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
  const auto& profession = counted.key.first;
  const auto& specialty = counted.key.second;
  for (const auto& neighbour : neighbours_[counted.row]) {
    const auto other = neighbour.first;
    (*changed)[other] |= ProfessionBit(profession);
    bool listed = false;
    cells_[other]->Update(profession, [&](matcher::NearbyOpeningsByKey::BySpecialty& part) {
      auto entry = part.find(specialty);
      if (entry == part.end()) return;  // not reached: cannot happen, harmless
      matcher::NearbyOpenings& openings = entry->second;
      if (--openings.count <= 0) {
        part.erase(entry);
        return;
      }
      listed = std::any_of(
          openings.nearest.begin(), openings.nearest.end(),
          [&offer_id](const matcher::NearbyOffer& o) { return o.offer_id == offer_id; });
    });
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
  cells_[row]->Update(key.first, [&](matcher::NearbyOpeningsByKey::BySpecialty& part) {
    if (openings.count == 0) {
      part.erase(key.second);
    } else {
      part[key.second] = std::move(openings);
    }
  });
}

void NearbyOpeningsTable::RecomputeAll(uint32_t row) {
  using BySpecialty = matcher::NearbyOpeningsByKey::BySpecialty;
  std::array<BySpecialty, matcher::NearbyOpeningsByKey::kProfessionSlots> parts;
  for (const auto& [other, minutes] : neighbours_[row]) {
    for (const auto& [offer_id, key] : offers_in_[other]) {
      const int p = static_cast<int>(key.first);
      if (p < 0 || p >= static_cast<int>(parts.size())) continue;  // not kept (as Update)
      Insert(&parts[p][key.second], {offer_id, minutes});
    }
  }
  matcher::NearbyOpeningsByKey::Cell& cell = *cells_[row];
  for (size_t p = 0; p < parts.size(); ++p) {
    const auto profession = static_cast<matcher::Profession>(p);
    if (parts[p].empty() && cell.Get(profession) == nullptr) continue;
    cell.Update(profession, [&](BySpecialty& part) { part.swap(parts[p]); });
  }
}

NearbyOpeningsTable::Rows NearbyOpeningsTable::EndBulk() {
  bulk_ = false;
  Rows changed;
  for (uint32_t row = 0; row < cells_.size(); ++row) {
    RecomputeAll(row);
    if (RecordOf(row).size() > 0) changed[row] = kAllProfessions;
  }
  return changed;
}

matcher::NearbyOpeningsByKey NearbyOpeningsTable::RecordOf(uint32_t row) {
  Grow(row);
  return matcher::NearbyOpeningsByKey(cells_[row]);
}

matcher::NearbyOpeningsByKey NearbyOpeningsTable::NewRecordOf(uint32_t row) {
  Grow(row);
  auto fresh = std::make_shared<matcher::NearbyOpeningsByKey::Cell>();
  const auto parts = cells_[row]->All();
  for (size_t p = 0; p < parts.size(); ++p) {
    fresh->Set(static_cast<matcher::Profession>(p), parts[p]);
  }
  cells_[row] = std::move(fresh);
  return matcher::NearbyOpeningsByKey(cells_[row]);
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
  // A cell (its lock, a pointer a profession, the control block), then per part a map
  // with its control block, and per key a map node with its nearest offers.
  bytes += cells_.capacity() * 16;
  for (const auto& cell : cells_) {
    bytes += sizeof(matcher::NearbyOpeningsByKey::Cell) + 16;
    for (const auto& part : cell->All()) {
      if (part == nullptr) continue;
      bytes += 64;
      for (const auto& [specialty, openings] : *part) {
        bytes += 48 + sizeof(std::string) + sizeof(matcher::NearbyOpenings) +
                 openings.nearest.capacity() * sizeof(matcher::NearbyOffer);
      }
    }
  }
  return bytes;
}

}  // namespace matching::index
