// MatchOptions -> RankQuery, and MatchResult -> Match.
#include "server/match_request.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "index/convert.h"
#include "server/validation.h"

namespace matching::server {
namespace {

absl::Status Invalid(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

}  // namespace

absl::StatusOr<index::RankQuery> BuildRankQuery(const v1::MatchOptions& options,
                                                const matcher::AidRules* aid_rules) {
  index::RankQuery query;
  if (options.top_k() < 0 || options.top_k() > kMaxTopK) {
    return Invalid("options.top_k",
                   absl::StrCat(options.top_k(), " is outside [0, ", kMaxTopK, "]"));
  }
  query.top_k = options.top_k() == 0 ? kDefaultTopK : options.top_k();
  if (options.max_per_territory() < 0 || options.max_per_territory() > kMaxTopK) {
    return Invalid("options.max_per_territory",
                   absl::StrCat(options.max_per_territory(), " is outside [0, ", kMaxTopK,
                                "] (0 means no limit)"));
  }
  query.max_per_territory = options.max_per_territory();

  if (absl::Status s = ValidateWeights("options.weights", options.weights()); !s.ok()) return s;
  std::map<std::string, double> overrides(options.weights().begin(), options.weights().end());
  absl::StatusOr<matcher::Weights> weights =
      matcher::ResolveWeights(matcher::DefaultWeights(), overrides, {});
  if (!weights.ok()) {
    return Invalid("options.weights", std::string(weights.status().message()));
  }
  query.weights = *weights;

  if (options.language().empty() || options.language() == "fr") {
    query.options.language = matcher::Language::kFrench;
  } else if (options.language() == "en") {
    query.options.language = matcher::Language::kEnglish;
  } else {
    return Invalid("options.language",
                   absl::StrCat("'", options.language(), "' is not one of \"fr\", \"en\""));
  }
  if (!v1::MatchDetail_IsValid(options.detail())) {
    return Invalid("options.detail", absl::StrCat(options.detail(), " is not a known value"));
  }
  if (!v1::Combination_IsValid(options.combination())) {
    return Invalid("options.combination",
                   absl::StrCat(options.combination(), " is not a known value"));
  }
  query.options.combination = static_cast<matcher::Combination>(options.combination());
  query.options.aid_rules = aid_rules;
  query.options.as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  if (!options.estimate_date().empty()) {
    if (absl::Status s = ValidateDate("options.estimate_date", options.estimate_date()); !s.ok()) {
      return s;
    }
    absl::CivilDay day;
    (void)absl::ParseCivilTime(options.estimate_date(), &day);
    if (day.year() < 2000 || day.year() > 2100) {
      return Invalid("options.estimate_date",
                     absl::StrCat("\"", options.estimate_date(), "\" is outside 2000..2100"));
    }
    query.options.aid_date = day;
  }

  const v1::MatchFilters& filters = options.filters();
  for (const auto& [name, size] :
       {std::pair<const char*, int>{"department_codes", filters.department_codes_size()},
        {"region_codes", filters.region_codes_size()},
        {"settings", filters.settings_size()}}) {
    if (size > kMaxListLength) {
      return Invalid(absl::StrCat("options.filters.", name),
                     absl::StrCat("has ", size, " entries; at most ", kMaxListLength, " allowed"));
    }
  }
  for (int i = 0; i < filters.region_codes_size(); ++i) {
    if (absl::Status s = ValidateRegionCode(absl::StrCat("options.filters.region_codes[", i, "]"),
                                            filters.region_codes(i));
        !s.ok() || filters.region_codes(i).empty()) {
      return s.ok() ? Invalid(absl::StrCat("options.filters.region_codes[", i, "]"), "is empty")
                    : s;
    }
  }
  for (int i = 0; i < filters.department_codes_size(); ++i) {
    const std::string field = absl::StrCat("options.filters.department_codes[", i, "]");
    if (absl::Status s = ValidateDepartmentCode(field, filters.department_codes(i)); !s.ok()) {
      return s;
    }
  }
  query.filters.department_codes.assign(filters.department_codes().begin(),
                                        filters.department_codes().end());
  query.filters.region_codes.assign(filters.region_codes().begin(), filters.region_codes().end());
  for (int i = 0; i < filters.settings_size(); ++i) {
    if (!v1::PracticeSetting_IsValid(filters.settings(i)) || filters.settings(i) == 0) {
      return Invalid(absl::StrCat("options.filters.settings[", i, "]"),
                     absl::StrCat(filters.settings(i), " is not a practice setting"));
    }
    query.filters.settings.push_back(static_cast<matcher::PracticeSetting>(filters.settings(i)));
  }
  if (filters.max_drive_minutes() < 0 || filters.max_drive_minutes() > 600) {
    return Invalid("options.filters.max_drive_minutes",
                   absl::StrCat(filters.max_drive_minutes(), " is outside [0, 600]"));
  }
  query.filters.max_drive_minutes = filters.max_drive_minutes();
  query.filters.open_only = true;
  query.include_beyond_limits = options.include_beyond_limits();
  query.joint = options.joint();
  return query;
}

absl::StatusOr<matcher::CandidateProfile> ResolveCandidate(const index::MemoryIndex& index,
                                                           const std::string& candidate_id,
                                                           const v1::Candidate* inline_candidate,
                                                           const MetropolisLookup* metropolises) {
  if (inline_candidate != nullptr) {
    v1::Candidate visitor = *inline_candidate;
    if (visitor.id().empty()) visitor.set_id("visitor");  // anonymous: never stored
    if (absl::Status s = ValidateCandidate(visitor, "candidate", metropolises); !s.ok()) return s;
    return index::ToCandidateProfile(visitor);
  }
  if (absl::Status s = ValidateId("candidate_id", candidate_id); !s.ok()) return s;
  std::optional<matcher::CandidateProfile> stored = index.FindCandidate(candidate_id);
  if (!stored) return absl::NotFoundError(absl::StrCat("candidate '", candidate_id, "' not found"));
  return *stored;
}

void FillOfferFacts(const matcher::OfferFeatures& offer, v1::Match* match) {
  match->set_offer_title(offer.title);
  match->set_offer_setting(static_cast<v1::PracticeSetting>(offer.setting));
  match->set_offer_employment(static_cast<v1::EmploymentMode>(offer.employment));
  if (offer.start_date) match->set_offer_start_date(absl::FormatCivilTime(*offer.start_date));
  match->set_offer_organization_id(offer.organization_id);
}

void FillTerritoryFacts(const matcher::TerritoryFeatures& territory, v1::Match* match) {
  // The index keeps (0, 0) for a territory stored without a location (in the Gulf of Guinea,
  // no French commune's).
  if (territory.lat != 0 || territory.lon != 0) {
    match->mutable_territory_location()->set_lat(territory.lat);
    match->mutable_territory_location()->set_lon(territory.lon);
  }
  match->set_territory_department_code(territory.department_code);
  match->set_territory_region_code(territory.region_code);
}

void ToMatchMessage(matcher::MatchResult result, v1::Match* match) {
  match->set_offer_id(std::move(result.offer_id));
  match->set_candidate_id(std::move(result.candidate_id));
  match->set_territory_id(std::move(result.territory_id));
  match->set_territory_name(std::move(result.territory_name));
  match->set_score(result.score);
  match->set_candidate_score(result.candidate_score);
  match->set_territory_score(result.territory_score);
  match->set_drive_minutes(result.drive_minutes);
  match->set_metropolis_name(std::move(result.metropolis_name));
  match->set_drive_minutes_estimated(result.drive_minutes_estimated);
  match->set_beyond_limits(!result.limits_broken.empty());
  for (matcher::LimitExplanation& limit : result.limits) {
    v1::LimitBreach* breach = match->add_limits();
    breach->set_limit(std::move(limit.name));
    breach->set_reason_code(std::move(limit.reason_code));
    breach->set_explanation(std::move(limit.sentence));
    auto& parameters = *breach->mutable_parameters();
    for (auto& [key, value] : limit.parameters) parameters[std::move(key)] = std::move(value);
  }
  for (matcher::CriterionResult& c : result.criteria) {
    if (!c.applicable) continue;  // nothing asked: not part of the score
    v1::CriterionScore* criterion = match->add_criteria();
    criterion->set_criterion(std::move(c.name));
    criterion->set_side(static_cast<v1::Side>(c.side));
    criterion->set_weight(c.weight);
    criterion->set_value(c.value);
    criterion->set_contribution(c.contribution);
    criterion->set_reason_code(std::move(c.reason_code));
    criterion->set_explanation(std::move(c.explanation));
    criterion->set_synthetic(c.synthetic);
    auto& parameters = *criterion->mutable_parameters();
    for (auto& [key, value] : c.parameters) parameters[std::move(key)] = std::move(value);
  }
  v1::AidEstimate* aid = match->mutable_aid();
  aid->set_first_year_eur(result.aid.first_year_eur);
  aid->set_five_year_eur(result.aid.five_year_eur);
  for (matcher::AidLine& line : result.aid.lines) {
    v1::AidLine* out = aid->add_lines();
    out->set_label(std::move(line.label));
    out->set_first_year_eur(line.first_year_eur);
    out->set_five_year_eur(line.five_year_eur);
    out->set_source(std::move(line.source));
    out->set_source_url(std::move(line.source_url));
    out->set_checked_on(std::move(line.checked_on));
    out->set_reservations(std::move(line.reservations));
  }
  if (result.aid.estimate_date != absl::CivilDay()) {  // estimated (aid rules loaded)
    aid->set_estimate_date(absl::FormatCivilTime(result.aid.estimate_date));
  }
}

absl::Status ValidateJointHousehold(const matcher::CandidateProfile& candidate) {
  if (!candidate.partner) {
    return Invalid("options.joint", absl::StrCat("candidate '", candidate.id,
                                                 "' has no partner (household.partner)"));
  }
  if (!candidate.partner->needs_job) {
    return Invalid("options.joint",
                   absl::StrCat("candidate '", candidate.id,
                                "': the partner needs no job (household.partner.needs_job)"));
  }
  if (!matcher::SeeksHealthPost(*candidate.partner)) {
    return Invalid("options.joint", absl::StrCat("candidate '", candidate.id,
                                                 "': the partner has no health profession "
                                                 "(household.partner.profession is unspecified)"));
  }
  return absl::OkStatus();
}

void AddPartnerPost(const index::RankedPair& pair, const matcher::Weights& weights,
                    const index::RankQuery& query, bool scores_only, v1::Match* match) {
  match->set_score(pair.scores.score);  // the joint score
  if (!pair.partner) return;
  const index::PartnerPost& post = *pair.partner;
  v1::Match partner;
  ToMatchMessage(scores_only ? matcher::Summarize(*post.profile, post.offer, *post.territory,
                                                  weights, post.scores, query.options.as_of)
                             : matcher::Score(*post.profile, post.offer, *post.territory, weights,
                                              query.options),
                 &partner);
  match->set_partner_offer_id(post.offer.id);
  match->set_partner_territory_id(post.offer.territory_id);
  match->set_partner_score(post.scores.score);
  match->set_partner_drive_minutes_between(post.drive_minutes_between);
  match->mutable_partner_criteria()->Swap(partner.mutable_criteria());
}

}  // namespace matching::server
