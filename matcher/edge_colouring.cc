#include "matcher/edge_colouring.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace matching::matcher {
namespace {

// Which edge has colour c at each node; left nodes first, then right nodes.
class ColourTable {
 public:
  ColourTable(int node_count, int colour_count)
      : colour_count_(colour_count), edge_at_(static_cast<size_t>(node_count) * colour_count, -1) {}

  int EdgeAt(int node, int colour) const { return edge_at_[Index(node, colour)]; }
  void Set(int node, int colour, int edge) { edge_at_[Index(node, colour)] = edge; }

  int FirstFreeColour(int node) const {
    for (int colour = 0; colour < colour_count_; ++colour) {
      if (EdgeAt(node, colour) < 0) return colour;
    }
    return -1;
  }

 private:
  size_t Index(int node, int colour) const {
    return static_cast<size_t>(node) * colour_count_ + colour;
  }

  int colour_count_;
  std::vector<int> edge_at_;
};

}  // namespace

absl::StatusOr<std::vector<int>> ColourBipartiteEdges(int left_count, int right_count,
                                                      const std::vector<BipartiteEdge>& edges,
                                                      int colour_count) {
  if (left_count < 0 || right_count < 0 || colour_count < 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("left_count %d, right_count %d, colour_count %d; must be >= 0", left_count,
                        right_count, colour_count));
  }
  std::vector<int> degree(static_cast<size_t>(left_count) + right_count, 0);
  for (size_t i = 0; i < edges.size(); ++i) {
    const BipartiteEdge& edge = edges[i];
    if (edge.left < 0 || edge.left >= left_count || edge.right < 0 || edge.right >= right_count) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "edges[%d] is (%d, %d); nodes are 0..%d on the left and 0..%d on the right", i, edge.left,
          edge.right, left_count - 1, right_count - 1));
    }
    for (int node : {edge.left, left_count + edge.right}) {
      if (++degree[node] > colour_count) {
        return absl::InvalidArgumentError(
            absl::StrFormat("edges[%d]: a node has more than %d edges", i, colour_count));
      }
    }
  }

  ColourTable table(left_count + right_count, colour_count);
  std::vector<int> colour(edges.size(), -1);
  auto other_end = [&](int edge, int node) {
    const int left = edges[edge].left;
    return node == left ? left_count + edges[edge].right : left;
  };
  for (size_t e = 0; e < edges.size(); ++e) {
    const int u = edges[e].left;
    const int v = left_count + edges[e].right;
    // Both exist: each end has degree <= colour_count and this edge is not coloured yet.
    const int free_at_u = table.FirstFreeColour(u);
    const int free_at_v = table.FirstFreeColour(v);
    int chosen = free_at_u;
    if (table.EdgeAt(v, free_at_u) >= 0) {
      // Swap free_at_u/free_at_v along the path from v that starts with a free_at_u edge;
      // afterwards free_at_u is free at v and still free at u (the path cannot reach u,
      // which it would have to enter by a free_at_u edge).
      std::vector<int> path;
      int node = v;
      int want = free_at_u;
      while (table.EdgeAt(node, want) >= 0) {
        const int edge = table.EdgeAt(node, want);
        path.push_back(edge);
        node = other_end(edge, node);
        want = want == free_at_u ? free_at_v : free_at_u;
      }
      for (int edge : path) {
        table.Set(edges[edge].left, colour[edge], -1);
        table.Set(left_count + edges[edge].right, colour[edge], -1);
      }
      for (int edge : path) {
        colour[edge] = colour[edge] == free_at_u ? free_at_v : free_at_u;
        table.Set(edges[edge].left, colour[edge], edge);
        table.Set(left_count + edges[edge].right, colour[edge], edge);
      }
    }
    colour[e] = chosen;
    table.Set(u, chosen, static_cast<int>(e));
    table.Set(v, chosen, static_cast<int>(e));
  }
  return colour;
}

}  // namespace matching::matcher
