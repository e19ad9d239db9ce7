// MemoryIndex ranking: the memoised kernel over the columns, with a bounded heap.
#include <algorithm>
#include <atomic>
#include <queue>

#include "absl/base/casts.h"
#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "index/memory_index.h"
#include "index/rank_memo.h"
#include "index/scan_pool.h"
#include "matcher/criteria.h"
#include "matcher/recruiter_order.h"

namespace matching::index {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A scored record for the heap: ordered best first by score, then by tie_break (higher
// first: RankCandidates' matcher::RecruiterTieBreak(), 0 for RankOffers), then by id.
struct Hit {
  matcher::Scores scores;
  const std::string* id;  // the ranked record's id
  uint32_t row;           // its row in its profession's segment
  const std::string* territory_id;
  uint64_t tie_break = 0;
};
struct BetterHit {
  bool operator()(const Hit& a, const Hit& b) const {
    if (a.scores.score != b.scores.score) return a.scores.score > b.scores.score;
    if (a.tie_break != b.tie_break) return a.tie_break > b.tie_break;
    return *a.id < *b.id;
  }
};

// Keeps the best `k` hits; the heap's top is the worst kept.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k), heap_(BetterHit(), Reserved(k)) {}
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
    hits.reserve(heap_.size());
    while (!heap_.empty()) {
      hits.push_back(heap_.top());
      heap_.pop();
    }
    std::reverse(hits.begin(), hits.end());
    return hits;
  }

 private:
  static std::vector<Hit> Reserved(size_t k) {
    std::vector<Hit> hits;
    hits.reserve(std::min<size_t>(k, 1024));  // Offer pops before it pushes: k at most
    return hits;
  }
  size_t k_;
  std::priority_queue<Hit, std::vector<Hit>, BetterHit> heap_;
};

// Top-k overall, and at most `per_territory` per territory when it is > 0.
class Selector {
 public:
  Selector(size_t k, int per_territory) : per_territory_(per_territory), all_(k) {}
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
    case Criterion::kTLocalRoots:  // the territory's place (the household's home is fixed)
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
    case Criterion::kTLocalRoots:
      return kCandLocation;
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

// Where RankOffers finds a criterion's outcome for an offer row: which dense key of a
// column of outcomes (territory_cache.h) the row stands for.
CellKind CellOfCriterion(matcher::Criterion criterion) {
  if (criterion == matcher::Criterion::kProximity) return CellKind::kDriveMinutes;
  if (criterion == matcher::Criterion::kMoney) return CellKind::kMoneyClass;
  return OfferKeyOf(criterion).territory ? CellKind::kTerritoryRow : CellKind::kOfferCode;
}

// The TerritoryCache key of a criterion's column for this candidate (and `offer`, which
// carries the criterion's offer group when it has one besides the territory), or nullopt
// when the column is worth keeping for one query only. The key spells out everything the
// criterion reads besides the column's cell: two queries with the same key get the same
// outcomes. A field left out would mix households; ColumnarEquivalenceTest ranks
// hundreds of them in turn on one index against FastScore. Columns by offer code carry the
// codes' generation and their count (rounded up), as codes are reused.
std::optional<std::string> CachedColumnKey(matcher::Criterion criterion,
                                           const matcher::CandidateProfile& candidate,
                                           const matcher::OfferFeatures& offer,
                                           const matcher::ScoreOptions& options,
                                           uint64_t offer_generation, size_t offer_codes) {
  using matcher::Criterion;
  const auto bits = [](double value) { return absl::bit_cast<uint64_t>(value); };
  switch (criterion) {
    case Criterion::kProximity:
      // By drive minutes: only the limit and the decay matter (and whether any metropolis
      // was chosen at all).
      return absl::StrCat(
          "proximity|", candidate.metropolis_ids.empty(), "|", candidate.max_drive_minutes, "|",
          static_cast<int>(options.proximity_shape), "|", bits(options.proximity_scale_minutes),
          "|", bits(options.proximity_decay));
    case Criterion::kFamily:
      return absl::StrCat("family|", matcher::NeededAmenities(candidate.children_ages));
    case Criterion::kSpouseJob:
      // No partner looking for work: not applicable, whatever else (one column for all).
      if (!candidate.partner || !candidate.partner->needs_job) return "spouse|none";
      if (matcher::SeeksHealthPost(*candidate.partner)) {
        // Reads the territory's open_offers_nearby: an offer write within reach forgets
        // these cells by their prefix (MemoryIndex::RefreshNearby).
        return absl::StrCat(MemoryIndex::kSpouseNearbyKeyPrefix, candidate.partner->can_telework,
                            "|", offer.spouse_job_help, "|",
                            static_cast<int>(candidate.partner->profession), "|",
                            candidate.partner->specialty);  // free text last: unambiguous
      }
      return absl::StrCat("spouse|", candidate.partner->can_telework, "|", offer.spouse_job_help,
                          "|", candidate.partner->sector);  // free text last: unambiguous
    case Criterion::kHousing:
      // Permanent housing reads the rent only; temporary also the months; else not applicable.
      if (candidate.housing_need == matcher::HousingNeed::kPermanent) return "housing|permanent";
      if (candidate.housing_need != matcher::HousingNeed::kTemporary) return "housing|none";
      return absl::StrCat("housing|temporary|", candidate.housing_months_needed, "|",
                          offer.temporary_housing_months);
    case Criterion::kLifestyle: {
      // The share of wishes met does not depend on their order. Each tag is length-prefixed:
      // tags are free text, no separator is safe.
      std::vector<std::string> tags = candidate.lifestyle_tags;
      std::sort(tags.begin(), tags.end());
      std::string key = "lifestyle";
      for (const std::string& tag : tags) absl::StrAppend(&key, "|", tag.size(), ":", tag);
      return key;
    }
    case Criterion::kMoney: {
      // The aid rules by address and version: they live as long as the server.
      const matcher::AidRules* rules = options.aid_rules;
      const auto& aid_10_years = candidate.installation_aid_within_10_years;
      return absl::StrCat(
          "money|", static_cast<int>(candidate.profession), "|", candidate.first_installation, "|",
          static_cast<int>(candidate.doctor_sector), "|",
          aid_10_years ? static_cast<int>(*aid_10_years) : -1, "|",
          static_cast<int>(candidate.career_stage), "|", static_cast<int>(offer.employment), "|",
          static_cast<int>(offer.setting), "|", bits(offer.installation_bonus_eur), "|",
          DayKey(options.AidDate()), "|", reinterpret_cast<uintptr_t>(rules), "|",
          rules == nullptr ? "" : rules->version());
    }
    case Criterion::kCareNeed:
      return "care";
    case Criterion::kTLocalRoots:
      // Homes are points, nearly one per household: a column would serve one household.
      // Those who gave none share one.
      if (!candidate.current_location) return "roots|unknown";
      return std::nullopt;
    case Criterion::kStartWindow:
    case Criterion::kTAvailability:
    case Criterion::kTCommitment:
      // Thousands of start dates: worth keeping by the household's window.
      return absl::StrCat("dates|", static_cast<int>(criterion), "|",
                          DayKey(candidate.available_from), "|", DayKey(candidate.available_until),
                          "|", DayKey(options.as_of), "|", offer_generation, "|", offer_codes);
    default:
      return std::nullopt;  // a handful of codes: evaluated again by each query
  }
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

// Whether a row may still reach `least`: each side's best mean is a / b (the criteria read
// so far plus every unread one applying with value 1; at most 1, and 1 when b is 0), and
// their matcher::Combine() must reach `least`. The same inequality as Combine's formulas,
// multiplied out so that the scan divides nothing.
inline bool BoundReaches(matcher::Combination combination, double candidate_value,
                         double candidate_weight, double territory_value, double territory_weight,
                         double least) {
  const double cb = candidate_weight > 0 ? candidate_weight : 1;
  const double ca = candidate_weight > 0 ? std::min(candidate_value, cb) : 1;
  const double tb = territory_weight > 0 ? territory_weight : 1;
  const double ta = territory_weight > 0 ? std::min(territory_value, tb) : 1;
  switch (combination) {
    case matcher::Combination::kGeometric:  // sqrt(c t) >= least
      return least <= 0 || ca * ta >= least * least * cb * tb;
    case matcher::Combination::kCandidateOnly:
      return ca >= least * cb;
    case matcher::Combination::kTerritoryOnly:
      return ta >= least * tb;
    case matcher::Combination::kUnspecified:
    case matcher::Combination::kHarmonic:  // 2 c t / (c + t) >= least
      break;
  }
  return 2 * ca * ta >= least * (ca * tb + cb * ta);
}

// RankOffers checks its bound once this share of the weight is known (measured with
// bench/rank_bench: earlier checks drop almost nothing and cost as much as a criterion).
constexpr double kBoundFromShare = 0.5;
// Once each part has scored a first block, its criteria are reordered by how much they
// lower the bound (weight times the mean shortfall from 1), and the bound is checked from
// this many criteria on.
constexpr size_t kOrderedBoundFrom = 2;
// RankCandidates scores the rows that passed its gates on both cores from this many on;
// below, handing half to the other core costs more than it saves.
constexpr size_t kParallelRows = 8192;

// One RankOffers query over one profession's offers. The constructor plans it once: filter
// tables by code, every weighted criterion with the column its outcomes come from, and the
// order of the bound. Scan() then ranks a range of rows into its own Part; the two halves
// of the rows run at once (ScanPool), each with its own BlockScan.
class MemoryIndex::OfferRanking {
 public:
  // One range's best hits, and how many of its rows passed the filters.
  struct Part {
    Selector selector;
    int64_t considered = 0;
  };

  OfferRanking(const MemoryIndex& index, const matcher::CandidateProfile& candidate,
               const RankQuery& query, const RankFilters& filters, const matcher::Weights& weights,
               std::vector<uint8_t>& setting_passes, bool gate)
      : index_(index),
        candidate_(candidate),
        query_(query),
        filters_(filters),
        gate_(gate),
        segment_(index.offers_.segment(static_cast<int>(candidate.profession))),
        setting_passes_(setting_passes),
        no_minutes_(static_cast<uint32_t>(index.drive_minutes_.code_limit())) {
    open_offer_.profession = candidate.profession;
    open_offer_.status = matcher::OfferStatus::kOpen;
    PlanFilters();
    PlanCriteria(weights);
    PlanFirstSums();
  }

  size_t rows() const { return segment_.size(); }
  // The column bytes a full scan reads per row (RankResult::bytes_scanned).
  size_t bytes_per_row() const {
    return sizeof(matcher::OfferStatus) + sizeof(uint32_t) * (2 + plans_.size());
  }
  void Scan(size_t begin_row, size_t end_row, Part& part) const;

 private:
  // A weighted criterion, and the column its outcomes come from: kept across queries in the
  // TerritoryCache when a short key describes it, else made for this query. Either way a
  // cell is computed the first time a row needs it, by the scoring core's own function
  // (EvaluateFast), and read after.
  struct Plan {
    matcher::Criterion criterion;
    double weight;
    int side;
    CellKind cell;                            // which dense key of its column a row stands for
    int group;                                // the offer group it reads, or kNone
    bool by_offer_code;                       // one column per code of `group`
    std::shared_ptr<TerritoryColumn> column;  // otherwise: the one column
  };
  // What the criteria that read only the offer's specialty or setting (profession,
  // t_profession, setting: the heaviest shortfalls of most queries) add to a row's sums,
  // for one pair of codes; and whether the setting passes the filter.
  struct FirstSums {
    double candidate_weight = 0;
    double candidate_value = 0;
    double territory_weight = 0;
    double territory_value = 0;
    bool passes = false;
  };
  class BlockScan;

  void PlanFilters();
  void PlanCriteria(const matcher::Weights& weights);
  void PlanFirstSums();
  // Plan p's outcome for code `code` of its offer group (a kOfferCode plan).
  double CodeValue(const Plan& plan, uint32_t code) const;
  std::shared_ptr<TerritoryColumn> MakeColumn(const Plan& plan, uint32_t code) const;

  const MemoryIndex& index_;
  const matcher::CandidateProfile& candidate_;
  const RankQuery& query_;
  const RankFilters& filters_;
  // Pairs beyond a limit (matcher/limits.h) are dropped: the specialty with the first sums,
  // the department with the territory filters, the drive time with the request's
  // (RankOffers folds it into filters_), the offer's requirements by code below.
  const bool gate_;
  const OfferColumns::Segment& segment_;
  matcher::OfferFeatures open_offer_;  // for Eligible(): same profession, open
  // Filter verdicts by setting, department and region code.
  std::vector<uint8_t>& setting_passes_;
  // FirstSums by specialty code * setting_codes_ + setting code, read with the filters;
  // which plans they hold, and those plans' weight by side.
  std::vector<FirstSums> first_sums_;
  size_t setting_codes_ = 0;
  std::vector<bool> in_first_;
  std::array<double, 3> first_weight_{};
  size_t first_count_ = 0;
  // The proximity plan (kDriveMinutes), known with the first sums: Select reads it once per
  // run of a territory's offers. kNoPlan when proximity has no weight.
  static constexpr size_t kNoPlan = SIZE_MAX;
  size_t minutes_plan_ = kNoPlan;
  std::vector<uint8_t> department_ok_;
  std::vector<uint8_t> region_ok_;
  // With gate_: whether each specialty code keeps the household's specialty; whether each
  // experience and dates code keeps the offer's requirements (read by Select when one
  // does not: requirements_gated_).
  std::vector<uint8_t> specialty_ok_;
  std::vector<uint8_t> experience_ok_;
  std::vector<uint8_t> dates_ok_;
  bool requirements_gated_ = false;
  // The candidate's metropolises: their rows of minutes_to_ (drive minutes codes by
  // territory row); or, for a chosen metropolis beyond the table, the records.
  std::vector<const std::vector<uint32_t>*> chosen_;
  bool nearest_from_records_ = false;
  uint32_t no_minutes_;          // the kDriveMinutes cell of "no chosen metropolis listed"
  bool filtered_ = false;        // some territory filter may exclude a territory
  bool nearest_needed_ = false;  // for proximity or the drive-time filter
  // Every weighted criterion, in kAllCriteria order (the order of SideSums::Add); their
  // indices heaviest first (the order of the bound), and each side's total weight.
  std::vector<Plan> plans_;
  std::vector<size_t> by_weight_;
  std::array<double, 3> total_weight_{};
  size_t bound_from_ = 0;  // the bound is checked from this many plans on
  // The best heap threshold any part has reached (-1: none yet). A row below another
  // part's threshold cannot enter the merged top k either (k rows of that part are
  // better), so each part bounds with the higher of its own and this one.
  mutable std::atomic<double> shared_threshold_{-1};
  // The order of the criteria the first part to score a full block found (Reorder): the
  // other part adopts it instead of scoring a full block of its own. shared_order_ is
  // written once, by the part that moved order_state_ from kNoOrder to kWriting.
  enum OrderState : int { kNoOrder, kWriting, kReady };
  mutable std::atomic<int> order_state_{kNoOrder};
  mutable std::vector<size_t> shared_order_;
};

void MemoryIndex::OfferRanking::PlanFilters() {
  // The settings filter by setting code (a handful), shared read-only by both halves.
  const OfferColumns& offers = index_.offers_;
  setting_passes_.assign(offers.code_limit(kOfferSetting), 0);
  for (uint32_t code = 0; code < setting_passes_.size(); ++code) {
    matcher::OfferFeatures probe;
    offers.Apply(kOfferSetting, code, &probe);
    setting_passes_[code] =
        filters_.settings.empty() || std::find(filters_.settings.begin(), filters_.settings.end(),
                                               probe.setting) != filters_.settings.end();
  }
  // Territory filters by department and region code: a run of offers decides its territory
  // from the compact TerritoryScan. Each table entry comes from the same functions as for a
  // full record (Eligible, TerritoryPasses).
  department_ok_.resize(index_.department_codes_.code_limit());
  {
    matcher::TerritoryFeatures probe;
    RankFilters departments_only = filters_;
    departments_only.region_codes.clear();
    departments_only.max_drive_minutes = 0;
    for (uint32_t code = 0; code < department_ok_.size(); ++code) {
      probe.department_code = index_.department_codes_.value(code);
      department_ok_[code] = matcher::Eligible(candidate_, open_offer_, probe) &&
                             TerritoryPasses(departments_only, candidate_, probe) &&
                             (!gate_ || matcher::DepartmentWithinLimit(candidate_, probe));
    }
  }
  specialty_ok_.assign(offers.code_limit(kOfferSpecialty), 1);
  experience_ok_.assign(offers.code_limit(kOfferExperience), 1);
  dates_ok_.assign(offers.code_limit(kOfferDates), 1);
  if (gate_) {
    matcher::OfferFeatures probe = open_offer_;
    for (uint32_t code = 0; code < specialty_ok_.size(); ++code) {
      offers.Apply(kOfferSpecialty, code, &probe);
      specialty_ok_[code] = matcher::SpecialtyWithinLimit(candidate_.specialty, probe.specialty);
    }
    for (uint32_t code = 0; code < experience_ok_.size(); ++code) {
      offers.Apply(kOfferExperience, code, &probe);
      experience_ok_[code] =
          matcher::ExperienceWithinLimit(candidate_.experience_years, probe.min_experience_years);
    }
    // Dates are many codes (start dates times commitments), for every profession: only
    // those this profession's rows hold are decided (the others are never read).
    const absl::CivilDay as_of = query_.options.as_of;
    std::vector<uint8_t>& seen = ThreadScratch().seen_codes;
    seen.assign(dates_ok_.size(), 0);
    for (uint32_t code : segment_.codes[kOfferDates]) {
      if (seen[code]) continue;
      seen[code] = 1;
      offers.Apply(kOfferDates, code, &probe);
      dates_ok_[code] = matcher::StartWithinLimit(candidate_, probe, as_of) &&
                        matcher::CommitmentWithinLimit(candidate_, probe, as_of);
    }
    requirements_gated_ =
        std::find(experience_ok_.begin(), experience_ok_.end(), 0) != experience_ok_.end() ||
        std::find(dates_ok_.begin(), dates_ok_.end(), 0) != dates_ok_.end();
  }
  region_ok_.resize(index_.region_codes_.code_limit());
  {
    matcher::TerritoryFeatures probe;
    RankFilters regions_only;
    regions_only.region_codes = filters_.region_codes;
    for (uint32_t code = 0; code < region_ok_.size(); ++code) {
      probe.region_code = index_.region_codes_.value(code);
      region_ok_[code] = TerritoryPasses(regions_only, candidate_, probe);
    }
  }
  for (const std::string& id : candidate_.metropolis_ids) {
    std::optional<uint32_t> code = index_.metropolis_codes_.Find(id);
    if (!code) continue;  // listed by no territory
    if (*code >= kTabledMetropolises) {
      nearest_from_records_ = true;
    } else if (*code < index_.minutes_to_.size() &&
               std::find(chosen_.begin(), chosen_.end(), &index_.minutes_to_[*code]) ==
                   chosen_.end()) {
      chosen_.push_back(&index_.minutes_to_[*code]);
    }
  }
  // Without territory filters a territory passes when stored: its TerritoryScan is not read.
  filtered_ = filters_.max_drive_minutes > 0 ||
              std::find(department_ok_.begin(), department_ok_.end(), 0) != department_ok_.end() ||
              std::find(region_ok_.begin(), region_ok_.end(), 0) != region_ok_.end();
}

void MemoryIndex::OfferRanking::PlanCriteria(const matcher::Weights& weights) {
  for (matcher::Criterion criterion : Weighted(weights)) {
    Plan plan{criterion,
              matcher::WeightOf(weights, criterion),
              static_cast<int>(matcher::CriterionSide(criterion)),
              CellOfCriterion(criterion),
              OfferKeyOf(criterion).group,
              false,
              nullptr};
    plan.by_offer_code = plan.group != kNone && plan.cell != CellKind::kOfferCode;
    if (!plan.by_offer_code) plan.column = MakeColumn(plan, 0);
    plans_.push_back(std::move(plan));
  }
  by_weight_.resize(plans_.size());
  for (size_t p = 0; p < plans_.size(); ++p) {
    by_weight_[p] = p;
    total_weight_[plans_[p].side] += plans_[p].weight;
  }
  std::stable_sort(by_weight_.begin(), by_weight_.end(),
                   [&](size_t a, size_t b) { return plans_[a].weight > plans_[b].weight; });
  // The nearest chosen metropolis is found for proximity and the drive-time filter.
  nearest_needed_ = (!chosen_.empty() || nearest_from_records_) &&
                    (filters_.max_drive_minutes > 0 ||
                     std::any_of(plans_.begin(), plans_.end(), [](const Plan& plan) {
                       return plan.cell == CellKind::kDriveMinutes;
                     }));
}

// The column of `plan` (for offer code `code` when the plan has one column per code).
std::shared_ptr<TerritoryColumn> MemoryIndex::OfferRanking::MakeColumn(const Plan& plan,
                                                                       uint32_t code) const {
  const OfferColumns& offers = index_.offers_;
  matcher::OfferFeatures offer = open_offer_;
  size_t rows = 0;
  size_t offer_codes = 0;
  switch (plan.cell) {
    case CellKind::kOfferCode:
      rows = offers.code_limit(plan.group);
      offer_codes = absl::bit_ceil(std::max<size_t>(rows, 64));
      break;
    case CellKind::kTerritoryRow:
      rows = index_.territories_.size();
      break;
    case CellKind::kMoneyClass:
      rows = index_.money_classes_.code_limit();
      break;
    case CellKind::kDriveMinutes:
      rows = no_minutes_ + 1;
      break;
  }
  if (plan.by_offer_code) offers.Apply(plan.group, code, &offer);
  std::optional<std::string> key = CachedColumnKey(
      plan.criterion, candidate_, offer, query_.options, offers.code_generation(), offer_codes);
  if (!key) return std::make_shared<TerritoryColumn>(rows);
  return index_.territory_cache_.Get(*key, offer_codes > 0 ? offer_codes : rows, plan.cell);
}

void MemoryIndex::OfferRanking::PlanFirstSums() {
  const OfferColumns& offers = index_.offers_;
  in_first_.assign(plans_.size(), false);
  for (size_t p = 0; p < plans_.size(); ++p) {
    const Plan& plan = plans_[p];
    if (plan.cell == CellKind::kDriveMinutes) {
      minutes_plan_ = p;
    } else if (plan.cell != CellKind::kOfferCode ||
               (plan.group != kOfferSpecialty && plan.group != kOfferSetting)) {
      continue;
    }
    in_first_[p] = true;
    first_weight_[plan.side] += plan.weight;
    ++first_count_;
  }
  const size_t specialties = offers.code_limit(kOfferSpecialty);
  setting_codes_ = offers.code_limit(kOfferSetting);
  first_sums_.assign(specialties * setting_codes_, FirstSums{});
  for (uint32_t setting = 0; setting < setting_codes_; ++setting) {
    for (uint32_t specialty = 0; specialty < specialties; ++specialty) {
      FirstSums& sums = first_sums_[specialty * setting_codes_ + setting];
      sums.passes = setting_passes_[setting] != 0 && specialty_ok_[specialty] != 0;
      for (size_t p = 0; p < plans_.size(); ++p) {
        if (!in_first_[p] || p == minutes_plan_) continue;
        const Plan& plan = plans_[p];
        const double value = CodeValue(plan, plan.group == kOfferSpecialty ? specialty : setting);
        if (value < 0) continue;  // not applicable
        (plan.side == static_cast<int>(matcher::Side::kCandidate) ? sums.candidate_weight
                                                                  : sums.territory_weight) +=
            plan.weight;
        (plan.side == static_cast<int>(matcher::Side::kCandidate) ? sums.candidate_value
                                                                  : sums.territory_value) +=
            plan.weight * value;
      }
    }
  }
  // The bound's order leaves them out: they are known from the start.
  by_weight_.erase(
      std::remove_if(by_weight_.begin(), by_weight_.end(), [&](size_t p) { return in_first_[p]; }),
      by_weight_.end());
  bound_from_ = first_count_;
  for (double known = first_weight_[1] + first_weight_[2];
       bound_from_ - first_count_ < by_weight_.size() &&
       known < kBoundFromShare * (total_weight_[1] + total_weight_[2]);) {
    known += plans_[by_weight_[bound_from_++ - first_count_]].weight;
  }
}

double MemoryIndex::OfferRanking::CodeValue(const Plan& plan, uint32_t code) const {
  double value = plan.column->Value(code);
  if (value != TerritoryColumn::kUnknownValue) return value;
  matcher::OfferFeatures offer = open_offer_;
  index_.offers_.Apply(plan.group, code, &offer);
  // A kOfferCode criterion reads no territory.
  const matcher::CriterionOutcome outcome = matcher::EvaluateFast(
      plan.criterion, candidate_, offer, matcher::TerritoryFeatures{}, query_.options);
  plan.column->Set(code, outcome);
  return outcome.applicable ? outcome.value : TerritoryColumn::kNotApplicableValue;
}

// The state of one Scan: blocks of rows, criterion by criterion, as in RankCandidates. Each
// row's sums still receive its criteria in kAllCriteria order, bit-equal to SideSums::Add's.
// Rows come grouped by territory (Optimize), so the filters and the nearest metropolis are
// decided once per run of one territory's offers.
class MemoryIndex::OfferRanking::BlockScan {
 public:
  explicit BlockScan(const OfferRanking& ranking)
      : r_(ranking),
        by_code_(ranking.plans_.size()),
        probe_(ranking.open_offer_),
        run_minutes_(ranking.no_minutes_),
        order_(ranking.by_weight_),
        check_from_(ranking.bound_from_) {
    for (size_t p = 0; p < r_.plans_.size(); ++p) {
      if (r_.plans_[p].by_offer_code) {
        by_code_[p].resize(r_.index_.offers_.code_limit(r_.plans_[p].group));
      }
    }
  }

  void Run(size_t begin_row, size_t end_row, Part& part) {
    for (size_t start = begin_row; start < end_row; start += kBlock) {
      if (!ordered_ && r_.order_state_.load(std::memory_order_acquire) == kReady) {
        order_ = r_.shared_order_;  // the other part's: no full block to score here
        check_from_ = kOrderedBoundFrom;
        ordered_ = true;
      }
      // Until the criteria are ordered, a block may be the one that orders them: all its
      // rows are kept.
      const size_t count =
          Select(start, std::min(end_row, start + kBlock), ordered_ ? Threshold(part) : -1, part);
      ScoreBlock(count, part);
    }
  }

 private:
  static constexpr size_t kBlock = 256;

  // Keeps the rows of [start, end) that pass the filters and, when `threshold` is above
  // 0, whose best possible score knowing their first sums may still reach it; sets their
  // known sums to the first sums. Returns how many are kept.
  size_t Select(size_t start, size_t end, double threshold, Part& part) {
    const OfferColumns::Segment& segment = r_.segment_;
    const uint32_t* specialty = segment.codes[kOfferSpecialty].data();
    const uint32_t* setting = segment.codes[kOfferSetting].data();
    const uint32_t* experience = segment.codes[kOfferExperience].data();
    const uint32_t* dates = segment.codes[kOfferDates].data();
    const int c = static_cast<int>(matcher::Side::kCandidate);
    const int t = static_cast<int>(matcher::Side::kTerritory);
    const double unknown_c = r_.total_weight_[c] - r_.first_weight_[c];
    const double unknown_t = r_.total_weight_[t] - r_.first_weight_[t];
    const bool bound = threshold > 0 && r_.first_count_ > 0;
    const double least = threshold - 1e-9;  // as AddKnown's
    const matcher::Combination combination = r_.query_.options.combination;
    size_t count = 0;
    int64_t considered = 0;
    for (size_t i = start; i < end; ++i) {
      if (!OfferOpen(segment.status[i])) continue;
      const uint32_t territory_row = segment.territory_row[i];
      if (territory_row != run_territory_) {
        run_territory_ = territory_row;
        run_passes_ = DecideRun(territory_row);
        if (run_passes_) ReadRunMinutes();
      }
      if (!run_passes_) continue;
      const FirstSums& first = r_.first_sums_[specialty[i] * r_.setting_codes_ + setting[i]];
      if (!first.passes) continue;
      if (r_.requirements_gated_ && !(r_.experience_ok_[experience[i]] && r_.dates_ok_[dates[i]])) {
        continue;
      }
      ++considered;
      const double candidate_weight = first.candidate_weight + run_weight_[c];
      const double candidate_value = first.candidate_value + run_value_[c];
      const double territory_weight = first.territory_weight + run_weight_[t];
      const double territory_value = first.territory_value + run_value_[t];
      if (bound &&
          !BoundReaches(combination, candidate_value + unknown_c, candidate_weight + unknown_c,
                        territory_value + unknown_t, territory_weight + unknown_t, least)) {
        continue;
      }
      known_weight_[c][count] = candidate_weight;
      known_value_[c][count] = candidate_value;
      known_weight_[t][count] = territory_weight;
      known_value_[t][count] = territory_value;
      territory_of_[count] = territory_row;
      minutes_of_[count] = run_minutes_;
      selected_[count++] = static_cast<uint32_t>(i);
    }
    part.considered += considered;
    return count;
  }

  // The proximity plan's weight and weighted value for the run's kDriveMinutes cell.
  void ReadRunMinutes() {
    if (r_.minutes_plan_ == kNoPlan) return;
    const Plan& plan = r_.plans_[r_.minutes_plan_];
    double value = plan.column->Value(run_minutes_);
    if (value == TerritoryColumn::kUnknownValue) {
      const matcher::CriterionOutcome outcome = ComputeMinutes(plan, run_minutes_);
      plan.column->Set(run_minutes_, outcome);
      value = outcome.applicable ? outcome.value : TerritoryColumn::kNotApplicableValue;
    }
    run_weight_[plan.side] = value >= 0 ? plan.weight : 0;
    run_value_[plan.side] = value >= 0 ? plan.weight * value : 0;
  }

  // Whether the run's territory passes the filters (each department's and region's verdict
  // was decided by the plan), and its kDriveMinutes cell.
  bool DecideRun(uint32_t territory_row) {
    const MemoryIndex& index = r_.index_;
    if (!index.territory_stored_[territory_row]) return false;  // not stored yet: skipped
    run_minutes_ = r_.nearest_needed_ ? NearestMinutes(territory_row) : r_.no_minutes_;
    if (!r_.filtered_) return true;
    const TerritoryScan& scan = index.territory_scan_[territory_row];
    return r_.department_ok_[scan.department] && r_.region_ok_[scan.region] &&
           (r_.filters_.max_drive_minutes <= 0 ||
            (run_minutes_ != r_.no_minutes_ &&
             index.drive_minutes_.value(run_minutes_) <= r_.filters_.max_drive_minutes));
  }

  // The drive minutes code of the territory's nearest chosen metropolis (as
  // matcher::NearestChosenMetropolis: the least minutes), or no_minutes_.
  uint32_t NearestMinutes(uint32_t territory_row) const {
    const MemoryIndex& index = r_.index_;
    if (r_.nearest_from_records_) {
      const matcher::MetropolisAccess* nearest =
          matcher::NearestChosenMetropolis(r_.candidate_, *index.territories_[territory_row]);
      if (nearest == nullptr) return r_.no_minutes_;
      std::optional<uint32_t> code = index.drive_minutes_.Find(nearest->drive_minutes);
      return code ? *code : r_.no_minutes_;  // every access's minutes are coded
    }
    uint32_t best = r_.no_minutes_;
    for (const std::vector<uint32_t>* to : r_.chosen_) {
      if (territory_row >= to->size() || (*to)[territory_row] == 0) continue;
      const uint32_t code = (*to)[territory_row] - 1;
      if (best == r_.no_minutes_ ||
          index.drive_minutes_.value(code) < index.drive_minutes_.value(best)) {
        best = code;
      }
    }
    return best;
  }

  // The selected rows' exact scores into the part's heap: heaviest criteria first, and
  // after each, the rows whose best possible score (every criterion not read yet applying
  // with value 1) cannot enter the heap are dropped.
  void ScoreBlock(size_t count, Part& part) {
    alive_count_ = count;
    for (size_t k = 0; k < count; ++k) alive_[k] = static_cast<uint32_t>(k);
    std::array<double, 3> unknown_weight;
    for (int side = 0; side < 3; ++side) {
      unknown_weight[side] = r_.total_weight_[side] - r_.first_weight_[side];
    }
    // The block that orders the criteria is scored in full: its outcomes must all be read.
    const bool orders = !ordered_ && count >= 64;
    const double threshold = orders ? -1 : Threshold(part);
    size_t evaluated = r_.first_count_;  // the first sums are known (Select)
    for (size_t p : order_) {
      Read(p);
      if (threshold <= 0) continue;  // nothing to beat yet: the bound is not needed
      const Plan& plan = r_.plans_[p];
      unknown_weight[plan.side] -= plan.weight;
      // Too little is known before check_from criteria: the bound would keep every row.
      AddKnown(p, unknown_weight, threshold, ++evaluated >= check_from_);
    }
    // The first sums' criteria one by one, for the exact scores.
    for (size_t p = 0; p < r_.plans_.size(); ++p) {
      if (r_.in_first_[p]) Read(p);
    }
    if (orders) Reorder(count);
    // The rows left are scored exactly: their sums receive the criteria in kAllCriteria
    // order (the plans' order), bit-equal to SideSums::Add's.
    for (size_t a = 0; a < alive_count_; ++a) {
      const uint32_t k = alive_[a];
      matcher::SideSums sums;
      for (size_t p = 0; p < r_.plans_.size(); ++p) {
        const double value = values_[p][k];
        if (value >= 0) sums.Add(r_.plans_[p].criterion, r_.plans_[p].weight, value);
      }
      const matcher::Scores scores =
          matcher::CombineSideSums(sums, r_.query_.options.combination, true);
      if (scores.score < Threshold(part)) continue;  // cannot enter the heap
      const uint32_t row = selected_[k];
      part.selector.Offer(Hit{scores, &r_.segment_.ids[row], row,
                              &r_.index_.territory_ids_.value(territory_of_[k])});
    }
    // Share this part's threshold with the other.
    const double own = part.selector.Threshold();
    double shared = r_.shared_threshold_.load(std::memory_order_relaxed);
    while (own > shared &&
           !r_.shared_threshold_.compare_exchange_weak(shared, own, std::memory_order_relaxed)) {
    }
  }

  // The score a row must reach to enter the merged top k: this part's threshold, or the
  // other part's when higher.
  double Threshold(const Part& part) const {
    return std::max(part.selector.Threshold(),
                    r_.shared_threshold_.load(std::memory_order_relaxed));
  }

  // Plan p's outcomes of the rows alive into values_[p]: one loop per kind of cell.
  void Read(size_t p) {
    const Plan& plan = r_.plans_[p];
    const uint32_t* codes = plan.group == kNone ? nullptr : r_.segment_.codes[plan.group].data();
    if (codes != nullptr) {
      for (size_t a = 0; a < alive_count_; ++a) code_of_[a] = codes[selected_[alive_[a]]];
    }
    switch (plan.cell) {
      case CellKind::kOfferCode:
        std::copy_n(code_of_.begin(), alive_count_, cell_of_.begin());
        break;
      case CellKind::kTerritoryRow:
        for (size_t a = 0; a < alive_count_; ++a) cell_of_[a] = territory_of_[alive_[a]];
        break;
      case CellKind::kMoneyClass:
        for (size_t a = 0; a < alive_count_; ++a) {
          cell_of_[a] = r_.index_.territory_money_[territory_of_[alive_[a]]];
        }
        break;
      case CellKind::kDriveMinutes:
        for (size_t a = 0; a < alive_count_; ++a) cell_of_[a] = minutes_of_[alive_[a]];
        break;
    }
    double* out = values_[p].data();
    bool unknown = false;
    if (!plan.by_offer_code) {
      const TerritoryColumn& column = *plan.column;
      for (size_t a = 0; a < alive_count_; ++a) {
        const double value = column.Value(cell_of_[a]);
        out[alive_[a]] = value;
        unknown |= value == TerritoryColumn::kUnknownValue;
      }
    } else {
      // Columns by offer code (spouse job, housing, money), fetched when first met and held
      // until the scan ends.
      std::vector<TerritoryColumn*>& columns = by_code_[p];
      for (size_t a = 0; a < alive_count_; ++a) {
        TerritoryColumn*& column = columns[code_of_[a]];
        if (column == nullptr) {
          held_.push_back(r_.MakeColumn(plan, code_of_[a]));
          column = held_.back().get();
        }
        column_of_[a] = column;
        const double value = column->Value(cell_of_[a]);
        out[alive_[a]] = value;
        unknown |= value == TerritoryColumn::kUnknownValue;
      }
    }
    if (!unknown) return;
    // Cells met for the first time: computed once, kept for the next row and query. Rows
    // of the block may share a cell: one computes it, the others read it.
    for (size_t a = 0; a < alive_count_; ++a) {
      const uint32_t k = alive_[a];
      if (out[k] != TerritoryColumn::kUnknownValue) continue;
      TerritoryColumn* column = plan.by_offer_code ? column_of_[a] : plan.column.get();
      out[k] = column->Value(cell_of_[a]);
      if (out[k] != TerritoryColumn::kUnknownValue) continue;
      const matcher::CriterionOutcome outcome = Compute(plan, k, cell_of_[a]);
      column->Set(cell_of_[a], outcome);
      out[k] = outcome.applicable ? outcome.value : TerritoryColumn::kNotApplicableValue;
    }
  }

  // The outcome of a cell not computed yet, for selected row k.
  matcher::CriterionOutcome Compute(const Plan& plan, uint32_t k, size_t cell) {
    const MemoryIndex& index = r_.index_;
    if (plan.group != kNone) {  // a criterion reads only its own group
      index.offers_.Apply(plan.group, r_.segment_.codes[plan.group][selected_[k]], &probe_);
    }
    if (plan.cell == CellKind::kDriveMinutes) return ComputeMinutes(plan, cell);
    return matcher::EvaluateFast(plan.criterion, r_.candidate_, probe_,
                                 *index.territories_[territory_of_[k]], r_.query_.options);
  }

  // The outcome of a kDriveMinutes cell: for a territory listing one chosen metropolis at
  // these minutes (or none), as the criterion reads nothing else of a territory.
  matcher::CriterionOutcome ComputeMinutes(const Plan& plan, size_t cell) {
    proximity_probe_.metropolis_access.clear();
    if (cell < r_.no_minutes_) {
      proximity_probe_.metropolis_access.push_back(
          {r_.candidate_.metropolis_ids.front(), "", r_.index_.drive_minutes_.value(cell), false});
    }
    return matcher::EvaluateFast(plan.criterion, r_.candidate_, probe_, proximity_probe_,
                                 r_.query_.options);
  }

  // Adds plan p's outcomes to the known weight and value of its side, per row alive; when
  // `check`, keeps only the rows whose best possible score (every criterion not read yet
  // applying with value 1) may still reach `threshold`. One pass per criterion, with the
  // combination fixed for the loop.
  void AddKnown(size_t p, const std::array<double, 3>& unknown_weight, double threshold,
                bool check) {
    using matcher::Combination;
    if (!check) return AddKnownBy<Combination::kHarmonic, false>(p, unknown_weight, 0);
    // The margin covers rounding: the bound is exact math, the score rounds.
    const double least = threshold - 1e-9;
    switch (r_.query_.options.combination) {
      case Combination::kGeometric:
        return AddKnownBy<Combination::kGeometric, true>(p, unknown_weight, least);
      case Combination::kCandidateOnly:
        return AddKnownBy<Combination::kCandidateOnly, true>(p, unknown_weight, least);
      case Combination::kTerritoryOnly:
        return AddKnownBy<Combination::kTerritoryOnly, true>(p, unknown_weight, least);
      case Combination::kUnspecified:
      case Combination::kHarmonic:
        break;
    }
    AddKnownBy<Combination::kHarmonic, true>(p, unknown_weight, least);
  }

  template <matcher::Combination kCombination, bool kCheck>
  void AddKnownBy(size_t p, const std::array<double, 3>& unknown_weight, double least) {
    const Plan& plan = r_.plans_[p];
    const double weight = plan.weight;
    const double* out = values_[p].data();
    double* weight_out = known_weight_[plan.side].data();
    double* value_out = known_value_[plan.side].data();
    const int c = static_cast<int>(matcher::Side::kCandidate);
    const int t = static_cast<int>(matcher::Side::kTerritory);
    const double* cw = known_weight_[c].data();
    const double* cv = known_value_[c].data();
    const double* tw = known_weight_[t].data();
    const double* tv = known_value_[t].data();
    const double uc = unknown_weight[c];
    const double ut = unknown_weight[t];
    size_t kept = 0;
    for (size_t a = 0; a < alive_count_; ++a) {
      const uint32_t k = alive_[a];
      const double applies = out[k] >= 0 ? 1.0 : 0.0;
      weight_out[k] += weight * applies;
      value_out[k] += weight * applies * (out[k] * applies);
      if constexpr (kCheck) {
        alive_[kept] = k;
        kept += BoundReaches(kCombination, cv[k] + uc, cw[k] + uc, tv[k] + ut, tw[k] + ut, least);
      }
    }
    if constexpr (kCheck) alive_count_ = kept;
  }

  // The first full block's outcomes say which criteria discriminate in this query: the
  // criteria are read by how much they lower the bound (weight times the shortfall from 1).
  void Reorder(size_t count) {
    std::vector<double> shortfall(r_.plans_.size());
    for (size_t p = 0; p < r_.plans_.size(); ++p) {
      for (size_t k = 0; k < count; ++k) {
        if (values_[p][k] >= 0) shortfall[p] += r_.plans_[p].weight * (1 - values_[p][k]);
      }
    }
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return shortfall[a] > shortfall[b]; });
    check_from_ = kOrderedBoundFrom;
    ordered_ = true;
    int no_order = kNoOrder;
    if (r_.order_state_.compare_exchange_strong(no_order, kWriting, std::memory_order_acq_rel)) {
      r_.shared_order_ = order_;
      r_.order_state_.store(kReady, std::memory_order_release);
    }
  }

  const OfferRanking& r_;
  std::vector<std::vector<TerritoryColumn*>> by_code_;  // by plan, then offer code
  std::vector<std::shared_ptr<TerritoryColumn>> held_;
  matcher::OfferFeatures probe_;
  matcher::TerritoryFeatures proximity_probe_;
  // The run of rows of one territory being selected.
  uint32_t run_territory_ = UINT32_MAX;
  bool run_passes_ = false;
  uint32_t run_minutes_;
  std::array<double, 3> run_weight_{};  // ReadRunMinutes(), by side
  std::array<double, 3> run_value_{};
  // The criteria in the order they are read, and from which the bound is checked.
  std::vector<size_t> order_;
  size_t check_from_;
  bool ordered_ = false;
  // The block: selected rows, their territory rows and kDriveMinutes cells, and outcomes
  // by plan.
  std::array<uint32_t, kBlock> selected_;
  std::array<uint32_t, kBlock> territory_of_;
  std::array<uint32_t, kBlock> minutes_of_;
  std::array<std::array<double, kBlock>, matcher::kCriterionCount> values_;
  // Branch and bound: the rows still able to enter the heap (positions in selected_), and
  // per side the weight and weighted value of the criteria read so far.
  std::array<uint32_t, kBlock> alive_;
  size_t alive_count_ = 0;
  std::array<std::array<double, kBlock>, 3> known_weight_;
  std::array<std::array<double, kBlock>, 3> known_value_;
  // Read()'s per-row cells, offer codes and columns.
  std::array<uint32_t, kBlock> cell_of_;
  std::array<uint32_t, kBlock> code_of_;
  std::array<TerritoryColumn*, kBlock> column_of_;
};

void MemoryIndex::OfferRanking::Scan(size_t begin_row, size_t end_row, Part& part) const {
  BlockScan(*this).Run(begin_row, end_row, part);
}

namespace {

// The pairs of `beyond` (a pass without gates) that break a limit, after `within`'s (a
// gated pass that returned fewer than top_k), scores capped, up to top_k in all.
// `same_pair` tells whether two pairs are the same (a write between the passes may
// have moved one across a limit).
template <typename SamePair>
void AppendBeyondLimits(RankResult beyond, size_t top_k, const matcher::ScoreOptions& options,
                        SamePair same_pair, RankResult& within) {
  const size_t kept = within.pairs.size();
  within.considered += beyond.considered;
  within.scanned += beyond.scanned;
  within.bytes_scanned += beyond.bytes_scanned;
  for (RankedPair& pair : beyond.pairs) {
    if (within.pairs.size() >= top_k) break;
    const matcher::LimitSet broken =
        matcher::CheckLimits(*pair.candidate, pair.offer, *pair.territory, options.as_of);
    if (broken.empty()) continue;
    if (std::any_of(within.pairs.begin(), within.pairs.begin() + kept,
                    [&](const RankedPair& other) { return same_pair(pair, other); })) {
      continue;
    }
    pair.scores = matcher::CapBeyondLimits(pair.scores, broken);
    within.pairs.push_back(std::move(pair));
  }
}

}  // namespace

absl::StatusOr<RankResult> MemoryIndex::RankOffers(const matcher::CandidateProfile& candidate,
                                                   const RankQuery& query) const {
  if (query.joint) return RankJointOffers(candidate, query);  // memory_index_joint.cc
  absl::StatusOr<RankResult> within = RankOffersPass(candidate, query, /*gate=*/true);
  const size_t top_k = static_cast<size_t>(query.top_k);
  if (!within.ok() || !query.include_beyond_limits || within->pairs.size() >= top_k) {
    return within;
  }
  RankQuery wider = query;
  wider.top_k = query.top_k + static_cast<int>(within->pairs.size());
  absl::StatusOr<RankResult> beyond = RankOffersPass(candidate, wider, /*gate=*/false);
  if (!beyond.ok()) return beyond.status();
  AppendBeyondLimits(
      *std::move(beyond), top_k, query.options,
      [](const RankedPair& a, const RankedPair& b) { return a.offer.id == b.offer.id; }, *within);
  return within;
}

absl::StatusOr<RankResult> MemoryIndex::RankOffersPass(const matcher::CandidateProfile& candidate,
                                                       const RankQuery& query, bool gate) const {
  absl::StatusOr<matcher::Weights> weights =
      matcher::ResolveWeights(query.weights, {}, candidate.weights);
  if (!weights.ok()) return weights.status();
  // The household's wanted and excluded departments are limits (department_ok_), not filters.
  RankFilters filters = query.filters;
  if (const double limit = matcher::DriveLimitMinutes(candidate); gate && limit > 0) {
    filters.max_drive_minutes =
        filters.max_drive_minutes > 0 ? std::min(filters.max_drive_minutes, limit) : limit;
  }
  RankResult result;
  Selector selector(static_cast<size_t>(query.top_k), query.max_per_territory);

  absl::ReaderMutexLock lock(&mu_);
  const OfferRanking ranking(*this, candidate, query, filters, *weights,
                             ThreadScratch().setting_codes, gate);
  using Part = OfferRanking::Part;
  Part first{Selector(static_cast<size_t>(query.top_k), query.max_per_territory), 0};
  Part second{Selector(static_cast<size_t>(query.top_k), query.max_per_territory), 0};
  const size_t rows = ranking.rows();
  if (query.max_per_territory > 0) {
    // Per-territory limits do not merge from halves: one pass.
    ranking.Scan(0, rows, first);
  } else {
    const size_t middle = rows / 2;
    ScanPool::Shared().Run([&] { ranking.Scan(0, middle, first); },
                           [&] { ranking.Scan(middle, rows, second); });
  }
  for (Part* part : {&first, &second}) {
    result.considered += part->considered;
    for (const Hit& hit : part->selector.TakeSorted()) selector.Offer(hit);
  }
  result.scanned = static_cast<int64_t>(rows);
  result.bytes_scanned = static_cast<int64_t>(rows * ranking.bytes_per_row());
  const int profession = static_cast<int>(candidate.profession);
  const OfferColumns::Segment& segment = offers_.segment(profession);
  auto shared_candidate = std::make_shared<const matcher::CandidateProfile>(candidate);
  const std::vector<Hit> hits = selector.TakeSorted();
  result.pairs.reserve(hits.size());
  for (const Hit& hit : hits) {
    const uint32_t territory_row = segment.territory_row[hit.row];
    result.pairs.push_back(
        RankedPair{hit.scores, shared_candidate,
                   WithTerritoryId(offers_.Decode(profession, hit.row), territory_row),
                   territories_[territory_row], std::nullopt});
  }
  return result;
}

absl::StatusOr<RankResult> MemoryIndex::RankCandidates(const std::string& offer_id,
                                                       const RankQuery& query) const {
  absl::StatusOr<RankResult> within = RankCandidatesPass(offer_id, query, /*gate=*/true);
  const size_t top_k = static_cast<size_t>(query.top_k);
  if (!within.ok() || !query.include_beyond_limits || within->pairs.size() >= top_k) {
    return within;
  }
  RankQuery wider = query;
  wider.top_k = query.top_k + static_cast<int>(within->pairs.size());
  absl::StatusOr<RankResult> beyond = RankCandidatesPass(offer_id, wider, /*gate=*/false);
  if (!beyond.ok()) return beyond.status();
  AppendBeyondLimits(
      *std::move(beyond), top_k, query.options,
      [](const RankedPair& a, const RankedPair& b) { return a.candidate->id == b.candidate->id; },
      *within);
  return within;
}

absl::StatusOr<RankResult> MemoryIndex::RankCandidatesPass(const std::string& offer_id,
                                                           const RankQuery& query,
                                                           bool gate) const {
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
  const std::shared_ptr<const matcher::TerritoryFeatures>& territory = territories_[found->second];
  if (!territory) {
    return absl::NotFoundError(
        absl::StrCat("territory '", territory_id, "' of offer '", offer_id, "' not found"));
  }
  // A recruiter ranks whoever fits, whatever the offer's status.
  matcher::OfferFeatures offer = WithTerritoryId(std::move(found->first), found->second);
  offer.status = matcher::OfferStatus::kOpen;
  const int profession = static_cast<int>(offer.profession);
  const CandidateColumns::Segment& segment = candidates_->segment(profession);

  // Two passes over the profession's segment. First the gates: recruiters see only
  // households that consented and, for an agency, that are registered with its organisation
  // or none; with `gate`, only those within their own limits and the offer's requirements;
  // and the request's drive-time filter. A gate reads one group, so its verdict is memoised
  // per code, computed the first time a row reaching it holds the code (the cheap, selective
  // gates first): codes of rows that an earlier gate refused are never evaluated.
  matcher::CandidateProfile probe;  // a check reads only its own group: no reset needed
  probe.profession = offer.profession;
  const double max_drive = query.filters.max_drive_minutes;
  const absl::CivilDay as_of = query.options.as_of;
  const auto verdict = [&](int group) -> bool {
    switch (group) {
      case kCandFlags:
        return probe.consent_given &&
               matcher::VisibleToOrganization(probe, query.viewer_organization);
      case kCandSpecialty:
        return matcher::SpecialtyWithinLimit(probe.specialty, offer.specialty);
      case kCandExperience:
        return matcher::ExperienceWithinLimit(probe.experience_years, offer.min_experience_years);
      case kCandDates:
        return matcher::StartWithinLimit(probe, offer, as_of) &&
               matcher::CommitmentWithinLimit(probe, offer, as_of);
      case kCandWanted:
        return matcher::WantedDepartmentsWithinLimit(probe.wanted_department_codes,
                                                     territory->department_code);
      case kCandExcluded:
        return matcher::ExcludedDepartmentsWithinLimit(probe.excluded_department_codes,
                                                       territory->department_code);
    }
    return true;
  };
  // The drive limit and filter, read in place: the most selective gate, and the one with the
  // most codes.
  const auto within_reach = [&](uint32_t code) {
    const auto& [metropolis_ids, max_drive_minutes] = candidates_->ProximityOf(code);
    if (gate && !matcher::DriveWithinLimit(metropolis_ids, max_drive_minutes, *territory)) {
      return false;
    }
    if (max_drive <= 0) return true;
    const matcher::MetropolisAccess* nearest =
        matcher::NearestChosenMetropolis(metropolis_ids, *territory);
    return nearest != nullptr && nearest->drive_minutes <= max_drive;
  };
  struct LazyGate {
    int group;
    const uint32_t* column;
    std::vector<uint8_t>* memo;  // by code: 0 not yet known, 1 passes, 2 fails
  };
  std::array<LazyGate, kGateGroups> gates;
  size_t gate_count = 0;
  for (int group : {kCandFlags, kCandSpecialty, kCandExperience, kCandDates, kCandWanted,
                    kCandExcluded, kCandProximity}) {
    const bool applies = group == kCandFlags || gate || (group == kCandProximity && max_drive > 0);
    if (!applies) continue;
    std::vector<uint8_t>& memo = scratch.gate_codes[gate_count];
    memo.assign(candidates_->code_limit(group), 0);
    gates[gate_count++] = {group, segment.codes[group].data(), &memo};
  }
  const size_t rows = segment.size();
  std::vector<uint32_t>& passing = scratch.passing_rows;
  passing.clear();
  for (size_t i = 0; i < rows; ++i) {
    if (!CandidateActive(segment.status[i])) continue;
    bool passes = true;
    for (size_t g = 0; g < gate_count && passes; ++g) {
      const uint32_t code = gates[g].column[i];
      uint8_t& known = (*gates[g].memo)[code];
      if (known == 0) {
        bool passes_gate;
        if (gates[g].group == kCandProximity) {
          passes_gate = within_reach(code);
        } else {
          candidates_->Apply(gates[g].group, code, &probe);
          passes_gate = verdict(gates[g].group);
        }
        known = passes_gate ? 1 : 2;
      }
      passes = known == 1;
    }
    if (passes) passing.push_back(static_cast<uint32_t>(i));
  }

  // Then each criterion's value, by the scoring core's own function, once per code of the
  // rows that passed, into a dense table indexed by code (-1: not applicable): the scan
  // only reads. Codes of a group are gathered once and applied once for all the criteria
  // (and the recruiters' tie-break) that read the group.
  const std::optional<uint32_t> no_personal_weights = candidates_->EmptyWeightsCode();
  const bool personal_weights =
      candidates_->code_limit(kCandWeights) > 1 ||
      (candidates_->code_limit(kCandWeights) == 1 && !no_personal_weights);
  std::array<const uint32_t*, matcher::kCriterionCount> columns{};
  std::array<std::vector<matcher::Criterion>, kCandGroupCount> criteria_of;
  for (matcher::Criterion criterion : matcher::kAllCriteria) {
    const int c = static_cast<int>(criterion);
    if (!personal_weights && base.weight[c] <= 0) continue;
    const int group = CandidateGroupOf(criterion);
    std::vector<double>& table = scratch.values[c];
    if (group == kNone) {
      table.assign(1, 0);
      const matcher::CriterionOutcome outcome =
          matcher::EvaluateFast(criterion, probe, offer, *territory, query.options);
      table[0] = outcome.applicable ? outcome.value : -1;
      continue;
    }
    columns[c] = segment.codes[group].data();
    table.resize(candidates_->code_limit(group));  // only the codes gathered below are read
    criteria_of[group].push_back(criterion);
  }
  RecruiterTieTables& ties = scratch.ties;
  ties.Reset(*candidates_);
  for (int group = 0; group < kCandGroupCount; ++group) {
    const bool tie_group =
        group == kCandExperience || group == kCandDates || group == kCandLocation;
    if (criteria_of[group].empty() && !tie_group) continue;
    const uint32_t* column = segment.codes[group].data();
    std::vector<uint8_t>& seen = scratch.seen_codes;
    seen.assign(candidates_->code_limit(group), 0);
    for (uint32_t row : passing) {
      const uint32_t code = column[row];
      if (seen[code]) continue;
      seen[code] = 1;
      candidates_->Apply(group, code, &probe);
      for (matcher::Criterion criterion : criteria_of[group]) {
        const matcher::CriterionOutcome outcome =
            matcher::EvaluateFast(criterion, probe, offer, *territory, query.options);
        scratch.values[static_cast<int>(criterion)][code] = outcome.applicable ? outcome.value : -1;
      }
      if (tie_group) ties.Set(group, code, probe, offer, *territory, as_of);
    }
  }
  const RecruiterTieTables& tie = scratch.ties;
  const uint32_t* weight_codes = segment.codes[kCandWeights].data();
  // One half of the rows that passed, with its own heap; the two halves run on both cores
  // (ScanPool) when there are enough of them to be worth the hand-over.
  struct Part {
    Selector selector;
    int64_t considered = 0;
    // Personal priorities, resolved once per distinct map; the empty map is the query's.
    absl::flat_hash_map<uint32_t, ResolvedWeights> personal;
    matcher::CandidateProfile probe;
  };
  const auto scan = [&](size_t begin, size_t end_at, Part& part) {
    // Blocks of rows, criterion by criterion (the inner loops have no branch and no call);
    // each row's sums still receive its criteria in kAllCriteria order, so they are
    // bit-equal to SideSums::Add's. A criterion that does not apply adds +0.0 to each sum.
    constexpr size_t kBlock = 256;
    std::array<uint32_t, kBlock> selected;
    std::array<std::array<double, kBlock>, 3> weight_sum;
    std::array<std::array<double, kBlock>, 3> value_sum;
    for (size_t start = begin; start < end_at; start += kBlock) {
      const size_t end = std::min(end_at, start + kBlock);
      size_t count = 0;
      for (size_t at = start; at < end; ++at) {
        const uint32_t i = passing[at];
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
                                  &segment.ids[i], static_cast<uint32_t>(i), &territory_id,
                                  tie.Key(segment, i)});
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
                                &segment.ids[selected[j]], selected[j], &territory_id,
                                tie.Key(segment, selected[j])});
      }
    }
  };
  Part first{Selector(static_cast<size_t>(query.top_k), 0), 0, {}, {}};
  Part second{Selector(static_cast<size_t>(query.top_k), 0), 0, {}, {}};
  const size_t ranked = passing.size();
  if (ranked >= kParallelRows) {
    const size_t middle = ranked / 2;
    ScanPool::Shared().Run([&] { scan(0, middle, first); }, [&] { scan(middle, ranked, second); });
  } else {
    scan(0, ranked, first);
  }
  for (Part* part : {&first, &second}) {
    result.considered += part->considered;
    for (const Hit& hit : part->selector.TakeSorted()) selector.Offer(hit);
  }
  result.scanned = static_cast<int64_t>(rows);
  result.bytes_scanned = static_cast<int64_t>(
      rows * (sizeof(matcher::CandidateStatus) + sizeof(uint32_t) * (2 + base.active.size())));
  for (const Hit& hit : selector.TakeSorted()) {
    result.pairs.push_back(RankedPair{
        hit.scores,
        std::make_shared<const matcher::CandidateProfile>(candidates_->Decode(profession, hit.row)),
        offer, territory, std::nullopt});
  }
  return result;
}

}  // namespace matching::index
