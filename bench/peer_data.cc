// The peer benchmark's records and queries, from datagen.
#include "bench/peer_data.h"

#include <algorithm>
#include <string>
#include <utility>

#include "datagen/communes.h"
#include "datagen/territory_gen.h"

namespace matching::bench {

absl::StatusOr<PeerData> PeerData::Create(const std::string& data_dir, const PeerSizes& sizes) {
  absl::StatusOr<std::vector<datagen::Commune>> communes =
      datagen::ReadCommunes(data_dir + "/communes.csv");
  if (!communes.ok()) return communes.status();
  absl::StatusOr<std::vector<datagen::Metropole>> metropoles =
      datagen::ReadMetropoles(data_dir + "/metropoles.csv");
  if (!metropoles.ok()) return metropoles.status();
  std::vector<v1::Territory> territories;
  territories.reserve(communes->size());
  absl::flat_hash_map<std::string, std::string> department_of_commune;
  for (const datagen::Commune& commune : *communes) {
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
    department_of_commune[commune.insee] = commune.department;
  }
  absl::flat_hash_map<std::string, std::string> metropolis_departments;
  for (const datagen::Metropole& metropole : *metropoles) {
    auto it = department_of_commune.find(metropole.centre_insee);
    if (it != department_of_commune.end()) metropolis_departments[metropole.id] = it->second;
  }
  absl::StatusOr<datagen::PopulationGenerator> population =
      datagen::PopulationGenerator::Create({1, kPeerAsOf}, territories, *metropoles);
  if (!population.ok()) return population.status();
  return PeerData(sizes, std::move(territories), *std::move(population),
                  std::move(metropolis_departments));
}

v1::Offer PeerData::OfferAt(int64_t index) const {
  v1::Offer offer = population_.OfferAt(static_cast<uint64_t>(index));
  offer.set_status(v1::OFFER_STATUS_OPEN);
  return offer;
}

v1::Candidate PeerData::Household(int64_t index, bool stored) const {
  v1::Candidate candidate = population_.CandidateAt(static_cast<uint64_t>(index));
  candidate.set_status(v1::CANDIDATE_STATUS_ACTIVE);
  if (index % 6 == 1) {
    absl::CivilDay from = kPeerAsOf;
    if (!candidate.available_from().empty()) {
      if (!absl::ParseCivilTime(candidate.available_from(), &from)) from = kPeerAsOf;
    }
    candidate.set_available_until(absl::FormatCivilTime(from + 120 + 365 * (index / 6 % 4)));
  }
  if (candidate.metropolis_ids_size() > 0 && (index % 8 == 3 || index % 8 == 5)) {
    auto it = metropolis_departments_.find(candidate.metropolis_ids(0));
    if (it != metropolis_departments_.end()) {
      if (index % 8 == 3) {
        candidate.add_excluded_department_codes(it->second);
      } else {
        candidate.add_wanted_department_codes(it->second);
      }
    }
  }
  if (!stored) return candidate;
  if (index % 10 == 7) candidate.mutable_consent()->set_given(false);
  if (index % 20 == 9) candidate.set_status(v1::CANDIDATE_STATUS_PAUSED);
  if (index % 20 == 19) candidate.set_status(v1::CANDIDATE_STATUS_PLACED);
  return candidate;
}

v1::Candidate PeerData::CandidateAt(int64_t index) const { return Household(index, true); }

v1::Candidate PeerData::VisitorAt(int index) const {
  return Household(sizes_.candidates + index, false);
}

std::string PeerData::QueryOfferId(int index) const {
  const int64_t step = std::max<int64_t>(1, sizes_.offers / std::max(1, sizes_.offer_queries));
  return OfferAt((index * step) % std::max<int64_t>(1, sizes_.offers)).id();
}

index::RankQuery PeerData::Query() {
  index::RankQuery query;
  query.weights.money = 0;
  query.options.as_of = kPeerAsOf;
  query.options.aid_rules = nullptr;
  query.top_k = 20;
  return query;
}

}  // namespace matching::bench
