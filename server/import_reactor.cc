// ImportRecords: validate each record, batch the good ones, report the bad ones.
#include "server/import_reactor.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "server/handler_util.h"
#include "server/status.h"
#include "server/validation.h"

namespace matching::server {

std::vector<KnownMetropolis> ImportReactor::StreamMetropolises::All() const {
  if (!server_all_) server_all_ = server_->All();
  std::vector<KnownMetropolis> all = *server_all_;
  for (const std::string& id : introduced_) all.push_back({id, "", ""});
  return all;
}

void ImportReactor::StreamMetropolises::Introduce(const v1::Territory& territory) {
  if (!territory.metropolis_id().empty()) introduced_.insert(territory.metropolis_id());
  for (const v1::MetropolisAccess& access : territory.metropolis_access()) {
    introduced_.insert(access.metropolis_id());
  }
}

ImportReactor::ImportReactor(grpc::CallbackServerContext* context, index::Store* store,
                             const MetropolisLookup* metropolises, absl::StatusOr<Principal> caller,
                             v1::ImportSummary* summary, ServerMetrics* metrics)
    : context_(context), store_(store), summary_(summary), metrics_(metrics) {
  if (metropolises != nullptr) metropolises_.emplace(metropolises);
  if (!caller.ok()) {
    spdlog::debug("ImportRecords {}", absl::StatusCodeToString(caller.status().code()));
    Finish(ToGrpcStatus(caller.status()));
    return;
  }
  caller_ = std::move(*caller);
  author_ = AuthorOf(caller_, "ImportRecords");
  pending_.reserve(kBatchSize);
  StartRead(&record_);
}

absl::Status ImportReactor::CheckAllowed() const {
  auto denied = [](const char* what) {
    return absl::PermissionDeniedError(absl::StrCat("this key may not write ", what));
  };
  switch (record_.record_case()) {
    case v1::ImportRecord::kTerritory:
      if (!RoleHas(caller_.role, Permission::kWriteTerritories)) return denied("territories");
      return absl::OkStatus();
    case v1::ImportRecord::kOffer: {
      if (!RoleHas(caller_.role, Permission::kWriteOffers)) return denied("offers");
      const v1::Offer& offer = record_.offer();
      if (absl::Status s = CheckOrganization(caller_, offer.organization_id(), offer.id());
          !s.ok()) {
        return s;
      }
      if (caller_.role != Role::kPublisher) return absl::OkStatus();
      absl::StatusOr<v1::Offer> stored = store_->GetOffer(offer.id());
      if (absl::IsNotFound(stored.status())) return absl::OkStatus();
      if (!stored.ok()) return stored.status();
      return CheckOrganization(caller_, stored->organization_id(), offer.id());
    }
    case v1::ImportRecord::kCandidate:
      if (!RoleHas(caller_.role, Permission::kWriteCandidates)) return denied("candidates");
      return absl::OkStatus();
    case v1::ImportRecord::RECORD_NOT_SET:
      return absl::OkStatus();  // Accept rejects it as invalid
  }
  return absl::OkStatus();
}

void ImportReactor::CountInMetrics() {
  if (metrics_ != nullptr) metrics_->CountImport(summary_->accepted(), summary_->rejected());
}

bool ImportReactor::Cancelled() const { return cancelled_.load() || context_->IsCancelled(); }

void ImportReactor::FinishCancelled() {
  Collect();  // the batch in flight is written whatever happens: count it
  spdlog::debug("ImportRecords cancelled: received={} written={}, {} queued records dropped",
                summary_->received(), summary_->accepted(), pending_.size());
  pending_.clear();
  pending_lines_.clear();
  pending_index_.clear();
  CountInMetrics();
  Finish(grpc::Status(grpc::StatusCode::CANCELLED,
                      "import cancelled: records after the last written batch were dropped"));
}

void ImportReactor::OnReadDone(bool ok) {
  if (Cancelled()) {  // stop here: no more reads, no more writes
    FinishCancelled();
    return;
  }
  if (!ok) {  // the client closed the stream: write what remains, answer
    Flush();
    Collect();
    spdlog::debug("ImportRecords received={} accepted={} rejected={}", summary_->received(),
                  summary_->accepted(), summary_->rejected());
    CountInMetrics();
    Finish(grpc::Status::OK);
    return;
  }
  summary_->set_received(summary_->received() + 1);
  if (absl::Status allowed = CheckAllowed(); allowed.ok()) {
    Accept();
  } else {
    Reject(RecordId(), allowed.message());
  }
  if (pending_.size() >= kBatchSize) Flush();
  StartRead(&record_);
}

void ImportReactor::OnDone() { delete this; }

const std::string& ImportReactor::RecordId() const {
  if (record_.has_territory()) return record_.territory().id();
  if (record_.has_offer()) return record_.offer().id();
  return record_.candidate().id();  // the default instance's empty id when none is set
}

void ImportReactor::Reject(absl::string_view id, absl::string_view message) {
  summary_->set_rejected(summary_->rejected() + 1);
  Report(summary_->received(), record_.source_line(), id, message);
}

bool ImportReactor::Report(int64_t record_index, int64_t source_line, absl::string_view id,
                           absl::string_view message) {
  if (summary_->errors_size() >= kMaxReportedErrors) return false;
  std::string cut_id = CutForReport(id, kMaxReportedIdBytes);
  std::string cut_message = CutForReport(message, kMaxReportedMessageBytes);
  const size_t bytes = cut_id.size() + cut_message.size();
  if (reported_error_bytes_ + bytes > kMaxReportedErrorBytes) return false;
  reported_error_bytes_ += bytes;
  v1::ImportError* error = summary_->add_errors();
  error->set_record_index(record_index);
  error->set_source_line(source_line);
  error->set_record_id(std::move(cut_id));
  error->set_message(std::move(cut_message));
  return true;
}

void ImportReactor::Accept() {
  const MetropolisLookup* metropolises = metropolises_ ? &*metropolises_ : nullptr;
  index::Record record;
  absl::Status status;
  switch (record_.record_case()) {
    case v1::ImportRecord::kTerritory:
      record.kind = index::Record::Kind::kTerritory;
      status = ValidateTerritory(record_.territory(), "territory", metropolises);
      if (status.ok()) {
        if (metropolises_) metropolises_->Introduce(record_.territory());
        record.territory = std::move(*record_.mutable_territory());
      }
      record.author = &author_;  // every territory imported is audited, in its batch
      break;
    case v1::ImportRecord::kOffer:
      record.kind = index::Record::Kind::kOffer;
      status = ValidateOffer(record_.offer());
      if (status.ok() && !territories_seen_.contains(record_.offer().territory_id())) {
        absl::StatusOr<bool> exists = store_->TerritoryExists(record_.offer().territory_id());
        if (!exists.ok()) {
          status = exists.status();
        } else if (!*exists) {
          status = absl::InvalidArgumentError(absl::StrCat(
              "offer.territory_id: '", record_.offer().territory_id(), "' names no territory"));
        }
      }
      if (status.ok()) record.offer = std::move(*record_.mutable_offer());
      // CheckAllowed saw the stored offer when the record was read; the batch is written
      // later, so the store checks ownership again inside the write.
      if (caller_.role == Role::kPublisher) record.required_owner = caller_.organization;
      break;
    case v1::ImportRecord::kCandidate:
      record.kind = index::Record::Kind::kCandidate;
      status = ValidateCandidate(record_.candidate(), "candidate", metropolises);
      if (status.ok()) record.candidate = std::move(*record_.mutable_candidate());
      // An agency's households are registered with its organisation; one registered with
      // another is refused inside the write, as not found (index::Record::required_owner).
      if (caller_.role != Role::kAdmin) record.required_owner = caller_.organization;
      break;
    case v1::ImportRecord::RECORD_NOT_SET:
      status = absl::InvalidArgumentError("record: none of territory, offer, candidate is set");
      break;
  }
  if (!status.ok()) {
    Reject(RecordId(), status.message());
    return;
  }
  if (record.kind == index::Record::Kind::kTerritory) territories_seen_.insert(record.id());
  pending_.push_back(std::move(record));
  pending_lines_.push_back(record_.source_line());
  pending_index_.push_back(summary_->received());
}

void ImportReactor::Flush() {
  Collect();
  if (pending_.empty()) return;
  writing_.swap(pending_);
  writing_lines_.swap(pending_lines_);
  writing_index_.swap(pending_index_);
  written_ = std::async(std::launch::async, [this] { return store_->PutBatch(writing_); });
}

void ImportReactor::Collect() {
  if (!written_.valid()) return;
  const absl::Status status = written_.get();
  for (size_t i = 0; i < writing_.size(); ++i) {
    if (status.ok() && !writing_[i].refusal.ok()) {  // left out of the batch by the store
      summary_->set_rejected(summary_->rejected() + 1);
      Report(writing_index_[i], writing_lines_[i], writing_[i].id(),
             absl::StrCat("not written: ", writing_[i].refusal.message()));
      continue;
    }
    if (status.ok()) {
      summary_->set_accepted(summary_->accepted() + 1);
      switch (writing_[i].kind) {
        case index::Record::Kind::kTerritory:
          summary_->set_territories(summary_->territories() + 1);
          break;
        case index::Record::Kind::kOffer:
          summary_->set_offers(summary_->offers() + 1);
          break;
        case index::Record::Kind::kCandidate:
          summary_->set_candidates(summary_->candidates() + 1);
          break;
      }
      continue;
    }
    summary_->set_rejected(summary_->rejected() + 1);
    // The batch's storage error is logged in full below; the client gets it without paths.
    Report(writing_index_[i], writing_lines_[i], writing_[i].id(),
           absl::StrCat("not written: ", RedactPaths(status.message())));
  }
  if (!status.ok()) {
    spdlog::warn("ImportRecords batch not written: {}", std::string(status.message()));
  }
  writing_.clear();
  writing_lines_.clear();
  writing_index_.clear();
}

}  // namespace matching::server
