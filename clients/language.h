// matchctl's words in the caller's language (--language, GlobalOptions::language): one
// place to pick French or English, and the shared formatting of amounts, dates and
// minutes (matcher/text.h).
#ifndef MATCHING_CLIENTS_LANGUAGE_H_
#define MATCHING_CLIENTS_LANGUAGE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "clients/catalog_commands.h"
#include "matcher/text.h"

namespace matching::clients {

inline matcher::Language LanguageOf(const GlobalOptions& global) {
  return matcher::LanguageFromCode(global.language);
}

inline bool IsFrench(const GlobalOptions& global) {
  return LanguageOf(global) == matcher::Language::kFrench;
}

// The French or the English text, as --language asks.
inline std::string Say(const GlobalOptions& global, absl::string_view french,
                       absl::string_view english) {
  return std::string(IsFrench(global) ? french : english);
}

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_LANGUAGE_H_
