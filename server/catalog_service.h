// CatalogService: territories, offers and candidates in and out of the store.
#ifndef MATCHING_SERVER_CATALOG_SERVICE_H_
#define MATCHING_SERVER_CATALOG_SERVICE_H_

#include <functional>
#include <utility>

#include "index/memory_index.h"
#include "index/store.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "server/auth.h"
#include "server/metrics.h"
#include "server/validation.h"

namespace matching::server {

// Thread-safe: handlers run concurrently on gRPC's callback threads; the store is
// thread-safe. `store` is not owned and must outlive the service.
class CatalogServiceImpl final : public v1::CatalogService::CallbackService {
 public:
  // `index` (may be null: no name, metropolis or proximity search) answers the
  // ListTerritories filters the store cannot.
  // `auth` decides each call (not owned, must outlive the service). Publishers write only
  // the offers of their organisation: both the offer sent and the one stored are checked,
  // the stored one again inside the store's write (index::Record::required_owner).
  // `on_erasure` (may be empty) runs after each DeleteCandidate that removed a profile,
  // before the answer: the server schedules a compaction there (server/erasure_compactor.h).
  // `metropolises` (may be null: metropolis ids are checked for form only, and
  // ListMetropolises is UNIMPLEMENTED) checks the metropolis ids of territories and
  // candidates written, imports included, and answers ListMetropolises; not owned.
  // `metrics` (may be null, not owned) counts imported records.
  CatalogServiceImpl(const Authorizer* auth, index::Store* store,
                     const index::MemoryIndex* index = nullptr,
                     std::function<void()> on_erasure = nullptr,
                     const MetropolisLookup* metropolises = nullptr,
                     ServerMetrics* metrics = nullptr)
      : auth_(auth),
        store_(store),
        index_(index),
        on_erasure_(std::move(on_erasure)),
        metropolises_(metropolises),
        metrics_(metrics) {}

  grpc::ServerUnaryReactor* UpsertTerritory(grpc::CallbackServerContext* context,
                                            const v1::UpsertTerritoryRequest* request,
                                            v1::Territory* response) override;
  grpc::ServerUnaryReactor* GetTerritory(grpc::CallbackServerContext* context,
                                         const v1::GetTerritoryRequest* request,
                                         v1::Territory* response) override;
  grpc::ServerUnaryReactor* ListTerritories(grpc::CallbackServerContext* context,
                                            const v1::ListTerritoriesRequest* request,
                                            v1::ListTerritoriesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteTerritory(grpc::CallbackServerContext* context,
                                            const v1::DeleteTerritoryRequest* request,
                                            v1::DeleteResponse* response) override;

  grpc::ServerUnaryReactor* UpsertOffer(grpc::CallbackServerContext* context,
                                        const v1::UpsertOfferRequest* request,
                                        v1::Offer* response) override;
  grpc::ServerUnaryReactor* GetOffer(grpc::CallbackServerContext* context,
                                     const v1::GetOfferRequest* request,
                                     v1::Offer* response) override;
  grpc::ServerUnaryReactor* ListOffers(grpc::CallbackServerContext* context,
                                       const v1::ListOffersRequest* request,
                                       v1::ListOffersResponse* response) override;
  grpc::ServerUnaryReactor* DeleteOffer(grpc::CallbackServerContext* context,
                                        const v1::DeleteOfferRequest* request,
                                        v1::DeleteResponse* response) override;

  grpc::ServerUnaryReactor* UpsertCandidate(grpc::CallbackServerContext* context,
                                            const v1::UpsertCandidateRequest* request,
                                            v1::Candidate* response) override;
  grpc::ServerUnaryReactor* GetCandidate(grpc::CallbackServerContext* context,
                                         const v1::GetCandidateRequest* request,
                                         v1::Candidate* response) override;
  grpc::ServerUnaryReactor* ListCandidates(grpc::CallbackServerContext* context,
                                           const v1::ListCandidatesRequest* request,
                                           v1::ListCandidatesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteCandidate(grpc::CallbackServerContext* context,
                                            const v1::DeleteCandidateRequest* request,
                                            v1::DeleteResponse* response) override;

  grpc::ServerReadReactor<v1::ImportRecord>* ImportRecords(grpc::CallbackServerContext* context,
                                                           v1::ImportSummary* response) override;

  grpc::ServerUnaryReactor* ListMetropolises(grpc::CallbackServerContext* context,
                                             const v1::ListMetropolisesRequest* request,
                                             v1::ListMetropolisesResponse* response) override;

 private:
  const Authorizer* auth_;
  index::Store* store_;
  const index::MemoryIndex* index_;
  const std::function<void()> on_erasure_;
  const MetropolisLookup* metropolises_;
  ServerMetrics* const metrics_;  // may be null
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_CATALOG_SERVICE_H_
