// Terminal, CSV and iCalendar text made harmless (see the header for the rules).
#include "clients/untrusted_text.h"

#include <csv.h>

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace matching::clients {
namespace {

// The code point at text[at] and its length in bytes; length 0 when text[at] does not start
// a well-formed UTF-8 sequence (stray continuation byte, overlong form, surrogate, beyond
// U+10FFFF, cut short).
struct Decoded {
  uint32_t code_point = 0;
  size_t length = 0;
};

Decoded DecodeUtf8(absl::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {lead, 1};
  size_t length = 0;
  uint32_t code_point = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (next & 0x3F);
  }
  constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {};
  }
  return {code_point, length};
}

bool IsControl(uint32_t code_point) {
  return code_point < 0x20 || code_point == 0x7F || (code_point >= 0x80 && code_point <= 0x9F);
}

bool IsBidiControl(uint32_t code_point) {
  return (code_point >= 0x202A && code_point <= 0x202E) ||
         (code_point >= 0x2066 && code_point <= 0x2069);
}

// What some parser somewhere takes for the end of a line (Python's str.splitlines() takes
// all of these).
bool IsLineBreakOrTab(uint32_t code_point) {
  switch (code_point) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x85:
    case 0x2028:
    case 0x2029:
      return true;
    default:
      return false;
  }
}

std::string QuotedCsv(absl::string_view value) {
  std::string out(value.size() * 2 + 2, '\0');
  out.resize(csv_write(out.data(), out.size(), value.data(), value.size()));
  return out;
}

}  // namespace

std::string TerminalText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const Decoded d = DecodeUtf8(text, at);
    if (d.length == 0) {
      absl::StrAppendFormat(&out, "\\x%02x", static_cast<unsigned char>(text[at]));
      ++at;
      continue;
    }
    if (d.code_point == '\n') {
      out += "\\n";
    } else if (d.code_point == '\r') {
      out += "\\r";
    } else if (d.code_point == '\t') {
      out += "\\t";
    } else if (d.code_point < 0x80 && IsControl(d.code_point)) {
      absl::StrAppendFormat(&out, "\\x%02x", d.code_point);
    } else if (IsControl(d.code_point) || IsBidiControl(d.code_point)) {
      absl::StrAppendFormat(&out, "\\u%04x", d.code_point);
    } else {
      out.append(text.data() + at, d.length);
    }
    at += d.length;
  }
  return out;
}

std::string CsvTextCell(absl::string_view text) {
  if (!text.empty()) {
    switch (text.front()) {
      case '=':
      case '+':
      case '-':
      case '@':
      case '\t':
      case '\r':
        return QuotedCsv(absl::StrCat("'", text));
      default:
        break;
    }
  }
  return QuotedCsv(text);
}

std::string CsvNumberCell(double value, int decimals) {
  return QuotedCsv(absl::StrFormat("%.*f", decimals, value));
}

std::string IcsPlainText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const Decoded d = DecodeUtf8(text, at);
    if (d.length == 0) {
      ++at;
      continue;
    }
    if (IsLineBreakOrTab(d.code_point)) {
      out += ' ';
    } else if (!IsControl(d.code_point)) {
      out.append(text.data() + at, d.length);
    }
    at += d.length;
  }
  return out;
}

}  // namespace matching::clients
