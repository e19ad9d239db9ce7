// Seeded offers and candidate profiles with realistic shares of professions, practice
// settings and households, for demos, tests and benchmarks at national scale.
#ifndef MATCHING_DATAGEN_POPULATION_H_
#define MATCHING_DATAGEN_POPULATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "datagen/communes.h"
#include "matching/v1/candidate.pb.h"
#include "matching/v1/offer.pb.h"
#include "matching/v1/territory.pb.h"

namespace matching::datagen {

// Share of each profession among generated offers and candidates (sums to 1): roughly the
// French health workforce weighted by recruitment needs.
struct ProfessionShare {
  v1::Profession profession;
  double share;
};
inline constexpr ProfessionShare kProfessionShares[] = {
    {v1::PROFESSION_NURSE, 0.35},
    {v1::PROFESSION_GP, 0.20},
    {v1::PROFESSION_PHYSIOTHERAPIST, 0.12},
    {v1::PROFESSION_CARE_AIDE, 0.12},
    {v1::PROFESSION_SPECIALIST, 0.07},
    {v1::PROFESSION_MIDWIFE, 0.04},
    {v1::PROFESSION_DENTIST, 0.04},
    {v1::PROFESSION_PHARMACIST, 0.03},
    {v1::PROFESSION_ADVANCED_PRACTICE_NURSE, 0.02},
    {v1::PROFESSION_OTHER, 0.01},
};

struct PopulationOptions {
  // Same seed, territories and metropoles: same records, byte for byte (with deterministic
  // serialisation), on every platform.
  uint64_t seed = 1;
  // Offers start within 365 days after this day; candidates are available from it (or
  // within 270 days); consent is dated this day at 09:00:00 UTC.
  absl::CivilDay as_of = absl::CivilDay(2026, 1, 5);
};

// Generates record number `index` of either kind as a pure function of (options,
// territories, metropoles, index): record i is the same whether generated first, last,
// alone or on another thread, so any count (10k, 1M, ...) streams in constant memory and
// can be split across threads by index range.
//
// Offers (ids "of-<index>", status OPEN): territory drawn with weight population x need
//   (3 in ZIP, 2 in ZAC, 1 otherwise or unset zoning); profession by kProfessionShares;
//   setting by profession (GP: MSP 40%, group 30%, solo 15%, health centre 15%; nurse:
//   hospital 45%, care home 25%, solo 10%, group 10%, MSP 5%, centre 5%; care aide: care
//   home 55%, hospital 40%, centre 5%; ...); employment follows the setting (hospital,
//   care home, centre: salaried; MSP, group, solo: liberal, 10% mixed); organization_id
//   "org-<territory>-<setting>" (one MSP publishes all its offers); start_date within 365
//   days of as_of; 1-3 positions; support: housing 1-12 months 45%, spouse job help 40%,
//   school help 35%, single contact 60%, discovery day 50%, premises mostly in MSPs and
//   centres, installation bonus EUR 2,000-25,000 for 15% of liberal/mixed offers (30% in ZIP).
// Candidates (ids "cand-<index>", pseudonymous, status ACTIVE): profession by
//   kProfessionShares; experience 0-35 years; 1-3 preferred settings from the profession's
//   distribution and the matching employment modes; partner 65% (sector health 25%,
//   education 20%, industry 15%, retail 15%, public 15%, it 10%; needs a job 70%; can
//   telework: it 75%, education/industry/public 25%, health/retail 5%); children none 40%,
//   else 1 (35%), 2 (45%) or 3 (20%) aged 0-17 (at most experience + 6); a metropolis wish
//   for 80% (1-2 ids of `metropoles`, max_drive_minutes 30-90 by 5) and then a current
//   location near that metropolis; housing: temporary 45% (1, 2, 3 or 6 months),
//   permanent 25%, none 30%; 0-3 lifestyle tags; on-call limit 0-6 for 60%; part time 15%
//   (25% for nurses, care aides, midwives); trial 35%; first_installation for liberal-
//   eligible professions wanting liberal or mixed work (80% under 5 years of experience,
//   else 25%); consent given at as_of 09:00:00 UTC.
//
// Thread-safety: const methods may be called concurrently; NextOffer/NextCandidate are
// not thread-safe (the caller serialises). The generator copies what it needs from the
// territories (id, name, weight: about 80 bytes each) and owns it.
class PopulationGenerator {
 public:
  // Fails with INVALID_ARGUMENT when `territories` has no territory with a positive weight
  // (offers need one) or `metropoles` is empty (candidates' wishes need one), or when a
  // territory or metropolis id is empty.
  [[nodiscard]] static absl::StatusOr<PopulationGenerator> Create(
      const PopulationOptions& options, absl::Span<const v1::Territory> territories,
      absl::Span<const Metropole> metropoles);

  v1::Offer OfferAt(uint64_t index) const;
  v1::Candidate CandidateAt(uint64_t index) const;

  // Streaming: OfferAt(0), OfferAt(1), ... (each kind has its own counter).
  v1::Offer NextOffer() { return OfferAt(next_offer_++); }
  v1::Candidate NextCandidate() { return CandidateAt(next_candidate_++); }

  // Records 0..count-1, materialised: for small counts (tests, demos). For 1M records
  // loop over NextCandidate() or CandidateAt(i) instead.
  std::vector<v1::Offer> Offers(uint64_t count) const;
  std::vector<v1::Candidate> Candidates(uint64_t count) const;

 private:
  struct Place {
    std::string territory_id;
    std::string name;
    bool zip = false;  // priority zone: offers there carry a bonus more often
  };
  PopulationGenerator() = default;
  const Place& PickPlace(uint64_t random) const;

  PopulationOptions options_;
  std::vector<Place> places_;
  std::vector<double> cumulative_weight_;  // parallel to places_
  std::vector<Metropole> metropoles_;
  int64_t consent_unix_seconds_ = 0;
  uint64_t next_offer_ = 0;
  uint64_t next_candidate_ = 0;
};

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_POPULATION_H_
