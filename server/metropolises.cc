// Known metropolises: the CSV list and the stored territories' declarations.
#include "server/metropolises.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace matching::server {
namespace {

// One CSV line: fields separated by commas, a field in double quotes may hold commas
// (and "" for a quote).
std::vector<std::string> SplitCsvLine(absl::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<std::vector<KnownMetropolis>> ReadMetropolesCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("metropolises file '", path, "': cannot open"));
  std::string line;
  if (!std::getline(in, line)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is empty (a header is expected)"));
  }
  const std::vector<std::string> header = SplitCsvLine(absl::StripSuffix(line, "\r"));
  size_t columns[3];
  const char* names[3] = {"id", "name", "centre_insee"};
  for (int i = 0; i < 3; ++i) {
    auto it = std::find(header.begin(), header.end(), names[i]);
    if (it == header.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":1: the header has no column '", names[i], "'"));
    }
    columns[i] = static_cast<size_t>(it - header.begin());
  }
  std::vector<KnownMetropolis> metropolises;
  absl::flat_hash_map<std::string, int> lines;  // id -> line
  for (int number = 2; std::getline(in, line); ++number) {
    line = std::string(absl::StripSuffix(line, "\r"));
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    const std::string where = absl::StrCat(path, ":", number, ": ");
    for (size_t column : columns) {
      if (column >= fields.size()) {
        return absl::InvalidArgumentError(absl::StrCat(where, "has ", fields.size(),
                                                       " fields; column '", header[column],
                                                       "' is number ", column + 1));
      }
    }
    KnownMetropolis m{fields[columns[0]], fields[columns[1]],
                      DepartmentOfCommune(fields[columns[2]])};
    if (absl::Status s = ValidateId(absl::StrCat(where, "id"), m.id); !s.ok()) return s;
    if (m.department_code.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, "centre_insee: '", fields[columns[2]],
                                                     "' is not an INSEE commune code"));
    }
    if (auto [it, added] = lines.try_emplace(m.id, number); !added) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "id: '", m.id, "' is listed already on line ", it->second));
    }
    metropolises.push_back(std::move(m));
  }
  return metropolises;
}

Metropolises::Metropolises(std::vector<KnownMetropolis> listed, const index::MemoryIndex* index)
    : listed_(std::move(listed)), index_(index) {
  for (size_t i = 0; i < listed_.size(); ++i) listed_by_id_.try_emplace(listed_[i].id, i);
}

bool Metropolises::IsKnown(const std::string& id) const {
  return listed_by_id_.contains(id) || (index_ != nullptr && index_->DeclaresMetropolis(id));
}

std::vector<KnownMetropolis> Metropolises::All() const {
  std::vector<KnownMetropolis> all = listed_;
  if (index_ != nullptr) {
    for (index::DeclaredMetropolis& declared : index_->DeclaredMetropolises()) {
      if (listed_by_id_.contains(declared.id)) continue;
      all.push_back(
          {std::move(declared.id), std::move(declared.name), std::move(declared.department_code)});
    }
  }
  std::sort(all.begin(), all.end(),
            [](const KnownMetropolis& a, const KnownMetropolis& b) { return a.id < b.id; });
  return all;
}

}  // namespace matching::server
