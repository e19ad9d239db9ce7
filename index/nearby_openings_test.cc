// The index's open_offers_nearby follows offer and territory writes, and RankOffers'
// cached spouse_job cells follow it.
#include "index/nearby_openings.h"

#include <rocksdb/env.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/memory_index.h"
#include "matcher/geo.h"

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
    return t->open_offers_nearby.Find(kNurse).value_or(NearbyOpenings());
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

// A reader that holds a profession's part keeps what it read: the write edits a copy.
TEST_F(NearbyOpeningsTest, APartHeldByAReaderIsNotEditedByAWrite) {
  PutOffer("of-1", "nancy");
  const std::optional<matcher::TerritoryFeatures> record = index_.FindTerritory("laxou");
  ASSERT_TRUE(record.has_value());
  const matcher::NearbyOpeningsByKey::Part held = record->open_offers_nearby.Of(Profession::kNurse);
  ASSERT_NE(held, nullptr);
  PutOffer("of-2", "nancy");
  index_.EraseOffer("of-1");
  EXPECT_EQ(held->at("").count, 1);
  EXPECT_EQ(held->at("").nearest[0].offer_id, "of-1");
  // The record handed out before the writes reads the catalog as it is now.
  const auto now = record->open_offers_nearby.Find(kNurse);
  ASSERT_TRUE(now.has_value());
  EXPECT_THAT(Ids(*now), testing::ElementsAre("of-2"));
}

// The incremental summaries equal a recomputation from scratch (every open offer against
// every stored territory) after random offer writes, erasures and territory moves.
TEST(NearbyOpeningsRandomTest, IncrementalSummariesEqualAFullRecompute) {
  struct Place {
    double lat, lon;
  };
  struct Offer {
    std::string territory;
    v1::Profession profession;
    std::string specialty;
    bool open;
  };
  const std::vector<v1::Profession> professions = {v1::PROFESSION_GP, v1::PROFESSION_NURSE,
                                                   v1::PROFESSION_SPECIALIST};
  const std::vector<std::string> specialties = {"", "cardiology", "pediatrics"};
  std::mt19937 rng(18);
  const auto pick = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  MemoryIndex index;
  std::map<std::string, Place> stored;
  std::map<std::string, Offer> offers;
  const auto put_territory = [&](const std::string& id) {
    // A 0.5 x 0.5 degree square around Nancy: most pairs within 30 min, some beyond.
    const Place place{48.45 + 0.5 * (rng() % 1000) / 1000.0, 5.95 + 0.5 * (rng() % 1000) / 1000.0};
    v1::Territory t;
    t.set_id(id);
    t.set_department_code("54");
    t.mutable_location()->set_lat(place.lat);
    t.mutable_location()->set_lon(place.lon);
    index.PutTerritory(t);
    stored[id] = place;
  };
  const auto check = [&](int step) {
    for (const auto& [id, place] : stored) {
      const std::optional<matcher::TerritoryFeatures> record = index.FindTerritory(id);
      ASSERT_TRUE(record.has_value()) << id;
      size_t keys = 0;
      for (v1::Profession profession : professions) {
        for (const std::string& specialty : specialties) {
          std::vector<matcher::NearbyOffer> expected;
          for (const auto& [offer_id, offer] : offers) {
            if (!offer.open || offer.profession != profession || offer.specialty != specialty) {
              continue;
            }
            double minutes = 0;
            if (offer.territory != id) {
              auto there = stored.find(offer.territory);
              if (there == stored.end()) continue;  // not placed: reaches only its own row
              minutes = matcher::EstimateDriveMinutes(matcher::GreatCircleKm(
                  place.lat, place.lon, there->second.lat, there->second.lon));
              if (minutes > matcher::kNearbyReachMinutes) continue;
            }
            expected.push_back({offer_id, minutes});
          }
          const std::optional<NearbyOpenings> found =
              record->open_offers_nearby.Find({static_cast<Profession>(profession), specialty});
          if (expected.empty()) {
            EXPECT_FALSE(found.has_value()) << "step " << step << " " << id;
            continue;
          }
          ++keys;
          ASSERT_TRUE(found.has_value()) << "step " << step << " " << id;
          EXPECT_EQ(found->count, static_cast<int>(expected.size())) << "step " << step;
          std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
            return a.drive_minutes != b.drive_minutes ? a.drive_minutes < b.drive_minutes
                                                      : a.offer_id < b.offer_id;
          });
          expected.resize(std::min<size_t>(expected.size(), matcher::kNearbyOffersListed));
          ASSERT_EQ(found->nearest.size(), expected.size()) << "step " << step << " " << id;
          for (size_t k = 0; k < expected.size(); ++k) {
            EXPECT_EQ(found->nearest[k].offer_id, expected[k].offer_id) << "step " << step;
            EXPECT_NEAR(found->nearest[k].drive_minutes, expected[k].drive_minutes, 1e-9);
          }
        }
      }
      EXPECT_EQ(record->open_offers_nearby.size(), keys) << "step " << step << " " << id;
    }
  };
  for (int i = 0; i < 40; ++i) put_territory("t" + std::to_string(i));
  for (int step = 0; step < 1500; ++step) {
    const size_t action = pick(20);
    if (action < 12) {  // write an offer: new, or an existing one changed
      const std::string id = "of-" + std::to_string(pick(120));
      Offer offer{"t" + std::to_string(pick(44)), professions[pick(professions.size())],
                  specialties[pick(specialties.size())], pick(4) != 0};
      v1::Offer o;
      o.set_id(id);
      o.set_territory_id(offer.territory);
      o.set_profession(offer.profession);
      o.set_specialty(offer.specialty);
      o.set_status(offer.open ? v1::OFFER_STATUS_OPEN : v1::OFFER_STATUS_FILLED);
      index.PutOffer(o);
      offers[id] = offer;
    } else if (action < 16) {
      const std::string id = "of-" + std::to_string(pick(120));
      index.EraseOffer(id);
      offers.erase(id);
    } else if (action < 19) {  // a territory moves (or is stored: t40..t43 start unstored)
      put_territory("t" + std::to_string(pick(44)));
    } else {
      const std::string id = "t" + std::to_string(pick(44));
      index.EraseTerritory(id);
      stored.erase(id);
    }
    if (step % 50 == 49) {
      check(step);
      if (testing::Test::HasFatalFailure()) return;
    }
  }
  check(1500);
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
      const auto part = a.Of(p);
      if (part == nullptr) continue;
      for (const auto& [specialty, openings] : *part) {
        const std::optional<NearbyOpenings> other = b.Find({p, specialty});
        ASSERT_TRUE(other.has_value()) << id;
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
