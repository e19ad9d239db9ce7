#include "matcher/min_cost_flow.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

struct WeightedEdge {
  int left;
  int right;
  int64_t weight;
};

// Maximum-weight b-matching by trying every subset of edges.
int64_t BruteForceBestMatching(const std::vector<int>& left_cap, const std::vector<int>& right_cap,
                               const std::vector<WeightedEdge>& edges) {
  int64_t best = 0;
  for (uint32_t subset = 0; subset < (1u << edges.size()); ++subset) {
    std::vector<int> left_used(left_cap.size(), 0);
    std::vector<int> right_used(right_cap.size(), 0);
    int64_t weight = 0;
    bool feasible = true;
    for (size_t e = 0; e < edges.size() && feasible; ++e) {
      if (!(subset >> e & 1)) continue;
      feasible = ++left_used[edges[e].left] <= left_cap[edges[e].left] &&
                 ++right_used[edges[e].right] <= right_cap[edges[e].right];
      weight += edges[e].weight;
    }
    if (feasible) best = std::max(best, weight);
  }
  return best;
}

TEST(MinCostFlowTest, AssignmentPrefersTheCheaperPairing) {
  // Two workers, two jobs: 1+1 beats 0+5 although 0 is the cheapest single arc.
  MinCostFlow flow(6);
  for (int worker : {1, 2}) flow.AddArc(0, worker, 1, 0);
  for (int job : {3, 4}) flow.AddArc(job, 5, 1, 0);
  const int a = flow.AddArc(1, 3, 1, -10);  // worth 10
  const int b = flow.AddArc(1, 4, 1, -9);
  const int c = flow.AddArc(2, 3, 1, -9);
  const int d = flow.AddArc(2, 4, 1, -1);
  const MinCostFlow::Result result = flow.MinimiseCost(0, 5);
  EXPECT_EQ(result.flow, 2);
  EXPECT_EQ(result.cost, -18);
  EXPECT_EQ(flow.Flow(a), 0);
  EXPECT_EQ(flow.Flow(b), 1);
  EXPECT_EQ(flow.Flow(c), 1);
  EXPECT_EQ(flow.Flow(d), 0);
}

TEST(MinCostFlowTest, StopsWhenNoPathHasNegativeCost) {
  MinCostFlow flow(4);
  flow.AddArc(0, 1, 5, 0);
  const int gain = flow.AddArc(1, 2, 1, -3);
  const int loss = flow.AddArc(1, 2, 4, 2);
  const int zero = flow.AddArc(1, 3, 4, 0);  // a free path adds nothing: not taken
  flow.AddArc(2, 3, 5, 0);
  const MinCostFlow::Result result = flow.MinimiseCost(0, 3);
  EXPECT_EQ(result.flow, 1);
  EXPECT_EQ(result.cost, -3);
  EXPECT_EQ(flow.Flow(gain), 1);
  EXPECT_EQ(flow.Flow(loss), 0);
  EXPECT_EQ(flow.Flow(zero), 0);
}

TEST(MinCostFlowTest, UnreachableSinkSendsNothing) {
  MinCostFlow flow(3);
  flow.AddArc(0, 1, 1, -5);
  EXPECT_EQ(flow.MinimiseCost(0, 2).flow, 0);
}

TEST(MinCostFlowTest, MatchesBruteForceOnRandomBMatchings) {
  std::mt19937_64 random(2024);
  for (int trial = 0; trial < 300; ++trial) {
    const int lefts = 1 + random() % 4;
    const int rights = 1 + random() % 4;
    std::vector<int> left_cap(lefts);
    std::vector<int> right_cap(rights);
    for (int& cap : left_cap) cap = random() % 3;
    for (int& cap : right_cap) cap = random() % 3;
    std::vector<WeightedEdge> edges;
    for (int l = 0; l < lefts; ++l) {
      for (int r = 0; r < rights; ++r) {
        if (random() % 4 != 0 && edges.size() < 12) {
          edges.push_back({l, r, static_cast<int64_t>(random() % 21) - 5});
        }
      }
    }
    const int source = lefts + rights;
    const int sink = source + 1;
    MinCostFlow flow(lefts + rights + 2);
    for (int l = 0; l < lefts; ++l) flow.AddArc(source, l, left_cap[l], 0);
    for (int r = 0; r < rights; ++r) flow.AddArc(lefts + r, sink, right_cap[r], 0);
    std::vector<int> arc;
    for (const WeightedEdge& edge : edges) {
      arc.push_back(flow.AddArc(edge.left, lefts + edge.right, 1, -edge.weight));
    }
    const MinCostFlow::Result result = flow.MinimiseCost(source, sink);
    EXPECT_EQ(-result.cost, BruteForceBestMatching(left_cap, right_cap, edges))
        << "trial " << trial;
    // The arc flows are a feasible matching of the reported cost.
    std::vector<int> left_used(lefts, 0);
    std::vector<int> right_used(rights, 0);
    int64_t cost = 0;
    for (size_t e = 0; e < edges.size(); ++e) {
      const int64_t units = flow.Flow(arc[e]);
      ASSERT_TRUE(units == 0 || units == 1);
      left_used[edges[e].left] += units;
      right_used[edges[e].right] += units;
      cost -= units * edges[e].weight;
    }
    EXPECT_EQ(cost, result.cost);
    for (int l = 0; l < lefts; ++l) EXPECT_LE(left_used[l], left_cap[l]);
    for (int r = 0; r < rights; ++r) EXPECT_LE(right_used[r], right_cap[r]);
  }
}

}  // namespace
}  // namespace matching::matcher
