// Turning MatchOptions into a ranking query, and scoring results into Match messages.
#ifndef MATCHING_SERVER_MATCH_REQUEST_H_
#define MATCHING_SERVER_MATCH_REQUEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "index/memory_index.h"
#include "matcher/aids.h"
#include "matcher/score.h"
#include "matching/v1/matching.pb.h"
#include "server/validation.h"

namespace matching::server {

inline constexpr int kDefaultTopK = 20;
inline constexpr int kMaxTopK = 1000;

// Validates `options` (field-named INVALID_ARGUMENT: "options.top_k: 5000 is outside
// [0, 1000]", "options.weights: unknown criterion 'colour'"...) and builds the query:
// the default weights profile with the request's overrides, today's date, the aid rules.
[[nodiscard]] absl::StatusOr<index::RankQuery> BuildRankQuery(const v1::MatchOptions& options,
                                                              const matcher::AidRules* aid_rules);

// The stored candidate named by `candidate_id`, or the inline visitor profile (validated;
// its metropolis_ids against `metropolises` when not null).
[[nodiscard]] absl::StatusOr<matcher::CandidateProfile> ResolveCandidate(
    const index::MemoryIndex& index, const std::string& candidate_id,
    const v1::Candidate* inline_candidate, const MetropolisLookup* metropolises);

// Writes `result` into `match` (the response's own message: no copy), moving its strings.
void ToMatchMessage(matcher::MatchResult result, v1::Match* match);

// What a result page shows of `offer` (title, setting, employment mode, start date,
// publisher), so that a portal needs no GetOffer per match (issue 20).
void FillOfferFacts(const matcher::OfferFeatures& offer, v1::Match* match);

// Where the offer is, for a map: the territory's location (when it has one), department and
// region codes (issue 20).
void FillTerritoryFacts(const matcher::TerritoryFeatures& territory, v1::Match* match);

// MatchOptions.joint asks for pairs of posts: the household's partner must need a job and
// have a health profession (INVALID_ARGUMENT naming options.joint otherwise).
[[nodiscard]] absl::Status ValidateJointHousehold(const matcher::CandidateProfile& candidate);

// Writes the partner's half of a joint pair into `match` (already filled with the
// candidate's offer by ToMatchMessage): partner_offer_id, partner_score, partner_criteria
// (explained unless `scores_only`), partner_territory_id, the minutes between, and the
// joint score as `score`.
void AddPartnerPost(const index::RankedPair& pair, const matcher::Weights& weights,
                    const index::RankQuery& query, bool scores_only, v1::Match* match);

}  // namespace matching::server

#endif  // MATCHING_SERVER_MATCH_REQUEST_H_
