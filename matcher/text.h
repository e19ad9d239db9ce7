// Words, amounts, dates and durations in French or English: the one formatting helper of
// the explanations (matcher/) and of what the clients print (matchctl, agendas).
//
// Pure functions; thread-safe.
#ifndef MATCHER_TEXT_H_
#define MATCHER_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "matcher/types.h"

namespace matching::matcher {

// The sentence in `language`.
inline std::string Say(Language language, absl::string_view french, absl::string_view english) {
  return std::string(language == Language::kFrench ? french : english);
}

// "fr" -> kFrench, "en" -> kEnglish; anything else is French, the product's language.
Language LanguageFromCode(absl::string_view code);

// A euro amount rounded to the euro: "10 000 €" (French), "EUR 10,000" (English). The
// French thousands separator is a plain space so that terminal tables stay aligned.
std::string Euros(double amount_eur, Language language);

// "12 mars 2027" / "12 March 2027"; "1er mars 2027" on the first of the month in French.
std::string FormatDate(absl::CivilDay day, Language language);

// FormatDate of an API date "YYYY-MM-DD"; the text unchanged when it is not one.
std::string FormatIsoDate(absl::string_view yyyy_mm_dd, Language language);

// "4 h 30", "1 h 05", "50 min": drive times as people say them (the same in both
// languages; negative minutes count as 0). Defined in text.cc; matcher/limits.h declares
// it too, for the limits' sentences.
std::string FormatMinutes(double minutes);

// " (données synthétiques)" / " (synthetic demo data)": how a caller renders
// Explanation.synthetic / CriterionScore.synthetic. Sentences never carry it themselves.
absl::string_view SyntheticNote(Language language);

}  // namespace matching::matcher

#endif  // MATCHER_TEXT_H_
