// The ranking's vocabulary for programs and people: each criterion's labels in French and
// English and every reason code it may give; each limit's labels (ListCriteria, matchctl
// criteria list, docs/RANKING.md).
//
// Thread-safe: immutable tables. A new reason code in a criterion's code must be added here:
// CriterionCatalogTest reads the sources and fails otherwise.
#ifndef MATCHER_CRITERION_CATALOG_H_
#define MATCHER_CRITERION_CATALOG_H_

#include <array>
#include <vector>

#include "absl/strings/string_view.h"
#include "matcher/criterion.h"
#include "matcher/limits.h"

namespace matching::matcher {

struct CriterionDescription {
  Criterion criterion;
  absl::string_view label_fr;  // "Temps de trajet vers la métropole"
  absl::string_view label_en;  // "Drive time to the metropolis"
  // Every CriterionScore.reason_code this criterion may give, in no particular order.
  std::vector<absl::string_view> reason_codes;
};

struct LimitDescription {
  Limit limit;
  absl::string_view label_fr;
  absl::string_view label_en;
};

// One per criterion, in display order (kAllCriteria's).
const std::array<CriterionDescription, kCriterionCount>& CriterionDescriptions();

// One per limit, in Limit's order; names and reason codes are LimitName and LimitReasonCode.
const std::array<LimitDescription, kLimitCount>& LimitDescriptions();

}  // namespace matching::matcher

#endif  // MATCHER_CRITERION_CATALOG_H_
