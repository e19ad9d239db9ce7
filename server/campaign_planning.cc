// Planning a campaign: candidate pairs from the index, proposals from matcher/campaign_*.
#include "server/campaign_planning.h"

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "matcher/campaign_plan.h"
#include "matcher/joint.h"
#include "matcher/stable_matching.h"
#include "server/match_request.h"
#include "server/validation.h"

namespace matching::server {
namespace {

absl::Status Invalid(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

int HouseholdCapacity(const v1::Campaign& c) {
  return c.proposals_per_household() == 0 ? kDefaultProposalsPerHousehold
                                          : c.proposals_per_household();
}
int PositionCapacity(const v1::Campaign& c) {
  return c.proposals_per_position() == 0 ? kDefaultProposalsPerPosition
                                         : c.proposals_per_position();
}

// A post in scope.
struct ScopeOffer {
  std::string id;
  std::string territory_id;
  std::string department_code;
  std::string region_code;
  bool filled = false;  // a FILLED outcome is recorded
  int capacity = 0;
  double priority = 1;
  bool under_served = false;
};

// One candidate pair with its ids, as the planners and the figures need it.
struct Candidates {
  std::vector<std::string> household_ids;
  std::vector<ScopeOffer> offers;
  matcher::CampaignInstance instance;
  std::vector<bool> kept;             // by pair: from a previous ACCEPTED or MET outcome
  std::vector<double> partner_score;  // by pair: the partner's pair score (joint pairs)
};

using PairKey = std::pair<std::string, std::string>;  // candidate id, offer id

// The latest outcome of each pair, and the posts filled.
struct Outcomes {
  absl::flat_hash_map<PairKey, v1::OutcomeKind> by_pair;
  absl::flat_hash_set<std::string> filled;
};

Outcomes ReadOutcomes(const v1::Campaign& campaign) {
  Outcomes outcomes;
  for (const v1::CampaignOutcome& o : campaign.outcomes()) {
    if (o.kind() == v1::OUTCOME_KIND_FILLED) {
      outcomes.filled.insert(o.offer_id());
    } else {
      outcomes.by_pair[{o.candidate_id(), o.offer_id()}] = o.kind();
    }
  }
  return outcomes;
}

bool InList(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}
bool ProfessionInScope(const v1::CampaignScope& scope, v1::Profession profession) {
  return scope.professions().empty() ||
         std::find(scope.professions().begin(), scope.professions().end(), profession) !=
             scope.professions().end();
}

absl::Status CheckStop(const CampaignPlanSettings& settings) {
  if (settings.cancelled && settings.cancelled()) {
    return absl::CancelledError("PlanCampaign: cancelled by the caller");
  }
  if (absl::Now() > settings.deadline) {
    return absl::DeadlineExceededError("PlanCampaign: the call's deadline passed");
  }
  return absl::OkStatus();
}

// Each household's ranked pairs (best first), from RankOffers, on `settings.threads`.
struct Ranked {
  std::string candidate_id;
  std::vector<index::RankedPair> pairs;
  bool cut = false;  // the list reached top_k: other gated pairs may exist
};

absl::StatusOr<std::vector<Ranked>> RankHouseholds(const std::vector<std::string>& ids,
                                                   const index::MemoryIndex& index,
                                                   const index::RankQuery& base,
                                                   const CampaignPlanSettings& settings) {
  std::vector<Ranked> ranked(ids.size());
  index::RankQuery single = base;
  single.joint = false;
  const int threads = std::max(1, std::min<int>(settings.threads, ids.size() / 64 + 1));
  std::vector<absl::Status> errors(threads);
  auto work = [&](int t) {
    for (size_t i = t; i < ids.size(); i += threads) {
      if ((i / threads) % 64 == 0) {
        if (absl::Status s = CheckStop(settings); !s.ok()) {
          errors[t] = s;
          return;
        }
      }
      std::optional<matcher::CandidateProfile> profile = index.FindCandidate(ids[i]);
      if (!profile) continue;  // erased meanwhile
      // With options.joint, a dual-career household (a partner seeking a health post) is
      // ranked for pairs of posts; every other household alone.
      const bool joint =
          base.joint && profile->partner && matcher::SeeksHealthPost(*profile->partner);
      absl::StatusOr<index::RankResult> result =
          index.RankOffers(*profile, joint == base.joint ? base : single);
      if (!result.ok()) {
        // A household whose personal weights no longer resolve is left out, not fatal.
        continue;
      }
      ranked[i].candidate_id = ids[i];
      ranked[i].cut = static_cast<int>(result->pairs.size()) >= base.top_k;
      ranked[i].pairs = std::move(result->pairs);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& thread : pool) thread.join();
  for (const absl::Status& s : errors) {
    if (!s.ok()) return s;
  }
  return ranked;
}

// p95 of the proposals per post reached, and the maximum.
void FillLoadFigures(const std::vector<int>& per_offer, v1::CampaignFigures* figures) {
  std::vector<int> reached;
  for (int n : per_offer) {
    if (n > 0) reached.push_back(n);
  }
  std::sort(reached.begin(), reached.end());
  figures->set_max_proposals_per_offer(reached.empty() ? 0 : reached.back());
  figures->set_p95_proposals_per_offer(
      reached.empty() ? 0 : reached[std::min(reached.size() - 1, reached.size() * 95 / 100)]);
}

// The proposals each post in scope receives from `chosen` (a joint proposal takes a place
// at both of its posts).
std::vector<int> ProposalsPerOffer(const Candidates& c, const std::vector<int>& chosen) {
  std::vector<int> per_offer(c.offers.size());
  for (int index : chosen) {
    const matcher::CampaignPair& pair = c.instance.pairs[index];
    ++per_offer[pair.offer];
    if (pair.partner_offer >= 0) ++per_offer[pair.partner_offer];
  }
  return per_offer;
}

// The best own score (candidate_score) among each household's proposals; -1 for none.
std::vector<double> BestOwnScore(const Candidates& c, const std::vector<int>& chosen) {
  std::vector<double> best(c.household_ids.size(), -1);
  for (int index : chosen) {
    const matcher::CampaignPair& p = c.instance.pairs[index];
    best[p.household] = std::max(best[p.household], p.candidate_score);
  }
  return best;
}

v1::CampaignFigures Figures(const Candidates& c, const std::vector<int>& chosen,
                            const std::vector<int>* baseline = nullptr) {
  v1::CampaignFigures figures;
  std::vector<int> per_offer(c.offers.size()), per_household(c.household_ids.size());
  double total = 0;
  for (int index : chosen) {
    const matcher::CampaignPair& p = c.instance.pairs[index];
    ++per_offer[p.offer];
    if (p.partner_offer >= 0) ++per_offer[p.partner_offer];  // a joint proposal: both posts
    ++per_household[p.household];
    total += p.score;
  }
  figures.set_total_score(total);
  figures.set_proposals(static_cast<int>(chosen.size()));
  for (int n : per_household) figures.set_households_served(figures.households_served() + (n > 0));
  for (size_t o = 0; o < c.offers.size(); ++o) {
    if (per_offer[o] == 0) continue;
    figures.set_offers_reached(figures.offers_reached() + 1);
    if (c.offers[o].under_served) {
      figures.set_under_served_offers_reached(figures.under_served_offers_reached() + 1);
    }
    if (per_offer[o] > c.offers[o].capacity) {
      figures.set_offers_over_capacity(figures.offers_over_capacity() + 1);
    }
  }
  FillLoadFigures(per_offer, &figures);
  figures.set_blocking_pairs(matcher::CountBlockingPairs(c.instance, chosen));
  if (baseline != nullptr) {
    // Worse off than the baseline: no proposal where the baseline gave one, or a best own
    // score more than kWorseOffMargin below the baseline's best.
    const std::vector<double> mine = BestOwnScore(c, chosen);
    const std::vector<double> theirs = BestOwnScore(c, *baseline);
    for (size_t h = 0; h < mine.size(); ++h) {
      if (theirs[h] < 0) continue;
      if (mine[h] < 0) {
        figures.set_households_without_proposal(figures.households_without_proposal() + 1);
        figures.set_households_worse_off(figures.households_worse_off() + 1);
      } else if (mine[h] < theirs[h] - kWorseOffMargin) {
        figures.set_households_worse_off(figures.households_worse_off() + 1);
      }
    }
  }
  return figures;
}

// The baseline: each household's own best `capacity` candidate pairs by score, alone.
std::vector<int> Baseline(const Candidates& c, int capacity) {
  std::vector<std::vector<int>> by_household(c.household_ids.size());
  for (int i = 0; i < static_cast<int>(c.instance.pairs.size()); ++i) {
    if (!c.kept[i]) by_household[c.instance.pairs[i].household].push_back(i);
  }
  std::vector<int> chosen;
  for (auto& list : by_household) {
    std::stable_sort(list.begin(), list.end(), [&](int a, int b) {
      return c.instance.pairs[a].score > c.instance.pairs[b].score;
    });
    for (int k = 0; k < std::min<int>(capacity, list.size()); ++k) chosen.push_back(list[k]);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace

absl::Status ValidateCampaign(const v1::Campaign& campaign) {
  if (absl::Status s = ValidateId("campaign.id", campaign.id()); !s.ok()) return s;
  if (absl::Status s = ValidateText("campaign.name", campaign.name()); !s.ok()) return s;
  const v1::CampaignScope& scope = campaign.scope();
  if (scope.department_codes_size() > kMaxListLength ||
      scope.region_codes_size() > kMaxListLength) {
    return Invalid("campaign.scope",
                   absl::StrCat("at most ", kMaxListLength, " department and region codes each"));
  }
  for (int i = 0; i < scope.department_codes_size(); ++i) {
    const std::string field = absl::StrCat("campaign.scope.department_codes[", i, "]");
    if (scope.department_codes(i).empty()) return Invalid(field, "is empty");
    if (absl::Status s = ValidateDepartmentCode(field, scope.department_codes(i)); !s.ok()) {
      return s;
    }
  }
  for (int i = 0; i < scope.region_codes_size(); ++i) {
    const std::string field = absl::StrCat("campaign.scope.region_codes[", i, "]");
    if (scope.region_codes(i).empty()) return Invalid(field, "is empty");
    if (absl::Status s = ValidateRegionCode(field, scope.region_codes(i)); !s.ok()) return s;
  }
  for (int i = 0; i < scope.professions_size(); ++i) {
    if (scope.professions(i) == v1::PROFESSION_UNSPECIFIED ||
        !v1::Profession_IsValid(scope.professions(i))) {
      return Invalid(absl::StrCat("campaign.scope.professions[", i, "]"),
                     absl::StrCat(scope.professions(i), " is not a profession"));
    }
  }
  if (campaign.proposals_per_household() < 0 ||
      campaign.proposals_per_household() > kMaxProposalsPerHousehold) {
    return Invalid(
        "campaign.proposals_per_household",
        absl::StrCat(campaign.proposals_per_household(), " is outside [0, ",
                     kMaxProposalsPerHousehold, "] (0 means ", kDefaultProposalsPerHousehold, ")"));
  }
  if (campaign.proposals_per_position() < 0 ||
      campaign.proposals_per_position() > kMaxProposalsPerPosition) {
    return Invalid(
        "campaign.proposals_per_position",
        absl::StrCat(campaign.proposals_per_position(), " is outside [0, ",
                     kMaxProposalsPerPosition, "] (0 means ", kDefaultProposalsPerPosition, ")"));
  }
  if (!v1::CampaignMode_IsValid(campaign.mode())) {
    return Invalid("campaign.mode", absl::StrCat(campaign.mode(), " is not a campaign mode"));
  }
  if (campaign.options().include_beyond_limits()) {
    return Invalid("campaign.options.include_beyond_limits",
                   "true is refused: a campaign never proposes a pair beyond its limits");
  }
  absl::StatusOr<index::RankQuery> query = BuildRankQuery(campaign.options(), nullptr);
  if (!query.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("campaign.", query.status().message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CampaignPlan> PlanCampaign(const v1::Campaign& campaign, index::Store& store,
                                              const index::MemoryIndex& index,
                                              const CampaignPlanSettings& settings) {
  const v1::CampaignScope& scope = campaign.scope();
  const Outcomes outcomes = ReadOutcomes(campaign);
  Candidates c;
  absl::flat_hash_map<std::string, int> offer_index;
  // Posts in scope: open, of a profession in scope, in a department and region in scope.
  absl::Status scanned = store.ForEachOffer([&](const v1::Offer& offer) -> absl::Status {
    if (offer.status() != v1::OFFER_STATUS_OPEN || !ProfessionInScope(scope, offer.profession())) {
      return absl::OkStatus();
    }
    std::optional<matcher::TerritoryFeatures> territory = index.FindTerritory(offer.territory_id());
    if (!territory || !InList(scope.department_codes(), territory->department_code) ||
        !InList(scope.region_codes(), territory->region_code)) {
      return absl::OkStatus();
    }
    ScopeOffer o;
    o.id = offer.id();
    o.territory_id = offer.territory_id();
    o.department_code = territory->department_code;
    o.region_code = territory->region_code;
    o.filled = outcomes.filled.contains(o.id);
    o.capacity = std::max(1, offer.positions()) * PositionCapacity(campaign);
    o.priority = matcher::CareNeedPriority(territory->apl.value_or(0), territory->apl.has_value());
    o.under_served = territory->apl.has_value() && *territory->apl < kUnderServedApl;
    offer_index[o.id] = static_cast<int>(c.offers.size());
    c.offers.push_back(std::move(o));
    return absl::OkStatus();
  });
  if (!scanned.ok()) return scanned;
  if (absl::Status s = CheckStop(settings); !s.ok()) return s;

  // Households: visible to recruiters, of a profession in scope, and to the campaign's
  // organisation (a household an agency registered is that agency's alone, issue 19).
  std::vector<std::string> household_ids;
  const std::string& organization = campaign.organization();
  scanned = store.ForEachCandidate([&](const v1::Candidate& candidate) -> absl::Status {
    const bool organization_may_see = organization.empty() ||
                                      candidate.registering_organization_id().empty() ||
                                      candidate.registering_organization_id() == organization;
    if (index::VisibleToRecruiters(candidate) && organization_may_see &&
        ProfessionInScope(scope, candidate.profession())) {
      household_ids.push_back(candidate.id());
    }
    return absl::OkStatus();
  });
  if (!scanned.ok()) return scanned;

  absl::StatusOr<index::RankQuery> query = BuildRankQuery(campaign.options(), settings.aid_rules);
  if (!query.ok()) return query.status();
  const int household_capacity = HouseholdCapacity(campaign);
  query->top_k = std::min(kMaxTopK, kCandidateListFactor * household_capacity +
                                        static_cast<int>(outcomes.filled.size()));
  query->include_beyond_limits = false;
  query->joint = campaign.options().joint();
  query->filters.department_codes.assign(scope.department_codes().begin(),
                                         scope.department_codes().end());
  query->filters.region_codes.assign(scope.region_codes().begin(), scope.region_codes().end());
  const absl::Time ranking_start = absl::Now();
  absl::StatusOr<std::vector<Ranked>> ranked =
      RankHouseholds(household_ids, index, *query, settings);
  if (!ranked.ok()) return ranked.status();

  // Previous proposals by pair, for the kept ones' scores and for `changes`.
  absl::flat_hash_map<PairKey, v1::CampaignProposal> previous;
  for (const v1::CampaignProposal& p : campaign.plan().proposals()) {
    previous[{p.candidate_id(), p.offer_id()}] = p;
  }
  matcher::CampaignInstance& instance = c.instance;
  instance.offers = static_cast<int>(c.offers.size());
  for (const ScopeOffer& o : c.offers) instance.offer_capacity.push_back(o.capacity);
  double max_priority = 1;
  for (const ScopeOffer& o : c.offers) max_priority = std::max(max_priority, o.priority);
  // Kept pairs (ACCEPTED or MET) by household.
  absl::flat_hash_map<std::string, std::vector<std::string>> kept_offers;
  for (const auto& [key, kind] : outcomes.by_pair) {
    if (kind == v1::OUTCOME_KIND_ACCEPTED ||
        (kind == v1::OUTCOME_KIND_MET && !outcomes.filled.contains(key.second))) {
      kept_offers[key.first].push_back(key.second);
    }
  }
  for (auto& [id, offers] : kept_offers) std::sort(offers.begin(), offers.end());
  std::vector<int> household_used, offer_used(c.offers.size());
  for (const Ranked& r : *ranked) {
    if (r.candidate_id.empty()) continue;
    const int h = static_cast<int>(c.household_ids.size());
    absl::flat_hash_set<int> listed;
    int used = 0;
    // `partner` >= 0: a joint pair, the partner at that post (partner_* its side).
    auto add_pair = [&](int o, double score, double candidate_score, double territory_score,
                        bool kept, int partner = -1, double partner_score = 0,
                        double partner_territory_score = 0) {
      matcher::CampaignPair pair;
      pair.household = h;
      pair.offer = o;
      pair.score = score;
      pair.candidate_score = candidate_score;
      pair.territory_score = territory_score;
      pair.weight = matcher::CampaignWeight(score, c.offers[o].priority);
      if (partner >= 0) {
        // A joint proposal takes a place at both posts: its score counts at each.
        pair.partner_offer = partner;
        pair.partner_territory_score = partner_territory_score;
        pair.weight += matcher::CampaignWeight(score, c.offers[partner].priority);
      }
      if (kept && used < household_capacity && offer_used[o] < c.offers[o].capacity &&
          (partner < 0 || offer_used[partner] < c.offers[partner].capacity)) {
        instance.fixed.push_back(static_cast<int>(instance.pairs.size()));
        ++used;
        ++offer_used[o];
        if (partner >= 0) ++offer_used[partner];
      } else {
        kept = false;
      }
      c.kept.push_back(kept);
      c.partner_score.push_back(partner_score);
      instance.pairs.push_back(pair);
      listed.insert(o);
    };
    // Kept pairs first (with their stored scores when the index no longer lists them).
    auto kept_it = kept_offers.find(r.candidate_id);
    if (kept_it != kept_offers.end()) {
      for (const std::string& offer_id : kept_it->second) {
        auto o = offer_index.find(offer_id);
        auto p = previous.find({r.candidate_id, offer_id});
        if (o == offer_index.end() || p == previous.end()) continue;
        int partner = -1;
        if (!p->second.partner_offer_id().empty()) {
          auto q = offer_index.find(p->second.partner_offer_id());
          if (q == offer_index.end()) continue;  // the partner's post left the scope
          partner = q->second;
        }
        add_pair(o->second, p->second.score(), p->second.candidate_score(),
                 p->second.territory_score(), true, partner, p->second.partner_score(),
                 p->second.partner_territory_score());
      }
    }
    double last_score = 0;
    bool joint = false;  // a couple's unseen pairs would take two places
    for (const index::RankedPair& pair : r.pairs) {
      last_score = pair.scores.score;
      joint = joint || pair.partner.has_value();
      auto o = offer_index.find(pair.offer.id);
      if (o == offer_index.end() || listed.contains(o->second)) continue;
      if (outcomes.filled.contains(pair.offer.id)) continue;
      auto outcome = outcomes.by_pair.find({r.candidate_id, pair.offer.id});
      if (outcome != outcomes.by_pair.end() && outcome->second == v1::OUTCOME_KIND_DECLINED) {
        continue;
      }
      if (pair.partner) {
        // A joint pair: the partner's post must be in scope and not filled.
        auto q = offer_index.find(pair.partner->offer.id);
        if (q == offer_index.end() || q->second == o->second ||
            outcomes.filled.contains(pair.partner->offer.id)) {
          continue;
        }
        // The household's own order over pairs of posts: both partners' own scores.
        add_pair(
            o->second, pair.scores.score,
            matcher::JointScore(pair.scores.candidate_score, pair.partner->scores.candidate_score),
            pair.scores.territory_score, false, q->second, pair.partner->scores.score,
            pair.partner->scores.territory_score);
        continue;
      }
      add_pair(o->second, pair.scores.score, pair.scores.candidate_score,
               pair.scores.territory_score, false);
    }
    if (listed.empty()) continue;  // no gated pair in scope: not part of the campaign
    c.household_ids.push_back(r.candidate_id);
    instance.household_capacity.push_back(household_capacity);
    instance.household_unseen_bound.push_back(
        r.cut ? matcher::CampaignWeight(last_score, (joint ? 2 : 1) * max_priority) : 0);
  }
  instance.households = static_cast<int>(c.household_ids.size());
  if (absl::Status s = CheckStop(settings); !s.ok()) return s;

  matcher::CampaignControl control;
  control.cancelled = settings.cancelled;
  control.deadline = settings.deadline;
  control.solver = settings.solver;
  control.serve_households_first = settings.serve_households_first;
  const absl::Time solve_start = absl::Now();
  if (settings.timings != nullptr) {
    settings.timings->ranking_seconds = absl::ToDoubleSeconds(solve_start - ranking_start);
  }
  matcher::CampaignSolution solution;
  if (campaign.mode() == v1::CAMPAIGN_MODE_STABLE) {
    absl::StatusOr<matcher::CampaignSolution> stable = matcher::PlanStable(instance, control);
    if (!stable.ok()) return stable.status();
    solution = *std::move(stable);
    // What stability costs, against the optimal mode's bound (one flow).
    absl::StatusOr<int64_t> bound = matcher::CampaignUpperBound(instance, control);
    if (!bound.ok()) return bound.status();
    solution.upper_bound = std::max(*bound, solution.total_weight);
  } else {
    absl::StatusOr<matcher::CampaignSolution> optimal = matcher::PlanOptimal(instance, control);
    if (!optimal.ok()) return optimal.status();
    solution = *std::move(optimal);
  }
  if (settings.timings != nullptr) {
    settings.timings->solve_seconds = absl::ToDoubleSeconds(absl::Now() - solve_start);
  }

  v1::CampaignPlan plan;
  // Ranks within the plan: by each side's own score.
  std::vector<std::vector<int>> of_household(instance.households), of_offer(instance.offers);
  for (int index : solution.chosen) {
    of_household[instance.pairs[index].household].push_back(index);
    of_offer[instance.pairs[index].offer].push_back(index);
  }
  std::vector<int> rank_for_household(instance.pairs.size()), rank_for_offer(instance.pairs.size());
  for (auto& list : of_household) {
    std::sort(list.begin(), list.end(), [&](int a, int b) {
      return instance.pairs[a].candidate_score > instance.pairs[b].candidate_score;
    });
    for (size_t k = 0; k < list.size(); ++k) rank_for_household[list[k]] = static_cast<int>(k) + 1;
  }
  for (auto& list : of_offer) {
    std::sort(list.begin(), list.end(), [&](int a, int b) {
      return instance.pairs[a].territory_score > instance.pairs[b].territory_score;
    });
    for (size_t k = 0; k < list.size(); ++k) rank_for_offer[list[k]] = static_cast<int>(k) + 1;
  }
  std::vector<int> order = solution.chosen;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& pa = instance.pairs[a];
    const auto& pb = instance.pairs[b];
    const std::string& ca = c.household_ids[pa.household];
    const std::string& cb = c.household_ids[pb.household];
    return ca != cb ? ca < cb : rank_for_household[a] < rank_for_household[b];
  });
  absl::flat_hash_set<PairKey> now;
  for (int index : order) {
    const matcher::CampaignPair& p = instance.pairs[index];
    v1::CampaignProposal* proposal = plan.add_proposals();
    proposal->set_candidate_id(c.household_ids[p.household]);
    proposal->set_offer_id(c.offers[p.offer].id);
    if (p.partner_offer >= 0) {
      proposal->set_partner_offer_id(c.offers[p.partner_offer].id);
      proposal->set_partner_score(c.partner_score[index]);
      proposal->set_partner_territory_score(p.partner_territory_score);
    }
    proposal->set_score(p.score);
    proposal->set_candidate_score(p.candidate_score);
    proposal->set_territory_score(p.territory_score);
    proposal->set_rank_for_household(rank_for_household[index]);
    proposal->set_rank_for_offer(rank_for_offer[index]);
    proposal->set_kept(c.kept[index]);
    now.insert({proposal->candidate_id(), proposal->offer_id()});
    if (!previous.contains({proposal->candidate_id(), proposal->offer_id()}) &&
        !campaign.plan().proposals().empty()) {
      v1::CampaignChange* change = plan.add_changes();
      change->set_kind(v1::CampaignChange::KIND_ADDED);
      *change->mutable_proposal() = *proposal;
    }
  }
  for (const v1::CampaignProposal& p : campaign.plan().proposals()) {
    if (now.contains({p.candidate_id(), p.offer_id()})) continue;
    v1::CampaignChange* change = plan.add_changes();
    change->set_kind(v1::CampaignChange::KIND_REMOVED);
    *change->mutable_proposal() = p;
  }

  const std::vector<int> baseline = Baseline(c, household_capacity);
  const v1::CampaignFigures figures = Figures(c, solution.chosen, &baseline);
  *plan.mutable_figures() = figures;
  *plan.mutable_baseline() = Figures(c, baseline);
  // Every post in scope, by offer id, with its load in the plan and in the baseline.
  const std::vector<int> planned_load = ProposalsPerOffer(c, solution.chosen);
  const std::vector<int> baseline_load = ProposalsPerOffer(c, baseline);
  std::vector<int> by_id(c.offers.size());
  for (size_t o = 0; o < by_id.size(); ++o) by_id[o] = static_cast<int>(o);
  std::sort(by_id.begin(), by_id.end(),
            [&](int a, int b) { return c.offers[a].id < c.offers[b].id; });
  for (int o : by_id) {
    const ScopeOffer& offer = c.offers[o];
    v1::CampaignPost* post = plan.add_posts();
    post->set_offer_id(offer.id);
    post->set_territory_id(offer.territory_id);
    post->set_department_code(offer.department_code);
    post->set_region_code(offer.region_code);
    post->set_capacity(offer.capacity);
    post->set_proposals(planned_load[o]);
    post->set_baseline_proposals(baseline_load[o]);
    post->set_under_served(offer.under_served);
    post->set_filled(offer.filled);
  }
  plan.set_total_score(static_cast<double>(solution.total_weight) / 1e6);
  plan.set_upper_bound(static_cast<double>(solution.upper_bound) / 1e6);
  plan.set_gap(solution.upper_bound > 0
                   ? static_cast<double>(solution.upper_bound - solution.total_weight) /
                         static_cast<double>(solution.upper_bound)
                   : 0.0);
  plan.set_blocking_pairs(figures.blocking_pairs());
  plan.set_households(instance.households);
  plan.set_households_served(figures.households_served());
  plan.set_offers(instance.offers);
  plan.set_offers_reached(figures.offers_reached());
  plan.set_under_served_offers_reached(figures.under_served_offers_reached());
  plan.set_max_proposals_per_offer(figures.max_proposals_per_offer());
  plan.set_method(solution.method);
  plan.set_candidate_pairs(static_cast<int>(instance.pairs.size()));
  return plan;
}

}  // namespace matching::server
