// NearestGrid: the placed territory nearest a point, by cells of a degree grid.
//
// MemoryIndex::DepartmentNear asks it for each household of a recruiter's answer (up to a
// thousand): a scan of every commune each time would cost a millisecond apiece. The grid is
// built on first use after Invalidate() (a territory write), from the territory rows.
//
// Thread-safety: Nearest() may be called concurrently (the owner holds its shared lock, so
// the rows do not change meanwhile); Invalidate() under the owner's exclusive lock.
#ifndef MATCHING_INDEX_NEAREST_GRID_H_
#define MATCHING_INDEX_NEAREST_GRID_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "matcher/types.h"

namespace matching::index {

class NearestGrid {
 public:
  using Rows = std::vector<std::shared_ptr<const matcher::TerritoryFeatures>>;

  // The placed territory (lat, lon not both 0) of `rows` nearest (lat, lon) within
  // `max_km` (great circle), or null.
  const matcher::TerritoryFeatures* Nearest(const Rows& rows, double lat, double lon,
                                            double max_km) const;
  void Invalidate();

 private:
  static constexpr double kCellDegrees = 0.25;
  static int64_t CellOf(int64_t lat_cell, int64_t lon_cell) { return lat_cell * 4096 + lon_cell; }
  mutable absl::Mutex mu_;
  mutable bool built_ ABSL_GUARDED_BY(mu_) = false;
  mutable absl::flat_hash_map<int64_t, std::vector<uint32_t>> cells_ ABSL_GUARDED_BY(mu_);
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_NEAREST_GRID_H_
