// CSV reading with libcsv, one row at a time, keeping the line each row started on.
#include "datagen/communes.h"

#include <csv.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace matching::datagen {
namespace {

// Collects libcsv callbacks into complete rows.
struct CsvState {
  std::vector<std::string> row;
  std::vector<std::pair<int64_t, std::vector<std::string>>> done;  // (start line, cells)
  int64_t current_line = 0;
  int64_t row_start_line = 0;
  bool in_row = false;
};

void OnField(void* data, size_t size, void* state_ptr) {
  auto* state = static_cast<CsvState*>(state_ptr);
  if (!state->in_row) {
    state->in_row = true;
    state->row_start_line = state->current_line;
  }
  state->row.emplace_back(data == nullptr ? "" : std::string(static_cast<char*>(data), size));
}

void OnRowEnd(int /*terminator*/, void* state_ptr) {
  auto* state = static_cast<CsvState*>(state_ptr);
  if (!state->in_row) state->row_start_line = state->current_line;
  state->done.emplace_back(state->row_start_line, std::move(state->row));
  state->row.clear();
  state->in_row = false;
}

// One data row being converted: names the file, line and field in every error.
class Row {
 public:
  Row(const std::string& path, int64_t line, const std::vector<std::string>& header,
      const std::vector<std::string>& cells)
      : path_(path), line_(line), header_(header), cells_(cells) {}

  absl::Status Error(size_t column, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", line_, ": field '", header_[column], "': ", what));
  }
  const std::string& Text(size_t column) const { return cells_[column]; }
  absl::Status Required(size_t column) const {
    return cells_[column].empty() ? Error(column, "is empty") : absl::OkStatus();
  }
  absl::Status Integer(size_t column, int64_t* out) const {
    if (!absl::SimpleAtoi(cells_[column], out) || *out < 0) {
      return Error(column, absl::StrCat("'", cells_[column], "' is not an integer >= 0"));
    }
    return absl::OkStatus();
  }
  absl::Status Degrees(size_t column, double limit, double* out) const {
    if (!absl::SimpleAtod(cells_[column], out) || !std::isfinite(*out) || std::fabs(*out) > limit) {
      return Error(column, absl::StrCat("'", cells_[column], "' is not a coordinate in [-", limit,
                                        ", ", limit, "]"));
    }
    return absl::OkStatus();
  }

 private:
  const std::string& path_;
  int64_t line_;
  const std::vector<std::string>& header_;
  const std::vector<std::string>& cells_;
};

// Parses `path`, checks the header is exactly `header`, and calls `on_row` for each data
// row with as many cells as the header; stops at the first error.
absl::Status ForEachRow(const std::string& path, const std::vector<std::string>& header,
                        const std::function<absl::Status(const Row&)>& on_row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open for reading"));
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    return absl::ResourceExhaustedError("cannot initialise the CSV parser");
  }
  CsvState state;
  bool header_seen = false;
  absl::Status status;
  auto drain = [&]() {
    for (const auto& [line, cells] : state.done) {
      if (!status.ok()) break;
      if (!header_seen) {
        header_seen = true;
        if (cells != header) {
          status = absl::InvalidArgumentError(
              absl::StrCat(path, ":", line, ": header is '", absl::StrJoin(cells, ","),
                           "'; expected '", absl::StrJoin(header, ","), "'"));
        }
        continue;
      }
      if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
      if (cells.size() != header.size()) {
        status =
            absl::InvalidArgumentError(absl::StrCat(path, ":", line, ": row has ", cells.size(),
                                                    " fields; the header has ", header.size()));
        break;
      }
      status = on_row(Row(path, line, header, cells));
    }
    state.done.clear();
  };
  std::string line;
  while (status.ok() && std::getline(in, line)) {
    ++state.current_line;
    line.push_back('\n');
    if (csv_parse(&parser, line.data(), line.size(), OnField, OnRowEnd, &state) != line.size()) {
      status = absl::InvalidArgumentError(
          absl::StrCat(path, ":", state.current_line, ": ", csv_strerror(csv_error(&parser))));
      break;
    }
    drain();
  }
  if (status.ok() && csv_fini(&parser, OnField, OnRowEnd, &state) != 0) {
    status = absl::InvalidArgumentError(
        absl::StrCat(path, ":", state.row_start_line, ": ", csv_strerror(csv_error(&parser))));
  }
  if (status.ok()) drain();
  csv_free(&parser);
  if (status.ok() && !header_seen) {
    status = absl::InvalidArgumentError(absl::StrCat(path, ": empty file, no header row"));
  }
  return status;
}

#define DATAGEN_RETURN_IF_ERROR(expr)  \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (false)

}  // namespace

absl::StatusOr<std::vector<Commune>> ReadCommunes(const std::string& path,
                                                  CommuneReadStats* stats) {
  enum { kInsee, kName, kDepartment, kRegion, kPopulation, kLat, kLon, kEpci, kMetropolis };
  const std::vector<std::string> header = {"insee", "name", "department", "region",    "population",
                                           "lat",   "lon",  "epci",       "metropolis"};
  std::vector<Commune> communes;
  CommuneReadStats local_stats;
  absl::Status status = ForEachRow(path, header, [&](const Row& row) -> absl::Status {
    ++local_stats.rows;
    DATAGEN_RETURN_IF_ERROR(row.Required(kInsee));
    // Unplaced rows (overseas collectivities, TAAF) may lack a population too.
    if (row.Text(kLat).empty() || row.Text(kLon).empty()) {
      ++local_stats.unplaced;
      local_stats.unplaced_insee.push_back(row.Text(kInsee));
      return absl::OkStatus();
    }
    for (size_t column : {kName, kDepartment, kRegion, kPopulation}) {
      DATAGEN_RETURN_IF_ERROR(row.Required(column));
    }
    Commune commune;
    commune.insee = row.Text(kInsee);
    commune.name = row.Text(kName);
    commune.department = row.Text(kDepartment);
    commune.region = row.Text(kRegion);
    DATAGEN_RETURN_IF_ERROR(row.Integer(kPopulation, &commune.population));
    DATAGEN_RETURN_IF_ERROR(row.Degrees(kLat, 90, &commune.lat));
    DATAGEN_RETURN_IF_ERROR(row.Degrees(kLon, 180, &commune.lon));
    commune.epci = row.Text(kEpci);
    commune.metropolis = row.Text(kMetropolis);
    communes.push_back(std::move(commune));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (stats != nullptr) *stats = std::move(local_stats);
  return communes;
}

absl::StatusOr<std::vector<Metropole>> ReadMetropoles(const std::string& path) {
  enum { kId, kName, kSiren, kCentre, kLat, kLon, kCommunes };
  const std::vector<std::string> header = {"id",  "name", "siren",   "centre_insee",
                                           "lat", "lon",  "communes"};
  std::vector<Metropole> metropoles;
  absl::Status status = ForEachRow(path, header, [&](const Row& row) -> absl::Status {
    for (size_t column : {kId, kName, kCentre, kLat, kLon}) {
      DATAGEN_RETURN_IF_ERROR(row.Required(column));
    }
    Metropole metropole;
    metropole.id = row.Text(kId);
    metropole.name = row.Text(kName);
    metropole.siren = row.Text(kSiren);
    metropole.centre_insee = row.Text(kCentre);
    DATAGEN_RETURN_IF_ERROR(row.Degrees(kLat, 90, &metropole.lat));
    DATAGEN_RETURN_IF_ERROR(row.Degrees(kLon, 180, &metropole.lon));
    int64_t member_count = 0;
    if (!row.Text(kCommunes).empty()) {
      DATAGEN_RETURN_IF_ERROR(row.Integer(kCommunes, &member_count));
    }
    metropole.communes = static_cast<int32_t>(member_count);
    metropoles.push_back(std::move(metropole));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return metropoles;
}

}  // namespace matching::datagen
