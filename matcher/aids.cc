// Aid estimation per pair: which rules apply and what they pay over five years.
#include "matcher/aids.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace matching::matcher {
namespace {

template <typename T>
bool Contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

AidTotals RuleTotals(const AidRule& rule, Zoning zoning) {
  const double amount = rule.amount_eur_by_zone[static_cast<int>(zoning)].value_or(0);
  AidTotals totals;
  totals.first_year_eur = amount * rule.schedule[0];
  for (double share : rule.schedule) totals.five_year_eur += amount * share;
  return totals;
}

// Visits every aid paid to this pair, in the documented order, calling
// on_rule(rule, totals), on_local(aid, index) and on_bonus(amount); returns the sum.
// Both estimate functions go through here so that their totals cannot differ.
template <typename OnRule, typename OnLocal, typename OnBonus>
AidTotals VisitAids(const AidRules& rules, const CandidateProfile& candidate,
                    const OfferFeatures& offer, const TerritoryFeatures& territory,
                    absl::CivilDay as_of, OnRule on_rule, OnLocal on_local, OnBonus on_bonus) {
  AidTotals sum;
  const auto add = [&sum](double first_year, double five_year) {
    sum.first_year_eur += first_year;
    sum.five_year_eur += five_year;
  };
  for (const AidRule& rule : rules.rules()) {
    if (!RuleApplies(rule, candidate, offer, territory, as_of)) continue;
    const AidTotals totals = RuleTotals(rule, territory.zoning);
    if (totals.five_year_eur <= 0) continue;
    add(totals.first_year_eur, totals.five_year_eur);
    on_rule(rule, totals);
  }
  for (size_t i = 0; i < territory.local_aids.size(); ++i) {
    const double amount = territory.local_aids[i].amount_eur;
    if (!(amount > 0)) continue;
    add(amount, amount);
    on_local(territory.local_aids[i], i);
  }
  if (offer.installation_bonus_eur > 0) {
    add(offer.installation_bonus_eur, offer.installation_bonus_eur);
    on_bonus(offer.installation_bonus_eur);
  }
  return sum;
}

std::string RuleSource(const AidRule& rule) {
  std::string source = absl::StrFormat("data/aids.json rule '%s', valid from %s", rule.id,
                                       absl::FormatCivilTime(rule.valid_from));
  if (rule.valid_until) {
    absl::StrAppend(&source, " until ", absl::FormatCivilTime(*rule.valid_until));
  }
  absl::StrAppend(&source, " (", rule.source, ")");
  if (!rule.assumption.empty()) absl::StrAppend(&source, "; estimate: ", rule.assumption);
  return source;
}

}  // namespace

bool RuleApplies(const AidRule& rule, const CandidateProfile& candidate, const OfferFeatures& offer,
                 const TerritoryFeatures& territory, absl::CivilDay as_of) {
  if (as_of < rule.valid_from) return false;
  if (rule.valid_until && as_of > *rule.valid_until) return false;
  const int zone = static_cast<int>(territory.zoning);
  if (zone < 0 || zone >= static_cast<int>(rule.amount_eur_by_zone.size()) ||
      !rule.amount_eur_by_zone[zone]) {
    return false;
  }
  if (rule.requires_zfrr && !territory.zfrr) return false;
  if (!rule.professions.empty() && !Contains(rule.professions, candidate.profession)) {
    return false;
  }
  if (rule.first_installation_only && !candidate.first_installation) return false;
  if (!rule.employment.empty() && !Contains(rule.employment, offer.employment)) return false;
  return true;
}

AidEstimate EstimateAid(const AidRules& rules, const CandidateProfile& candidate,
                        const OfferFeatures& offer, const TerritoryFeatures& territory,
                        absl::CivilDay as_of, Language language) {
  AidEstimate estimate;
  const auto on_rule = [&](const AidRule& rule, const AidTotals& totals) {
    estimate.lines.push_back({language == Language::kFrench ? rule.label_fr : rule.label_en,
                              totals.first_year_eur, totals.five_year_eur, RuleSource(rule)});
  };
  const auto on_local = [&](const LocalAid& aid, size_t index) {
    estimate.lines.push_back(
        {aid.label, aid.amount_eur, aid.amount_eur,
         absl::StrFormat("territory '%s' local_aids[%d]", territory.id, index)});
  };
  const auto on_bonus = [&](double amount) {
    estimate.lines.push_back({language == Language::kFrench ? "Prime d'installation de l'offre"
                                                            : "Installation bonus of the offer",
                              amount, amount,
                              absl::StrFormat("offer '%s' installation_bonus_eur", offer.id)});
  };
  const AidTotals totals =
      VisitAids(rules, candidate, offer, territory, as_of, on_rule, on_local, on_bonus);
  estimate.first_year_eur = totals.first_year_eur;
  estimate.five_year_eur = totals.five_year_eur;
  return estimate;
}

AidTotals EstimateAidTotals(const AidRules& rules, const CandidateProfile& candidate,
                            const OfferFeatures& offer, const TerritoryFeatures& territory,
                            absl::CivilDay as_of) {
  return VisitAids(
      rules, candidate, offer, territory, as_of, [](const AidRule&, const AidTotals&) {},
      [](const LocalAid&, size_t) {}, [](double) {});
}

}  // namespace matching::matcher
