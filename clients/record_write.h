// Writing records as import reads them (record_io.h): CSV with one column per field path,
// or JSONL of ImportRecords. What `matchctl export` and `matchctl template` write.
//
// No gRPC here. Thread-compatible: each call works on its own arguments.
#ifndef MATCHING_CLIENTS_RECORD_WRITE_H_
#define MATCHING_CLIENTS_RECORD_WRITE_H_

#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "clients/record_io.h"

namespace matching::clients {

// Every CSV column of a kind (not kAny), as field paths in field order ("id",
// "location.lat", "household.partner.sector"). Left out: the server's create_time and
// update_time, and lists of messages (a territory's metropolis_access and local_aids),
// which only JSONL carries.
std::vector<std::string> CsvColumns(RecordKind kind);

// The fields of a kind that CSV cannot carry (lists of messages): "metropolis_access".
std::vector<std::string> JsonlOnlyFields(RecordKind kind);

struct CsvStyle {
  char separator = ',';
  // For French Excel: a byte-order mark before the header, decimal commas, and codes with a
  // leading zero ("01053", "01") written as ="01053" so that Excel keeps them as text.
  bool excel = false;
};

// The header line (with the byte-order mark when style.excel), '\n'-terminated.
std::string CsvHeader(RecordKind kind, const CsvStyle& style);

// One record (a Territory, Offer or Candidate message of `kind`) as a CSV line under
// CsvHeader's columns, '\n'-terminated. Text cells are quoted (CsvTextCell): one that a
// spreadsheet would take for a formula ("=HYPERLINK(...)", "@SUM", "-2+3") starts with a
// "'", which import removes; numbers and booleans are bare.
std::string CsvRow(const google::protobuf::Message& record, RecordKind kind, const CsvStyle& style);

// One record as a JSONL line ({"offer": {...}}), '\n'-terminated, without the server's
// create_time and update_time; keys sorted, so that the same record gives the same line.
std::string JsonlRow(const google::protobuf::Message& record, RecordKind kind);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_RECORD_WRITE_H_
