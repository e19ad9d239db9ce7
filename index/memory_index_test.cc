// The in-memory index follows the store and ranks with a bounded heap.
#include "index/memory_index.h"

#include <rocksdb/env.h>

#include <algorithm>
#include <map>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/convert.h"
#include "matcher/aids.h"

namespace matching::index {
namespace {

class MemoryIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.env = env_.get();
    store_ = std::move(*OpenStore("/db", options));
    indexed_ = NewIndexedStore(store_.get(), &index_);
    for (const auto& [id, department, minutes] :
         std::vector<std::tuple<std::string, std::string, double>>{
             {"t1", "54", 20}, {"t2", "54", 42}, {"t3", "57", 90}}) {
      v1::Territory t;
      t.set_id(id);
      t.set_department_code(department);
      t.set_region_code(department == "57" ? "44" : "44b");
      auto* access = t.add_metropolis_access();
      access->set_metropolis_id("nancy");
      access->set_drive_minutes(minutes);
      EXPECT_TRUE(indexed_->PutTerritory(t).ok());
    }
  }

  void PutOffer(const std::string& id, const std::string& territory,
                v1::Profession profession = v1::PROFESSION_GP,
                v1::PracticeSetting setting = v1::PRACTICE_SETTING_UNSPECIFIED,
                v1::OfferStatus status = v1::OFFER_STATUS_UNSPECIFIED) {
    v1::Offer o;
    o.set_id(id);
    o.set_territory_id(territory);
    o.set_profession(profession);
    o.set_setting(setting);
    o.set_status(status);
    ASSERT_TRUE(indexed_->PutOffer(o).ok());
  }

  // 90 minutes from Nancy at most: every territory of the fixture is within reach.
  static matcher::CandidateProfile Gp() {
    matcher::CandidateProfile c;
    c.id = "c1";
    c.profession = matcher::Profession::kGp;
    c.metropolis_ids = {"nancy"};
    c.max_drive_minutes = 90;
    return c;
  }

  static std::vector<std::string> OfferIds(const RankResult& result) {
    std::vector<std::string> ids;
    for (const RankedPair& pair : result.pairs) ids.push_back(pair.offer.id);
    return ids;
  }

  std::unique_ptr<rocksdb::Env> env_{rocksdb::NewMemEnv(rocksdb::Env::Default())};
  std::unique_ptr<Store> store_;
  MemoryIndex index_;
  std::unique_ptr<Store> indexed_;
};

TEST_F(MemoryIndexTest, RanksBestFirstWithTiesById) {
  PutOffer("b", "t1");
  PutOffer("a", "t1");  // same territory, same features: ties break by id
  PutOffer("c", "t3");  // 90 min from Nancy against a 75 min wish (60 min within 1.2x)
  PutOffer("n", "t1", v1::PROFESSION_NURSE);
  matcher::CandidateProfile gp = Gp();
  gp.max_drive_minutes = 75;
  RankQuery query;
  absl::StatusOr<RankResult> result = index_.RankOffers(gp, query);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->considered, 3);
  EXPECT_THAT(OfferIds(*result), ::testing::ElementsAre("a", "b", "c"));
  EXPECT_GT(result->pairs[1].scores.score, result->pairs[2].scores.score);
  query.top_k = 1;
  EXPECT_THAT(OfferIds(*index_.RankOffers(gp, query)), ::testing::ElementsAre("a"));
}

// A limit is a limit: an offer beyond the household's drive time (with its tolerance) is
// not ranked; asked for, it comes after every offer within, its score capped.
TEST_F(MemoryIndexTest, OffersBeyondTheHouseholdsLimitsComeLastOrNotAtAll) {
  PutOffer("far", "t3");   // 90 min from Nancy
  PutOffer("near", "t2");  // 42 min
  matcher::CandidateProfile gp = Gp();
  gp.max_drive_minutes = 45;  // 54 min with the tolerance
  gp.preferred_settings = {matcher::PracticeSetting::kMsp};
  RankQuery query;
  EXPECT_THAT(OfferIds(*index_.RankOffers(gp, query)), ::testing::ElementsAre("near"));
  query.include_beyond_limits = true;
  absl::StatusOr<RankResult> result = index_.RankOffers(gp, query);
  ASSERT_TRUE(result.ok());
  EXPECT_THAT(OfferIds(*result), ::testing::ElementsAre("near", "far"));
  EXPECT_LE(result->pairs[1].scores.score, matcher::kBeyondLimitsScoreCap);
  query.top_k = 1;
  EXPECT_THAT(OfferIds(*index_.RankOffers(gp, query)), ::testing::ElementsAre("near"));
  // Beyond-limit offers come after those within even when they would score higher.
  PutOffer("far-msp", "t3", v1::PROFESSION_GP, v1::PRACTICE_SETTING_MSP);
  query.top_k = 20;
  EXPECT_THAT(OfferIds(*index_.RankOffers(gp, query)),
              ::testing::ElementsAre("near", "far-msp", "far"));
  // A specialist is a specialist.
  PutOffer("cardio", "t1", v1::PROFESSION_SPECIALIST);
  PutOffer("paedi", "t1", v1::PROFESSION_SPECIALIST);
  v1::Offer paediatrics = *indexed_->GetOffer("paedi");
  paediatrics.set_specialty("pediatrics");
  ASSERT_TRUE(indexed_->PutOffer(paediatrics).ok());
  v1::Offer cardiology = *indexed_->GetOffer("cardio");
  cardiology.set_specialty("cardiology");
  ASSERT_TRUE(indexed_->PutOffer(cardiology).ok());
  matcher::CandidateProfile cardiologist = Gp();
  cardiologist.profession = matcher::Profession::kSpecialist;
  cardiologist.specialty = "cardiology";
  EXPECT_THAT(OfferIds(*index_.RankOffers(cardiologist, RankQuery())),
              ::testing::ElementsAre("cardio"));
}

// Territory writes keep the declared metropolises up to date: a replaced record forgets
// what it named, a deleted one too, and a reload finds the same.
TEST_F(MemoryIndexTest, DeclaredMetropolisesFollowTerritoryWrites) {
  EXPECT_TRUE(index_.DeclaresMetropolis("nancy"));
  EXPECT_FALSE(index_.DeclaresMetropolis("metz"));
  v1::Territory metz;
  metz.set_id("57463");
  metz.set_department_code("57");
  metz.set_metropolis_id("metz");  // a member, listing Nancy's access too
  auto* to_nancy = metz.add_metropolis_access();
  to_nancy->set_metropolis_id("nancy");
  to_nancy->set_name("Métropole du Grand Nancy");
  to_nancy->set_drive_minutes(50);
  ASSERT_TRUE(indexed_->PutTerritory(metz).ok());
  EXPECT_TRUE(index_.DeclaresMetropolis("metz"));
  std::vector<DeclaredMetropolis> declared = index_.DeclaredMetropolises();
  ASSERT_EQ(declared.size(), 2u);
  EXPECT_EQ(declared[0].id, "metz");
  EXPECT_EQ(declared[0].department_code, "57");
  EXPECT_EQ(declared[1].id, "nancy");
  EXPECT_EQ(declared[1].name, "Métropole du Grand Nancy");
  EXPECT_EQ(declared[1].department_code, "54");  // t1, 20 min away, is the nearest

  metz.clear_metropolis_id();  // replaced: no longer a member
  ASSERT_TRUE(indexed_->PutTerritory(metz).ok());
  EXPECT_FALSE(index_.DeclaresMetropolis("metz"));
  for (const std::string id : {"t1", "t2", "t3"}) ASSERT_TRUE(*indexed_->DeleteTerritory(id));
  EXPECT_TRUE(index_.DeclaresMetropolis("nancy"));  // 57463 still lists it
  ASSERT_TRUE(*indexed_->DeleteTerritory("57463"));
  EXPECT_FALSE(index_.DeclaresMetropolis("nancy"));
  EXPECT_TRUE(index_.DeclaredMetropolises().empty());

  ASSERT_TRUE(indexed_->PutTerritory(metz).ok());
  MemoryIndex reloaded;
  ASSERT_TRUE(reloaded.LoadFrom(*store_).ok());
  EXPECT_TRUE(reloaded.DeclaresMetropolis("nancy"));
  EXPECT_FALSE(reloaded.DeclaresMetropolis("metz"));
}

TEST_F(MemoryIndexTest, FiltersAndMaxPerTerritory) {
  PutOffer("a", "t1");
  PutOffer("b", "t1");
  PutOffer("c", "t2");
  PutOffer("d", "t3");
  RankQuery query;
  query.max_per_territory = 1;
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("a", "c", "d"));
  query.max_per_territory = 0;
  query.filters.department_codes = {"57"};
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("d"));
  query.filters.department_codes.clear();
  query.filters.max_drive_minutes = 45;
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("a", "b", "c"));
  query.filters.max_drive_minutes = 0;
  query.filters.region_codes = {"44"};
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("d"));
  query.filters.region_codes = {"44b", "44"};
  EXPECT_EQ(OfferIds(*index_.RankOffers(Gp(), query)).size(), 4u);
}

TEST_F(MemoryIndexTest, SettingsFilterAndClosedOffers) {
  PutOffer("msp", "t1", v1::PROFESSION_GP, v1::PRACTICE_SETTING_MSP);
  PutOffer("solo", "t1", v1::PROFESSION_GP, v1::PRACTICE_SETTING_SOLO_PRACTICE);
  PutOffer("filled", "t1", v1::PROFESSION_GP, v1::PRACTICE_SETTING_MSP, v1::OFFER_STATUS_FILLED);
  PutOffer("closed", "t2", v1::PROFESSION_GP, v1::PRACTICE_SETTING_MSP, v1::OFFER_STATUS_CLOSED);
  RankQuery query;
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)),
              ::testing::UnorderedElementsAre("msp", "solo"));
  query.filters.settings = {matcher::PracticeSetting::kMsp};
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("msp"));
  query.filters.settings = {matcher::PracticeSetting::kSoloPractice,
                            matcher::PracticeSetting::kHospital};
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("solo"));
}

TEST_F(MemoryIndexTest, SameQuerySameOrderWithManyTiesAndAfterAReload) {
  std::vector<std::string> tied;
  for (int i = 0; i < 40; ++i) {
    const std::string id = "of-" + std::to_string((i * 7919) % 40);  // inserted out of order
    PutOffer(id, "t1");
    tied.push_back(id);
  }
  PutOffer("far", "t3");  // beyond the household's limit
  std::sort(tied.begin(), tied.end());
  RankQuery query;
  query.top_k = 25;
  matcher::CandidateProfile gp = Gp();
  gp.max_drive_minutes = 60;
  const std::vector<std::string> first = OfferIds(*index_.RankOffers(gp, query));
  ASSERT_EQ(first.size(), 25u);
  // All 40 tie: the page is the 25 smallest ids, in id order.
  EXPECT_EQ(first, std::vector<std::string>(tied.begin(), tied.begin() + 25));
  EXPECT_EQ(OfferIds(*index_.RankOffers(gp, query)), first);
  MemoryIndex reloaded;
  ASSERT_TRUE(reloaded.LoadFrom(*store_).ok());
  EXPECT_EQ(OfferIds(*reloaded.RankOffers(gp, query)), first);
}

TEST_F(MemoryIndexTest, TheCandidatesOwnPrioritiesChangeTheRanking) {
  PutOffer("near-solo", "t1", v1::PROFESSION_GP, v1::PRACTICE_SETTING_SOLO_PRACTICE);
  PutOffer("far-msp", "t3", v1::PROFESSION_GP, v1::PRACTICE_SETTING_MSP);
  matcher::CandidateProfile candidate = Gp();
  candidate.max_drive_minutes = 75;  // t3's 90 min: within the tolerance, scored down
  candidate.preferred_settings = {matcher::PracticeSetting::kMsp};
  candidate.weights = {{"proximity", 0}};  // "the team matters, not the distance"
  EXPECT_THAT(OfferIds(*index_.RankOffers(candidate, RankQuery())),
              ::testing::ElementsAre("far-msp", "near-solo"));
  candidate.weights = {{"setting", 0}};  // "the distance matters, not the team"
  EXPECT_THAT(OfferIds(*index_.RankOffers(candidate, RankQuery())),
              ::testing::ElementsAre("near-solo", "far-msp"));
  candidate.weights = {{"setting", -1}};
  EXPECT_EQ(index_.RankOffers(candidate, RankQuery()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MemoryIndexTest, SearchesTerritoriesByNameMetropolisAndDistance) {
  const struct {
    const char* id;
    const char* name;
    double lat, lon;
    const char* metropolis;
    double nancy_minutes;
  } places[] = {{"59153", "Condé-sur-l'Escaut", 50.45, 3.59, "", 300},
                {"54395", "Nancy", 48.6921, 6.1844, "nancy", 0},
                {"54431", "Lunéville", 48.5894, 6.4967, "", 37},
                {"54547", "Vandœuvre-lès-Nancy", 48.656, 6.171, "nancy", 8}};
  for (const auto& p : places) {
    v1::Territory t;
    t.set_id(p.id);
    t.set_name(p.name);
    t.set_department_code(std::string(p.id).substr(0, 2));
    t.mutable_location()->set_lat(p.lat);
    t.mutable_location()->set_lon(p.lon);
    t.set_metropolis_id(p.metropolis);
    auto* access = t.add_metropolis_access();
    access->set_metropolis_id("nancy");
    access->set_drive_minutes(p.nancy_minutes);
    ASSERT_TRUE(indexed_->PutTerritory(t).ok());
  }
  auto ids = [](const TerritoryPage& page) {
    std::vector<std::string> out;
    for (const TerritoryHit& hit : page.hits) out.push_back(hit.id);
    return out;
  };
  TerritoryQuery query;
  query.name_prefix = "conde sur l";
  EXPECT_THAT(ids(index_.SearchTerritories(query)), ::testing::ElementsAre("59153"));
  query.name_prefix = "VANDOEUVRE";
  EXPECT_THAT(ids(index_.SearchTerritories(query)), ::testing::ElementsAre("54547"));
  query = TerritoryQuery();
  query.metropolis_id = "nancy";
  EXPECT_THAT(ids(index_.SearchTerritories(query)), ::testing::ElementsAre("54395", "54547"));
  query.max_drive_minutes = 40;
  // t1 (the fixture's, 20 min) is within reach too; t2 (42 min) is not.
  EXPECT_THAT(ids(index_.SearchTerritories(query)),
              ::testing::ElementsAre("54395", "54431", "54547", "t1"));
  query = TerritoryQuery();
  query.near = std::make_pair(48.6921, 6.1844);
  query.radius_km = 30;
  const TerritoryPage near = index_.SearchTerritories(query);
  EXPECT_THAT(ids(near), ::testing::ElementsAre("54395", "54547", "54431"));  // nearest first
  EXPECT_DOUBLE_EQ(near.hits[0].distance_km, 0);
  EXPECT_NEAR(near.hits[2].distance_km, 25.6, 0.3);
  EXPECT_FALSE(near.more);
  // Paging in id order (department 54 also holds the fixture's t1 and t2).
  query = TerritoryQuery();
  query.department_code = "54";
  query.limit = 3;
  TerritoryPage first = index_.SearchTerritories(query);
  EXPECT_THAT(ids(first), ::testing::ElementsAre("54395", "54431", "54547"));
  EXPECT_TRUE(first.more);
  query.after_id = first.hits.back().id;
  TerritoryPage second = index_.SearchTerritories(query);
  EXPECT_THAT(ids(second), ::testing::ElementsAre("t1", "t2"));
  EXPECT_FALSE(second.more);
  ASSERT_TRUE(*indexed_->DeleteTerritory("59153"));
  query = TerritoryQuery();
  query.name_prefix = "conde";
  EXPECT_TRUE(index_.SearchTerritories(query).hits.empty());
}

// Writers racing on the same ids leave the index equal to the store.
TEST_F(MemoryIndexTest, ConcurrentPutsAndDeletesLeaveTheIndexEqualToTheStore) {
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([this, w] {
      for (int i = 0; i < 300; ++i) {
        v1::Candidate c;
        c.set_id("c" + std::to_string(i % 7));
        c.set_profession(v1::PROFESSION_GP);
        if ((i + w) % 3 == 0) {
          ASSERT_TRUE(indexed_->DeleteCandidate(c.id()).ok());
        } else {
          ASSERT_TRUE(indexed_->PutCandidate(c).ok());
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (int i = 0; i < 7; ++i) {
    const std::string id = "c" + std::to_string(i);
    EXPECT_EQ(store_->GetCandidate(id).ok(), index_.FindCandidate(id).has_value()) << id;
  }
}

TEST_F(MemoryIndexTest, FollowsWritesAndDeletesAndReloadsFromTheStore) {
  PutOffer("a", "t1");
  EXPECT_EQ(index_.offer_count(), 1u);
  ASSERT_TRUE(*indexed_->DeleteOffer("a"));
  EXPECT_EQ(index_.offer_count(), 0u);
  EXPECT_TRUE(index_.RankOffers(Gp(), RankQuery())->pairs.empty());
  v1::Candidate c;
  c.set_id("c9");
  c.set_profession(v1::PROFESSION_GP);
  c.mutable_consent()->set_given(true);  // recruiters see only consenting households
  ASSERT_TRUE(indexed_->PutCandidate(c).ok());
  PutOffer("z", "t2");
  // A failed write leaves the index as it was.
  v1::Offer orphan;
  orphan.set_id("orphan");
  orphan.set_territory_id("nowhere");
  EXPECT_FALSE(indexed_->PutOffer(orphan).ok());
  EXPECT_FALSE(index_.FindOffer("orphan").has_value());

  MemoryIndex reloaded;
  ASSERT_TRUE(reloaded.LoadFrom(*store_).ok());
  EXPECT_EQ(reloaded.territory_count(), 3u);
  EXPECT_EQ(reloaded.offer_count(), 1u);
  EXPECT_EQ(reloaded.candidate_count(), 1u);
  absl::StatusOr<RankResult> candidates = reloaded.RankCandidates("z", RankQuery());
  ASSERT_TRUE(candidates.ok());
  ASSERT_EQ(candidates->pairs.size(), 1u);
  EXPECT_EQ(candidates->pairs[0].candidate->id, "c9");
  EXPECT_EQ(reloaded.RankCandidates("missing", RankQuery()).status().code(),
            absl::StatusCode::kNotFound);
}

// The territory cache keys households by what each criterion reads: lifestyle tags are free
// text, so one tag "a<US>b" and the two tags "a", "b" must not share a column.
TEST(MemoryIndexCacheTest, LifestyleTagsThatJoinAlikeKeepTheirOwnScores) {
  MemoryIndex index;
  v1::Territory territory;
  territory.set_id("t1");
  territory.set_department_code("54");
  territory.add_lifestyle_tags("a");
  territory.add_lifestyle_tags("b");
  index.PutTerritory(territory);
  v1::Offer offer;
  offer.set_id("o1");
  offer.set_territory_id("t1");
  offer.set_profession(v1::PROFESSION_GP);
  index.PutOffer(offer);
  RankQuery query;
  query.options.as_of = absl::CivilDay(2026, 11, 30);
  for (const std::vector<std::string>& tags : {std::vector<std::string>{std::string("a\x1f"
                                                                                    "b")},
                                               std::vector<std::string>{"a", "b"},
                                               std::vector<std::string>{std::string("a\x1f"
                                                                                    "b")}}) {
    matcher::CandidateProfile household;
    household.id = "c1";
    household.profession = matcher::Profession::kGp;
    household.lifestyle_tags = tags;
    absl::StatusOr<RankResult> result = index.RankOffers(household, query);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result->pairs.size(), 1u);
    const matcher::Scores expected =
        matcher::FastScore(household, ToOfferFeatures(offer), ToTerritoryFeatures(territory),
                           query.weights, query.options);
    EXPECT_EQ(result->pairs[0].scores.score, expected.score) << tags.size() << " tag(s)";
  }
}

// A territory write forgets its own cells, and so the cells of a money class or drive
// minutes code that another territory freed and this one takes for another value: t1's
// codes are freed when t1 takes t2's values, then t2's new values take them.
TEST(MemoryIndexCacheTest, TerritoryWritesForgetCodesThatComeBackForOtherValues) {
  auto rules =
      matcher::AidRules::LoadFromFile(std::string(MATCHING_SOURCE_DIR) + "/data/aids.json");
  ASSERT_TRUE(rules.ok()) << rules.status();
  RankQuery query;
  query.options.as_of = absl::CivilDay(2026, 11, 30);
  query.options.aid_rules = &*rules;
  query.top_k = 10;
  query.include_beyond_limits = true;  // every offer, those beyond 15 min capped last
  matcher::CandidateProfile household;
  household.id = "c1";
  household.profession = matcher::Profession::kGp;
  household.metropolis_ids = {"nancy"};
  household.max_drive_minutes = 15;
  household.first_installation = true;

  MemoryIndex index;
  std::map<std::string, v1::Territory> territories;
  std::map<std::string, v1::Offer> offers;
  const auto put = [&](const std::string& id, v1::Zoning zoning, bool zfrr, double aid_eur,
                       int minutes) {
    v1::Territory& t = territories[id];
    t.set_id(id);
    t.set_department_code("54");
    t.set_zoning(zoning);
    t.set_zfrr(zfrr);
    t.clear_local_aids();
    if (aid_eur > 0) t.add_local_aids()->set_amount_eur(aid_eur);
    t.clear_metropolis_access();
    auto* access = t.add_metropolis_access();
    access->set_metropolis_id("nancy");
    access->set_drive_minutes(minutes);
    index.PutTerritory(t);
  };
  const auto check = [&](const char* when) {
    absl::StatusOr<RankResult> result = index.RankOffers(household, query);
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result->pairs.size(), offers.size()) << when;
    for (const RankedPair& pair : result->pairs) {
      const v1::Offer& offer = offers.at(pair.offer.id);
      const matcher::Scores expected = matcher::FastScore(
          household, ToOfferFeatures(offer),
          ToTerritoryFeatures(territories.at(offer.territory_id())), query.weights, query.options);
      EXPECT_EQ(pair.scores.score, expected.score) << when << ": " << offer.id();
    }
  };
  put("t1", v1::ZONING_ZIP, true, 30000, 13);
  put("t2", v1::ZONING_NONE, false, 0, 45);
  for (const char* id : {"t1", "t2"}) {
    v1::Offer& offer = offers[std::string("o-") + id];
    offer.set_id(std::string("o-") + id);
    offer.set_territory_id(id);
    offer.set_profession(v1::PROFESSION_GP);
    offer.set_employment(v1::EMPLOYMENT_MODE_LIBERAL);
    index.PutOffer(offer);
  }
  check("first");  // fills the cache: t1's money class and 13 minutes have their cells
  put("t1", v1::ZONING_NONE, false, 0, 45);  // t1's codes are freed
  check("t1 as t2");
  put("t2", v1::ZONING_ZAC, false, 5000, 22);  // t2's new values take t1's old codes
  check("t2 changed");
}

// Beyond the metropolises tabled by territory row, the nearest chosen one comes from the
// territory records: same ranking and scores.
TEST(MemoryIndexCacheTest, NearestMetropolisBeyondTheTable) {
  MemoryIndex index;
  std::vector<v1::Territory> territories;
  const int count = static_cast<int>(MemoryIndex::kTabledMetropolises) + 10;
  for (int i = 0; i < count; ++i) {
    v1::Territory& t = territories.emplace_back();
    t.set_id("t" + std::to_string(i));
    t.set_department_code("54");
    auto* own = t.add_metropolis_access();  // a metropolis of its own, coded in order
    own->set_metropolis_id("m" + std::to_string(i));
    own->set_drive_minutes(10 + i);
    auto* shared = t.add_metropolis_access();
    shared->set_metropolis_id("m" + std::to_string(count - 1));
    shared->set_drive_minutes(5 + (i * 7) % 40);
    index.PutTerritory(t);
    v1::Offer offer;
    offer.set_id("o" + std::to_string(i));
    offer.set_territory_id(t.id());
    offer.set_profession(v1::PROFESSION_GP);
    index.PutOffer(offer);
  }
  RankQuery query;
  query.options.as_of = absl::CivilDay(2026, 11, 30);
  query.top_k = 1000;
  query.include_beyond_limits = true;  // every offer within the request's filter
  matcher::CandidateProfile household;
  household.id = "c1";
  household.profession = matcher::Profession::kGp;
  household.max_drive_minutes = 20;
  for (const std::vector<std::string>& chosen :
       {std::vector<std::string>{"m" + std::to_string(count - 1)},
        std::vector<std::string>{"m3", "m" + std::to_string(count - 2)}}) {
    household.metropolis_ids = chosen;
    for (int max_drive : {0, 25}) {
      query.filters.max_drive_minutes = max_drive;
      absl::StatusOr<RankResult> result = index.RankOffers(household, query);
      ASSERT_TRUE(result.ok());
      int expected_count = 0;
      for (const v1::Territory& t : territories) {
        const matcher::TerritoryFeatures features = ToTerritoryFeatures(t);
        const matcher::MetropolisAccess* nearest =
            matcher::NearestChosenMetropolis(household, features);
        if (max_drive > 0 && (nearest == nullptr || nearest->drive_minutes > max_drive)) continue;
        ++expected_count;
      }
      ASSERT_EQ(static_cast<int>(result->pairs.size()), expected_count);
      for (const RankedPair& pair : result->pairs) {
        const matcher::Scores expected = matcher::FastScore(household, pair.offer, *pair.territory,
                                                            query.weights, query.options);
        EXPECT_EQ(pair.scores.score, expected.score) << pair.offer.id;
      }
    }
  }
}

}  // namespace
}  // namespace matching::index
