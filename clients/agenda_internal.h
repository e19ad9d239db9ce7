// Pieces the agenda files share (clients/agenda*.cc); not part of the agenda API.
#ifndef MATCHING_CLIENTS_AGENDA_INTERNAL_H_
#define MATCHING_CLIENTS_AGENDA_INTERNAL_H_

#include <string>
#include <vector>

#include "clients/agenda.h"

namespace matching::clients::agenda_internal {

// Minutes since midnight of "HH:MM"; 0 for anything else (the server validates times).
int StartMinutes(const std::string& hh_mm);
// "09:40" for 580.
std::string Clock(int minutes);
// The booth's label, else its id.
std::string BoothName(const v1::Event& event, const std::string& booth_id);
// The event's slots in time order.
std::vector<const v1::Slot*> SlotsInTimeOrder(const v1::Event& event);
// `text` fit for HTML text and attribute values.
std::string HtmlEscape(const std::string& text);
// The page up to <body> (A4 portrait or landscape, then `extra_style`), title escaped.
std::string PageHead(const std::string& title, bool french, bool landscape = false,
                     const char* extra_style = "");
// "vendredi 12 mars 2027 · Maison de la Lorraine, Paris", escaped.
std::string EventLine(const v1::Event& event, bool french);
// Why one registrant or booth was left out, in words.
std::string ReasonText(v1::UnservedReason reason, bool booth, bool french);

}  // namespace matching::clients::agenda_internal

#endif  // MATCHING_CLIENTS_AGENDA_INTERNAL_H_
