#include "matcher/recruiter_order.h"

#include <algorithm>
#include <cmath>

#include "matcher/criteria.h"

namespace matching::matcher {
namespace {

constexpr int kAvailabilityShift = 24;
constexpr int kExperienceShift = 44;
constexpr uint64_t kMaxWaitDays = (uint64_t{1} << 20) - 1;
constexpr uint64_t kMaxHectometres = (uint64_t{1} << 24) - 1;

}  // namespace

uint64_t ExperienceTieBits(int experience_years, const OfferFeatures& offer) {
  const long long beyond = std::clamp<long long>(
      static_cast<long long>(experience_years) - std::max(0, offer.min_experience_years), -1000,
      1000);
  return static_cast<uint64_t>(beyond + 1000) << kExperienceShift;
}

uint64_t AvailabilityTieBits(const std::optional<absl::CivilDay>& available_from,
                             absl::CivilDay as_of) {
  const long long wait = available_from ? std::max<long long>(0, *available_from - as_of) : 0;
  const uint64_t clamped = std::min<uint64_t>(static_cast<uint64_t>(wait), kMaxWaitDays);
  return (kMaxWaitDays - clamped) << kAvailabilityShift;
}

uint64_t LocalRootsTieBits(const CandidateProfile& candidate, const TerritoryFeatures& territory) {
  const std::optional<double> km = DistanceFromHomeKm(candidate, territory);
  if (!km) return 0;
  const double hectometres = std::min(std::floor(*km * 10), static_cast<double>(kMaxHectometres));
  return kMaxHectometres - static_cast<uint64_t>(hectometres);
}

uint64_t RecruiterTieBreak(const CandidateProfile& candidate, const OfferFeatures& offer,
                           const TerritoryFeatures& territory, absl::CivilDay as_of) {
  return ExperienceTieBits(candidate.experience_years, offer) |
         AvailabilityTieBits(candidate.available_from, as_of) |
         LocalRootsTieBits(candidate, territory);
}

}  // namespace matching::matcher
