// Travel between two points without a road graph: great-circle distance and an estimated
// drive time from it, documented so that every figure shown can be labelled "estimated".
//
// Pure functions of their arguments; thread-safe.
#ifndef MATCHING_DATAGEN_TRAVEL_H_
#define MATCHING_DATAGEN_TRAVEL_H_

#include "matcher/geo.h"

namespace matching::datagen {

// The banded drive-time model lives in matcher/geo.h (the index estimates the reach of a
// partner's openings with it too); datagen uses it under its historical names.
using matcher::EstimateDriveMinutes;
using matcher::GreatCircleKm;
using matcher::kMainRoadSpeedKmh;
using matcher::kRoadDetourFactor;
using matcher::kSecondaryBandEndKm;
using matcher::kSecondarySpeedKmh;
using matcher::kTownBandKm;
using matcher::kTownSpeedKmh;

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_TRAVEL_H_
