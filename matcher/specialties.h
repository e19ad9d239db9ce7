// The specialties a household or an offer may state, and which are related: the data file
// data/specialties.json, compiled into the scoring core.
//
// A specialist is a specialist: SpecialtyFit() (criteria.h) gives 1 for the same specialty,
// kRelatedSpecialtyValue for a related one (the file's "related" lists, either way), and 0
// otherwise, which breaks the specialty limit (limits.h). Text is matched through the
// file's ids and synonyms ignoring case, accents, hyphens, apostrophes and repeated spaces
// ("Pédiatrie", "pediatrie", "general paediatrics" all name "pediatrics"); the server
// refuses a specialty that names none (validation) and the index scores canonical ids.
//
// Thread-safe: the catalog is immutable once parsed; Default() is built once.
#ifndef MATCHER_SPECIALTIES_H_
#define MATCHER_SPECIALTIES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matcher/types.h"

namespace matching::matcher {

struct Specialty {
  std::string id;       // "pediatrics": lower case, what the index and the API's sentences use
  std::string french;   // "pédiatrie"
  std::string english;  // "paediatrics"
  std::vector<std::string> synonyms;
};

class SpecialtyCatalog {
 public:
  // The catalog of a data/specialties.json text. InvalidArgument naming the entry when an
  // entry lacks an id or a label, two names fold to the same key, or a "related" id is
  // not in the file.
  [[nodiscard]] static absl::StatusOr<SpecialtyCatalog> Parse(absl::string_view json);
  // The catalog compiled from data/specialties.json (a unit test checks that it parses).
  static const SpecialtyCatalog& Default();

  // The id that `text` names (an id or a synonym, folded), or nullopt; "" for "".
  std::optional<std::string> Canonical(absl::string_view text) const;
  // The entry `text` names, as an index into specialties(), or nullopt. Allocates nothing
  // when `text` is an id, a label or a synonym as the file writes it (the ranking path).
  std::optional<size_t> IndexOf(absl::string_view text) const;
  // Whether two ids are related (either way); false for equal ids.
  bool Related(absl::string_view a, absl::string_view b) const;
  bool Related(size_t a, size_t b) const { return related_.contains({a, b}); }
  // The entry of an id, or null.
  const Specialty* Find(absl::string_view id) const;
  // Up to `limit` ids whose folded names are closest to `text` (shared prefix or
  // substring first), for error messages.
  std::vector<std::string> Suggestions(absl::string_view text, size_t limit = 3) const;
  // The label in `language`, or `id` itself when unknown.
  std::string Label(absl::string_view id, Language language) const;

  const std::vector<Specialty>& specialties() const { return specialties_; }
  const std::string& version() const { return version_; }

 private:
  std::string version_;
  std::vector<Specialty> specialties_;
  absl::flat_hash_map<std::string, size_t> by_key_;         // folded id or synonym -> entry
  absl::flat_hash_map<std::string, size_t> exact_;          // as written, and folded -> entry
  absl::flat_hash_set<std::pair<size_t, size_t>> related_;  // both orders
};

// Lower case, French accents and ligatures removed, hyphens, apostrophes and runs of
// spaces made one space, trimmed: "Gynécologie-Obstétrique" -> "gynecologie obstetrique".
std::string FoldSpecialty(absl::string_view text);

}  // namespace matching::matcher

#endif  // MATCHER_SPECIALTIES_H_
