// Test and benchmark support: a seeded generator of plausible profiles, and the
// example household of shared/DOMAIN.md with the two offers it is compared on.
// Not part of the `matcher` library (target `matcher_test_profiles`).
#ifndef MATCHER_TEST_PROFILES_H_
#define MATCHER_TEST_PROFILES_H_

#include <cstdint>
#include <random>

#include "matcher/types.h"

namespace matching::matcher::testing {

// Deterministic for a seed: the same seed gives the same sequence of profiles.
// Not thread-safe; one per thread.
class ProfileGenerator {
 public:
  explicit ProfileGenerator(uint64_t seed) : random_(seed) {}

  CandidateProfile Candidate();
  OfferFeatures Offer();  // the same profession as the last Candidate() most of the time
  TerritoryFeatures Territory();

 private:
  int Uniform(int low, int high);  // inclusive
  bool Chance(double probability);

  std::mt19937_64 random_;
  Profession last_profession_ = Profession::kGp;
  int next_id_ = 0;
};

// DOMAIN.md's household: a GP of 34 (10 years of experience), partner a nurse who needs
// a job (sector "health"), children aged 2 and 7, wants team practice (MSP), at most 50
// minutes from Nancy, needs 6 months of temporary housing, first liberal installation.
CandidateProfile ExampleHousehold();

// The offer that fits the family: MSP, liberal, 6 months of housing, in
// FamilyTerritory() (crèche and school in the commune, 3 health openings, 42 min from
// Nancy, ZIP).
OfferFeatures FamilyOffer();
TerritoryFeatures FamilyTerritory();

// An MSP GP offer that fits the job but not the family: no crèche or school nearby, no
// openings for the partner, 95 min from Nancy, no housing, no zoning aid.
OfferFeatures JobOnlyOffer();
TerritoryFeatures JobOnlyTerritory();

}  // namespace matching::matcher::testing

#endif  // MATCHER_TEST_PROFILES_H_
