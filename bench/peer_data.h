// The data and queries both sides of the PostgreSQL peer benchmark use (issue 5): the
// same seeded generator as rank_bench (every commune of data/communes.csv as a
// territory, seed 1, as of 2026-11-23), so peer_export's files and peer_bench's
// in-process index hold the same records, and the same query list.
//
// Records: offers OfferAt(0..offers-1) (status OPEN), stored candidates
// CandidateAt(0..candidates-1). Queries: `visitors` households that are not stored
// (VisitorAt(i), generated as index candidates + i) for RankOffers, and `offer_queries`
// offers spread over the id range for RankCandidates.
//
// The generator states no department wish, no end of availability, and every household
// consents and searches; so that issue 18's gates have something to decide, some
// households are varied by their index (Vary(), the same on both sides):
//   index % 6 == 1              available until its first day + 120 + 365 × (index / 6 % 4)
//                               days (start date and commitment limits; whole years, so
//                               that the (from, until) pairs stay about a thousand codes);
//   index % 8 == 3              excludes the department of its first metropolis;
//   index % 8 == 5              wants only that department;
// and, stored candidates only (what recruiters may see):
//   index % 10 == 7             no consent;
//   index % 20 == 9 / 19        paused / placed (a visitor is always active).
//
// Thread-safety: const methods may be called concurrently.
#ifndef MATCHING_BENCH_PEER_DATA_H_
#define MATCHING_BENCH_PEER_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "datagen/population.h"
#include "index/memory_index.h"

namespace matching::bench {

// "Today" of every query, as in rank_bench; the SQL uses the same date.
inline constexpr absl::CivilDay kPeerAsOf(2026, 11, 23);

struct PeerSizes {
  int64_t offers = 100000;
  int64_t candidates = 1000000;
  int visitors = 50;       // RankOffers queries
  int offer_queries = 20;  // RankCandidates queries
};

class PeerData {
 public:
  // Reads <data_dir>/communes.csv and metropoles.csv; errors name the file.
  [[nodiscard]] static absl::StatusOr<PeerData> Create(const std::string& data_dir,
                                                       const PeerSizes& sizes);

  const PeerSizes& sizes() const { return sizes_; }
  const std::vector<v1::Territory>& territories() const { return territories_; }
  v1::Offer OfferAt(int64_t index) const;          // status OPEN
  v1::Candidate CandidateAt(int64_t index) const;  // stored; varied as above
  v1::Candidate VisitorAt(int index) const;        // not stored; consents, status ACTIVE
  std::string QueryOfferId(int index) const;       // an offer to rank candidates for

  // The query both sides run: the default weights profile with "money" set to 0 (the
  // aid estimate is not transcribed to SQL; see bench/peer/score.sql), no aid rules,
  // harmonic combination, as of kPeerAsOf, top 20, no request filters.
  static index::RankQuery Query();

 private:
  PeerData(PeerSizes sizes, std::vector<v1::Territory> territories,
           datagen::PopulationGenerator population,
           absl::flat_hash_map<std::string, std::string> metropolis_departments)
      : sizes_(sizes),
        territories_(std::move(territories)),
        population_(std::move(population)),
        metropolis_departments_(std::move(metropolis_departments)) {}

  // The generated household `index`, varied as described above (stored: consent and status).
  v1::Candidate Household(int64_t index, bool stored) const;

  PeerSizes sizes_;
  std::vector<v1::Territory> territories_;
  datagen::PopulationGenerator population_;
  // Metropolis id -> department of its centre commune.
  absl::flat_hash_map<std::string, std::string> metropolis_departments_;
};

}  // namespace matching::bench

#endif  // MATCHING_BENCH_PEER_DATA_H_
