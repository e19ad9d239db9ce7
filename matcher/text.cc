#include "matcher/text.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace matching::matcher {

std::string Euros(double amount_eur, Language language) {
  const long long rounded = std::llround(amount_eur);
  std::string digits = absl::StrCat(rounded < 0 ? -rounded : rounded);
  // French groups thousands with a space, English with a comma (plain ASCII spaces,
  // so that terminal tables stay aligned).
  const char* separator = language == Language::kFrench ? " " : ",";
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), separator);
  }
  if (rounded < 0) digits.insert(0, "-");
  return language == Language::kFrench ? absl::StrCat(digits, " €") : absl::StrCat("EUR ", digits);
}

absl::string_view SyntheticNote(Language language) {
  return language == Language::kFrench ? " (données synthétiques)" : " (synthetic demo data)";
}

}  // namespace matching::matcher
