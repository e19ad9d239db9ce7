// AddBriefings: the offer, the household and the pair's reasons for each agenda line.
#include "server/event_briefing.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "server/candidate_summary.h"
#include "server/match_request.h"

namespace matching::server {
namespace {

// The pair's criteria worth reading out: applicable, scoring something, best contribution
// first; for a candidate only its own side's at 0.5 or more (what the territory offers it).
std::vector<const v1::CriterionScore*> Reasons(const v1::Match& match, bool for_booth) {
  std::vector<const v1::CriterionScore*> reasons;
  for (const v1::CriterionScore& c : match.criteria()) {
    if (c.weight() <= 0 || c.value() <= 0 || c.explanation().empty()) continue;
    if (!for_booth && (c.side() != v1::SIDE_CANDIDATE || c.value() < 0.5)) continue;
    // The profession fits by construction at an event: it tells nobody anything.
    if (c.criterion() == "profession" || c.criterion() == "t_profession") continue;
    reasons.push_back(&c);
  }
  std::stable_sort(reasons.begin(), reasons.end(),
                   [](const v1::CriterionScore* a, const v1::CriterionScore* b) {
                     return a->contribution() > b->contribution();
                   });
  const size_t keep = for_booth ? kBoothBriefingReasons : kCandidateBriefingReasons;
  if (reasons.size() > keep) reasons.resize(keep);
  return reasons;
}

}  // namespace

void AddBriefings(const index::MemoryIndex& index, index::Store& store,
                  const matcher::ScoreOptions& options, bool for_booth, v1::Agenda* agenda) {
  for (const v1::Interview& interview : agenda->interviews()) {
    v1::InterviewBriefing* briefing = agenda->add_briefings();
    briefing->set_candidate_id(interview.candidate_id());
    briefing->set_booth_id(interview.booth_id());
    briefing->set_offer_id(interview.offer_id());
    absl::StatusOr<v1::Offer> stored_offer = store.GetOffer(interview.offer_id());
    if (stored_offer.ok()) briefing->set_offer_title(stored_offer->title());
    const std::optional<matcher::OfferFeatures> offer = index.FindOffer(interview.offer_id());
    if (!offer) continue;
    const std::optional<matcher::TerritoryFeatures> territory =
        index.FindTerritory(offer->territory_id);
    if (!territory) continue;
    briefing->set_territory_name(territory->name);
    const std::optional<matcher::CandidateProfile> candidate =
        index.FindCandidate(interview.candidate_id());
    if (!candidate || !matcher::VisibleToRecruiters(*candidate)) continue;
    if (for_booth) {
      FillCandidateSummary(*candidate, *territory, index, briefing->mutable_candidate_summary());
      for (std::string& wish : WhatTheHouseholdLooksFor(*candidate, *territory, options.language)) {
        briefing->add_looks_for(std::move(wish));
      }
    }
    absl::StatusOr<matcher::Weights> weights =
        matcher::ResolveWeights(matcher::DefaultWeights(), {}, candidate->weights);
    v1::Match match;
    ToMatchMessage(matcher::Score(*candidate, *offer, *territory,
                                  weights.ok() ? *weights : matcher::DefaultWeights(), options),
                   &match);
    for (const v1::CriterionScore* reason : Reasons(match, for_booth)) {
      *briefing->add_reasons() = *reason;
    }
  }
}

}  // namespace matching::server
