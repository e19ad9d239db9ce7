// Issue 19 point 5, through the real gRPC server: organisations are separated everywhere.
// Keys of two agencies (org-a, org-b), a publisher, a territory editor and an admin; each
// boundary is crossed with another organisation's key and must hold.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/v1/admin.grpc.pb.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/event.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "server/auth.h"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string KeyEntry(const std::string& key, const std::string& role,
                     const std::string& organization) {
  const server::Sha256 digest = server::Sha256Of(key);
  return absl::StrCat(R"({"sha256": ")",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(digest.data()), digest.size())),
                      R"(", "role": ")", role, R"(", "organization": ")", organization,
                      R"(", "label": "holder )", role, " ", organization, R"("})");
}

class OrganisationsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    std::ofstream(dir_ + "/keys.json")
        << R"({"keys": [)"
        << absl::StrJoin(
               {KeyEntry("admin-key", "admin", ""), KeyEntry("agency-a-key", "agency", "org-a"),
                KeyEntry("agency-b-key", "agency", "org-b"),
                KeyEntry("pub-a-key", "publisher", "org-a"),
                KeyEntry("editor-key", "territory_editor", "ign"),
                KeyEntry("reader-key", "reader", "")},
               ",")
        << "]}";
    std::filesystem::permissions(dir_ + "/keys.json", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    config.keys_file = dir_ + "/keys.json";
    absl::StatusOr<std::unique_ptr<server::MatchServer>> server =
        server::MatchServer::Start(config);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel_);
    matching_ = v1::MatchingService::NewStub(channel_);
    events_ = v1::EventService::NewStub(channel_);
    admin_ = v1::AdminService::NewStub(channel_);

    v1::UpsertTerritoryRequest territory;
    territory.mutable_territory()->set_id("54431");
    territory.mutable_territory()->set_name("Lunéville");
    territory.mutable_territory()->set_department_code("54");
    v1::Territory stored_territory;
    ASSERT_TRUE(
        catalog_->UpsertTerritory(Context("admin-key").get(), territory, &stored_territory).ok());
    v1::UpsertOfferRequest offer;
    offer.mutable_offer()->set_id("of-1");
    offer.mutable_offer()->set_territory_id("54431");
    offer.mutable_offer()->set_profession(v1::PROFESSION_GP);
    offer.mutable_offer()->set_organization_id("org-a");
    v1::Offer stored_offer;
    ASSERT_TRUE(catalog_->UpsertOffer(Context("admin-key").get(), offer, &stored_offer).ok());
  }
  void TearDown() override {
    server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& key) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!key.empty()) context->AddMetadata("authorization", "Bearer " + key);
    return context;
  }

  grpc::Status PutCandidate(const std::string& key, const std::string& id) {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id(id);
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    request.mutable_candidate()->mutable_consent()->set_given(true);
    v1::Candidate response;
    return catalog_->UpsertCandidate(Context(key).get(), request, &response);
  }

  // A small event with one booth (of-1), two slots and `registrants`.
  static v1::Event MakeEvent(const std::string& id, const std::vector<std::string>& registrants) {
    v1::Event event;
    event.set_id(id);
    event.set_name("Job dating " + id);
    event.set_place("Nancy");
    event.set_date("2027-03-12");
    for (const char* slot_id : {"s1", "s2"}) {
      v1::Slot* slot = event.add_slots();
      slot->set_id(slot_id);
      slot->set_start_time(std::string(slot_id) == "s1" ? "09:00" : "09:10");
      slot->set_duration_minutes(10);
    }
    v1::Booth* booth = event.add_booths();
    booth->set_id("b-1");
    booth->add_offer_ids("of-1");
    for (const std::string& candidate : registrants) {
      event.add_registrations()->set_candidate_id(candidate);
    }
    return event;
  }

  std::vector<std::string> ListCandidateIds(const std::string& key) {
    v1::ListCandidatesRequest request;
    request.set_page_size(100);
    v1::ListCandidatesResponse response;
    grpc::Status status = catalog_->ListCandidates(Context(key).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const v1::Candidate& c : response.candidates()) ids.push_back(c.id());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  grpc::Status GetCandidate(const std::string& key, const std::string& id,
                            v1::Candidate* candidate) {
    v1::GetCandidateRequest request;
    request.set_id(id);
    return catalog_->GetCandidate(Context(key).get(), request, candidate);
  }

  // The ids RankCandidates gives `key` for of-1, best first.
  absl::StatusOr<std::vector<std::string>> RankedFor(const std::string& key) {
    v1::RankCandidatesRequest request;
    request.set_offer_id("of-1");
    request.mutable_options()->set_top_k(100);
    request.mutable_options()->set_include_beyond_limits(true);
    v1::RankCandidatesResponse response;
    grpc::Status status = matching_->RankCandidates(Context(key).get(), request, &response);
    if (!status.ok()) return absl::InternalError(status.error_message());
    std::vector<std::string> ids;
    for (const v1::Match& match : response.matches()) ids.push_back(match.candidate_id());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  grpc::Status UpsertTerritory(const std::string& key, const v1::Territory& territory,
                               const std::vector<std::string>& mask, v1::Territory* stored) {
    v1::UpsertTerritoryRequest request;
    *request.mutable_territory() = territory;
    for (const std::string& path : mask) request.mutable_update_mask()->add_paths(path);
    return catalog_->UpsertTerritory(Context(key).get(), request, stored);
  }

  grpc::Status ListAudit(const std::string& key, const std::string& territory_id,
                         v1::ListAuditEntriesResponse* response, int page_size = 100,
                         const std::string& page_token = "") {
    v1::ListAuditEntriesRequest request;
    request.set_territory_id(territory_id);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return admin_->ListAuditEntries(Context(key).get(), request, response);
  }

  grpc::Status CreateEvent(const std::string& key, const v1::Event& event, v1::Event* created) {
    v1::CreateEventRequest request;
    *request.mutable_event() = event;
    return events_->CreateEvent(Context(key).get(), request, created);
  }

  std::vector<std::string> ListEventIds(const std::string& key) {
    v1::ListEventsRequest request;
    request.set_page_size(100);
    v1::ListEventsResponse response;
    grpc::Status status = events_->ListEvents(Context(key).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const v1::Event& event : response.events()) ids.push_back(event.id());
    return ids;
  }

  grpc::Status GetEvent(const std::string& key, const std::string& id, v1::Event* event) {
    v1::GetEventRequest request;
    request.set_id(id);
    return events_->GetEvent(Context(key).get(), request, event);
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
};

// An event belongs to the organisation of the agency that created it: org A's agency can
// neither list, read, update, plan, read agendas of nor delete org B's event (NOT_FOUND, the
// answer for an id never stored), and the event is unchanged after; the admin can.
TEST_F(OrganisationsE2ETest, AnAgencyReachesOnlyItsOrganisationsEvents) {
  ASSERT_TRUE(PutCandidate("agency-b-key", "cand-b").ok());
  v1::Event event = MakeEvent("ev-b", {"cand-b"});
  event.set_organization_id("org-a");  // output only: the server decides
  v1::Event created;
  ASSERT_TRUE(CreateEvent("agency-b-key", event, &created).ok());
  EXPECT_EQ(created.organization_id(), "org-b");
  v1::EventPlan plan;
  {
    v1::PlanEventRequest request;
    request.set_event_id("ev-b");
    grpc::Status planned = events_->PlanEvent(Context("agency-b-key").get(), request, &plan);
    ASSERT_TRUE(planned.ok()) << planned.error_message();
    ASSERT_GT(plan.interviews_size(), 0);
  }
  v1::Event before;
  ASSERT_TRUE(GetEvent("agency-b-key", "ev-b", &before).ok());

  EXPECT_THAT(ListEventIds("agency-b-key"), ElementsAre("ev-b"));
  EXPECT_TRUE(ListEventIds("agency-a-key").empty());
  EXPECT_THAT(ListEventIds("admin-key"), ElementsAre("ev-b"));

  const auto expect_not_found = [](const grpc::Status& status, const std::string& what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << what;
    EXPECT_EQ(status.error_message(), "event 'ev-b' not found") << what;
  };
  v1::Event read;
  expect_not_found(GetEvent("agency-a-key", "ev-b", &read), "get");
  v1::Event never;
  const grpc::Status absent = GetEvent("agency-a-key", "ev-never", &never);
  EXPECT_EQ(absent.error_message(), "event 'ev-never' not found");  // the same answer

  {
    v1::UpdateEventRequest request;
    *request.mutable_event() = MakeEvent("ev-b", {});
    request.mutable_event()->set_name("taken over");
    v1::Event updated;
    expect_not_found(events_->UpdateEvent(Context("agency-a-key").get(), request, &updated),
                     "update");
  }
  {
    v1::PlanEventRequest request;
    request.set_event_id("ev-b");
    v1::EventPlan other_plan;
    expect_not_found(events_->PlanEvent(Context("agency-a-key").get(), request, &other_plan),
                     "plan");
  }
  for (bool by_candidate : {true, false}) {
    v1::GetAgendaRequest request;
    request.set_event_id("ev-b");
    if (by_candidate) {
      request.set_candidate_id("cand-b");
    } else {
      request.set_booth_id("b-1");
    }
    v1::Agenda agenda;
    expect_not_found(events_->GetAgenda(Context("agency-a-key").get(), request, &agenda),
                     by_candidate ? "agenda of a candidate" : "agenda of a booth");
  }
  {
    v1::DeleteEventRequest request;
    request.set_id("ev-b");
    v1::DeleteEventResponse response;
    ASSERT_TRUE(events_->DeleteEvent(Context("agency-a-key").get(), request, &response).ok());
    EXPECT_FALSE(response.existed());  // as for an absent event
  }
  // Creating under the same id does not take it over either.
  v1::Event duplicate;
  EXPECT_EQ(CreateEvent("agency-a-key", MakeEvent("ev-b", {}), &duplicate).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  v1::Event after;
  ASSERT_TRUE(GetEvent("agency-b-key", "ev-b", &after).ok());
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString()) << "unchanged";

  // The admin reads, updates, plans and deletes it; the event stays org B's.
  ASSERT_TRUE(GetEvent("admin-key", "ev-b", &read).ok());
  {
    v1::UpdateEventRequest request;
    *request.mutable_event() = before;
    request.mutable_event()->set_name("renamed by the operator");
    request.mutable_event()->set_organization_id("");
    v1::Event updated;
    ASSERT_TRUE(events_->UpdateEvent(Context("admin-key").get(), request, &updated).ok());
    EXPECT_EQ(updated.organization_id(), "org-b");
    v1::PlanEventRequest plan_request;
    plan_request.set_event_id("ev-b");
    v1::EventPlan admin_plan;
    EXPECT_TRUE(events_->PlanEvent(Context("admin-key").get(), plan_request, &admin_plan).ok());
  }
  EXPECT_THAT(ListEventIds("agency-b-key"), ElementsAre("ev-b"));
  v1::DeleteEventRequest remove;
  remove.set_id("ev-b");
  v1::DeleteEventResponse removed;
  ASSERT_TRUE(events_->DeleteEvent(Context("admin-key").get(), remove, &removed).ok());
  EXPECT_TRUE(removed.existed());
}

// An event without organisation (stored before organisations were recorded, or created by an
// admin key without one) is the admin's only, until an admin hands it to an organisation.
TEST_F(OrganisationsE2ETest, AnEventWithoutOrganisationIsAdminOnlyUntilHandedToOne) {
  v1::Event created;
  ASSERT_TRUE(CreateEvent("admin-key", MakeEvent("ev-old", {}), &created).ok());
  EXPECT_EQ(created.organization_id(), "");
  EXPECT_TRUE(ListEventIds("agency-a-key").empty());
  v1::Event read;
  EXPECT_EQ(GetEvent("agency-a-key", "ev-old", &read).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::UpdateEventRequest claim;
  *claim.mutable_event() = created;
  claim.mutable_event()->set_organization_id("org-a");
  v1::Event claimed;
  ASSERT_TRUE(events_->UpdateEvent(Context("admin-key").get(), claim, &claimed).ok());
  EXPECT_EQ(claimed.organization_id(), "org-a");
  EXPECT_THAT(ListEventIds("agency-a-key"), ElementsAre("ev-old"));
  EXPECT_TRUE(ListEventIds("agency-b-key").empty());
  // An agency cannot hand its event to another organisation: the value it sends is ignored.
  claim.mutable_event()->set_organization_id("org-b");
  ASSERT_TRUE(events_->UpdateEvent(Context("agency-a-key").get(), claim, &claimed).ok());
  EXPECT_EQ(claimed.organization_id(), "org-a");
  EXPECT_TRUE(ListEventIds("agency-b-key").empty());
}

// A household an agency registers is its organisation's: another organisation's agency
// neither lists, reads, ranks, explains, registers, overwrites nor erases it (NOT_FOUND or
// the answer for an id never stored), and it is unchanged after. Households an admin wrote
// without organisation stay every agency's; the admin sees them all.
TEST_F(OrganisationsE2ETest, AnAgencySeesOnlyItsOrganisationsAndUnregisteredHouseholds) {
  {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id("cand-a");
    request.mutable_candidate()->set_profession(v1::PROFESSION_GP);
    request.mutable_candidate()->mutable_consent()->set_given(true);
    request.mutable_candidate()->set_registering_organization_id("org-b");  // ignored
    v1::Candidate stored;
    ASSERT_TRUE(catalog_->UpsertCandidate(Context("agency-a-key").get(), request, &stored).ok());
    EXPECT_EQ(stored.registering_organization_id(), "org-a");
  }
  ASSERT_TRUE(PutCandidate("agency-b-key", "cand-b").ok());
  ASSERT_TRUE(PutCandidate("admin-key", "cand-shared").ok());
  v1::Candidate before;
  ASSERT_TRUE(GetCandidate("agency-a-key", "cand-a", &before).ok());

  EXPECT_THAT(ListCandidateIds("agency-a-key"), ElementsAre("cand-a", "cand-shared"));
  EXPECT_THAT(ListCandidateIds("agency-b-key"), ElementsAre("cand-b", "cand-shared"));
  EXPECT_THAT(ListCandidateIds("admin-key"), ElementsAre("cand-a", "cand-b", "cand-shared"));

  v1::Candidate read;
  const grpc::Status hidden = GetCandidate("agency-b-key", "cand-a", &read);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.error_message(), "candidate 'cand-a' not found");  // as for an absent id
  EXPECT_TRUE(GetCandidate("agency-b-key", "cand-shared", &read).ok());
  EXPECT_TRUE(GetCandidate("admin-key", "cand-a", &read).ok());

  absl::StatusOr<std::vector<std::string>> ranked = RankedFor("agency-b-key");
  ASSERT_TRUE(ranked.ok()) << ranked.status();
  EXPECT_THAT(*ranked, ElementsAre("cand-b", "cand-shared"));
  ranked = RankedFor("admin-key");
  ASSERT_TRUE(ranked.ok()) << ranked.status();
  EXPECT_THAT(*ranked, ElementsAre("cand-a", "cand-b", "cand-shared"));

  {
    v1::RankOffersRequest request;
    request.set_candidate_id("cand-a");
    v1::RankOffersResponse response;
    const grpc::Status status =
        matching_->RankOffers(Context("agency-b-key").get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), "candidate 'cand-a' not found");
    EXPECT_TRUE(matching_->RankOffers(Context("agency-a-key").get(), request, &response).ok());
  }
  {
    v1::ExplainMatchRequest request;
    request.set_candidate_id("cand-a");
    request.set_offer_id("of-1");
    v1::ExplainMatchResponse response;
    EXPECT_EQ(
        matching_->ExplainMatch(Context("agency-b-key").get(), request, &response).error_code(),
        grpc::StatusCode::NOT_FOUND);
    EXPECT_TRUE(matching_->ExplainMatch(Context("agency-a-key").get(), request, &response).ok());
  }
  {
    v1::Event created;
    const grpc::Status registered =
        CreateEvent("agency-b-key", MakeEvent("ev-b", {"cand-a"}), &created);
    EXPECT_EQ(registered.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(registered.error_message(),
                HasSubstr("'cand-a' names no stored candidate that recruiters may see"));
    EXPECT_TRUE(
        CreateEvent("agency-b-key", MakeEvent("ev-b", {"cand-b", "cand-shared"}), &created).ok());
  }
  {
    v1::UpsertCandidateRequest request;
    request.mutable_candidate()->set_id("cand-a");
    request.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
    v1::Candidate overwritten;
    const grpc::Status status =
        catalog_->UpsertCandidate(Context("agency-b-key").get(), request, &overwritten);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), "candidate 'cand-a' not found");
  }
  {
    v1::ImportSummary summary;
    auto context = Context("agency-b-key");
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    v1::ImportRecord record;
    record.mutable_candidate()->set_id("cand-a");
    record.mutable_candidate()->set_profession(v1::PROFESSION_NURSE);
    writer->Write(record);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    EXPECT_EQ(summary.accepted(), 0);
    ASSERT_EQ(summary.errors_size(), 1);
    EXPECT_THAT(summary.errors(0).message(), HasSubstr("candidate 'cand-a' not found"));
  }
  {
    v1::DeleteCandidateRequest request;
    request.set_id("cand-a");
    v1::DeleteResponse response;
    ASSERT_TRUE(catalog_->DeleteCandidate(Context("agency-b-key").get(), request, &response).ok());
    EXPECT_FALSE(response.existed());  // as for an absent household
  }
  v1::Candidate after;
  ASSERT_TRUE(GetCandidate("agency-a-key", "cand-a", &after).ok());
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString()) << "unchanged";
}

// Territories are reference data: only admins and territory editors change them, by call or
// import; publishers, agencies and readers cannot.
TEST_F(OrganisationsE2ETest, OnlyAdminsAndTerritoryEditorsChangeTerritories) {
  v1::Territory territory;
  territory.set_id("55029");
  territory.set_name("Commercy");
  territory.set_department_code("55");
  v1::Territory stored;
  for (const char* key : {"pub-a-key", "agency-a-key", "reader-key"}) {
    EXPECT_EQ(UpsertTerritory(key, territory, {}, &stored).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << key;
  }
  v1::GetTerritoryRequest get;
  get.set_id("55029");
  v1::Territory read;
  EXPECT_EQ(catalog_->GetTerritory(Context("reader-key").get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  {  // nor through an import
    v1::ImportSummary summary;
    auto context = Context("pub-a-key");
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    v1::ImportRecord record;
    *record.mutable_territory() = territory;
    writer->Write(record);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    EXPECT_EQ(summary.accepted(), 0);
    ASSERT_EQ(summary.errors_size(), 1);
    EXPECT_THAT(summary.errors(0).message(), HasSubstr("may not write territories"));
  }
  EXPECT_EQ(catalog_->GetTerritory(Context("reader-key").get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);

  ASSERT_TRUE(UpsertTerritory("editor-key", territory, {}, &stored).ok());
  territory.set_population(5600);
  ASSERT_TRUE(UpsertTerritory("admin-key", territory, {}, &stored).ok());
  {
    v1::ImportSummary summary;
    auto context = Context("editor-key");
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    v1::ImportRecord record;
    *record.mutable_territory() = territory;
    record.mutable_territory()->set_id("55030");
    writer->Write(record);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    EXPECT_EQ(summary.accepted(), 1);
  }
  v1::DeleteTerritoryRequest remove;
  remove.set_id("55030");
  v1::DeleteResponse removed;
  EXPECT_EQ(catalog_->DeleteTerritory(Context("pub-a-key").get(), remove, &removed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(catalog_->DeleteTerritory(Context("editor-key").get(), remove, &removed).ok());
  EXPECT_TRUE(removed.existed());
}

// update_mask (AIP-134): only the named fields change, the others stay as stored; a named
// field absent from the request is cleared; an unknown path is refused, naming it; a mask on
// a territory not stored is NOT_FOUND.
TEST_F(OrganisationsE2ETest, UpdateMaskChangesOnlyTheNamedFields) {
  v1::Territory full;
  full.set_id("55029");
  full.set_name("Commercy");
  full.set_department_code("55");
  full.set_region_code("44");
  full.set_population(5600);
  full.set_apl(2.1);
  full.add_lifestyle_tags("nature");
  v1::Territory stored;
  ASSERT_TRUE(UpsertTerritory("editor-key", full, {}, &stored).ok());

  v1::Territory patch;
  patch.set_id("55029");
  patch.set_population(5750);
  patch.set_name("ignored: not in the mask");
  ASSERT_TRUE(UpsertTerritory("editor-key", patch, {"population", "apl"}, &stored).ok());
  v1::GetTerritoryRequest get;
  get.set_id("55029");
  v1::Territory read;
  ASSERT_TRUE(catalog_->GetTerritory(Context("reader-key").get(), get, &read).ok());
  EXPECT_EQ(read.population(), 5750);
  EXPECT_FALSE(read.has_apl());  // named, absent: cleared
  EXPECT_EQ(read.name(), "Commercy");
  EXPECT_EQ(read.department_code(), "55");
  EXPECT_EQ(read.region_code(), "44");
  EXPECT_THAT(read.lifestyle_tags(), ElementsAre("nature"));
  EXPECT_EQ(stored.SerializeAsString(), read.SerializeAsString());  // the answer is the record

  const grpc::Status unknown =
      UpsertTerritory("editor-key", patch, {"population", "nope"}, &stored);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), HasSubstr("update_mask.paths: 'nope'"));
  patch.set_id("99999");
  EXPECT_EQ(UpsertTerritory("editor-key", patch, {"population"}, &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The merged record is validated like a whole one.
  v1::Territory bad;
  bad.set_id("55029");
  bad.set_fibre_coverage(7);
  const grpc::Status invalid = UpsertTerritory("editor-key", bad, {"fibre_coverage"}, &stored);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(invalid.error_message(), HasSubstr("fibre_coverage"));
  ASSERT_TRUE(catalog_->GetTerritory(Context("reader-key").get(), get, &read).ok());
  EXPECT_FALSE(read.has_fibre_coverage());
}

// Every change of a territory, by call or import, is in the audit log with who made it (the
// key's label, role and organisation, never the key), the kind of change and the fields;
// only admins read it.
TEST_F(OrganisationsE2ETest, TerritoryChangesAreAuditedWithWhoAndOnlyAdminsReadTheLog) {
  v1::Territory territory;
  territory.set_id("55029");
  territory.set_name("Commercy");
  territory.set_department_code("55");
  v1::Territory stored;
  ASSERT_TRUE(UpsertTerritory("editor-key", territory, {}, &stored).ok());
  territory.set_population(5750);
  ASSERT_TRUE(UpsertTerritory("editor-key", territory, {"population"}, &stored).ok());
  {
    v1::ImportSummary summary;
    auto context = Context("admin-key");
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    v1::ImportRecord record;
    *record.mutable_territory() = territory;
    record.mutable_territory()->set_name("Commercy (Meuse)");
    writer->Write(record);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_EQ(summary.accepted(), 1);
  }
  v1::DeleteTerritoryRequest remove;
  remove.set_id("55029");
  v1::DeleteResponse removed;
  ASSERT_TRUE(catalog_->DeleteTerritory(Context("editor-key").get(), remove, &removed).ok());

  for (const char* key : {"editor-key", "pub-a-key", "agency-a-key", "reader-key"}) {
    v1::ListAuditEntriesResponse denied;
    EXPECT_EQ(ListAudit(key, "", &denied).error_code(), grpc::StatusCode::PERMISSION_DENIED) << key;
  }
  v1::ListAuditEntriesResponse log;
  ASSERT_TRUE(ListAudit("admin-key", "55029", &log).ok());
  ASSERT_EQ(log.entries_size(), 4) << log.DebugString();
  const v1::AuditEntry& deleted = log.entries(0);  // newest first
  EXPECT_EQ(deleted.change(), v1::AuditEntry::CHANGE_DELETED);
  EXPECT_EQ(deleted.method(), "DeleteTerritory");
  EXPECT_EQ(deleted.key_label(), "holder territory_editor ign");
  EXPECT_EQ(deleted.role(), "territory_editor");
  EXPECT_EQ(deleted.organization(), "ign");
  const v1::AuditEntry& imported = log.entries(1);
  EXPECT_EQ(imported.method(), "ImportRecords");
  EXPECT_EQ(imported.role(), "admin");
  EXPECT_EQ(imported.change(), v1::AuditEntry::CHANGE_UPDATED);
  EXPECT_THAT(imported.fields(), ElementsAre("name"));
  const v1::AuditEntry& masked = log.entries(2);
  EXPECT_EQ(masked.method(), "UpsertTerritory");
  EXPECT_THAT(masked.fields(), ElementsAre("population"));
  const v1::AuditEntry& created = log.entries(3);
  EXPECT_EQ(created.change(), v1::AuditEntry::CHANGE_CREATED);
  EXPECT_THAT(created.fields(), ElementsAre("name", "department_code"));
  EXPECT_GT(created.time().seconds(), 0);
  for (const v1::AuditEntry& entry : log.entries()) {
    EXPECT_EQ(entry.territory_id(), "55029");
    EXPECT_EQ(entry.DebugString().find("-key"), std::string::npos) << "never the key";
  }
  EXPECT_GT(log.entries(0).sequence(), log.entries(3).sequence());

  // The setup's territory is in the log too; the filter and paging hold.
  v1::ListAuditEntriesResponse first;
  ASSERT_TRUE(ListAudit("admin-key", "", &first, 3).ok());
  ASSERT_EQ(first.entries_size(), 3);
  ASSERT_FALSE(first.next_page_token().empty());
  v1::ListAuditEntriesResponse second;
  ASSERT_TRUE(ListAudit("admin-key", "", &second, 3, first.next_page_token()).ok());
  ASSERT_EQ(second.entries_size(), 2);
  EXPECT_EQ(second.entries(1).territory_id(), "54431");
  EXPECT_TRUE(second.next_page_token().empty());
}

}  // namespace
}  // namespace matching
