#include "index/nearest_grid.h"

#include "gtest/gtest.h"

namespace matching::index {
namespace {

std::shared_ptr<const matcher::TerritoryFeatures> Place(const std::string& id,
                                                        const std::string& department, double lat,
                                                        double lon) {
  auto t = std::make_shared<matcher::TerritoryFeatures>();
  t->id = id;
  t->department_code = department;
  t->lat = lat;
  t->lon = lon;
  return t;
}

TEST(NearestGridTest, NearestPlacedTerritoryWithinTheDistance) {
  NearestGrid::Rows rows = {Place("54395", "54", 48.6921, 6.1844),  // Nancy
                            nullptr,                                // an erased row
                            Place("54431", "54", 48.5894, 6.4967),  // Lunéville
                            Place("57463", "57", 49.1193, 6.1757),  // Metz
                            Place("unplaced", "99", 0, 0)};
  NearestGrid grid;
  const auto department = [&](double lat, double lon, double max_km) {
    const matcher::TerritoryFeatures* t = grid.Nearest(rows, lat, lon, max_km);
    return t == nullptr ? std::string("-") : t->id;
  };
  EXPECT_EQ(department(48.70, 6.20, 50), "54395");
  EXPECT_EQ(department(48.60, 6.45, 50), "54431");
  EXPECT_EQ(department(49.05, 6.18, 50), "57463");
  EXPECT_EQ(department(48.8566, 2.3522, 50), "-");  // Paris: nothing stored within 50 km
  EXPECT_EQ(department(0.01, 0.01, 50), "-");       // unplaced territories are not places
  // Same answers as a scan of every row, on a line of points across Lorraine.
  for (double lon = 5.5; lon <= 7.0; lon += 0.05) {
    const matcher::TerritoryFeatures* scanned = nullptr;
    double best = 0;
    for (const auto& t : rows) {
      if (!t || (t->lat == 0 && t->lon == 0)) continue;
      const double dlat = t->lat - 48.8, dlon = (t->lon - lon) * std::cos(48.8 * M_PI / 180);
      const double d = dlat * dlat + dlon * dlon;
      if (scanned == nullptr || d < best) scanned = t.get(), best = d;
    }
    EXPECT_EQ(department(48.8, lon, 200), scanned->id) << lon;
  }
  // A territory write invalidates: the grid is built again from the rows.
  rows[3] = Place("57463", "57", 48.70, 6.21);
  grid.Invalidate();
  EXPECT_EQ(department(48.70, 6.21, 50), "57463");
}

}  // namespace
}  // namespace matching::index
