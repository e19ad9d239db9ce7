// Distances on the Earth's surface, drive-time estimates from them, and "near a point"
// searches.
// Pure functions; thread-safe.
#ifndef MATCHER_GEO_H_
#define MATCHER_GEO_H_

namespace matching::matcher {

// Mean Earth radius (IUGG), in km.
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle (haversine) distance in km between two WGS84 points given in degrees.
// Symmetric; 0 for identical points.
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

// Road distance over great-circle distance. 1.3 is the usual figure for French roads
// outside mountains; it makes the estimate a little pessimistic across flat plains and
// optimistic across the Alps and the Massif Central.
inline constexpr double kRoadDetourFactor = 1.3;

// Speed by band of *road* distance, applied cumulatively: the first 10 km of a trip are
// driven at town speed, the next 40 km on secondary roads, the rest on motorways and
// main roads.
inline constexpr double kTownBandKm = 10.0;
inline constexpr double kTownSpeedKmh = 35.0;
inline constexpr double kSecondaryBandEndKm = 50.0;
inline constexpr double kSecondarySpeedKmh = 70.0;
inline constexpr double kMainRoadSpeedKmh = 100.0;

// Estimated drive minutes for a trip whose great-circle distance is `great_circle_km`:
//   road_km = great_circle_km * kRoadDetourFactor
//   minutes = 60 * (  min(road_km, 10)            / 35
//                   + clamp(road_km - 10, 0, 40)  / 70
//                   + max(road_km - 50, 0)        / 100)
// 0 km gives 0 minutes; the result is continuous and strictly increasing in the distance.
// Negative or non-finite input gives 0.
// Calibration against route planners: the model is pessimistic by about 20%, on purpose
// (trips start and end in streets, and a candidate's "at most 45 minutes" should not be
// promised too easily):
//   Nancy -> Lunéville  25.6 km great circle: 37 min estimated, about 30 driven;
//   Nancy -> Metz       48.3 km:              59 min estimated, about 50 driven;
//   Nancy -> Paris     281.7 km:             241 min estimated, about 200 driven.
double EstimateDriveMinutes(double great_circle_km);

}  // namespace matching::matcher

#endif  // MATCHER_GEO_H_
