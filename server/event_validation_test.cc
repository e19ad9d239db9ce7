// Field-named validation of recruitment events: every bad input the issue lists, and more.
#include "server/event_validation.h"

#include <functional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::server {
namespace {

v1::Event GoodEvent() {
  v1::Event event;
  event.set_id("ev-paris-2027");
  event.set_name("Job dating Meurthe-et-Moselle");
  event.set_place("Paris");
  event.set_date("2027-03-12");
  for (const char* start : {"09:00", "09:20", "09:40"}) {
    v1::Slot* slot = event.add_slots();
    slot->set_id(std::string("s") + start);
    slot->set_start_time(start);
    slot->set_duration_minutes(20);
  }
  v1::Booth* booth = event.add_booths();
  booth->set_id("booth-luneville");
  booth->add_offer_ids("of-luneville-msp");
  booth->add_available_slot_ids("s09:00");
  v1::Registration* registration = event.add_registrations();
  registration->set_candidate_id("cand-1");
  registration->add_available_slot_ids("s09:20");
  return event;
}

struct Case {
  const char* name;
  std::function<void(v1::Event&)> spoil;
  const char* field;
  const char* value;
};

TEST(EventValidationTest, AGoodEventPasses) { EXPECT_TRUE(ValidateEvent(GoodEvent()).ok()); }

TEST(EventValidationTest, UnsetCapacityIsAllowedAndMeansOne) {
  v1::Event event = GoodEvent();
  EXPECT_FALSE(event.booths(0).has_capacity());
  EXPECT_TRUE(ValidateEvent(event).ok());
}

TEST(EventValidationTest, BadInputNamesTheFieldAndTheValue) {
  const Case cases[] = {
      {"overlapping slot", [](v1::Event& e) { e.mutable_slots(2)->set_start_time("09:30"); },
       "event.slots[2]", "overlaps slot 's09:20'"},
      {"capacity 0", [](v1::Event& e) { e.mutable_booths(0)->set_capacity(0); },
       "event.booths[0].capacity", "0 is outside"},
      {"unknown slot in a booth",
       [](v1::Event& e) { e.mutable_booths(0)->add_available_slot_ids("s12:00"); },
       "event.booths[0].available_slot_ids[1]", "'s12:00' names no slot"},
      {"unknown slot in a registration",
       [](v1::Event& e) { e.mutable_registrations(0)->set_available_slot_ids(0, "nope"); },
       "event.registrations[0].available_slot_ids[0]", "'nope' names no slot"},
      {"bad time", [](v1::Event& e) { e.mutable_slots(0)->set_start_time("9h00"); },
       "event.slots[0].start_time", "'9h00'"},
      {"zero duration", [](v1::Event& e) { e.mutable_slots(1)->set_duration_minutes(0); },
       "event.slots[1].duration_minutes", "0 is outside"},
      {"duplicate slot id", [](v1::Event& e) { e.mutable_slots(1)->set_id("s09:00"); },
       "event.slots[1].id", "used by two slots"},
      {"no slots", [](v1::Event& e) { e.clear_slots(); }, "event.slots", "at least one slot"},
      {"booth without offer", [](v1::Event& e) { e.mutable_booths(0)->clear_offer_ids(); },
       "event.booths[0].offer_ids", "at least one offer"},
      {"bad offer id", [](v1::Event& e) { e.mutable_booths(0)->set_offer_ids(0, "a b"); },
       "event.booths[0].offer_ids[0]", "'a b'"},
      {"duplicate registration", [](v1::Event& e) { *e.add_registrations() = e.registrations(0); },
       "event.registrations[1].candidate_id", "'cand-1' is registered twice"},
      {"negative maximum", [](v1::Event& e) { e.mutable_registrations(0)->set_max_interviews(-2); },
       "event.registrations[0].max_interviews", "-2 is outside"},
      {"bad date", [](v1::Event& e) { e.set_date("2027-02-30"); }, "event.date", "2027-02-30"},
      {"missing date", [](v1::Event& e) { e.clear_date(); }, "event.date", "required"},
      {"min score above 1", [](v1::Event& e) { e.set_min_score(1.5); }, "event.min_score",
       "1.5 is outside [0, 1]"},
      {"bad id", [](v1::Event& e) { e.set_id(""); }, "event.id", ""},
      {"slot past midnight",
       [](v1::Event& e) {
         e.mutable_slots(2)->set_start_time("23:50");
         e.mutable_slots(2)->set_duration_minutes(30);
       },
       "event.slots[2].duration_minutes", "ends after midnight"},
  };
  for (const Case& c : cases) {
    v1::Event event = GoodEvent();
    c.spoil(event);
    absl::Status status = ValidateEvent(event);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(std::string(status.message()), ::testing::StartsWith(std::string(c.field) + ":"))
        << c.name << ": " << status;
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(c.value))
        << c.name << ": " << status;
  }
}

TEST(EventValidationTest, AdjacentSlotsDoNotOverlap) {
  v1::Event event = GoodEvent();
  event.mutable_slots(1)->set_start_time("09:20");  // 09:00-09:20 then 09:20-09:40
  EXPECT_TRUE(ValidateEvent(event).ok());
  EXPECT_EQ(SlotStartMinutes(event.slots(1)), 9 * 60 + 20);
}

}  // namespace
}  // namespace matching::server
