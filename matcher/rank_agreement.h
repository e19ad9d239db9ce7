// How much two rankings of the same query agree: Kendall's tau-b between two top-k lists.
//
// Used to measure how stable the ranking is when a weight moves (bench/ranking_stability,
// docs/RANKING.md "Stability"). Thread-safe: a pure function.
#ifndef MATCHER_RANK_AGREEMENT_H_
#define MATCHER_RANK_AGREEMENT_H_

#include <string>
#include <vector>

namespace matching::matcher {

// Kendall's tau-b between two top-k lists of ids, best first, each id at most once per list.
//
// Computed over the union of the two lists: an id's rank is its position in a list, and an
// id absent from a list is ranked after all of that list's ids, tied with the other absent
// ones (k = the longer list's length). Pairs tied in one list count neither as concordant
// nor as discordant, and tau-b's denominator corrects for them:
//   tau_b = (concordant - discordant) / sqrt((n0 - ties_a) * (n0 - ties_b)),  n0 = n(n-1)/2.
// 1: same ids in the same order; -1: reversed; two disjoint lists come out negative (every
// id of one is above every id of the other). Fewer than two ids in the union, or a
// denominator of 0 (e.g. one list empty): 1 when the lists are equal, 0 otherwise.
double KendallTauB(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace matching::matcher

#endif  // MATCHER_RANK_AGREEMENT_H_
