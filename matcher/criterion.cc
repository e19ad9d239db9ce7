#include "matcher/criterion.h"

namespace matching::matcher {
namespace {

constexpr std::array<absl::string_view, kCriterionCount> kNames = {
    "profession",   "setting",      "employment",     "proximity",    "family",    "spouse_job",
    "housing",      "lifestyle",    "start_window",   "workload",     "trial",     "money",
    "t_profession", "t_experience", "t_availability", "t_commitment", "care_need", "t_local_roots",
};

}  // namespace

absl::string_view CriterionName(Criterion criterion) { return kNames[static_cast<int>(criterion)]; }

std::optional<Criterion> CriterionFromName(absl::string_view name) {
  for (Criterion criterion : kAllCriteria) {
    if (CriterionName(criterion) == name) return criterion;
  }
  return std::nullopt;
}

std::array<absl::string_view, kCriterionCount> CriterionNames() { return kNames; }

}  // namespace matching::matcher
