// Kendall's tau-b between two top-k lists (rank_agreement.h).
#include "matcher/rank_agreement.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

namespace matching::matcher {
namespace {

int Sign(int x) { return (x > 0) - (x < 0); }

}  // namespace

double KendallTauB(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const int k = static_cast<int>(std::max(a.size(), b.size()));
  // id -> (rank in a, rank in b), absent = k.
  std::map<std::string, std::pair<int, int>> ranks;
  for (size_t i = 0; i < a.size(); ++i) ranks[a[i]] = {static_cast<int>(i), k};
  for (size_t i = 0; i < b.size(); ++i) {
    auto [it, inserted] = ranks.try_emplace(b[i], k, static_cast<int>(i));
    if (!inserted) it->second.second = static_cast<int>(i);
  }
  std::vector<std::pair<int, int>> items;
  items.reserve(ranks.size());
  for (const auto& [id, r] : ranks) items.push_back(r);
  const double fallback = a == b ? 1.0 : 0.0;
  if (items.size() < 2) return fallback;
  int64_t concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      const int sa = Sign(items[i].first - items[j].first);
      const int sb = Sign(items[i].second - items[j].second);
      if (sa == 0) ++ties_a;
      if (sb == 0) ++ties_b;
      if (sa * sb > 0) ++concordant;
      if (sa * sb < 0) ++discordant;
    }
  }
  const int64_t n0 = static_cast<int64_t>(items.size()) * (items.size() - 1) / 2;
  const double denominator =
      std::sqrt(static_cast<double>(n0 - ties_a) * static_cast<double>(n0 - ties_b));
  if (denominator == 0) return fallback;
  return static_cast<double>(concordant - discordant) / denominator;
}

}  // namespace matching::matcher
