// The index's open_offers_nearby follows offer and territory writes, and RankOffers'
// cached spouse_job cells follow it.
#include "index/nearby_openings.h"

#include <rocksdb/env.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/memory_index.h"

namespace matching::index {
namespace {

using matcher::NearbyOpenings;
using matcher::Profession;

const matcher::NearbyOpeningsKey kNurse{Profession::kNurse, ""};

class NearbyOpeningsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Nancy; Laxou, 3 km away; Lunéville, 26 km (37 min estimated: beyond reach); Metz.
    PutTerritory("nancy", 48.6921, 6.1844);
    PutTerritory("laxou", 48.6836, 6.1494);
    PutTerritory("luneville", 48.5894, 6.4967);
    PutTerritory("metz", 49.1193, 6.1757);
  }

  void PutTerritory(const std::string& id, double lat, double lon) {
    v1::Territory t;
    t.set_id(id);
    t.set_name(id);
    t.set_department_code("54");
    t.set_region_code("44");
    t.mutable_location()->set_lat(lat);
    t.mutable_location()->set_lon(lon);
    auto* access = t.add_metropolis_access();
    access->set_metropolis_id("nancy");
    access->set_drive_minutes(10);
    index_.PutTerritory(t);
  }

  void PutOffer(const std::string& id, const std::string& territory,
                v1::Profession profession = v1::PROFESSION_NURSE,
                v1::OfferStatus status = v1::OFFER_STATUS_OPEN) {
    v1::Offer o;
    o.set_id(id);
    o.set_territory_id(territory);
    o.set_profession(profession);
    o.set_status(status);
    index_.PutOffer(o);
  }

  NearbyOpenings Nurses(const std::string& territory) const {
    std::optional<matcher::TerritoryFeatures> t = index_.FindTerritory(territory);
    EXPECT_TRUE(t.has_value()) << territory;
    if (!t) return {};
    const NearbyOpenings* found = t->open_offers_nearby.Find(kNurse);
    return found == nullptr ? NearbyOpenings() : *found;
  }
  static std::vector<std::string> Ids(const NearbyOpenings& openings) {
    std::vector<std::string> ids;
    for (const matcher::NearbyOffer& offer : openings.nearest) ids.push_back(offer.offer_id);
    return ids;
  }

  MemoryIndex index_;
};

TEST_F(NearbyOpeningsTest, CountsFollowOfferWritesAndErasures) {
  PutOffer("of-laxou", "laxou");
  PutOffer("of-nancy", "nancy");
  PutOffer("of-luneville", "luneville");
  PutOffer("of-gp", "nancy", v1::PROFESSION_GP);
  PutOffer("of-closed", "nancy", v1::PROFESSION_NURSE, v1::OFFER_STATUS_CLOSED);
  // Own territory first (0 min), then Laxou; Lunéville is beyond 30 min, closed posts and
  // other professions do not count.
  EXPECT_EQ(Nurses("nancy").count, 2);
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-nancy", "of-laxou"));
  EXPECT_EQ(Nurses("nancy").nearest[0].drive_minutes, 0);
  EXPECT_GT(Nurses("nancy").nearest[1].drive_minutes, 0);
  EXPECT_LT(Nurses("nancy").nearest[1].drive_minutes, 10);
  EXPECT_EQ(Nurses("luneville").count, 1);
  EXPECT_EQ(Nurses("metz").count, 0);

  PutOffer("of-nancy", "nancy", v1::PROFESSION_NURSE, v1::OFFER_STATUS_FILLED);  // filled
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-laxou"));
  PutOffer("of-laxou", "metz");  // moved away
  EXPECT_EQ(Nurses("nancy").count, 0);
  EXPECT_EQ(Nurses("laxou").count, 0);
  EXPECT_EQ(Nurses("metz").count, 1);
  PutOffer("of-closed", "laxou", v1::PROFESSION_NURSE, v1::OFFER_STATUS_OPEN);  // reopened
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-closed"));
  index_.EraseOffer("of-closed");
  EXPECT_EQ(Nurses("nancy").count, 0);
  EXPECT_EQ(Nurses("laxou").count, 0);
}

TEST_F(NearbyOpeningsTest, KeepsTheNearestListedWhenOneOfThemIsErased) {
  for (int i = 0; i < 5; ++i) PutOffer("of-n" + std::to_string(i), "nancy");
  PutOffer("of-laxou", "laxou");
  EXPECT_EQ(Nurses("nancy").count, 6);
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-n0", "of-n1", "of-n2"));
  index_.EraseOffer("of-n1");  // listed: the next nearest comes back from the catalog
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-n0", "of-n2", "of-n3"));
  EXPECT_THAT(Ids(Nurses("laxou")), testing::ElementsAre("of-laxou", "of-n0", "of-n2"));
}

TEST_F(NearbyOpeningsTest, ATerritoryThatMovesTakesItsOffersAlong) {
  PutOffer("of-metz", "metz");
  EXPECT_EQ(Nurses("nancy").count, 0);
  PutTerritory("metz", 48.70, 6.19);  // placed in Nancy's suburbs
  EXPECT_THAT(Ids(Nurses("nancy")), testing::ElementsAre("of-metz"));
  index_.EraseTerritory("metz");  // its offers reach nowhere but their own row
  EXPECT_EQ(Nurses("nancy").count, 0);
  PutTerritory("metz", 48.70, 6.19);
  EXPECT_EQ(Nurses("laxou").count, 1);
}

// RankOffers keeps spouse_job cells by territory across queries: a nurse post written
// next door must reach the household's next ranking (this fails if an offer write does not
// forget the cells of the territories within its reach).
TEST_F(NearbyOpeningsTest, CachedSpouseJobCellFollowsANearbyOfferWrite) {
  PutOffer("of-gp", "nancy", v1::PROFESSION_GP);
  matcher::CandidateProfile household;
  household.id = "c1";
  household.profession = Profession::kGp;
  household.partner = matcher::Partner{"health", true, false, Profession::kNurse, ""};
  RankQuery query;
  query.options.as_of = absl::CivilDay(2026, 12, 1);
  const auto score = [&] {
    absl::StatusOr<RankResult> ranked = index_.RankOffers(household, query);
    EXPECT_TRUE(ranked.ok()) << ranked.status();
    EXPECT_EQ(ranked->pairs.size(), 1u);
    if (!ranked.ok() || ranked->pairs.empty()) return -1.0;
    const RankedPair& pair = ranked->pairs[0];
    // The index's record carries the same openings as the scoring core reads.
    EXPECT_EQ(pair.scores.score,
              matcher::FastScore(household, pair.offer, *index_.FindTerritory("nancy"),
                                 query.weights, query.options)
                  .score);
    return pair.scores.score;
  };
  const double without = score();
  EXPECT_EQ(score(), without);  // from the cache
  PutOffer("of-laxou", "laxou");
  const double with = score();
  EXPECT_GT(with, without);
  index_.EraseOffer("of-laxou");
  EXPECT_EQ(score(), without);
}

TEST(NearbyOpeningsLoadTest, LoadFromGivesWhatWritesGave) {
  std::unique_ptr<rocksdb::Env> env(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  StoreOptions options;
  options.env = env.get();
  std::unique_ptr<Store> store = std::move(*OpenStore("/db", options));
  MemoryIndex written;
  std::unique_ptr<Store> indexed = NewIndexedStore(store.get(), &written);
  for (int i = 0; i < 40; ++i) {
    v1::Territory t;
    t.set_id("t" + std::to_string(i));
    t.set_department_code("54");
    t.mutable_location()->set_lat(48.6 + 0.02 * i);
    t.mutable_location()->set_lon(6.1 + 0.01 * (i % 7));
    ASSERT_TRUE(indexed->PutTerritory(t).ok());
  }
  for (int i = 0; i < 120; ++i) {
    v1::Offer o;
    o.set_id("of-" + std::to_string(i));
    o.set_territory_id("t" + std::to_string((i * 7) % 40));
    o.set_profession(i % 3 == 0 ? v1::PROFESSION_GP : v1::PROFESSION_NURSE);
    if (i % 11 == 0) o.set_status(v1::OFFER_STATUS_CLOSED);
    ASSERT_TRUE(indexed->PutOffer(o).ok());
  }
  ASSERT_TRUE(indexed->DeleteOffer("of-8").ok());
  MemoryIndex loaded;
  ASSERT_TRUE(loaded.LoadFrom(*store).ok());
  for (int i = 0; i < 40; ++i) {
    const std::string id = "t" + std::to_string(i);
    const auto a = written.FindTerritory(id)->open_offers_nearby;
    const auto b = loaded.FindTerritory(id)->open_offers_nearby;
    ASSERT_EQ(a.size(), b.size()) << id;
    for (Profession p : {Profession::kGp, Profession::kNurse}) {
      ASSERT_EQ(a.Of(p) == nullptr, b.Of(p) == nullptr) << id;
      if (a.Of(p) == nullptr) continue;
      for (const auto& [specialty, openings] : *a.Of(p)) {
        const NearbyOpenings* other = b.Find({p, specialty});
        ASSERT_NE(other, nullptr) << id;
        EXPECT_EQ(other->count, openings.count) << id;
        ASSERT_EQ(other->nearest.size(), openings.nearest.size()) << id;
        for (size_t k = 0; k < openings.nearest.size(); ++k) {
          EXPECT_EQ(other->nearest[k].offer_id, openings.nearest[k].offer_id) << id;
        }
      }
    }
  }
}

}  // namespace
}  // namespace matching::index
