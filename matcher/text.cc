// Amounts, dates and durations as French and English readers write them.
#include "matcher/text.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace matching::matcher {

Language LanguageFromCode(absl::string_view code) {
  return code == "en" ? Language::kEnglish : Language::kFrench;
}

std::string Euros(double amount_eur, Language language) {
  const long long rounded = std::llround(amount_eur);
  std::string digits = absl::StrCat(rounded < 0 ? -rounded : rounded);
  const char* separator = language == Language::kFrench ? " " : ",";
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), separator);
  }
  if (rounded < 0) digits.insert(0, "-");
  return language == Language::kFrench ? absl::StrCat(digits, " €") : absl::StrCat("EUR ", digits);
}

std::string FormatDate(absl::CivilDay day, Language language) {
  static constexpr const char* kFrench[] = {"janvier",   "février", "mars",     "avril",
                                            "mai",       "juin",    "juillet",  "août",
                                            "septembre", "octobre", "novembre", "décembre"};
  static constexpr const char* kEnglish[] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
  const int month = day.month() - 1;
  if (language == Language::kFrench) {
    return absl::StrCat(day.day() == 1 ? "1er" : absl::StrCat(day.day()), " ", kFrench[month], " ",
                        day.year());
  }
  return absl::StrCat(day.day(), " ", kEnglish[month], " ", day.year());
}

std::string FormatIsoDate(absl::string_view yyyy_mm_dd, Language language) {
  absl::CivilDay day;
  if (yyyy_mm_dd.size() != 10 || !absl::ParseCivilTime(yyyy_mm_dd, &day)) {
    return std::string(yyyy_mm_dd);
  }
  return FormatDate(day, language);
}

std::string FormatMinutes(double minutes) {
  const long long rounded = std::llround(std::max(0.0, minutes));
  if (rounded < 60) return absl::StrCat(rounded, " min");
  const long long hours = rounded / 60;
  const long long rest = rounded % 60;
  return rest == 0 ? absl::StrCat(hours, " h") : absl::StrFormat("%d h %02d", hours, rest);
}

absl::string_view SyntheticNote(Language language) {
  return language == Language::kFrench ? " (données synthétiques)" : " (synthetic demo data)";
}

}  // namespace matching::matcher
