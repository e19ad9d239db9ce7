// The "money" criterion: the aid estimate (aids.h) against a reference amount.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/criteria.h"
#include "matcher/text.h"

namespace matching::matcher {

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
    explain->Uses(territory, "zfrr");
    std::string zone;
    if (territory.zoning == Zoning::kZip) zone = explain->is_french() ? "Zone ZIP" : "ZIP zone";
    if (territory.zoning == Zoning::kZac) zone = explain->is_french() ? "Zone ZAC" : "ZAC zone";
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
