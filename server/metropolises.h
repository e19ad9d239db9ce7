// The metropolises the server knows: those of metropoles.csv and those stored territories
// declare. They are what a household may name in metropolis_ids (ListMetropolises).
#ifndef MATCHING_SERVER_METROPOLISES_H_
#define MATCHING_SERVER_METROPOLISES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "index/memory_index.h"
#include "server/validation.h"

namespace matching::server {

// Reads a metropolises CSV (data/metropoles.csv): a header naming at least the columns
// `id`, `name` and `centre_insee` (any order, other columns ignored), then one metropolis
// a line. The department is the one the centre commune's INSEE code implies ("54395" ->
// "54"). Errors name the file, the line and the field: NotFound when the file cannot be
// opened, InvalidArgument for a missing column, a bad id, a centre that is not a commune
// code or an id listed twice.
[[nodiscard]] absl::StatusOr<std::vector<KnownMetropolis>> ReadMetropolesCsv(
    const std::string& path);

// Known metropolises: a fixed list (from the CSV; may be empty) and the ones stored
// territories declare (read from the index at each call, so territory writes count from
// the moment they are acknowledged).
//
// With a list loaded, a territory may name only known metropolises; with none, a territory
// may introduce one (its record is the only source), and households then name those.
//
// Thread-safe: immutable after construction; the index is thread-safe.
class Metropolises final : public MetropolisLookup {
 public:
  // `index` may be null (only the listed metropolises are known); not owned, must outlive.
  Metropolises(std::vector<KnownMetropolis> listed, const index::MemoryIndex* index);

  bool IsKnown(const std::string& id) const override;
  // By id: the listed ones as the file describes them, then those only territories
  // declare, with the name and department the territories give.
  std::vector<KnownMetropolis> All() const override;
  bool TerritoriesMayIntroduce() const override { return listed_.empty(); }

  size_t listed_count() const { return listed_.size(); }

 private:
  const std::vector<KnownMetropolis> listed_;
  absl::flat_hash_map<std::string, size_t> listed_by_id_;  // index in listed_
  const index::MemoryIndex* index_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_METROPOLISES_H_
