// Fuzz body for request validation and scoring (server/validation.h, match_request.h,
// matcher/score.h).
#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "index/convert.h"
#include "index/memory_index.h"
#include "matcher/score.h"
#include "server/match_request.h"
#include "server/metropolises.h"
#include "server/validation.h"
#include "tests/fuzz/fuzz_checks.h"

namespace matching::fuzz {
namespace {

void Require(bool condition, const std::string& what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

template <typename Message>
Message FromJson(const char* json) {
  Message message;
  Require(google::protobuf::util::JsonStringToMessage(json, &message).ok(), "fixed record");
  return message;
}

// data/examples/nancy.jsonl: Lunéville, its MSP's GP offer, a GP household from Nancy.
struct Fixed {
  matcher::TerritoryFeatures territory = index::ToTerritoryFeatures(FromJson<v1::Territory>(
      R"({"id": "54431", "name": "Lunéville", "department_code": "54", "region_code": "44",
          "location": {"lat": 48.5894, "lon": 6.4967}, "population": 17652,
          "metropolis_access": [{"metropolis_id": "nancy", "name": "Métropole du Grand Nancy",
          "drive_minutes": 42}], "creche_minutes": 0, "primary_school_minutes": 0,
          "college_minutes": 0, "lycee_minutes": 0, "fibre_coverage": 0.8,
          "job_openings_by_sector": {"health": 3, "education": 2},
          "temporary_housing_available": true, "apl": 2.1, "gp_over_60_share": 0.45,
          "zoning": "ZONING_ZIP", "zfrr": true, "lifestyle_tags": ["nature", "culture"]})"));
  matcher::OfferFeatures offer = index::ToOfferFeatures(FromJson<v1::Offer>(
      R"({"id": "of-luneville-msp", "territory_id": "54431", "organization_id": "cpts-lunevillois",
          "title": "Médecin généraliste en MSP", "profession": "PROFESSION_GP",
          "setting": "PRACTICE_SETTING_MSP", "employment": "EMPLOYMENT_MODE_LIBERAL",
          "positions": 2, "start_date": "2027-01-04", "on_call_per_month": 2,
          "trial_possible": true, "temporary_housing_months": 6, "spouse_job_help": true,
          "school_enrolment_help": true, "single_contact": true, "discovery_day": true,
          "premises_provided": true, "installation_bonus_eur": 5000, "commitment_years": 3})"));
  matcher::CandidateProfile candidate = index::ToCandidateProfile(FromJson<v1::Candidate>(
      R"({"id": "cand-gp-nancy-01", "profession": "PROFESSION_GP", "experience_years": 6,
          "preferred_settings": ["PRACTICE_SETTING_MSP", "PRACTICE_SETTING_GROUP_PRACTICE"],
          "preferred_employment": ["EMPLOYMENT_MODE_LIBERAL"], "available_from": "2027-01-01",
          "metropolis_ids": ["nancy"], "max_drive_minutes": 50,
          "household": {"partner": {"sector": "health", "needs_job": true},
          "children_ages": [2, 7]}, "housing_need": "HOUSING_NEED_TEMPORARY",
          "housing_months_needed": 6, "lifestyle_tags": ["nature"], "max_on_call_per_month": 4,
          "wants_trial": true, "first_installation": true,
          "consent": {"given": true, "time": "2026-11-02T10:00:00Z"}})"));
  absl::StatusOr<matcher::AidRules> aid_rules =
      matcher::AidRules::LoadFromFile(MATCHING_SOURCE_DIR "/data/aids.json");
  index::MemoryIndex empty_index;
  // A visitor's metropolis_ids are checked against these (close matches for the others).
  server::Metropolises metropolises{
      {{"nancy", "Métropole du Grand Nancy", "54"}, {"nantes", "Nantes Métropole", "44"}},
      &empty_index};
};

const Fixed& Records() {
  static const Fixed* fixed = [] {
    auto* f = new Fixed;
    Require(f->aid_rules.ok(), "data/aids.json loads");
    return f;
  }();
  return *fixed;
}

void RequireUnit(double value, const std::string& what) {
  Require(std::isfinite(value) && value >= 0 && value <= 1,
          what + " is " + std::to_string(value) + ", not in [0, 1]");
}

// Scores the triple both ways and checks the invariants.
void ScoreBothWays(const matcher::CandidateProfile& candidate, const matcher::OfferFeatures& offer,
                   const matcher::TerritoryFeatures& territory, const matcher::Weights& base,
                   const matcher::ScoreOptions& options) {
  Require(matcher::ValidateOptions(options).ok(), "options accepted by BuildRankQuery are valid");
  // As the server does: the candidate's personal weights on top of the request's.
  absl::StatusOr<matcher::Weights> weights = matcher::ResolveWeights(base, {}, candidate.weights);
  if (!weights.ok()) return;  // e.g. a side's weights all 0 once combined: INVALID_ARGUMENT
  const matcher::Scores fast = matcher::FastScore(candidate, offer, territory, *weights, options);
  const matcher::MatchResult explained =
      matcher::Score(candidate, offer, territory, *weights, options);
  RequireUnit(fast.score, "FastScore score");
  RequireUnit(fast.candidate_score, "FastScore candidate_score");
  RequireUnit(fast.territory_score, "FastScore territory_score");
  constexpr double kTolerance = 1e-9;
  Require(std::fabs(fast.score - explained.score) <= kTolerance,
          "FastScore score " + std::to_string(fast.score) + " != Score " +
              std::to_string(explained.score));
  Require(std::fabs(fast.candidate_score - explained.candidate_score) <= kTolerance,
          "FastScore candidate_score != Score");
  Require(std::fabs(fast.territory_score - explained.territory_score) <= kTolerance,
          "FastScore territory_score != Score");
  for (const matcher::CriterionResult& c : explained.criteria) {
    RequireUnit(c.value, "criterion " + c.name + " value");
    Require(std::isfinite(c.contribution) && c.contribution >= 0,
            "criterion " + c.name + " contribution");
  }
  Require(std::isfinite(explained.aid.first_year_eur) && std::isfinite(explained.aid.five_year_eur),
          "aid estimate finite");
  v1::Match message;
  server::ToMatchMessage(explained, &message);
  (void)message.ByteSizeLong();
}

matcher::ScoreOptions DefaultOptions(const Fixed& fixed) {
  matcher::ScoreOptions options;
  options.aid_rules = &*fixed.aid_rules;
  options.as_of = absl::CivilDay(2026, 11, 30);
  return options;
}

}  // namespace

void CheckValidationAndScoring(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const Fixed& fixed = Records();
  const int kind = data[0] % 4;
  const uint8_t* bytes = data + 1;
  const int length = static_cast<int>(size - 1);
  if (kind == 0) {
    v1::RankOffersRequest request;
    if (!request.ParseFromArray(bytes, length)) return;
    absl::StatusOr<index::RankQuery> query =
        server::BuildRankQuery(request.options(), &*fixed.aid_rules);
    if (!query.ok()) {
      Require(query.status().code() == absl::StatusCode::kInvalidArgument, "BuildRankQuery code");
      return;
    }
    Require(query->top_k >= 1 && query->top_k <= server::kMaxTopK, "top_k in [1, kMaxTopK]");
    absl::StatusOr<matcher::CandidateProfile> candidate = server::ResolveCandidate(
        fixed.empty_index, request.candidate_id(),
        request.has_candidate() ? &request.candidate() : nullptr, &fixed.metropolises);
    if (!candidate.ok()) return;
    ScoreBothWays(*candidate, fixed.offer, fixed.territory, query->weights, query->options);
  } else if (kind == 1) {
    v1::Candidate candidate;
    if (!candidate.ParseFromArray(bytes, length)) return;
    if (!server::ValidateCandidate(candidate).ok()) return;
    matcher::CandidateProfile profile = index::ToCandidateProfile(candidate);
    Require(matcher::ResolveWeights(matcher::DefaultWeights(), {}, profile.weights).ok(),
            "a valid candidate's personal weights resolve");
    ScoreBothWays(profile, fixed.offer, fixed.territory, matcher::DefaultWeights(),
                  DefaultOptions(fixed));
  } else if (kind == 2) {
    v1::Offer offer;
    if (!offer.ParseFromArray(bytes, length)) return;
    if (!server::ValidateOffer(offer).ok()) return;
    ScoreBothWays(fixed.candidate, index::ToOfferFeatures(offer), fixed.territory,
                  matcher::DefaultWeights(), DefaultOptions(fixed));
  } else {
    v1::Territory territory;
    if (!territory.ParseFromArray(bytes, length)) return;
    if (!server::ValidateTerritory(territory).ok()) return;
    ScoreBothWays(fixed.candidate, fixed.offer, index::ToTerritoryFeatures(territory),
                  matcher::DefaultWeights(), DefaultOptions(fixed));
  }
}

}  // namespace matching::fuzz
