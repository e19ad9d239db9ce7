// EventService handlers: validate, read or write the store, plan with event_planning.
#include "server/event_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "server/event_planning.h"
#include "server/event_validation.h"
#include "server/handler_util.h"
#include "server/unary.h"

namespace matching::server {

absl::Status EventServiceImpl::CheckEvent(const v1::Event& event) const {
  if (absl::Status s = ValidateEvent(event); !s.ok()) return s;
  return CheckEventReferences(event, *index_);
}

grpc::ServerUnaryReactor* EventServiceImpl::CreateEvent(grpc::CallbackServerContext* context,
                                                        const v1::CreateEventRequest* request,
                                                        v1::Event* response) {
  return RunUnary(context, *auth_, Permission::kWriteEvents, "CreateEvent", request->event().id(),
                  [&]() -> absl::Status {
                    v1::Event event = request->event();
                    event.clear_plan();  // read-only: only PlanEvent writes it
                    if (absl::Status s = CheckEvent(event); !s.ok()) return s;
                    absl::MutexLock lock(&write_mu_);
                    absl::StatusOr<v1::Event> existing = store_->GetEvent(event.id());
                    if (existing.ok()) {
                      return absl::AlreadyExistsError(absl::StrCat(
                          "event.id: '", event.id(), "' already exists; use UpdateEvent"));
                    }
                    if (existing.status().code() != absl::StatusCode::kNotFound)
                      return existing.status();
                    if (absl::Status s = store_->PutEvent(event); !s.ok()) return s;
                    *response = std::move(event);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::GetEvent(grpc::CallbackServerContext* context,
                                                     const v1::GetEventRequest* request,
                                                     v1::Event* response) {
  return RunUnary(context, *auth_, Permission::kReadEvents, "GetEvent", request->id(),
                  [&]() -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    return Assign(store_->GetEvent(request->id()), response);
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::UpdateEvent(grpc::CallbackServerContext* context,
                                                        const v1::UpdateEventRequest* request,
                                                        v1::Event* response) {
  return RunUnary(context, *auth_, Permission::kWriteEvents, "UpdateEvent", request->event().id(),
                  [&]() -> absl::Status {
                    v1::Event event = request->event();
                    if (absl::Status s = CheckEvent(event); !s.ok()) return s;
                    absl::MutexLock lock(&write_mu_);
                    absl::StatusOr<v1::Event> existing = store_->GetEvent(event.id());
                    if (!existing.ok()) return existing.status();
                    // The plan stays the one communicated; the next PlanEvent reconciles it.
                    *event.mutable_plan() = existing->plan();
                    if (absl::Status s = store_->PutEvent(event); !s.ok()) return s;
                    *response = std::move(event);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::ListEvents(grpc::CallbackServerContext* context,
                                                       const v1::ListEventsRequest* request,
                                                       v1::ListEventsResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadEvents, "ListEvents", "", [&]() -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<index::Page<v1::Event>> result = store_->ListEvents(page);
        if (!result.ok()) return result.status();
        for (v1::Event& event : result->items) *response->add_events() = std::move(event);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* EventServiceImpl::DeleteEvent(grpc::CallbackServerContext* context,
                                                        const v1::DeleteEventRequest* request,
                                                        v1::DeleteEventResponse* response) {
  return RunUnary(context, *auth_, Permission::kWriteEvents, "DeleteEvent", request->id(),
                  [&]() -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    absl::MutexLock lock(&write_mu_);
                    absl::StatusOr<bool> existed = store_->DeleteEvent(request->id());
                    if (!existed.ok()) return existed.status();
                    response->set_existed(*existed);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::PlanEvent(grpc::CallbackServerContext* context,
                                                      const v1::PlanEventRequest* request,
                                                      v1::EventPlan* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteEvents, "PlanEvent", request->event_id(),
      [&]() -> absl::Status {
        if (absl::Status s = ValidateId("event_id", request->event_id()); !s.ok()) return s;
        absl::MutexLock lock(&write_mu_);
        absl::StatusOr<v1::Event> event = store_->GetEvent(request->event_id());
        if (!event.ok()) return event.status();
        EventPlanSettings settings;
        settings.everyone_once = !request->has_everyone_once() || request->everyone_once();
        settings.allow_moves = request->allow_moves();
        settings.score_options.aid_rules = &aid_rules_;
        settings.score_options.as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
        settings.cancelled = [context] { return context->IsCancelled(); };
        absl::StatusOr<v1::EventPlan> plan = server::PlanEvent(*event, *index_, settings);
        if (!plan.ok()) return plan.status();
        if (context->IsCancelled())
          return absl::CancelledError("PlanEvent: cancelled by the caller");
        plan->set_plan_time(google::protobuf::util::TimeUtil::ToString(
            google::protobuf::util::TimeUtil::GetCurrentTime()));
        *event->mutable_plan() = *plan;
        if (absl::Status s = store_->PutEvent(*event); !s.ok()) return s;
        *response = std::move(*plan);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* EventServiceImpl::GetAgenda(grpc::CallbackServerContext* context,
                                                      const v1::GetAgendaRequest* request,
                                                      v1::Agenda* response) {
  return RunUnary(
      context, *auth_, Permission::kReadEvents, "GetAgenda", request->event_id(),
      [&]() -> absl::Status {
        if (absl::Status s = ValidateId("event_id", request->event_id()); !s.ok()) return s;
        const bool for_candidate = request->whose_case() == v1::GetAgendaRequest::kCandidateId;
        if (request->whose_case() == v1::GetAgendaRequest::WHOSE_NOT_SET) {
          return absl::InvalidArgumentError("whose: set candidate_id or booth_id");
        }
        const std::string& who = for_candidate ? request->candidate_id() : request->booth_id();
        if (absl::Status s = ValidateId(for_candidate ? "candidate_id" : "booth_id", who);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<v1::Event> event = store_->GetEvent(request->event_id());
        if (!event.ok()) return event.status();
        bool known = false;
        if (for_candidate) {
          for (const v1::Registration& r : event->registrations()) known |= r.candidate_id() == who;
        } else {
          for (const v1::Booth& b : event->booths()) known |= b.id() == who;
        }
        if (!known) {
          return absl::NotFoundError(absl::StrCat(for_candidate ? "candidate '" : "booth '", who,
                                                  "' is not part of event '", event->id(), "'"));
        }
        response->set_event_id(event->id());
        for (const v1::Interview& interview : event->plan().interviews()) {
          if ((for_candidate ? interview.candidate_id() : interview.booth_id()) == who) {
            *response->add_interviews() = interview;
          }
        }
        return absl::OkStatus();
      });
}

}  // namespace matching::server
