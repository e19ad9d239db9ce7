// MatchingService handlers: validate, rank in the index, explain the few returned.
#include "server/matching_service.h"

#include "absl/strings/str_cat.h"
#include "matcher/criterion_catalog.h"
#include "matcher/weights.h"
#include "server/candidate_summary.h"
#include "server/match_request.h"
#include "server/unary.h"
#include "server/validation.h"

namespace matching::server {
namespace {

// Explains each ranked pair with the weights its ranking used (personal ones included).
template <typename Response>
absl::Status Explain(const index::RankResult& ranked, const index::RankQuery& query,
                     v1::MatchDetail detail, Response* response) {
  // RankOffers' pairs share one household: its weights are resolved once.
  const matcher::CandidateProfile* resolved_for = nullptr;
  matcher::Weights used;
  for (const index::RankedPair& pair : ranked.pairs) {
    if (pair.candidate.get() != resolved_for) {
      resolved_for = pair.candidate.get();
      absl::StatusOr<matcher::Weights> weights =
          pair.candidate->weights.empty()
              ? query.weights
              : matcher::ResolveWeights(query.weights, {}, pair.candidate->weights);
      used = weights.ok() ? *std::move(weights) : query.weights;
    }
    v1::Match* match = response->add_matches();
    ToMatchMessage(
        detail == v1::MATCH_DETAIL_SCORES
            ? matcher::Summarize(*pair.candidate, pair.offer, *pair.territory, used, pair.scores,
                                 query.options.as_of)
            : matcher::Score(*pair.candidate, pair.offer, *pair.territory, used, query.options),
        match);
    FillOfferFacts(pair.offer, match);
    FillTerritoryFacts(*pair.territory, match);
  }
  response->set_considered(ranked.considered);
  response->set_weights_profile_version(query.weights.profile_version);
  return absl::OkStatus();
}

// MatchOptions.joint: each match (the candidate's offer, written by Explain) gets the
// partner's post, scored and explained with the household's weights.
absl::Status ExplainPartnerPosts(const index::RankResult& ranked, const index::RankQuery& query,
                                 v1::MatchDetail detail, v1::RankOffersResponse* response) {
  for (size_t i = 0; i < ranked.pairs.size(); ++i) {
    const index::RankedPair& pair = ranked.pairs[i];
    absl::StatusOr<matcher::Weights> weights =
        pair.candidate->weights.empty()
            ? query.weights
            : matcher::ResolveWeights(query.weights, {}, pair.candidate->weights);
    AddPartnerPost(pair, weights.ok() ? *weights : query.weights, query,
                   detail == v1::MATCH_DETAIL_SCORES,
                   response->mutable_matches(static_cast<int>(i)));
  }
  return absl::OkStatus();
}

// A stored household another organisation registered: NOT_FOUND for an agency, the answer
// for an id never stored (issue 19 point 5). Admins, and visitors' inline profiles, pass.
absl::Status CheckStoredCandidateVisible(const Principal& caller, const std::string& candidate_id,
                                         const matcher::CandidateProfile& candidate) {
  if (candidate_id.empty() || caller.role == Role::kAdmin ||
      matcher::VisibleToOrganization(candidate, caller.organization)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(absl::StrCat("candidate '", candidate_id, "' not found"));
}

}  // namespace

grpc::ServerUnaryReactor* MatchingServiceImpl::RankOffers(grpc::CallbackServerContext* context,
                                                          const v1::RankOffersRequest* request,
                                                          v1::RankOffersResponse* response) {
  // Ranking for a stored household reads its profile: that needs the right to read
  // candidates; a visitor's inline profile needs only the right to rank.
  return RunUnary(
      context, *auth_,
      request->candidate_id().empty() ? Permission::kRank : Permission::kReadCandidates,
      "RankOffers", request->candidate_id(), [&](const Principal& caller) -> absl::Status {
        absl::StatusOr<index::RankQuery> query = BuildRankQuery(request->options(), &aid_rules_);
        if (!query.ok()) return query.status();
        absl::StatusOr<matcher::CandidateProfile> candidate = ResolveCandidate(
            *index_, request->candidate_id(),
            request->has_candidate() ? &request->candidate() : nullptr, metropolises_);
        if (!candidate.ok()) return candidate.status();
        if (absl::Status s =
                CheckStoredCandidateVisible(caller, request->candidate_id(), *candidate);
            !s.ok())
          return s;
        if (query->joint) {
          if (absl::Status s = ValidateJointHousehold(*candidate); !s.ok()) return s;
        }
        absl::StatusOr<index::RankResult> ranked = index_->RankOffers(*candidate, *query);
        if (!ranked.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("candidate.weights: ", ranked.status().message()));
        }
        if (absl::Status s = Explain(*ranked, *query, request->options().detail(), response);
            !s.ok() || !query->joint) {
          return s;
        }
        return ExplainPartnerPosts(*ranked, *query, request->options().detail(), response);
      });
}

grpc::ServerUnaryReactor* MatchingServiceImpl::RankCandidates(
    grpc::CallbackServerContext* context, const v1::RankCandidatesRequest* request,
    v1::RankCandidatesResponse* response) {
  // The answer is stored households' profiles and explanations: the right to read candidates.
  return RunUnary(
      context, *auth_, Permission::kReadCandidates, "RankCandidates", request->offer_id(),
      [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateId("offer_id", request->offer_id()); !s.ok()) return s;
        absl::StatusOr<index::RankQuery> query = BuildRankQuery(request->options(), &aid_rules_);
        if (!query.ok()) return query.status();
        if (query->joint) {
          return absl::InvalidArgumentError("options.joint: only RankOffers ranks pairs of offers");
        }
        // An agency ranks only its organisation's households and those registered with none.
        if (caller.role != Role::kAdmin) query->viewer_organization = caller.organization;
        absl::StatusOr<index::RankResult> ranked =
            index_->RankCandidates(request->offer_id(), *query);
        if (!ranked.ok()) return ranked.status();
        if (absl::Status s = Explain(*ranked, *query, request->options().detail(), response);
            !s.ok()) {
          return s;
        }
        for (size_t i = 0; i < ranked->pairs.size(); ++i) {
          const index::RankedPair& pair = ranked->pairs[i];
          FillCandidateSummary(
              *pair.candidate, *pair.territory, *index_,
              response->mutable_matches(static_cast<int>(i))->mutable_candidate_summary());
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MatchingServiceImpl::ExplainMatch(grpc::CallbackServerContext* context,
                                                            const v1::ExplainMatchRequest* request,
                                                            v1::ExplainMatchResponse* response) {
  return RunUnary(
      context, *auth_,
      request->candidate_id().empty() ? Permission::kRank : Permission::kReadCandidates,
      "ExplainMatch", request->offer_id(), [&](const Principal& caller) -> absl::Status {
        if (absl::Status s = ValidateId("offer_id", request->offer_id()); !s.ok()) return s;
        absl::StatusOr<index::RankQuery> query = BuildRankQuery(request->options(), &aid_rules_);
        if (!query.ok()) return query.status();
        absl::StatusOr<matcher::CandidateProfile> candidate = ResolveCandidate(
            *index_, request->candidate_id(),
            request->has_candidate() ? &request->candidate() : nullptr, metropolises_);
        if (!candidate.ok()) return candidate.status();
        if (absl::Status s =
                CheckStoredCandidateVisible(caller, request->candidate_id(), *candidate);
            !s.ok())
          return s;
        std::optional<matcher::OfferFeatures> offer = index_->FindOffer(request->offer_id());
        if (!offer)
          return absl::NotFoundError(absl::StrCat("offer '", request->offer_id(), "' not found"));
        std::optional<matcher::TerritoryFeatures> territory =
            index_->FindTerritory(offer->territory_id);
        if (!territory) {
          return absl::NotFoundError(
              absl::StrCat("territory '", offer->territory_id, "' not found"));
        }
        absl::StatusOr<matcher::Weights> weights =
            matcher::ResolveWeights(query->weights, {}, candidate->weights);
        if (!weights.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("candidate.weights: ", weights.status().message()));
        }
        ToMatchMessage(matcher::Score(*candidate, *offer, *territory, *weights, query->options),
                       response->mutable_match());
        FillOfferFacts(*offer, response->mutable_match());
        FillTerritoryFacts(*territory, response->mutable_match());
        if (!request->candidate_id().empty()) {  // a stored household, for a recruiter
          FillCandidateSummary(*candidate, *territory, *index_,
                               response->mutable_match()->mutable_candidate_summary());
        }
        response->set_weights_profile_version(weights->profile_version);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MatchingServiceImpl::ListCriteria(grpc::CallbackServerContext* context,
                                                            const v1::ListCriteriaRequest*,
                                                            v1::ListCriteriaResponse* response) {
  return RunUnary(context, *auth_, Permission::kRank, "ListCriteria", "", [&]() -> absl::Status {
    const matcher::Weights defaults = matcher::DefaultWeights();
    for (const matcher::CriterionDescription& description : matcher::CriterionDescriptions()) {
      v1::CriterionInfo* info = response->add_criteria();
      info->set_name(std::string(matcher::CriterionName(description.criterion)));
      info->set_side(static_cast<v1::Side>(matcher::CriterionSide(description.criterion)));
      info->set_default_weight(matcher::WeightOf(defaults, description.criterion));
      info->set_label_fr(std::string(description.label_fr));
      info->set_label_en(std::string(description.label_en));
      for (absl::string_view code : description.reason_codes) {
        info->add_reason_codes(std::string(code));
      }
    }
    for (const matcher::LimitDescription& description : matcher::LimitDescriptions()) {
      v1::LimitInfo* info = response->add_limits();
      info->set_name(std::string(matcher::LimitName(description.limit)));
      info->set_reason_code(std::string(matcher::LimitReasonCode(description.limit)));
      info->set_label_fr(std::string(description.label_fr));
      info->set_label_en(std::string(description.label_en));
    }
    response->set_weights_profile_version(defaults.profile_version);
    return absl::OkStatus();
  });
}

}  // namespace matching::server
