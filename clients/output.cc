// Tables, field lists and JSON for matchctl.
#include "clients/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_split.h"
#include "clients/untrusted_text.h"

namespace matching::clients {
namespace {

size_t DisplayWidth(const std::string& text) {
  // Count UTF-8 code points: every byte that is not a continuation byte.
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

void Flatten(const nlohmann::json& value, const std::string& path,
             std::vector<std::pair<std::string, std::string>>* lines) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      Flatten(child, path.empty() ? key : path + "." + key, lines);
    }
  } else if (value.is_array()) {
    bool scalars = std::all_of(value.begin(), value.end(),
                               [](const nlohmann::json& v) { return v.is_primitive(); });
    if (scalars) {
      std::string joined;
      for (const auto& v : value) {
        joined += (joined.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
      }
      lines->emplace_back(path, joined);
    } else {
      for (size_t i = 0; i < value.size(); ++i) {
        Flatten(value[i], path + "[" + std::to_string(i) + "]", lines);
      }
    }
  } else {
    lines->emplace_back(path, value.is_string() ? value.get<std::string>() : value.dump());
  }
}

}  // namespace

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  // Cells are escaped before they are measured: the width is the one the terminal shows.
  auto shown = [](const std::vector<std::string>& row) {
    std::vector<std::string> escaped;
    escaped.reserve(row.size());
    for (const std::string& cell : row) escaped.push_back(TerminalText(cell));
    return escaped;
  };
  const std::vector<std::string> shown_header = shown(header);
  std::vector<std::vector<std::string>> shown_rows;
  shown_rows.reserve(rows.size());
  for (const auto& row : rows) shown_rows.push_back(shown(row));
  std::vector<size_t> widths(shown_header.size());
  for (size_t c = 0; c < shown_header.size(); ++c) widths[c] = DisplayWidth(shown_header[c]);
  for (const auto& row : shown_rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      out << row[c];
      if (c + 1 < row.size()) out << std::string(widths[c] - DisplayWidth(row[c]) + 2, ' ');
    }
    out << '\n';
  };
  print_row(shown_header);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  print_row(rule);
  for (const auto& row : shown_rows) print_row(row);
}

std::string ToJson(const google::protobuf::Message& message, bool one_line) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = !one_line;
  std::string json;
  // Serialising a valid message to JSON cannot fail; an empty string would show it did.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

void PrintFields(std::ostream& out, const google::protobuf::Message& message) {
  std::vector<std::pair<std::string, std::string>> lines;
  Flatten(nlohmann::json::parse(ToJson(message, true)), "", &lines);
  size_t width = 0;
  for (auto& [path, value] : lines) {
    path = TerminalText(path);  // map keys are data too
    value = TerminalText(value);
    width = std::max(width, DisplayWidth(path));
  }
  for (const auto& [path, value] : lines) {
    out << path << std::string(width - DisplayWidth(path) + 2, ' ') << value << '\n';
  }
}

std::string FieldText(const google::protobuf::Message& message, const std::string& path) {
  nlohmann::json value = nlohmann::json::parse(ToJson(message, true));
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (!value.is_object() || !value.contains(std::string(part))) return "";
    value = value[std::string(part)];
  }
  std::vector<std::pair<std::string, std::string>> lines;
  Flatten(value, "", &lines);
  return lines.size() == 1 ? lines[0].second : value.dump();
}

}  // namespace matching::clients
