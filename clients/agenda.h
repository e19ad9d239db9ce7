// Agendas of a planned recruitment event for people: a timetable for the terminal, and
// per-participant files (CSV, iCalendar, printable HTML). Pure functions of the Event
// (with its plan, as GetEvent returns it); no gRPC. Thread-safe.
#ifndef MATCHING_CLIENTS_AGENDA_H_
#define MATCHING_CLIENTS_AGENDA_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "matching/v1/event.pb.h"

namespace matching::clients {

// Whose agenda: one candidate, one booth (a recruiter's table).
struct Participant {
  enum class Kind { kCandidate, kBooth };
  Kind kind = Kind::kCandidate;
  std::string id;
};

// Offer id -> what a person reads ("Médecin généraliste en MSP, Lunéville"); offers
// missing from it are shown by id.
using OfferTitles = std::map<std::string, std::string>;

// Every candidate with at least one registration, then every booth, in event order.
std::vector<Participant> Participants(const v1::Event& event);

// The slots x booths grid (each cell the candidates met there), then the summary figures:
// interviews, registrants served, total score, upper bound, gap, method.
// Text from the event is escaped for the terminal (TerminalText).
std::string Timetable(const v1::Event& event);

// One row per interview: event_id,date,start,end,slot_id,booth_id,booth_label,
// candidate_id,offer_id,score. RFC 4180 quoting; a text cell that a spreadsheet would take
// for a formula ("=...", "+", "-", "@", tab, CR) starts with "'" (CsvTextCell).
std::string AgendaCsv(const v1::Event& event);

// RFC 5545 calendar of one participant's interviews, times in Europe/Paris (with its
// VTIMEZONE), CRLF line ends, stable UIDs (event, booth, candidate). Written with libical,
// which escapes and folds; every text value is first cleaned by IcsPlainText
// (clients/untrusted_text.h), so no label can start a content line of its own.
std::string AgendaIcs(const v1::Event& event, const Participant& who,
                      const OfferTitles& titles = {});

// A printable HTML page of one participant's interviews (A4, no script, escaped text).
std::string AgendaHtml(const v1::Event& event, const Participant& who,
                       const OfferTitles& titles = {});

// An HTML index linking every participant's page (`html/<kind>-<id>.html`).
std::string AgendaIndexHtml(const v1::Event& event);

// The file name stem of a participant: "candidate-<id>" or "booth-<id>".
std::string FileStem(const Participant& who);

// Writes agenda.csv, index.html, ics/<stem>.ics and html/<stem>.html under `directory`
// (created if missing). Returns the number of files written through *written.
[[nodiscard]] absl::Status WriteAgendas(const v1::Event& event, const std::string& directory,
                                        const OfferTitles& titles, int* written);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_AGENDA_H_
