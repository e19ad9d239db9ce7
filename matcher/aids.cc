// Aid estimation per pair: which rules apply and what they pay over five years.
#include "matcher/aids.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace matching::matcher {
namespace {

template <typename T>
bool Contains(const std::vector<T>& values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

AidTotals RuleTotals(const AidRule& rule, ZoneLevel level) {
  AidTotals totals;
  if (rule.schedule_eur) {
    totals.first_year_eur = (*rule.schedule_eur)[0];
    for (double euros : *rule.schedule_eur) totals.five_year_eur += euros;
    return totals;
  }
  const double amount = rule.amount_eur_by_zone[static_cast<int>(level)].value_or(0);
  totals.first_year_eur = amount * rule.schedule[0];
  for (double share : rule.schedule) totals.five_year_eur += amount * share;
  return totals;
}

ZoneLevel FromZoning(Zoning zoning) {
  switch (zoning) {
    case Zoning::kNone:
      return ZoneLevel::kNone;
    case Zoning::kZac:
      return ZoneLevel::kZac;
    case Zoning::kZip:
      return ZoneLevel::kZip;
    case Zoning::kUnspecified:
      break;
  }
  return ZoneLevel::kUnspecified;
}

std::optional<ZoneLevel> Entry(const TerritoryFeatures& territory, Profession profession) {
  for (const ProfessionZoning& zoning : territory.zonings) {
    if (zoning.profession == profession) return zoning.level;
  }
  return std::nullopt;
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
    const AidTotals totals = RuleTotals(rule, ZoneLevelFor(territory, candidate.profession));
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

// The rule's own reservations, and the conditions the candidate left unsaid.
std::string Reservations(const AidRule& rule, const CandidateProfile& candidate,
                         Language language) {
  const bool fr = language == Language::kFrench;
  std::vector<std::string> parts;
  if (!rule.doctor_sectors.empty() && candidate.doctor_sector == DoctorSector::kUnspecified) {
    parts.push_back(fr ? "exercer en secteur 1 ou en secteur 2 OPTAM"
                       : "practising in sector 1 or sector 2 OPTAM");
  }
  if (rule.no_installation_aid_within_10_years &&
      !candidate.installation_aid_within_10_years.has_value()) {
    parts.push_back(fr ? "ne pas avoir reçu d'aide à l'installation depuis 10 ans"
                       : "no installation aid received in the last 10 years");
  }
  for (const AidReservation& reservation : rule.reservations) {
    parts.push_back(fr ? reservation.fr : reservation.en);
  }
  if (parts.empty()) return "";
  return absl::StrCat(fr ? "sous réserve de : " : "provided: ", absl::StrJoin(parts, " ; "));
}

}  // namespace

ZoneLevel ZoneLevelFor(const TerritoryFeatures& territory, Profession profession) {
  if (std::optional<ZoneLevel> level = Entry(territory, profession)) return *level;
  switch (profession) {
    case Profession::kGp:
      return FromZoning(territory.zoning);
    case Profession::kSpecialist:
      return Entry(territory, Profession::kGp).value_or(FromZoning(territory.zoning));
    case Profession::kAdvancedPracticeNurse:
      return Entry(territory, Profession::kNurse).value_or(ZoneLevel::kUnspecified);
    default:
      return ZoneLevel::kUnspecified;
  }
}

absl::Span<const ZoneLevel> ZoneLevelsOf(Profession profession) {
  static constexpr ZoneLevel kDoctors[] = {ZoneLevel::kNone, ZoneLevel::kZip, ZoneLevel::kZac};
  static constexpr ZoneLevel kFiveLevels[] = {ZoneLevel::kNone,        ZoneLevel::kVeryUnderserved,
                                              ZoneLevel::kUnderserved, ZoneLevel::kIntermediate,
                                              ZoneLevel::kWellServed,  ZoneLevel::kOverserved};
  switch (profession) {
    case Profession::kGp:
    case Profession::kSpecialist:
      return kDoctors;
    case Profession::kNurse:
    case Profession::kAdvancedPracticeNurse:
    case Profession::kPhysiotherapist:
    case Profession::kMidwife:
    case Profession::kDentist:
      return kFiveLevels;
    default:
      return {};
  }
}

bool RuleApplies(const AidRule& rule, const CandidateProfile& candidate, const OfferFeatures& offer,
                 const TerritoryFeatures& territory, absl::CivilDay as_of) {
  if (as_of < rule.valid_from) return false;
  if (rule.valid_until && as_of > *rule.valid_until) return false;
  if (!rule.professions.empty() && !Contains(rule.professions, candidate.profession)) {
    return false;
  }
  const int zone = static_cast<int>(ZoneLevelFor(territory, candidate.profession));
  if (zone < 0 || zone >= kZoneLevels || !rule.amount_eur_by_zone[zone]) return false;
  if (rule.requires_zfrr && !territory.zfrr) return false;
  if (rule.first_installation && *rule.first_installation != candidate.first_installation) {
    return false;
  }
  if (!rule.employment.empty() && !Contains(rule.employment, offer.employment)) return false;
  if (!rule.settings.empty() && !Contains(rule.settings, offer.setting)) return false;
  if (!rule.doctor_sectors.empty() && candidate.doctor_sector != DoctorSector::kUnspecified &&
      !Contains(rule.doctor_sectors, candidate.doctor_sector)) {
    return false;
  }
  if (rule.no_installation_aid_within_10_years &&
      candidate.installation_aid_within_10_years.value_or(false)) {
    return false;
  }
  if (!rule.career_stages.empty()) {
    const CareerStage stage = candidate.career_stage == CareerStage::kUnspecified
                                  ? CareerStage::kPractising
                                  : candidate.career_stage;
    if (!Contains(rule.career_stages, stage)) return false;
  }
  if (!rule.region_codes.empty() && !Contains(rule.region_codes, territory.region_code)) {
    return false;
  }
  if (!rule.department_codes.empty() &&
      !Contains(rule.department_codes, territory.department_code)) {
    return false;
  }
  return true;
}

AidEstimate EstimateAid(const AidRules& rules, const CandidateProfile& candidate,
                        const OfferFeatures& offer, const TerritoryFeatures& territory,
                        absl::CivilDay as_of, Language language) {
  AidEstimate estimate;
  const auto on_rule = [&](const AidRule& rule, const AidTotals& totals) {
    estimate.lines.push_back(
        {language == Language::kFrench ? rule.label_fr : rule.label_en, totals.first_year_eur,
         totals.five_year_eur, RuleSource(rule), rule.source_url,
         rule.checked_on ? absl::FormatCivilTime(*rule.checked_on) : std::string(),
         Reservations(rule, candidate, language)});
  };
  const auto on_local = [&](const LocalAid& aid, size_t index) {
    estimate.lines.push_back({aid.label, aid.amount_eur, aid.amount_eur,
                              absl::StrFormat("territory '%s' local_aids[%d]", territory.id, index),
                              "", "", ""});
  };
  const auto on_bonus = [&](double amount) {
    estimate.lines.push_back({language == Language::kFrench ? "Prime d'installation de l'offre"
                                                            : "Installation bonus of the offer",
                              amount, amount,
                              absl::StrFormat("offer '%s' installation_bonus_eur", offer.id), "",
                              "", ""});
  };
  const AidTotals totals =
      VisitAids(rules, candidate, offer, territory, as_of, on_rule, on_local, on_bonus);
  estimate.first_year_eur = totals.first_year_eur;
  estimate.five_year_eur = totals.five_year_eur;
  estimate.estimate_date = as_of;
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
