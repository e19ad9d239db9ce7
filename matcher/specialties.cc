#include "matcher/specialties.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"

namespace matching::matcher {
namespace internal {
extern const char kSpecialtiesJson[];  // data/specialties.json (embed_json.cmake)
}  // namespace internal

namespace {

// Two-byte UTF-8 Latin letters with accents found in French, and their plain letters.
struct Accent {
  const char* utf8;
  const char* plain;
};
constexpr Accent kAccents[] = {
    {"à", "a"},  {"â", "a"},  {"ä", "a"},  {"á", "a"}, {"ç", "c"}, {"é", "e"}, {"è", "e"},
    {"ê", "e"},  {"ë", "e"},  {"î", "i"},  {"ï", "i"}, {"í", "i"}, {"ô", "o"}, {"ö", "o"},
    {"ó", "o"},  {"ù", "u"},  {"û", "u"},  {"ü", "u"}, {"ú", "u"}, {"ÿ", "y"}, {"ñ", "n"},
    {"œ", "oe"}, {"æ", "ae"}, {"À", "a"},  {"Â", "a"}, {"Ç", "c"}, {"É", "e"}, {"È", "e"},
    {"Ê", "e"},  {"Ë", "e"},  {"Î", "i"},  {"Ï", "i"}, {"Ô", "o"}, {"Ù", "u"}, {"Û", "u"},
    {"Ü", "u"},  {"Œ", "oe"}, {"Æ", "ae"}, {"’", " "},
};

size_t SharedPrefix(absl::string_view a, absl::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

}  // namespace

std::string FoldSpecialty(absl::string_view text) {
  std::string plain;
  plain.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const Accent& accent : kAccents) {
      if (absl::StartsWith(text.substr(i), accent.utf8)) {
        plain += accent.plain;
        i += absl::string_view(accent.utf8).size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    const char c = text[i++];
    plain += (c == '-' || c == '\'' || c == '_' || c == '/' || c == ',' || c == '.' ||
              absl::ascii_isspace(static_cast<unsigned char>(c)))
                 ? ' '
                 : absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  std::string folded;
  for (const char c : plain) {
    if (c == ' ' && (folded.empty() || folded.back() == ' ')) continue;
    folded += c;
  }
  if (!folded.empty() && folded.back() == ' ') folded.pop_back();
  return folded;
}

absl::StatusOr<SpecialtyCatalog> SpecialtyCatalog::Parse(absl::string_view json) {
  const nlohmann::json root = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("specialties") || !root["specialties"].is_array()) {
    return absl::InvalidArgumentError("specialties: not an object with a 'specialties' array");
  }
  SpecialtyCatalog catalog;
  if (root.contains("version") && root["version"].is_string()) {
    catalog.version_ = root["version"].get<std::string>();
  }
  const auto text = [](const nlohmann::json& entry, const char* key) {
    return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>()
                                                         : std::string();
  };
  std::vector<std::pair<std::string, std::string>> related;
  for (size_t i = 0; i < root["specialties"].size(); ++i) {
    const nlohmann::json& entry = root["specialties"][i];
    const std::string where = absl::StrCat("specialties[", i, "]");
    Specialty specialty{text(entry, "id"), text(entry, "fr"), text(entry, "en"), {}};
    if (specialty.id.empty() || specialty.french.empty() || specialty.english.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": needs 'id', 'fr' and 'en'"));
    }
    if (specialty.id != FoldSpecialty(specialty.id)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": id '", specialty.id, "' is not folded (lower case, no accent)"));
    }
    if (entry.contains("synonyms") && entry["synonyms"].is_array()) {
      for (const nlohmann::json& s : entry["synonyms"]) {
        if (s.is_string()) specialty.synonyms.push_back(s.get<std::string>());
      }
    }
    if (entry.contains("related") && entry["related"].is_array()) {
      for (const nlohmann::json& r : entry["related"]) {
        if (r.is_string()) related.emplace_back(specialty.id, r.get<std::string>());
      }
    }
    const size_t index = catalog.specialties_.size();
    std::vector<std::string> names = specialty.synonyms;
    names.push_back(specialty.id);
    names.push_back(specialty.french);
    names.push_back(specialty.english);
    for (const std::string& name : names) {
      const std::string key = FoldSpecialty(name);
      auto [it, inserted] = catalog.by_key_.emplace(key, index);
      if (!inserted && it->second != index) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": '", name, "' also names '",
                                                       catalog.specialties_[it->second].id, "'"));
      }
      catalog.exact_.emplace(name, index);
      catalog.exact_.emplace(key, index);
    }
    catalog.specialties_.push_back(std::move(specialty));
  }
  for (const auto& [a, b] : related) {
    const std::optional<size_t> first = catalog.IndexOf(a);
    const std::optional<size_t> second = catalog.IndexOf(b);
    if (!second || catalog.specialties_[*second].id != b) {
      return absl::InvalidArgumentError(
          absl::StrCat("specialty '", a, "': related '", b, "' is not in the file"));
    }
    catalog.related_.emplace(*first, *second);
    catalog.related_.emplace(*second, *first);
  }
  return catalog;
}

const SpecialtyCatalog& SpecialtyCatalog::Default() {
  static const SpecialtyCatalog* const catalog = [] {
    absl::StatusOr<SpecialtyCatalog> parsed = Parse(internal::kSpecialtiesJson);
    // The file is compiled in and checked by specialties_test: a bad one fails the build's
    // tests, never a request. An empty catalog keeps the process alive regardless.
    return new SpecialtyCatalog(parsed.ok() ? *std::move(parsed) : SpecialtyCatalog());
  }();
  return *catalog;
}

std::optional<std::string> SpecialtyCatalog::Canonical(absl::string_view text) const {
  if (text.empty()) return std::string();
  const std::optional<size_t> index = IndexOf(text);
  if (!index) return std::nullopt;
  return specialties_[*index].id;
}

std::optional<size_t> SpecialtyCatalog::IndexOf(absl::string_view text) const {
  if (auto it = exact_.find(text); it != exact_.end()) return it->second;
  auto it = by_key_.find(FoldSpecialty(text));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

bool SpecialtyCatalog::Related(absl::string_view a, absl::string_view b) const {
  const std::optional<size_t> first = IndexOf(a);
  const std::optional<size_t> second = IndexOf(b);
  return first && second && Related(*first, *second);
}

const Specialty* SpecialtyCatalog::Find(absl::string_view id) const {
  auto it = by_key_.find(FoldSpecialty(id));
  if (it == by_key_.end() || specialties_[it->second].id != id) return nullptr;
  return &specialties_[it->second];
}

std::vector<std::string> SpecialtyCatalog::Suggestions(absl::string_view text, size_t limit) const {
  const std::string folded = FoldSpecialty(text);
  std::vector<std::pair<size_t, std::string>> scored;  // (closeness, id)
  for (const auto& [key, index] : by_key_) {
    size_t closeness = SharedPrefix(key, folded);
    if (!folded.empty() && (absl::StrContains(key, folded) || absl::StrContains(folded, key))) {
      closeness += 100;
    }
    if (closeness >= 3) scored.emplace_back(closeness, specialties_[index].id);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> ids;
  for (const auto& [closeness, id] : scored) {
    if (ids.size() >= limit) break;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

std::string SpecialtyCatalog::Label(absl::string_view id, Language language) const {
  const Specialty* specialty = Find(id);
  if (specialty == nullptr) return std::string(id);
  return language == Language::kFrench ? specialty->french : specialty->english;
}

}  // namespace matching::matcher
