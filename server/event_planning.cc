// Planning a recruitment event: scores from the matching core, slots from the planner.
#include "server/event_planning.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "matcher/event_plan.h"
#include "matcher/event_plan_unserved.h"
#include "server/event_validation.h"

namespace matching::server {
namespace {

// The event's slots, booths and registrants as planner indices.
struct EventIndex {
  std::vector<int> slot_order;                   // planner slot -> event.slots index
  absl::flat_hash_map<std::string, int> slot;    // slot id -> planner slot
  absl::flat_hash_map<std::string, int> booth;   // booth id -> booth index
  absl::flat_hash_map<std::string, int> person;  // candidate id -> registration index
};

EventIndex IndexEvent(const v1::Event& event) {
  EventIndex ix;
  ix.slot_order.resize(event.slots_size());
  std::iota(ix.slot_order.begin(), ix.slot_order.end(), 0);
  std::stable_sort(ix.slot_order.begin(), ix.slot_order.end(), [&](int a, int b) {
    return SlotStartMinutes(event.slots(a)) < SlotStartMinutes(event.slots(b));
  });
  for (int s = 0; s < static_cast<int>(ix.slot_order.size()); ++s) {
    ix.slot[event.slots(ix.slot_order[s]).id()] = s;
  }
  for (int b = 0; b < event.booths_size(); ++b) ix.booth[event.booths(b).id()] = b;
  for (int r = 0; r < event.registrations_size(); ++r) {
    ix.person[event.registrations(r).candidate_id()] = r;
  }
  return ix;
}

std::vector<int> SlotIndices(const google::protobuf::RepeatedPtrField<std::string>& ids,
                             const EventIndex& ix) {
  std::vector<int> slots;
  for (const std::string& id : ids) slots.push_back(ix.slot.at(id));
  std::sort(slots.begin(), slots.end());
  return slots;
}

// Scores every (registrant, booth) pair; `best_offer` gets the booth's offer that scored
// best, `verdicts` why a pair may not meet (for EventPlan.unserved and idle_booths).
// Registrants or offers no longer in the index (erased, deleted) cannot meet. A specialty
// that is neither the offer's nor a related one counts as another profession (a specialist
// is a specialist), the other limits as limits. Cancelled when settings.cancelled says so
// (checked once per registrant: at most kMaxEventBooths * kMaxOffersPerBooth scores between
// two checks).
absl::Status ScorePairs(const v1::Event& event, const index::MemoryIndex& index,
                        const EventPlanSettings& settings, matcher::PlanProblem* problem,
                        std::vector<std::string>* best_offer, matcher::PairVerdicts* verdicts) {
  const matcher::ScoreOptions& options = settings.score_options;
  struct BoothOffer {
    matcher::OfferFeatures offer;
    matcher::TerritoryFeatures territory;
  };
  std::vector<std::vector<BoothOffer>> booth_offers(event.booths_size());
  verdicts->booth_without_offer.assign(event.booths_size(), 0);
  for (int b = 0; b < event.booths_size(); ++b) {
    for (const std::string& offer_id : event.booths(b).offer_ids()) {
      std::optional<matcher::OfferFeatures> offer = index.FindOffer(offer_id);
      if (!offer) continue;
      std::optional<matcher::TerritoryFeatures> territory =
          index.FindTerritory(offer->territory_id);
      if (!territory) continue;
      booth_offers[b].push_back({std::move(*offer), std::move(*territory)});
    }
    verdicts->booth_without_offer[b] = booth_offers[b].empty();
  }
  const size_t booths = event.booths_size();
  problem->scores.assign(event.registrations_size() * booths, -1.0);
  best_offer->assign(problem->scores.size(), "");
  verdicts->bars.assign(problem->scores.size(), matcher::PairBar::kNoProfessionMatch);
  verdicts->best_within_limits.assign(problem->scores.size(), -1.0);
  verdicts->registrant_hidden.assign(event.registrations_size(), 0);
  for (int r = 0; r < event.registrations_size(); ++r) {
    if (settings.cancelled && settings.cancelled()) {
      return absl::CancelledError("PlanEvent: cancelled by the caller while scoring");
    }
    if (absl::Now() >= settings.deadline) {
      return absl::DeadlineExceededError("PlanEvent: deadline passed while scoring");
    }
    std::optional<matcher::CandidateProfile> candidate =
        index.FindCandidate(event.registrations(r).candidate_id());
    // A household that withdrew its consent or paused its search since it registered is
    // not planned; nor is any pair beyond a limit of the household or of the offer.
    if (!candidate || !matcher::VisibleToRecruiters(*candidate) ||
        !matcher::VisibleToOrganization(*candidate, EventViewer(event))) {
      verdicts->registrant_hidden[r] = 1;
      continue;
    }
    absl::StatusOr<matcher::Weights> weights =
        matcher::ResolveWeights(matcher::DefaultWeights(), {}, candidate->weights);
    const matcher::Weights& used = weights.ok() ? *weights : matcher::DefaultWeights();
    for (size_t b = 0; b < booths; ++b) {
      double best = -1;
      bool beyond_limits = false;
      for (const BoothOffer& entry : booth_offers[b]) {
        if (!matcher::Eligible(*candidate, entry.offer, entry.territory)) continue;
        const matcher::LimitSet broken =
            matcher::CheckLimits(*candidate, entry.offer, entry.territory, options.as_of);
        if (broken.Has(matcher::Limit::kSpecialty)) continue;
        if (!broken.empty()) {
          beyond_limits = true;
          continue;
        }
        const double score =
            matcher::FastScore(*candidate, entry.offer, entry.territory, used, options).score;
        if (score > best) {
          best = score;
          (*best_offer)[r * booths + b] = entry.offer.id;
        }
      }
      const size_t pair = r * booths + b;
      verdicts->best_within_limits[pair] = best;
      if (best >= 0 && best >= event.min_score()) {
        problem->scores[pair] = best;
        verdicts->bars[pair] = matcher::PairBar::kNone;
      } else if (best >= 0) {
        verdicts->bars[pair] = matcher::PairBar::kBelowMinScore;
      } else if (beyond_limits) {
        verdicts->bars[pair] = matcher::PairBar::kBeyondLimits;
      }
    }
  }
  return absl::OkStatus();
}

static_assert(static_cast<int>(matcher::UnservedReason::kNotVisible) ==
              v1::UNSERVED_REASON_NOT_VISIBLE);
static_assert(static_cast<int>(matcher::UnservedReason::kNoOffer) == v1::UNSERVED_REASON_NO_OFFER);
static_assert(static_cast<int>(matcher::UnservedReason::kNoProfessionMatch) ==
              v1::UNSERVED_REASON_NO_PROFESSION_MATCH);
static_assert(static_cast<int>(matcher::UnservedReason::kBeyondLimits) ==
              v1::UNSERVED_REASON_BEYOND_LIMITS);
static_assert(static_cast<int>(matcher::UnservedReason::kBelowMinScore) ==
              v1::UNSERVED_REASON_BELOW_MIN_SCORE);
static_assert(static_cast<int>(matcher::UnservedReason::kNoCommonSlot) ==
              v1::UNSERVED_REASON_NO_COMMON_SLOT);
static_assert(static_cast<int>(matcher::UnservedReason::kCapacity) == v1::UNSERVED_REASON_CAPACITY);

// EventPlan.unserved and idle_booths from the planner's report.
void AddUnserved(const v1::Event& event, const matcher::UnservedReport& report,
                 v1::EventPlan* plan) {
  for (const matcher::Unserved& u : report.registrants) {
    v1::UnservedRegistrant* out = plan->add_unserved();
    out->set_candidate_id(event.registrations(u.index).candidate_id());
    out->set_reason(static_cast<v1::UnservedReason>(u.reason));
    for (int b : u.concerned) out->add_booth_ids(event.booths(b).id());
    out->set_best_score(u.best_score);
  }
  for (const matcher::Unserved& u : report.booths) {
    v1::IdleBooth* out = plan->add_idle_booths();
    out->set_booth_id(event.booths(u.index).id());
    out->set_reason(static_cast<v1::UnservedReason>(u.reason));
    out->set_registrants_concerned(static_cast<int>(u.concerned.size()));
    out->set_best_score(u.best_score);
  }
}

// The previous plan's interviews that can still stand, as planner interviews, greedily in
// the previous plan's order: one is kept when it still fits with those kept before it, by
// matcher::CheckPlan's rules checked incrementally (linear: calling CheckPlan per
// interview was quadratic, 80 s for a re-plan of 15,000 interviews). `problem` has no
// kept interviews yet.
std::vector<matcher::PlannedInterview> KeptInterviews(const v1::Event& event, const EventIndex& ix,
                                                      const matcher::PlanProblem& problem) {
  const size_t slots = problem.slot_count;
  auto availability = [slots](const std::vector<int>& available) {
    std::vector<char> row(slots, available.empty() ? 1 : 0);
    for (int s : available) row[s] = 1;
    return row;
  };
  std::vector<std::vector<char>> registrant_available, booth_available;
  for (const matcher::PlanRegistrant& r : problem.registrants) {
    registrant_available.push_back(availability(r.available_slots));
  }
  for (const matcher::PlanBooth& b : problem.booths) {
    booth_available.push_back(availability(b.available_slots));
  }
  std::vector<char> registrant_busy(problem.registrants.size() * slots, 0);
  std::vector<int> booth_load(problem.booths.size() * slots, 0);
  std::vector<int> interviews_of(problem.registrants.size(), 0);
  absl::flat_hash_set<std::pair<int, int>> met;
  std::vector<matcher::PlannedInterview> kept;
  for (const v1::Interview& interview : event.plan().interviews()) {
    auto r = ix.person.find(interview.candidate_id());
    auto b = ix.booth.find(interview.booth_id());
    auto s = ix.slot.find(interview.slot_id());
    if (r == ix.person.end() || b == ix.booth.end() || s == ix.slot.end()) continue;
    const int registrant = r->second, booth = b->second, slot = s->second;
    const double score = problem.score(registrant, booth);
    if (score < 0) continue;
    if (!registrant_available[registrant][slot] || !booth_available[booth][slot]) continue;
    if (registrant_busy[registrant * slots + slot]) continue;
    if (booth_load[booth * slots + slot] >= problem.booths[booth].capacity) continue;
    if (interviews_of[registrant] >= problem.registrants[registrant].max_interviews) continue;
    if (!met.insert({registrant, booth}).second) continue;
    registrant_busy[registrant * slots + slot] = 1;
    ++booth_load[booth * slots + slot];
    ++interviews_of[registrant];
    kept.push_back({registrant, booth, slot, score});
  }
  return kept;
}

void AddChanges(const v1::EventPlan& previous, v1::EventPlan* plan) {
  using Pair = std::pair<std::string, std::string>;
  absl::flat_hash_map<Pair, const v1::Interview*> before, after;
  for (const v1::Interview& i : previous.interviews())
    before[{i.candidate_id(), i.booth_id()}] = &i;
  for (const v1::Interview& i : plan->interviews()) after[{i.candidate_id(), i.booth_id()}] = &i;
  for (const v1::Interview& i : plan->interviews()) {
    auto old = before.find({i.candidate_id(), i.booth_id()});
    if (old == before.end()) {
      v1::PlanChange* change = plan->add_changes();
      change->set_kind(v1::PlanChange::KIND_ADDED);
      *change->mutable_interview() = i;
    } else if (old->second->slot_id() != i.slot_id()) {
      v1::PlanChange* change = plan->add_changes();
      change->set_kind(v1::PlanChange::KIND_MOVED);
      *change->mutable_interview() = i;
      change->set_previous_slot_id(old->second->slot_id());
    }
  }
  for (const v1::Interview& i : previous.interviews()) {
    if (after.contains({i.candidate_id(), i.booth_id()})) continue;
    v1::PlanChange* change = plan->add_changes();
    change->set_kind(v1::PlanChange::KIND_REMOVED);
    *change->mutable_interview() = i;
  }
}

}  // namespace

std::optional<std::string> EventViewer(const v1::Event& event) {
  if (event.organization_id().empty()) return std::nullopt;
  return event.organization_id();
}

absl::Status CheckEventReferences(const v1::Event& event, const index::MemoryIndex& index,
                                  const std::string& field) {
  for (int b = 0; b < event.booths_size(); ++b) {
    for (int k = 0; k < event.booths(b).offer_ids_size(); ++k) {
      const std::string& id = event.booths(b).offer_ids(k);
      if (!index.FindOffer(id)) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".booths[", b, "].offer_ids[", k,
                                                       "]: '", id, "' names no stored offer"));
      }
    }
  }
  for (int r = 0; r < event.registrations_size(); ++r) {
    const std::string& id = event.registrations(r).candidate_id();
    // Recruiters see only consenting, searching households: one answer for those and for
    // ids never stored, so that a registration tells nothing of a hidden household.
    // And an organisation's event registers only households registered with it or with
    // none: another organisation's household gets the same answer.
    const std::optional<matcher::CandidateProfile> candidate = index.FindCandidate(id);
    if (!candidate || !matcher::VisibleToRecruiters(*candidate) ||
        !matcher::VisibleToOrganization(*candidate, EventViewer(event))) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".registrations[", r, "].candidate_id: '", id,
                       "' names no stored candidate that recruiters may see (consent given, "
                       "searching)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::EventPlan> PlanEvent(const v1::Event& event, const index::MemoryIndex& index,
                                        const EventPlanSettings& settings) {
  const EventIndex ix = IndexEvent(event);
  matcher::PlanProblem problem;
  problem.slot_count = event.slots_size();
  problem.everyone_once = settings.everyone_once;
  for (const v1::Booth& booth : event.booths()) {
    problem.booths.push_back(matcher::PlanBooth{booth.has_capacity() ? booth.capacity() : 1,
                                                SlotIndices(booth.available_slot_ids(), ix)});
  }
  const int event_max = event.max_interviews_per_candidate() > 0
                            ? event.max_interviews_per_candidate()
                            : kDefaultMaxInterviews;
  for (const v1::Registration& registration : event.registrations()) {
    problem.registrants.push_back(matcher::PlanRegistrant{
        registration.max_interviews() > 0 ? registration.max_interviews() : event_max,
        SlotIndices(registration.available_slot_ids(), ix)});
  }
  std::vector<std::string> best_offer;
  matcher::PairVerdicts verdicts;
  if (absl::Status s = ScorePairs(event, index, settings, &problem, &best_offer, &verdicts);
      !s.ok()) {
    return s;
  }
  if (!settings.allow_moves) problem.kept = KeptInterviews(event, ix, problem);
  if (settings.cancelled && settings.cancelled()) {
    return absl::CancelledError("PlanEvent: cancelled by the caller before planning");
  }

  matcher::PlanOptions options;
  options.max_work = settings.max_work;
  options.cancelled = settings.cancelled;
  options.deadline = settings.deadline;
  absl::StatusOr<matcher::PlanResult> result = matcher::PlanInterviews(problem, options);
  if (!result.ok()) return result.status();

  v1::EventPlan plan;
  for (const matcher::PlannedInterview& planned : result->interviews) {
    const v1::Slot& slot = event.slots(ix.slot_order[planned.slot]);
    v1::Interview* interview = plan.add_interviews();
    interview->set_candidate_id(event.registrations(planned.registrant).candidate_id());
    interview->set_booth_id(event.booths(planned.booth).id());
    interview->set_slot_id(slot.id());
    interview->set_score(planned.score);
    interview->set_offer_id(best_offer[planned.registrant * event.booths_size() + planned.booth]);
    interview->set_start_time(slot.start_time());
    interview->set_duration_minutes(slot.duration_minutes());
  }
  plan.set_total_score(result->total_score);
  plan.set_upper_bound(result->upper_bound);
  plan.set_gap(result->gap);
  plan.set_registrants_served(result->registrants_served);
  plan.set_optimal(result->optimal);
  plan.set_method(result->method);
  plan.set_budget_exhausted(result->budget_exhausted);
  plan.set_registrants(event.registrations_size());
  AddUnserved(event, matcher::ExplainUnserved(problem, verdicts, result->interviews), &plan);
  AddChanges(event.plan(), &plan);
  return plan;
}

}  // namespace matching::server
