// Reading what French spreadsheets write.
#include "clients/spreadsheet.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace matching::clients {
namespace {

constexpr absl::string_view kBom = "\xEF\xBB\xBF";

bool AllDigits(absl::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// Code points of Windows-1252 bytes 0x80..0x9F; 0 where the encoding leaves the byte
// undefined. Bytes 0xA0..0xFF are Latin-1, the same code point as the byte.
constexpr uint16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace

bool StripBom(std::string* line) {
  if (!absl::StartsWith(*line, kBom)) return false;
  line->erase(0, kBom.size());
  return true;
}

char DetectSeparator(absl::string_view header) {
  int semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    semicolons += c == ';';
    commas += c == ',';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

std::string SeparatorName(char separator) {
  return separator == '\t' ? "tab" : absl::StrCat("'", std::string(1, separator), "'");
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = 0;
    uint32_t code_point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code_point = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code_point = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code_point = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

absl::StatusOr<std::string> Windows1252ToUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    uint32_t code_point = byte;
    if (byte >= 0x80 && byte < 0xA0) {
      code_point = kWindows1252High[byte - 0x80];
      if (code_point == 0) {
        return absl::InvalidArgumentError(
            absl::StrFormat("byte 0x%02X is neither UTF-8 nor Windows-1252 text; save the file as "
                            "\"CSV UTF-8\"",
                            byte));
      }
    }
    AppendUtf8(code_point, &out);
  }
  return out;
}

std::string NormaliseNumber(absl::string_view cell) {
  std::string text(absl::StripAsciiWhitespace(cell));
  // Thousands separators: ASCII space, U+00A0 (what French Excel writes) and U+202F (the
  // typographically correct one, what LibreOffice and CLDR use).
  text = absl::StrReplaceAll(text, {{"\xC2\xA0", ""}, {"\xE2\x80\xAF", ""}, {" ", ""}});
  const size_t commas = std::count(text.begin(), text.end(), ',');
  if (commas == 1 && text.find('.') == std::string::npos) {
    std::replace(text.begin(), text.end(), ',', '.');
  }
  // Only a plain number is rewritten; anything else goes back as it was so that the
  // error quotes what the cell held.
  double unused = 0;
  return absl::SimpleAtod(text, &unused) ? text : std::string(cell);
}

absl::StatusOr<std::string> NormaliseDate(absl::string_view cell, absl::string_view column) {
  const std::string text(absl::StripAsciiWhitespace(cell));
  auto refuse = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(column, ": '", text, "' ", why, "; expected JJ/MM/AAAA (or AAAA-MM-JJ)"));
  };
  std::vector<std::string> parts;
  char separator = 0;
  for (char candidate : {'/', '.', '-'}) {
    if (absl::StrContains(text, candidate)) {
      separator = candidate;
      break;
    }
  }
  if (separator == 0) return refuse("is not a date");
  parts = absl::StrSplit(text, separator);
  if (parts.size() != 3 || !AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(parts[2])) {
    return refuse("is not a date");
  }
  int day = 0, month = 0, year = 0;
  if (parts[0].size() == 4 && separator == '-') {  // already ISO
    (void)absl::SimpleAtoi(parts[0], &year);
    (void)absl::SimpleAtoi(parts[1], &month);
    (void)absl::SimpleAtoi(parts[2], &day);
  } else if (parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
    (void)absl::SimpleAtoi(parts[0], &day);
    (void)absl::SimpleAtoi(parts[1], &month);
    (void)absl::SimpleAtoi(parts[2], &year);
  } else {
    return refuse("is not a date");
  }
  const absl::CivilDay date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) {
    return refuse("is not a day of the calendar");
  }
  return absl::FormatCivilTime(date);
}

std::string UnwrapExcelText(absl::string_view cell) {
  if (cell.size() >= 3 && absl::StartsWith(cell, "=\"") && absl::EndsWith(cell, "\"")) {
    return std::string(cell.substr(2, cell.size() - 3));
  }
  return std::string(cell);
}

std::string UndoFormulaGuard(absl::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      absl::string_view("=+-@\t\r").find(cell[1]) != absl::string_view::npos) {
    return std::string(cell.substr(1));
  }
  return std::string(cell);
}

std::string RepairShortCode(absl::string_view cell, absl::string_view column, Notice* warning) {
  *warning = Notice();
  if (cell.size() != 1 || !AllDigits(cell)) return std::string(cell);
  const std::string repaired = absl::StrCat("0", cell);
  warning->french = absl::StrCat(column, " : « ", cell, " » lu « ", repaired,
                                 " » (le tableur a perdu le zéro initial ; mettez la colonne au "
                                 "format texte)");
  warning->english = absl::StrCat(column, ": '", cell, "' read as '", repaired,
                                  "' (the spreadsheet dropped the leading zero; format the "
                                  "column as text)");
  return repaired;
}

std::string RepairInseeCode(absl::string_view cell, absl::string_view column,
                            absl::string_view department, Notice* warning) {
  *warning = Notice();
  if (cell.size() != 4 || !AllDigits(cell)) return std::string(cell);
  const std::string repaired = absl::StrCat("0", cell);
  const std::string implied = repaired.substr(0, 2);
  if (!department.empty() && department != implied) {
    warning->french =
        absl::StrCat(column, " : « ", cell, " » gardé tel quel : le code INSEE « ", repaired,
                     " » serait dans le département ", implied, ", pas ", department,
                     " (si c'est un code INSEE, mettez la colonne au format texte)");
    warning->english = absl::StrCat(column, ": '", cell, "' kept as is: INSEE code '", repaired,
                                    "' would be in department ", implied, ", not ", department,
                                    " (if it is an INSEE code, format the column as text)");
    return std::string(cell);
  }
  warning->french = absl::StrCat(column, " : « ", cell, " » lu comme le code INSEE « ", repaired,
                                 " » (le tableur a perdu le zéro initial ; mettez la colonne au "
                                 "format texte)");
  warning->english = absl::StrCat(column, ": '", cell, "' read as INSEE code '", repaired,
                                  "' (the spreadsheet dropped the leading zero; format the "
                                  "column as text)");
  return repaired;
}

}  // namespace matching::clients
