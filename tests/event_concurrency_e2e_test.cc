// EventService under concurrency (issue 19, attacks 2 and 3), through a real server: a
// large plan does not freeze health checks or reads, a plan cannot undo an erasure, and
// plans, updates and erasures racing leave no erased id readable.
//
// Size of the large plan: MATCHING_PLAN_LATENCY_SIZE="registrants,booths,slots" (default
// "800,80,24": a plan of about 1.5 s here, a few under ASan). The largest event the
// limits allow is "5000,500,96".
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/event.grpc.pb.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using Clock = std::chrono::steady_clock;

class EventConcurrencyE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    StartServer(matcher::kDefaultMaxPlanWork);
    PutTerritory("54431");
    PutTerritory("55029");
  }
  void TearDown() override {
    SetHook(nullptr);
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  void StartServer(int64_t plan_max_work, int plan_queue = 4) {
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    config.plan_max_work = plan_max_work;
    config.plan_queue = plan_queue;
    config.before_plan_write = [this](const std::string& event_id) {
      std::function<void(const std::string&)> hook;
      {
        absl::MutexLock lock(&hook_mu_);
        hook = hook_;
      }
      if (hook) hook(event_id);
    };
    absl::StatusOr<std::unique_ptr<server::MatchServer>> started =
        server::MatchServer::Start(config);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel_);
    events_ = v1::EventService::NewStub(channel_);
    health_ = grpc::health::v1::Health::NewStub(channel_);
  }

  void SetHook(std::function<void(const std::string&)> hook) {
    absl::MutexLock lock(&hook_mu_);
    hook_ = std::move(hook);
  }

  static std::unique_ptr<grpc::ClientContext> Context(int seconds = 60) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
    return context;
  }

  void PutTerritory(const std::string& id) {
    v1::UpsertTerritoryRequest request;
    v1::Territory* t = request.mutable_territory();
    t->set_id(id);
    t->set_name("Commune " + id);
    t->set_department_code(id.substr(0, 2));
    t->set_region_code("44");
    t->set_creche_minutes(5);
    v1::Territory response;
    ASSERT_TRUE(catalog_->UpsertTerritory(Context().get(), request, &response).ok());
  }
  void PutOffer(const std::string& id, int n) {
    v1::UpsertOfferRequest request;
    v1::Offer* o = request.mutable_offer();
    o->set_id(id);
    o->set_territory_id(n % 2 ? "54431" : "55029");
    o->set_profession(v1::PROFESSION_GP);
    o->set_setting(n % 3 ? v1::PRACTICE_SETTING_MSP : v1::PRACTICE_SETTING_SOLO_PRACTICE);
    v1::Offer response;
    ASSERT_TRUE(catalog_->UpsertOffer(Context().get(), request, &response).ok());
  }
  void PutCandidate(const std::string& id, int n) {
    v1::UpsertCandidateRequest request;
    v1::Candidate* c = request.mutable_candidate();
    c->set_id(id);
    c->set_profession(v1::PROFESSION_GP);
    c->set_experience_years(n % 30);
    c->add_preferred_settings(n % 2 ? v1::PRACTICE_SETTING_MSP
                                    : v1::PRACTICE_SETTING_SOLO_PRACTICE);
    c->mutable_consent()->set_given(true);  // recruiters may see it
    v1::Candidate response;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context().get(), request, &response).ok());
  }

  // An event of `registrants` (cand-0..) x `booths` (one offer each) x `slots`, stored.
  v1::Event MakeEvent(const std::string& id, int registrants, int booths, int slots) {
    v1::Event event;
    event.set_id(id);
    event.set_name("Job dating " + id);
    event.set_place("Nancy");
    event.set_date("2027-03-12");
    event.set_max_interviews_per_candidate(3);
    for (int s = 0; s < slots; ++s) {
      v1::Slot* slot = event.add_slots();
      slot->set_id("s" + std::to_string(s));
      char start[16];
      std::snprintf(start, sizeof start, "%02d:%02d", 8 + s * 5 / 60, s * 5 % 60);
      slot->set_start_time(start);
      slot->set_duration_minutes(5);
    }
    for (int b = 0; b < booths; ++b) {
      const std::string offer = "of-" + std::to_string(b);
      PutOffer(offer, b);
      v1::Booth* booth = event.add_booths();
      booth->set_id("b-" + std::to_string(b));
      booth->add_offer_ids(offer);
    }
    for (int r = 0; r < registrants; ++r) {
      const std::string candidate = "cand-" + std::to_string(r);
      PutCandidate(candidate, r);
      event.add_registrations()->set_candidate_id(candidate);
    }
    v1::CreateEventRequest request;
    *request.mutable_event() = event;
    v1::Event created;
    grpc::Status status = events_->CreateEvent(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return event;
  }

  grpc::Status Plan(const std::string& event_id, v1::EventPlan* plan) {
    v1::PlanEventRequest request;
    request.set_event_id(event_id);
    return events_->PlanEvent(Context().get(), request, plan);
  }

  // Fails when `candidate_id` appears anywhere a client or the store can read it.
  void ExpectNowhere(const std::string& event_id, const std::string& candidate_id, int booths) {
    v1::GetEventRequest get;
    get.set_id(event_id);
    v1::Event event;
    ASSERT_TRUE(events_->GetEvent(Context().get(), get, &event).ok());  // the stored event
    for (const v1::Registration& r : event.registrations()) {
      EXPECT_NE(r.candidate_id(), candidate_id);
    }
    for (const v1::Interview& i : event.plan().interviews()) {
      EXPECT_NE(i.candidate_id(), candidate_id) << i.DebugString();
    }
    for (const v1::PlanChange& c : event.plan().changes()) {
      EXPECT_NE(c.interview().candidate_id(), candidate_id) << c.DebugString();
    }
    v1::GetAgendaRequest agenda_request;
    agenda_request.set_event_id(event_id);
    agenda_request.set_candidate_id(candidate_id);
    v1::Agenda agenda;
    EXPECT_EQ(events_->GetAgenda(Context().get(), agenda_request, &agenda).error_code(),
              grpc::StatusCode::NOT_FOUND);
    for (int b = 0; b < booths; ++b) {
      agenda_request.set_booth_id("b-" + std::to_string(b));
      ASSERT_TRUE(events_->GetAgenda(Context().get(), agenda_request, &agenda).ok());
      for (const v1::Interview& i : agenda.interviews()) {
        EXPECT_NE(i.candidate_id(), candidate_id) << i.DebugString();
      }
    }
  }

  // One health check and one GetTerritory; the slower of the two, in milliseconds.
  double ProbeMs() {
    const Clock::time_point start = Clock::now();
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    EXPECT_TRUE(health_->Check(Context(3).get(), request, &response).ok());
    const double health_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const Clock::time_point read_start = Clock::now();
    v1::GetTerritoryRequest get;
    get.set_id("54431");
    v1::Territory territory;
    EXPECT_TRUE(catalog_->GetTerritory(Context(3).get(), get, &territory).ok());
    return std::max(health_ms,
                    std::chrono::duration<double, std::milli>(Clock::now() - read_start).count());
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  absl::Mutex hook_mu_;
  std::function<void(const std::string&)> hook_ ABSL_GUARDED_BY(hook_mu_);
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

// Attack 3: the plan read the event, the household was erased, the plan wrote back what it
// had read. The plan is held between its read and its write (a latch, no timing).
TEST_F(EventConcurrencyE2ETest, AnErasureDuringAPlanIsNotUndoneByThePlansWrite) {
  MakeEvent("ev-1", 6, 3, 4);
  v1::EventPlan first;
  ASSERT_TRUE(Plan("ev-1", &first).ok());
  bool cand_0_planned = false;
  for (const v1::Interview& i : first.interviews()) cand_0_planned |= i.candidate_id() == "cand-0";
  ASSERT_TRUE(cand_0_planned) << first.DebugString();

  absl::Notification plan_computed, erased;
  SetHook([&](const std::string&) {
    plan_computed.Notify();
    erased.WaitForNotification();
  });
  v1::EventPlan second;
  grpc::Status planned;
  std::thread planner([&] { planned = Plan("ev-1", &second); });
  plan_computed.WaitForNotification();
  v1::DeleteCandidateRequest erase;
  erase.set_id("cand-0");
  v1::DeleteResponse erase_response;
  ASSERT_TRUE(catalog_->DeleteCandidate(Context().get(), erase, &erase_response).ok());
  EXPECT_TRUE(erase_response.existed());
  erased.Notify();
  planner.join();

  // An erasure alone does not spoil the plan: it is stored without the erased candidate.
  ASSERT_TRUE(planned.ok()) << planned.error_message();
  EXPECT_EQ(second.SerializeAsString().find("cand-0"), std::string::npos) << second.DebugString();
  EXPECT_EQ(second.registrants(), 5);
  ExpectNowhere("ev-1", "cand-0", 3);
}

// Attack 3, every path at once: plans, updates re-registering everyone and erasures race;
// afterwards no erased id is readable, and a failing call fails cleanly.
TEST_F(EventConcurrencyE2ETest, ErasuresRacingPlansAndUpdatesLeaveNoErasedIdReadable) {
  const v1::Event event = MakeEvent("ev-race", 12, 4, 6);
  std::vector<std::thread> threads;
  std::atomic<int> plans_ok{0};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 6; ++round) {
        v1::EventPlan plan;
        grpc::Status status = Plan("ev-race", &plan);
        if (status.ok()) {
          ++plans_ok;
        } else {  // another plan or an update came first
          EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
        }
      }
    });
  }
  threads.emplace_back([&] {
    for (int round = 0; round < 6; ++round) {
      v1::UpdateEventRequest update;
      *update.mutable_event() = event;  // names every candidate, erased ones included
      v1::Event updated;
      grpc::Status status = events_->UpdateEvent(Context().get(), update, &updated);
      if (!status.ok()) {  // a candidate already erased
        EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
            << status.error_message();
      }
    }
  });
  threads.emplace_back([&] {
    for (int r = 6; r < 12; ++r) {
      v1::DeleteCandidateRequest erase;
      erase.set_id("cand-" + std::to_string(r));
      v1::DeleteResponse response;
      EXPECT_TRUE(catalog_->DeleteCandidate(Context().get(), erase, &response).ok());
    }
  });
  for (std::thread& thread : threads) thread.join();
  EXPECT_GT(plans_ok.load(), 0);
  for (int r = 6; r < 12; ++r) ExpectNowhere("ev-race", "cand-" + std::to_string(r), 4);
}

// Attack 2: a plan held the one mutex of all event writes; another agency's DeleteEvent
// waited 37 s. The plan is held between its computation and its write (a latch): writes to
// other events go through meanwhile, and so do reads of the planned one.
TEST_F(EventConcurrencyE2ETest, WritesToOtherEventsDoNotWaitForAPlan) {
  MakeEvent("ev-planned", 4, 2, 3);
  const v1::Event other = MakeEvent("ev-other", 3, 2, 3);
  absl::Notification plan_computed, done;
  SetHook([&](const std::string&) {
    plan_computed.Notify();
    done.WaitForNotification();
  });
  v1::EventPlan plan;
  grpc::Status planned;
  std::thread planner([&] { planned = Plan("ev-planned", &plan); });
  plan_computed.WaitForNotification();
  v1::UpdateEventRequest update;
  *update.mutable_event() = other;
  update.mutable_event()->set_name("Renamed");
  v1::Event updated;
  EXPECT_TRUE(events_->UpdateEvent(Context(5).get(), update, &updated).ok());
  v1::GetEventRequest get;
  get.set_id("ev-planned");
  v1::Event read;
  EXPECT_TRUE(events_->GetEvent(Context(5).get(), get, &read).ok());
  v1::DeleteEventRequest remove;
  remove.set_id("ev-other");
  v1::DeleteEventResponse removed;
  grpc::Status deleted = events_->DeleteEvent(Context(5).get(), remove, &removed);
  EXPECT_TRUE(deleted.ok()) << deleted.error_message();
  EXPECT_TRUE(removed.existed());
  done.Notify();
  planner.join();
  EXPECT_TRUE(planned.ok()) << planned.error_message();
}

// Attack 2: a client deadline did not stop the work. A plan without a work budget that
// would take tens of seconds is stopped by its call's deadline, and the only plan worker
// is free for the next plan at once.
TEST_F(EventConcurrencyE2ETest, ADeadlineStopsThePlanAndFreesTheWorker) {
  server_->Shutdown(absl::Seconds(5));
  StartServer(/*plan_max_work=*/int64_t{1}
              << 50);                   // no practical budget: the deadline must stop it
  MakeEvent("ev-huge", 1500, 150, 32);  // about 10 s to plan to the end here
  MakeEvent("ev-small", 3, 2, 3);

  v1::PlanEventRequest request;
  request.set_event_id("ev-huge");
  v1::EventPlan plan;
  grpc::ClientContext short_deadline;
  short_deadline.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  EXPECT_EQ(events_->PlanEvent(&short_deadline, request, &plan).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  const Clock::time_point start = Clock::now();
  grpc::Status small = Plan("ev-small", &plan);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_TRUE(small.ok()) << small.error_message();
  EXPECT_LT(seconds, 5) << "the next plan waited for the abandoned one";
}

// Attack 2: large plans froze health checks and reads for 25 s. An attacker sends
// kPlans plans of a large event at once: one plans on the plan pool, one waits, the rest
// are RESOURCE_EXHAUSTED at once. Health checks and reads made until the last plan call
// has ended (the plans' own completion is the signal) must each take under 1 s.
TEST_F(EventConcurrencyE2ETest, HealthAndReadsKeepTheirLatencyWhileALargeEventPlans) {
  int registrants = 800, booths = 80, slots = 24;
  if (const char* size = std::getenv("MATCHING_PLAN_LATENCY_SIZE")) {
    ASSERT_EQ(std::sscanf(size, "%d,%d,%d", &registrants, &booths, &slots), 3) << size;
  }
  server_->Shutdown(absl::Seconds(5));
  StartServer(matcher::kDefaultMaxPlanWork, /*plan_queue=*/1);
  MakeEvent("ev-large", registrants, booths, slots);

  std::vector<double> idle_ms;
  for (int i = 0; i < 50; ++i) idle_ms.push_back(ProbeMs());

  constexpr int kPlans = 8;
  std::atomic<int> plans_running{kPlans};
  std::vector<grpc::Status> statuses(kPlans);
  std::vector<v1::EventPlan> plans(kPlans);
  const Clock::time_point plan_start = Clock::now();
  std::atomic<double> first_plan_seconds{0};
  std::vector<std::thread> planners;
  for (int p = 0; p < kPlans; ++p) {
    planners.emplace_back([&, p] {
      v1::PlanEventRequest request;
      request.set_event_id("ev-large");
      statuses[p] = events_->PlanEvent(Context(600).get(), request, &plans[p]);
      if (statuses[p].ok() && first_plan_seconds.load() == 0) {
        first_plan_seconds = std::chrono::duration<double>(Clock::now() - plan_start).count();
      }
      --plans_running;
    });
  }
  std::vector<double> busy_ms;
  while (plans_running.load() > 0) busy_ms.push_back(ProbeMs());
  for (std::thread& planner : planners) planner.join();
  const double all_seconds = std::chrono::duration<double>(Clock::now() - plan_start).count();

  int ok = 0, rejected = 0;
  const v1::EventPlan* plan = nullptr;
  for (int p = 0; p < kPlans; ++p) {
    const grpc::StatusCode code = statuses[p].error_code();
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::ABORTED ||
                code == grpc::StatusCode::RESOURCE_EXHAUSTED)
        << statuses[p].error_message();
    if (code == grpc::StatusCode::OK) {
      ++ok;
      if (plan == nullptr || plans[p].plan_time() < plan->plan_time()) plan = &plans[p];
    }
    rejected += code == grpc::StatusCode::RESOURCE_EXHAUSTED;
  }
  ASSERT_GE(ok, 1);
  EXPECT_GT(plan->interviews_size(), 0);
  EXPECT_GE(rejected, kPlans - 2);  // one worker, one place in the queue

  std::printf(
      "%d plans of %d x %d x %d at once: %d planned, %d refused, %.2f s for the first plan (%s, "
      "budget exhausted %d, %d interviews, %d served, gap %.4f), %.2f s for all; health + "
      "GetTerritory without a plan: "
      "p50 %.2f ms, max %.2f ms (%zu); during the plans: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
      "(%zu)\n",
      kPlans, registrants, booths, slots, ok, rejected, first_plan_seconds.load(),
      plan->method().c_str(), plan->budget_exhausted(), plan->interviews_size(),
      plan->registrants_served(), plan->gap(), all_seconds, Percentile(idle_ms, 0.5),
      Percentile(idle_ms, 1), idle_ms.size(), Percentile(busy_ms, 0.5), Percentile(busy_ms, 0.99),
      Percentile(busy_ms, 1), busy_ms.size());
  // Enough calls overlapped the plans to say something (else make the event larger).
  ASSERT_GE(busy_ms.size(), 10u) << "the plans took " << all_seconds << " s";
  for (double ms : busy_ms) EXPECT_LT(ms, 1000);
  EXPECT_LT(Percentile(busy_ms, 0.5), std::max(100.0, 20 * Percentile(idle_ms, 0.5)));
}

}  // namespace
}  // namespace matching
