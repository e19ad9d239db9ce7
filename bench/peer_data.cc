// The peer benchmark's records and queries, from datagen.
#include "bench/peer_data.h"

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
  for (const datagen::Commune& commune : *communes) {
    territories.push_back(datagen::MakeTerritory(commune, *metropoles, 1));
  }
  absl::StatusOr<datagen::PopulationGenerator> population =
      datagen::PopulationGenerator::Create({1, kPeerAsOf}, territories, *metropoles);
  if (!population.ok()) return population.status();
  return PeerData(sizes, std::move(territories), *std::move(population));
}

v1::Offer PeerData::OfferAt(int64_t index) const {
  v1::Offer offer = population_.OfferAt(static_cast<uint64_t>(index));
  offer.set_status(v1::OFFER_STATUS_OPEN);
  return offer;
}

v1::Candidate PeerData::CandidateAt(int64_t index) const {
  v1::Candidate candidate = population_.CandidateAt(static_cast<uint64_t>(index));
  candidate.set_status(v1::CANDIDATE_STATUS_ACTIVE);
  return candidate;
}

v1::Candidate PeerData::VisitorAt(int index) const {
  return CandidateAt(sizes_.candidates + index);
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
