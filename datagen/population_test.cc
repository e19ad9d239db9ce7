#include "datagen/population.h"

#include <map>
#include <set>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "datagen/communes.h"
#include "datagen/territory_gen.h"
#include "datagen/test_checks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::datagen {
namespace {

using testing::DeterministicBytes;
using ::testing::HasSubstr;
using testing::IsValidDate;
using testing::IsValidId;

// Territories of every commune of the file (seed 7) and the 22 metropolises, built once.
class PopulationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
    auto communes = ReadCommunes(data + "/communes.csv");
    auto metropoles = ReadMetropoles(data + "/metropoles.csv");
    ASSERT_TRUE(communes.ok()) << communes.status();
    ASSERT_TRUE(metropoles.ok()) << metropoles.status();
    metropoles_ = new std::vector<Metropole>(std::move(*metropoles));
    territories_ = new std::vector<v1::Territory>();
    for (const Commune& commune : *communes) {
      territories_->push_back(MakeTerritory(commune, *metropoles_, 7));
    }
  }
  static void TearDownTestSuite() {
    delete metropoles_;
    delete territories_;
  }
  static PopulationGenerator Generator(uint64_t seed) {
    PopulationOptions options;
    options.seed = seed;
    auto generator = PopulationGenerator::Create(options, *territories_, *metropoles_);
    EXPECT_TRUE(generator.ok()) << generator.status();
    return std::move(*generator);
  }

  static std::vector<Metropole>* metropoles_;
  static std::vector<v1::Territory>* territories_;
};
std::vector<Metropole>* PopulationTest::metropoles_ = nullptr;
std::vector<v1::Territory>* PopulationTest::territories_ = nullptr;

TEST_F(PopulationTest, SameSeedSameRecords) {
  PopulationGenerator a = Generator(1);
  PopulationGenerator b = Generator(1);
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(DeterministicBytes(a.NextOffer()), DeterministicBytes(b.NextOffer()));
    ASSERT_EQ(DeterministicBytes(a.NextCandidate()), DeterministicBytes(b.NextCandidate()));
  }
  // Streaming and random access agree, whatever was generated before.
  EXPECT_EQ(DeterministicBytes(a.CandidateAt(123)), DeterministicBytes(b.Candidates(124)[123]));
  EXPECT_EQ(DeterministicBytes(a.NextOffer()), DeterministicBytes(b.OfferAt(200)));
  PopulationGenerator other = Generator(2);
  EXPECT_NE(DeterministicBytes(other.CandidateAt(5)), DeterministicBytes(a.CandidateAt(5)));
}

TEST_F(PopulationTest, ProfessionSharesMatchTheTargets) {
  PopulationGenerator generator = Generator(3);
  constexpr int kCount = 20000;
  std::map<v1::Profession, int> candidates, offers;
  for (int i = 0; i < kCount; ++i) {
    ++candidates[generator.NextCandidate().profession()];
    ++offers[generator.NextOffer().profession()];
  }
  for (const ProfessionShare& target : kProfessionShares) {
    SCOPED_TRACE(v1::Profession_Name(target.profession));
    EXPECT_NEAR(candidates[target.profession] / double{kCount}, target.share, 0.02);
    EXPECT_NEAR(offers[target.profession] / double{kCount}, target.share, 0.02);
  }
}

TEST_F(PopulationTest, EveryRecordFollowsTheApiRules) {
  PopulationGenerator generator = Generator(4);
  std::set<std::string> territory_ids, metropolis_ids;
  for (const auto& t : *territories_) territory_ids.insert(t.id());
  for (const auto& m : *metropoles_) metropolis_ids.insert(m.id);
  for (int i = 0; i < 5000; ++i) {
    const v1::Offer offer = generator.NextOffer();
    SCOPED_TRACE(offer.id());
    ASSERT_EQ(offer.id(), "of-" + std::to_string(i));
    ASSERT_TRUE(IsValidId(offer.territory_id()) && territory_ids.count(offer.territory_id()));
    ASSERT_TRUE(IsValidId(offer.organization_id())) << offer.organization_id();
    ASSERT_LE(offer.title().size(), 256u);
    ASSERT_NE(offer.profession(), v1::PROFESSION_UNSPECIFIED);
    ASSERT_NE(offer.setting(), v1::PRACTICE_SETTING_UNSPECIFIED);
    ASSERT_NE(offer.employment(), v1::EMPLOYMENT_MODE_UNSPECIFIED);
    ASSERT_EQ(offer.status(), v1::OFFER_STATUS_OPEN);
    ASSERT_TRUE(IsValidDate(offer.start_date())) << offer.start_date();
    ASSERT_GE(offer.start_date(), "2026-01-05");
    ASSERT_LE(offer.start_date(), "2027-01-05");
    ASSERT_GE(offer.positions(), 1);
    ASSERT_LE(offer.on_call_per_month(), 31);
    ASSERT_LE(offer.temporary_housing_months(), 60);
    ASSERT_GE(offer.installation_bonus_eur(), 0);
    if (offer.employment() == v1::EMPLOYMENT_MODE_SALARIED) {
      ASSERT_EQ(offer.installation_bonus_eur(), 0);
    }
  }
  for (int i = 0; i < 5000; ++i) {
    const v1::Candidate c = generator.NextCandidate();
    SCOPED_TRACE(c.id());
    ASSERT_EQ(c.id(), "cand-" + std::to_string(i));
    ASSERT_NE(c.profession(), v1::PROFESSION_UNSPECIFIED);
    ASSERT_GE(c.experience_years(), 0);
    ASSERT_LE(c.experience_years(), 35);
    ASSERT_GE(c.preferred_settings_size(), 1);
    for (int s : c.preferred_settings()) ASSERT_NE(s, v1::PRACTICE_SETTING_UNSPECIFIED);
    ASSERT_GE(c.preferred_employment_size(), 1);
    for (int e : c.preferred_employment()) ASSERT_NE(e, v1::EMPLOYMENT_MODE_UNSPECIFIED);
    ASSERT_TRUE(c.available_from().empty() || IsValidDate(c.available_from()));
    ASSERT_TRUE(c.available_until().empty());
    ASSERT_LE(c.metropolis_ids_size(), 2);
    for (const std::string& id : c.metropolis_ids()) {
      ASSERT_TRUE(IsValidId(id) && metropolis_ids.count(id)) << id;
    }
    if (c.metropolis_ids_size() > 0) {
      ASSERT_GE(c.max_drive_minutes(), 30);
      ASSERT_LE(c.max_drive_minutes(), 90);
      ASSERT_TRUE(c.has_current_location());
    } else {
      ASSERT_EQ(c.max_drive_minutes(), 0);
    }
    ASSERT_LE(c.household().children_ages_size(), 3);
    for (int age : c.household().children_ages()) {
      ASSERT_GE(age, 0);
      ASSERT_LE(age, 17);
    }
    if (c.household().has_partner()) {
      ASSERT_FALSE(c.household().partner().sector().empty());
    }
    ASSERT_NE(c.housing_need(), v1::HOUSING_NEED_UNSPECIFIED);
    if (c.housing_need() == v1::HOUSING_NEED_TEMPORARY) {
      ASSERT_GT(c.housing_months_needed(), 0);
    }
    for (const std::string& tag : c.lifestyle_tags()) ASSERT_FALSE(tag.empty());
    if (c.has_max_on_call_per_month()) {
      ASSERT_LE(c.max_on_call_per_month(), 31);
    }
    ASSERT_TRUE(c.consent().given());
    ASSERT_GT(c.consent().time().seconds(), 0);
    ASSERT_EQ(c.status(), v1::CANDIDATE_STATUS_ACTIVE);
  }
}

TEST_F(PopulationTest, HouseholdSharesArePlausible) {
  PopulationGenerator generator = Generator(5);
  constexpr int kCount = 20000;
  int partners = 0, needs_job = 0, no_children = 0, wish = 0, first_installation = 0;
  for (int i = 0; i < kCount; ++i) {
    const v1::Candidate c = generator.NextCandidate();
    partners += c.household().has_partner();
    needs_job += c.household().partner().needs_job();
    no_children += c.household().children_ages_size() == 0;
    wish += c.metropolis_ids_size() > 0;
    first_installation += c.first_installation();
  }
  EXPECT_NEAR(partners / double{kCount}, 0.65, 0.02);
  EXPECT_NEAR(needs_job / double(partners), 0.70, 0.02);
  EXPECT_NEAR(no_children / double{kCount}, 0.40, 0.02);
  EXPECT_NEAR(wish / double{kCount}, 0.80, 0.02);
  EXPECT_GT(first_installation, 0);
}

TEST_F(PopulationTest, OffersGoPreferentiallyToUnderServedTerritories) {
  PopulationGenerator generator = Generator(6);
  std::map<std::string, v1::Zoning> zoning;
  double population_total = 0, population_zip = 0;
  for (const auto& t : *territories_) {
    zoning[t.id()] = t.zoning();
    population_total += static_cast<double>(t.population());
    if (t.zoning() == v1::ZONING_ZIP) population_zip += static_cast<double>(t.population());
  }
  constexpr int kCount = 20000;
  int in_zip = 0;
  for (int i = 0; i < kCount; ++i)
    in_zip += zoning[generator.NextOffer().territory_id()] == v1::ZONING_ZIP;
  // ZIP territories weigh 3 per inhabitant against at most 2 elsewhere.
  EXPECT_GT(in_zip / double{kCount}, 1.3 * population_zip / population_total);
}

// Scale check, run by hand: --gtest_also_run_disabled_tests --gtest_filter='*Streams*'.
// Prints one offer and one candidate, then streams 1M candidates in constant memory.
TEST_F(PopulationTest, DISABLED_StreamsOneMillionCandidates) {
  PopulationGenerator generator = Generator(1);
  std::printf("%s\n%s\n", generator.OfferAt(0).DebugString().c_str(),
              generator.CandidateAt(0).DebugString().c_str());
  const absl::Time start = absl::Now();
  size_t bytes = 0;
  for (int i = 0; i < 1000000; ++i) bytes += generator.NextCandidate().ByteSizeLong();
  const absl::Duration elapsed = absl::Now() - start;
  std::printf("1M candidates in %s, %.0f bytes each on the wire\n",
              absl::FormatDuration(elapsed).c_str(), bytes / 1e6);
}

TEST(PopulationGeneratorCreate, RejectsMissingInputs) {
  Metropole nancy{"nancy", "Nancy", "245400676", "54395", 48.68, 6.18, 20};
  v1::Territory empty_town;
  empty_town.set_id("54001");
  EXPECT_THAT(PopulationGenerator::Create({}, {empty_town}, {nancy}).status().message(),
              HasSubstr("population > 0"));
  v1::Territory town = empty_town;
  town.set_population(100);
  EXPECT_THAT(PopulationGenerator::Create({}, {town}, {}).status().message(),
              HasSubstr("metropoles: is empty"));
  v1::Territory no_id;
  EXPECT_THAT(PopulationGenerator::Create({}, {town, no_id}, {nancy}).status().message(),
              HasSubstr("territories[1].id: is empty"));
  EXPECT_TRUE(PopulationGenerator::Create({}, {town}, {nancy}).ok());
}

}  // namespace
}  // namespace matching::datagen
