#include "index/nearest_grid.h"

#include <cmath>

#include "matcher/geo.h"

namespace matching::index {

void NearestGrid::Invalidate() {
  absl::MutexLock lock(&mu_);
  built_ = false;
  cells_.clear();
}

const matcher::TerritoryFeatures* NearestGrid::Nearest(const Rows& rows, double lat, double lon,
                                                       double max_km) const {
  const auto cell = [](double degrees) {
    return static_cast<int64_t>(std::floor(degrees / kCellDegrees));
  };
  absl::MutexLock lock(&mu_);  // short: the lookups below read a few cells
  if (!built_) {
    for (uint32_t row = 0; row < rows.size(); ++row) {
      const matcher::TerritoryFeatures* t = rows[row].get();
      if (t == nullptr || (t->lat == 0 && t->lon == 0)) continue;
      cells_[CellOf(cell(t->lat), cell(t->lon))].push_back(row);
    }
    built_ = true;
  }
  // Every cell that may hold a point within max_km (a degree of latitude is ~111 km; of
  // longitude, 111 km x cos(lat), taken at the pole-ward edge of the search).
  constexpr double kKmPerDegree = 111.0;
  const int64_t lat_rings = static_cast<int64_t>(std::ceil(max_km / kKmPerDegree / kCellDegrees));
  const double edge = std::min(89.0, std::abs(lat) + max_km / kKmPerDegree);
  const int64_t lon_rings = static_cast<int64_t>(
      std::ceil(max_km / (kKmPerDegree * std::cos(edge * M_PI / 180)) / kCellDegrees));
  if (lat_rings > 64 || lon_rings > 64) return nullptr;  // not what this grid is for
  const matcher::TerritoryFeatures* nearest = nullptr;
  double best_km = max_km;
  for (int64_t i = cell(lat) - lat_rings; i <= cell(lat) + lat_rings; ++i) {
    for (int64_t j = cell(lon) - lon_rings; j <= cell(lon) + lon_rings; ++j) {
      auto it = cells_.find(CellOf(i, j));
      if (it == cells_.end()) continue;
      for (uint32_t row : it->second) {
        const matcher::TerritoryFeatures* t = rows[row].get();
        const double km = matcher::GreatCircleKm(lat, lon, t->lat, t->lon);
        if (km <= best_km && (nearest == nullptr || km < best_km || t->id < nearest->id)) {
          nearest = t;
          best_km = km;
        }
      }
    }
  }
  return nearest;
}

}  // namespace matching::index
