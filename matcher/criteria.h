// The math of every criterion, shared by the fast ranking path and the explained path.
//
// Each criterion returns {applicable, value in [0, 1]}. When an Explainer is given it
// also writes a reason code, parameters and a sentence; the numbers never depend on it,
// which is what lets FastScore() and Score() agree exactly. Not applicable means the
// household or the offer asked nothing (no children, no partner needing a job, ...):
// the criterion then drops out of its side's weighted mean.
//
// Candidate side (how well the offer fits the household):
//   profession   SpecialtyFit(): same specialty or either side empty -> 1; a related
//                pair (data/specialties.json, specialties.h) -> kRelatedSpecialtyValue;
//                else 0, which breaks the specialty limit (limits.h). A
//                different profession is 0 and makes the whole match 0 (hard filter).
//   setting      preferred_settings empty -> n/a; offer setting listed -> 1; unknown
//                setting -> kUnknownValue; a team setting (MSP, health centre, group)
//                when another team setting was wished -> kRelatedSettingValue; else 0.
//   employment   preferred_employment empty -> n/a; listed -> 1; unknown -> kUnknownValue;
//                mixed against liberal or salaried (either way) -> 0.5; else 0.
//   proximity    metropolis_ids empty or max_drive_minutes <= 0 -> n/a; otherwise the
//                decay function (decay.h) with origin 0, offset max_drive_minutes and the
//                options' shape/decay, scale the options' capped at 0.2 x max_drive_minutes
//                (the limit's tolerance, limits.h: 0.5 there with the gauss), at the drive
//                minutes to the nearest chosen metropolis the territory lists; none listed
//                -> 0.
//   family       ages < 3 need a crèche, 3-10 a primary school, 11-14 a collège, 15-17 a
//                lycée; none needed -> n/a. Mean over the distinct amenities needed of
//                gauss(offset kAmenityOffsetMinutes[amenity], scale 15 min, decay 0.5) at
//                its minutes; unknown minutes -> kUnknownValue.
//   spouse_job   no partner, or partner not needing a job -> n/a; openings in the
//                partner's sector (all sectors if none given) / kSpouseOpeningsForFull,
//                capped at 1; if the partner can telework, the max of that and the fibre
//                coverage (unknown fibre -> kUnknownValue); + kSpouseJobHelpBonus when the
//                offer helps the spouse find work; capped at 1.
//                A partner who seeks a health post (SeeksHealthPost: needs a job, has a
//                profession) reads the catalog instead of the sector counts: the open offers
//                of that profession whose specialty fits theirs (SpecialtyFit > 0) within
//                kNearbyReachMinutes (estimated, the territory's own included), from
//                territory.open_offers_nearby, which the index keeps; count /
//                kSpouseOpeningsForFull, then telework and help as above. The sentence names
//                the kNearbyOffersListed nearest (reason SPOUSE_HEALTH_OPENINGS).
//   housing      need none/unspecified -> n/a. Temporary: offer's housing months / months
//                needed (0 needed -> kDefaultHousingMonths), capped at 1, at least
//                kUnknownValue when the territory has temporary housing. Permanent: rent
//                gauss(offset 10, scale 5 EUR/m2, decay 0.5); unknown rent -> kUnknownValue.
//   lifestyle    no tags -> n/a; share of the candidate's tags the territory has.
//   start_window start = offer start or as_of; past available_until -> 0; else exp decay
//                of the wait (start - available_from) with offset 60 days, scale 120 days.
//   workload     neither max_on_call nor part time asked -> n/a; mean of the parts asked:
//                on-call: exp decay of the excess nights (offset 0, scale 4, decay 0.5);
//                part time: possible -> 1, else 0.
//   trial        not wished -> n/a; trial possible -> 1; discovery day only -> 0.3; else 0.
//   money        no aid rules -> n/a; five-year aid total / money reference, capped at 1.
// Territory side (how well the candidate fits the offer and the territory's need):
//   t_profession  SpecialtyFit() as above.
//   t_experience  always applicable (a recruiter weighs experience even when the offer
//                 asks no minimum; a minimum <= 0 counts as 0). Below the minimum:
//                 kExperienceAtMinimum × experience / minimum. From the minimum on, each
//                 year beyond counts a little, saturating: 1 - (1 - kExperienceAtMinimum)
//                 × 0.5^(years beyond / kExperienceHalfLifeYears) (0.8 at the minimum,
//                 0.9 four years beyond, 0.95 eight years beyond).
//   t_availability exp decay of the lateness (available_from - start) with offset 0,
//                 scale kLatenessHalfLifeDays (each day late counts: 30 days 0.84, 120
//                 days 0.5); available_until before the start -> 0.
//   t_commitment  commitment_years <= 0 -> n/a; open-ended availability -> 1; else years
//                 available from the start / commitment years, capped at 1.
//   care_need     APL linear from kAplWellServed (kTerritoryPreferenceFloor) to kAplSevere
//                 (1); unknown -> halfway (0.8). The floor: every territory needs its
//                 professionals, the worse served the more.
//   t_local_roots the household already lives near the territory (current_location): a
//                 recruiter's best sign that it will settle. Territory not placed (lat and
//                 lon 0) -> n/a; no current_location -> n/a; else
//                 kTerritoryPreferenceFloor + the rest times the exp decay of the
//                 great-circle km with offset kLocalRootsKm, scale kLocalRootsHalfKm
//                 (within 30 km 1, 150 km 0.8, 300 km about 0.69).
#ifndef MATCHER_CRITERIA_H_
#define MATCHER_CRITERIA_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "matcher/criterion.h"
#include "matcher/decay.h"
#include "matcher/types.h"

namespace matching::matcher {

inline constexpr double kUnknownValue = 0.5;  // a fact the territory did not give
inline constexpr double kRelatedSpecialtyValue = 0.6;
inline constexpr double kRelatedSettingValue = 0.5;
inline constexpr double kSpouseOpeningsForFull = 3;
inline constexpr double kSpouseJobHelpBonus = 0.2;
inline constexpr int kDefaultHousingMonths = 3;
inline constexpr double kAplWellServed = 5.0;
inline constexpr double kAplSevere = 1.5;
inline constexpr double kAplUnderServed = 2.5;  // below: "under-served" in sentences
// The least value of the territory side's preferences that are not the offer's
// requirements (care_need, t_local_roots): they order candidates and places, but a pair
// within every limit that has all both sides asked for keeps a score >= 0.9 wherever it is
// and wherever the household lives now (docs/RANKING.md, "Calibration").
inline constexpr double kTerritoryPreferenceFloor = 0.6;
inline constexpr double kExperienceAtMinimum = 0.8;
inline constexpr double kExperienceHalfLifeYears = 4;
inline constexpr double kLatenessHalfLifeDays = 120;
inline constexpr double kLocalRootsKm = 30;
inline constexpr double kLocalRootsHalfKm = 120;
// Minutes still scored 1, by amenity: crèche, primary school, collège, lycée.
inline constexpr int kAmenityOffsetMinutes[4] = {5, 5, 15, 25};

// Everything a criterion may read about one pair.
struct PairContext {
  const CandidateProfile& candidate;
  const OfferFeatures& offer;
  const TerritoryFeatures& territory;
  absl::CivilDay as_of;                     // "now": when the offer starts "as soon as possible"
  DecayFunction proximity_decay;            // origin and offset are set per candidate
  std::optional<double> aid_five_year_eur;  // nullopt: no aid rules, money n/a
  double aid_first_year_eur = 0;            // for the money sentence only
  double money_reference_five_year_eur = 1;
};

struct CriterionOutcome {
  bool applicable = false;
  double value = 0;  // [0, 1]; 0 when not applicable
};

// What the explained path records for one criterion.
struct Explanation {
  std::string reason_code;  // stable, upper snake case: "METRO_WITHIN_WISH"
  std::string sentence;
  std::vector<std::pair<std::string, std::string>> parameters;
  bool synthetic = false;  // read a territory field listed in synthetic_fields
};

// What a person reads for a practice setting or an employment mode ("maison de santé
// (MSP)", "libéral"; English when `french` is false).
std::string SettingName(PracticeSetting setting, bool french);
std::string EmploymentName(EmploymentMode mode, bool french);

// Collects an Explanation in one language. Not thread-safe; one per criterion.
class Explainer {
 public:
  explicit Explainer(Language language) : language_(language) {}
  Language language() const { return language_; }
  bool is_french() const { return language_ == Language::kFrench; }

  void Reason(absl::string_view code) { out_.reason_code = std::string(code); }
  void Param(absl::string_view key, std::string value) {
    out_.parameters.emplace_back(std::string(key), std::move(value));
  }
  void Say(std::string french, std::string english) {
    out_.sentence = is_french() ? std::move(french) : std::move(english);
  }
  // Marks the explanation synthetic when `field` is one of the territory's synthetic
  // fields; call it for every territory field the criterion read.
  void Uses(const TerritoryFeatures& territory, absl::string_view field);
  // Appends the synthetic-data note to the sentence when marked synthetic.
  Explanation Finish();

 private:
  Language language_;
  Explanation out_;
};

// Evaluates one criterion; `explain` may be null (the fast path).
CriterionOutcome EvaluateCriterion(Criterion criterion, const PairContext& pair,
                                   Explainer* explain);

// 1 for the same specialty or an empty one, kRelatedSpecialtyValue for a related pair,
// else 0. Text is read through SpecialtyCatalog::Default() (ids and synonyms, folded);
// text the catalog does not know (records stored before it) matches only itself, ignoring
// ASCII case.
double SpecialtyFit(absl::string_view candidate_specialty, absl::string_view offer_specialty);

// The amenities the family criterion needs for these children, as a bit mask over crèche
// (bit 0), primary school, collège and lycée: the only thing it reads of the children, so
// two households with the same mask score every territory alike.
int NeededAmenities(const std::vector<int>& children_ages);

// The open offers within reach of `territory` that fit a partner seeking a health post:
// the count over the specialties that fit, and the nearest kNearbyOffersListed of them.
NearbyOpenings PartnerOpeningsNearby(const Partner& partner, const TerritoryFeatures& territory);

// The nearest of the candidate's metropolises listed by the territory, or null.
const MetropolisAccess* NearestChosenMetropolis(const CandidateProfile& candidate,
                                                const TerritoryFeatures& territory);
const MetropolisAccess* NearestChosenMetropolis(const std::vector<std::string>& metropolis_ids,
                                                const TerritoryFeatures& territory);

// Per-criterion functions, grouped by file (criteria_job.cc, criteria_household.cc,
// criteria_money.cc, criteria_territory.cc). Same contract as EvaluateCriterion().
CriterionOutcome ProfessionFit(const PairContext& pair, Explainer* explain);
CriterionOutcome SettingFit(const PairContext& pair, Explainer* explain);
CriterionOutcome EmploymentFit(const PairContext& pair, Explainer* explain);
CriterionOutcome StartWindowFit(const PairContext& pair, Explainer* explain);
CriterionOutcome WorkloadFit(const PairContext& pair, Explainer* explain);
CriterionOutcome TrialFit(const PairContext& pair, Explainer* explain);
CriterionOutcome MoneyFit(const PairContext& pair, Explainer* explain);
CriterionOutcome ProximityFit(const PairContext& pair, Explainer* explain);
CriterionOutcome FamilyFit(const PairContext& pair, Explainer* explain);
CriterionOutcome SpouseJobFit(const PairContext& pair, Explainer* explain);
CriterionOutcome HousingFit(const PairContext& pair, Explainer* explain);
CriterionOutcome LifestyleFit(const PairContext& pair, Explainer* explain);
CriterionOutcome TerritoryProfessionFit(const PairContext& pair, Explainer* explain);
CriterionOutcome ExperienceFit(const PairContext& pair, Explainer* explain);
CriterionOutcome AvailabilityFit(const PairContext& pair, Explainer* explain);
CriterionOutcome CommitmentFit(const PairContext& pair, Explainer* explain);
CriterionOutcome CareNeedFit(const PairContext& pair, Explainer* explain);
CriterionOutcome LocalRootsFit(const PairContext& pair, Explainer* explain);

// Great-circle km from the household's current location to the territory, or nullopt when
// either is not known (no current_location; territory at lat 0, lon 0). What
// t_local_roots and the recruiters' tie-break read.
std::optional<double> DistanceFromHomeKm(const CandidateProfile& candidate,
                                         const TerritoryFeatures& territory);

}  // namespace matching::matcher

#endif  // MATCHER_CRITERIA_H_
