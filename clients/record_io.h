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

#include "absl/status/statusor.h"
#include "matching/v1/catalog.pb.h"

namespace matching::clients {

enum class RecordKind { kAny, kTerritory, kOffer, kCandidate };
enum class FileFormat { kJsonl, kCsv };

// "territory" / "offer" / "candidate" (singular or plural); InvalidArgument otherwise.
[[nodiscard]] absl::StatusOr<RecordKind> ParseRecordKind(const std::string& name);
// From a file name: "territories.csv" -> kTerritory; kAny when no kind word appears.
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
};

// Reads every record of `in`, calling `sink` for each, in order. Blank JSONL lines are
// skipped. CSV needs a kind (not kAny): the header names the columns by field path
// ("id", "location.lat", "household.children_ages"); repeated values are separated by
// ';', map entries are "key:value;key:value", enums take their full or short name
// ("PROFESSION_GP" or "gp"), booleans true/false/1/0/yes/no, an empty cell leaves the
// field unset. Returns an error only for a problem with the whole file (bad header,
// unknown column, unreadable stream); bad records go to `sink` as errors.
[[nodiscard]] absl::Status ReadRecords(std::istream& in, FileFormat format, RecordKind kind,
                                       const std::function<void(ParsedRecord)>& sink);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_RECORD_IO_H_
