// CatalogService handlers: validate, call the store, convert.
#include "server/catalog_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "index/territory_changes.h"
#include "server/handler_util.h"
#include "server/import_reactor.h"
#include "server/territory_search.h"
#include "server/unary.h"
#include "server/validation.h"

namespace matching::server {
namespace {

absl::Status ValidateLookup(const std::string& id) { return ValidateId("id", id); }

// A publisher may replace or delete only an offer of its organisation; absent is fine.
absl::Status CheckStoredOffer(index::Store& store, const Principal& caller, const std::string& id) {
  if (caller.role != Role::kPublisher) return absl::OkStatus();
  absl::StatusOr<v1::Offer> stored = store.GetOffer(id);
  if (absl::IsNotFound(stored.status())) return absl::OkStatus();
  if (!stored.ok()) return stored.status();
  return CheckOrganization(caller, stored->organization_id(), id);
}

// Writes `offer` for `caller`. A publisher's write carries its organisation to the store,
// which refuses it inside the write if the offer belongs to another organisation by then:
// CheckStoredOffer alone would leave a gap between the check and the write.
absl::StatusOr<v1::Offer> PutOfferFor(index::Store& store, const Principal& caller,
                                      const v1::Offer& offer) {
  std::vector<index::Record> records(1);
  records[0].kind = index::Record::Kind::kOffer;
  records[0].offer = offer;
  if (caller.role == Role::kPublisher) records[0].required_owner = caller.organization;
  if (absl::Status s = store.PutBatch(records); !s.ok()) return s;
  if (!records[0].refusal.ok()) return records[0].refusal;
  return std::move(records[0].offer);
}

// Writes `candidate` for `caller`. An agency's write carries its organisation to the store,
// which decides inside the write: a household registered with another organisation is
// refused as not found, a new one is registered with the agency's, a stored one keeps its.
// An admin's is written as sent (an empty registering organisation keeps the stored one).
absl::StatusOr<v1::Candidate> PutCandidateFor(index::Store& store, const Principal& caller,
                                              const v1::Candidate& candidate) {
  std::vector<index::Record> records(1);
  records[0].kind = index::Record::Kind::kCandidate;
  records[0].candidate = candidate;
  if (caller.role != Role::kAdmin) records[0].required_owner = caller.organization;
  if (absl::Status s = store.PutBatch(records); !s.ok()) return s;
  if (!records[0].refusal.ok()) return records[0].refusal;
  return std::move(records[0].candidate);
}

absl::Status AssignExisted(const absl::StatusOr<bool>& existed, v1::DeleteResponse* response) {
  if (!existed.ok()) return existed.status();
  response->set_existed(*existed);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* CatalogServiceImpl::UpsertTerritory(
    grpc::CallbackServerContext* context, const v1::UpsertTerritoryRequest* request,
    v1::Territory* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteTerritories, "UpsertTerritory", request->territory().id(),
      [&](const Principal& caller) -> absl::Status {
        const v1::Territory& territory = request->territory();
        index::TerritoryWrite write;
        write.paths.assign(request->update_mask().paths().begin(),
                           request->update_mask().paths().end());
        if (absl::Status s = index::ValidateTerritoryPaths(write.paths, "update_mask.paths");
            !s.ok())
          return s;
        if (write.paths.empty()) {
          if (absl::Status s = ValidateTerritory(territory, "territory", metropolises_); !s.ok())
            return s;
        } else {
          // The merged record is validated, under the store's write lock, before it is written.
          if (absl::Status s = ValidateId("territory.id", territory.id()); !s.ok()) return s;
          write.validate = [this](const v1::Territory& merged) {
            return ValidateTerritory(merged, "territory", metropolises_);
          };
        }
        const index::ChangeAuthor author = AuthorOf(caller, "UpsertTerritory");
        write.author = &author;
        return Assign(store_->WriteTerritory(territory, write), response);
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetTerritory(grpc::CallbackServerContext* context,
                                                           const v1::GetTerritoryRequest* request,
                                                           v1::Territory* response) {
  return RunUnary(context, *auth_, Permission::kReadCatalog, "GetTerritory", request->id(),
                  [&]() -> absl::Status {
                    if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
                    return Assign(store_->GetTerritory(request->id()), response);
                  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListTerritories(
    grpc::CallbackServerContext* context, const v1::ListTerritoriesRequest* request,
    v1::ListTerritoriesResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadCatalog, "ListTerritories", "", [&]() -> absl::Status {
        if (absl::Status s = ValidateText("department_code", request->department_code()); !s.ok())
          return s;
        if (absl::Status s = ValidateRegionCode("region_code", request->region_code()); !s.ok())
          return s;
        if (NeedsTerritorySearch(*request)) {
          if (index_ == nullptr)
            return absl::UnimplementedError("territory search needs the index");
          return SearchTerritories(*request, *index_, *store_, response);
        }
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        index::TerritoryFilter filter{request->department_code(), request->region_code()};
        absl::StatusOr<index::Page<v1::Territory>> result = store_->ListTerritories(filter, page);
        if (!result.ok()) return result.status();
        for (v1::Territory& t : result->items) *response->add_territories() = std::move(t);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::DeleteTerritory(
    grpc::CallbackServerContext* context, const v1::DeleteTerritoryRequest* request,
    v1::DeleteResponse* response) {
  return RunUnary(context, *auth_, Permission::kDeleteTerritories, "DeleteTerritory", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
                    const index::ChangeAuthor author = AuthorOf(caller, "DeleteTerritory");
                    return AssignExisted(store_->DeleteTerritory(request->id(), &author), response);
                  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::UpsertOffer(grpc::CallbackServerContext* context,
                                                          const v1::UpsertOfferRequest* request,
                                                          v1::Offer* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteOffers, "UpsertOffer", request->offer().id(),
      [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateOffer(request->offer()); !s.ok()) return s;
        const v1::Offer& offer = request->offer();
        if (absl::Status s = CheckOrganization(caller, offer.organization_id(), offer.id());
            !s.ok()) {
          return s;
        }
        if (absl::Status s = CheckStoredOffer(*store_, caller, offer.id()); !s.ok()) return s;
        return Assign(PutOfferFor(*store_, caller, offer), response);
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetOffer(grpc::CallbackServerContext* context,
                                                       const v1::GetOfferRequest* request,
                                                       v1::Offer* response) {
  return RunUnary(context, *auth_, Permission::kReadCatalog, "GetOffer", request->id(),
                  [&]() -> absl::Status {
                    if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
                    return Assign(store_->GetOffer(request->id()), response);
                  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListOffers(grpc::CallbackServerContext* context,
                                                         const v1::ListOffersRequest* request,
                                                         v1::ListOffersResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadCatalog, "ListOffers", request->territory_id(),
      [&]() -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        if (!request->territory_id().empty()) {
          if (absl::Status s = ValidateId("territory_id", request->territory_id()); !s.ok())
            return s;
        }
        if (!request->organization_id().empty()) {
          if (absl::Status s = ValidateId("organization_id", request->organization_id()); !s.ok())
            return s;
        }
        if (!v1::Profession_IsValid(request->profession())) {
          return absl::InvalidArgumentError(
              absl::StrCat("profession: ", request->profession(), " is not a known value"));
        }
        if (!v1::OfferStatus_IsValid(request->status())) {
          return absl::InvalidArgumentError(
              absl::StrCat("status: ", request->status(), " is not a known value"));
        }
        index::OfferFilter filter{request->territory_id(), request->profession(), request->status(),
                                  request->organization_id()};
        absl::StatusOr<index::Page<v1::Offer>> result = store_->ListOffers(filter, page);
        if (!result.ok()) return result.status();
        for (v1::Offer& o : result->items) *response->add_offers() = std::move(o);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::DeleteOffer(grpc::CallbackServerContext* context,
                                                          const v1::DeleteOfferRequest* request,
                                                          v1::DeleteResponse* response) {
  return RunUnary(context, *auth_, Permission::kWriteOffers, "DeleteOffer", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
                    if (absl::Status s = CheckStoredOffer(*store_, caller, request->id()); !s.ok())
                      return s;
                    return AssignExisted(store_->DeleteOffer(request->id()), response);
                  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::UpsertCandidate(
    grpc::CallbackServerContext* context, const v1::UpsertCandidateRequest* request,
    v1::Candidate* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteCandidates, "UpsertCandidate", request->candidate().id(),
      [&](const Principal& caller) -> absl::Status {
        const v1::Candidate& candidate = request->candidate();
        if (absl::Status s = ValidateCandidate(candidate, "candidate", metropolises_); !s.ok())
          return s;
        if (caller.role == Role::kAdmin && !candidate.registering_organization_id().empty()) {
          if (absl::Status s = ValidateId("candidate.registering_organization_id",
                                          candidate.registering_organization_id());
              !s.ok())
            return s;
        }
        return Assign(PutCandidateFor(*store_, caller, candidate), response);
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetCandidate(grpc::CallbackServerContext* context,
                                                           const v1::GetCandidateRequest* request,
                                                           v1::Candidate* response) {
  // Only admins read a household that recruiters may not see (no consent, paused, placed)
  // or that is registered with another organisation; others are told it is not found, as
  // for an id never stored (no existence oracle).
  return RunUnary(
      context, *auth_, Permission::kReadCandidates, "GetCandidate", request->id(),
      [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
        absl::StatusOr<v1::Candidate> candidate = store_->GetCandidate(request->id());
        if (candidate.ok() && caller.role != Role::kAdmin &&
            (!index::VisibleToRecruiters(*candidate) || !ScopeOf(caller).Allows(*candidate))) {
          return absl::NotFoundError(absl::StrCat("candidate '", request->id(), "' not found"));
        }
        return Assign(std::move(candidate), response);
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListCandidates(
    grpc::CallbackServerContext* context, const v1::ListCandidatesRequest* request,
    v1::ListCandidatesResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadCandidates, "ListCandidates", "",
      [&](const Principal& caller) -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        if (!v1::Profession_IsValid(request->profession())) {
          return absl::InvalidArgumentError(
              absl::StrCat("profession: ", request->profession(), " is not a known value"));
        }
        if (!v1::CandidateStatus_IsValid(request->status())) {
          return absl::InvalidArgumentError(
              absl::StrCat("status: ", request->status(), " is not a known value"));
        }
        // Only admins list households that recruiters may not see, or of other organisations.
        index::CandidateFilter filter{request->profession(), request->status(),
                                      caller.role != Role::kAdmin, ScopeOf(caller)};
        absl::StatusOr<index::Page<v1::Candidate>> result = store_->ListCandidates(filter, page);
        if (!result.ok()) return result.status();
        for (v1::Candidate& c : result->items) *response->add_candidates() = std::move(c);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::DeleteCandidate(
    grpc::CallbackServerContext* context, const v1::DeleteCandidateRequest* request,
    v1::DeleteResponse* response) {
  return RunUnary(context, *auth_, Permission::kWriteCandidates, "DeleteCandidate", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateLookup(request->id()); !s.ok()) return s;
                    // Another organisation's household is not erased: `existed: false`,
                    // the answer for an absent one.
                    absl::StatusOr<bool> existed =
                        store_->DeleteCandidate(request->id(), ScopeOf(caller));
                    if (existed.ok() && *existed && on_erasure_) on_erasure_();
                    return AssignExisted(existed, response);
                  });
}

grpc::ServerReadReactor<v1::ImportRecord>* CatalogServiceImpl::ImportRecords(
    grpc::CallbackServerContext* context, v1::ImportSummary* response) {
  absl::StatusOr<Principal> caller = Authorize(*context, *auth_, Permission::kImport);
  return new ImportReactor(context, store_, metropolises_, std::move(caller), response, metrics_);
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListMetropolises(
    grpc::CallbackServerContext* context, const v1::ListMetropolisesRequest* /*request*/,
    v1::ListMetropolisesResponse* response) {
  return RunUnary(context, *auth_, Permission::kReadCatalog, "ListMetropolises", "",
                  [&]() -> absl::Status {
                    if (metropolises_ == nullptr) {
                      return absl::UnimplementedError("this server keeps no list of metropolises");
                    }
                    for (KnownMetropolis& known : metropolises_->All()) {
                      v1::Metropolis* metropolis = response->add_metropolises();
                      metropolis->set_id(std::move(known.id));
                      metropolis->set_name(std::move(known.name));
                      metropolis->set_department_code(std::move(known.department_code));
                    }
                    return absl::OkStatus();
                  });
}

}  // namespace matching::server
