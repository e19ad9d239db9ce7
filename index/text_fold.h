// Folding place names for search: "Condé-sur-l'Escaut" and "conde sur l escaut" fold to
// the same key, so that a visitor who types without accents finds the commune.
//
// Pure function; thread-safe (ICU's normalizer instances are immutable singletons).
#ifndef MATCHING_INDEX_TEXT_FOLD_H_
#define MATCHING_INDEX_TEXT_FOLD_H_

#include <string>

#include "absl/strings/string_view.h"

namespace matching::index {

// UTF-8 in, UTF-8 out: canonical decomposition (NFD) with combining marks removed (é -> e,
// Ç -> c), Unicode case folding, the ligatures œ and æ spelled out, and every run of
// characters other than letters and digits (hyphens, apostrophes, spaces) turned into one
// space, trimmed. Invalid UTF-8 is folded as far as ICU can read it.
std::string FoldForSearch(absl::string_view text);

}  // namespace matching::index

#endif  // MATCHING_INDEX_TEXT_FOLD_H_
