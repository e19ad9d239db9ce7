// Campaign simulation and scale run (docs/CAMPAIGNS.md, BENCHMARKS.md). Not a ctest.
//
//   build/bench/campaign_sim                     # Grand Est (region 44), the demo's France
//   CAMPAIGN_REGION= CAMPAIGN_PROFESSIONS=all build/bench/campaign_sim   # national scale
//
// Population: every commune of data/communes.csv (datagen, seed 1), CAMPAIGN_OFFERS offers
// (default 20000) and CAMPAIGN_HOUSEHOLDS households (default 50000) from
// datagen::PopulationGenerator seed 1: the demo's France (scripts/demo). Scope: region
// CAMPAIGN_REGION (default "44"; empty: all France), professions CAMPAIGN_PROFESSIONS ("gp"
// default, or "all"). 3 proposals per household, 5 per position.
//
// Plans the campaign (optimal and stable, server::PlanCampaign as matchd runs it) and the
// baseline (each household's own top 3 by RankOffers, alone), then simulates CAMPAIGN_SEEDS
// (default 20) seasons of each: households in a random order consider their proposals best
// first (by their own score); a household accepts a post with probability its candidate
// score, the post accepts it with probability its territory score while it has a position
// left; each household takes at most one post. Prints the figures as Markdown.
#include <rocksdb/env.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/aids.h"
#include "server/campaign_planning.h"

namespace matching {
namespace {

std::string Env(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::string(value);
}

// User + system CPU seconds of the process (both ranking threads).
double CpuSeconds() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

struct Proposal {
  std::string candidate_id, offer_id;
  double candidate_score = 0, territory_score = 0;
};

struct Season {
  double posts_filled = 0, under_served_filled = 0, households_placed = 0;
};

struct PostFacts {
  int positions = 1;
  bool under_served = false;
};

Season Simulate(const std::vector<Proposal>& proposals,
                const absl::flat_hash_map<std::string, PostFacts>& posts, uint32_t seed) {
  std::map<std::string, std::vector<const Proposal*>> by_household;
  for (const Proposal& p : proposals) by_household[p.candidate_id].push_back(&p);
  std::vector<std::string> order;
  for (auto& [id, list] : by_household) {
    std::sort(list.begin(), list.end(), [](const Proposal* a, const Proposal* b) {
      return a->candidate_score > b->candidate_score;
    });
    order.push_back(id);
  }
  std::mt19937 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::uniform_real_distribution<double> unit(0, 1);
  absl::flat_hash_map<std::string, int> taken;
  Season season;
  for (const std::string& id : order) {
    for (const Proposal* p : by_household[id]) {
      const PostFacts& post = posts.at(p->offer_id);
      const bool household_says_yes = unit(rng) < p->candidate_score;
      const bool post_says_yes = unit(rng) < p->territory_score;
      if (!household_says_yes || !post_says_yes || taken[p->offer_id] >= post.positions) continue;
      if (taken[p->offer_id]++ == 0) {
        season.posts_filled += 1;
        season.under_served_filled += post.under_served;
      }
      season.households_placed += 1;
      break;
    }
  }
  return season;
}

int Run() {
  const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
  auto communes = datagen::ReadCommunes(data + "/communes.csv");
  auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
  auto aid_rules = matcher::AidRules::LoadFromFile(data + "/aids.json");
  if (!communes.ok() || !metropoles.ok() || !aid_rules.ok()) {
    std::cerr << "cannot read data/\n";
    return 1;
  }
  std::unique_ptr<rocksdb::Env> env(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  index::StoreOptions store_options;
  store_options.env = env.get();
  auto store = index::OpenStore("/campaign", store_options);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 1;
  }
  std::vector<v1::Territory> territories;
  std::vector<index::Record> records;
  for (const datagen::Commune& commune : *communes) {
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
    index::Record r;
    r.kind = index::Record::Kind::kTerritory;
    r.territory = territories.back();
    records.push_back(std::move(r));
  }
  const absl::CivilDay as_of(2026, 11, 23);
  auto population = datagen::PopulationGenerator::Create({1, as_of}, territories, *metropoles);
  if (!population.ok()) {
    std::cerr << population.status() << "\n";
    return 1;
  }
  const int offers = std::stoi(Env("CAMPAIGN_OFFERS", "20000"));
  const int households = std::stoi(Env("CAMPAIGN_HOUSEHOLDS", "50000"));
  for (int i = 0; i < offers; ++i) {
    index::Record r;
    r.kind = index::Record::Kind::kOffer;
    r.offer = population->NextOffer();
    r.offer.set_status(v1::OFFER_STATUS_OPEN);
    records.push_back(std::move(r));
  }
  for (int i = 0; i < households; ++i) {
    index::Record r;
    r.kind = index::Record::Kind::kCandidate;
    r.candidate = population->NextCandidate();
    records.push_back(std::move(r));
  }
  if (absl::Status s = (*store)->PutBatch(records); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  records.clear();
  index::MemoryIndex index;
  if (absl::Status s = index.LoadFrom(**store); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }

  v1::Campaign campaign;
  campaign.set_id("sim");
  const std::string region = Env("CAMPAIGN_REGION", "44");
  if (!region.empty()) campaign.mutable_scope()->add_region_codes(region);
  const std::string professions = Env("CAMPAIGN_PROFESSIONS", "gp");
  if (professions == "gp") campaign.mutable_scope()->add_professions(v1::PROFESSION_GP);
  campaign.set_proposals_per_household(3);
  campaign.set_proposals_per_position(std::stoi(Env("CAMPAIGN_PER_POSITION", "5")));

  // Posts' facts, for the simulation.
  absl::flat_hash_map<std::string, PostFacts> posts;
  int posts_in_scope = 0, under_served_in_scope = 0;
  (void)(*store)->ForEachOffer([&](const v1::Offer& offer) {
    auto territory = index.FindTerritory(offer.territory_id());
    PostFacts facts;
    facts.positions = std::max(1, offer.positions());
    facts.under_served = territory && territory->apl && *territory->apl < server::kUnderServedApl;
    posts[offer.id()] = facts;
    const bool in_scope = territory && (region.empty() || territory->region_code == region) &&
                          (professions != "gp" || offer.profession() == v1::PROFESSION_GP);
    posts_in_scope += in_scope;
    under_served_in_scope += in_scope && facts.under_served;
    return absl::OkStatus();
  });

  server::CampaignPlanSettings settings;
  settings.aid_rules = &*aid_rules;
  settings.threads = 2;
  settings.serve_households_first = Env("CAMPAIGN_SERVE_FIRST", "1") == "1";
  std::map<std::string, std::vector<Proposal>> plans;
  std::map<std::string, v1::CampaignPlan> planned;
  // Other flow solvers first (timed only), then as matchd runs. CAMPAIGN_COMPARE_SOLVERS:
  // "cs" (LEMON cost scaling, the default), "ssp,cs" (the event planner's too), "" none.
  for (absl::string_view name :
       absl::StrSplit(Env("CAMPAIGN_COMPARE_SOLVERS", "cs"), ',', absl::SkipEmpty())) {
    campaign.set_mode(v1::CAMPAIGN_MODE_OPTIMAL);
    server::CampaignPlanSettings other = settings;
    other.solver = name == "ssp" ? matcher::FlowSolver::kSuccessiveShortestPaths
                                 : matcher::FlowSolver::kCostScaling;
    // Cost scaling cannot take the served-first bonus (matcher/campaign_plan.h): both
    // solvers are then compared on the plain weight.
    other.serve_households_first = name == "ssp" && settings.serve_households_first;
    server::CampaignPlanTimings timings;
    other.timings = &timings;
    const absl::Time start = absl::Now();
    const double cpu_start = CpuSeconds();
    auto plan = server::PlanCampaign(campaign, **store, index, other);
    if (!plan.ok()) {
      std::cerr << plan.status() << "\n";
      return 1;
    }
    std::cout << absl::StrFormat(
        "optimal, %s: planned in %.2f s wall (ranking %.2f s, solving %.2f s), %.2f s CPU, "
        "objective %.1f\n",
        plan->method(), absl::ToDoubleSeconds(absl::Now() - start), timings.ranking_seconds,
        timings.solve_seconds, CpuSeconds() - cpu_start, plan->total_score());
  }
  for (auto mode : {v1::CAMPAIGN_MODE_OPTIMAL, v1::CAMPAIGN_MODE_STABLE}) {
    campaign.set_mode(mode);
    const absl::Time start = absl::Now();
    const double cpu_start = CpuSeconds();
    server::CampaignPlanTimings timings;
    server::CampaignPlanSettings timed = settings;
    timed.timings = &timings;
    auto plan = server::PlanCampaign(campaign, **store, index, timed);
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const double cpu = CpuSeconds() - cpu_start;
    if (!plan.ok()) {
      std::cerr << plan.status() << "\n";
      return 1;
    }
    const std::string name = mode == v1::CAMPAIGN_MODE_OPTIMAL ? "optimal" : "stable";
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    std::cout << absl::StrFormat(
        "%s, %s: planned in %.2f s wall (ranking %.2f s, solving %.2f s), %.2f s CPU (2 "
        "ranking threads), %d households, %d posts, %d candidate pairs, objective %.1f, bound "
        "%.1f, gap %.4f, blocking pairs %d, households worse off %d (%d without a proposal), "
        "plan %zu bytes; max RSS so far %.0f MiB\n",
        name, plan->method(), seconds, timings.ranking_seconds, timings.solve_seconds, cpu,
        plan->households(), plan->offers(), plan->candidate_pairs(), plan->total_score(),
        plan->upper_bound(), plan->gap(), plan->blocking_pairs(),
        plan->figures().households_worse_off(), plan->figures().households_without_proposal(),
        plan->ByteSizeLong(), usage.ru_maxrss / 1024.0);
    for (const v1::CampaignProposal& p : plan->proposals()) {
      plans[name].push_back(
          {p.candidate_id(), p.offer_id(), p.candidate_score(), p.territory_score()});
    }
    planned[name] = *plan;
  }
  // The baseline's proposals: each household's own top 3, alone (same query, same gates).
  {
    index::RankQuery query;
    query.options.as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    query.options.aid_rules = &*aid_rules;
    query.top_k = 3;
    if (!region.empty()) query.filters.region_codes = {region};
    (void)(*store)->ForEachCandidate([&](const v1::Candidate& c) {
      if (!index::VisibleToRecruiters(c)) return absl::OkStatus();
      if (professions == "gp" && c.profession() != v1::PROFESSION_GP) return absl::OkStatus();
      auto profile = index.FindCandidate(c.id());
      if (!profile) return absl::OkStatus();
      auto ranked = index.RankOffers(*profile, query);
      if (!ranked.ok()) return absl::OkStatus();
      for (const index::RankedPair& pair : ranked->pairs) {
        plans["baseline"].push_back(
            {c.id(), pair.offer.id, pair.scores.candidate_score, pair.scores.territory_score});
      }
      return absl::OkStatus();
    });
  }
  const int seeds = std::stoi(Env("CAMPAIGN_SEEDS", "20"));
  std::cout << absl::StrFormat(
      "\nScope: region %s, %s; %d posts in scope (%d under-served, APL < 2.5); %d seasons "
      "each\n\n",
      region.empty() ? "all" : region, professions, posts_in_scope, under_served_in_scope, seeds);
  std::cout << "| plan | proposals | posts filled | under-served posts filled | households "
               "placed | proposals per post max | p95 | posts over capacity | blocking pairs "
               "|\n|---|---|---|---|---|---|---|---|---|\n";
  const v1::CampaignFigures& baseline_figures = planned["optimal"].baseline();
  for (const char* name : {"baseline", "optimal", "stable"}) {
    Season mean;
    for (int seed = 1; seed <= seeds; ++seed) {
      Season s = Simulate(plans[name], posts, seed);
      mean.posts_filled += s.posts_filled / seeds;
      mean.under_served_filled += s.under_served_filled / seeds;
      mean.households_placed += s.households_placed / seeds;
    }
    const v1::CampaignFigures& f =
        std::string(name) == "baseline" ? baseline_figures : planned[name].figures();
    std::cout << absl::StrFormat("| %s | %d | %.1f | %.1f | %.1f | %d | %d | %d | %d |\n", name,
                                 static_cast<int>(plans[name].size()), mean.posts_filled,
                                 mean.under_served_filled, mean.households_placed,
                                 f.max_proposals_per_offer(), f.p95_proposals_per_offer(),
                                 f.offers_over_capacity(), f.blocking_pairs());
  }
  // Households worse off: the best own score among their proposals, plan against baseline.
  for (const char* name : {"optimal", "stable"}) {
    absl::flat_hash_map<std::string, double> best_baseline, best_plan;
    for (const Proposal& p : plans["baseline"]) {
      best_baseline[p.candidate_id] = std::max(best_baseline[p.candidate_id], p.candidate_score);
    }
    for (const Proposal& p : plans[name]) {
      best_plan[p.candidate_id] = std::max(best_plan[p.candidate_id], p.candidate_score);
    }
    int worse_01 = 0, worse_02 = 0, none = 0;
    double total_drop = 0;
    for (const auto& [id, best] : best_baseline) {
      auto it = best_plan.find(id);
      const double got = it == best_plan.end() ? 0 : it->second;
      none += it == best_plan.end();
      total_drop += std::max(0.0, best - got);
      worse_01 += best - got > 0.1;
      worse_02 += best - got > 0.2;
    }
    std::cout << absl::StrFormat(
        "\n%s: of %d households with a baseline proposal, %d have no proposal, %d lose more "
        "than 0.1 of their best own score, %d more than 0.2; mean loss %.4f",
        name, best_baseline.size(), none, worse_01, worse_02,
        best_baseline.empty() ? 0.0 : total_drop / best_baseline.size());
  }
  std::cout << "\n";
  return 0;
}

}  // namespace
}  // namespace matching

int main() { return matching::Run(); }
