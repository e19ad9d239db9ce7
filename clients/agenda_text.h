// The words of the agendas, in French or English: dates, professions, households and the
// lines of a candidate's briefing. Local to the agenda files (clients/agenda*.cc); the
// date functions are the ones to fold into a shared formatting helper. Pure; thread-safe.
#ifndef MATCHING_CLIENTS_AGENDA_TEXT_H_
#define MATCHING_CLIENTS_AGENDA_TEXT_H_

#include <string>

#include "matching/v1/matching.pb.h"

namespace matching::clients::agenda_text {

// "vendredi 12 mars 2027" (French) or "Friday 12 March 2027"; `yyyy_mm_dd` unchanged when
// it is not a date.
std::string LongDate(const std::string& yyyy_mm_dd, bool french);

// "12/03/2027" (JJ/MM/AAAA: French Excel reads it as a date) or "2027-03-12" unchanged.
std::string ShortDate(const std::string& yyyy_mm_dd, bool french);

// "0,75" (French decimal comma) or "0.75", with `decimals` digits.
std::string Decimal(double value, int decimals, bool french);

// "Médecin généraliste" / "GP".
std::string ProfessionName(v1::Profession profession, bool french);

// "Médecin spécialiste (cardiologie), 9 ans d'expérience".
std::string WhoLine(const v1::CandidateSummary& summary, bool french);

// "En couple (le conjoint cherche un emploi : santé), 2 enfants (2 et 7 ans)", "Seul(e)".
std::string HouseholdLine(const v1::CandidateSummary& summary, bool french);

// "Disponible à partir du 4 janvier 2027, jusqu'au 3 janvier 2030", "Disponible dès maintenant".
std::string AvailabilityLine(const v1::CandidateSummary& summary, bool french);

// "Vit dans le département 75, à 280 km du poste"; empty when neither is known.
std::string HomeLine(const v1::CandidateSummary& summary, bool french);

}  // namespace matching::clients::agenda_text

#endif  // MATCHING_CLIENTS_AGENDA_TEXT_H_
