// The programme of the day on one printed page: every slot x every booth.
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/agenda.h"
#include "clients/agenda_internal.h"
#include "clients/agenda_text.h"

namespace matching::clients {
namespace {

using agenda_internal::BoothName;
using agenda_internal::Clock;
using agenda_internal::HtmlEscape;
using agenda_internal::StartMinutes;

// Small type and fixed columns so that every booth fits across a landscape A4 page and a
// day of slots down it; the rows never split across pages.
constexpr const char* kProgrammeStyle =
    "body{margin:1em;font-size:9pt}h1{font-size:13pt}"
    "table.programme{table-layout:fixed;width:100%;margin-top:.5em}"
    "table.programme th,table.programme td{padding:.15em .3em;font-size:8.5pt;"
    "overflow-wrap:anywhere}"
    "table.programme th.time,table.programme td.time{width:7.5em;white-space:nowrap}"
    "td.free{color:#aaa;text-align:center}td.met{background:#f3f7fb}"
    "div.left{margin-top:.6em;font-size:8.5pt}div.left ul{margin:.2em 0 .4em 0}"
    "@media print{body{margin:0}}";

}  // namespace

std::string ProgrammeHtml(const v1::Event& event, const AgendaDetails& details) {
  const bool fr = details.french;
  const std::string title = absl::StrCat(fr ? "Programme — " : "Programme — ", event.name());
  std::string out = agenda_internal::PageHead(title, fr, /*landscape=*/true, kProgrammeStyle);
  absl::StrAppend(&out, "<h1>", HtmlEscape(event.name()), "</h1>\n<p class=\"meta\">",
                  agenda_internal::EventLine(event, fr), " · ", event.plan().interviews_size(),
                  fr ? " entretiens, " : " interviews, ", event.plan().registrants_served(),
                  fr ? " inscrits servis sur " : " of ", event.registrations_size(),
                  fr ? "" : " registrants served", "</p>\n");

  absl::flat_hash_map<std::string, int> column;
  absl::StrAppend(&out, "<table class=\"programme\"><thead><tr><th class=\"time\">",
                  fr ? "Heure" : "Time", "</th>");
  for (int b = 0; b < event.booths_size(); ++b) {
    const v1::Booth& booth = event.booths(b);
    column.emplace(booth.id(), b);
    absl::StrAppend(&out, "<th data-booth=\"", HtmlEscape(booth.id()), "\">",
                    HtmlEscape(BoothName(event, booth.id())), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead><tbody>\n");
  // slot id -> booth column -> the candidates met there (several when capacity > 1).
  std::map<std::string, std::map<int, std::vector<std::string>>> cells;
  for (const v1::Interview& i : event.plan().interviews()) {
    auto col = column.find(i.booth_id());
    if (col != column.end()) cells[i.slot_id()][col->second].push_back(i.candidate_id());
  }
  for (const v1::Slot* slot : agenda_internal::SlotsInTimeOrder(event)) {
    absl::StrAppend(&out, "<tr data-slot=\"", HtmlEscape(slot->id()), "\"><td class=\"time\">",
                    HtmlEscape(slot->start_time()), "–",
                    Clock(StartMinutes(slot->start_time()) + slot->duration_minutes()), "</td>");
    const auto& row = cells[slot->id()];
    for (int col = 0; col < event.booths_size(); ++col) {
      auto met = row.find(col);
      if (met == row.end()) {
        absl::StrAppend(&out, "<td class=\"free\">·</td>");
        continue;
      }
      std::vector<std::string> people;
      for (const std::string& id : met->second) people.push_back(HtmlEscape(id));
      absl::StrAppend(&out, "<td class=\"met\">", absl::StrJoin(people, "<br>"), "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody></table>\n");

  const v1::EventPlan& plan = event.plan();
  if (!plan.unserved().empty() || !plan.idle_booths().empty()) {
    absl::StrAppend(&out, "<div class=\"left\">");
    if (!plan.unserved().empty()) {
      absl::StrAppend(&out, "<strong>",
                      fr ? "Inscrits sans entretien" : "Registrants without an interview",
                      "</strong><ul>");
      for (const v1::UnservedRegistrant& u : plan.unserved()) {
        absl::StrAppend(&out, "<li>", HtmlEscape(u.candidate_id()), fr ? " : " : ": ",
                        HtmlEscape(agenda_internal::ReasonText(u.reason(), false, fr)), "</li>");
      }
      absl::StrAppend(&out, "</ul>");
    }
    if (!plan.idle_booths().empty()) {
      absl::StrAppend(&out, "<strong>",
                      fr ? "Stands sans entretien" : "Booths without an interview",
                      "</strong><ul>");
      for (const v1::IdleBooth& b : plan.idle_booths()) {
        absl::StrAppend(&out, "<li>", HtmlEscape(BoothName(event, b.booth_id())), fr ? " : " : ": ",
                        HtmlEscape(agenda_internal::ReasonText(b.reason(), true, fr)), "</li>");
      }
      absl::StrAppend(&out, "</ul>");
    }
    absl::StrAppend(&out, "</div>\n");
  }
  absl::StrAppend(&out, "</body></html>\n");
  return out;
}

}  // namespace matching::clients
