// Optimal campaign plans: maximum-weight b-matching by LEMON's network simplex.
#include "matcher/campaign_plan.h"

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "matcher/min_cost_flow.h"

namespace matching::matcher {
namespace {

absl::Status CheckControl(const CampaignControl& control) {
  if (control.cancelled && control.cancelled()) {
    return absl::CancelledError("campaign plan: cancelled by the caller");
  }
  if (absl::Now() > control.deadline) {
    return absl::DeadlineExceededError("campaign plan: the call's deadline passed");
  }
  return absl::OkStatus();
}

// Maximum-weight b-matching of `pairs` (all but the skipped ones) under the remaining
// capacities, plus, when `unseen` is not null, the bound's relaxation: household h may also
// send up to its room, at weight unseen[h] each, through a shared node to any post (within
// the post's capacity, shared with its listed pairs). Every pair left out of the lists maps
// to such a path of at least its weight, so the relaxed optimum bounds the full one. Returns the
// total weight; fills `chosen` with the pairs (indices) that carry flow. The same, by the event
// planner's successive shortest paths.
int64_t MaxWeightBMatchingSsp(const CampaignInstance& instance,
                              const std::vector<int>& household_room,
                              const std::vector<int>& offer_room, const std::vector<bool>& skip,
                              const std::vector<int64_t>* unseen, const std::vector<bool>* first,
                              int64_t first_bonus, std::vector<int>* chosen) {
  const int source = 0, sink = 1, extra = 2, first_household = 3;
  const int first_offer = first_household + instance.households;
  MinCostFlow flow(first_offer + instance.offers);
  for (int h = 0; h < instance.households; ++h) {
    if (household_room[h] <= 0) continue;
    if (first != nullptr && (*first)[h]) {
      flow.AddArc(source, first_household + h, 1, -first_bonus);
      if (household_room[h] > 1) flow.AddArc(source, first_household + h, household_room[h] - 1, 0);
    } else {
      flow.AddArc(source, first_household + h, household_room[h], 0);
    }
    if (unseen != nullptr && (*unseen)[h] > 0) {
      flow.AddArc(first_household + h, extra, household_room[h], -(*unseen)[h]);
    }
  }
  for (int o = 0; o < instance.offers; ++o) {
    if (offer_room[o] <= 0) continue;
    flow.AddArc(first_offer + o, sink, offer_room[o], 0);
    if (unseen != nullptr) flow.AddArc(extra, first_offer + o, offer_room[o], 0);
  }
  std::vector<std::pair<int, int>> pair_arcs;
  for (int i = 0; i < static_cast<int>(instance.pairs.size()); ++i) {
    const CampaignPair& pair = instance.pairs[i];
    if (skip[i] || household_room[pair.household] <= 0 || offer_room[pair.offer] <= 0) continue;
    pair_arcs.emplace_back(
        flow.AddArc(first_household + pair.household, first_offer + pair.offer, 1, -pair.weight),
        i);
  }
  const MinCostFlow::Result result = flow.MinimiseCost(source, sink);
  if (chosen != nullptr) {
    for (const auto& [arc, index] : pair_arcs) {
      if (flow.Flow(arc) > 0) chosen->push_back(index);
    }
  }
  return -result.cost;
}

absl::StatusOr<int64_t> MaxWeightBMatching(const CampaignInstance& instance,
                                           const std::vector<int>& household_room,
                                           const std::vector<int>& offer_room,
                                           const std::vector<bool>& skip,
                                           const std::vector<int64_t>* unseen,
                                           const std::vector<bool>* first, int64_t first_bonus,
                                           std::vector<int>* chosen, FlowSolver solver) {
  if (solver == FlowSolver::kSuccessiveShortestPaths) {
    return MaxWeightBMatchingSsp(instance, household_room, offer_room, skip, unseen, first,
                                 first_bonus, chosen);
  }
  using Graph = lemon::SmartDigraph;
  Graph graph;
  const Graph::Node source = graph.addNode();
  const Graph::Node sink = graph.addNode();
  const Graph::Node extra = graph.addNode();  // the relaxation's uncapacitated post
  std::vector<Graph::Node> household(instance.households);
  std::vector<Graph::Node> offer(instance.offers);
  for (auto& node : household) node = graph.addNode();
  for (auto& node : offer) node = graph.addNode();

  Graph::ArcMap<int> capacity(graph);
  Graph::ArcMap<int64_t> cost(graph);
  auto add = [&](Graph::Node from, Graph::Node to, int cap, int64_t arc_cost) {
    const Graph::Arc arc = graph.addArc(from, to);
    capacity[arc] = cap;
    cost[arc] = arc_cost;
    return arc;
  };
  int supply = 0;
  for (int h = 0; h < instance.households; ++h) {
    if (household_room[h] <= 0) continue;
    if (first != nullptr && (*first)[h]) {
      // The household's first proposal earns a bonus above any total of pair weights: the
      // flow serves as many households as it can, then maximises the weight.
      add(source, household[h], 1, -first_bonus);
      if (household_room[h] > 1) add(source, household[h], household_room[h] - 1, 0);
    } else {
      add(source, household[h], household_room[h], 0);
    }
    supply += household_room[h];
    if (unseen != nullptr && (*unseen)[h] > 0)
      add(household[h], extra, household_room[h], -(*unseen)[h]);
  }
  for (int o = 0; o < instance.offers; ++o) {
    if (offer_room[o] <= 0) continue;
    add(offer[o], sink, offer_room[o], 0);
    if (unseen != nullptr) add(extra, offer[o], offer_room[o], 0);
  }
  add(source, sink, supply, 0);  // households may keep room unused
  std::vector<std::pair<Graph::Arc, int>> pair_arcs;
  pair_arcs.reserve(instance.pairs.size());
  for (int i = 0; i < static_cast<int>(instance.pairs.size()); ++i) {
    const CampaignPair& pair = instance.pairs[i];
    if (skip[i] || household_room[pair.household] <= 0 || offer_room[pair.offer] <= 0) continue;
    pair_arcs.emplace_back(add(household[pair.household], offer[pair.offer], 1, -pair.weight), i);
  }

  if (solver == FlowSolver::kCostScaling) {
    lemon::CostScaling<Graph, int, int64_t> scaling(graph);
    scaling.upperMap(capacity).costMap(cost).stSupply(source, sink, supply);
    if (scaling.run() != lemon::CostScaling<Graph, int, int64_t>::OPTIMAL) {
      return absl::InternalError("campaign plan: cost scaling found no optimal flow");
    }
    if (chosen != nullptr) {
      for (const auto& [arc, index] : pair_arcs) {
        if (scaling.flow(arc) > 0) chosen->push_back(index);
      }
    }
    return -scaling.totalCost();
  }
  lemon::NetworkSimplex<Graph, int, int64_t> simplex(graph);
  simplex.upperMap(capacity).costMap(cost).stSupply(source, sink, supply);
  if (simplex.run() != lemon::NetworkSimplex<Graph, int, int64_t>::OPTIMAL) {
    return absl::InternalError("campaign plan: the network simplex found no optimal flow");
  }
  if (chosen != nullptr) {
    for (const auto& [arc, index] : pair_arcs) {
      if (simplex.flow(arc) > 0) chosen->push_back(index);
    }
  }
  return -simplex.totalCost();
}

}  // namespace

double CareNeedPriority(double apl, bool apl_known) {
  if (!apl_known) return 1.0;
  return 1.0 + std::clamp((4.0 - apl) / 4.0, 0.0, 1.0);
}

int64_t CampaignWeight(double score, double priority) {
  return static_cast<int64_t>(std::llround(std::max(0.0, score) * priority * 1e6));
}

absl::Status ValidateCampaignInstance(const CampaignInstance& instance) {
  if (instance.households < 0 || instance.offers < 0 ||
      static_cast<int>(instance.household_capacity.size()) != instance.households ||
      static_cast<int>(instance.offer_capacity.size()) != instance.offers) {
    return absl::InvalidArgumentError(
        "campaign instance: capacities must have one entry per household and per post");
  }
  if (!instance.household_unseen_bound.empty() &&
      static_cast<int>(instance.household_unseen_bound.size()) != instance.households) {
    return absl::InvalidArgumentError(
        "campaign instance: household_unseen_bound must be empty or one entry per household");
  }
  for (int h = 0; h < instance.households; ++h) {
    if (instance.household_capacity[h] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("campaign instance: household ", h,
                                                     " has capacity ",
                                                     instance.household_capacity[h], " < 0"));
    }
  }
  for (int o = 0; o < instance.offers; ++o) {
    if (instance.offer_capacity[o] < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "campaign instance: post ", o, " has capacity ", instance.offer_capacity[o], " < 0"));
    }
  }
  absl::flat_hash_set<std::pair<int, int>> seen;
  for (size_t i = 0; i < instance.pairs.size(); ++i) {
    const CampaignPair& p = instance.pairs[i];
    if (p.household < 0 || p.household >= instance.households || p.offer < 0 ||
        p.offer >= instance.offers) {
      return absl::InvalidArgumentError(absl::StrCat("campaign instance: pair ", i,
                                                     " names household ", p.household, " or post ",
                                                     p.offer, " out of range"));
    }
    if (p.partner_offer < -1 || p.partner_offer >= instance.offers || p.partner_offer == p.offer) {
      return absl::InvalidArgumentError(
          absl::StrCat("campaign instance: pair ", i, " names partner post ", p.partner_offer,
                       " (out of range, or its own post ", p.offer, ")"));
    }
    if (p.weight < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("campaign instance: pair ", i, " has weight ", p.weight, " < 0"));
    }
    if (!seen.insert({p.household, p.offer}).second) {
      return absl::InvalidArgumentError(absl::StrCat("campaign instance: pair ", i,
                                                     " repeats household ", p.household,
                                                     " and post ", p.offer));
    }
  }
  std::vector<int> household_used(instance.households), offer_used(instance.offers);
  for (int index : instance.fixed) {
    if (index < 0 || index >= static_cast<int>(instance.pairs.size())) {
      return absl::InvalidArgumentError(
          absl::StrCat("campaign instance: fixed pair ", index, " is out of range"));
    }
    const CampaignPair& p = instance.pairs[index];
    if (++household_used[p.household] > instance.household_capacity[p.household] ||
        ++offer_used[p.offer] > instance.offer_capacity[p.offer] ||
        (p.partner_offer >= 0 &&
         ++offer_used[p.partner_offer] > instance.offer_capacity[p.partner_offer])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "campaign instance: fixed pair ", index, " exceeds its household's or post's capacity"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<CampaignSolution> PlanOptimal(const CampaignInstance& instance,
                                             const CampaignControl& control) {
  if (control.solver == FlowSolver::kCostScaling && control.serve_households_first) {
    // Cost scaling multiplies costs by about the node count: the bonus (the sum of every
    // weight) may overflow 64 bits at campaign sizes.
    return absl::InvalidArgumentError(
        "campaign plan: serve_households_first needs the network simplex or successive "
        "shortest paths, not cost scaling");
  }
  if (absl::Status s = ValidateCampaignInstance(instance); !s.ok()) return s;
  if (absl::Status s = CheckControl(control); !s.ok()) return s;
  std::vector<int> household_room = instance.household_capacity;
  std::vector<int> offer_room = instance.offer_capacity;
  std::vector<bool> skip(instance.pairs.size(), false);
  CampaignSolution solution;
  int64_t fixed_weight = 0;
  for (int index : instance.fixed) {
    if (skip[index]) continue;
    skip[index] = true;
    const CampaignPair& p = instance.pairs[index];
    --household_room[p.household];
    --offer_room[p.offer];
    if (p.partner_offer >= 0) --offer_room[p.partner_offer];
    fixed_weight += p.weight;
    solution.chosen.push_back(index);
  }
  // The bound: the flow over every free pair, a joint pair counting at its candidate's post
  // only (dropping the partner post's capacity relaxes the programme), plus the unseen pairs.
  const bool any_unseen =
      std::any_of(instance.household_unseen_bound.begin(), instance.household_unseen_bound.end(),
                  [](int64_t w) { return w > 0; });
  const bool any_joint = std::any_of(instance.pairs.begin(), instance.pairs.end(),
                                     [](const CampaignPair& p) { return p.partner_offer >= 0; });
  const bool exact = !any_joint && !control.serve_households_first;
  std::vector<int> free_chosen;
  // Two flows at most: the plan's and the bound's. The plain flow's optimum is the bound
  // when no list was cut; otherwise the relaxed one (>= it) is, and the plain flow runs only
  // when it is the plan (exact).
  int64_t relaxed_weight = 0;
  if (exact || !any_unseen) {
    absl::StatusOr<int64_t> free_weight =
        MaxWeightBMatching(instance, household_room, offer_room, skip, nullptr, nullptr, 0,
                           exact ? &free_chosen : nullptr, control.solver);
    if (!free_weight.ok()) return free_weight.status();
    relaxed_weight = *free_weight;
  }
  if (any_unseen) {
    if (absl::Status s = CheckControl(control); !s.ok()) return s;
    absl::StatusOr<int64_t> relaxed =
        MaxWeightBMatching(instance, household_room, offer_room, skip,
                           &instance.household_unseen_bound, nullptr, 0, nullptr, control.solver);
    if (!relaxed.ok()) return relaxed.status();
    relaxed_weight = std::max(relaxed_weight, *relaxed);
  }
  solution.method =
      control.solver == FlowSolver::kNetworkSimplex ? "min-cost flow (LEMON network simplex)"
      : control.solver == FlowSolver::kCostScaling  ? "min-cost flow (LEMON cost scaling)"
                                                    : "min-cost flow (successive shortest paths)";
  if (!exact) {
    if (absl::Status s = CheckControl(control); !s.ok()) return s;
    // Couples first: joint pairs by weight (ties by index), each taken while its household
    // and both its posts have room. Then the flow over the single pairs with what is left.
    std::vector<int> joint;
    for (int i = 0; i < static_cast<int>(instance.pairs.size()); ++i) {
      if (!skip[i] && instance.pairs[i].partner_offer >= 0) joint.push_back(i);
    }
    std::stable_sort(joint.begin(), joint.end(), [&](int a, int b) {
      return instance.pairs[a].weight > instance.pairs[b].weight;
    });
    for (int i : joint) {
      const CampaignPair& p = instance.pairs[i];
      skip[i] = true;
      if (household_room[p.household] <= 0 || offer_room[p.offer] <= 0 ||
          offer_room[p.partner_offer] <= 0) {
        continue;
      }
      --household_room[p.household];
      --offer_room[p.offer];
      --offer_room[p.partner_offer];
      free_chosen.push_back(i);
    }
    std::vector<bool> first;
    int64_t bonus = 0;
    if (control.serve_households_first) {
      // Households with nothing yet (no kept pair, no joint pair) get the bonus.
      first.assign(instance.households, true);
      for (int index : solution.chosen) first[instance.pairs[index].household] = false;
      for (int index : free_chosen) first[instance.pairs[index].household] = false;
      for (const CampaignPair& p : instance.pairs) bonus += p.weight;
      bonus += 1;
    }
    absl::StatusOr<int64_t> rest = MaxWeightBMatching(
        instance, household_room, offer_room, skip, nullptr,
        control.serve_households_first ? &first : nullptr, bonus, &free_chosen, control.solver);
    if (!rest.ok()) return rest.status();
    if (any_joint)
      absl::StrAppend(&solution.method, "; couples first (joint pairs by weight), then the flow");
    if (control.serve_households_first) {
      absl::StrAppend(&solution.method, "; every household served first where capacity allows");
    }
  }
  for (int index : free_chosen) solution.chosen.push_back(index);
  for (int index : solution.chosen) solution.total_weight += instance.pairs[index].weight;
  solution.upper_bound = std::max(solution.total_weight, fixed_weight + relaxed_weight);
  std::sort(solution.chosen.begin(), solution.chosen.end());
  return solution;
}

absl::StatusOr<int64_t> CampaignUpperBound(const CampaignInstance& instance,
                                           const CampaignControl& control) {
  if (absl::Status s = ValidateCampaignInstance(instance); !s.ok()) return s;
  if (absl::Status s = CheckControl(control); !s.ok()) return s;
  std::vector<int> household_room = instance.household_capacity;
  std::vector<int> offer_room = instance.offer_capacity;
  std::vector<bool> skip(instance.pairs.size(), false);
  int64_t fixed_weight = 0;
  for (int index : instance.fixed) {
    if (skip[index]) continue;
    skip[index] = true;
    const CampaignPair& p = instance.pairs[index];
    --household_room[p.household];
    --offer_room[p.offer];
    if (p.partner_offer >= 0) --offer_room[p.partner_offer];
    fixed_weight += p.weight;
  }
  const bool any_unseen =
      std::any_of(instance.household_unseen_bound.begin(), instance.household_unseen_bound.end(),
                  [](int64_t w) { return w > 0; });
  absl::StatusOr<int64_t> bound = MaxWeightBMatching(
      instance, household_room, offer_room, skip,
      any_unseen ? &instance.household_unseen_bound : nullptr, nullptr, 0, nullptr, control.solver);
  if (!bound.ok()) return bound.status();
  return fixed_weight + *bound;
}

}  // namespace matching::matcher
