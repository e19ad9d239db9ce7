// Territory search over the in-memory index.
#include "server/territory_search.h"

#include <cmath>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/handler_util.h"

namespace matching::server {
namespace {

absl::Status BuildQuery(const v1::ListTerritoriesRequest& request, index::TerritoryQuery* query) {
  index::PageRequest page;
  if (absl::Status s = ValidatePage(request.page_size(), request.page_token(), &page); !s.ok()) {
    return s;
  }
  query->limit = page.page_size;
  if (!request.page_token().empty() &&
      !absl::WebSafeBase64Unescape(request.page_token(), &query->after_id)) {
    return InvalidField("page_token", absl::StrCat("'", request.page_token(),
                                                   "' is not a token returned by this service"));
  }
  query->department_code = request.department_code();
  query->region_code = request.region_code();
  if (!request.metropolis_id().empty()) {
    if (absl::Status s = ValidateId("metropolis_id", request.metropolis_id()); !s.ok()) return s;
  }
  query->metropolis_id = request.metropolis_id();
  if (request.max_drive_minutes() < 0 || request.max_drive_minutes() > 600) {
    return InvalidField("max_drive_minutes",
                        absl::StrCat(request.max_drive_minutes(), " is outside [0, 600]"));
  }
  if (request.max_drive_minutes() > 0 && request.metropolis_id().empty()) {
    return InvalidField("max_drive_minutes", "needs metropolis_id (minutes to which metropolis?)");
  }
  query->max_drive_minutes = request.max_drive_minutes();
  if (absl::Status s = ValidateText("name_prefix", request.name_prefix()); !s.ok()) return s;
  query->name_prefix = request.name_prefix();
  if (request.has_near() != (request.radius_km() != 0)) {
    return InvalidField(request.has_near() ? "radius_km" : "near",
                        "near and radius_km go together (a point and a distance)");
  }
  if (request.has_near()) {
    if (absl::Status s = ValidateLocation("near", request.near()); !s.ok()) return s;
    if (!std::isfinite(request.radius_km()) || request.radius_km() <= 0 ||
        request.radius_km() > 500) {
      return InvalidField("radius_km",
                          absl::StrFormat("%g is outside (0, 500]", request.radius_km()));
    }
    if (!request.page_token().empty()) {
      return InvalidField("page_token", "a search near a point has a single page");
    }
    query->near = std::make_pair(request.near().lat(), request.near().lon());
    query->radius_km = request.radius_km();
  }
  return absl::OkStatus();
}

}  // namespace

bool NeedsTerritorySearch(const v1::ListTerritoriesRequest& request) {
  return !request.metropolis_id().empty() || request.max_drive_minutes() != 0 ||
         !request.name_prefix().empty() || request.has_near() || request.radius_km() != 0;
}

absl::Status SearchTerritories(const v1::ListTerritoriesRequest& request,
                               const index::MemoryIndex& index, index::Store& store,
                               v1::ListTerritoriesResponse* response) {
  index::TerritoryQuery query;
  if (absl::Status s = BuildQuery(request, &query); !s.ok()) return s;
  const index::TerritoryPage page = index.SearchTerritories(query);
  for (const index::TerritoryHit& hit : page.hits) {
    absl::StatusOr<v1::Territory> territory = store.GetTerritory(hit.id);
    if (absl::IsNotFound(territory.status())) continue;  // deleted since the scan
    if (!territory.ok()) return territory.status();
    *response->add_territories() = std::move(*territory);
    if (query.near) response->add_distance_km(hit.distance_km);
  }
  if (page.more && !page.hits.empty()) {
    response->set_next_page_token(absl::WebSafeBase64Escape(page.hits.back().id));
  }
  return absl::OkStatus();
}

}  // namespace matching::server
