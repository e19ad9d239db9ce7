// EventService handlers: validate, read or write the store, plan with event_planning.
#include "server/event_service.h"

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/event_briefing.h"
#include "server/event_planning.h"
#include "server/event_validation.h"
#include "server/handler_util.h"
#include "server/unary.h"

namespace matching::server {
namespace {

// The call's deadline; InfiniteFuture when it has none.
absl::Time DeadlineOf(const grpc::CallbackServerContext& context) {
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

// Totals of `plan` after the store dropped interviews of candidates erased meanwhile; the
// upper bound still holds (fewer registrants can only lower the optimum).
void RecountPlan(const v1::Event& stored, v1::EventPlan* plan) {
  double total = 0;
  absl::flat_hash_set<std::string> served;
  for (const v1::Interview& interview : plan->interviews()) {
    total += interview.score();
    served.insert(interview.candidate_id());
  }
  plan->set_total_score(total);
  plan->set_registrants_served(static_cast<int>(served.size()));
  plan->set_registrants(stored.registrations_size());
  plan->set_gap(plan->upper_bound() > 0
                    ? std::clamp((plan->upper_bound() - total) / plan->upper_bound(), 0.0, 1.0)
                    : 0.0);
}

// GetAgendaRequest.language: "fr" (also when empty) or "en".
absl::StatusOr<matcher::Language> ParseLanguage(const std::string& language) {
  if (language.empty() || language == "fr") return matcher::Language::kFrench;
  if (language == "en") return matcher::Language::kEnglish;
  return absl::InvalidArgumentError(
      absl::StrCat("language: '", language, "' is not one of \"fr\", \"en\""));
}

// NOT_FOUND for an event outside the caller's scope: the answer for an id never stored, so
// that another organisation's event ids are not revealed by reads (no existence oracle).
absl::StatusOr<v1::Event> GetEventFor(index::Store& store, const Principal& caller,
                                      const std::string& id) {
  absl::StatusOr<v1::Event> event = store.GetEvent(id);
  if (event.ok() && !ScopeOf(caller).Allows(*event)) {
    return absl::NotFoundError(absl::StrCat("event '", id, "' not found"));
  }
  return event;
}

// The organisation an event written by `caller` belongs to. An agency's is its own, whatever
// the request says. An admin may hand an event to an organisation by naming it (how events
// stored before organisations were recorded are claimed); otherwise the event keeps the one
// it has (`stored`, empty when new), or gets the admin key's.
std::string OrganizationFor(const Principal& caller, const v1::Event& requested,
                            const std::string& stored) {
  if (caller.role != Role::kAdmin) return caller.organization;
  if (!requested.organization_id().empty()) return requested.organization_id();
  return stored.empty() ? caller.organization : stored;
}

}  // namespace

grpc::ServerUnaryReactor* EventServiceImpl::CreateEvent(grpc::CallbackServerContext* context,
                                                        const v1::CreateEventRequest* request,
                                                        v1::Event* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteEvents, "CreateEvent", request->event().id(),
      [&](const Principal& caller) -> absl::Status {
        v1::Event event = request->event();
        event.clear_plan();  // read-only: only PlanEvent writes it
        if (absl::Status s = ValidateEvent(event); !s.ok()) return s;
        if (!event.organization_id().empty()) {
          if (absl::Status s = ValidateId("event.organization_id", event.organization_id());
              !s.ok())
            return s;
        }
        event.set_organization_id(OrganizationFor(caller, event, ""));
        EventLocks::Held held = locks_.Lock(event.id());
        if (absl::Status s = CheckEventReferences(event, *index_); !s.ok()) return s;
        absl::StatusOr<v1::Event> existing = store_->GetEvent(event.id());
        if (existing.ok()) {
          return absl::AlreadyExistsError(
              absl::StrCat("event.id: '", event.id(), "' already exists; use UpdateEvent"));
        }
        if (existing.status().code() != absl::StatusCode::kNotFound) return existing.status();
        return Assign(store_->PutEvent(event, ScopeOf(caller)), response);
      });
}

grpc::ServerUnaryReactor* EventServiceImpl::GetEvent(grpc::CallbackServerContext* context,
                                                     const v1::GetEventRequest* request,
                                                     v1::Event* response) {
  return RunUnary(context, *auth_, Permission::kReadEvents, "GetEvent", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    return Assign(GetEventFor(*store_, caller, request->id()), response);
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::UpdateEvent(grpc::CallbackServerContext* context,
                                                        const v1::UpdateEventRequest* request,
                                                        v1::Event* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteEvents, "UpdateEvent", request->event().id(),
      [&](const Principal& caller) -> absl::Status {
        v1::Event event = request->event();
        if (absl::Status s = ValidateEvent(event); !s.ok()) return s;
        if (!event.organization_id().empty()) {
          if (absl::Status s = ValidateId("event.organization_id", event.organization_id());
              !s.ok())
            return s;
        }
        // References are checked under the event's lock, and the store drops
        // a candidate erased between that check and the write.
        EventLocks::Held held = locks_.Lock(event.id());
        absl::StatusOr<v1::Event> existing = GetEventFor(*store_, caller, event.id());
        if (!existing.ok()) return existing.status();
        // The plan stays the one communicated; the next PlanEvent reconciles it.
        *event.mutable_plan() = existing->plan();
        event.set_organization_id(OrganizationFor(caller, event, existing->organization_id()));
        if (absl::Status s = CheckEventReferences(event, *index_); !s.ok()) return s;
        // The store checks the scope again inside the write.
        return Assign(store_->PutEvent(event, ScopeOf(caller)), response);
      });
}

grpc::ServerUnaryReactor* EventServiceImpl::ListEvents(grpc::CallbackServerContext* context,
                                                       const v1::ListEventsRequest* request,
                                                       v1::ListEventsResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadEvents, "ListEvents", "",
      [&](const Principal& caller) -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<index::Page<v1::Event>> result = store_->ListEvents(page, ScopeOf(caller));
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
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    EventLocks::Held held = locks_.Lock(request->id());
                    // Another organisation's event is not deleted: `existed: false`, the
                    // answer for an absent event.
                    absl::StatusOr<bool> existed =
                        store_->DeleteEvent(request->id(), ScopeOf(caller));
                    if (!existed.ok()) return existed.status();
                    response->set_existed(*existed);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* EventServiceImpl::PlanEvent(grpc::CallbackServerContext* context,
                                                      const v1::PlanEventRequest* request,
                                                      v1::EventPlan* response) {
  return RunUnaryOnPool(
      context, *auth_, Permission::kWriteEvents, "PlanEvent", request->event_id(), *pool_,
      [&] { return ValidateId("event_id", request->event_id()); },
      [this, context, request, response](const Principal& caller) {
        return PlanAndStore(context, *request, ScopeOf(caller), response);
      });
}

absl::Status EventServiceImpl::PlanAndStore(grpc::CallbackServerContext* context,
                                            const v1::PlanEventRequest& request,
                                            const index::OrgScope& scope, v1::EventPlan* response) {
  if (context->IsCancelled()) {
    return absl::CancelledError("PlanEvent: cancelled by the caller before planning started");
  }
  const std::string& id = request.event_id();
  absl::StatusOr<v1::Event> read = store_->GetEvent(id);
  if (read.ok() && !scope.Allows(*read)) {
    return absl::NotFoundError(absl::StrCat("event '", id, "' not found"));
  }
  if (!read.ok()) return read.status();
  EventPlanSettings settings;
  settings.everyone_once = !request.has_everyone_once() || request.everyone_once();
  settings.allow_moves = request.allow_moves();
  settings.score_options.aid_rules = &aid_rules_;
  settings.score_options.as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  settings.cancelled = [context] { return context->IsCancelled(); };
  settings.deadline = DeadlineOf(*context);
  settings.max_work = options_.plan_max_work;
  const absl::Time started = absl::Now();
  absl::StatusOr<v1::EventPlan> plan = server::PlanEvent(*read, *index_, settings);
  if (!plan.ok()) return plan.status();
  if (options_.metrics != nullptr) {
    options_.metrics->ObservePlan(absl::Now() - started, plan->gap(), plan->budget_exhausted());
  }
  if (context->IsCancelled()) return absl::CancelledError("PlanEvent: cancelled by the caller");
  plan->set_plan_time(google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::GetCurrentTime()));
  if (options_.before_plan_write) options_.before_plan_write(id);

  EventLocks::Held held = locks_.Lock(id);
  absl::StatusOr<v1::Event> current = store_->GetEvent(id);
  if (current.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat("event '", id, "' was deleted while it was planned"));
  }
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckChangedOnlyByErasures(*std::move(read), *current); !s.ok()) return s;
  v1::Event updated = *std::move(current);
  *updated.mutable_plan() = *std::move(plan);
  absl::StatusOr<v1::Event> stored = store_->PutEvent(updated, scope);
  if (!stored.ok()) return stored.status();
  *response = stored->plan();
  if (response->interviews_size() != updated.plan().interviews_size() ||
      response->changes_size() != updated.plan().changes_size()) {
    RecountPlan(*stored, response);  // candidates erased during the plan were dropped
  }
  return absl::OkStatus();
}

absl::Status EventServiceImpl::CheckChangedOnlyByErasures(v1::Event before, const v1::Event& now) {
  if (google::protobuf::util::MessageDifferencer::Equals(before, now)) return absl::OkStatus();
  absl::flat_hash_set<std::string> registered;
  for (const v1::Registration& r : now.registrations()) registered.insert(r.candidate_id());
  std::vector<std::string> gone;
  for (const v1::Registration& r : before.registrations()) {
    if (!registered.contains(r.candidate_id())) gone.push_back(r.candidate_id());
  }
  const absl::Status changed = absl::AbortedError(
      absl::StrCat("event '", now.id(),
                   "' was changed while it was planned (an update or another plan); plan again"));
  for (const std::string& candidate_id : gone) {
    absl::StatusOr<v1::Candidate> candidate = store_->GetCandidate(candidate_id);
    if (candidate.ok()) return changed;  // still stored: a cancellation, not an erasure
    if (candidate.status().code() != absl::StatusCode::kNotFound) return candidate.status();
    index::RemoveCandidateFromEvent(candidate_id, &before);
  }
  if (!google::protobuf::util::MessageDifferencer::Equals(before, now)) return changed;
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* EventServiceImpl::GetAgenda(grpc::CallbackServerContext* context,
                                                      const v1::GetAgendaRequest* request,
                                                      v1::Agenda* response) {
  return RunUnary(
      context, *auth_, Permission::kReadEvents, "GetAgenda", request->event_id(),
      [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateId("event_id", request->event_id()); !s.ok()) return s;
        absl::StatusOr<matcher::Language> language = ParseLanguage(request->language());
        if (!language.ok()) return language.status();
        const bool for_candidate = request->whose_case() == v1::GetAgendaRequest::kCandidateId;
        if (request->whose_case() == v1::GetAgendaRequest::WHOSE_NOT_SET) {
          return absl::InvalidArgumentError("whose: set candidate_id or booth_id");
        }
        const std::string& who = for_candidate ? request->candidate_id() : request->booth_id();
        if (absl::Status s = ValidateId(for_candidate ? "candidate_id" : "booth_id", who);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<v1::Event> event = GetEventFor(*store_, caller, request->event_id());
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
        matcher::ScoreOptions options;
        options.language = *language;
        options.aid_rules = &aid_rules_;
        options.as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
        AddBriefings(*index_, *store_, options, /*for_booth=*/!for_candidate, response);
        return absl::OkStatus();
      });
}

}  // namespace matching::server
