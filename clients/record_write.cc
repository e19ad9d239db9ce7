// CSV and JSONL writing for export and templates.
#include "clients/record_write.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"

namespace matching::clients {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

const Descriptor* KindDescriptor(RecordKind kind) {
  switch (kind) {
    case RecordKind::kTerritory:
      return v1::Territory::descriptor();
    case RecordKind::kOffer:
      return v1::Offer::descriptor();
    case RecordKind::kCandidate:
      return v1::Candidate::descriptor();
    case RecordKind::kAny:
      break;
  }
  return nullptr;
}

bool ServerSet(const FieldDescriptor* field) {
  return field->name() == "create_time" || field->name() == "update_time";
}

bool IsTimestamp(const FieldDescriptor* field) {
  return field->type() == FieldDescriptor::TYPE_MESSAGE &&
         field->message_type()->full_name() == "google.protobuf.Timestamp";
}

void Collect(const Descriptor* descriptor, const std::string& prefix,
             std::vector<std::string>* columns, std::vector<std::string>* jsonl_only) {
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (ServerSet(field)) continue;
    const std::string path = prefix + field->name();
    if (field->type() == FieldDescriptor::TYPE_MESSAGE && !IsTimestamp(field) && !field->is_map()) {
      if (field->is_repeated()) {
        if (jsonl_only != nullptr) jsonl_only->push_back(path);
      } else {
        Collect(field->message_type(), path + ".", columns, jsonl_only);
      }
      continue;
    }
    if (columns != nullptr) columns->push_back(path);
  }
}

// Fields whose values are codes a spreadsheet would read as numbers.
bool IsCodeColumn(absl::string_view column) {
  return column == "id" || column == "territory_id" || column == "department_code" ||
         column == "region_code";
}

std::string Quoted(const std::string& cell, char separator) {
  const bool needs_quotes =
      cell.find_first_of(std::string("\"\r\n") + separator) != std::string::npos ||
      (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!needs_quotes) return cell;
  return absl::StrCat("\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\"");
}

// A JSON scalar as import reads it.
std::string ScalarText(const nlohmann::json& value, const CsvStyle& style) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  std::string text = value.dump();
  if (style.excel && value.is_number_float()) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

// One cell, quoted for the file. Text from outside (names, titles, ids, lists) goes through
// CsvTextCell: always quoted, and a leading '=', '+', '-', '@', tab or CR gets a "'" so that
// no spreadsheet runs it as a formula (import takes that "'" off again). Numbers and
// booleans the printer wrote stay bare; so does Excel's ="01053", a formula we write.
std::string Cell(const nlohmann::json& value, const std::string& column, const CsvStyle& style) {
  if (value.is_null()) return "";
  if (value.is_number() || value.is_boolean()) return ScalarText(value, style);
  std::string text;
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const nlohmann::json& item : value) items.push_back(ScalarText(item, style));
    text = absl::StrJoin(items, ";");
  } else if (value.is_object()) {  // a map
    std::vector<std::string> entries;
    for (const auto& [key, item] : value.items()) {
      entries.push_back(absl::StrCat(key, ":", ScalarText(item, style)));
    }
    text = absl::StrJoin(entries, ";");
  } else {
    text = ScalarText(value, style);
    const std::string leaf = column.substr(column.find_last_of('.') + 1);
    if (style.excel && IsCodeColumn(leaf) && absl::StartsWith(text, "0") &&
        std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); })) {
      return Quoted(absl::StrCat("=\"", text, "\""), style.separator);
    }
  }
  return text.empty() ? "" : CsvTextCell(text);
}

}  // namespace

std::vector<std::string> CsvColumns(RecordKind kind) {
  std::vector<std::string> columns;
  if (const Descriptor* descriptor = KindDescriptor(kind)) {
    Collect(descriptor, "", &columns, nullptr);
  }
  return columns;
}

std::vector<std::string> JsonlOnlyFields(RecordKind kind) {
  std::vector<std::string> fields;
  if (const Descriptor* descriptor = KindDescriptor(kind)) {
    Collect(descriptor, "", nullptr, &fields);
  }
  return fields;
}

std::string CsvHeader(RecordKind kind, const CsvStyle& style) {
  std::vector<std::string> cells;
  for (const std::string& column : CsvColumns(kind))
    cells.push_back(Quoted(column, style.separator));
  return absl::StrCat(style.excel ? "\xEF\xBB\xBF" : "",
                      absl::StrJoin(cells, std::string(1, style.separator)), "\n");
}

std::string CsvRow(const google::protobuf::Message& record, RecordKind kind,
                   const CsvStyle& style) {
  const nlohmann::json object = nlohmann::json::parse(ToJson(record, /*one_line=*/true));
  std::vector<std::string> cells;
  for (const std::string& column : CsvColumns(kind)) {
    const nlohmann::json* value = &object;
    for (absl::string_view part : absl::StrSplit(column, '.')) {
      const std::string key(part);
      if (!value->is_object() || !value->contains(key)) {
        value = nullptr;
        break;
      }
      value = &(*value)[key];
    }
    cells.push_back(value == nullptr ? "" : Cell(*value, column, style));
  }
  return absl::StrCat(absl::StrJoin(cells, std::string(1, style.separator)), "\n");
}

std::string JsonlRow(const google::protobuf::Message& record, RecordKind kind) {
  v1::ImportRecord wrapped;
  google::protobuf::Message* target =
      kind == RecordKind::kTerritory ? wrapped.mutable_territory()
      : kind == RecordKind::kOffer
          ? static_cast<google::protobuf::Message*>(wrapped.mutable_offer())
          : wrapped.mutable_candidate();
  target->CopyFrom(record);
  const google::protobuf::Reflection* reflection = target->GetReflection();
  for (const char* name : {"create_time", "update_time"}) {
    if (const FieldDescriptor* field = target->GetDescriptor()->FindFieldByName(name)) {
      reflection->ClearField(target, field);
    }
  }
  // Through nlohmann::json, whose objects are sorted: protobuf prints map entries in
  // iteration order, which differs between two stores of the same record.
  return absl::StrCat(nlohmann::json::parse(ToJson(wrapped, /*one_line=*/true)).dump(), "\n");
}

}  // namespace matching::clients
