// Reading import files: JSONL (protobuf JSON mapping) and CSV (header row of field paths).
//
// No gRPC here: this is pure parsing, shared by matchctl and the fuzz targets.
// Thread-compatible: each call works on its own arguments.
#ifndef MATCHING_CLIENTS_RECORD_IO_H_
#define MATCHING_CLIENTS_RECORD_IO_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/spreadsheet.h"
#include "matching/v1/catalog.pb.h"

namespace matching::clients {

enum class RecordKind { kAny, kTerritory, kOffer, kCandidate };
enum class FileFormat { kJsonl, kCsv };

// "territory" / "offer" / "candidate" or "territoire" / "offre" / "candidat" (singular or
// plural); InvalidArgument otherwise.
[[nodiscard]] absl::StatusOr<RecordKind> ParseRecordKind(const std::string& name);
// From a file name: "territories.csv" or "territoires.csv" -> kTerritory, "offres.csv" ->
// kOffer, "candidats.csv" -> kCandidate; kAny when no kind word appears.
RecordKind RecordKindFromFileName(const std::string& path);
// From the extension: .csv -> CSV; .jsonl, .ndjson, .json -> JSONL.
[[nodiscard]] absl::StatusOr<FileFormat> FileFormatFromFileName(const std::string& path);

// One JSONL line. With kind kAny the line is an ImportRecord ({"offer": {...}}); with a
// kind it is a bare record of that kind. Errors name the field (protobuf's JSON parser).
[[nodiscard]] absl::StatusOr<v1::ImportRecord> ParseJsonLine(const std::string& line,
                                                             RecordKind kind);

// A parsed record, or the reason the input at `line` (1-based) was rejected.
struct ParsedRecord {
  int64_t line = 0;
  absl::StatusOr<v1::ImportRecord> record;
  // Values read otherwise than written, and hints ("department_code: '1' read as '01' ...").
  std::vector<Notice> warnings;
};

// Reads every record of `in`, calling `sink` for each, in order. Blank JSONL lines are
// skipped. CSV needs a kind (not kAny): the header names the columns by field path
// ("id", "location.lat", "household.children_ages"); repeated values are separated by
// ';', map entries are "key:value;key:value", enums take their full or short name
// ("PROFESSION_GP" or "gp"), booleans true/false/1/0/yes/no/oui/non/vrai/faux, an empty
// cell leaves the field unset.
//
// CSV as French spreadsheets write it (clients/spreadsheet.h): a UTF-8 byte-order mark is
// skipped; the separator (',', ';' or tab) is the header's; lines that are not UTF-8 are
// read as Windows-1252 and converted; numbers may have a decimal comma and spaced
// thousands ("10 000", "10000,5"); dates (start_date, available_from, available_until,
// Timestamps) may be JJ/MM/AAAA; department and region codes of one digit and INSEE codes
// of four (territory id, offer territory_id) get their leading zero back, with a warning
// on the record; `="01053"` cells are read as 01053. *dialect (optional) says what was
// found. Returns an error only for a problem with the whole file (bad header, unknown
// column, bytes in no known encoding, unreadable stream); bad records go to `sink` as
// errors.
[[nodiscard]] absl::Status ReadRecords(std::istream& in, FileFormat format, RecordKind kind,
                                       const std::function<void(ParsedRecord)>& sink,
                                       CsvDialect* dialect = nullptr);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_RECORD_IO_H_
