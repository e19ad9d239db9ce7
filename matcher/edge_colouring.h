// Proper edge colouring of a bipartite multigraph with as many colours as its maximum
// degree (König's edge-colouring theorem), for turning chosen interview pairs into
// time slots.
//
// Method: edges are coloured one at a time; when no colour is free at both ends, the
// alternating path of the two colours missing at either end is swapped, which in a
// bipartite graph never reaches the other end. O(edges * (colours + nodes)).
// Thread-safe: pure function.
#ifndef MATCHER_EDGE_COLOURING_H_
#define MATCHER_EDGE_COLOURING_H_

#include <vector>

#include "absl/status/statusor.h"

namespace matching::matcher {

struct BipartiteEdge {
  int left = 0;   // 0..left_count-1
  int right = 0;  // 0..right_count-1
};

// Colours in 0..colour_count-1, one per edge (same order), such that no two edges
// sharing an endpoint share a colour. InvalidArgument naming the edge when an endpoint
// is out of range or a node has more than colour_count edges.
[[nodiscard]] absl::StatusOr<std::vector<int>> ColourBipartiteEdges(
    int left_count, int right_count, const std::vector<BipartiteEdge>& edges, int colour_count);

}  // namespace matching::matcher

#endif  // MATCHER_EDGE_COLOURING_H_
