// Properties over seeded generated profiles (matcher/test_profiles.h).
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "matcher/score.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

constexpr int kTriples = 2000;

struct Triple {
  CandidateProfile candidate;
  OfferFeatures offer;
  TerritoryFeatures territory;
};

std::vector<Triple> Generate(uint64_t seed, int count) {
  testing::ProfileGenerator generator(seed);
  std::vector<Triple> triples;
  for (int i = 0; i < count; ++i) {
    Triple triple;
    triple.candidate = generator.Candidate();
    triple.offer = generator.Offer();
    triple.territory = generator.Territory();
    triples.push_back(std::move(triple));
  }
  return triples;
}

// Random weights from the same seed, with about one weight in four set to 0.
Weights RandomWeights(std::mt19937_64& random) {
  Weights weights;
  for (Criterion criterion : kAllCriteria) {
    const bool zero = std::bernoulli_distribution(0.25)(random);
    MutableWeightOf(weights, criterion) =
        zero ? 0 : std::uniform_real_distribution<double>(0.01, 5)(random);
  }
  weights.profession = std::max(weights.profession, 0.5);  // keep each side non-zero
  weights.care_need = std::max(weights.care_need, 0.5);
  return weights;
}

class ScorePropertyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<AidRules> rules =
        AidRules::LoadFromFile(std::string(MATCHING_SOURCE_DIR) + "/data/aids.json");
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *std::move(rules);
    options_.aid_rules = &rules_;
    options_.as_of = absl::CivilDay(2026, 11, 15);
    triples_ = Generate(20261115, kTriples);
  }

  double Proximity(const Triple& t) {
    return Score(t.candidate, t.offer, t.territory, weights_, options_)
        .criteria[static_cast<int>(Criterion::kProximity)]
        .value;
  }

  AidRules rules_;
  ScoreOptions options_;
  Weights weights_ = DefaultWeights();
  std::vector<Triple> triples_;
};

TEST_F(ScorePropertyTest, ScoresStayInUnitInterval) {
  for (Combination combination : {Combination::kHarmonic, Combination::kGeometric,
                                  Combination::kCandidateOnly, Combination::kTerritoryOnly}) {
    options_.combination = combination;
    for (const Triple& t : triples_) {
      const MatchResult result = Score(t.candidate, t.offer, t.territory, weights_, options_);
      for (double value : {result.score, result.candidate_score, result.territory_score}) {
        ASSERT_GE(value, 0) << t.candidate.id;
        ASSERT_LE(value, 1) << t.candidate.id;
      }
      for (const CriterionResult& line : result.criteria) {
        ASSERT_GE(line.value, 0) << line.name;
        ASSERT_LE(line.value, 1) << line.name;
        ASSERT_FALSE(line.reason_code.empty()) << line.name;
        ASSERT_FALSE(line.explanation.empty()) << line.name;
      }
    }
  }
}

TEST_F(ScorePropertyTest, FastPathAgreesWithExplainedPath) {
  std::mt19937_64 random(42);
  for (const Triple& t : triples_) {
    const Weights weights = RandomWeights(random);
    options_.combination =
        static_cast<Combination>(std::uniform_int_distribution<int>(0, 4)(random));
    options_.language =
        std::bernoulli_distribution(0.5)(random) ? Language::kFrench : Language::kEnglish;
    options_.proximity_shape =
        static_cast<DecayShape>(std::uniform_int_distribution<int>(0, 2)(random));
    const Scores fast = FastScore(t.candidate, t.offer, t.territory, weights, options_);
    const MatchResult full = Score(t.candidate, t.offer, t.territory, weights, options_);
    ASSERT_NEAR(fast.score, full.score, 1e-9) << t.candidate.id;
    ASSERT_NEAR(fast.candidate_score, full.candidate_score, 1e-9) << t.candidate.id;
    ASSERT_NEAR(fast.territory_score, full.territory_score, 1e-9) << t.candidate.id;
  }
}

TEST_F(ScorePropertyTest, ShorterDriveNeverLowersProximity) {
  std::mt19937_64 random(7);
  for (Triple& t : triples_) {
    const double before = Proximity(t);
    const Scores scores_before = FastScore(t.candidate, t.offer, t.territory, weights_, options_);
    for (MetropolisAccess& access : t.territory.metropolis_access) {
      access.drive_minutes *= std::uniform_real_distribution<double>(0, 1)(random);
    }
    ASSERT_GE(Proximity(t), before) << t.candidate.id;
    const Scores scores_after = FastScore(t.candidate, t.offer, t.territory, weights_, options_);
    ASSERT_GE(scores_after.candidate_score, scores_before.candidate_score) << t.candidate.id;
  }
}

TEST_F(ScorePropertyTest, AddingACrecheNeverLowersScoreForAToddler) {
  for (Triple& t : triples_) {
    t.candidate.children_ages.push_back(1);
    const Scores before = FastScore(t.candidate, t.offer, t.territory, weights_, options_);
    t.territory.creche_minutes = 0;  // a crèche in the commune
    const Scores after = FastScore(t.candidate, t.offer, t.territory, weights_, options_);
    ASSERT_GE(after.score, before.score) << t.candidate.id;
    ASSERT_GE(after.candidate_score, before.candidate_score) << t.candidate.id;
  }
}

// For each criterion, a change of the inputs it reads. Criteria that read the same input
// are zeroed together, since the change reaches all of them: the specialty (both sides'
// profession fit), the start date (start_window, t_availability, t_commitment), the
// employment mode (employment, and money: aids apply to liberal practice).
struct Perturbation {
  std::vector<Criterion> criteria;
  std::function<void(Triple&)> change;
};

TEST_F(ScorePropertyTest, ZeroWeightRemovesTheCriterion) {
  const std::vector<Perturbation> perturbations = {
      {{Criterion::kProximity},
       [](Triple& t) {
         for (auto& access : t.territory.metropolis_access) access.drive_minutes += 200;
       }},
      {{Criterion::kFamily},
       [](Triple& t) {
         t.territory.creche_minutes = 90;
         t.territory.primary_school_minutes = 0;
       }},
      {{Criterion::kSpouseJob},
       [](Triple& t) {
         t.territory.job_openings_by_sector.clear();
         t.territory.fibre_coverage = 0;
       }},
      {{Criterion::kHousing}, [](Triple& t) { t.offer.temporary_housing_months = 12; }},
      {{Criterion::kLifestyle}, [](Triple& t) { t.territory.lifestyle_tags.clear(); }},
      {{Criterion::kMoney}, [](Triple& t) { t.offer.installation_bonus_eur += 30000; }},
      {{Criterion::kSetting}, [](Triple& t) { t.offer.setting = PracticeSetting::kCareHome; }},
      {{Criterion::kCareNeed}, [](Triple& t) { t.territory.apl = 0.5; }},
      {{Criterion::kTLocalRoots},
       [](Triple& t) {  // the household moves into the (placed) territory
         t.territory.lat = 47.1;
         t.territory.lon = 2.4;
         t.candidate.current_location = GeoPoint{47.1, 2.4};
       }},
      {{Criterion::kTExperience}, [](Triple& t) { t.offer.min_experience_years = 40; }},
      {{Criterion::kEmployment, Criterion::kMoney},  // aids apply to liberal practice
       [](Triple& t) {
         t.offer.employment = t.offer.employment == EmploymentMode::kSalaried
                                  ? EmploymentMode::kLiberal
                                  : EmploymentMode::kSalaried;
       }},
      {{Criterion::kWorkload},
       [](Triple& t) {
         t.offer.on_call_per_month = 25;
         t.offer.part_time_possible = !t.offer.part_time_possible;
       }},
      {{Criterion::kTrial}, [](Triple& t) { t.offer.trial_possible = !t.offer.trial_possible; }},
      {{Criterion::kTCommitment}, [](Triple& t) { t.offer.commitment_years += 30; }},
      {{Criterion::kProfession, Criterion::kTProfession},
       [](Triple& t) {  // related specialties: within the limit, scored down
         t.candidate.specialty = "pediatrics";
         t.offer.specialty = "neonatology";
       }},
      {{Criterion::kStartWindow, Criterion::kTAvailability, Criterion::kTCommitment},
       [](Triple& t) { t.offer.start_date = absl::CivilDay(2032, 6, 1); }},
  };
  // Every criterion is covered.
  std::set<Criterion> covered;
  for (const Perturbation& p : perturbations) covered.insert(p.criteria.begin(), p.criteria.end());
  EXPECT_EQ(covered.size(), static_cast<size_t>(kCriterionCount));
  for (const Perturbation& perturbation : perturbations) {
    Weights weights = DefaultWeights();
    for (Criterion criterion : perturbation.criteria) MutableWeightOf(weights, criterion) = 0;
    const std::string name(CriterionName(perturbation.criteria.front()));
    int changed_with_weight = 0;
    for (const Triple& original : triples_) {
      Triple changed = original;
      perturbation.change(changed);
      // A limit gates whatever the weights (limits.h): only changes that keep the limits.
      if (CheckLimits(original.candidate, original.offer, original.territory, options_.as_of)
              .bits() !=
          CheckLimits(changed.candidate, changed.offer, changed.territory, options_.as_of).bits()) {
        continue;
      }
      const Scores before =
          FastScore(original.candidate, original.offer, original.territory, weights, options_);
      const Scores after =
          FastScore(changed.candidate, changed.offer, changed.territory, weights, options_);
      ASSERT_EQ(before.score, after.score) << name;
      ASSERT_EQ(before.candidate_score, after.candidate_score);
      ASSERT_EQ(before.territory_score, after.territory_score);
      // The explained path evaluates every criterion, weighted or not: same property.
      ASSERT_EQ(
          Score(original.candidate, original.offer, original.territory, weights, options_).score,
          Score(changed.candidate, changed.offer, changed.territory, weights, options_).score)
          << name;
      // The same change does move scores when the criterion is weighted, so the
      // perturbation really reaches the criterion.
      if (FastScore(changed.candidate, changed.offer, changed.territory, weights_, options_)
              .score !=
          FastScore(original.candidate, original.offer, original.territory, weights_, options_)
              .score) {
        ++changed_with_weight;
      }
    }
    EXPECT_GT(changed_with_weight, 0) << name;
  }
}

TEST_F(ScorePropertyTest, SameInputSameOutputAndSameOrder) {
  const auto rank = [&]() {
    std::vector<std::tuple<double, std::string>> ranked;
    for (const Triple& t : triples_) {
      ranked.emplace_back(FastScore(t.candidate, t.offer, t.territory, weights_, options_).score,
                          t.offer.id);
    }
    // Best first; ties by id, as the server breaks them.
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b)
                                              : std::get<1>(a) < std::get<1>(b);
    });
    return ranked;
  };
  EXPECT_EQ(rank(), rank());
  const std::vector<Triple> again = Generate(20261115, 50);
  for (int i = 0; i < 50; ++i) {
    const MatchResult first =
        Score(triples_[i].candidate, triples_[i].offer, triples_[i].territory, weights_, options_);
    const MatchResult second =
        Score(again[i].candidate, again[i].offer, again[i].territory, weights_, options_);
    EXPECT_EQ(first.score, second.score);
    ASSERT_EQ(first.criteria.size(), second.criteria.size());
    for (size_t c = 0; c < first.criteria.size(); ++c) {
      EXPECT_EQ(first.criteria[c].explanation, second.criteria[c].explanation);
      EXPECT_EQ(first.criteria[c].value, second.criteria[c].value);
    }
  }
}

}  // namespace
}  // namespace matching::matcher
