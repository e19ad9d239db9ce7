// The "money" criterion: the aid estimate (aids.h) against a reference amount.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/aids.h"
#include "matcher/criteria.h"
#include "matcher/text.h"

namespace matching::matcher {
namespace {

// The zone of the candidate's profession's zoning, as a sentence opens ("" when none).
absl::string_view ZoneName(ZoneLevel level, bool french) {
  switch (level) {
    case ZoneLevel::kZip:
      return french ? "Zone ZIP" : "ZIP zone";
    case ZoneLevel::kZac:
      return french ? "Zone ZAC" : "ZAC zone";
    case ZoneLevel::kVeryUnderserved:
      return french ? "Zone très sous-dotée" : "Very under-served zone";
    case ZoneLevel::kUnderserved:
      return french ? "Zone sous-dotée" : "Under-served zone";
    case ZoneLevel::kIntermediate:
      return french ? "Zone intermédiaire" : "Intermediate zone";
    case ZoneLevel::kWellServed:
      return french ? "Zone très dotée" : "Well-served zone";
    case ZoneLevel::kOverserved:
      return french ? "Zone sur-dotée" : "Over-served zone";
    case ZoneLevel::kNone:
    case ZoneLevel::kUnspecified:
      break;
  }
  return "";
}

// The level as data/aids.json and the proto name it (without the ZONE_LEVEL_ prefix).
absl::string_view ZoneCode(ZoneLevel level) {
  static constexpr absl::string_view kCodes[kZoneLevels] = {
      "UNSPECIFIED", "NONE",         "ZIP",         "ZAC",       "VERY_UNDERSERVED",
      "UNDERSERVED", "INTERMEDIATE", "WELL_SERVED", "OVERSERVED"};
  const int index = static_cast<int>(level);
  return index >= 0 && index < kZoneLevels ? kCodes[index] : "UNSPECIFIED";
}

}  // namespace

CriterionOutcome MoneyFit(const PairContext& pair, Explainer* explain) {
  if (!pair.aid_five_year_eur) {
    if (explain) {
      explain->Reason("AID_NOT_ESTIMATED");
      explain->Say("Aides non estimées", "Aids not estimated");
    }
    return {};
  }
  const double five_year = *pair.aid_five_year_eur;
  const double value = std::clamp(five_year / pair.money_reference_five_year_eur, 0.0, 1.0);
  if (explain) {
    const Language language = explain->language();
    const TerritoryFeatures& territory = pair.territory;
    explain->Uses(territory, "zoning");
    explain->Uses(territory, "zonings");
    explain->Uses(territory, "zfrr");
    const ZoneLevel level = ZoneLevelFor(territory, pair.candidate.profession);
    std::string zone(ZoneName(level, explain->is_french()));
    if (level != ZoneLevel::kUnspecified) {
      explain->Param("zone_level", std::string(ZoneCode(level)));
    }
    if (territory.zfrr) absl::StrAppend(&zone, zone.empty() ? "ZFRR" : " + ZFRR");
    if (!zone.empty()) zone += explain->is_french() ? " : " : ": ";
    explain->Param("first_year_eur", absl::StrFormat("%.0f", pair.aid_first_year_eur));
    explain->Param("five_year_eur", absl::StrFormat("%.0f", five_year));
    if (five_year <= 0) {
      explain->Reason("AID_NONE");
      explain->Say(zone + "aucune aide trouvée", zone + "no aid found");
    } else {
      explain->Reason("AID_ESTIMATED");
      explain->Say(absl::StrCat(zone, "aides estimées ", Euros(pair.aid_first_year_eur, language),
                                " la première année, ", Euros(five_year, language), " sur 5 ans"),
                   absl::StrCat(zone, "estimated aid ", Euros(pair.aid_first_year_eur, language),
                                " the first year, ", Euros(five_year, language), " over 5 years"));
    }
  }
  return {true, value};
}

}  // namespace matching::matcher
