// CampaignService handlers: validate, check the organisation, read or write the store, plan
// with campaign_planning on the plan pool.
#include "server/campaign_service.h"

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/campaign_planning.h"
#include "server/handler_util.h"
#include "server/unary.h"

namespace matching::server {
namespace {

using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;

absl::Time DeadlineOf(const grpc::CallbackServerContext& context) {
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

std::string Now() { return TimeUtil::ToString(TimeUtil::GetCurrentTime()); }

absl::Status ValidateOutcome(const v1::RecordOutcomeRequest& request) {
  if (absl::Status s = ValidateId("campaign_id", request.campaign_id()); !s.ok()) return s;
  const v1::CampaignOutcome& outcome = request.outcome();
  if (outcome.kind() == v1::OUTCOME_KIND_UNSPECIFIED || !v1::OutcomeKind_IsValid(outcome.kind())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "outcome.kind: ", outcome.kind(), " is not one of DECLINED, MET, ACCEPTED, FILLED"));
  }
  if (absl::Status s = ValidateId("outcome.offer_id", outcome.offer_id()); !s.ok()) return s;
  if (outcome.kind() == v1::OUTCOME_KIND_FILLED) {
    if (!outcome.candidate_id().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("outcome.candidate_id: '", outcome.candidate_id(),
                       "' must be empty for FILLED (a post is filled, whoever filled it)"));
    }
    return absl::OkStatus();
  }
  return ValidateId("outcome.candidate_id", outcome.candidate_id());
}

}  // namespace

absl::StatusOr<v1::Campaign> CampaignServiceImpl::Reachable(const Principal& caller,
                                                            const std::string& id) {
  absl::StatusOr<v1::Campaign> campaign = store_->GetCampaign(id);
  if (!campaign.ok()) return campaign.status();
  if (!caller.organization.empty() && campaign->organization() != caller.organization) {
    // The answer for an id never stored (the store's message): another organisation's
    // campaign ids are not revealed (no existence oracle), as for events and households.
    return absl::NotFoundError(absl::StrCat("campaign '", id, "' not found"));
  }
  return campaign;
}

grpc::ServerUnaryReactor* CampaignServiceImpl::CreateCampaign(
    grpc::CallbackServerContext* context, const v1::CreateCampaignRequest* request,
    v1::Campaign* response) {
  return RunUnary(context, *auth_, Permission::kWriteEvents, "CreateCampaign",
                  request->campaign().id(), [&](const Principal& caller) -> absl::Status {
                    v1::Campaign campaign = request->campaign();
                    campaign.clear_plan();  // read-only: PlanCampaign writes it
                    campaign.clear_outcomes();
                    campaign.set_organization(caller.organization);
                    if (absl::Status s = ValidateCampaign(campaign); !s.ok()) return s;
                    EventLocks::Held held = locks_.Lock(campaign.id());
                    absl::StatusOr<v1::Campaign> existing = store_->GetCampaign(campaign.id());
                    if (existing.ok()) {
                      return absl::AlreadyExistsError(
                          absl::StrCat("campaign.id: '", campaign.id(), "' already exists"));
                    }
                    if (existing.status().code() != absl::StatusCode::kNotFound) {
                      return existing.status();
                    }
                    return Assign(store_->PutCampaign(campaign), response);
                  });
}

grpc::ServerUnaryReactor* CampaignServiceImpl::GetCampaign(grpc::CallbackServerContext* context,
                                                           const v1::GetCampaignRequest* request,
                                                           v1::Campaign* response) {
  return RunUnary(context, *auth_, Permission::kReadEvents, "GetCampaign", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    return Assign(Reachable(caller, request->id()), response);
                  });
}

grpc::ServerUnaryReactor* CampaignServiceImpl::ListCampaigns(
    grpc::CallbackServerContext* context, const v1::ListCampaignsRequest* request,
    v1::ListCampaignsResponse* response) {
  return RunUnary(
      context, *auth_, Permission::kReadEvents, "ListCampaigns", "",
      [&](const Principal& caller) -> absl::Status {
        index::PageRequest page;
        if (absl::Status s = ValidatePage(request->page_size(), request->page_token(), &page);
            !s.ok()) {
          return s;
        }
        absl::StatusOr<index::Page<v1::Campaign>> result =
            store_->ListCampaigns(caller.organization, page);
        if (!result.ok()) return result.status();
        for (v1::Campaign& c : result->items) *response->add_campaigns() = std::move(c);
        response->set_next_page_token(result->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CampaignServiceImpl::DeleteCampaign(
    grpc::CallbackServerContext* context, const v1::DeleteCampaignRequest* request,
    v1::DeleteCampaignResponse* response) {
  return RunUnary(context, *auth_, Permission::kWriteEvents, "DeleteCampaign", request->id(),
                  [&](const Principal& caller) -> absl::Status {
                    if (absl::Status s = ValidateId("id", request->id()); !s.ok()) return s;
                    EventLocks::Held held = locks_.Lock(request->id());
                    absl::StatusOr<v1::Campaign> campaign = Reachable(caller, request->id());
                    if (campaign.status().code() == absl::StatusCode::kNotFound) {
                      response->set_existed(false);
                      return absl::OkStatus();
                    }
                    if (!campaign.ok()) return campaign.status();
                    absl::StatusOr<bool> existed = store_->DeleteCampaign(request->id());
                    if (!existed.ok()) return existed.status();
                    response->set_existed(*existed);
                    return absl::OkStatus();
                  });
}

grpc::ServerUnaryReactor* CampaignServiceImpl::RecordOutcome(
    grpc::CallbackServerContext* context, const v1::RecordOutcomeRequest* request,
    v1::Campaign* response) {
  return RunUnary(
      context, *auth_, Permission::kWriteEvents, "RecordOutcome", request->campaign_id(),
      [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateOutcome(*request); !s.ok()) return s;
        EventLocks::Held held = locks_.Lock(request->campaign_id());
        absl::StatusOr<v1::Campaign> campaign = Reachable(caller, request->campaign_id());
        if (!campaign.ok()) return campaign.status();
        v1::CampaignOutcome outcome = request->outcome();
        if (outcome.kind() == v1::OUTCOME_KIND_FILLED) {
          if (!index_->FindOffer(outcome.offer_id())) {
            return absl::NotFoundError(
                absl::StrCat("outcome.offer_id: '", outcome.offer_id(), "' names no stored offer"));
          }
        } else {
          bool proposed = false;
          for (const v1::CampaignProposal& p : campaign->plan().proposals()) {
            proposed |=
                p.candidate_id() == outcome.candidate_id() && p.offer_id() == outcome.offer_id();
          }
          if (!proposed) {
            return absl::FailedPreconditionError(absl::StrCat(
                "outcome: household '", outcome.candidate_id(), "' and post '", outcome.offer_id(),
                "' are not a proposal of campaign '", campaign->id(), "'s current plan"));
          }
        }
        outcome.set_record_time(Now());
        *campaign->add_outcomes() = std::move(outcome);
        return Assign(store_->PutCampaign(*campaign), response);
      });
}

grpc::ServerUnaryReactor* CampaignServiceImpl::PlanCampaign(grpc::CallbackServerContext* context,
                                                            const v1::PlanCampaignRequest* request,
                                                            v1::CampaignPlan* response) {
  return RunUnaryOnPool(
      context, *auth_, Permission::kWriteEvents, "PlanCampaign", request->campaign_id(), *pool_,
      [&]() -> absl::Status {
        if (absl::Status s = ValidateId("campaign_id", request->campaign_id()); !s.ok()) return s;
        // The organisation check, on the calling thread (the pool's body has no caller).
        absl::StatusOr<Principal> caller = Authorize(*context, *auth_, Permission::kWriteEvents);
        if (!caller.ok()) return caller.status();
        return Reachable(*caller, request->campaign_id()).status();
      },
      [this, context, id = request->campaign_id(), response] {
        return PlanAndStore(context, id, response);
      });
}

absl::Status CampaignServiceImpl::PlanAndStore(grpc::CallbackServerContext* context,
                                               const std::string& id, v1::CampaignPlan* response) {
  if (context->IsCancelled()) {
    return absl::CancelledError("PlanCampaign: cancelled by the caller before planning started");
  }
  absl::StatusOr<v1::Campaign> read = store_->GetCampaign(id);
  if (!read.ok()) return read.status();
  CampaignPlanSettings settings;
  settings.aid_rules = &aid_rules_;
  settings.cancelled = [context] { return context->IsCancelled(); };
  settings.deadline = DeadlineOf(*context);
  settings.threads = options_.rank_threads;
  absl::StatusOr<v1::CampaignPlan> plan = server::PlanCampaign(*read, *store_, *index_, settings);
  if (!plan.ok()) return plan.status();
  if (context->IsCancelled()) return absl::CancelledError("PlanCampaign: cancelled by the caller");
  plan->set_plan_time(Now());

  EventLocks::Held held = locks_.Lock(id);
  absl::StatusOr<v1::Campaign> current = store_->GetCampaign(id);
  if (current.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(
        absl::StrCat("campaign '", id, "' was deleted while it was planned"));
  }
  if (!current.ok()) return current.status();
  // Anything but an erasure changed meanwhile (an outcome, another plan): ABORTED.
  v1::Campaign before = *read;
  absl::flat_hash_set<std::string> named;
  for (const v1::CampaignProposal& p : before.plan().proposals()) named.insert(p.candidate_id());
  for (const v1::CampaignOutcome& o : before.outcomes()) named.insert(o.candidate_id());
  for (const std::string& candidate_id : named) {
    if (candidate_id.empty()) continue;
    absl::StatusOr<v1::Candidate> candidate = store_->GetCandidate(candidate_id);
    if (candidate.status().code() == absl::StatusCode::kNotFound) {
      index::RemoveCandidateFromCampaign(candidate_id, &before);
    } else if (!candidate.ok()) {
      return candidate.status();
    }
  }
  if (!MessageDifferencer::Equals(before, *current)) {
    return absl::AbortedError(absl::StrCat(
        "campaign '", id,
        "' was changed while it was planned (an outcome or another plan); plan again"));
  }
  v1::Campaign updated = *std::move(current);
  *updated.mutable_plan() = *std::move(plan);
  // The campaign is one record and one GetCampaign answer: a plan that makes it larger
  // than a message may be is refused, nothing stored.
  if (const size_t bytes = updated.ByteSizeLong();
      bytes > static_cast<size_t>(options_.max_plan_bytes)) {
    return absl::ResourceExhaustedError(
        absl::StrCat("PlanCampaign: the plan of campaign '", id, "' (",
                     updated.plan().proposals_size(), " proposals) makes the campaign ", bytes,
                     " bytes, above --max_message_bytes (", options_.max_plan_bytes,
                     "): narrow the scope or lower proposals_per_household; nothing stored"));
  }
  absl::StatusOr<v1::Campaign> stored = store_->PutCampaign(updated);
  if (!stored.ok()) return stored.status();
  *response = stored->plan();
  return absl::OkStatus();
}

}  // namespace matching::server
