// What French Excel and LibreOffice write, read back as the API expects it: byte-order mark,
// separator, Windows-1252 text, decimal commas and spaced thousands, JJ/MM/AAAA dates, codes
// that lost their leading zero.
//
// Pure functions on strings, no gRPC: shared by record_io (import) and its tests.
// Thread-safe: no state.
#ifndef MATCHING_CLIENTS_SPREADSHEET_H_
#define MATCHING_CLIENTS_SPREADSHEET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace matching::clients {

// How a CSV file was written, as found while reading it; the import summary states it.
struct CsvDialect {
  char separator = ',';  // ',', ';' or '\t'
  bool bom = false;      // a UTF-8 byte-order mark opened the file (skipped)
  // Lines that were not UTF-8 and were read as Windows-1252 (a superset of Latin-1, what
  // Excel's plain "CSV" writes on Windows) and converted to UTF-8.
  int64_t converted_lines = 0;
};

// A value read otherwise than written, or a hint, in both languages (the caller picks).
struct Notice {
  std::string french;
  std::string english;
  bool empty() const { return english.empty(); }
};

// Removes a UTF-8 byte-order mark at the start of `line`; true when there was one.
bool StripBom(std::string* line);

// The separator of a header line: whichever of ';', ',' and tab occurs most often outside
// double quotes; ',' when none occurs (a one-column file).
char DetectSeparator(absl::string_view header);

// "','", "';'", "tab": the separator as the summary names it.
std::string SeparatorName(char separator);

// Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool IsValidUtf8(absl::string_view text);

// `text` read as Windows-1252, in UTF-8. InvalidArgument naming the byte when it holds one
// of the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): then the
// file is in neither encoding.
[[nodiscard]] absl::StatusOr<std::string> Windows1252ToUtf8(absl::string_view text);

// A number as a spreadsheet shows it, in the form the API parses: spaces, non-breaking
// spaces (U+00A0) and narrow no-break spaces (U+202F) between digits dropped, a single
// decimal comma made a point ("10 000" -> "10000", "10000,5" -> "10000.5", "-1,5" ->
// "-1.5"). Anything else is returned unchanged, for the caller's parser to refuse.
std::string NormaliseNumber(absl::string_view cell);

// A date cell as "YYYY-MM-DD": "12/03/2027", "1/3/2027", "12.03.2027" and "12-03-2027"
// (day first, the French order) and "2027-03-12" itself. InvalidArgument naming `column`,
// the value and the expected form otherwise, and for days that do not exist (31/02/2027).
[[nodiscard]] absl::StatusOr<std::string> NormaliseDate(absl::string_view cell,
                                                        absl::string_view column);

// `="01053"`, Excel's way to keep a text cell text in a CSV (matchctl export --excel
// writes it), as "01053"; any other cell unchanged.
std::string UnwrapExcelText(absl::string_view cell);

// A cell written by CsvTextCell (clients/untrusted_text.h) for a text that starts like a
// formula: "'=HYPERLINK(...)" -> "=HYPERLINK(...)". Only a "'" before '=', '+', '-', '@',
// tab or CR is taken off; any other cell is unchanged.
std::string UndoFormulaGuard(absl::string_view cell);

// A department code ("1" -> "01") or region code ("4" -> "04") that lost its leading zero
// when the spreadsheet read it as a number: the repaired code, and a warning naming the
// column, in *warning. Unchanged (and *warning empty) otherwise.
std::string RepairShortCode(absl::string_view cell, absl::string_view column, Notice* warning);

// An INSEE commune code saved as a number ("1053" for "01053"). `department` is the
// record's department code when it has one. Four digits whose department agrees (or is not
// given) are repaired with a warning; four digits that disagree with `department` are kept,
// with a hint in *warning. Unchanged otherwise (portal ids are free-form).
std::string RepairInseeCode(absl::string_view cell, absl::string_view column,
                            absl::string_view department, Notice* warning);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_SPREADSHEET_H_
