// Haversine distance.
#include "matcher/geo.h"

#include <algorithm>
#include <cmath>

namespace matching::matcher {

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadiansPerDegree = M_PI / 180.0;
  const double phi1 = lat1 * kRadiansPerDegree;
  const double phi2 = lat2 * kRadiansPerDegree;
  const double half_dphi = (lat2 - lat1) * kRadiansPerDegree / 2;
  const double half_dlambda = (lon2 - lon1) * kRadiansPerDegree / 2;
  const double h = std::sin(half_dphi) * std::sin(half_dphi) + std::cos(phi1) * std::cos(phi2) *
                                                                   std::sin(half_dlambda) *
                                                                   std::sin(half_dlambda);
  // Clamp: rounding can push h a hair above 1 for antipodal points.
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

double EstimateDriveMinutes(double great_circle_km) {
  if (!std::isfinite(great_circle_km) || great_circle_km <= 0) return 0;
  const double road_km = great_circle_km * kRoadDetourFactor;
  const double town_km = std::min(road_km, kTownBandKm);
  const double secondary_km =
      std::clamp(road_km - kTownBandKm, 0.0, kSecondaryBandEndKm - kTownBandKm);
  const double main_road_km = std::max(road_km - kSecondaryBandEndKm, 0.0);
  return 60.0 * (town_km / kTownSpeedKmh + secondary_km / kSecondarySpeedKmh +
                 main_road_km / kMainRoadSpeedKmh);
}

}  // namespace matching::matcher
