#include "server/arena_allocator.h"

#include <gtest/gtest.h>

#include <string>

#include "matching/v1/matching.pb.h"

namespace matching::server {
namespace {

using Allocator = ArenaMessageAllocator<v1::RankOffersRequest, v1::RankOffersResponse>;

TEST(ArenaMessageAllocatorTest, RequestAndResponseShareOneArenaPerCall) {
  Allocator allocator;
  grpc::MessageHolder<v1::RankOffersRequest, v1::RankOffersResponse>* first =
      allocator.AllocateMessages();
  grpc::MessageHolder<v1::RankOffersRequest, v1::RankOffersResponse>* second =
      allocator.AllocateMessages();
  ASSERT_NE(first->request()->GetArena(), nullptr);
  EXPECT_EQ(first->request()->GetArena(), first->response()->GetArena());
  EXPECT_NE(first->response()->GetArena(), second->response()->GetArena());
  first->Release();
  second->Release();
}

// An explained answer outgrows the first block: the arena takes more blocks, the
// message reads back whole, and Release frees it all (ASan and LSan check the last part).
TEST(ArenaMessageAllocatorTest, HoldsAnAnswerLargerThanItsFirstBlock) {
  Allocator allocator;
  auto* holder = allocator.AllocateMessages();
  v1::RankOffersResponse* response = holder->response();
  const std::string explanation(200, 'x');
  for (int m = 0; m < 20; ++m) {
    v1::Match* match = response->add_matches();
    match->set_offer_id("offer-" + std::to_string(m));
    for (int c = 0; c < 12; ++c) {
      v1::CriterionScore* criterion = match->add_criteria();
      criterion->set_criterion("criterion-" + std::to_string(c));
      criterion->set_explanation(explanation);
      (*criterion->mutable_parameters())["minutes"] = std::to_string(m * c);
    }
  }
  EXPECT_GT(response->GetArena()->SpaceUsed(), Allocator::kFirstBlockBytes);
  const std::string wire = response->SerializeAsString();
  v1::RankOffersResponse copy;  // on the heap
  ASSERT_TRUE(copy.ParseFromString(wire));
  ASSERT_EQ(copy.matches_size(), 20);
  EXPECT_EQ(copy.matches(19).offer_id(), "offer-19");
  EXPECT_EQ(copy.matches(19).criteria(11).parameters().at("minutes"), std::to_string(19 * 11));
  EXPECT_EQ(copy.matches(0).criteria(0).explanation(), explanation);
  holder->Release();
}

}  // namespace
}  // namespace matching::server
