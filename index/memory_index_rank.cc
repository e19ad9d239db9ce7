// MemoryIndex ranking: the memoised kernel over the columns, with a bounded heap.
#include <algorithm>
#include <queue>

#include "absl/strings/str_cat.h"
#include "index/memory_index.h"
#include "index/rank_memo.h"
#include "index/scan_pool.h"
#include "matcher/criteria.h"

namespace matching::index {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A scored candidate for the heap: ordered best first by score, then by id.
struct Hit {
  matcher::Scores scores;
  const std::string* id;  // the ranked record's id
  uint32_t row;           // its row in its profession's segment
  const std::string* territory_id;
};
struct BetterHit {
  bool operator()(const Hit& a, const Hit& b) const {
    if (a.scores.score != b.scores.score) return a.scores.score > b.scores.score;
    return *a.id < *b.id;
  }
};

// Keeps the best `k` hits; the heap's top is the worst kept.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  void Offer(const Hit& hit) {
    if (heap_.size() < k_) {
      heap_.push(hit);
    } else if (k_ > 0 && BetterHit()(hit, heap_.top())) {
      heap_.pop();
      heap_.push(hit);
    }
  }
  // The score a hit must beat (or tie with a smaller id) to enter; -1 while not full.
  double Threshold() const { return heap_.size() < k_ || k_ == 0 ? -1 : heap_.top().scores.score; }
  std::vector<Hit> TakeSorted() {
    std::vector<Hit> hits;
    while (!heap_.empty()) {
      hits.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(hits.begin(), hits.end());
    return hits;
  }

 private:
  size_t k_;
  std::priority_queue<Hit, std::vector<Hit>, BetterHit> heap_;
};

// Top-k overall, and at most `per_territory` per territory when it is > 0.
class Selector {
 public:
  Selector(size_t k, int per_territory) : k_(k), per_territory_(per_territory), all_(k) {}
  void Offer(const Hit& hit) {
    if (per_territory_ <= 0) {
      all_.Offer(hit);
      return;
    }
    by_territory_.try_emplace(*hit.territory_id, per_territory_).first->second.Offer(hit);
  }
  // As TopK::Threshold; -1 with a per-territory limit (a hit may still displace a better
  // one of its own territory).
  double Threshold() const { return per_territory_ > 0 ? -1 : all_.Threshold(); }
  std::vector<Hit> TakeSorted() {
    if (per_territory_ > 0) {
      for (auto& [territory, top] : by_territory_) {
        for (const Hit& hit : top.TakeSorted()) all_.Offer(hit);
      }
    }
    return all_.TakeSorted();
  }

 private:
  size_t k_;
  int per_territory_;
  TopK all_;
  absl::flat_hash_map<std::string, TopK> by_territory_;
};

// Which memo key a criterion reads when ranking offers for one candidate: an offer group
// (kNone: none), the territory, or both.
struct OfferKey {
  int group;
  bool territory;
};
constexpr int kNone = -1;

OfferKey OfferKeyOf(matcher::Criterion criterion) {
  using matcher::Criterion;
  switch (criterion) {
    case Criterion::kProfession:
    case Criterion::kTProfession:
      return {kOfferSpecialty, false};
    case Criterion::kSetting:
      return {kOfferSetting, false};
    case Criterion::kEmployment:
      return {kOfferEmployment, false};
    case Criterion::kStartWindow:
    case Criterion::kTAvailability:
    case Criterion::kTCommitment:
      return {kOfferDates, false};
    case Criterion::kWorkload:
      return {kOfferWorkload, false};
    case Criterion::kTrial:
      return {kOfferTrial, false};
    case Criterion::kTExperience:
      return {kOfferExperience, false};
    case Criterion::kProximity:
    case Criterion::kFamily:
    case Criterion::kLifestyle:
    case Criterion::kCareNeed:
      return {kNone, true};
    case Criterion::kSpouseJob:
      return {kOfferSpouse, true};
    case Criterion::kHousing:
      return {kOfferHousing, true};
    case Criterion::kMoney:
      return {kOfferMoney, true};
  }
  return {kNone, true};
}

// The candidate group a criterion reads when ranking candidates for one offer (kNone:
// none; the offer and its territory are fixed).
int CandidateGroupOf(matcher::Criterion criterion) {
  using matcher::Criterion;
  switch (criterion) {
    case Criterion::kProfession:
    case Criterion::kTProfession:
      return kCandSpecialty;
    case Criterion::kSetting:
      return kCandSettings;
    case Criterion::kEmployment:
      return kCandEmployment;
    case Criterion::kProximity:
      return kCandProximity;
    case Criterion::kFamily:
      return kCandChildren;
    case Criterion::kSpouseJob:
      return kCandPartner;
    case Criterion::kHousing:
      return kCandHousing;
    case Criterion::kLifestyle:
      return kCandLifestyle;
    case Criterion::kStartWindow:
    case Criterion::kTAvailability:
    case Criterion::kTCommitment:
      return kCandDates;
    case Criterion::kWorkload:
      return kCandWorkload;
    case Criterion::kTrial:
    case Criterion::kMoney:  // first_installation (the profession is the offer's)
      return kCandFlags;
    case Criterion::kTExperience:
      return kCandExperience;
    case Criterion::kCareNeed:
      return kNone;
  }
  return kNone;
}

// The criteria that count (weight > 0): FastScore evaluates only those.
std::vector<matcher::Criterion> Weighted(const matcher::Weights& weights) {
  std::vector<matcher::Criterion> active;
  for (matcher::Criterion criterion : matcher::kAllCriteria) {
    if (matcher::WeightOf(weights, criterion) > 0) active.push_back(criterion);
  }
  return active;
}

// The request's filters on a territory for a candidate: departments, regions, drive time.
bool TerritoryPasses(const RankFilters& filters, const matcher::CandidateProfile& candidate,
                     const matcher::TerritoryFeatures& territory) {
  if (!filters.department_codes.empty() &&
      !Contains(filters.department_codes, territory.department_code)) {
    return false;
  }
  if (!filters.region_codes.empty() && !Contains(filters.region_codes, territory.region_code)) {
    return false;
  }
  if (filters.max_drive_minutes > 0) {
    const matcher::MetropolisAccess* nearest =
        matcher::NearestChosenMetropolis(candidate, territory);
    if (nearest == nullptr || nearest->drive_minutes > filters.max_drive_minutes) return false;
  }
  return true;
}

bool OfferOpen(matcher::OfferStatus status) {
  return status == matcher::OfferStatus::kOpen || status == matcher::OfferStatus::kUnspecified;
}
bool CandidateActive(matcher::CandidateStatus status) {
  return status == matcher::CandidateStatus::kActive ||
         status == matcher::CandidateStatus::kUnspecified;
}

RankScratch& ThreadScratch() {
  thread_local RankScratch scratch;
  return scratch;
}

}  // namespace

absl::StatusOr<RankResult> MemoryIndex::RankOffers(const matcher::CandidateProfile& candidate,
                                                   const RankQuery& query) const {
  absl::StatusOr<matcher::Weights> weights =
      matcher::ResolveWeights(query.weights, {}, candidate.weights);
  if (!weights.ok()) return weights.status();
  RankFilters filters = query.filters;
  if (filters.department_codes.empty()) {
    filters.department_codes = candidate.wanted_department_codes;
  }
  const std::vector<matcher::Criterion> active = Weighted(*weights);
  // Criteria that read only an offer group, and those that read the territory. The first
  // give an upper bound of the score before any territory is looked at: the territory
  // criteria can at best apply with value 1.
  std::vector<matcher::Criterion> offer_only;
  std::vector<matcher::Criterion> territorial;
  std::array<double, 3> territorial_weight{};
  std::array<int, matcher::kCriterionCount> group_of{};  // OfferKeyOf(c).group, for the scan
  for (matcher::Criterion criterion : active) {
    group_of[static_cast<int>(criterion)] = OfferKeyOf(criterion).group;
    if (OfferKeyOf(criterion).territory) {
      territorial.push_back(criterion);
      territorial_weight[static_cast<int>(matcher::CriterionSide(criterion))] +=
          matcher::WeightOf(*weights, criterion);
    } else {
      offer_only.push_back(criterion);
    }
  }
  // Heaviest first: each evaluated territory criterion tightens the bound the most.
  std::stable_sort(territorial.begin(), territorial.end(),
                   [&](matcher::Criterion a, matcher::Criterion b) {
                     return matcher::WeightOf(*weights, a) > matcher::WeightOf(*weights, b);
                   });
  RankScratch& scratch = ThreadScratch();
  RankResult result;
  Selector selector(static_cast<size_t>(query.top_k), query.max_per_territory);

  absl::ReaderMutexLock lock(&mu_);
  const int profession = static_cast<int>(candidate.profession);
  const OfferColumns::Segment& segment = offers_.segment(profession);
  matcher::OfferFeatures open_offer;  // for Eligible(): same profession, open
  open_offer.profession = candidate.profession;
  open_offer.status = matcher::OfferStatus::kOpen;
  // The settings filter by setting code (a handful), shared read-only by both halves.
  std::vector<uint8_t>& setting_passes = scratch.setting_codes;
  setting_passes.assign(offers_.code_limit(kOfferSetting), 0);
  for (uint32_t code = 0; code < setting_passes.size(); ++code) {
    matcher::OfferFeatures probe;
    offers_.Apply(kOfferSetting, code, &probe);
    setting_passes[code] =
        filters.settings.empty() || std::find(filters.settings.begin(), filters.settings.end(),
                                              probe.setting) != filters.settings.end();
  }

  // Territory filters by department and region code, and the candidate's metropolises by
  // code: a run of offers decides its territory from the compact TerritoryScan. Each table
  // entry comes from the same functions as for a full record (Eligible, TerritoryPasses).
  std::vector<uint8_t> department_ok(department_codes_.code_limit());
  {
    matcher::TerritoryFeatures probe;
    RankFilters departments_only = filters;
    departments_only.region_codes.clear();
    departments_only.max_drive_minutes = 0;
    for (uint32_t code = 0; code < department_ok.size(); ++code) {
      probe.department_code = department_codes_.value(code);
      department_ok[code] = matcher::Eligible(candidate, open_offer, probe) &&
                            TerritoryPasses(departments_only, candidate, probe);
    }
  }
  std::vector<uint8_t> region_ok(region_codes_.code_limit());
  {
    matcher::TerritoryFeatures probe;
    RankFilters regions_only;
    regions_only.region_codes = filters.region_codes;
    for (uint32_t code = 0; code < region_ok.size(); ++code) {
      probe.region_code = region_codes_.value(code);
      region_ok[code] = TerritoryPasses(regions_only, candidate, probe);
    }
  }
  std::vector<uint8_t> chosen(metropolis_codes_.code_limit());
  for (const std::string& id : candidate.metropolis_ids) {
    if (std::optional<uint32_t> code = metropolis_codes_.Find(id)) chosen[*code] = 1;
  }

  // One part of the rows, with its own heap. Rows come grouped by territory (Optimize), so
  // the territory criteria are evaluated once per run of offers of the same territory.
  struct Part {
    Selector selector;
    int64_t considered = 0;
  };
  const size_t rows = segment.size();
  const auto scan = [&](size_t begin_row, size_t end_row, Part& part) {
    // Offer-group criteria: per-thread tables by code, filled on first use.
    RankScratch& memo = ThreadScratch();
    for (matcher::Criterion criterion : offer_only) {
      memo.criteria[static_cast<int>(criterion)].Reset(
          offers_.code_limit(group_of[static_cast<int>(criterion)]));
    }
    matcher::OfferFeatures probe = open_offer;  // a criterion reads only its own group
    uint32_t run_territory = UINT32_MAX;
    bool run_passes = false;
    std::array<bool, matcher::kCriterionCount> run_known{};  // run_outcomes[c] is set
    std::array<uint32_t, matcher::kCriterionCount> run_codes{};
    std::array<matcher::CriterionOutcome, matcher::kCriterionCount> run_outcomes{};
    // The run territory's nearest chosen metropolis, from its TerritoryScan; the
    // proximity criterion then reads a probe territory listing that one access only (the
    // criterion reads nothing else of a territory).
    bool run_compact = false;
    int run_nearest = -1;
    matcher::TerritoryFeatures proximity_probe;
    for (size_t i = begin_row; i < end_row; ++i) {
      if (!OfferOpen(segment.status[i])) continue;
      const uint32_t territory_row = segment.territory_row[i];
      if (territory_row != run_territory) {
        run_territory = territory_row;
        run_known.fill(false);
        run_passes = false;
        if (!territory_stored_[territory_row]) continue;  // not stored yet: skipped
        const TerritoryScan& scan = territory_scan_[territory_row];
        run_compact = scan.access_count <= kScanAccess;
        if (!run_compact) {
          const matcher::TerritoryFeatures& territory = *territories_[territory_row];
          run_passes = matcher::Eligible(candidate, open_offer, territory) &&
                       TerritoryPasses(filters, candidate, territory);
        } else {
          run_nearest = -1;
          for (int a = 0; a < scan.access_count; ++a) {
            if (chosen[scan.metropolis[a]] &&
                (run_nearest < 0 || scan.drive_minutes[a] < scan.drive_minutes[run_nearest])) {
              run_nearest = a;
            }
          }
          run_passes =
              department_ok[scan.department] && region_ok[scan.region] &&
              (filters.max_drive_minutes <= 0 ||
               (run_nearest >= 0 && scan.drive_minutes[run_nearest] <= filters.max_drive_minutes));
        }
      }
      if (!run_passes) continue;
      if (!setting_passes[segment.codes[kOfferSetting][i]]) continue;
      ++part.considered;
      matcher::CriterionOutcomes outcomes{};
      std::array<double, 3> known_weight{};
      std::array<double, 3> known_value{};
      for (matcher::Criterion criterion : offer_only) {
        const int c = static_cast<int>(criterion);
        const int group = group_of[c];
        const uint32_t code = segment.codes[group][i];
        const matcher::CriterionOutcome* known = memo.criteria[c].Find(code);
        if (known == nullptr) {
          offers_.Apply(group, code, &probe);
          memo.criteria[c].Set(
              code, matcher::EvaluateFast(criterion, candidate, probe, *territories_[territory_row],
                                          query.options));
          known = memo.criteria[c].Find(code);
        }
        outcomes[c] = *known;
        if (!outcomes[c].applicable) continue;
        const int side = static_cast<int>(matcher::CriterionSide(criterion));
        known_weight[side] += matcher::WeightOf(*weights, criterion);
        known_value[side] += matcher::WeightOf(*weights, criterion) * outcomes[c].value;
      }
      // Branch and bound: the territory criteria not evaluated yet can at best apply with
      // value 1. Stop as soon as the bound cannot enter the heap; a pair that survives has
      // every criterion evaluated and is scored exactly.
      const double threshold = part.selector.Threshold();
      std::array<double, 3> unknown_weight = territorial_weight;
      const auto cannot_enter = [&] {
        if (threshold <= 0) return false;
        const auto bound = [&](matcher::Side side) {
          const int s = static_cast<int>(side);
          const double total = known_weight[s] + unknown_weight[s];
          return total > 0 ? std::min(1.0, (known_value[s] + unknown_weight[s]) / total) : 1.0;
        };
        const double upper =
            matcher::Combine(query.options.combination, bound(matcher::Side::kCandidate),
                             bound(matcher::Side::kTerritory));
        // The margin covers rounding: the bound is exact math, the score rounds.
        return upper < threshold - 1e-9;
      };
      if (cannot_enter()) continue;
      const matcher::TerritoryFeatures& territory = *territories_[territory_row];  // by reference:
      bool pruned = false;  // not read unless a criterion needs it
      for (matcher::Criterion criterion : territorial) {
        const int c = static_cast<int>(criterion);
        const int group = group_of[c];
        const uint32_t code = group == kNone ? 0 : segment.codes[group][i];
        if (!run_known[c] || run_codes[c] != code) {
          if (group != kNone) offers_.Apply(group, code, &probe);
          const matcher::TerritoryFeatures* read = &territory;
          if (criterion == matcher::Criterion::kProximity && run_compact) {
            const TerritoryScan& scan = territory_scan_[territory_row];
            proximity_probe.metropolis_access.resize(run_nearest < 0 ? 0 : 1);
            if (run_nearest >= 0) {
              proximity_probe.metropolis_access[0].metropolis_id =
                  metropolis_codes_.value(scan.metropolis[run_nearest]);
              proximity_probe.metropolis_access[0].drive_minutes = scan.drive_minutes[run_nearest];
            }
            read = &proximity_probe;
          }
          run_outcomes[c] =
              matcher::EvaluateFast(criterion, candidate, probe, *read, query.options);
          run_codes[c] = code;
          run_known[c] = true;
        }
        outcomes[c] = run_outcomes[c];
        const int side = static_cast<int>(matcher::CriterionSide(criterion));
        const double weight = matcher::WeightOf(*weights, criterion);
        unknown_weight[side] -= weight;
        if (outcomes[c].applicable) {
          known_weight[side] += weight;
          known_value[side] += weight * outcomes[c].value;
        }
        if (cannot_enter()) {
          pruned = true;
          break;
        }
      }
      if (pruned) continue;
      part.selector.Offer(
          Hit{matcher::CombineOutcomes(outcomes, *weights, query.options.combination, true),
              &segment.ids[i], static_cast<uint32_t>(i), &territory_ids_.value(territory_row)});
    }
  };
  Part first{Selector(static_cast<size_t>(query.top_k), query.max_per_territory), 0};
  Part second{Selector(static_cast<size_t>(query.top_k), query.max_per_territory), 0};
  if (query.max_per_territory > 0) {
    // Per-territory limits do not merge from halves: one pass.
    scan(0, rows, first);
  } else {
    const size_t middle = rows / 2;
    ScanPool::Shared().Run([&] { scan(0, middle, first); }, [&] { scan(middle, rows, second); });
  }
  for (Part* part : {&first, &second}) {
    result.considered += part->considered;
    for (const Hit& hit : part->selector.TakeSorted()) selector.Offer(hit);
  }
  result.scanned = static_cast<int64_t>(rows);
  result.bytes_scanned = static_cast<int64_t>(
      rows * (sizeof(matcher::OfferStatus) + sizeof(uint32_t) * (2 + active.size())));
  for (const Hit& hit : selector.TakeSorted()) {
    const uint32_t territory_row = segment.territory_row[hit.row];
    result.pairs.push_back(RankedPair{
        hit.scores, candidate, WithTerritoryId(offers_.Decode(profession, hit.row), territory_row),
        *territories_[territory_row]});
  }
  return result;
}

absl::StatusOr<RankResult> MemoryIndex::RankCandidates(const std::string& offer_id,
                                                       const RankQuery& query) const {
  struct ResolvedWeights {
    std::array<double, matcher::kCriterionCount> weight{};
    matcher::Weights weights;
    std::vector<matcher::Criterion> active;  // weight > 0, in kAllCriteria order
  };
  const auto resolve = [](const matcher::Weights& weights) {
    ResolvedWeights resolved{{}, weights, Weighted(weights)};
    for (matcher::Criterion criterion : matcher::kAllCriteria) {
      resolved.weight[static_cast<int>(criterion)] = matcher::WeightOf(weights, criterion);
    }
    return resolved;
  };
  const ResolvedWeights base = resolve(query.weights);
  RankScratch& scratch = ThreadScratch();
  RankResult result;
  Selector selector(static_cast<size_t>(query.top_k), 0);

  absl::ReaderMutexLock lock(&mu_);
  auto found = offers_.Find(offer_id);
  if (!found) return absl::NotFoundError(absl::StrCat("offer '", offer_id, "' not found"));
  const std::string& territory_id = territory_ids_.value(found->second);
  const std::optional<matcher::TerritoryFeatures>& territory = territories_[found->second];
  if (!territory) {
    return absl::NotFoundError(
        absl::StrCat("territory '", territory_id, "' of offer '", offer_id, "' not found"));
  }
  // A recruiter ranks whoever fits, whatever the offer's status.
  matcher::OfferFeatures offer = WithTerritoryId(std::move(found->first), found->second);
  offer.status = matcher::OfferStatus::kOpen;
  const int profession = static_cast<int>(offer.profession);
  const CandidateColumns::Segment& segment = candidates_->segment(profession);

  // The dictionaries are small (hundreds to thousands of codes per group, whatever the
  // number of candidates), so every criterion is evaluated once per code up front, with
  // the scoring core's own function, into a dense table: the scan then only reads.
  // -1 marks "not applicable".
  const std::optional<uint32_t> no_personal_weights = candidates_->EmptyWeightsCode();
  const bool personal_weights =
      candidates_->code_limit(kCandWeights) > 1 ||
      (candidates_->code_limit(kCandWeights) == 1 && !no_personal_weights);
  matcher::CandidateProfile probe;  // a criterion reads only its own group: no reset needed
  probe.profession = offer.profession;
  std::array<const uint32_t*, matcher::kCriterionCount> columns{};
  for (matcher::Criterion criterion : matcher::kAllCriteria) {
    const int c = static_cast<int>(criterion);
    std::vector<double>& table = scratch.values[c];
    table.clear();
    if (!personal_weights && base.weight[c] <= 0) continue;
    const int group = CandidateGroupOf(criterion);
    const size_t codes = group == kNone ? 1 : candidates_->code_limit(group);
    columns[c] = group == kNone ? nullptr : segment.codes[group].data();
    table.resize(codes);
    for (uint32_t code = 0; code < codes; ++code) {
      if (group != kNone) candidates_->Apply(group, code, &probe);
      const matcher::CriterionOutcome outcome =
          matcher::EvaluateFast(criterion, probe, offer, *territory, query.options);
      table[code] = outcome.applicable ? outcome.value : -1;
    }
  }
  std::vector<uint8_t>& eligible = scratch.eligible_codes;
  eligible.assign(candidates_->code_limit(kCandExcluded), 0);
  for (uint32_t code = 0; code < eligible.size(); ++code) {
    candidates_->Apply(kCandExcluded, code, &probe);
    eligible[code] = matcher::Eligible(probe, offer, *territory);
  }
  const int max_drive = query.filters.max_drive_minutes;
  std::vector<uint8_t>& within = scratch.within_codes;
  within.assign(max_drive > 0 ? candidates_->code_limit(kCandProximity) : 0, 0);
  for (uint32_t code = 0; code < within.size(); ++code) {
    candidates_->Apply(kCandProximity, code, &probe);
    const matcher::MetropolisAccess* nearest = matcher::NearestChosenMetropolis(probe, *territory);
    within[code] = nearest != nullptr && nearest->drive_minutes <= max_drive;
  }
  const uint32_t* excluded = segment.codes[kCandExcluded].data();
  const uint32_t* proximity = segment.codes[kCandProximity].data();
  const uint32_t* weight_codes = segment.codes[kCandWeights].data();
  const size_t rows = segment.size();
  // One half of the rows, with its own heap; the two halves run on both cores (ScanPool).
  struct Part {
    Selector selector;
    int64_t considered = 0;
    // Personal priorities, resolved once per distinct map; the empty map is the query's.
    absl::flat_hash_map<uint32_t, ResolvedWeights> personal;
    matcher::CandidateProfile probe;
  };
  const auto scan = [&](size_t begin_row, size_t end_row, Part& part) {
    // Blocks of rows, criterion by criterion (the inner loops have no branch and no call);
    // each row's sums still receive its criteria in kAllCriteria order, so they are
    // bit-equal to SideSums::Add's. A criterion that does not apply adds +0.0 to each sum.
    constexpr size_t kBlock = 256;
    std::array<uint32_t, kBlock> selected;
    std::array<std::array<double, kBlock>, 3> weight_sum;
    std::array<std::array<double, kBlock>, 3> value_sum;
    for (size_t start = begin_row; start < end_row; start += kBlock) {
      const size_t end = std::min(end_row, start + kBlock);
      size_t count = 0;
      for (size_t i = start; i < end; ++i) {
        if (!CandidateActive(segment.status[i]) || !eligible[excluded[i]]) continue;
        if (max_drive > 0 && !within[proximity[i]]) continue;
        ++part.considered;
        if (personal_weights && weight_codes[i] != no_personal_weights) {
          // Rare: a household's own priorities, resolved once per distinct map. Validated
          // on write; a stale one falls back to the profile.
          auto [it, inserted] = part.personal.try_emplace(weight_codes[i], base);
          if (inserted) {
            candidates_->Apply(kCandWeights, weight_codes[i], &part.probe);
            absl::StatusOr<matcher::Weights> resolved =
                matcher::ResolveWeights(query.weights, {}, part.probe.weights);
            if (resolved.ok()) it->second = resolve(*resolved);
          }
          matcher::SideSums sums;
          for (matcher::Criterion criterion : it->second.active) {
            const int c = static_cast<int>(criterion);
            const double value = scratch.values[c][columns[c] == nullptr ? 0 : columns[c][i]];
            if (value >= 0) sums.Add(criterion, it->second.weight[c], value);
          }
          part.selector.Offer(Hit{matcher::CombineSideSums(sums, query.options.combination, true),
                                  &segment.ids[i], static_cast<uint32_t>(i), &territory_id});
          continue;
        }
        selected[count++] = static_cast<uint32_t>(i);
      }
      for (int side = 0; side < 3; ++side) {
        std::fill_n(weight_sum[side].begin(), count, 0.0);
        std::fill_n(value_sum[side].begin(), count, 0.0);
      }
      for (matcher::Criterion criterion : base.active) {
        const int c = static_cast<int>(criterion);
        const double* table = scratch.values[c].data();
        const uint32_t* column = columns[c];
        const double weight = base.weight[c];
        double* weights_out =
            weight_sum[static_cast<int>(matcher::CriterionSide(criterion))].data();
        double* values_out = value_sum[static_cast<int>(matcher::CriterionSide(criterion))].data();
        for (size_t j = 0; j < count; ++j) {
          const double value = table[column == nullptr ? 0 : column[selected[j]]];
          const double applies = value >= 0 ? 1.0 : 0.0;
          const double applied_weight = weight * applies;
          weights_out[j] += applied_weight;
          values_out[j] += applied_weight * (value * applies);
        }
      }
      for (size_t j = 0; j < count; ++j) {
        matcher::SideSums sums;
        for (int side = 0; side < 3; ++side) {
          sums.weight[side] = weight_sum[side][j];
          sums.weighted_value[side] = value_sum[side][j];
        }
        part.selector.Offer(Hit{matcher::CombineSideSums(sums, query.options.combination, true),
                                &segment.ids[selected[j]], selected[j], &territory_id});
      }
    }
  };
  Part first{Selector(static_cast<size_t>(query.top_k), 0), 0, {}, {}};
  Part second{Selector(static_cast<size_t>(query.top_k), 0), 0, {}, {}};
  const size_t middle = rows / 2;
  ScanPool::Shared().Run([&] { scan(0, middle, first); }, [&] { scan(middle, rows, second); });
  for (Part* part : {&first, &second}) {
    result.considered += part->considered;
    for (const Hit& hit : part->selector.TakeSorted()) selector.Offer(hit);
  }
  result.scanned = static_cast<int64_t>(rows);
  result.bytes_scanned = static_cast<int64_t>(
      rows * (sizeof(matcher::CandidateStatus) + sizeof(uint32_t) * (2 + base.active.size())));
  for (const Hit& hit : selector.TakeSorted()) {
    result.pairs.push_back(
        RankedPair{hit.scores, candidates_->Decode(profession, hit.row), offer, *territory});
  }
  return result;
}

}  // namespace matching::index
