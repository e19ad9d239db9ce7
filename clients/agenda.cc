// Agendas of a planned event: timetable, CSV, iCalendar and per-participant HTML.
#include "clients/agenda.h"

#include <google/protobuf/util/time_util.h>
#include <libical/ical.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "clients/agenda_internal.h"
#include "clients/agenda_text.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"

namespace matching::clients {

namespace agenda_internal {

int StartMinutes(const std::string& hh_mm) {
  int hours = 0;
  int minutes = 0;
  if (hh_mm.size() != 5 || hh_mm[2] != ':' ||
      !absl::SimpleAtoi(absl::string_view(hh_mm).substr(0, 2), &hours) ||
      !absl::SimpleAtoi(absl::string_view(hh_mm).substr(3, 2), &minutes)) {
    return 0;
  }
  return hours * 60 + minutes;
}

std::string Clock(int minutes) { return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60); }

std::string BoothName(const v1::Event& event, const std::string& id) {
  for (const v1::Booth& booth : event.booths()) {
    if (booth.id() == id) return booth.label().empty() ? id : booth.label();
  }
  return id;
}

std::vector<const v1::Slot*> SlotsInTimeOrder(const v1::Event& event) {
  std::vector<const v1::Slot*> slots;
  for (const v1::Slot& slot : event.slots()) slots.push_back(&slot);
  std::stable_sort(slots.begin(), slots.end(), [](const v1::Slot* a, const v1::Slot* b) {
    return StartMinutes(a->start_time()) < StartMinutes(b->start_time());
  });
  return slots;
}

std::string HtmlEscape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

namespace {
constexpr const char* kPageStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em;margin-bottom:0}p.meta{color:#555;margin-top:.3em}"
    "table{border-collapse:collapse;width:100%;margin-top:1em}"
    "th,td{border:1px solid #999;padding:.4em .6em;text-align:left;vertical-align:top}"
    "th{background:#e8eef4}td.time{white-space:nowrap;font-weight:bold}"
    "ul.brief{margin:.3em 0 0 1em;padding:0}ul.brief li{margin:.1em 0}"
    "span.label{color:#555}"
    "@media print{body{margin:0}a{color:inherit;text-decoration:none}"
    "tr{break-inside:avoid}}";
}  // namespace

std::string PageHead(const std::string& title, bool french, bool landscape,
                     const char* extra_style) {
  return absl::StrCat("<!DOCTYPE html>\n<html lang=\"", french ? "fr" : "en",
                      "\"><head><meta charset=\"utf-8\"><title>", HtmlEscape(title),
                      "</title><style>", kPageStyle, "@page{size:A4", landscape ? " landscape" : "",
                      ";margin:1.2cm}", extra_style, "</style></head><body>\n");
}

std::string EventLine(const v1::Event& event, bool french) {
  return HtmlEscape(absl::StrCat(agenda_text::LongDate(event.date(), french),
                                 event.place().empty() ? "" : " · ", event.place()));
}

std::string ReasonText(v1::UnservedReason reason, bool booth, bool french) {
  switch (reason) {
    case v1::UNSERVED_REASON_NOT_VISIBLE:
      return french ? "n'est plus visible des recruteurs (consentement retiré ou recherche "
                      "suspendue)"
                    : "no longer visible to recruiters (consent withdrawn or search paused)";
    case v1::UNSERVED_REASON_NO_OFFER:
      return french ? "aucune de ses offres n'existe plus" : "none of its offers exists any more";
    case v1::UNSERVED_REASON_NO_PROFESSION_MATCH:
      if (booth) {
        return french ? "aucun inscrit de la profession (et spécialité) de ses offres"
                      : "no registrant of its offers' profession (and specialty)";
      }
      return french ? "aucun stand de sa profession (et spécialité)"
                    : "no booth of their profession (and specialty)";
    case v1::UNSERVED_REASON_BEYOND_LIMITS:
      return french ? "toutes les rencontres possibles dépassent une limite (trajet, "
                      "département, expérience, date, engagement)"
                    : "every possible meeting breaks a limit (drive time, department, "
                      "experience, start date, commitment)";
    case v1::UNSERVED_REASON_BELOW_MIN_SCORE:
      return french ? "toutes les rencontres possibles sont sous le score minimum de "
                      "l'événement"
                    : "every possible meeting scores below the event's minimum score";
    case v1::UNSERVED_REASON_NO_COMMON_SLOT:
      return french ? "aucun créneau commun avec les stands concernés"
                    : "no slot in common with the booths concerned";
    case v1::UNSERVED_REASON_CAPACITY:
      return french ? "les créneaux communs sont pris par d'autres entretiens (capacité)"
                    : "the shared slots went to other interviews (capacity)";
    default:
      return french ? "raison inconnue" : "unknown reason";
  }
}

}  // namespace agenda_internal

namespace {

using agenda_internal::BoothName;
using agenda_internal::Clock;
using agenda_internal::EventLine;
using agenda_internal::HtmlEscape;
using agenda_internal::PageHead;
using agenda_internal::StartMinutes;

std::string EndTime(const v1::Interview& interview) {
  return Clock(StartMinutes(interview.start_time()) + interview.duration_minutes());
}

std::string OfferTitle(const AgendaDetails& details, const std::string& offer_id) {
  auto found = details.titles.find(offer_id);
  return found == details.titles.end() ? offer_id : found->second;
}

const v1::InterviewBriefing* FindBriefing(const Briefings& briefings,
                                          const v1::Interview& interview) {
  auto found = briefings.find({interview.candidate_id(), interview.booth_id()});
  return found == briefings.end() ? nullptr : &found->second;
}

bool Concerns(const v1::Interview& interview, const Participant& who) {
  return who.kind == Participant::Kind::kCandidate ? interview.candidate_id() == who.id
                                                   : interview.booth_id() == who.id;
}

// The participant's interviews in time order.
std::vector<const v1::Interview*> InterviewsOf(const v1::Event& event, const Participant& who) {
  std::vector<const v1::Interview*> mine;
  for (const v1::Interview& interview : event.plan().interviews()) {
    if (Concerns(interview, who)) mine.push_back(&interview);
  }
  std::stable_sort(mine.begin(), mine.end(), [](const v1::Interview* a, const v1::Interview* b) {
    return StartMinutes(a->start_time()) < StartMinutes(b->start_time());
  });
  return mine;
}

// The other side of the interview, as the participant sees it.
std::string Counterpart(const v1::Event& event, const v1::Interview& interview,
                        const Participant& who, bool french) {
  return who.kind == Participant::Kind::kCandidate
             ? absl::StrCat(french ? "Recruteur " : "Recruiter ",
                            BoothName(event, interview.booth_id()))
             : absl::StrCat(french ? "Candidat " : "Candidate ", interview.candidate_id());
}

// A briefing as labelled lines of plain text (label, text), for the HTML list and the
// calendar's description. A candidate's: what the territory offers the household. A
// booth's: who the household is, what it looks for, the pair's strongest reasons.
std::vector<std::pair<std::string, std::string>> BriefingLines(const v1::InterviewBriefing& b,
                                                               bool for_booth, bool french) {
  std::vector<std::pair<std::string, std::string>> lines;
  std::vector<std::string> reasons;
  for (const v1::CriterionScore& reason : b.reasons()) reasons.push_back(reason.explanation());
  if (!for_booth) {
    if (!reasons.empty()) {
      lines.push_back({french ? "Ce que le territoire offre à votre foyer"
                              : "What the territory offers your household",
                       absl::StrJoin(reasons, " ; ")});
    }
    return lines;
  }
  if (!b.has_candidate_summary()) {
    lines.push_back({french ? "Profil" : "Profile",
                     french ? "non communiqué (le foyer n'est plus visible des recruteurs)"
                            : "not given (the household is no longer visible to recruiters)"});
    return lines;
  }
  const v1::CandidateSummary& s = b.candidate_summary();
  lines.push_back({french ? "Profil" : "Profile", agenda_text::WhoLine(s, french)});
  lines.push_back({french ? "Foyer" : "Household", agenda_text::HouseholdLine(s, french)});
  lines.push_back(
      {french ? "Disponibilité" : "Availability", agenda_text::AvailabilityLine(s, french)});
  if (const std::string home = agenda_text::HomeLine(s, french); !home.empty()) {
    lines.push_back({french ? "Domicile" : "Home", home});
  }
  if (b.looks_for_size() > 0) {
    lines.push_back({french ? "Recherche" : "Looks for", absl::StrJoin(b.looks_for(), " ; ")});
  }
  if (!reasons.empty()) {
    lines.push_back({french ? "Points forts de la rencontre" : "Why this meeting",
                     absl::StrJoin(reasons, " ; ")});
  }
  return lines;
}

std::string BriefingHtml(const v1::InterviewBriefing* briefing, bool for_booth, bool french) {
  if (briefing == nullptr) return "";
  const auto lines = BriefingLines(*briefing, for_booth, french);
  if (lines.empty()) return "";
  std::string out = "<ul class=\"brief\">";
  for (const auto& [label, text] : lines) {
    absl::StrAppend(&out, "<li><span class=\"label\">", HtmlEscape(label), " :</span> ",
                    HtmlEscape(text), "</li>");
  }
  absl::StrAppend(&out, "</ul>");
  return out;
}

struct IcalComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using IcalComponent = std::unique_ptr<icalcomponent, IcalComponentFree>;

// A floating local time (its TZID goes in a parameter): `date` ("YYYY-MM-DD") at
// `minutes` after midnight, normalised past midnight. A date the server would have refused
// shows as 1970-01-01 rather than making the whole calendar unreadable.
icaltimetype LocalTime(const std::string& date, int minutes) {
  absl::CivilDay day(1970, 1, 1);
  if (!absl::ParseCivilTime(date, &day)) day = absl::CivilDay(1970, 1, 1);
  icaltimetype time = icaltime_null_time();
  time.year = static_cast<int>(day.year());
  time.month = day.month();
  time.day = day.day();
  icaltime_adjust(&time, 0, 0, minutes, 0);
  return time;
}

icaltimetype UtcStamp(const std::string& rfc3339) {
  google::protobuf::Timestamp stamp;
  if (rfc3339.empty() || !google::protobuf::util::TimeUtil::FromString(rfc3339, &stamp)) {
    stamp.set_seconds(0);
  }
  return icaltime_from_timet_with_zone(static_cast<time_t>(stamp.seconds()), 0,
                                       icaltimezone_get_utc_timezone());
}

icalproperty* InParis(icalproperty* property) {
  icalproperty_add_parameter(property, icalparameter_new_tzid("Europe/Paris"));
  return property;
}

constexpr const char* kParisTimezone[] = {
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
};

}  // namespace

std::vector<Participant> Participants(const v1::Event& event) {
  std::vector<Participant> all;
  for (const v1::Registration& r : event.registrations()) {
    all.push_back({Participant::Kind::kCandidate, r.candidate_id()});
  }
  for (const v1::Booth& b : event.booths()) all.push_back({Participant::Kind::kBooth, b.id()});
  return all;
}

std::string FileStem(const Participant& who) {
  return absl::StrCat(who.kind == Participant::Kind::kCandidate ? "candidate-" : "booth-", who.id);
}

std::string UnservedText(const v1::Event& event, bool french) {
  const v1::EventPlan& plan = event.plan();
  if (plan.unserved().empty() && plan.idle_booths().empty()) return "";
  std::ostringstream out;
  if (!plan.unserved().empty()) {
    out << (french ? "\ninscrits sans entretien :\n" : "\nregistrants without an interview:\n");
    for (const v1::UnservedRegistrant& u : plan.unserved()) {
      out << "  " << TerminalText(u.candidate_id()) << (french ? " : " : ": ")
          << agenda_internal::ReasonText(u.reason(), /*booth=*/false, french);
      if (u.reason() == v1::UNSERVED_REASON_BELOW_MIN_SCORE) {
        out << " (" << (french ? "meilleur " : "best ")
            << agenda_text::Decimal(u.best_score(), 2, french)
            << (french ? " < minimum " : " < minimum ")
            << agenda_text::Decimal(event.min_score(), 2, french) << ")";
      }
      if (u.booth_ids_size() > 0) {
        std::vector<std::string> booths;
        for (const std::string& id : u.booth_ids()) booths.push_back(TerminalText(id));
        out << (french ? " ; stands : " : "; booths: ") << absl::StrJoin(booths, ", ");
      }
      out << '\n';
    }
  }
  if (!plan.idle_booths().empty()) {
    out << (french ? "\nstands sans entretien :\n" : "\nbooths without an interview:\n");
    for (const v1::IdleBooth& b : plan.idle_booths()) {
      out << "  " << TerminalText(BoothName(event, b.booth_id())) << (french ? " : " : ": ")
          << agenda_internal::ReasonText(b.reason(), /*booth=*/true, french);
      if (b.registrants_concerned() > 0) {
        out << " (" << b.registrants_concerned()
            << (french ? " inscrit(s) concerné(s))" : " registrant(s) concerned)");
      }
      out << '\n';
    }
  }
  return out.str();
}

std::string Timetable(const v1::Event& event, bool french) {
  const std::vector<const v1::Slot*> slots = agenda_internal::SlotsInTimeOrder(event);
  absl::flat_hash_map<std::string, int> column;
  std::vector<std::string> header = {french ? "créneau" : "slot"};
  for (const v1::Booth& booth : event.booths()) {
    column[booth.id()] = static_cast<int>(header.size());
    header.push_back(booth.label().empty() ? booth.id() : booth.label());
  }
  std::map<std::string, std::map<int, std::vector<std::string>>> cells;  // slot -> column
  for (const v1::Interview& i : event.plan().interviews()) {
    cells[i.slot_id()][column[i.booth_id()]].push_back(i.candidate_id());
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Slot* slot : slots) {
    std::vector<std::string> row(header.size(), "·");
    row[0] = absl::StrCat(slot->start_time(), "-",
                          Clock(StartMinutes(slot->start_time()) + slot->duration_minutes()));
    for (const auto& [col, people] : cells[slot->id()]) row[col] = absl::StrJoin(people, " ");
    rows.push_back(std::move(row));
  }
  std::ostringstream out;
  out << TerminalText(event.name()) << " — "
      << TerminalText(agenda_text::LongDate(event.date(), french))
      << (event.place().empty() ? "" : ", ") << TerminalText(event.place()) << "\n\n";
  PrintTable(out, header, rows);
  const v1::EventPlan& plan = event.plan();
  out << "\n";
  if (french) {
    out << absl::StrFormat(
        "%d entretiens, %d inscrits servis sur %d, score total %s, borne supérieure %s, écart "
        "%s %% (%s%s%s)\n",
        plan.interviews_size(), plan.registrants_served(), event.registrations_size(),
        agenda_text::Decimal(plan.total_score(), 3, true),
        agenda_text::Decimal(plan.upper_bound(), 3, true),
        agenda_text::Decimal(100 * plan.gap(), 2, true), TerminalText(plan.method()),
        plan.optimal() ? ", optimal" : "",
        plan.budget_exhausted() ? ", budget de calcul atteint : meilleur plan trouvé" : "");
  } else {
    out << absl::StrFormat(
        "%d interviews, %d of %d registrants served, total score %.3f, upper bound %.3f, "
        "gap %.2f%% (%s%s%s)\n",
        plan.interviews_size(), plan.registrants_served(), event.registrations_size(),
        plan.total_score(), plan.upper_bound(), 100 * plan.gap(), TerminalText(plan.method()),
        plan.optimal() ? ", optimal" : "",
        plan.budget_exhausted() ? ", work budget reached: best plan found" : "");
  }
  out << UnservedText(event, french);
  return out.str();
}

std::string AgendaCsv(const v1::Event& event, const AgendaDetails& details) {
  const bool fr = details.french;
  const char* separator = fr ? ";" : ",";
  // French Excel reads UTF-8 only with its byte order mark, and splits on ';'.
  std::string out =
      fr ? absl::StrCat("\xEF\xBB\xBF",
                        "événement;date;début;fin;créneau;stand;recruteur;candidat;offre;score\r\n")
         : "event_id,date,start,end,slot_id,booth_id,booth_label,candidate_id,offer_id,score\r\n";
  for (const v1::Interview& i : event.plan().interviews()) {
    // Every cell but the score comes from outside: CsvTextCell neutralises formulas.
    std::vector<std::string> cells;
    for (const std::string& text :
         {event.id(), agenda_text::ShortDate(event.date(), fr), i.start_time(), EndTime(i),
          i.slot_id(), i.booth_id(), BoothName(event, i.booth_id()), i.candidate_id(),
          i.offer_id()}) {
      cells.push_back(CsvTextCell(text));
    }
    cells.push_back(fr ? absl::StrCat("\"", agenda_text::Decimal(i.score(), 3, true), "\"")
                       : CsvNumberCell(i.score(), 3));
    absl::StrAppend(&out, absl::StrJoin(cells, separator), "\r\n");
  }
  return out;
}

std::string AgendaIcs(const v1::Event& event, const Participant& who,
                      const AgendaDetails& details) {
  const bool fr = details.french;
  const bool for_booth = who.kind == Participant::Kind::kBooth;
  // Every text value from outside goes through IcsPlainText (no control character can start
  // a content line); libical escapes and folds.
  IcalComponent calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(),
                             icalproperty_new_prodid("-//matching//matchctl agenda//FR"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalcomponent_add_component(
      calendar.get(), icalparser_parse_string(absl::StrJoin(kParisTimezone, "\r\n").c_str()));
  const icaltimetype stamp = UtcStamp(event.plan().plan_time());
  for (const v1::Interview* i : InterviewsOf(event, who)) {
    icalcomponent* vevent = icalcomponent_new_vevent();
    const int start = StartMinutes(i->start_time());
    icalcomponent_add_property(
        vevent, icalproperty_new_uid(IcsPlainText(absl::StrCat(event.id(), "-", i->booth_id(), "-",
                                                               i->candidate_id(), "@matchd"))
                                         .c_str()));
    icalcomponent_add_property(vevent, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(vevent,
                               InParis(icalproperty_new_dtstart(LocalTime(event.date(), start))));
    icalcomponent_add_property(
        vevent,
        InParis(icalproperty_new_dtend(LocalTime(event.date(), start + i->duration_minutes()))));
    icalcomponent_add_property(
        vevent,
        icalproperty_new_summary(IcsPlainText(absl::StrCat(fr ? "Entretien — " : "Interview — ",
                                                           Counterpart(event, *i, who, fr)))
                                     .c_str()));
    if (!event.place().empty()) {
      icalcomponent_add_property(vevent,
                                 icalproperty_new_location(IcsPlainText(event.place()).c_str()));
    }
    // The line breaks are ours, between values cleaned one by one. A candidate's calendar
    // carries no score.
    std::string description = absl::StrCat(
        IcsPlainText(event.name()),
        fr ? "\noffre : " : "\noffer: ", IcsPlainText(OfferTitle(details, i->offer_id())));
    if (for_booth) {
      absl::StrAppend(&description, "\nscore ", agenda_text::Decimal(i->score(), 2, fr));
    }
    const Briefings& briefings = for_booth ? details.for_booths : details.for_candidates;
    if (const v1::InterviewBriefing* b = FindBriefing(briefings, *i); b != nullptr) {
      for (const auto& [label, text] : BriefingLines(*b, for_booth, fr)) {
        absl::StrAppend(&description, "\n", IcsPlainText(label), fr ? " : " : ": ",
                        IcsPlainText(text));
      }
    }
    icalcomponent_add_property(vevent, icalproperty_new_description(description.c_str()));
    icalcomponent_add_component(calendar.get(), vevent);
  }
  std::unique_ptr<char, void (*)(void*)> text(icalcomponent_as_ical_string_r(calendar.get()),
                                              icalmemory_free_buffer);
  return text == nullptr ? std::string() : std::string(text.get());
}

std::string AgendaHtml(const v1::Event& event, const Participant& who,
                       const AgendaDetails& details) {
  const bool fr = details.french;
  const bool candidate = who.kind == Participant::Kind::kCandidate;
  const std::string whose =
      candidate ? absl::StrCat(fr ? "Candidat " : "Candidate ", who.id)
                : absl::StrCat(fr ? "Recruteur " : "Recruiter ", BoothName(event, who.id));
  std::string out = PageHead(absl::StrCat(event.name(), " — ", whose), fr);
  absl::StrAppend(&out, "<h1>", HtmlEscape(event.name()), "</h1>\n<p class=\"meta\">",
                  EventLine(event, fr), "</p>\n<h2>Agenda — ", HtmlEscape(whose), "</h2>\n");
  const std::vector<const v1::Interview*> mine = InterviewsOf(event, who);
  if (mine.empty()) {
    absl::StrAppend(&out,
                    fr ? "<p>Aucun entretien programmé.</p>\n" : "<p>No interview planned.</p>\n");
    absl::StrAppend(&out, "</body></html>\n");
    return out;
  }
  // A candidate reads the offer, the place, the time and what the territory offers the
  // household; never a score. A recruiter reads the briefing and the pair's score.
  if (candidate) {
    absl::StrAppend(&out, "<table><thead><tr><th>", fr ? "Heure" : "Time", "</th><th>",
                    fr ? "Recruteur" : "Recruiter", "</th><th>", fr ? "Offre" : "Offer",
                    "</th></tr></thead><tbody>\n");
  } else {
    absl::StrAppend(&out, "<table><thead><tr><th>", fr ? "Heure" : "Time", "</th><th>",
                    fr ? "Candidat" : "Candidate", "</th><th>", fr ? "Offre" : "Offer",
                    "</th><th>Score</th></tr></thead><tbody>\n");
  }
  for (const v1::Interview* i : mine) {
    const v1::InterviewBriefing* b =
        FindBriefing(candidate ? details.for_candidates : details.for_booths, *i);
    absl::StrAppend(&out, "<tr><td class=\"time\">", HtmlEscape(i->start_time()), "–",
                    HtmlEscape(EndTime(*i)), "</td><td>");
    if (candidate) {
      absl::StrAppend(&out, HtmlEscape(BoothName(event, i->booth_id())), "</td><td>",
                      HtmlEscape(OfferTitle(details, i->offer_id())),
                      BriefingHtml(b, /*for_booth=*/false, fr), "</td></tr>\n");
    } else {
      absl::StrAppend(&out, "<strong>", HtmlEscape(i->candidate_id()), "</strong>",
                      BriefingHtml(b, /*for_booth=*/true, fr), "</td><td>",
                      HtmlEscape(OfferTitle(details, i->offer_id())), "</td><td>",
                      agenda_text::Decimal(i->score(), 2, fr), "</td></tr>\n");
    }
  }
  absl::StrAppend(&out, "</tbody></table>\n<p class=\"meta\">", mine.size(),
                  fr ? (mine.size() > 1 ? " entretiens" : " entretien")
                     : (mine.size() > 1 ? " interviews" : " interview"),
                  "</p>\n</body></html>\n");
  return out;
}

std::string AgendaIndexHtml(const v1::Event& event, const AgendaDetails& details) {
  const bool fr = details.french;
  std::string out = PageHead(event.name(), fr);
  absl::StrAppend(&out, "<h1>", HtmlEscape(event.name()), "</h1>\n<p class=\"meta\">",
                  EventLine(event, fr), "</p>\n<p><a href=\"programme.html\">",
                  fr ? "Programme de la journée" : "Programme of the day",
                  "</a> · <a href=\"agenda.csv\">agenda.csv</a></p>\n<ul>\n");
  for (const Participant& who : Participants(event)) {
    const bool candidate = who.kind == Participant::Kind::kCandidate;
    absl::StrAppend(
        &out, "<li><a href=\"html/", HtmlEscape(FileStem(who)), ".html\">",
        candidate ? (fr ? "Candidat " : "Candidate ") : (fr ? "Recruteur " : "Recruiter "),
        HtmlEscape(candidate ? who.id : BoothName(event, who.id)), "</a> (",
        InterviewsOf(event, who).size(), ")</li>\n");
  }
  absl::StrAppend(&out, "</ul>\n</body></html>\n");
  return out;
}

}  // namespace matching::clients
