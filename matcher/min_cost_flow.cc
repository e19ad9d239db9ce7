#include "matcher/min_cost_flow.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

namespace matching::matcher {
namespace {

constexpr int64_t kUnreached = std::numeric_limits<int64_t>::max() / 4;

}  // namespace

MinCostFlow::MinCostFlow(int node_count)
    : outgoing_(node_count),
      potential_(node_count, 0),
      distance_(node_count, kUnreached),
      parent_arc_(node_count, -1) {}

int MinCostFlow::AddArc(int from, int to, int64_t capacity, int64_t cost) {
  const int id = static_cast<int>(arcs_.size() / 2);
  outgoing_[from].push_back(static_cast<int>(arcs_.size()));
  arcs_.push_back({to, capacity, cost});
  outgoing_[to].push_back(static_cast<int>(arcs_.size()));
  arcs_.push_back({from, 0, -cost});
  return id;
}

int64_t MinCostFlow::Flow(int arc) const { return arcs_[2 * arc + 1].residual; }

void MinCostFlow::InitialPotentials(int source) {
  // Queue-based Bellman-Ford: the planner's graphs are layered DAGs, so this settles
  // in a few passes even though costs are negative.
  const int n = static_cast<int>(outgoing_.size());
  std::fill(distance_.begin(), distance_.end(), kUnreached);
  std::vector<char> queued(n, 0);
  std::deque<int> queue = {source};
  distance_[source] = 0;
  queued[source] = 1;
  while (!queue.empty()) {
    const int node = queue.front();
    queue.pop_front();
    queued[node] = 0;
    for (int id : outgoing_[node]) {
      const Arc& arc = arcs_[id];
      if (arc.residual <= 0 || distance_[node] + arc.cost >= distance_[arc.to]) continue;
      distance_[arc.to] = distance_[node] + arc.cost;
      if (!queued[arc.to]) {
        queued[arc.to] = 1;
        queue.push_back(arc.to);
      }
    }
  }
  // Nodes unreachable now stay unreachable (augmenting only adds reverse arcs between
  // reached nodes), so their potential never matters.
  for (int node = 0; node < n; ++node) {
    potential_[node] = distance_[node] == kUnreached ? 0 : distance_[node];
  }
}

int64_t MinCostFlow::ShortestPaths(int source) {
  using Entry = std::pair<int64_t, int>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  std::fill(distance_.begin(), distance_.end(), kUnreached);
  std::fill(parent_arc_.begin(), parent_arc_.end(), -1);
  distance_[source] = 0;
  heap.push({0, source});
  int64_t scanned = 0;
  while (!heap.empty()) {
    const auto [distance, node] = heap.top();
    heap.pop();
    if (distance != distance_[node]) continue;
    scanned += static_cast<int64_t>(outgoing_[node].size());
    for (int id : outgoing_[node]) {
      const Arc& arc = arcs_[id];
      if (arc.residual <= 0) continue;
      const int64_t reduced = arc.cost + potential_[node] - potential_[arc.to];
      const int64_t candidate = distance + reduced;
      if (candidate < distance_[arc.to]) {
        distance_[arc.to] = candidate;
        parent_arc_[arc.to] = id;
        heap.push({candidate, arc.to});
      }
    }
  }
  return scanned;
}

MinCostFlow::Result MinCostFlow::MinimiseCost(
    int source, int sink, const std::function<bool(int64_t arcs_scanned)>& keep_going) {
  Result result;
  InitialPotentials(source);
  if (distance_[sink] == kUnreached) return result;
  while (true) {
    const int64_t scanned = ShortestPaths(source);
    if (distance_[sink] == kUnreached) break;
    for (size_t node = 0; node < potential_.size(); ++node) {
      if (distance_[node] != kUnreached) potential_[node] += distance_[node];
    }
    // With potentials updated, the real cost of the path is the sink's potential.
    const int64_t path_cost = potential_[sink] - potential_[source];
    if (path_cost >= 0) break;
    if (keep_going && !keep_going(scanned)) {
      result.complete = false;
      break;
    }
    int64_t bottleneck = std::numeric_limits<int64_t>::max();
    for (int node = sink; node != source; node = arcs_[parent_arc_[node] ^ 1].to) {
      bottleneck = std::min(bottleneck, arcs_[parent_arc_[node]].residual);
    }
    for (int node = sink; node != source; node = arcs_[parent_arc_[node] ^ 1].to) {
      arcs_[parent_arc_[node]].residual -= bottleneck;
      arcs_[parent_arc_[node] ^ 1].residual += bottleneck;
    }
    result.flow += bottleneck;
    result.cost += bottleneck * path_cost;
  }
  return result;
}

}  // namespace matching::matcher
