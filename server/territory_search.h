// ListTerritories beyond department and region: metropolis, name prefix, near a point.
// Served from the in-memory index, records read back from the store.
#ifndef MATCHING_SERVER_TERRITORY_SEARCH_H_
#define MATCHING_SERVER_TERRITORY_SEARCH_H_

#include "absl/status/status.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matching/v1/catalog.pb.h"

namespace matching::server {

// Whether the request uses a filter only the index can answer.
bool NeedsTerritorySearch(const v1::ListTerritoriesRequest& request);

// Validates (field-named INVALID_ARGUMENT) and answers the request. Thread-safe.
[[nodiscard]] absl::Status SearchTerritories(const v1::ListTerritoriesRequest& request,
                                             const index::MemoryIndex& index, index::Store& store,
                                             v1::ListTerritoriesResponse* response);

}  // namespace matching::server

#endif  // MATCHING_SERVER_TERRITORY_SEARCH_H_
