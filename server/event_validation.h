// Field-named validation of recruitment events, before anything is stored or planned.
//
// Structural checks only (ids, times, overlaps, references between slots, booths and
// registrations); whether the offers and candidates exist is checked against the index
// by the event service. Pure functions; thread-safe.
#ifndef MATCHING_SERVER_EVENT_VALIDATION_H_
#define MATCHING_SERVER_EVENT_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "matching/v1/event.pb.h"

namespace matching::server {

inline constexpr int kMaxEventSlots = 96;
inline constexpr int kMaxEventBooths = 500;
inline constexpr int kMaxEventRegistrations = 5000;
inline constexpr int kMaxOffersPerBooth = 20;
inline constexpr int kMaxSlotMinutes = 240;
inline constexpr int kDefaultMaxInterviews = 3;

// InvalidArgument naming the field and value: "event.slots[2].start_time: '10:10'-'10:30'
// overlaps slot 's2' (10:00-10:20)", "event.booths[0].capacity: 0 must be >= 1",
// "event.registrations[4].available_slot_ids[0]: 's9' names no slot of the event".
[[nodiscard]] absl::Status ValidateEvent(const v1::Event& event,
                                         const std::string& field = "event");

// Minutes since midnight of a "HH:MM" slot start (validated input only).
int SlotStartMinutes(const v1::Slot& slot);

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_VALIDATION_H_
