// MatchingService: RankOffers, RankCandidates, ExplainMatch over the in-memory index, and
// ListCriteria, the ranking's vocabulary.
#ifndef MATCHING_SERVER_MATCHING_SERVICE_H_
#define MATCHING_SERVER_MATCHING_SERVICE_H_

#include "index/memory_index.h"
#include "matcher/aids.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/arena_allocator.h"
#include "server/auth.h"
#include "server/validation.h"

namespace matching::server {

// Thread-safe: handlers run concurrently; the index is thread-safe and the aid rules and
// weights profile are read-only. `index` is not owned and must outlive the service.
class MatchingServiceImpl final : public v1::MatchingService::CallbackService {
 public:
  // `auth` decides each call; `metropolises` (may be null: no check) checks a visitor's
  // metropolis_ids. Neither is owned; both must outlive the service.
  MatchingServiceImpl(const Authorizer* auth, const index::MemoryIndex* index,
                      matcher::AidRules aid_rules, const MetropolisLookup* metropolises = nullptr)
      : auth_(auth), index_(index), aid_rules_(std::move(aid_rules)), metropolises_(metropolises) {
    // Rankings answer many small messages: each call's request and response on an arena.
    SetMessageAllocatorFor_RankOffers(&rank_offers_messages_);
    SetMessageAllocatorFor_RankCandidates(&rank_candidates_messages_);
    SetMessageAllocatorFor_ExplainMatch(&explain_match_messages_);
  }

  grpc::ServerUnaryReactor* RankOffers(grpc::CallbackServerContext* context,
                                       const v1::RankOffersRequest* request,
                                       v1::RankOffersResponse* response) override;
  grpc::ServerUnaryReactor* RankCandidates(grpc::CallbackServerContext* context,
                                           const v1::RankCandidatesRequest* request,
                                           v1::RankCandidatesResponse* response) override;
  grpc::ServerUnaryReactor* ExplainMatch(grpc::CallbackServerContext* context,
                                         const v1::ExplainMatchRequest* request,
                                         v1::ExplainMatchResponse* response) override;
  // The criteria and limits with their labels and reason codes (matcher/criterion_catalog.h).
  grpc::ServerUnaryReactor* ListCriteria(grpc::CallbackServerContext* context,
                                         const v1::ListCriteriaRequest* request,
                                         v1::ListCriteriaResponse* response) override;

 private:
  const Authorizer* auth_;
  const index::MemoryIndex* index_;
  const matcher::AidRules aid_rules_;
  const MetropolisLookup* metropolises_;
  ArenaMessageAllocator<v1::RankOffersRequest, v1::RankOffersResponse> rank_offers_messages_;
  ArenaMessageAllocator<v1::RankCandidatesRequest, v1::RankCandidatesResponse>
      rank_candidates_messages_;
  ArenaMessageAllocator<v1::ExplainMatchRequest, v1::ExplainMatchResponse> explain_match_messages_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_MATCHING_SERVICE_H_
