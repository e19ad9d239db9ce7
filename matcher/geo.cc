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

}  // namespace matching::matcher
