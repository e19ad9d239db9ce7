// Territory changes: merging an update mask (AIP-134) and naming the fields a write changes,
// for the reference-data audit log (Store::WriteTerritory).
#ifndef MATCHING_INDEX_TERRITORY_CHANGES_H_
#define MATCHING_INDEX_TERRITORY_CHANGES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "matching/v1/territory.pb.h"

namespace matching::index {

// OK when every path names a field of Territory ("name", "apl", "location.lat"); else
// InvalidArgument naming `field` and the first unknown path. Empty is valid (no mask).
[[nodiscard]] absl::Status ValidateTerritoryPaths(const std::vector<std::string>& paths,
                                                  const std::string& field);

// `stored` with the fields named by `paths` taken from `update` (AIP-134: a field named but
// absent from `update` is cleared; a named list or map is replaced whole; fields not named
// are kept). `paths` must be valid (ValidateTerritoryPaths). The id stays `stored`'s.
v1::Territory MergeTerritory(const v1::Territory& stored, const v1::Territory& update,
                             const std::vector<std::string>& paths);

// The top-level fields of Territory whose values differ between `before` and `after`
// (field names, in field-number order). With `before` null (a creation): the fields
// `after` sets. The id is never listed.
std::vector<std::string> ChangedTerritoryFields(const v1::Territory* before,
                                                const v1::Territory& after);

}  // namespace matching::index

#endif  // MATCHING_INDEX_TERRITORY_CHANGES_H_
