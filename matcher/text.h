// Small helpers to write explanation sentences in French or English (internal).
#ifndef MATCHER_TEXT_H_
#define MATCHER_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "matcher/types.h"

namespace matching::matcher {

// The sentence in `language`.
inline std::string Say(Language language, absl::string_view french, absl::string_view english) {
  return std::string(language == Language::kFrench ? french : english);
}

// A euro amount rounded to the euro: "10 000 €" (French), "EUR 10,000" (English).
std::string Euros(double amount_eur, Language language);

// " (données synthétiques)" / " (synthetic demo data)".
absl::string_view SyntheticNote(Language language);

}  // namespace matching::matcher

#endif  // MATCHER_TEXT_H_
