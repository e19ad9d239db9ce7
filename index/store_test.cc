// Hermetic tests of the RocksDB store, on an in-memory file system.
#include "index/store.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::index {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<Store> Open(int64_t audit_max_entries = 100000) {
    StoreOptions options;
    options.env = env_.get();
    options.audit_max_entries = audit_max_entries;
    absl::StatusOr<std::unique_ptr<Store>> store = OpenStore("/db", options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static v1::Territory MakeTerritory(const std::string& id, const std::string& department) {
    v1::Territory t;
    t.set_id(id);
    t.set_name("Commune " + id);
    t.set_department_code(department);
    t.set_region_code("44");
    return t;
  }

  static v1::Offer MakeOffer(const std::string& id, const std::string& territory_id) {
    v1::Offer o;
    o.set_id(id);
    o.set_territory_id(territory_id);
    o.set_profession(v1::PROFESSION_GP);
    return o;
  }

  std::unique_ptr<rocksdb::Env> env_{rocksdb::NewMemEnv(rocksdb::Env::Default())};
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, TerritoryRoundTripAndNotFound) {
  v1::Territory t = MakeTerritory("54395", "54");
  t.set_creche_minutes(0);
  ASSERT_TRUE(store_->PutTerritory(t).ok());
  absl::StatusOr<v1::Territory> read = store_->GetTerritory("54395");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->name(), "Commune 54395");
  EXPECT_TRUE(read->has_creche_minutes());
  EXPECT_FALSE(read->has_lycee_minutes());  // unset stays unknown, not 0

  absl::StatusOr<v1::Territory> missing = store_->GetTerritory("99999");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("99999"));
}

TEST_F(StoreTest, OfferNeedsAStoredTerritory) {
  absl::StatusOr<v1::Offer> put = store_->PutOffer(MakeOffer("of-1", "nowhere"));
  EXPECT_EQ(put.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(put.status().message(), HasSubstr("offer.territory_id: 'nowhere'"));
  EXPECT_EQ(store_->GetOffer("of-1").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, OfferTimestampsAndDefaultStatus) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  absl::StatusOr<v1::Offer> first = store_->PutOffer(MakeOffer("of-1", "t1"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->status(), v1::OFFER_STATUS_OPEN);
  EXPECT_GT(first->create_time().seconds(), 0);
  v1::Offer changed = MakeOffer("of-1", "t1");
  changed.set_title("Médecin généraliste");
  absl::StatusOr<v1::Offer> second = store_->PutOffer(changed);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->create_time().SerializeAsString(), first->create_time().SerializeAsString());
  EXPECT_EQ(store_->GetOffer("of-1")->title(), "Médecin généraliste");
}

TEST_F(StoreTest, TerritoryWithOffersCannotBeDeleted) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  ASSERT_TRUE(store_->PutOffer(MakeOffer("of-1", "t1")).ok());
  absl::StatusOr<bool> refused = store_->DeleteTerritory("t1");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("of-1"));
  ASSERT_TRUE(*store_->DeleteOffer("of-1"));
  EXPECT_TRUE(*store_->DeleteTerritory("t1"));
  EXPECT_FALSE(*store_->DeleteTerritory("t1"));
}

TEST_F(StoreTest, MovingAnOfferMovesItsTerritoryKey) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t2", "57")).ok());
  ASSERT_TRUE(store_->PutOffer(MakeOffer("of-1", "t1")).ok());
  ASSERT_TRUE(store_->PutOffer(MakeOffer("of-1", "t2")).ok());
  OfferFilter of_t1;
  of_t1.territory_id = "t1";
  EXPECT_TRUE(store_->ListOffers(of_t1, PageRequest())->items.empty());
  EXPECT_TRUE(*store_->DeleteTerritory("t1"));  // no stale reference left behind
  OfferFilter of_t2;
  of_t2.territory_id = "t2";
  EXPECT_EQ(store_->ListOffers(of_t2, PageRequest())->items.size(), 1u);
}

TEST_F(StoreTest, ListPagesThroughEverythingOnceWithFilters) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(
        store_->PutTerritory(MakeTerritory("t" + std::to_string(i), i % 2 == 0 ? "54" : "57"))
            .ok());
  }
  TerritoryFilter filter;
  filter.department_code = "54";
  PageRequest page;
  page.page_size = 3;
  std::vector<std::string> seen;
  int pages = 0;
  do {
    absl::StatusOr<Page<v1::Territory>> result = store_->ListTerritories(filter, page);
    ASSERT_TRUE(result.ok()) << result.status();
    for (const v1::Territory& t : result->items) seen.push_back(t.id());
    page.page_token = result->next_page_token;
    ++pages;
  } while (!page.page_token.empty());
  EXPECT_THAT(seen, ElementsAre("t0", "t2", "t4", "t6"));
  EXPECT_EQ(pages, 2);
}

TEST_F(StoreTest, BadPageTokenIsInvalidArgument) {
  PageRequest page;
  page.page_token = "%%%";
  absl::StatusOr<Page<v1::Territory>> result = store_->ListTerritories({}, page);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("page_token"));
}

TEST_F(StoreTest, BatchAcceptsOfferOfTerritoryInSameBatchAndIsAtomic) {
  std::vector<Record> good(2);
  good[0].kind = Record::Kind::kTerritory;
  good[0].territory = MakeTerritory("t1", "54");
  good[1].kind = Record::Kind::kOffer;
  good[1].offer = MakeOffer("of-1", "t1");
  ASSERT_TRUE(store_->PutBatch(good).ok());
  EXPECT_TRUE(store_->GetOffer("of-1").ok());

  std::vector<Record> bad(2);
  bad[0].kind = Record::Kind::kCandidate;
  bad[0].candidate.set_id("c-1");
  bad[1].kind = Record::Kind::kOffer;
  bad[1].offer = MakeOffer("of-2", "missing");
  EXPECT_EQ(store_->PutBatch(bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->GetCandidate("c-1").status().code(), absl::StatusCode::kNotFound);
}

// Issue 19, point 4, at the store: an import read `of-target` when it did not exist and
// queued it for org-a; org-b created it before the batch was written. The write checks the
// owner again and leaves that offer out; the rest of the batch is written.
TEST_F(StoreTest, RequiredOwnerRefusesAnOfferAnotherOrganisationCreatedMeanwhile) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  auto offer_of = [](const std::string& id, const std::string& organization) {
    Record record;
    record.kind = Record::Kind::kOffer;
    record.offer = MakeOffer(id, "t1");
    record.offer.set_organization_id(organization);
    record.required_owner = "org-a";
    return record;
  };
  std::vector<Record> batch = {offer_of("of-target", "org-a"), offer_of("of-mine", "org-a")};
  v1::Offer theirs = MakeOffer("of-target", "t1");  // between the read and the write
  theirs.set_organization_id("org-b");
  ASSERT_TRUE(store_->PutOffer(theirs).ok());

  ASSERT_TRUE(store_->PutBatch(batch).ok());
  EXPECT_EQ(batch[0].refusal.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(batch[0].refusal.message(), HasSubstr("offer 'of-target' belongs to "
                                                    "organisation 'org-b'"));
  EXPECT_TRUE(batch[1].refusal.ok());
  EXPECT_EQ(store_->GetOffer("of-target")->organization_id(), "org-b");
  EXPECT_EQ(store_->GetOffer("of-mine")->organization_id(), "org-a");

  // The same within one batch: an earlier record of another organisation counts too.
  Record admins = offer_of("of-shared", "org-b");
  admins.required_owner.clear();
  std::vector<Record> mixed = {admins, offer_of("of-shared", "org-a")};
  ASSERT_TRUE(store_->PutBatch(mixed).ok());
  EXPECT_TRUE(mixed[0].refusal.ok());
  EXPECT_EQ(mixed[1].refusal.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->GetOffer("of-shared")->organization_id(), "org-b");
}

TEST_F(StoreTest, CandidateDeletionRemovesTheRecord) {
  v1::Candidate c;
  c.set_id("cand-42");
  c.set_profession(v1::PROFESSION_NURSE);
  absl::StatusOr<v1::Candidate> stored = store_->PutCandidate(c);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->status(), v1::CANDIDATE_STATUS_ACTIVE);
  EXPECT_TRUE(*store_->DeleteCandidate("cand-42"));
  EXPECT_EQ(store_->GetCandidate("cand-42").status().code(), absl::StatusCode::kNotFound);
  int visited = 0;
  ASSERT_TRUE(store_
                  ->ForEachCandidate([&](const v1::Candidate&) {
                    ++visited;
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(visited, 0);
}

TEST_F(StoreTest, EventsRoundTripWithTheirPlanListAndDelete) {
  v1::Candidate candidate;
  candidate.set_id("cand-1");
  candidate.set_profession(v1::PROFESSION_GP);
  ASSERT_TRUE(store_->PutCandidate(candidate).ok());
  for (const char* id : {"ev-b", "ev-a", "ev-c"}) {
    v1::Event event;
    event.set_id(id);
    event.set_name(std::string("Job dating ") + id);
    event.add_slots()->set_id("s1");
    event.mutable_plan()->add_interviews()->set_candidate_id("cand-1");
    ASSERT_TRUE(store_->PutEvent(event, OrgScope::Everyone()).ok());
  }
  absl::StatusOr<v1::Event> read = store_->GetEvent("ev-a");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->name(), "Job dating ev-a");
  ASSERT_EQ(read->plan().interviews_size(), 1);
  EXPECT_EQ(read->plan().interviews(0).candidate_id(), "cand-1");

  absl::StatusOr<Page<v1::Event>> first = store_->ListEvents({2, ""}, OrgScope::Everyone());
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id(), "ev-a");
  absl::StatusOr<Page<v1::Event>> second =
      store_->ListEvents({2, first->next_page_token}, OrgScope::Everyone());
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id(), "ev-c");
  EXPECT_TRUE(second->next_page_token.empty());

  EXPECT_TRUE(*store_->DeleteEvent("ev-b", OrgScope::Everyone()));
  EXPECT_FALSE(*store_->DeleteEvent("ev-b", OrgScope::Everyone()));
  EXPECT_EQ(store_->GetEvent("ev-b").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ErasingACandidateRemovesThemFromEveryEvent) {
  v1::Candidate c;
  c.set_profession(v1::PROFESSION_GP);
  for (const char* id : {"cand-erase-me", "cand-stays"}) {
    c.set_id(id);
    ASSERT_TRUE(store_->PutCandidate(c).ok());
  }
  v1::Event event;
  event.set_id("ev-1");
  event.add_registrations()->set_candidate_id("cand-erase-me");
  event.add_registrations()->set_candidate_id("cand-stays");
  for (const char* who : {"cand-erase-me", "cand-stays"}) {
    event.mutable_plan()->add_interviews()->set_candidate_id(who);
    event.mutable_plan()->add_changes()->mutable_interview()->set_candidate_id(who);
  }
  ASSERT_TRUE(store_->PutEvent(event, OrgScope::Everyone()).ok());
  v1::Event untouched;
  untouched.set_id("ev-2");
  untouched.add_registrations()->set_candidate_id("cand-stays");
  ASSERT_TRUE(store_->PutEvent(untouched, OrgScope::Everyone()).ok());

  ASSERT_TRUE(*store_->DeleteCandidate("cand-erase-me"));
  absl::StatusOr<v1::Event> scrubbed = store_->GetEvent("ev-1");
  ASSERT_TRUE(scrubbed.ok());
  EXPECT_EQ(scrubbed->SerializeAsString().find("cand-erase-me"), std::string::npos);
  ASSERT_EQ(scrubbed->registrations_size(), 1);
  EXPECT_EQ(scrubbed->registrations(0).candidate_id(), "cand-stays");
  EXPECT_EQ(scrubbed->plan().interviews_size(), 1);
  EXPECT_EQ(scrubbed->plan().changes_size(), 1);
  EXPECT_EQ(store_->GetEvent("ev-2")->SerializeAsString(), untouched.SerializeAsString());
}

// Issue 19, attack 3: an event read before an erasure (by a plan, an update) and written
// after it must not bring the erased candidate back.
TEST_F(StoreTest, AnEventWrittenAfterAnErasureDoesNotBringTheCandidateBack) {
  v1::Candidate c;
  c.set_profession(v1::PROFESSION_GP);
  for (const char* id : {"cand-erased", "cand-stays"}) {
    c.set_id(id);
    ASSERT_TRUE(store_->PutCandidate(c).ok());
  }
  v1::Event event;
  event.set_id("ev-1");
  for (const char* who : {"cand-erased", "cand-stays"}) {
    event.add_registrations()->set_candidate_id(who);
    event.mutable_plan()->add_interviews()->set_candidate_id(who);
    event.mutable_plan()->add_changes()->mutable_interview()->set_candidate_id(who);
  }
  ASSERT_TRUE(store_->PutEvent(event, OrgScope::Everyone()).ok());
  const v1::Event read_before = *store_->GetEvent("ev-1");
  ASSERT_TRUE(*store_->DeleteCandidate("cand-erased"));

  absl::StatusOr<v1::Event> written =
      store_->PutEvent(read_before, OrgScope::Everyone());  // the stale write
  ASSERT_TRUE(written.ok()) << written.status();
  for (const v1::Event& e : {*written, *store_->GetEvent("ev-1")}) {
    EXPECT_EQ(e.SerializeAsString().find("cand-erased"), std::string::npos) << e.DebugString();
    ASSERT_EQ(e.registrations_size(), 1);
    EXPECT_EQ(e.registrations(0).candidate_id(), "cand-stays");
    EXPECT_EQ(e.plan().interviews_size(), 1);
    EXPECT_EQ(e.plan().changes_size(), 1);
  }
}

// Issue 19 point 5: an event belongs to its organisation. The scope is decided inside the
// write, from the version the write replaces: an agency's write cannot take over, and its
// delete cannot remove, another organisation's event, even one created after its own reads.
TEST_F(StoreTest, OrgScopeRefusesAnotherOrganisationsEventInsideTheWrite) {
  v1::Event event;
  event.set_id("ev-1");
  event.set_name("B's day");
  event.set_organization_id("org-b");
  ASSERT_TRUE(store_->PutEvent(event, OrgScope::Of("org-b")).ok());
  v1::Event unowned;
  unowned.set_id("ev-old");  // stored before organisations were recorded
  ASSERT_TRUE(store_->PutEvent(unowned, OrgScope::Everyone()).ok());

  v1::Event takeover = event;
  takeover.set_name("A's day");
  takeover.set_organization_id("org-a");
  for (const char* id : {"ev-1", "ev-old"}) {
    takeover.set_id(id);
    absl::StatusOr<v1::Event> written = store_->PutEvent(takeover, OrgScope::Of("org-a"));
    EXPECT_EQ(written.status().code(), absl::StatusCode::kNotFound) << id;
    EXPECT_THAT(written.status().message(), HasSubstr(absl::StrCat("event '", id, "' not found")));
    absl::StatusOr<bool> deleted = store_->DeleteEvent(id, OrgScope::Of("org-a"));
    ASSERT_TRUE(deleted.ok());
    EXPECT_FALSE(*deleted) << id;  // the answer for an absent event
  }
  EXPECT_EQ(store_->GetEvent("ev-1")->name(), "B's day");
  EXPECT_EQ(store_->GetEvent("ev-1")->organization_id(), "org-b");
  EXPECT_TRUE(store_->GetEvent("ev-old").ok());

  absl::StatusOr<Page<v1::Event>> of_a = store_->ListEvents({10, ""}, OrgScope::Of("org-a"));
  ASSERT_TRUE(of_a.ok());
  EXPECT_TRUE(of_a->items.empty());
  absl::StatusOr<Page<v1::Event>> of_b = store_->ListEvents({10, ""}, OrgScope::Of("org-b"));
  ASSERT_TRUE(of_b.ok());
  ASSERT_EQ(of_b->items.size(), 1u);
  EXPECT_EQ(of_b->items[0].id(), "ev-1");
  EXPECT_EQ(store_->ListEvents({10, ""}, OrgScope::Everyone())->items.size(), 2u);
  // An empty organisation is no organisation: it does not reach events without one.
  EXPECT_TRUE(store_->ListEvents({10, ""}, OrgScope::Of(""))->items.empty());

  EXPECT_TRUE(store_->PutEvent(event, OrgScope::Of("org-b")).ok());
  EXPECT_TRUE(*store_->DeleteEvent("ev-1", OrgScope::Of("org-b")));
  EXPECT_TRUE(*store_->DeleteEvent("ev-old", OrgScope::Everyone()));
}

// The audit log keeps the newest entries within its bound, across a reopen, and the
// sequence goes on from the last entry (issue 19 point 5).
TEST_F(StoreTest, AuditLogKeepsTheNewestEntriesWithinItsBound) {
  store_.reset();
  store_ = Open(/*audit_max_entries=*/3);
  ASSERT_NE(store_, nullptr);
  const ChangeAuthor author{"ops desk", "admin", "", "UpsertTerritory"};
  TerritoryWrite write;
  write.author = &author;
  for (int population = 1; population <= 4; ++population) {
    v1::Territory t = MakeTerritory("t1", "54");
    t.set_population(population);
    ASSERT_TRUE(store_->WriteTerritory(t, write).ok());
  }
  store_.reset();
  store_ = Open(3);
  ASSERT_NE(store_, nullptr);
  ASSERT_TRUE(*store_->DeleteTerritory("t1", &author));
  absl::StatusOr<Page<v1::AuditEntry>> log = store_->ListAuditEntries({}, {10, ""});
  ASSERT_TRUE(log.ok()) << log.status();
  ASSERT_EQ(log->items.size(), 3u);
  EXPECT_EQ(log->items[0].sequence(), 5);
  EXPECT_EQ(log->items[0].change(), v1::AuditEntry::CHANGE_DELETED);
  EXPECT_EQ(log->items[1].sequence(), 4);
  EXPECT_THAT(log->items[1].fields(), ElementsAre("population"));
  EXPECT_EQ(log->items[2].sequence(), 3);
  EXPECT_EQ(log->items[2].key_label(), "ops desk");
  // Unaudited writes (tests, tools) add nothing.
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t2", "54")).ok());
  EXPECT_EQ(store_->ListAuditEntries({"t2"}, {10, ""})->items.size(), 0u);
  EXPECT_EQ(store_->ListAuditEntries({}, {10, "bm90IGEgdG9rZW4"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Issue 19 point 5: a household an agency registered is its organisation's; the store
// decides inside the write (required_owner), so another organisation's write is refused as
// not found, and its erasure deletes nothing.
TEST_F(StoreTest, RequiredOwnerKeepsAHouseholdWithItsOrganisation) {
  std::vector<Record> records(1);
  records[0].kind = Record::Kind::kCandidate;
  records[0].candidate.set_id("cand-1");
  records[0].candidate.set_profession(v1::PROFESSION_GP);
  records[0].candidate.set_registering_organization_id("org-b");  // ignored for an agency
  records[0].required_owner = "org-a";
  ASSERT_TRUE(store_->PutBatch(records).ok());
  ASSERT_TRUE(records[0].refusal.ok());
  EXPECT_EQ(store_->GetCandidate("cand-1")->registering_organization_id(), "org-a");

  records[0].candidate.set_profession(v1::PROFESSION_NURSE);
  records[0].required_owner = "org-b";
  ASSERT_TRUE(store_->PutBatch(records).ok());
  EXPECT_EQ(records[0].refusal.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetCandidate("cand-1")->profession(), v1::PROFESSION_GP);
  EXPECT_FALSE(*store_->DeleteCandidate("cand-1", OrgScope::Of("org-b")));
  EXPECT_TRUE(store_->GetCandidate("cand-1").ok());

  // An admin's write without organisation keeps the stored one.
  records[0].candidate.set_registering_organization_id("");
  records[0].required_owner.clear();
  ASSERT_TRUE(store_->PutBatch(records).ok());
  EXPECT_EQ(store_->GetCandidate("cand-1")->registering_organization_id(), "org-a");
  CandidateFilter of_b;
  of_b.scope = OrgScope::Of("org-b");
  EXPECT_TRUE(store_->ListCandidates(of_b, {10, ""})->items.empty());
  CandidateFilter of_a;
  of_a.scope = OrgScope::Of("org-a");
  EXPECT_EQ(store_->ListCandidates(of_a, {10, ""})->items.size(), 1u);
  EXPECT_TRUE(*store_->DeleteCandidate("cand-1", OrgScope::Of("org-a")));
}

TEST_F(StoreTest, CampaignsRoundTripListByOrganisationAndDelete) {
  v1::Candidate candidate;
  candidate.set_id("cand-1");
  candidate.set_profession(v1::PROFESSION_GP);
  ASSERT_TRUE(store_->PutCandidate(candidate).ok());
  for (const char* id : {"camp-b", "camp-a", "camp-c"}) {
    v1::Campaign campaign;
    campaign.set_id(id);
    campaign.set_organization(std::string(id) == "camp-c" ? "ars-ge" : "ars-idf");
    campaign.mutable_plan()->add_proposals()->set_candidate_id("cand-1");
    ASSERT_TRUE(store_->PutCampaign(campaign).ok());
  }
  absl::StatusOr<v1::Campaign> read = store_->GetCampaign("camp-a");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->plan().proposals_size(), 1);
  EXPECT_EQ(read->plan().proposals(0).candidate_id(), "cand-1");

  absl::StatusOr<Page<v1::Campaign>> all = store_->ListCampaigns("", {10, ""});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 3u);
  absl::StatusOr<Page<v1::Campaign>> idf = store_->ListCampaigns("ars-idf", {1, ""});
  ASSERT_TRUE(idf.ok());
  ASSERT_EQ(idf->items.size(), 1u);
  EXPECT_EQ(idf->items[0].id(), "camp-a");
  idf = store_->ListCampaigns("ars-idf", {1, idf->next_page_token});
  ASSERT_TRUE(idf.ok());
  ASSERT_EQ(idf->items.size(), 1u);
  EXPECT_EQ(idf->items[0].id(), "camp-b");  // camp-c is another organisation's

  EXPECT_TRUE(*store_->DeleteCampaign("camp-b"));
  EXPECT_FALSE(*store_->DeleteCampaign("camp-b"));
  EXPECT_EQ(store_->GetCampaign("camp-b").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ErasingACandidateScrubsEveryCampaignAndAStaleWriteCannotBringThemBack) {
  v1::Candidate c;
  c.set_profession(v1::PROFESSION_GP);
  for (const char* id : {"cand-erase-me", "cand-stays"}) {
    c.set_id(id);
    ASSERT_TRUE(store_->PutCandidate(c).ok());
  }
  v1::Campaign campaign;
  campaign.set_id("camp-1");
  for (const char* who : {"cand-erase-me", "cand-stays"}) {
    v1::CampaignProposal* p = campaign.mutable_plan()->add_proposals();
    p->set_candidate_id(who);
    p->set_offer_id("of-1");
    campaign.mutable_plan()->add_changes()->mutable_proposal()->set_candidate_id(who);
    v1::CampaignOutcome* o = campaign.add_outcomes();
    o->set_candidate_id(who);
    o->set_kind(v1::OUTCOME_KIND_MET);
  }
  campaign.add_outcomes()->set_offer_id("of-9");  // a post filled: no candidate
  ASSERT_TRUE(store_->PutCampaign(campaign).ok());
  const v1::Campaign read_before = *store_->GetCampaign("camp-1");
  ASSERT_TRUE(*store_->DeleteCandidate("cand-erase-me"));

  auto check = [](const v1::Campaign& e) {
    EXPECT_EQ(e.SerializeAsString().find("cand-erase-me"), std::string::npos) << e.DebugString();
    ASSERT_EQ(e.plan().proposals_size(), 1);
    EXPECT_EQ(e.plan().proposals(0).candidate_id(), "cand-stays");
    EXPECT_EQ(e.plan().changes_size(), 1);
    EXPECT_EQ(e.outcomes_size(), 2);  // cand-stays' and the filled post
  };
  check(*store_->GetCampaign("camp-1"));
  absl::StatusOr<v1::Campaign> written = store_->PutCampaign(read_before);  // stale write
  ASSERT_TRUE(written.ok()) << written.status();
  check(*written);
  check(*store_->GetCampaign("camp-1"));
}

// A store written before campaigns existed (no `campaigns` family) opens and gains it.
TEST_F(StoreTest, AStoreWithoutTheCampaignsFamilyOpensAndGainsIt) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  store_.reset();
  {
    rocksdb::Options options;
    options.env = env_.get();
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, "/db", &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names)
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, "/db", families, &handles, &db).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "campaigns") {
        ASSERT_TRUE(db->DropColumnFamily(handles[i]).ok());
      }
    }
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    delete db;
    names.clear();
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, "/db", &names).ok());
    ASSERT_THAT(names, ::testing::Not(::testing::Contains("campaigns")));
  }
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(store_->GetTerritory("t1").ok());
  v1::Campaign campaign;
  campaign.set_id("camp-1");
  ASSERT_TRUE(store_->PutCampaign(campaign).ok());
  EXPECT_TRUE(store_->GetCampaign("camp-1").ok());
}

TEST_F(StoreTest, ReopenKeepsRecords) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(store_->GetTerritory("t1").ok());
}

TEST_F(StoreTest, RefusesAStoreOfAnotherSchemaVersion) {
  store_.reset();
  {
    // A store written by a future build: same families, schema version 2.
    rocksdb::Options options;
    options.env = env_.get();
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, "/db", &names).ok());
    for (const std::string& name : names)
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, "/db", families, &handles, &db).ok());
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "meta") {
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[i], "schema_version", "2").ok());
      }
    }
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    delete db;
  }
  StoreOptions options;
  options.env = env_.get();
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenStore("/db", options);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(opened.status().message(), HasSubstr("schema version 2"));
  EXPECT_THAT(opened.status().message(), HasSubstr("this build reads schema version 1"));
}

TEST_F(StoreTest, ACorruptStoreIsAClearErrorNotACrash) {
  ASSERT_TRUE(store_->PutTerritory(MakeTerritory("t1", "54")).ok());
  store_.reset();
  // CURRENT names the live MANIFEST; point it at garbage.
  std::unique_ptr<rocksdb::WritableFile> file;
  ASSERT_TRUE(env_->NewWritableFile("/db/CURRENT", &file, rocksdb::EnvOptions()).ok());
  ASSERT_TRUE(file->Append("MANIFEST-999999\n").ok());
  ASSERT_TRUE(file->Close().ok());
  StoreOptions options;
  options.env = env_.get();
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenStore("/db", options);
  EXPECT_FALSE(opened.ok());
  EXPECT_THAT(opened.status().message(), HasSubstr("/db"));
}

TEST_F(StoreTest, RefusesANonEmptyForeignDirectory) {
  store_.reset();
  std::unique_ptr<rocksdb::WritableFile> file;
  ASSERT_TRUE(env_->CreateDir("/other").ok());
  ASSERT_TRUE(env_->NewWritableFile("/other/notes.txt", &file, rocksdb::EnvOptions()).ok());
  file.reset();
  StoreOptions options;
  options.env = env_.get();
  absl::StatusOr<std::unique_ptr<Store>> opened = OpenStore("/other", options);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(opened.status().message(), HasSubstr("notes.txt"));
}

}  // namespace
}  // namespace matching::index
