// WriteAgendas: the agenda directory, kept to the current plan through a manifest.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/agenda.h"

namespace matching::clients {
namespace {

namespace fs = std::filesystem;

// Whether `relative` is a path WriteAgendas writes: one of the fixed files, or
// ics/<stem>.ics, html/<stem>.html with a stem of FileStem()'s shape. A manifest is a file
// anyone could have edited: nothing else is ever removed because it is listed.
bool IsAgendaPath(const std::string& relative) {
  if (relative == "agenda.csv" || relative == "index.html" || relative == "programme.html") {
    return true;
  }
  const std::vector<std::string> parts = absl::StrSplit(relative, '/');
  if (parts.size() != 2) return false;
  const std::string& dir = parts[0];
  const std::string& name = parts[1];
  const std::string extension = dir == "ics" ? ".ics" : dir == "html" ? ".html" : "";
  if (extension.empty() || !absl::EndsWith(name, extension)) return false;
  if (!absl::StartsWith(name, "candidate-") && !absl::StartsWith(name, "booth-")) return false;
  // No path separator, no parent, no hidden or control characters.
  for (char c : name) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return name.find("..") == std::string::npos;
}

// The paths an earlier run listed, in the manifest; none when there is no manifest.
std::vector<std::string> ReadManifest(const fs::path& path) {
  std::vector<std::string> listed;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.front() != '#') listed.push_back(line);
  }
  return listed;
}

}  // namespace

absl::Status WriteAgendas(const v1::Event& event, const std::string& directory,
                          const AgendaDetails& details, AgendaWriteReport* report) {
  std::error_code error;
  for (const char* sub : {"ics", "html"}) {
    fs::create_directories(fs::path(directory) / sub, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("cannot create '", directory, "/", sub, "': ", error.message()));
    }
  }
  *report = AgendaWriteReport{};
  const fs::path root(directory);
  std::set<std::string> wrote;
  auto write = [&](const std::string& relative, const std::string& content) -> absl::Status {
    const fs::path path = root / relative;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush())
      return absl::InternalError(absl::StrCat("cannot write '", path.string(), "'"));
    wrote.insert(relative);
    ++report->written;
    return absl::OkStatus();
  };
  if (absl::Status s = write("agenda.csv", AgendaCsv(event, details)); !s.ok()) return s;
  if (absl::Status s = write("programme.html", ProgrammeHtml(event, details)); !s.ok()) return s;
  if (absl::Status s = write("index.html", AgendaIndexHtml(event, details)); !s.ok()) return s;
  for (const Participant& who : Participants(event)) {
    const std::string stem = FileStem(who);
    if (absl::Status s = write(absl::StrCat("ics/", stem, ".ics"), AgendaIcs(event, who, details));
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            write(absl::StrCat("html/", stem, ".html"), AgendaHtml(event, who, details));
        !s.ok()) {
      return s;
    }
  }

  // What an earlier run wrote and this one did not: a cancelled candidate's calendar still
  // giving 14:20 at the MSP. Removed only when it has the shape of our files.
  const fs::path manifest = root / kAgendaManifest;
  for (const std::string& relative : ReadManifest(manifest)) {
    if (wrote.count(relative) || !IsAgendaPath(relative)) continue;
    const fs::path stale = root / relative;
    if (!fs::is_regular_file(fs::symlink_status(stale, error))) continue;
    if (fs::remove(stale, error)) ++report->removed;
  }
  std::string listing = absl::StrCat(
      "# Files matchctl event agenda wrote for event ", event.id(),
      "; the next run removes those the plan no longer has. Other files are left alone.\n");
  for (const std::string& relative : wrote) absl::StrAppend(&listing, relative, "\n");
  std::ofstream out(manifest, std::ios::binary | std::ios::trunc);
  out << listing;
  if (!out.flush()) {
    return absl::InternalError(absl::StrCat("cannot write '", manifest.string(), "'"));
  }
  return absl::OkStatus();
}

}  // namespace matching::clients
