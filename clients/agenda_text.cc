// French and English words of the agendas.
#include "clients/agenda_text.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"

namespace matching::clients::agenda_text {
namespace {

constexpr const char* kFrenchMonths[] = {"janvier",   "février", "mars",     "avril",
                                         "mai",       "juin",    "juillet",  "août",
                                         "septembre", "octobre", "novembre", "décembre"};
constexpr const char* kEnglishMonths[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
// absl::Weekday order: Monday first.
constexpr const char* kFrenchDays[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                       "vendredi", "samedi", "dimanche"};
constexpr const char* kEnglishDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

bool ParseDay(const std::string& yyyy_mm_dd, absl::CivilDay* day) {
  return yyyy_mm_dd.size() == 10 && absl::ParseCivilTime(yyyy_mm_dd, day);
}

}  // namespace

std::string LongDate(const std::string& yyyy_mm_dd, bool french) {
  absl::CivilDay day;
  if (!ParseDay(yyyy_mm_dd, &day)) return yyyy_mm_dd;
  const int weekday = static_cast<int>(absl::GetWeekday(day));
  const int month = day.month() - 1;
  if (french) {
    // "1er" for the first of the month, as French writes it.
    return absl::StrCat(kFrenchDays[weekday], " ", day.day() == 1 ? "1er" : absl::StrCat(day.day()),
                        " ", kFrenchMonths[month], " ", day.year());
  }
  return absl::StrCat(kEnglishDays[weekday], " ", day.day(), " ", kEnglishMonths[month], " ",
                      day.year());
}

std::string ShortDate(const std::string& yyyy_mm_dd, bool french) {
  absl::CivilDay day;
  if (!french || !ParseDay(yyyy_mm_dd, &day)) return yyyy_mm_dd;
  return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), day.year());
}

std::string Decimal(double value, int decimals, bool french) {
  std::string text = absl::StrFormat("%.*f", decimals, value);
  return french ? absl::StrReplaceAll(text, {{".", ","}}) : text;
}

std::string ProfessionName(v1::Profession profession, bool french) {
  switch (profession) {
    case v1::PROFESSION_GP:
      return french ? "Médecin généraliste" : "GP";
    case v1::PROFESSION_SPECIALIST:
      return french ? "Médecin spécialiste" : "Specialist doctor";
    case v1::PROFESSION_NURSE:
      return french ? "Infirmier(e)" : "Nurse";
    case v1::PROFESSION_ADVANCED_PRACTICE_NURSE:
      return french ? "Infirmier(e) en pratique avancée (IPA)" : "Advanced-practice nurse";
    case v1::PROFESSION_PHYSIOTHERAPIST:
      return french ? "Masseur-kinésithérapeute" : "Physiotherapist";
    case v1::PROFESSION_MIDWIFE:
      return french ? "Sage-femme" : "Midwife";
    case v1::PROFESSION_DENTIST:
      return french ? "Chirurgien-dentiste" : "Dentist";
    case v1::PROFESSION_PHARMACIST:
      return french ? "Pharmacien(ne)" : "Pharmacist";
    case v1::PROFESSION_CARE_AIDE:
      return french ? "Aide-soignant(e)" : "Care aide";
    case v1::PROFESSION_OTHER:
      return french ? "Autre profession de santé" : "Other health profession";
    default:
      return french ? "Profession non précisée" : "Profession not given";
  }
}

std::string WhoLine(const v1::CandidateSummary& s, bool french) {
  std::string line = ProfessionName(s.profession(), french);
  if (!s.specialty().empty()) absl::StrAppend(&line, " (", s.specialty(), ")");
  const int years = s.experience_years();
  if (french) {
    absl::StrAppend(&line, ", ", years, years > 1 ? " ans" : " an", " d'expérience");
  } else {
    absl::StrAppend(&line, ", ", years, years == 1 ? " year" : " years", " of experience");
  }
  return line;
}

std::string HouseholdLine(const v1::CandidateSummary& s, bool french) {
  std::vector<std::string> parts;
  if (s.has_partner()) {
    std::string partner = french ? "En couple" : "With a partner";
    if (s.partner_needs_job()) {
      absl::StrAppend(
          &partner, french ? " (le conjoint cherche un emploi" : " (the partner needs a job",
          s.partner_sector().empty() ? "" : absl::StrCat(french ? " : " : ": ", s.partner_sector()),
          ")");
    }
    parts.push_back(std::move(partner));
  } else {
    parts.push_back(french ? "Seul(e)" : "Single");
  }
  if (s.children_count() > 0) {
    std::vector<std::string> ages;
    for (int age : s.children_ages()) ages.push_back(absl::StrCat(age));
    const std::string joined = ages.size() > 1
                                   ? absl::StrCat(absl::StrJoin(ages.begin(), ages.end() - 1, ", "),
                                                  french ? " et " : " and ", ages.back())
                                   : (ages.empty() ? "" : ages.front());
    if (french) {
      parts.push_back(absl::StrCat(
          s.children_count(), s.children_count() > 1 ? " enfants" : " enfant",
          joined.empty()
              ? ""
              : absl::StrCat(" (", joined,
                             ages.size() == 1 && s.children_ages(0) <= 1 ? " an)" : " ans)")));
    } else {
      parts.push_back(absl::StrCat(s.children_count(),
                                   s.children_count() > 1 ? " children" : " child",
                                   joined.empty() ? "" : absl::StrCat(" (aged ", joined, ")")));
    }
  } else {
    parts.push_back(french ? "sans enfant" : "no children");
  }
  return absl::StrJoin(parts, ", ");
}

std::string AvailabilityLine(const v1::CandidateSummary& s, bool french) {
  std::string line = s.available_from().empty()
                         ? std::string(french ? "Disponible dès maintenant" : "Available now")
                         : absl::StrCat(french ? "Disponible à partir du " : "Available from ",
                                        LongDate(s.available_from(), french));
  if (!s.available_until().empty()) {
    absl::StrAppend(&line, french ? ", jusqu'au " : ", until ",
                    LongDate(s.available_until(), french));
  }
  return line;
}

std::string HomeLine(const v1::CandidateSummary& s, bool french) {
  std::string line;
  if (!s.current_department().empty()) {
    line = absl::StrCat(french ? "Vit dans le département " : "Lives in département ",
                        s.current_department());
  }
  if (s.home_distance_km() >= 0) {
    absl::StrAppend(&line, line.empty() ? (french ? "Vit à " : "Lives ") : (french ? ", à " : ", "),
                    absl::StrFormat("%.0f km", s.home_distance_km()),
                    french ? " du poste" : " from the post");
  }
  return line;
}

}  // namespace matching::clients::agenda_text
