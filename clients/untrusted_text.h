// Text from outside (the server, a partner's import) made harmless for the reader of each
// output matchctl writes: a terminal, a spreadsheet opening a CSV, a calendar application.
// Pure functions; thread-safe.
#ifndef MATCHING_CLIENTS_UNTRUSTED_TEXT_H_
#define MATCHING_CLIENTS_UNTRUSTED_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace matching::clients {

// `text` as a terminal should show it: nothing in it can move the cursor, clear the screen,
// set the title or otherwise reach the terminal as a command. Shown escaped instead:
// C0 controls ("\n", "\r", "\t", others "\x1b"), DEL ("\x7f"), C1 controls U+0080..U+009F
// ("\u009b", the one-character CSI), bidirectional embeddings, overrides and isolates
// (U+202A..U+202E, U+2066..U+2069: they reorder what is shown) and bytes that are not
// well-formed UTF-8 ("\x9b"). Printable UTF-8, accents included, is unchanged. A backslash
// is not escaped: "\x1b" typed as four characters shows as itself, which is harmless.
std::string TerminalText(absl::string_view text);

// One CSV cell of text from outside, quoted as RFC 4180 says (inner quotes doubled). A cell
// that begins with '=', '+', '-', '@', tab or CR is a formula (or becomes one) for Excel,
// LibreOffice and Google Sheets: it gets a leading "'" so they read it as text (OWASP,
// "CSV Injection"). The reader sees the quote; no formula runs. Use it for every cell whose
// content the CLI does not format itself (ids, labels, names, dates as received).
std::string CsvTextCell(absl::string_view text);

// One CSV cell holding a number the CLI formatted itself ("%.3f"), quoted like text cells
// but never given a "'": a negative number stays a number.
std::string CsvNumberCell(double value, int decimals);

// `text` fit for an iCalendar TEXT value (RFC 5545 3.3.11 allows no control character but
// HTAB): line breaks and tabs (CR, LF, VT, FF, TAB, U+0085, U+2028, U+2029, FS, GS, RS) become
// a space, every other C0 or C1 control, DEL and any byte that is not well-formed UTF-8 is
// removed. So a value cannot start a new content line for a parser that splits lines on CR
// alone (or on any Unicode line break). Escaping (\, ;, , and \n) and folding are left to
// libical.
std::string IcsPlainText(absl::string_view text);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_UNTRUSTED_TEXT_H_
