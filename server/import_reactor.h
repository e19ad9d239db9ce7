// The server side of CatalogService.ImportRecords: a client stream of records.
#ifndef MATCHING_SERVER_IMPORT_REACTOR_H_
#define MATCHING_SERVER_IMPORT_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "index/store.h"
#include "matching/v1/catalog.pb.h"
#include "server/auth.h"

namespace matching::server {

// Reads records one by one, validates each, and writes the good ones to the store in
// batches of kBatchSize (one RocksDB write batch each). A bad record is rejected alone,
// with its position, source line and reason; the good records of the same stream are
// kept. The summary is sent when the client closes the stream, after every accepted
// record is in the write-ahead log.
//
// gRPC serialises the reactor's callbacks (one read at a time); it deletes itself in OnDone.
class ImportReactor final : public grpc::ServerReadReactor<v1::ImportRecord> {
 public:
  static constexpr size_t kBatchSize = 1000;
  static constexpr int kMaxReportedErrors = 1000;

  // `caller` is the result of access control for kImport: on error the call finishes at
  // once with it. Each record also needs the write right of its kind (a publisher: offers
  // of its organisation only); a record without it is rejected like an invalid one.
  ImportReactor(grpc::CallbackServerContext* context, index::Store* store,
                absl::StatusOr<Principal> caller, v1::ImportSummary* summary);

  void OnReadDone(bool ok) override;
  void OnDone() override;
  void OnCancel() override {}

 private:
  // Validates `record_` and queues it, or records why it is rejected.
  void Accept();
  // PERMISSION_DENIED when the caller may not write `record_`.
  absl::Status CheckAllowed() const;
  std::string RecordId() const;  // the id of `record_`, empty when none is set
  void Reject(const std::string& id, const std::string& message);
  // Writes the queued records. On a store error the whole batch is reported rejected.
  void Flush();

  grpc::CallbackServerContext* context_;
  index::Store* store_;
  Principal caller_;
  v1::ImportSummary* summary_;
  v1::ImportRecord record_;
  std::vector<index::Record> pending_;
  std::vector<int64_t> pending_lines_;  // source line of each pending record
  std::vector<int64_t> pending_index_;  // position of each pending record in the stream
  // Territories accepted by this stream, so offers may follow their territory in one file.
  absl::flat_hash_set<std::string> territories_seen_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_IMPORT_REACTOR_H_
