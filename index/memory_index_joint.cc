// MemoryIndex::RankJointOffers: pairs of posts for a household and its partner.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "index/memory_index.h"
#include "matcher/joint.h"

namespace matching::index {
namespace {

// The partner's best post for one territory of the candidate's offers, if any.
struct PartnerChoice {
  matcher::Scores scores;
  matcher::OfferFeatures offer;
  uint32_t row = 0;
  double minutes = 0;
};

bool Better(const matcher::Scores& scores, const std::string& id,
            const std::optional<PartnerChoice>& best) {
  if (!best) return true;
  if (scores.score != best->scores.score) return scores.score > best->scores.score;
  return id < best->offer.id;
}

}  // namespace

absl::StatusOr<RankResult> MemoryIndex::RankJointOffers(const matcher::CandidateProfile& candidate,
                                                        const RankQuery& query) const {
  if (!candidate.partner || !matcher::SeeksHealthPost(*candidate.partner)) {
    return absl::InvalidArgumentError(
        absl::StrCat("options.joint: candidate '", candidate.id,
                     "' has no partner who needs a job with a health profession "
                     "(household.partner.needs_job and household.partner.profession)"));
  }
  RankQuery own = query;
  own.joint = false;
  own.top_k = std::max(query.top_k * kJointWidening, kJointMinCandidateOffers);
  own.max_per_territory = 0;
  own.include_beyond_limits = false;
  absl::StatusOr<RankResult> ranked = RankOffers(candidate, own);
  if (!ranked.ok()) return ranked.status();
  absl::StatusOr<matcher::Weights> weights =
      matcher::ResolveWeights(query.weights, {}, candidate.weights);
  if (!weights.ok()) return weights.status();
  auto partner =
      std::make_shared<const matcher::CandidateProfile>(matcher::PartnerProfile(candidate));

  std::vector<RankedPair> pairs;
  {
    absl::ReaderMutexLock lock(&mu_);
    // The partner's best post depends only on the candidate offer's territory.
    absl::flat_hash_map<uint32_t, std::optional<PartnerChoice>> best_by_row;
    for (RankedPair& pair : ranked->pairs) {
      const std::optional<uint32_t> row = territory_ids_.Find(pair.offer.territory_id);
      if (!row) continue;
      auto [memo, fresh] = best_by_row.try_emplace(*row);
      std::optional<PartnerChoice>& best = memo->second;
      if (fresh) {
        for (const auto& [there, minutes] : nearby_.NeighboursOf(*row)) {
          if (there >= territories_.size() || !territories_[there]) continue;
          const matcher::TerritoryFeatures& territory = *territories_[there];
          for (const auto& [offer_id, key] : nearby_.OpenOffersIn(there)) {
            if (key.first != partner->profession) continue;
            std::optional<std::pair<matcher::OfferFeatures, uint32_t>> found =
                offers_.Find(offer_id);
            if (!found) continue;
            matcher::OfferFeatures offer = WithTerritoryId(std::move(found->first), there);
            if (!matcher::Eligible(*partner, offer, territory) ||
                !matcher::PartnerLimits(*partner, offer, territory, query.options.as_of).empty()) {
              continue;
            }
            const matcher::Scores scores =
                matcher::FastScore(*partner, offer, territory, *weights, query.options);
            if (Better(scores, offer.id, best)) {
              best = PartnerChoice{scores, std::move(offer), there, minutes};
            }
          }
        }
      }
      // The same offer cannot be both posts (two partners of one profession): the next best
      // would need a second search; such a candidate offer is paired only when its best
      // partner post is another offer.
      if (!best || best->offer.id == pair.offer.id) continue;
      RankedPair joint = pair;
      joint.scores.score = matcher::JointScore(pair.scores.score, best->scores.score);
      joint.partner =
          PartnerPost{best->scores, partner, best->offer, territories_[best->row], best->minutes};
      pairs.push_back(std::move(joint));
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const RankedPair& a, const RankedPair& b) {
    if (a.scores.score != b.scores.score) return a.scores.score > b.scores.score;
    if (a.offer.id != b.offer.id) return a.offer.id < b.offer.id;
    return a.partner->offer.id < b.partner->offer.id;
  });
  RankResult result;
  result.considered = ranked->considered;
  result.scanned = ranked->scanned;
  result.bytes_scanned = ranked->bytes_scanned;
  absl::flat_hash_map<std::string, int> per_territory;
  for (RankedPair& pair : pairs) {
    if (result.pairs.size() >= static_cast<size_t>(query.top_k)) break;
    if (query.max_per_territory > 0 &&
        ++per_territory[pair.offer.territory_id] > query.max_per_territory) {
      continue;
    }
    result.pairs.push_back(std::move(pair));
  }
  return result;
}

}  // namespace matching::index
