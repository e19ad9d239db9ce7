// CampaignService: an agency's campaigns, their plans and outcomes (docs/CAMPAIGNS.md).
#ifndef MATCHING_SERVER_CAMPAIGN_SERVICE_H_
#define MATCHING_SERVER_CAMPAIGN_SERVICE_H_

#include <memory>
#include <string>

#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "matching/v1/campaign.grpc.pb.h"
#include "server/auth.h"
#include "server/event_locks.h"
#include "server/plan_pool.h"

namespace matching::server {

struct CampaignServiceOptions {
  // Threads that plan campaigns, off gRPC's threads, and plans that may wait for one;
  // beyond them PlanCampaign is RESOURCE_EXHAUSTED at once (matchd --plan_workers,
  // --plan_queue: the same sizes as the event planner's pool, a pool of its own).
  int plan_workers = 1;
  int plan_queue = 4;
  // Threads each plan uses to rank its households (the index is read concurrently).
  int rank_threads = 2;
  // The largest campaign record (with its plan) PlanCampaign stores and returns; a larger
  // plan is RESOURCE_EXHAUSTED, nothing stored (matchd --max_message_bytes).
  int64_t max_plan_bytes = 16 << 20;
};

// Access: reading needs kReadEvents, writing (create, delete, plan, outcomes) kWriteEvents:
// the agency's rights over recruitment events, which campaigns share (server/auth.h). A
// campaign belongs to the organisation of the key that created it, when the key has one:
// a key of another organisation gets NOT_FOUND on it (the answer for an id never stored)
// and does not list it; a key without organisation (an admin, an open server) reaches every
// campaign.
//
// Thread-safe. Writes to one campaign (create, delete, outcome, the write of a plan) are
// serialised by that campaign's lock. A plan is computed on the plan pool without any
// lock, from the campaign as read; its write, under the lock, re-reads the campaign and is
// ABORTED when anything but an erasure changed it meanwhile (an outcome, a delete, another
// plan). Erasure wins every race: Store::PutCampaign drops every candidate no longer
// stored. PlanCampaign honours the call's deadline and cancellation.
// `store` and `index` are not owned and must outlive it.
class CampaignServiceImpl final : public v1::CampaignService::CallbackService {
 public:
  CampaignServiceImpl(const Authorizer* auth, index::Store* store, const index::MemoryIndex* index,
                      matcher::AidRules aid_rules, CampaignServiceOptions options = {})
      : auth_(auth),
        store_(store),
        index_(index),
        aid_rules_(std::move(aid_rules)),
        options_(options),
        pool_(std::make_unique<PlanPool>(options_.plan_workers, options_.plan_queue)) {}

  grpc::ServerUnaryReactor* CreateCampaign(grpc::CallbackServerContext* context,
                                           const v1::CreateCampaignRequest* request,
                                           v1::Campaign* response) override;
  grpc::ServerUnaryReactor* GetCampaign(grpc::CallbackServerContext* context,
                                        const v1::GetCampaignRequest* request,
                                        v1::Campaign* response) override;
  grpc::ServerUnaryReactor* ListCampaigns(grpc::CallbackServerContext* context,
                                          const v1::ListCampaignsRequest* request,
                                          v1::ListCampaignsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteCampaign(grpc::CallbackServerContext* context,
                                           const v1::DeleteCampaignRequest* request,
                                           v1::DeleteCampaignResponse* response) override;
  grpc::ServerUnaryReactor* PlanCampaign(grpc::CallbackServerContext* context,
                                         const v1::PlanCampaignRequest* request,
                                         v1::CampaignPlan* response) override;
  grpc::ServerUnaryReactor* RecordOutcome(grpc::CallbackServerContext* context,
                                          const v1::RecordOutcomeRequest* request,
                                          v1::Campaign* response) override;

 private:
  // The stored campaign `id` when `caller` may reach it: NOT_FOUND, or PERMISSION_DENIED
  // when it belongs to another organisation.
  absl::StatusOr<v1::Campaign> Reachable(const Principal& caller, const std::string& id);
  absl::Status PlanAndStore(grpc::CallbackServerContext* context, const std::string& id,
                            v1::CampaignPlan* response);

  const Authorizer* auth_;
  index::Store* store_;
  const index::MemoryIndex* index_;
  const matcher::AidRules aid_rules_;
  const CampaignServiceOptions options_;
  EventLocks locks_;                // by campaign id
  std::unique_ptr<PlanPool> pool_;  // last: joined first, while what its tasks use lives
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_CAMPAIGN_SERVICE_H_
