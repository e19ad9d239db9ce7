// Streaming records to ImportRecords with a progress bar and a printed summary: what
// `matchctl import` and `matchctl demo load` share.
#ifndef MATCHING_CLIENTS_IMPORT_STREAM_H_
#define MATCHING_CLIENTS_IMPORT_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "clients/catalog_commands.h"
#include "clients/spreadsheet.h"
#include "matching/v1/catalog.grpc.pb.h"

namespace matching::clients {

// Progress on a terminal only (stderr): "\r[######    ] 61%  12345 records". `total` is in
// whatever unit the caller reports (bytes read, records generated).
class ProgressBar {
 public:
  explicit ProgressBar(int64_t total);
  void Update(int64_t done, int64_t records);  // redraws every 1,000 records
  void Done(int64_t records);

 private:
  void Draw(int64_t done, int64_t records);
  int64_t total_;
  bool enabled_;
};

// One ImportRecords call. Not thread-safe. Write() until it returns false (the stream
// broke: Finish() tells why), then Finish().
class ImportStream {
 public:
  explicit ImportStream(const GlobalOptions& global);
  bool Write(const v1::ImportRecord& record);
  // Records rejected before sending (unparsable lines) join the server's summary.
  void AddLocalError(v1::ImportError error);
  // Ends the stream; on success *summary holds the merged summary, errors by line.
  grpc::Status Finish(v1::ImportSummary* summary);
  // Abandons the stream (the server keeps what it acknowledged so far).
  void Cancel();
  int64_t sent() const { return sent_; }

 private:
  std::unique_ptr<v1::CatalogService::Stub> stub_;
  grpc::ClientContext context_;
  v1::ImportSummary summary_;
  std::unique_ptr<grpc::ClientWriter<v1::ImportRecord>> writer_;
  std::vector<v1::ImportError> local_errors_;
  int64_t sent_ = 0;
};

// How the file was read, for the summary: its format and, for CSV, the dialect found.
struct ImportSource {
  std::string name;  // the file name, or "demo"
  bool csv = false;
  CsvDialect dialect;
  // Values read otherwise than written (repaired codes), by source line.
  std::vector<std::pair<int64_t, Notice>> warnings;
};

// "NAME: N accepted (T territories, O offers, C candidates), R rejected" (in the language
// of --language), for CSV a line saying the separator and encoding found, one line per
// rejected record and one per repaired value; or the JSON summary (warnings then go to
// stderr). Returns the exit code: 0 all accepted, 2 some not.
int PrintImportSummary(const GlobalOptions& global, const ImportSource& source,
                       const v1::ImportSummary& summary);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_IMPORT_STREAM_H_
