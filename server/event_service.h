// EventService: recruitment days, their interview plans and agendas.
#ifndef MATCHING_SERVER_EVENT_SERVICE_H_
#define MATCHING_SERVER_EVENT_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "matcher/event_plan.h"
#include "matching/v1/event.grpc.pb.h"
#include "server/auth.h"
#include "server/event_locks.h"
#include "server/metrics.h"
#include "server/plan_pool.h"

namespace matching::server {

struct EventServiceOptions {
  // Threads that plan events, off gRPC's threads (a plan takes up to seconds of one core).
  int plan_workers = 1;
  // Plans that may wait for a worker; beyond them PlanEvent is RESOURCE_EXHAUSTED at once.
  int plan_queue = 4;
  // The planner's work budget per plan (matcher/event_plan.h, "The work budget").
  int64_t plan_max_work = matcher::kDefaultMaxPlanWork;
  // Test hook, empty in production: called on the planning thread once a plan is computed,
  // before its write (no lock held), with the event id. Lets a test act in that window.
  std::function<void(const std::string& event_id)> before_plan_write;
  // Counts each plan's time and gap (may be null; not owned, must outlive the service).
  ServerMetrics* metrics = nullptr;
};

// Thread-safe. Reads run concurrently. Writes to one event (create, update, delete, the
// write of a plan) are serialised by that event's lock (EventLocks); writes to different
// events never wait for each other. A plan is computed on the plan pool without any lock,
// from the event as read; its write, under the event's lock, re-reads the event and is
// ABORTED when anything but an erasure changed it meanwhile (an erased candidate is
// dropped: Store::PutEvent drops every candidate no longer stored, atomically with
// DeleteCandidate, so an erasure wins every race). PlanEvent honours the call's deadline
// and cancellation inside the planner, and its work budget.
// `store` and `index` are not owned and must outlive it. Destroying it waits for the plans
// accepted (each ends promptly once its call is cancelled, as at server shutdown).
class EventServiceImpl final : public v1::EventService::CallbackService {
 public:
  // `auth` decides each call; not owned, must outlive the service.
  EventServiceImpl(const Authorizer* auth, index::Store* store, const index::MemoryIndex* index,
                   matcher::AidRules aid_rules, EventServiceOptions options = {})
      : auth_(auth),
        store_(store),
        index_(index),
        aid_rules_(std::move(aid_rules)),
        options_(std::move(options)),
        pool_(std::make_unique<PlanPool>(options_.plan_workers, options_.plan_queue)) {}

  grpc::ServerUnaryReactor* CreateEvent(grpc::CallbackServerContext* context,
                                        const v1::CreateEventRequest* request,
                                        v1::Event* response) override;
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* context,
                                     const v1::GetEventRequest* request,
                                     v1::Event* response) override;
  grpc::ServerUnaryReactor* UpdateEvent(grpc::CallbackServerContext* context,
                                        const v1::UpdateEventRequest* request,
                                        v1::Event* response) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* context,
                                       const v1::ListEventsRequest* request,
                                       v1::ListEventsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteEvent(grpc::CallbackServerContext* context,
                                        const v1::DeleteEventRequest* request,
                                        v1::DeleteEventResponse* response) override;
  grpc::ServerUnaryReactor* PlanEvent(grpc::CallbackServerContext* context,
                                      const v1::PlanEventRequest* request,
                                      v1::EventPlan* response) override;
  grpc::ServerUnaryReactor* GetAgenda(grpc::CallbackServerContext* context,
                                      const v1::GetAgendaRequest* request,
                                      v1::Agenda* response) override;

 private:
  // PlanEvent's work, on the plan pool: read, plan, then write under the event's lock.
  // `scope`: the events the caller may plan (index::OrgScope), checked at the read and
  // again inside the write.
  absl::Status PlanAndStore(grpc::CallbackServerContext* context,
                            const v1::PlanEventRequest& request, const index::OrgScope& scope,
                            v1::EventPlan* response);
  // OK when `now` is `before` but for candidates erased since (no longer stored); ABORTED
  // when anything else changed.
  absl::Status CheckChangedOnlyByErasures(v1::Event before, const v1::Event& now);

  const Authorizer* auth_;
  index::Store* store_;
  const index::MemoryIndex* index_;
  const matcher::AidRules aid_rules_;
  const EventServiceOptions options_;
  EventLocks locks_;
  std::unique_ptr<PlanPool> pool_;  // last: joined first, while what its tasks use lives
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_SERVICE_H_
