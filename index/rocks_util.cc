// Conversion of rocksdb::Status to absl::Status.
#include "index/rocks_util.h"

#include "absl/strings/str_cat.h"

namespace matching::index {

absl::Status ToAbsl(const rocksdb::Status& status, const std::string& context) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

}  // namespace matching::index
