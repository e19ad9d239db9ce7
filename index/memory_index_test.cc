// The in-memory index follows the store and ranks with a bounded heap.
#include "index/memory_index.h"

#include <rocksdb/env.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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
      auto* access = t.add_metropolis_access();
      access->set_metropolis_id("nancy");
      access->set_drive_minutes(minutes);
      EXPECT_TRUE(indexed_->PutTerritory(t).ok());
    }
  }

  void PutOffer(const std::string& id, const std::string& territory,
                v1::Profession profession = v1::PROFESSION_GP) {
    v1::Offer o;
    o.set_id(id);
    o.set_territory_id(territory);
    o.set_profession(profession);
    ASSERT_TRUE(indexed_->PutOffer(o).ok());
  }

  static matcher::CandidateProfile Gp() {
    matcher::CandidateProfile c;
    c.id = "c1";
    c.profession = matcher::Profession::kGp;
    c.metropolis_ids = {"nancy"};
    c.max_drive_minutes = 30;
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
  PutOffer("c", "t3");  // 90 min from Nancy against a 30 min wish
  PutOffer("n", "t1", v1::PROFESSION_NURSE);
  RankQuery query;
  absl::StatusOr<RankResult> result = index_.RankOffers(Gp(), query);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->considered, 3);
  EXPECT_THAT(OfferIds(*result), ::testing::ElementsAre("a", "b", "c"));
  EXPECT_GT(result->pairs[1].scores.score, result->pairs[2].scores.score);
  query.top_k = 1;
  EXPECT_THAT(OfferIds(*index_.RankOffers(Gp(), query)), ::testing::ElementsAre("a"));
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
  EXPECT_EQ(candidates->pairs[0].candidate.id, "c9");
  EXPECT_EQ(reloaded.RankCandidates("missing", RankQuery()).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace matching::index
