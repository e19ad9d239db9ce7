// The server side of CatalogService.ImportRecords: a client stream of records.
#ifndef MATCHING_SERVER_IMPORT_REACTOR_H_
#define MATCHING_SERVER_IMPORT_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "index/store.h"
#include "matching/v1/catalog.pb.h"
#include "server/auth.h"
#include "server/metrics.h"
#include "server/validation.h"

namespace matching::server {

// Reads records one by one, validates each, and writes the good ones to the store in
// batches of kBatchSize (one RocksDB write batch each). A bad record is rejected alone,
// with its position, source line and reason; the good records of the same stream are
// kept. The summary is sent when the client closes the stream, after every accepted
// record is in the write-ahead log: that summary is the only acknowledgement.
//
// Cancellation (the client cancels, disconnects or its deadline passes): the reactor stops
// reading, drops the records queued since the last batch and finishes with CANCELLED;
// nothing more is written. The batches written before (whole batches of kBatchSize
// records, in stream order) stay: a cancelled import keeps some records or none, and is
// not acknowledged. Records are upserts by id, so running the whole import again is safe.
// (When the end of the stream and the cancellation cross, the last batch may be written
// before the reactor learns of the cancellation; it is a prefix of the stream all the same.)
//
// A full batch is written on a background thread while the next records are read and
// validated (at most one batch in flight): reading and writing use both cores. The batch
// in flight is always waited for, and counted, before the next one starts and before
// Finish, so a cancelled import also keeps whole batches only.
//
// gRPC serialises the reactor's reads (one at a time); OnCancel may run concurrently with
// them. Every path calls Finish once; the reactor deletes itself in OnDone.
class ImportReactor final : public grpc::ServerReadReactor<v1::ImportRecord> {
 public:
  static constexpr size_t kBatchSize = 1000;
  // The summary's `errors` are bounded whatever the records: at most kMaxReportedErrors of
  // them and kMaxReportedErrorBytes of ids and messages in all (`rejected` counts every
  // rejection; `rejected - errors_size()` were not detailed). Each id is cut to
  // kMaxReportedIdBytes and each message to kMaxReportedMessageBytes (a valid id is never
  // cut), so a rejected record's id is never kept whole: 100 records with 1 MB ids cost
  // the same few kilobytes as 100 short ones, and the client can read the summary.
  static constexpr int kMaxReportedErrors = 1000;
  static constexpr size_t kMaxReportedErrorBytes = 256 * 1024;
  static constexpr size_t kMaxReportedIdBytes = 80;
  static constexpr size_t kMaxReportedMessageBytes = 512;

  // `caller` is the result of access control for kImport: on error the call finishes at
  // once with it. Each record also needs the write right of its kind (a publisher: offers
  // of its organisation only); a record without it is rejected like an invalid one. A
  // publisher's offer is checked when read and again inside the batch's write (another
  // organisation may have created it meanwhile): refused then, it is reported rejected.
  // `metropolises` (may be null: ids checked for form only) checks the metropolis ids of
  // territories and candidates (server/validation.h); a metropolis that a territory
  // accepted earlier in the stream introduced is known to the records after it.
  // `metrics` (may be null) counts the stream's accepted and rejected records when it ends.
  ImportReactor(grpc::CallbackServerContext* context, index::Store* store,
                const MetropolisLookup* metropolises, absl::StatusOr<Principal> caller,
                v1::ImportSummary* summary, ServerMetrics* metrics = nullptr);

  void OnReadDone(bool ok) override;
  void OnDone() override;
  void OnCancel() override { cancelled_.store(true); }

 private:
  // Validates `record_` and queues it, or records why it is rejected.
  void Accept();
  // PERMISSION_DENIED when the caller may not write `record_`.
  absl::Status CheckAllowed() const;
  const std::string& RecordId() const;  // the id of `record_`, empty when none is set
  // Counts a rejection of `record_` and details it while the bounds above allow.
  void Reject(absl::string_view id, absl::string_view message);
  // Adds the stream's figures to `metrics_` (once, as the stream ends).
  void CountInMetrics();
  // Adds one entry to the summary's errors, cut to the bounds above; false (nothing added)
  // once they are reached.
  bool Report(int64_t record_index, int64_t source_line, absl::string_view id,
              absl::string_view message);
  // Starts writing the queued records in the background, after the batch in flight.
  void Flush();
  // Waits for the batch in flight and counts it: accepted, or on a store error the whole
  // batch rejected.
  void Collect();
  // The server's metropolises and those the stream's accepted territories introduced. Not
  // thread-safe: only the reactor's reads (serialised by gRPC) use it.
  class StreamMetropolises final : public MetropolisLookup {
   public:
    explicit StreamMetropolises(const MetropolisLookup* server) : server_(server) {}
    bool IsKnown(const std::string& id) const override {
      return introduced_.contains(id) || server_->IsKnown(id);
    }
    // The server's are read once per stream (a scan of the territories): an import of
    // many records naming a wrong metropolis does not scan them for each.
    std::vector<KnownMetropolis> All() const override;
    bool TerritoriesMayIntroduce() const override { return server_->TerritoriesMayIntroduce(); }
    void Introduce(const v1::Territory& territory);

   private:
    const MetropolisLookup* server_;
    absl::flat_hash_set<std::string> introduced_;
    mutable std::optional<std::vector<KnownMetropolis>> server_all_;
  };

  // True once the call is cancelled (OnCancel, or the context says so).
  bool Cancelled() const;
  // Drops the queued records and finishes with CANCELLED.
  void FinishCancelled();

  grpc::CallbackServerContext* context_;
  index::Store* store_;
  Principal caller_;
  // The caller in the audit entries of the territories imported (never the key).
  index::ChangeAuthor author_;
  v1::ImportSummary* summary_;
  ServerMetrics* const metrics_;     // may be null
  size_t reported_error_bytes_ = 0;  // ids and messages in summary_->errors()
  v1::ImportRecord record_;
  std::vector<index::Record> pending_;
  std::vector<int64_t> pending_lines_;  // source line of each pending record
  std::vector<int64_t> pending_index_;  // position of each pending record in the stream
  // The batch being written (moved from pending_*), and its result.
  std::vector<index::Record> writing_;
  std::vector<int64_t> writing_lines_;
  std::vector<int64_t> writing_index_;
  std::future<absl::Status> written_;
  // Territories accepted by this stream, so offers may follow their territory in one file.
  absl::flat_hash_set<std::string> territories_seen_;
  std::optional<StreamMetropolises> metropolises_;  // none: ids checked for form only
  std::atomic<bool> cancelled_{false};
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_IMPORT_REACTOR_H_
