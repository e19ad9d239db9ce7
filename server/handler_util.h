// Small helpers shared by the service handlers: paging and moving results out.
#ifndef MATCHING_SERVER_HANDLER_UTIL_H_
#define MATCHING_SERVER_HANDLER_UTIL_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "index/store.h"
#include "server/auth.h"
#include "server/validation.h"

namespace matching::server {

// page_size and page_token of a List request into a PageRequest (field-named errors).
inline absl::Status ValidatePage(int32_t page_size, const std::string& token,
                                 index::PageRequest* page) {
  if (absl::Status s = ValidatePageSize(page_size, &page->page_size); !s.ok()) return s;
  page->page_token = token;
  return absl::OkStatus();
}

// The events and households `caller` may see and change (issue 19 point 5): admins every
// one; anyone else its organisation's (and households registered with none).
inline index::OrgScope ScopeOf(const Principal& caller) {
  return caller.role == Role::kAdmin ? index::OrgScope::Everyone()
                                     : index::OrgScope::Of(caller.organization);
}

// Who `caller` is in the audit log of reference data: never the key itself.
inline index::ChangeAuthor AuthorOf(const Principal& caller, std::string method) {
  return index::ChangeAuthor{caller.label, std::string(RoleName(caller.role)), caller.organization,
                             std::move(method)};
}

// Moves an OK result into *response, or returns the error.
template <typename T>
absl::Status Assign(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = std::move(*result);
  return absl::OkStatus();
}

}  // namespace matching::server

#endif  // MATCHING_SERVER_HANDLER_UTIL_H_
