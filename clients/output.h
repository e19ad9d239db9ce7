// Human-readable and JSON output of API messages for matchctl.
#ifndef MATCHING_CLIENTS_OUTPUT_H_
#define MATCHING_CLIENTS_OUTPUT_H_

#include <google/protobuf/message.h>

#include <ostream>
#include <string>
#include <vector>

namespace matching::clients {

// Columns padded to the widest cell (by UTF-8 characters, so accents align). Every cell
// and header goes through TerminalText (clients/untrusted_text.h): control characters and
// escape sequences in server data are shown escaped, never sent to the terminal.
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows);

// A message as "field.path  value" lines, set fields only, in field order; paths and
// values through TerminalText.
void PrintFields(std::ostream& out, const google::protobuf::Message& message);

// Protobuf's JSON mapping with the .proto field names, indented (or one line).
std::string ToJson(const google::protobuf::Message& message, bool one_line = false);

// A field's value as text, for table cells ("" when unset). `path` may be dotted.
std::string FieldText(const google::protobuf::Message& message, const std::string& path);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_OUTPUT_H_
