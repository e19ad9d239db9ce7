// Agendas of a planned recruitment event for people: a timetable for the terminal, and
// per-participant files (CSV, iCalendar, printable HTML) with a briefing per interview, a
// one-page programme of the day. Pure functions of the Event (with its plan, as GetEvent
// returns it) and of what GetAgenda answered (AgendaDetails); no gRPC. Thread-safe.
//
// A candidate's agenda shows the offer, the place, the time and what the territory offers
// the household; never a score. A booth's agenda shows, per interview, who the household
// is (profession, specialty, experience, household shape, availability, what it looks
// for) and the pair's strongest reasons.
#ifndef MATCHING_CLIENTS_AGENDA_H_
#define MATCHING_CLIENTS_AGENDA_H_

#include <map>
#include <string>
#include <utility>
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

// GetAgenda's briefings by (candidate_id, booth_id): a pair meets once.
using Briefings = std::map<std::pair<std::string, std::string>, v1::InterviewBriefing>;

// What the files say beyond the plan, and in which language.
struct AgendaDetails {
  bool french = true;  // --language fr (the default) or en
  OfferTitles titles;
  Briefings for_booths;      // GetAgenda(booth_id): summaries, wishes, the pair's reasons
  Briefings for_candidates;  // GetAgenda(candidate_id): what the territory offers
};

// Every candidate with at least one registration, then every booth, in event order.
std::vector<Participant> Participants(const v1::Event& event);

// The slots x booths grid (each cell the candidates met there), then the summary figures:
// interviews, registrants served, total score, upper bound, gap, method; then who was left
// out and why (EventPlan.unserved, idle_booths). Text from the event is escaped for the
// terminal (TerminalText).
std::string Timetable(const v1::Event& event, bool french = false);

// The registrants without an interview and the idle booths, one line each with the
// reason in words ("cand-7 : aucun stand de sa profession"); empty when nobody was left out.
std::string UnservedText(const v1::Event& event, bool french);

// The organiser's spreadsheet, one row per interview. French (the default): a UTF-8 BOM,
// ';' between cells, French headers, dates JJ/MM/AAAA and decimal commas, so that French
// Excel opens it in columns with its accents; English: no BOM, ',' and ISO dates.
// Columns: event, date, start, end, slot, booth, booth label, candidate, offer, score.
// Every cell quoted (RFC 4180); a text cell that a spreadsheet would take for a formula
// ("=...", "+", "-", "@", tab, CR) starts with "'" (CsvTextCell).
std::string AgendaCsv(const v1::Event& event, const AgendaDetails& details = {});

// RFC 5545 calendar of one participant's interviews, times in Europe/Paris (with its
// VTIMEZONE), CRLF line ends, stable UIDs (event, booth, candidate). Written with libical,
// which escapes and folds; every text value is first cleaned by IcsPlainText
// (clients/untrusted_text.h), so no label can start a content line of its own. The
// description holds the briefing (a candidate's: no score).
std::string AgendaIcs(const v1::Event& event, const Participant& who,
                      const AgendaDetails& details = {});

// A printable HTML page of one participant's interviews (A4, no script, escaped text),
// with the briefings.
std::string AgendaHtml(const v1::Event& event, const Participant& who,
                       const AgendaDetails& details = {});

// An HTML index linking the programme and every participant's page (`html/<stem>.html`).
std::string AgendaIndexHtml(const v1::Event& event, const AgendaDetails& details = {});

// The programme of the day on one printed A4 page (landscape): every slot (rows) x every
// booth (columns), each cell the candidates met there; then who was left out. No script,
// escaped text, no score.
std::string ProgrammeHtml(const v1::Event& event, const AgendaDetails& details = {});

// The file name stem of a participant: "candidate-<id>" or "booth-<id>".
std::string FileStem(const Participant& who);

// The manifest WriteAgendas keeps in the directory: the files it wrote, one relative path
// a line.
inline constexpr char kAgendaManifest[] = ".matchctl-agenda-files";

struct AgendaWriteReport {
  int written = 0;  // files written (the manifest not counted)
  int removed = 0;  // files of an earlier run that the current plan no longer has
};

// Writes agenda.csv, programme.html, index.html, ics/<stem>.ics and html/<stem>.html under
// `directory` (created if missing), then removes the files an earlier run wrote (listed in
// its manifest) that this one did not: the directory reflects the current plan only. Only
// a path of the shapes above (no other name, no "..", no absolute path) is ever removed,
// whatever the manifest says, so a user's own files in the directory are kept.
[[nodiscard]] absl::Status WriteAgendas(const v1::Event& event, const std::string& directory,
                                        const AgendaDetails& details, AgendaWriteReport* report);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_AGENDA_H_
