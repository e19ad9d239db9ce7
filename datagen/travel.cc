// The banded drive-time model.
#include "datagen/travel.h"

#include <algorithm>
#include <cmath>

namespace matching::datagen {

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

}  // namespace matching::datagen
