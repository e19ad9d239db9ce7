// EventService: recruitment days, their interview plans and agendas.
#ifndef MATCHING_SERVER_EVENT_SERVICE_H_
#define MATCHING_SERVER_EVENT_SERVICE_H_

#include "absl/synchronization/mutex.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "matching/v1/event.grpc.pb.h"
#include "server/auth.h"

namespace matching::server {

// Thread-safe: reads run concurrently; writes to events (create, update, delete, plan)
// are serialised by `write_mu_` so that a plan is never computed from one version of an
// event and stored over another. `store` and `index` are not owned and must outlive it.
class EventServiceImpl final : public v1::EventService::CallbackService {
 public:
  // `auth` decides each call; not owned, must outlive the service.
  EventServiceImpl(const Authorizer* auth, index::Store* store, const index::MemoryIndex* index,
                   matcher::AidRules aid_rules)
      : auth_(auth), store_(store), index_(index), aid_rules_(std::move(aid_rules)) {}

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
  // Validates `event` (structure and references) for a create or an update.
  absl::Status CheckEvent(const v1::Event& event) const;

  const Authorizer* auth_;
  index::Store* store_;
  const index::MemoryIndex* index_;
  const matcher::AidRules aid_rules_;
  absl::Mutex write_mu_;
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_SERVICE_H_
