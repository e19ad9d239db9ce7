// JSONL and CSV import parsing.
#include "clients/record_io.h"

#include <csv.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/spreadsheet.h"

namespace matching::clients {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

Message* MutableRecord(v1::ImportRecord* record, RecordKind kind) {
  switch (kind) {
    case RecordKind::kTerritory:
      return record->mutable_territory();
    case RecordKind::kOffer:
      return record->mutable_offer();
    case RecordKind::kCandidate:
      return record->mutable_candidate();
    case RecordKind::kAny:
      break;
  }
  return record;
}

const Descriptor* RecordDescriptor(RecordKind kind) {
  v1::ImportRecord record;
  return MutableRecord(&record, kind)->GetDescriptor();
}

absl::StatusOr<v1::ImportRecord> ParseJsonInto(const std::string& json, RecordKind kind) {
  v1::ImportRecord record;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status =
      google::protobuf::util::JsonStringToMessage(json, MutableRecord(&record, kind), options);
  if (!status.ok()) return absl::InvalidArgumentError(std::string(status.message()));
  if (kind == RecordKind::kAny && record.record_case() == v1::ImportRecord::RECORD_NOT_SET) {
    return absl::InvalidArgumentError(
        "record: none of \"territory\", \"offer\", \"candidate\" is set (or use --kind for "
        "bare records)");
  }
  return record;
}

// A CSV column resolved against the record's descriptor: the path of fields to its value.
struct Column {
  std::string name;
  std::vector<const FieldDescriptor*> path;
};

absl::StatusOr<Column> ResolveColumn(const Descriptor* descriptor, const std::string& name) {
  Column column{name, {}};
  const Descriptor* current = descriptor;
  for (absl::string_view part : absl::StrSplit(name, '.')) {
    if (current == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CSV header: column '", name, "' goes inside a field that is not a message"));
    }
    const FieldDescriptor* field = current->FindFieldByName(std::string(part));
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("CSV header: column '", name, "': '", part,
                                                     "' is not a field of ", current->name()));
    }
    column.path.push_back(field);
    const bool nested = field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_repeated() &&
                        field->message_type()->full_name() != "google.protobuf.Timestamp";
    current = nested ? field->message_type() : nullptr;
  }
  const FieldDescriptor* leaf = column.path.back();
  if (leaf->type() == FieldDescriptor::TYPE_MESSAGE && !leaf->is_map() &&
      leaf->message_type()->full_name() != "google.protobuf.Timestamp") {
    return absl::InvalidArgumentError(absl::StrCat(
        "CSV header: column '", name, "' is a message or a list of messages; use JSONL for it"));
  }
  return column;
}

// String fields holding a day ("YYYY-MM-DD" in the API).
bool IsDateField(const FieldDescriptor* field) {
  return field->type() == FieldDescriptor::TYPE_STRING &&
         (field->name() == "start_date" || field->name() == "available_from" ||
          field->name() == "available_until");
}

absl::StatusOr<nlohmann::json> ScalarValue(const FieldDescriptor* field, const std::string& cell,
                                           const std::string& column) {
  auto bad = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(column, ": '", cell, "' is not ", what));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string v = absl::AsciiStrToLower(cell);
      if (v == "true" || v == "1" || v == "yes" || v == "oui" || v == "vrai") return true;
      if (v == "false" || v == "0" || v == "no" || v == "non" || v == "faux") return false;
      return bad("a boolean (oui/non, vrai/faux, true/false, 1/0)");
    }
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(NormaliseNumber(cell), &v)) return bad("an integer");
      return v;
    }
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v = 0;
      if (!absl::SimpleAtoi(NormaliseNumber(cell), &v)) return bad("a non-negative integer");
      return v;
    }
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v = 0;
      if (!absl::SimpleAtod(NormaliseNumber(cell), &v)) {
        return bad("a number (10000,5 or 10 000 are read too)");
      }
      return v;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      if (type->FindValueByName(cell) != nullptr) return cell;
      // Short names: "gp" -> PROFESSION_GP, "care-home" -> PRACTICE_SETTING_CARE_HOME.
      const std::string prefix = type->value(0)->name().substr(
          0, type->value(0)->name().size() - std::string("UNSPECIFIED").size());
      std::string upper = absl::AsciiStrToUpper(cell);
      std::replace(upper.begin(), upper.end(), '-', '_');
      std::replace(upper.begin(), upper.end(), ' ', '_');
      if (type->FindValueByName(prefix + upper) != nullptr) return prefix + upper;
      std::vector<std::string> names;
      for (int i = 1; i < type->value_count(); ++i) {
        names.push_back(absl::AsciiStrToLower(type->value(i)->name().substr(prefix.size())));
      }
      return bad(absl::StrCat("one of ", absl::StrJoin(names, ", ")));
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {  // a Timestamp: RFC 3339, or a day JJ/MM/AAAA
      if (!absl::StrContains(cell, '/')) return cell;
      absl::StatusOr<std::string> day = NormaliseDate(cell, column);
      if (!day.ok()) return day.status();
      return absl::StrCat(*day, "T00:00:00Z");
    }
    default:
      if (IsDateField(field)) {
        absl::StatusOr<std::string> day = NormaliseDate(cell, column);
        if (!day.ok()) return day.status();
        return *day;
      }
      return cell;
  }
}

// Codes a spreadsheet turns into numbers: "1" for department "01", "4" for region "04".
bool IsShortCodeField(const FieldDescriptor* field) {
  return field->name() == "department_code" || field->name() == "region_code" ||
         field->name() == "wanted_department_codes" || field->name() == "excluded_department_codes";
}

absl::Status SetCell(nlohmann::json& object, const Column& column, const std::string& raw_cell,
                     std::vector<Notice>* warnings) {
  const std::string cell = UndoFormulaGuard(UnwrapExcelText(raw_cell));
  // nlohmann::json throws on invalid UTF-8 when the row is serialised: refuse it here, with
  // the column, since a file saved as Latin-1 or Windows-1252 is a common mistake.
  if (!IsValidUtf8(cell)) {
    return absl::InvalidArgumentError(
        absl::StrCat(column.name, ": the cell is not valid UTF-8 (save the file as UTF-8)"));
  }
  nlohmann::json* target = &object;
  for (size_t i = 0; i + 1 < column.path.size(); ++i) target = &(*target)[column.path[i]->name()];
  const FieldDescriptor* leaf = column.path.back();
  auto repaired = [&](absl::string_view value) {
    if (!IsShortCodeField(leaf)) return std::string(value);
    Notice warning;
    std::string code = RepairShortCode(value, column.name, &warning);
    if (!warning.empty()) warnings->push_back(std::move(warning));
    return code;
  };
  nlohmann::json& slot = (*target)[leaf->name()];
  if (leaf->is_map()) {
    const FieldDescriptor* value_field = leaf->message_type()->map_value();
    slot = nlohmann::json::object();
    for (absl::string_view entry : absl::StrSplit(cell, ';', absl::SkipWhitespace())) {
      std::pair<std::string, std::string> kv = absl::StrSplit(entry, absl::MaxSplits(':', 1));
      absl::StripAsciiWhitespace(&kv.first);
      absl::StripAsciiWhitespace(&kv.second);
      if (kv.first.empty() || kv.second.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(column.name, ": '", entry, "' is not a key:value entry"));
      }
      absl::StatusOr<nlohmann::json> value = ScalarValue(value_field, kv.second, column.name);
      if (!value.ok()) return value.status();
      slot[kv.first] = std::move(*value);
    }
  } else if (leaf->is_repeated()) {
    slot = nlohmann::json::array();
    for (absl::string_view item : absl::StrSplit(cell, ';', absl::SkipWhitespace())) {
      absl::StatusOr<nlohmann::json> value =
          ScalarValue(leaf, repaired(absl::StripAsciiWhitespace(item)), column.name);
      if (!value.ok()) return value.status();
      slot.push_back(std::move(*value));
    }
  } else {
    absl::StatusOr<nlohmann::json> value = ScalarValue(leaf, repaired(cell), column.name);
    if (!value.ok()) return value.status();
    slot = std::move(*value);
  }
  return absl::OkStatus();
}

// A territory's id or an offer's territory_id that looks like an INSEE code saved as a
// number, checked against the row's department when it has one.
void RepairInseeCodes(nlohmann::json& object, RecordKind kind, std::vector<Notice>* warnings) {
  const char* field = kind == RecordKind::kTerritory ? "id"
                      : kind == RecordKind::kOffer   ? "territory_id"
                                                     : nullptr;
  if (field == nullptr || !object.contains(field) || !object[field].is_string()) return;
  std::string department;
  if (kind == RecordKind::kTerritory && object.contains("department_code") &&
      object["department_code"].is_string()) {
    department = object["department_code"].get<std::string>();
  }
  Notice warning;
  object[field] = RepairInseeCode(object[field].get<std::string>(), field, department, &warning);
  if (!warning.empty()) warnings->push_back(std::move(warning));
}

// Collects libcsv's callbacks into rows, remembering the line each row started on.
struct CsvState {
  std::vector<std::string> row;
  std::vector<std::vector<std::string>> done_rows;
  std::vector<int64_t> done_lines;
  int64_t current_line = 0;
  int64_t row_start_line = 0;
  bool in_row = false;
};

void OnCsvField(void* data, size_t size, void* state_ptr) {
  auto* state = static_cast<CsvState*>(state_ptr);
  if (!state->in_row) {
    state->in_row = true;
    state->row_start_line = state->current_line;
  }
  state->row.emplace_back(data == nullptr ? "" : std::string(static_cast<char*>(data), size));
}

void OnCsvRowEnd(int /*terminator*/, void* state_ptr) {
  auto* state = static_cast<CsvState*>(state_ptr);
  if (!state->in_row) state->row_start_line = state->current_line;
  state->done_rows.push_back(std::move(state->row));
  state->done_lines.push_back(state->row_start_line);
  state->row.clear();
  state->in_row = false;
}

// libcsv trims spaces and tabs around fields by default: with tab-separated files, only
// spaces.
int IsSpaceOnly(unsigned char c) { return c == ' ' ? 1 : 0; }

absl::Status ReadCsv(std::istream& in, RecordKind kind,
                     const std::function<void(ParsedRecord)>& sink, CsvDialect* dialect) {
  if (kind == RecordKind::kAny) {
    return absl::InvalidArgumentError(
        "CSV needs a record kind: name the file after it (territories.csv) or pass --kind");
  }
  const Descriptor* descriptor = RecordDescriptor(kind);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    return absl::ResourceExhaustedError("cannot initialise the CSV parser");
  }
  CsvState state;
  std::vector<Column> columns;
  absl::Status status;
  auto drain = [&]() {
    for (size_t r = 0; r < state.done_rows.size() && status.ok(); ++r) {
      std::vector<std::string>& cells = state.done_rows[r];
      const int64_t line = state.done_lines[r];
      if (columns.empty()) {  // the header
        for (std::string& name : cells) {
          absl::StatusOr<Column> column =
              ResolveColumn(descriptor, std::string(absl::StripAsciiWhitespace(name)));
          if (!column.ok()) {
            status = column.status();
            return;
          }
          columns.push_back(std::move(*column));
        }
        continue;
      }
      if (std::all_of(cells.begin(), cells.end(),
                      [](const std::string& cell) { return cell.empty(); })) {
        continue;  // a blank line, or ";;;;" where a spreadsheet had an empty row
      }
      ParsedRecord parsed{line, absl::InternalError("unset"), {}};
      if (cells.size() != columns.size()) {
        parsed.record = absl::InvalidArgumentError(absl::StrCat(
            "row has ", cells.size(), " cells; the header has ", columns.size(), " columns"));
      } else {
        nlohmann::json object = nlohmann::json::object();
        absl::Status cell_status;
        for (size_t c = 0; c < cells.size() && cell_status.ok(); ++c) {
          if (!cells[c].empty()) {
            cell_status = SetCell(object, columns[c], cells[c], &parsed.warnings);
          }
        }
        if (cell_status.ok()) RepairInseeCodes(object, kind, &parsed.warnings);
        parsed.record = cell_status.ok() ? ParseJsonInto(object.dump(), kind)
                                         : absl::StatusOr<v1::ImportRecord>(cell_status);
      }
      sink(std::move(parsed));
    }
    state.done_rows.clear();
    state.done_lines.clear();
  };
  std::string line;
  while (status.ok() && std::getline(in, line)) {
    ++state.current_line;
    if (state.current_line == 1) {
      dialect->bom = StripBom(&line);
      dialect->separator = DetectSeparator(line);
      csv_set_delim(&parser, static_cast<unsigned char>(dialect->separator));
      if (dialect->separator == '\t') csv_set_space_func(&parser, IsSpaceOnly);
    }
    if (!IsValidUtf8(line)) {
      absl::StatusOr<std::string> converted = Windows1252ToUtf8(line);
      if (!converted.ok()) {
        status = absl::InvalidArgumentError(
            absl::StrCat("CSV line ", state.current_line, ": ", converted.status().message()));
        break;
      }
      line = std::move(*converted);
      ++dialect->converted_lines;
    }
    line.push_back('\n');
    if (csv_parse(&parser, line.data(), line.size(), OnCsvField, OnCsvRowEnd, &state) !=
        line.size()) {
      status = absl::InvalidArgumentError(
          absl::StrCat("CSV line ", state.current_line, ": ", csv_strerror(csv_error(&parser))));
      break;
    }
    drain();
  }
  if (status.ok() && csv_fini(&parser, OnCsvField, OnCsvRowEnd, &state) != 0) {
    status = absl::InvalidArgumentError(
        absl::StrCat("CSV line ", state.row_start_line, ": ", csv_strerror(csv_error(&parser))));
  }
  if (status.ok()) drain();
  csv_free(&parser);
  if (status.ok() && columns.empty()) status = absl::InvalidArgumentError("CSV: no header row");
  return status;
}

}  // namespace

absl::StatusOr<RecordKind> ParseRecordKind(const std::string& name) {
  const std::string n = absl::AsciiStrToLower(name);
  if (n == "territory" || n == "territories" || n == "territoire" || n == "territoires") {
    return RecordKind::kTerritory;
  }
  if (n == "offer" || n == "offers" || n == "offre" || n == "offres") return RecordKind::kOffer;
  if (n == "candidate" || n == "candidates" || n == "candidat" || n == "candidats") {
    return RecordKind::kCandidate;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("kind: '", name,
                   "' is not one of territory, offer, candidate (territoire, offre, candidat)"));
}

RecordKind RecordKindFromFileName(const std::string& path) {
  const std::string base = absl::AsciiStrToLower(path.substr(path.find_last_of('/') + 1));
  // English and French: territories/territoires, offers/offres, candidates/candidats.
  if (absl::StrContains(base, "territor") || absl::StrContains(base, "territoire")) {
    return RecordKind::kTerritory;
  }
  if (absl::StrContains(base, "offer") || absl::StrContains(base, "offre")) {
    return RecordKind::kOffer;
  }
  if (absl::StrContains(base, "candidat")) return RecordKind::kCandidate;
  return RecordKind::kAny;
}

absl::StatusOr<FileFormat> FileFormatFromFileName(const std::string& path) {
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return FileFormat::kCsv;
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson") ||
      absl::EndsWith(lower, ".json")) {
    return FileFormat::kJsonl;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("file '", path, "': unknown format; use .jsonl or .csv, or pass --format"));
}

absl::StatusOr<v1::ImportRecord> ParseJsonLine(const std::string& line, RecordKind kind) {
  return ParseJsonInto(line, kind);
}

absl::Status ReadRecords(std::istream& in, FileFormat format, RecordKind kind,
                         const std::function<void(ParsedRecord)>& sink, CsvDialect* dialect) {
  CsvDialect unused;
  if (dialect == nullptr) dialect = &unused;
  if (format == FileFormat::kCsv) return ReadCsv(in, kind, sink, dialect);
  std::string line;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) dialect->bom = StripBom(&line);
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    sink(ParsedRecord{number, ParseJsonLine(line, kind), {}});
  }
  if (in.bad()) return absl::DataLossError(absl::StrCat("read error after line ", number));
  return absl::OkStatus();
}

}  // namespace matching::clients
