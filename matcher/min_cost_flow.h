// Minimum-cost flow of any value by successive shortest paths (Dijkstra on costs
// reduced by Johnson potentials), for the interview planner's relaxation.
//
// Integer capacities and costs. MinimiseCost() augments along a cheapest
// source-sink path for as long as that path has negative cost: since path costs never
// decrease, the result is a minimum-cost flow among flows of every value (with cost -w
// per arc, a maximum-weight b-matching). Deterministic: ties go to lower node ids.
// Not thread-safe; the caller serialises.
#ifndef MATCHER_MIN_COST_FLOW_H_
#define MATCHER_MIN_COST_FLOW_H_

#include <cstdint>
#include <functional>
#include <vector>

namespace matching::matcher {

class MinCostFlow {
 public:
  struct Result {
    int64_t flow = 0;  // units sent from source to sink
    int64_t cost = 0;  // sum over arcs of flow * cost
    // False when `keep_going` stopped it early: the flow is then the cheapest of its value
    // (successive shortest paths send the cheapest units first), not of every value.
    bool complete = true;
  };

  explicit MinCostFlow(int node_count);

  // Adds an arc from -> to of capacity >= 0; returns its id for Flow(). The graph as
  // built must have no negative-cost cycle.
  int AddArc(int from, int to, int64_t capacity, int64_t cost);

  // Call once, after every AddArc. `keep_going`, when set, is told the arcs scanned by
  // each shortest-path search (the unit of work) and stops the augmentation when it
  // returns false.
  Result MinimiseCost(int source, int sink,
                      const std::function<bool(int64_t arcs_scanned)>& keep_going = {});

  // Units on arc `arc` after MinimiseCost().
  int64_t Flow(int arc) const;

 private:
  struct Arc {
    int to;
    int64_t residual;
    int64_t cost;
  };

  // Bellman-Ford from `source` so that every reduced cost starts non-negative.
  void InitialPotentials(int source);
  // Dijkstra on reduced costs; fills distance_ and parent_arc_. Returns the arcs scanned.
  int64_t ShortestPaths(int source);

  // Arc 2i is the i-th added arc, 2i+1 its reverse (residual = flow).
  std::vector<Arc> arcs_;
  std::vector<std::vector<int>> outgoing_;
  std::vector<int64_t> potential_;
  std::vector<int64_t> distance_;
  std::vector<int> parent_arc_;
};

}  // namespace matching::matcher

#endif  // MATCHER_MIN_COST_FLOW_H_
