// Agendas of a planned event: timetable, CSV, iCalendar and printable HTML.
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
#include "clients/output.h"
#include "clients/untrusted_text.h"

namespace matching::clients {
namespace {

// Minutes since midnight of "HH:MM"; 0 for anything else (the server validates times).
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

std::string EndTime(const v1::Interview& interview) {
  return Clock(StartMinutes(interview.start_time()) + interview.duration_minutes());
}

const v1::Booth* FindBooth(const v1::Event& event, const std::string& id) {
  for (const v1::Booth& booth : event.booths()) {
    if (booth.id() == id) return &booth;
  }
  return nullptr;
}

std::string BoothName(const v1::Event& event, const std::string& id) {
  const v1::Booth* booth = FindBooth(event, id);
  return booth != nullptr && !booth->label().empty() ? booth->label() : id;
}

std::string OfferTitle(const OfferTitles& titles, const std::string& offer_id) {
  auto found = titles.find(offer_id);
  return found == titles.end() ? offer_id : found->second;
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
                        const Participant& who) {
  return who.kind == Participant::Kind::kCandidate
             ? absl::StrCat("Recruteur ", BoothName(event, interview.booth_id()))
             : absl::StrCat("Candidat ", interview.candidate_id());
}

std::string HtmlEscape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
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

constexpr const char* kPageStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em;margin-bottom:0}p.meta{color:#555;margin-top:.3em}"
    "table{border-collapse:collapse;width:100%;margin-top:1em}"
    "th,td{border:1px solid #999;padding:.4em .6em;text-align:left}"
    "th{background:#e8eef4}td.time{white-space:nowrap;font-weight:bold}"
    "@media print{body{margin:1cm}a{color:inherit;text-decoration:none}}"
    "@page{size:A4;margin:1.5cm}";

std::string PageHead(const std::string& title) {
  return absl::StrCat("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>",
                      HtmlEscape(title), "</title><style>", kPageStyle, "</style></head><body>\n");
}

std::string EventLine(const v1::Event& event) {
  return HtmlEscape(absl::StrCat(event.date(), event.place().empty() ? "" : " · ", event.place()));
}

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

std::string Timetable(const v1::Event& event) {
  std::vector<const v1::Slot*> slots;
  for (const v1::Slot& slot : event.slots()) slots.push_back(&slot);
  std::stable_sort(slots.begin(), slots.end(), [](const v1::Slot* a, const v1::Slot* b) {
    return StartMinutes(a->start_time()) < StartMinutes(b->start_time());
  });
  absl::flat_hash_map<std::string, int> column;
  std::vector<std::string> header = {"slot"};
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
  out << TerminalText(event.name()) << " — " << TerminalText(event.date())
      << (event.place().empty() ? "" : ", ") << TerminalText(event.place()) << "\n\n";
  PrintTable(out, header, rows);
  const v1::EventPlan& plan = event.plan();
  out << "\n"
      << absl::StrFormat(
             "%d interviews, %d of %d registrants served, total score %.3f, upper bound %.3f, "
             "gap %.2f%% (%s%s%s)\n",
             plan.interviews_size(), plan.registrants_served(), event.registrations_size(),
             plan.total_score(), plan.upper_bound(), 100 * plan.gap(), TerminalText(plan.method()),
             plan.optimal() ? ", optimal" : "",
             plan.budget_exhausted() ? ", work budget reached: best plan found" : "");
  return out.str();
}

std::string AgendaCsv(const v1::Event& event) {
  std::string out =
      "event_id,date,start,end,slot_id,booth_id,booth_label,candidate_id,offer_id,score\r\n";
  for (const v1::Interview& i : event.plan().interviews()) {
    // Every cell but the score comes from outside: CsvTextCell neutralises formulas.
    std::vector<std::string> cells;
    for (const std::string& text :
         {event.id(), event.date(), i.start_time(), EndTime(i), i.slot_id(), i.booth_id(),
          BoothName(event, i.booth_id()), i.candidate_id(), i.offer_id()}) {
      cells.push_back(CsvTextCell(text));
    }
    cells.push_back(CsvNumberCell(i.score(), 3));
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

std::string AgendaIcs(const v1::Event& event, const Participant& who, const OfferTitles& titles) {
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
        icalproperty_new_summary(
            IcsPlainText(absl::StrCat("Entretien — ", Counterpart(event, *i, who))).c_str()));
    if (!event.place().empty()) {
      icalcomponent_add_property(vevent,
                                 icalproperty_new_location(IcsPlainText(event.place()).c_str()));
    }
    // The line breaks are ours, between values cleaned one by one.
    const std::string description = absl::StrCat(
        IcsPlainText(event.name()), "\noffre : ", IcsPlainText(OfferTitle(titles, i->offer_id())),
        "\nscore ", absl::StrFormat("%.2f", i->score()));
    icalcomponent_add_property(vevent, icalproperty_new_description(description.c_str()));
    icalcomponent_add_component(calendar.get(), vevent);
  }
  std::unique_ptr<char, void (*)(void*)> text(icalcomponent_as_ical_string_r(calendar.get()),
                                              icalmemory_free_buffer);
  return text == nullptr ? std::string() : std::string(text.get());
}

std::string AgendaHtml(const v1::Event& event, const Participant& who, const OfferTitles& titles) {
  const bool candidate = who.kind == Participant::Kind::kCandidate;
  const std::string whose = candidate ? absl::StrCat("Candidat ", who.id)
                                      : absl::StrCat("Recruteur ", BoothName(event, who.id));
  std::string out = PageHead(absl::StrCat(event.name(), " — ", whose));
  absl::StrAppend(&out, "<h1>", HtmlEscape(event.name()), "</h1>\n<p class=\"meta\">",
                  EventLine(event), "</p>\n<h2>Agenda — ", HtmlEscape(whose), "</h2>\n");
  const std::vector<const v1::Interview*> mine = InterviewsOf(event, who);
  if (mine.empty()) {
    absl::StrAppend(&out, "<p>Aucun entretien programmé.</p>\n");
  } else {
    absl::StrAppend(&out, "<table><thead><tr><th>Heure</th><th>",
                    candidate ? "Recruteur" : "Candidat",
                    "</th><th>Offre</th><th>Score</th></tr></thead><tbody>\n");
    for (const v1::Interview* i : mine) {
      absl::StrAppend(&out, "<tr><td class=\"time\">", HtmlEscape(i->start_time()), "–",
                      HtmlEscape(EndTime(*i)), "</td><td>",
                      HtmlEscape(candidate ? BoothName(event, i->booth_id()) : i->candidate_id()),
                      "</td><td>", HtmlEscape(OfferTitle(titles, i->offer_id())), "</td><td>",
                      absl::StrFormat("%.2f", i->score()), "</td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody></table>\n<p class=\"meta\">", mine.size(),
                    mine.size() > 1 ? " entretiens" : " entretien", "</p>\n");
  }
  absl::StrAppend(&out, "</body></html>\n");
  return out;
}

std::string AgendaIndexHtml(const v1::Event& event) {
  std::string out = PageHead(event.name());
  absl::StrAppend(&out, "<h1>", HtmlEscape(event.name()), "</h1>\n<p class=\"meta\">",
                  EventLine(event), "</p>\n<ul>\n");
  for (const Participant& who : Participants(event)) {
    absl::StrAppend(
        &out, "<li><a href=\"html/", HtmlEscape(FileStem(who)), ".html\">",
        who.kind == Participant::Kind::kCandidate ? "Candidat " : "Recruteur ",
        HtmlEscape(who.kind == Participant::Kind::kCandidate ? who.id : BoothName(event, who.id)),
        "</a> (", InterviewsOf(event, who).size(), ")</li>\n");
  }
  absl::StrAppend(&out, "</ul>\n</body></html>\n");
  return out;
}

absl::Status WriteAgendas(const v1::Event& event, const std::string& directory,
                          const OfferTitles& titles, int* written) {
  namespace fs = std::filesystem;
  std::error_code error;
  for (const char* sub : {"ics", "html"}) {
    fs::create_directories(fs::path(directory) / sub, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("cannot create '", directory, "/", sub, "': ", error.message()));
    }
  }
  *written = 0;
  auto write = [&](const fs::path& path, const std::string& content) -> absl::Status {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out.flush())
      return absl::InternalError(absl::StrCat("cannot write '", path.string(), "'"));
    ++*written;
    return absl::OkStatus();
  };
  const fs::path root(directory);
  if (absl::Status s = write(root / "agenda.csv", AgendaCsv(event)); !s.ok()) return s;
  if (absl::Status s = write(root / "index.html", AgendaIndexHtml(event)); !s.ok()) return s;
  for (const Participant& who : Participants(event)) {
    const std::string stem = FileStem(who);
    if (absl::Status s = write(root / "ics" / (stem + ".ics"), AgendaIcs(event, who, titles));
        !s.ok()) {
      return s;
    }
    if (absl::Status s = write(root / "html" / (stem + ".html"), AgendaHtml(event, who, titles));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace matching::clients
