// Reading the committed commune and metropolis tables (data/communes.csv,
// data/metropoles.csv, written by scripts/fetch-communes) into plain structs.
//
// Pure functions of the file contents; thread-safe. The returned values are owned by the
// caller.
#ifndef MATCHING_DATAGEN_COMMUNES_H_
#define MATCHING_DATAGEN_COMMUNES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace matching::datagen {

// One current French commune, as in data/communes.csv.
struct Commune {
  std::string insee;       // INSEE code, "54395"; the territory id
  std::string name;        // "Nancy" (UTF-8)
  std::string department;  // "54", "2A", "971"
  std::string region;      // "44"
  int64_t population = 0;  // légal population, >= 0
  double lat = 0;          // WGS84 degrees
  double lon = 0;
  std::string epci;        // SIREN of its EPCI; may be empty
  std::string metropolis;  // id of its metropolis ("nancy"), empty when outside all 22
};

// One of the 22 metropolises, as in data/metropoles.csv.
struct Metropole {
  std::string id;            // "nancy": lower-case ASCII, a valid API id
  std::string name;          // "Métropole du Grand Nancy"
  std::string siren;         // EPCI SIREN, "245400676"
  std::string centre_insee;  // commune holding the seat, "54395"
  double lat = 0;            // the centre commune's point
  double lon = 0;
  int32_t communes = 0;  // number of member communes
};

// What ReadCommunes skipped, for the caller's report.
struct CommuneReadStats {
  int64_t rows = 0;                         // data rows read (the header excluded)
  int64_t unplaced = 0;                     // rows skipped because lat or lon is empty
  std::vector<std::string> unplaced_insee;  // their INSEE codes, in file order
};

// Reads `path` (header `insee,name,department,region,population,lat,lon,epci,metropolis`),
// returning the communes in file order. Rows whose lat or lon is empty (communes that no
// source places, about 66) are skipped and counted in `*stats` when `stats` is non-null.
// Errors name the file, line and field: "data/communes.csv:12: field 'population':
// 'abc' is not an integer". A missing file is NOT_FOUND; a bad row INVALID_ARGUMENT.
[[nodiscard]] absl::StatusOr<std::vector<Commune>> ReadCommunes(const std::string& path,
                                                                CommuneReadStats* stats = nullptr);

// Reads `path` (header `id,name,siren,centre_insee,lat,lon,communes`); every row must have
// coordinates. Errors as for ReadCommunes.
[[nodiscard]] absl::StatusOr<std::vector<Metropole>> ReadMetropoles(const std::string& path);

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_COMMUNES_H_
