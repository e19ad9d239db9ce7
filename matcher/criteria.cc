// Dispatch, shared helpers and the Explainer.
#include "matcher/criteria.h"

#include "absl/strings/match.h"
#include "matcher/specialties.h"

namespace matching::matcher {

void Explainer::Uses(const TerritoryFeatures& territory, absl::string_view field) {
  if (!out_.synthetic && territory.synthetic_fields.contains(field)) out_.synthetic = true;
}

// The sentence does not say "synthetic": callers render the flag once (SyntheticNote, a
// badge), so that it is never said twice.
Explanation Explainer::Finish() { return std::move(out_); }

double SpecialtyFit(absl::string_view candidate_specialty, absl::string_view offer_specialty) {
  if (candidate_specialty.empty() || offer_specialty.empty()) return 1;
  const SpecialtyCatalog& catalog = SpecialtyCatalog::Default();
  const std::optional<size_t> candidate = catalog.IndexOf(candidate_specialty);
  const std::optional<size_t> offer = catalog.IndexOf(offer_specialty);
  if (candidate && offer) {
    if (*candidate == *offer) return 1;
    return catalog.Related(*candidate, *offer) ? kRelatedSpecialtyValue : 0;
  }
  return absl::EqualsIgnoreCase(candidate_specialty, offer_specialty) ? 1 : 0;
}

const MetropolisAccess* NearestChosenMetropolis(const CandidateProfile& candidate,
                                                const TerritoryFeatures& territory) {
  return NearestChosenMetropolis(candidate.metropolis_ids, territory);
}

const MetropolisAccess* NearestChosenMetropolis(const std::vector<std::string>& metropolis_ids,
                                                const TerritoryFeatures& territory) {
  const MetropolisAccess* nearest = nullptr;
  for (const MetropolisAccess& access : territory.metropolis_access) {
    bool chosen = false;
    for (const std::string& id : metropolis_ids) chosen = chosen || id == access.metropolis_id;
    if (chosen && (nearest == nullptr || access.drive_minutes < nearest->drive_minutes)) {
      nearest = &access;
    }
  }
  return nearest;
}

CriterionOutcome EvaluateCriterion(Criterion criterion, const PairContext& pair,
                                   Explainer* explain) {
  switch (criterion) {
    case Criterion::kProfession:
      return ProfessionFit(pair, explain);
    case Criterion::kSetting:
      return SettingFit(pair, explain);
    case Criterion::kEmployment:
      return EmploymentFit(pair, explain);
    case Criterion::kProximity:
      return ProximityFit(pair, explain);
    case Criterion::kFamily:
      return FamilyFit(pair, explain);
    case Criterion::kSpouseJob:
      return SpouseJobFit(pair, explain);
    case Criterion::kHousing:
      return HousingFit(pair, explain);
    case Criterion::kLifestyle:
      return LifestyleFit(pair, explain);
    case Criterion::kStartWindow:
      return StartWindowFit(pair, explain);
    case Criterion::kWorkload:
      return WorkloadFit(pair, explain);
    case Criterion::kTrial:
      return TrialFit(pair, explain);
    case Criterion::kMoney:
      return MoneyFit(pair, explain);
    case Criterion::kTProfession:
      return TerritoryProfessionFit(pair, explain);
    case Criterion::kTExperience:
      return ExperienceFit(pair, explain);
    case Criterion::kTAvailability:
      return AvailabilityFit(pair, explain);
    case Criterion::kTCommitment:
      return CommitmentFit(pair, explain);
    case Criterion::kCareNeed:
      return CareNeedFit(pair, explain);
    case Criterion::kTLocalRoots:
      return LocalRootsFit(pair, explain);
  }
  return {};  // unreachable: the switch covers every criterion
}

}  // namespace matching::matcher
