// EventService end to end: a job-dating day planned through a real server, agendas read
// back, a re-plan after a cancellation and a late registration, bad input, restart.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/event.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

class EventE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    Start();
    PutTerritory("54431", "Lunéville");
    PutTerritory("55029", "Bar-le-Duc");
    PutOffer("of-luneville", "54431", v1::PRACTICE_SETTING_MSP);
    PutOffer("of-barleduc", "55029", v1::PRACTICE_SETTING_SOLO_PRACTICE);
    PutOffer("of-luneville-2", "54431", v1::PRACTICE_SETTING_GROUP_PRACTICE);
    for (int i = 1; i <= 5; ++i) PutCandidate("cand-" + std::to_string(i), i);
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  void Start() {
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> started =
        server::MatchServer::Start(config);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);
    events_ = v1::EventService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  void PutTerritory(const std::string& id, const std::string& name) {
    v1::UpsertTerritoryRequest request;
    v1::Territory* t = request.mutable_territory();
    t->set_id(id);
    t->set_name(name);
    t->set_department_code(id.substr(0, 2));
    t->set_region_code("44");
    t->set_creche_minutes(5);
    t->set_apl(2.1);
    v1::Territory response;
    ASSERT_TRUE(catalog_->UpsertTerritory(Context().get(), request, &response).ok());
  }
  void PutOffer(const std::string& id, const std::string& territory, v1::PracticeSetting setting) {
    v1::UpsertOfferRequest request;
    v1::Offer* o = request.mutable_offer();
    o->set_id(id);
    o->set_territory_id(territory);
    o->set_profession(v1::PROFESSION_GP);
    o->set_setting(setting);
    v1::Offer response;
    ASSERT_TRUE(catalog_->UpsertOffer(Context().get(), request, &response).ok());
  }
  void PutCandidate(const std::string& id, int experience) {
    v1::UpsertCandidateRequest request;
    v1::Candidate* c = request.mutable_candidate();
    c->set_id(id);
    c->set_profession(v1::PROFESSION_GP);
    c->set_experience_years(experience);
    c->add_preferred_settings(experience % 2 ? v1::PRACTICE_SETTING_MSP
                                             : v1::PRACTICE_SETTING_SOLO_PRACTICE);
    c->mutable_consent()->set_given(true);  // recruiters may see it
    v1::Candidate response;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), request, &response).ok());
  }

  static v1::Event Day() {
    v1::Event event;
    event.set_id("ev-paris");
    event.set_name("Job dating Lorraine");
    event.set_place("Paris");
    event.set_date("2027-03-12");
    event.set_max_interviews_per_candidate(2);
    for (const char* start : {"10:00", "09:00", "09:30"}) {  // not in time order on purpose
      v1::Slot* slot = event.add_slots();
      slot->set_id(std::string("s") + start);
      slot->set_start_time(start);
      slot->set_duration_minutes(30);
    }
    v1::Booth* luneville = event.add_booths();
    luneville->set_id("b-luneville");
    luneville->add_offer_ids("of-luneville");
    luneville->add_offer_ids("of-luneville-2");
    v1::Booth* barleduc = event.add_booths();
    barleduc->set_id("b-barleduc");
    barleduc->add_offer_ids("of-barleduc");
    for (int i = 1; i <= 4; ++i) {
      event.add_registrations()->set_candidate_id("cand-" + std::to_string(i));
    }
    return event;
  }

  grpc::Status Create(const v1::Event& event) {
    v1::CreateEventRequest request;
    *request.mutable_event() = event;
    v1::Event response;
    return events_->CreateEvent(Context().get(), request, &response);
  }
  v1::EventPlan Plan(bool allow_moves = false) {
    v1::PlanEventRequest request;
    request.set_event_id("ev-paris");
    request.set_allow_moves(allow_moves);
    v1::EventPlan plan;
    grpc::Status status = events_->PlanEvent(Context().get(), request, &plan);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return plan;
  }
  double PairScore(const std::string& candidate, const std::string& offer) {
    v1::ExplainMatchRequest request;
    request.set_candidate_id(candidate);
    request.set_offer_id(offer);
    v1::ExplainMatchResponse response;
    EXPECT_TRUE(matching_->ExplainMatch(Context().get(), request, &response).ok());
    return response.match().score();
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
  std::unique_ptr<v1::EventService::Stub> events_;
};

// No one in two places, no booth over capacity, each candidate within the maximum.
void ExpectConflictFree(const v1::EventPlan& plan, int max_per_candidate) {
  std::set<std::pair<std::string, std::string>> person_slot, booth_slot, pairs;
  std::map<std::string, int> per_candidate;
  for (const v1::Interview& i : plan.interviews()) {
    EXPECT_TRUE(person_slot.insert({i.candidate_id(), i.slot_id()}).second) << i.DebugString();
    EXPECT_TRUE(booth_slot.insert({i.booth_id(), i.slot_id()}).second) << i.DebugString();
    EXPECT_TRUE(pairs.insert({i.candidate_id(), i.booth_id()}).second) << i.DebugString();
    EXPECT_LE(++per_candidate[i.candidate_id()], max_per_candidate);
  }
}

TEST_F(EventE2ETest, PlansAnOptimalConflictFreeDayScoredByTheMatchingCore) {
  ASSERT_TRUE(Create(Day()).ok());
  const v1::EventPlan plan = Plan();
  ExpectConflictFree(plan, 2);
  // 2 booths x 3 slots: 6 interviews; 4 registrants all served (everyone_once).
  EXPECT_EQ(plan.interviews_size(), 6);
  EXPECT_EQ(plan.registrants_served(), 4);
  EXPECT_TRUE(plan.optimal());
  EXPECT_DOUBLE_EQ(plan.gap(), 0);
  EXPECT_NEAR(plan.upper_bound(), plan.total_score(), 1e-6);
  double total = 0;
  for (const v1::Interview& i : plan.interviews()) {
    total += i.score();
    // The interview's score is the two-sided score of the booth's best offer.
    double best = 0;
    for (const char* offer : {"of-luneville", "of-luneville-2", "of-barleduc"}) {
      if ((i.booth_id() == "b-barleduc") == (std::string(offer) == "of-barleduc")) {
        best = std::max(best, PairScore(i.candidate_id(), offer));
      }
    }
    EXPECT_NEAR(i.score(), best, 1e-9) << i.DebugString();
    EXPECT_NEAR(PairScore(i.candidate_id(), i.offer_id()), best, 1e-9);
    EXPECT_FALSE(i.start_time().empty());
  }
  EXPECT_NEAR(plan.total_score(), total, 1e-9);
  // Interviews come in time order: 09:00 first although it is the event's second slot.
  EXPECT_EQ(plan.interviews(0).slot_id(), "s09:00");

  v1::GetAgendaRequest agenda_request;
  agenda_request.set_event_id("ev-paris");
  agenda_request.set_candidate_id("cand-1");
  v1::Agenda agenda;
  ASSERT_TRUE(events_->GetAgenda(Context().get(), agenda_request, &agenda).ok());
  ASSERT_GE(agenda.interviews_size(), 1);
  for (const v1::Interview& i : agenda.interviews()) EXPECT_EQ(i.candidate_id(), "cand-1");
  agenda_request.set_booth_id("b-barleduc");
  ASSERT_TRUE(events_->GetAgenda(Context().get(), agenda_request, &agenda).ok());
  agenda_request.set_candidate_id("cand-5");  // not registered
  EXPECT_EQ(events_->GetAgenda(Context().get(), agenda_request, &agenda).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(EventE2ETest, ReplanKeepsCommunicatedInterviewsAndReportsChanges) {
  ASSERT_TRUE(Create(Day()).ok());
  const v1::EventPlan first = Plan();
  // cand-2 cancels; cand-5 registers late.
  v1::UpdateEventRequest update;
  *update.mutable_event() = Day();
  update.mutable_event()->mutable_registrations()->DeleteSubrange(1, 1);
  update.mutable_event()->add_registrations()->set_candidate_id("cand-5");
  v1::Event updated;
  ASSERT_TRUE(events_->UpdateEvent(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.plan().interviews_size(), first.interviews_size());  // plan kept until re-plan

  const v1::EventPlan second = Plan();
  ExpectConflictFree(second, 2);
  std::set<std::string> removed, added;
  for (const v1::PlanChange& change : second.changes()) {
    EXPECT_NE(change.kind(), v1::PlanChange::KIND_MOVED);
    if (change.kind() == v1::PlanChange::KIND_REMOVED)
      removed.insert(change.interview().candidate_id());
    if (change.kind() == v1::PlanChange::KIND_ADDED)
      added.insert(change.interview().candidate_id());
  }
  EXPECT_EQ(removed, std::set<std::string>{"cand-2"});
  EXPECT_TRUE(added.count("cand-5")) << second.DebugString();
  // Every interview of the first plan that did not involve cand-2 is still there, same slot.
  for (const v1::Interview& before : first.interviews()) {
    if (before.candidate_id() == "cand-2") continue;
    bool kept = false;
    for (const v1::Interview& after : second.interviews()) {
      kept |= after.candidate_id() == before.candidate_id() &&
              after.booth_id() == before.booth_id() && after.slot_id() == before.slot_id();
    }
    EXPECT_TRUE(kept) << before.DebugString();
  }
  EXPECT_EQ(second.registrants_served(), 4);
}

TEST_F(EventE2ETest, AllowMovesFreesASlotForALateRegistrantAndSaysSo) {
  v1::Event event = Day();
  event.mutable_slots()->DeleteSubrange(2, 1);   // two slots: s10:00, s09:00
  event.mutable_booths()->DeleteSubrange(1, 1);  // one booth: b-luneville
  event.clear_registrations();
  event.add_registrations()->set_candidate_id("cand-1");
  ASSERT_TRUE(Create(event).ok());
  const v1::EventPlan first = Plan();
  ASSERT_EQ(first.interviews_size(), 1);
  const std::string taken = first.interviews(0).slot_id();
  // cand-2 can only come when cand-1's interview is.
  v1::UpdateEventRequest update;
  *update.mutable_event() = event;
  v1::Registration* late = update.mutable_event()->add_registrations();
  late->set_candidate_id("cand-2");
  late->add_available_slot_ids(taken);
  v1::Event updated;
  ASSERT_TRUE(events_->UpdateEvent(Context().get(), update, &updated).ok());

  const v1::EventPlan kept = Plan(/*allow_moves=*/false);
  EXPECT_EQ(kept.registrants_served(), 1);  // cand-1 keeps the communicated slot
  EXPECT_EQ(kept.interviews(0).slot_id(), taken);
  // Small: solved exactly among the plans that keep what was communicated.
  EXPECT_TRUE(kept.optimal());
  EXPECT_EQ(kept.method(), "exact");

  const v1::EventPlan moved = Plan(/*allow_moves=*/true);
  EXPECT_EQ(moved.registrants_served(), 2);
  bool moved_cand_1 = false;
  for (const v1::PlanChange& change : moved.changes()) {
    if (change.kind() == v1::PlanChange::KIND_MOVED) {
      EXPECT_EQ(change.interview().candidate_id(), "cand-1");
      EXPECT_EQ(change.previous_slot_id(), taken);
      moved_cand_1 = true;
    }
  }
  EXPECT_TRUE(moved_cand_1) << moved.DebugString();
}

TEST_F(EventE2ETest, BadEventsAreFieldNamedAndNothingIsStored) {
  struct Case {
    std::function<void(v1::Event&)> spoil;
    const char* message;
  };
  const Case cases[] = {
      {[](v1::Event& e) { e.mutable_booths(1)->set_offer_ids(0, "of-nowhere"); },
       "event.booths[1].offer_ids[0]: 'of-nowhere' names no stored offer"},
      {[](v1::Event& e) { e.mutable_registrations(0)->set_candidate_id("cand-404"); },
       "event.registrations[0].candidate_id: 'cand-404' names no stored candidate that "
       "recruiters may see"},
      {[](v1::Event& e) { e.mutable_booths(0)->set_capacity(0); }, "event.booths[0].capacity: 0"},
      {[](v1::Event& e) { e.mutable_slots(0)->set_start_time("09:45"); }, "overlaps slot"},
      {[](v1::Event& e) { e.mutable_booths(0)->add_available_slot_ids("s23:00"); },
       "event.booths[0].available_slot_ids[0]: 's23:00' names no slot"},
  };
  for (const Case& c : cases) {
    v1::Event event = Day();
    c.spoil(event);
    grpc::Status status = Create(event);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.message;
    EXPECT_THAT(status.error_message(), HasSubstr(c.message));
  }
  v1::ListEventsRequest list;
  v1::ListEventsResponse listed;
  ASSERT_TRUE(events_->ListEvents(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.events_size(), 0);
  ASSERT_TRUE(Create(Day()).ok());
  EXPECT_EQ(Create(Day()).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  v1::PlanEventRequest unknown;
  unknown.set_event_id("ev-none");
  v1::EventPlan plan;
  EXPECT_EQ(events_->PlanEvent(Context().get(), unknown, &plan).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(EventE2ETest, ErasureRemovesTheCandidateFromEveryAgenda) {
  ASSERT_TRUE(Create(Day()).ok());
  Plan();
  v1::DeleteCandidateRequest erase;
  erase.set_id("cand-1");
  v1::DeleteResponse erased;
  ASSERT_TRUE(catalog_->DeleteCandidate(Context().get(), erase, &erased).ok());
  ASSERT_TRUE(erased.existed());
  v1::GetEventRequest get;
  get.set_id("ev-paris");
  v1::Event event;
  ASSERT_TRUE(events_->GetEvent(Context().get(), get, &event).ok());
  EXPECT_EQ(event.SerializeAsString().find("cand-1"), std::string::npos);
  EXPECT_EQ(event.registrations_size(), 3);
  v1::GetAgendaRequest agenda_request;
  agenda_request.set_event_id("ev-paris");
  agenda_request.set_candidate_id("cand-1");
  v1::Agenda agenda;
  EXPECT_EQ(events_->GetAgenda(Context().get(), agenda_request, &agenda).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The next plan serves the others and reports nothing about the erased candidate.
  const v1::EventPlan replanned = Plan();
  EXPECT_EQ(replanned.SerializeAsString().find("cand-1"), std::string::npos);
  EXPECT_EQ(replanned.registrants_served(), 3);
}

TEST_F(EventE2ETest, ThePlanSurvivesARestart) {
  ASSERT_TRUE(Create(Day()).ok());
  const v1::EventPlan plan = Plan();
  server_->Shutdown(absl::Seconds(5));
  Start();
  v1::GetEventRequest request;
  request.set_id("ev-paris");
  v1::Event event;
  ASSERT_TRUE(events_->GetEvent(Context().get(), request, &event).ok());
  EXPECT_EQ(event.plan().SerializeAsString(), plan.SerializeAsString());
  v1::DeleteEventRequest remove;
  remove.set_id("ev-paris");
  v1::DeleteEventResponse removed;
  ASSERT_TRUE(events_->DeleteEvent(Context().get(), remove, &removed).ok());
  EXPECT_TRUE(removed.existed());
  EXPECT_EQ(events_->GetEvent(Context().get(), request, &event).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
// Recruiters see only consenting, searching households, within their limits: a household
// without consent cannot be registered (the same answer as an id never stored), one that
// withdraws its consent after registering is not planned, nor is a pair beyond a limit.
TEST_F(EventE2ETest, OnlyConsentingHouseholdsWithinTheirLimitsArePlanned) {
  v1::UpsertCandidateRequest hidden;
  hidden.mutable_candidate()->set_id("cand-hidden");
  hidden.mutable_candidate()->set_profession(v1::PROFESSION_GP);
  v1::Candidate stored;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), hidden, &stored).ok());
  v1::Event event = Day();
  event.add_registrations()->set_candidate_id("cand-hidden");
  const grpc::Status refused = Create(event);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("'cand-hidden' names no stored candidate that recruiters may see"));

  ASSERT_TRUE(Create(Day()).ok());
  // cand-2 withdraws its consent; cand-3 now wants only the Vosges (88): both booths' offers
  // are in 54 and 55, beyond its limit.
  v1::GetCandidateRequest get;
  v1::Candidate withdrawn;
  get.set_id("cand-2");
  ASSERT_TRUE(catalog_->GetCandidate(Context().get(), get, &withdrawn).ok());
  withdrawn.mutable_consent()->set_given(false);
  v1::UpsertCandidateRequest update;
  *update.mutable_candidate() = withdrawn;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), update, &stored).ok());
  v1::Candidate elsewhere;
  get.set_id("cand-3");
  ASSERT_TRUE(catalog_->GetCandidate(Context().get(), get, &elsewhere).ok());
  elsewhere.add_wanted_department_codes("88");
  *update.mutable_candidate() = elsewhere;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), update, &stored).ok());

  const v1::EventPlan plan = Plan();
  ASSERT_GT(plan.interviews_size(), 0);
  for (const v1::Interview& interview : plan.interviews()) {
    EXPECT_NE(interview.candidate_id(), "cand-2") << "no consent: not planned";
    EXPECT_NE(interview.candidate_id(), "cand-3") << "beyond its departments: not planned";
  }
}

// Every reason a registrant can be left out, each reproduced with the real scoring, and the
// idle booth: what `matchctl event plan` prints for the organiser.
TEST_F(EventE2ETest, ThePlanNamesWhoWasLeftOutAndWhy) {
  // A nurse (no booth of the profession), a GP who wants only the Vosges (beyond its
  // limits), one who withdraws its consent after registering, one free only at 10:00 (the
  // booths are open at 9:00 only), a poor fit (below min_score), and three good fits for
  // the two seats of 9:00 (one is left out for capacity).
  auto upsert = [&](v1::Candidate candidate) {
    v1::UpsertCandidateRequest request;
    *request.mutable_candidate() = std::move(candidate);
    v1::Candidate stored;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), request, &stored).ok());
  };
  auto candidate = [&](const std::string& id) {
    v1::GetCandidateRequest get;
    get.set_id(id);
    v1::Candidate c;
    EXPECT_TRUE(catalog_->GetCandidate(Context().get(), get, &c).ok());
    return c;
  };
  PutCandidate("cand-6", 6);
  v1::Candidate nurse = candidate("cand-1");
  nurse.set_id("cand-nurse");
  nurse.set_profession(v1::PROFESSION_NURSE);
  upsert(nurse);
  v1::Candidate poor = candidate("cand-1");
  poor.set_id("cand-poor");
  poor.set_experience_years(0);
  poor.clear_preferred_settings();
  poor.add_preferred_settings(v1::PRACTICE_SETTING_HOSPITAL);
  poor.add_preferred_employment(v1::EMPLOYMENT_MODE_SALARIED);
  poor.set_wants_part_time(true);
  upsert(poor);
  auto best = [&](const std::string& id) {
    return std::max({PairScore(id, "of-luneville"), PairScore(id, "of-luneville-2"),
                     PairScore(id, "of-barleduc")});
  };
  const double poor_best = best("cand-poor");
  const double good_worst = std::min({best("cand-1"), best("cand-5"), best("cand-6")});
  ASSERT_LT(poor_best, good_worst) << "the poor fit must score below the good ones";

  v1::Event event = Day();
  event.set_min_score((poor_best + good_worst) / 2);
  event.clear_registrations();
  for (const char* id :
       {"cand-1", "cand-2", "cand-3", "cand-4", "cand-5", "cand-6", "cand-nurse", "cand-poor"}) {
    event.add_registrations()->set_candidate_id(id);
  }
  event.mutable_registrations(3)->add_available_slot_ids("s10:00");
  for (v1::Booth& booth : *event.mutable_booths()) booth.add_available_slot_ids("s09:00");
  v1::Booth* midwives = event.add_booths();
  midwives->set_id("b-midwives");
  PutOffer("of-midwife", "54431", v1::PRACTICE_SETTING_MSP);
  {
    v1::GetOfferRequest get;
    get.set_id("of-midwife");
    v1::Offer offer;
    ASSERT_TRUE(catalog_->GetOffer(Context().get(), get, &offer).ok());
    offer.set_profession(v1::PROFESSION_MIDWIFE);
    v1::UpsertOfferRequest request;
    *request.mutable_offer() = offer;
    ASSERT_TRUE(catalog_->UpsertOffer(Context().get(), request, &offer).ok());
  }
  midwives->add_offer_ids("of-midwife");
  ASSERT_TRUE(Create(event).ok());
  v1::Candidate withdrawn = candidate("cand-2");
  withdrawn.mutable_consent()->set_given(false);
  upsert(withdrawn);
  v1::Candidate elsewhere = candidate("cand-3");
  elsewhere.add_wanted_department_codes("88");
  upsert(elsewhere);

  const v1::EventPlan plan = Plan();
  EXPECT_EQ(plan.registrants_served(), 2);
  std::map<std::string, v1::UnservedRegistrant> left;
  for (const v1::UnservedRegistrant& u : plan.unserved()) left[u.candidate_id()] = u;
  ASSERT_EQ(left.size(), 6u) << plan.DebugString();
  EXPECT_EQ(left["cand-nurse"].reason(), v1::UNSERVED_REASON_NO_PROFESSION_MATCH);
  EXPECT_EQ(left["cand-2"].reason(), v1::UNSERVED_REASON_NOT_VISIBLE);
  EXPECT_EQ(left["cand-3"].reason(), v1::UNSERVED_REASON_BEYOND_LIMITS);
  EXPECT_THAT(left["cand-3"].booth_ids(),
              ::testing::UnorderedElementsAre("b-luneville", "b-barleduc"));
  EXPECT_EQ(left["cand-4"].reason(), v1::UNSERVED_REASON_NO_COMMON_SLOT);
  EXPECT_EQ(left["cand-poor"].reason(), v1::UNSERVED_REASON_BELOW_MIN_SCORE);
  EXPECT_NEAR(left["cand-poor"].best_score(), poor_best, 1e-9);
  int capacity = 0;
  for (const char* id : {"cand-1", "cand-5", "cand-6"}) {
    if (!left.count(id)) continue;
    EXPECT_EQ(left[id].reason(), v1::UNSERVED_REASON_CAPACITY) << id;
    ++capacity;
  }
  EXPECT_EQ(capacity, 1);
  ASSERT_EQ(plan.idle_booths_size(), 1);
  EXPECT_EQ(plan.idle_booths(0).booth_id(), "b-midwives");
  EXPECT_EQ(plan.idle_booths(0).reason(), v1::UNSERVED_REASON_NO_PROFESSION_MATCH);

  // An erasure takes the household out of the stored plan's list too.
  v1::DeleteCandidateRequest erase;
  erase.set_id("cand-nurse");
  v1::DeleteResponse erased;
  ASSERT_TRUE(catalog_->DeleteCandidate(Context().get(), erase, &erased).ok());
  v1::GetEventRequest get;
  get.set_id("ev-paris");
  v1::Event stored;
  ASSERT_TRUE(events_->GetEvent(Context().get(), get, &stored).ok());
  EXPECT_EQ(stored.SerializeAsString().find("cand-nurse"), std::string::npos);
  EXPECT_EQ(stored.plan().unserved_size(), 5);
}

// GetAgenda's briefings: a recruiter reads who the household is, what it looks for and why
// they meet; a candidate what the territory offers its household; a household that
// withdrew its consent since the plan is not described.
TEST_F(EventE2ETest, AgendasCarryBriefings) {
  ASSERT_TRUE(Create(Day()).ok());
  const v1::EventPlan plan = Plan();
  ASSERT_GT(plan.interviews_size(), 0);
  const std::string candidate_id = plan.interviews(0).candidate_id();
  const std::string booth_id = plan.interviews(0).booth_id();

  v1::GetAgendaRequest request;
  request.set_event_id("ev-paris");
  request.set_booth_id(booth_id);
  v1::Agenda booth;
  ASSERT_TRUE(events_->GetAgenda(Context().get(), request, &booth).ok());
  ASSERT_EQ(booth.briefings_size(), booth.interviews_size());
  for (int i = 0; i < booth.briefings_size(); ++i) {
    const v1::InterviewBriefing& b = booth.briefings(i);
    EXPECT_EQ(b.candidate_id(), booth.interviews(i).candidate_id());
    EXPECT_EQ(b.offer_id(), booth.interviews(i).offer_id());
    EXPECT_FALSE(b.territory_name().empty());
    ASSERT_TRUE(b.has_candidate_summary()) << b.DebugString();
    EXPECT_EQ(b.candidate_summary().profession(), v1::PROFESSION_GP);
    EXPECT_GT(b.candidate_summary().experience_years(), 0);
    EXPECT_THAT(b.looks_for(), ::testing::Contains(HasSubstr("Exercice : ")));
    EXPECT_FALSE(b.reasons().empty());
    EXPECT_LE(b.reasons_size(), 3);
  }

  request.set_candidate_id(candidate_id);
  request.set_language("en");
  v1::Agenda mine;
  ASSERT_TRUE(events_->GetAgenda(Context().get(), request, &mine).ok());
  ASSERT_EQ(mine.briefings_size(), mine.interviews_size());
  for (const v1::InterviewBriefing& b : mine.briefings()) {
    EXPECT_FALSE(b.has_candidate_summary());
    EXPECT_TRUE(b.looks_for().empty());
    for (const v1::CriterionScore& reason : b.reasons()) {
      EXPECT_EQ(reason.side(), v1::SIDE_CANDIDATE) << reason.criterion();
      EXPECT_GE(reason.value(), 0.5);
    }
  }

  request.set_language("de");
  EXPECT_EQ(events_->GetAgenda(Context().get(), request, &mine).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Consent withdrawn after the plan: the interview stays (until the next plan), the
  // household is no longer described.
  v1::GetCandidateRequest get;
  get.set_id(candidate_id);
  v1::Candidate withdrawn;
  ASSERT_TRUE(catalog_->GetCandidate(Context().get(), get, &withdrawn).ok());
  withdrawn.mutable_consent()->set_given(false);
  v1::UpsertCandidateRequest update;
  *update.mutable_candidate() = withdrawn;
  ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), update, &withdrawn).ok());
  request.set_booth_id(booth_id);
  request.set_language("fr");
  ASSERT_TRUE(events_->GetAgenda(Context().get(), request, &booth).ok());
  bool seen = false;
  for (const v1::InterviewBriefing& b : booth.briefings()) {
    if (b.candidate_id() != candidate_id) continue;
    seen = true;
    EXPECT_FALSE(b.has_candidate_summary());
    EXPECT_TRUE(b.looks_for().empty());
    EXPECT_TRUE(b.reasons().empty());
  }
  EXPECT_TRUE(seen);
}

}  // namespace matching
