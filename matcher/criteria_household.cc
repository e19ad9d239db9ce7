// Candidate-side criteria about the household's life: proximity to a metropolis,
// family, spouse job, housing and lifestyle.
#include <algorithm>
#include <array>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "matcher/criteria.h"
#include "matcher/limits.h"

namespace matching::matcher {
namespace {

constexpr DecayFunction kRentDecay{DecayShape::kGauss, 0, 10, 5, 0.5};

struct Amenity {
  std::optional<int> TerritoryFeatures::*minutes;
  absl::string_view field;
  absl::string_view french;
  absl::string_view english;
};

// Index = the amenity a child of some age needs; see AmenityForAge().
constexpr std::array<Amenity, 4> kAmenities = {{
    {&TerritoryFeatures::creche_minutes, "creche_minutes", "crèche", "crèche"},
    {&TerritoryFeatures::primary_school_minutes, "primary_school_minutes", "école primaire",
     "primary school"},
    {&TerritoryFeatures::college_minutes, "college_minutes", "collège", "collège"},
    {&TerritoryFeatures::lycee_minutes, "lycee_minutes", "lycée", "lycée"},
}};

// -1 when a child of that age needs none of the amenities.
int AmenityForAge(int age) {
  if (age < 0) return -1;
  if (age < 3) return 0;
  if (age <= 10) return 1;
  if (age <= 14) return 2;
  if (age <= 17) return 3;
  return -1;
}

double AmenityValue(int amenity, std::optional<int> minutes) {
  if (!minutes) return kUnknownValue;
  const DecayFunction decay{DecayShape::kGauss, 0,
                            static_cast<double>(kAmenityOffsetMinutes[amenity]), 15, 0.5};
  return Evaluate(decay, std::max(0, *minutes));
}

// The end of a spouse_job sentence shared by both kinds of partner: the fibre coverage when
// the partner can telework, and the offer's help finding the partner a job.
void AppendTeleworkAndHelp(bool can_telework, const PairContext& pair, Explainer* explain,
                           std::string* french, std::string* english) {
  const TerritoryFeatures& territory = pair.territory;
  if (can_telework) {
    explain->Uses(territory, "fibre_coverage");
    if (territory.fibre_coverage) {
      explain->Param("fibre_coverage", absl::StrFormat("%.2f", *territory.fibre_coverage));
      absl::StrAppend(french, absl::StrFormat("; fibre %.0f %%", 100 * *territory.fibre_coverage));
      absl::StrAppend(english, absl::StrFormat("; fibre %.0f%%", 100 * *territory.fibre_coverage));
    } else {
      absl::StrAppend(french, "; fibre : pas de donnée");
      absl::StrAppend(english, "; fibre: no data");
    }
  }
  if (pair.offer.spouse_job_help) {
    absl::StrAppend(french, "; aide à l'emploi du conjoint");
    absl::StrAppend(english, "; help finding the partner a job");
  }
}

}  // namespace

// The sector names the API uses (English keys of job_openings_by_sector), in French for
// the portals' sentences; an unknown key is shown as given.
static std::string FrenchSectorName(const std::string& sector) {
  static const auto* names = new absl::flat_hash_map<std::string, std::string>{
      {"health", "santé"},        {"education", "éducation"},   {"it", "informatique"},
      {"industry", "industrie"},  {"retail", "commerce"},       {"public", "fonction publique"},
      {"social", "social"},       {"construction", "bâtiment"}, {"agriculture", "agriculture"},
      {"transport", "transport"}, {"services", "services"}};
  auto it = names->find(sector);
  return it == names->end() ? sector : it->second;
}

CriterionOutcome ProximityFit(const PairContext& pair, Explainer* explain) {
  const CandidateProfile& candidate = pair.candidate;
  if (candidate.metropolis_ids.empty() || candidate.max_drive_minutes <= 0) {
    if (explain) {
      explain->Reason("METRO_NO_WISH");
      explain->Say("Pas de métropole à proximité demandée", "No metropolis nearby asked");
    }
    return {};
  }
  if (explain) explain->Uses(pair.territory, "metropolis_access");
  const MetropolisAccess* nearest = NearestChosenMetropolis(candidate, pair.territory);
  if (nearest == nullptr) {
    if (explain) {
      explain->Reason("METRO_NOT_LISTED");
      explain->Say("Aucune de vos métropoles n'est à portée connue",
                   "None of your metropolises is within known reach");
    }
    return {true, 0};
  }
  DecayFunction decay = pair.proximity_decay;
  decay.origin = 0;
  decay.offset = candidate.max_drive_minutes;
  // Past the wish the score falls steeply: at most half of it at the limit's tolerance
  // (limits.h: 60 min for a 50-min wish scores 0.5 with the gauss), beyond which the pair
  // is gated.
  decay.scale = std::min(decay.scale, (kDriveLimitTolerance - 1) * candidate.max_drive_minutes);
  const double value = Evaluate(decay, nearest->drive_minutes);
  if (explain) {
    const bool within = nearest->drive_minutes <= candidate.max_drive_minutes;
    explain->Reason(within ? "METRO_WITHIN_WISH" : "METRO_BEYOND_WISH");
    explain->Param("metropolis_id", nearest->metropolis_id);
    explain->Param("drive_minutes", absl::StrFormat("%.0f", nearest->drive_minutes));
    explain->Param("max_drive_minutes", absl::StrCat(candidate.max_drive_minutes));
    std::string french = absl::StrFormat("%.0f min de %s", nearest->drive_minutes, nearest->name);
    std::string english = absl::StrFormat("%.0f min to %s", nearest->drive_minutes, nearest->name);
    if (nearest->estimated) {
      absl::StrAppend(&french, " (estimé)");
      absl::StrAppend(&english, " (estimated)");
    }
    if (!within) {
      absl::StrAppend(&french,
                      absl::StrFormat(", au-delà de vos %d min", candidate.max_drive_minutes));
      absl::StrAppend(&english,
                      absl::StrFormat(", beyond your %d min", candidate.max_drive_minutes));
    }
    explain->Say(std::move(french), std::move(english));
  }
  return {true, value};
}

int NeededAmenities(const std::vector<int>& children_ages) {
  int mask = 0;
  for (int age : children_ages) {
    const int amenity = AmenityForAge(age);
    if (amenity >= 0) mask |= 1 << amenity;
  }
  return mask;
}

CriterionOutcome FamilyFit(const PairContext& pair, Explainer* explain) {
  const int mask = NeededAmenities(pair.candidate.children_ages);
  std::array<bool, kAmenities.size()> needed{};
  for (size_t i = 0; i < kAmenities.size(); ++i) needed[i] = (mask >> i) & 1;
  double sum = 0;
  int count = 0;
  for (size_t i = 0; i < kAmenities.size(); ++i) {
    if (!needed[i]) continue;
    sum += AmenityValue(static_cast<int>(i), pair.territory.*kAmenities[i].minutes);
    ++count;
  }
  if (count == 0) {
    if (explain) {
      explain->Reason("FAMILY_NOT_ASKED");
      explain->Say("Pas d'enfant à scolariser ou à faire garder",
                   "No child needing care or school");
    }
    return {};
  }
  const double value = sum / count;
  if (explain) {
    const bool fr = explain->is_french();
    std::vector<std::string> in_commune;
    std::vector<std::string> parts;
    for (size_t i = 0; i < kAmenities.size(); ++i) {
      if (!needed[i]) continue;
      const Amenity& amenity = kAmenities[i];
      const std::string name(fr ? amenity.french : amenity.english);
      const std::optional<int> minutes = pair.territory.*amenity.minutes;
      explain->Uses(pair.territory, amenity.field);
      explain->Param(amenity.field, minutes ? absl::StrCat(*minutes) : "unknown");
      if (!minutes) {
        parts.push_back(absl::StrCat(name, fr ? " : pas de donnée" : ": no data"));
      } else if (*minutes <= 0) {
        in_commune.push_back(name);
      } else {
        parts.push_back(absl::StrFormat(fr ? "%s à %d min" : "%s %d min", name, *minutes));
      }
    }
    if (!in_commune.empty()) {
      parts.insert(parts.begin(), absl::StrCat(absl::StrJoin(in_commune, fr ? " et " : " and "),
                                               fr ? " dans la commune" : " in the commune"));
    }
    explain->Reason(value >= 0.999 ? "FAMILY_AMENITIES_CLOSE" : "FAMILY_AMENITIES_PARTLY");
    const std::string sentence = absl::StrJoin(parts, "; ");
    explain->Say(sentence, sentence);
  }
  return {true, value};
}

// The catalog's open offers for a partner who seeks a health post, within
// kNearbyReachMinutes of the territory: counted by specialty fit (same, either side empty,
// or related), the nearest named.
NearbyOpenings PartnerOpeningsNearby(const Partner& partner, const TerritoryFeatures& territory) {
  NearbyOpenings found;
  const NearbyOpeningsByKey::Part nearby = territory.open_offers_nearby.Of(partner.profession);
  if (nearby == nullptr) return found;
  for (const auto& [specialty, openings] : *nearby) {
    if (SpecialtyFit(partner.specialty, specialty) <= 0) continue;
    found.count += openings.count;
    found.nearest.insert(found.nearest.end(), openings.nearest.begin(), openings.nearest.end());
  }
  std::sort(found.nearest.begin(), found.nearest.end(),
            [](const NearbyOffer& a, const NearbyOffer& b) {
              return a.drive_minutes != b.drive_minutes ? a.drive_minutes < b.drive_minutes
                                                        : a.offer_id < b.offer_id;
            });
  if (found.nearest.size() > kNearbyOffersListed) found.nearest.resize(kNearbyOffersListed);
  return found;
}

// Profession names for the partner's openings sentence: French plural "postes de/d'...".
static std::string ProfessionPostsName(Profession profession, bool french) {
  switch (profession) {
    case Profession::kGp:
      return french ? "de médecin généraliste" : "GP";
    case Profession::kSpecialist:
      return french ? "de médecin spécialiste" : "specialist";
    case Profession::kNurse:
      return french ? "d'infirmier" : "nurse";
    case Profession::kAdvancedPracticeNurse:
      return french ? "d'infirmier en pratique avancée" : "advanced-practice nurse";
    case Profession::kPhysiotherapist:
      return french ? "de kinésithérapeute" : "physiotherapist";
    case Profession::kMidwife:
      return french ? "de sage-femme" : "midwife";
    case Profession::kDentist:
      return french ? "de chirurgien-dentiste" : "dentist";
    case Profession::kPharmacist:
      return french ? "de pharmacien" : "pharmacist";
    case Profession::kCareAide:
      return french ? "d'aide-soignant" : "care aide";
    default:
      return french ? "de santé" : "health";
  }
}

// spouse_job for a partner who seeks a health post (SeeksHealthPost): the catalog's open
// offers nearby, not the synthetic sector counts.
static CriterionOutcome HealthPartnerJobFit(const PairContext& pair, Explainer* explain) {
  const Partner& partner = *pair.candidate.partner;
  const TerritoryFeatures& territory = pair.territory;
  const NearbyOpenings openings = PartnerOpeningsNearby(partner, territory);
  double value = std::clamp(openings.count / kSpouseOpeningsForFull, 0.0, 1.0);
  if (partner.can_telework) {
    value = std::max(value, std::clamp(territory.fibre_coverage.value_or(kUnknownValue), 0.0, 1.0));
  }
  if (pair.offer.spouse_job_help) value = std::min(1.0, value + kSpouseJobHelpBonus);
  if (explain) {
    const bool fr = explain->is_french();
    std::vector<std::string> ids;
    std::vector<std::string> named;
    for (const NearbyOffer& offer : openings.nearest) {
      ids.push_back(offer.offer_id);
      named.push_back(offer.drive_minutes <= 0
                          ? absl::StrCat(offer.offer_id, fr ? " (sur place)" : " (here)")
                          : absl::StrFormat("%s (%.0f min)", offer.offer_id, offer.drive_minutes));
    }
    explain->Param("partner_profession", absl::StrCat(static_cast<int>(partner.profession)));
    if (!partner.specialty.empty()) explain->Param("partner_specialty", partner.specialty);
    explain->Param("openings", absl::StrCat(openings.count));
    explain->Param("reach_minutes", absl::StrFormat("%.0f", kNearbyReachMinutes));
    explain->Param("nearby_offer_ids", absl::StrJoin(ids, ","));
    const std::string posts_fr = ProfessionPostsName(partner.profession, true);
    const std::string posts_en = ProfessionPostsName(partner.profession, false);
    std::string french;
    std::string english;
    if (openings.count == 0) {
      french = absl::StrFormat("aucun poste %s ouvert à moins de %.0f min (estimé)", posts_fr,
                               kNearbyReachMinutes);
      english = absl::StrFormat("no open %s post within %.0f min (estimated)", posts_en,
                                kNearbyReachMinutes);
    } else {
      const bool plural = openings.count > 1;
      french = absl::StrFormat("%d poste%s %s ouvert%s à moins de %.0f min (estimé) : %s",
                               openings.count, plural ? "s" : "", posts_fr, plural ? "s" : "",
                               kNearbyReachMinutes, absl::StrJoin(named, ", "));
      english = absl::StrFormat("%d open %s post%s within %.0f min (estimated): %s", openings.count,
                                posts_en, plural ? "s" : "", kNearbyReachMinutes,
                                absl::StrJoin(named, ", "));
      if (static_cast<size_t>(openings.count) > named.size()) {
        absl::StrAppend(&french, ", …");
        absl::StrAppend(&english, ", …");
      }
    }
    AppendTeleworkAndHelp(partner.can_telework, pair, explain, &french, &english);
    explain->Reason(openings.count > 0 ? "SPOUSE_HEALTH_OPENINGS" : "SPOUSE_HEALTH_NO_OPENINGS");
    explain->Say(std::move(french), std::move(english));
  }
  return {true, value};
}

CriterionOutcome SpouseJobFit(const PairContext& pair, Explainer* explain) {
  const std::optional<Partner>& partner = pair.candidate.partner;
  if (!partner || !partner->needs_job) {
    if (explain) {
      explain->Reason("SPOUSE_JOB_NOT_ASKED");
      explain->Say("Pas d'emploi à trouver pour le conjoint", "No job needed for a partner");
    }
    return {};
  }
  if (SeeksHealthPost(*partner)) return HealthPartnerJobFit(pair, explain);
  const TerritoryFeatures& territory = pair.territory;
  int openings = 0;
  if (partner->sector.empty()) {
    for (const auto& [sector, count] : territory.job_openings_by_sector) openings += count;
  } else if (auto it = territory.job_openings_by_sector.find(partner->sector);
             it != territory.job_openings_by_sector.end()) {
    openings = it->second;
  }
  double value = std::clamp(openings / kSpouseOpeningsForFull, 0.0, 1.0);
  const double fibre = territory.fibre_coverage.value_or(kUnknownValue);
  if (partner->can_telework) value = std::max(value, std::clamp(fibre, 0.0, 1.0));
  if (pair.offer.spouse_job_help) value = std::min(1.0, value + kSpouseJobHelpBonus);
  if (explain) {
    explain->Uses(territory, "job_openings_by_sector");
    explain->Param("sector", partner->sector);
    explain->Param("openings", absl::StrCat(openings));
    const std::string sector =
        partner->sector.empty() ? "" : absl::StrCat(" (", partner->sector, ")");
    const std::string secteur =
        partner->sector.empty() ? "" : absl::StrCat(" (", FrenchSectorName(partner->sector), ")");
    std::string french = absl::StrFormat("offres d'emploi%s à proximité : %d", secteur, openings);
    std::string english = absl::StrFormat("openings%s nearby: %d", sector, openings);
    AppendTeleworkAndHelp(partner->can_telework, pair, explain, &french, &english);
    explain->Reason(openings > 0 ? "SPOUSE_OPENINGS" : "SPOUSE_NO_OPENINGS");
    explain->Say(std::move(french), std::move(english));
  }
  return {true, value};
}

CriterionOutcome HousingFit(const PairContext& pair, Explainer* explain) {
  const CandidateProfile& candidate = pair.candidate;
  const TerritoryFeatures& territory = pair.territory;
  if (candidate.housing_need == HousingNeed::kPermanent) {
    const double value = territory.rent_eur_per_m2
                             ? Evaluate(kRentDecay, *territory.rent_eur_per_m2)
                             : kUnknownValue;
    if (explain) {
      explain->Uses(territory, "rent_eur_per_m2");
      explain->Reason(territory.rent_eur_per_m2 ? "HOUSING_RENT" : "HOUSING_RENT_UNKNOWN");
      if (territory.rent_eur_per_m2) {
        explain->Param("rent_eur_per_m2", absl::StrFormat("%.1f", *territory.rent_eur_per_m2));
        explain->Say(absl::StrFormat("loyer %.1f €/m²", *territory.rent_eur_per_m2),
                     absl::StrFormat("rent EUR %.1f/m²", *territory.rent_eur_per_m2));
      } else {
        explain->Say("loyer : pas de donnée", "rent: no data");
      }
    }
    return {true, value};
  }
  if (candidate.housing_need != HousingNeed::kTemporary) {
    if (explain) {
      explain->Reason("HOUSING_NOT_ASKED");
      explain->Say("Pas de logement demandé", "No housing asked");
    }
    return {};
  }
  const int needed =
      candidate.housing_months_needed > 0 ? candidate.housing_months_needed : kDefaultHousingMonths;
  const int offered = std::max(0, pair.offer.temporary_housing_months);
  double value = std::min(1.0, static_cast<double>(offered) / needed);
  if (territory.temporary_housing_available) value = std::max(value, kUnknownValue);
  if (explain) {
    explain->Param("housing_months_offered", absl::StrCat(offered));
    explain->Param("housing_months_needed", absl::StrCat(needed));
    if (offered > 0) {
      explain->Reason(offered >= needed ? "HOUSING_PROVIDED" : "HOUSING_PROVIDED_SHORTER");
      explain->Say(absl::StrFormat("logement fourni %d mois", offered),
                   absl::StrFormat("housing provided %d months", offered));
    } else if (territory.temporary_housing_available) {
      explain->Uses(territory, "temporary_housing_available");
      explain->Reason("HOUSING_AVAILABLE_LOCALLY");
      explain->Say("logement temporaire disponible sur le territoire",
                   "temporary housing available in the territory");
    } else {
      explain->Uses(territory, "temporary_housing_available");
      explain->Reason("HOUSING_NONE");
      explain->Say("pas de logement temporaire", "no temporary housing");
    }
  }
  return {true, value};
}

CriterionOutcome LifestyleFit(const PairContext& pair, Explainer* explain) {
  const std::vector<std::string>& wished = pair.candidate.lifestyle_tags;
  if (wished.empty()) {
    if (explain) {
      explain->Reason("LIFESTYLE_NOT_ASKED");
      explain->Say("Pas de souhait de cadre de vie", "No lifestyle wish");
    }
    return {};
  }
  const auto offered = [&pair](const std::string& tag) {
    for (const std::string& own : pair.territory.lifestyle_tags) {
      if (absl::EqualsIgnoreCase(own, tag)) return true;
    }
    return false;
  };
  const double matched = static_cast<double>(std::count_if(wished.begin(), wished.end(), offered));
  const double value = matched / static_cast<double>(wished.size());
  if (explain) {
    explain->Uses(pair.territory, "lifestyle_tags");
    std::vector<std::string> found;
    for (const std::string& tag : wished) {
      if (offered(tag)) found.push_back(tag);
    }
    const std::string list = absl::StrJoin(found, ", ");
    explain->Reason(value == 1      ? "LIFESTYLE_ALL"
                    : found.empty() ? "LIFESTYLE_NONE"
                                    : "LIFESTYLE_SOME");
    explain->Param("matched_tags", absl::StrJoin(found, ","));
    if (found.empty()) {
      explain->Say(
          absl::StrFormat("Aucun de vos souhaits de cadre de vie (%s)",
                          absl::StrJoin(wished, ", ")),
          absl::StrFormat("None of your lifestyle wishes (%s)", absl::StrJoin(wished, ", ")));
    } else {
      explain->Say(absl::StrFormat("%s : %d de vos %d souhaits", list, found.size(), wished.size()),
                   absl::StrFormat("%s: %d of your %d wishes", list, found.size(), wished.size()));
    }
  }
  return {true, value};
}

}  // namespace matching::matcher
