#include "matcher/edge_colouring.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::matcher {
namespace {

using ::testing::HasSubstr;

// No two edges at one node share a colour, and every colour is in range.
void ExpectProper(int left_count, const std::vector<BipartiteEdge>& edges,
                  const std::vector<int>& colours, int colour_count) {
  ASSERT_EQ(colours.size(), edges.size());
  std::set<std::pair<int, int>> used;  // (node, colour), right nodes after left ones
  for (size_t e = 0; e < edges.size(); ++e) {
    ASSERT_GE(colours[e], 0);
    ASSERT_LT(colours[e], colour_count);
    EXPECT_TRUE(used.insert({edges[e].left, colours[e]}).second) << "edge " << e;
    EXPECT_TRUE(used.insert({left_count + edges[e].right, colours[e]}).second) << "edge " << e;
  }
}

TEST(EdgeColouringTest, RegularMultigraphNeedsOnlyItsDegree) {
  // A union of `degree` random perfect matchings is degree-regular (with parallel edges):
  // every colour class must be a perfect matching, the tightest case.
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 50; ++trial) {
    const int nodes = 1 + random() % 12;
    const int degree = 1 + random() % 6;
    std::vector<BipartiteEdge> edges;
    std::vector<int> permutation(nodes);
    std::iota(permutation.begin(), permutation.end(), 0);
    for (int d = 0; d < degree; ++d) {
      std::shuffle(permutation.begin(), permutation.end(), random);
      for (int left = 0; left < nodes; ++left) edges.push_back({left, permutation[left]});
    }
    std::shuffle(edges.begin(), edges.end(), random);
    absl::StatusOr<std::vector<int>> colours = ColourBipartiteEdges(nodes, nodes, edges, degree);
    ASSERT_TRUE(colours.ok()) << colours.status();
    ExpectProper(nodes, edges, *colours, degree);
  }
}

TEST(EdgeColouringTest, IrregularGraphsWithSpareColours) {
  std::mt19937_64 random(12);
  for (int trial = 0; trial < 100; ++trial) {
    const int lefts = 1 + random() % 10;
    const int rights = 1 + random() % 10;
    const int colour_count = 1 + random() % 5;
    std::vector<int> left_degree(lefts, 0);
    std::vector<int> right_degree(rights, 0);
    std::vector<BipartiteEdge> edges;
    for (int attempt = 0; attempt < 60; ++attempt) {
      const int left = random() % lefts;
      const int right = random() % rights;
      if (left_degree[left] == colour_count || right_degree[right] == colour_count) continue;
      ++left_degree[left];
      ++right_degree[right];
      edges.push_back({left, right});
    }
    absl::StatusOr<std::vector<int>> colours =
        ColourBipartiteEdges(lefts, rights, edges, colour_count);
    ASSERT_TRUE(colours.ok()) << colours.status();
    ExpectProper(lefts, edges, *colours, colour_count);
  }
}

TEST(EdgeColouringTest, EmptyGraph) {
  absl::StatusOr<std::vector<int>> colours = ColourBipartiteEdges(3, 0, {}, 0);
  ASSERT_TRUE(colours.ok());
  EXPECT_TRUE(colours->empty());
}

TEST(EdgeColouringTest, RejectsTooHighDegreeAndBadEndpoints) {
  EXPECT_THAT(ColourBipartiteEdges(2, 2, {{0, 0}, {0, 1}}, 1).status().message(),
              HasSubstr("edges[1]"));
  EXPECT_THAT(ColourBipartiteEdges(2, 2, {{0, 0}, {2, 1}}, 2).status().message(),
              HasSubstr("edges[1] is (2, 1)"));
  EXPECT_EQ(ColourBipartiteEdges(2, 2, {{0, -1}}, 2).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace matching::matcher
