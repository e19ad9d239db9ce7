// Field-named validation of recruitment events.
#include "server/event_validation.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/validation.h"

namespace matching::server {
namespace {

std::string Clock(int minutes) { return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60); }

// "HH:MM", 00:00..23:59.
bool ParseClock(const std::string& text, int* minutes) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int mins = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || mins > 59) return false;
  *minutes = hours * 60 + mins;
  return true;
}

template <typename List>
absl::Status CheckCount(const std::string& field, const List& list, int max) {
  if (list.size() > max) {
    return InvalidField(field,
                        absl::StrCat("has ", list.size(), " entries; at most ", max, " allowed"));
  }
  return absl::OkStatus();
}

absl::Status CheckSlots(const v1::Event& event, const std::string& field) {
  if (event.slots().empty())
    return InvalidField(field + ".slots", "an event needs at least one slot");
  if (absl::Status s = CheckCount(field + ".slots", event.slots(), kMaxEventSlots); !s.ok()) {
    return s;
  }
  struct Span {
    int start, end, index;
  };
  std::vector<Span> spans;
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < event.slots_size(); ++i) {
    const v1::Slot& slot = event.slots(i);
    const std::string path = absl::StrCat(field, ".slots[", i, "]");
    if (absl::Status s = ValidateId(path + ".id", slot.id()); !s.ok()) return s;
    if (!ids.insert(slot.id()).second) {
      return InvalidField(path + ".id", absl::StrCat("'", slot.id(), "' is used by two slots"));
    }
    int start = 0;
    if (!ParseClock(slot.start_time(), &start)) {
      return InvalidField(path + ".start_time",
                          absl::StrCat("'", slot.start_time(), "' is not a time \"HH:MM\""));
    }
    if (slot.duration_minutes() < 1 || slot.duration_minutes() > kMaxSlotMinutes) {
      return InvalidField(
          path + ".duration_minutes",
          absl::StrCat(slot.duration_minutes(), " is outside [1, ", kMaxSlotMinutes, "]"));
    }
    if (start + slot.duration_minutes() > 24 * 60) {
      return InvalidField(path + ".duration_minutes",
                          absl::StrCat(slot.duration_minutes(), " minutes from ", slot.start_time(),
                                       " ends after midnight"));
    }
    spans.push_back({start, start + slot.duration_minutes(), i});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.start != b.start ? a.start < b.start : a.index < b.index;
  });
  for (size_t k = 1; k < spans.size(); ++k) {
    const Span& before = spans[k - 1];
    const Span& after = spans[k];
    if (after.start < before.end) {
      const Span& later = before.index > after.index ? before : after;
      const Span& other = before.index > after.index ? after : before;
      return InvalidField(
          absl::StrCat(field, ".slots[", later.index, "]"),
          absl::StrCat(Clock(later.start), "-", Clock(later.end), " overlaps slot '",
                       event.slots(other.index).id(), "' (", Clock(other.start), "-",
                       Clock(other.end), "); one person cannot be in two interviews at once"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSlotRefs(const std::string& field,
                           const google::protobuf::RepeatedPtrField<std::string>& slot_ids,
                           const absl::flat_hash_set<std::string>& slots) {
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < slot_ids.size(); ++i) {
    const std::string path = absl::StrCat(field, "[", i, "]");
    if (!slots.contains(slot_ids[i])) {
      return InvalidField(path, absl::StrCat("'", slot_ids[i], "' names no slot of the event"));
    }
    if (!seen.insert(slot_ids[i]).second) {
      return InvalidField(path, absl::StrCat("'", slot_ids[i], "' is listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckBooths(const v1::Event& event, const std::string& field,
                         const absl::flat_hash_set<std::string>& slots) {
  if (absl::Status s = CheckCount(field + ".booths", event.booths(), kMaxEventBooths); !s.ok()) {
    return s;
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < event.booths_size(); ++i) {
    const v1::Booth& booth = event.booths(i);
    const std::string path = absl::StrCat(field, ".booths[", i, "]");
    if (absl::Status s = ValidateId(path + ".id", booth.id()); !s.ok()) return s;
    if (!ids.insert(booth.id()).second) {
      return InvalidField(path + ".id", absl::StrCat("'", booth.id(), "' is used by two booths"));
    }
    if (booth.offer_ids().empty()) {
      return InvalidField(path + ".offer_ids", "a booth needs at least one offer");
    }
    if (absl::Status s = CheckCount(path + ".offer_ids", booth.offer_ids(), kMaxOffersPerBooth);
        !s.ok()) {
      return s;
    }
    for (int k = 0; k < booth.offer_ids_size(); ++k) {
      if (absl::Status s =
              ValidateId(absl::StrCat(path, ".offer_ids[", k, "]"), booth.offer_ids(k));
          !s.ok()) {
        return s;
      }
    }
    if (booth.has_capacity() && (booth.capacity() < 1 || booth.capacity() > 50)) {
      return InvalidField(path + ".capacity",
                          absl::StrCat(booth.capacity(), " is outside [1, 50] (unset means 1)"));
    }
    if (absl::Status s = ValidateText(path + ".label", booth.label()); !s.ok()) return s;
    if (absl::Status s =
            CheckSlotRefs(path + ".available_slot_ids", booth.available_slot_ids(), slots);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRegistrations(const v1::Event& event, const std::string& field,
                                const absl::flat_hash_set<std::string>& slots) {
  if (absl::Status s =
          CheckCount(field + ".registrations", event.registrations(), kMaxEventRegistrations);
      !s.ok()) {
    return s;
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < event.registrations_size(); ++i) {
    const v1::Registration& registration = event.registrations(i);
    const std::string path = absl::StrCat(field, ".registrations[", i, "]");
    if (absl::Status s = ValidateId(path + ".candidate_id", registration.candidate_id()); !s.ok()) {
      return s;
    }
    if (!ids.insert(registration.candidate_id()).second) {
      return InvalidField(path + ".candidate_id",
                          absl::StrCat("'", registration.candidate_id(), "' is registered twice"));
    }
    if (registration.max_interviews() < 0 || registration.max_interviews() > kMaxEventSlots) {
      return InvalidField(path + ".max_interviews",
                          absl::StrCat(registration.max_interviews(), " is outside [0, ",
                                       kMaxEventSlots, "] (0 means the event's maximum)"));
    }
    if (absl::Status s =
            CheckSlotRefs(path + ".available_slot_ids", registration.available_slot_ids(), slots);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

int SlotStartMinutes(const v1::Slot& slot) {
  int minutes = 0;
  ParseClock(slot.start_time(), &minutes);
  return minutes;
}

absl::Status ValidateEvent(const v1::Event& event, const std::string& field) {
  if (absl::Status s = ValidateId(field + ".id", event.id()); !s.ok()) return s;
  if (absl::Status s = ValidateText(field + ".name", event.name()); !s.ok()) return s;
  if (absl::Status s = ValidateText(field + ".place", event.place()); !s.ok()) return s;
  if (event.date().empty()) return InvalidField(field + ".date", "is required (\"YYYY-MM-DD\")");
  if (absl::Status s = ValidateDate(field + ".date", event.date()); !s.ok()) return s;
  if (event.max_interviews_per_candidate() < 0 ||
      event.max_interviews_per_candidate() > kMaxEventSlots) {
    return InvalidField(field + ".max_interviews_per_candidate",
                        absl::StrCat(event.max_interviews_per_candidate(), " is outside [0, ",
                                     kMaxEventSlots, "] (0 means ", kDefaultMaxInterviews, ")"));
  }
  if (absl::Status s = ValidateRange(field + ".min_score", event.min_score(), 0, 1); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckSlots(event, field); !s.ok()) return s;
  absl::flat_hash_set<std::string> slots;
  for (const v1::Slot& slot : event.slots()) slots.insert(slot.id());
  if (absl::Status s = CheckBooths(event, field, slots); !s.ok()) return s;
  return CheckRegistrations(event, field, slots);
}

}  // namespace matching::server
