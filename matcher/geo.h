// Distances on the Earth's surface, for drive-time estimates and "near a point" searches.
// Pure functions; thread-safe.
#ifndef MATCHER_GEO_H_
#define MATCHER_GEO_H_

namespace matching::matcher {

// Mean Earth radius (IUGG), in km.
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle (haversine) distance in km between two WGS84 points given in degrees.
// Symmetric; 0 for identical points.
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace matching::matcher

#endif  // MATCHER_GEO_H_
