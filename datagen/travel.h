// Travel between two points without a road graph: great-circle distance and an estimated
// drive time from it, documented so that every figure shown can be labelled "estimated".
//
// Pure functions of their arguments; thread-safe.
#ifndef MATCHING_DATAGEN_TRAVEL_H_
#define MATCHING_DATAGEN_TRAVEL_H_

#include "matcher/geo.h"

namespace matching::datagen {

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

// Great-circle distance: matcher/geo.h (shared with the territory search).
using matcher::GreatCircleKm;

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

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_TRAVEL_H_
