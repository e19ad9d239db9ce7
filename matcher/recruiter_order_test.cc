#include "matcher/recruiter_order.h"

#include "gtest/gtest.h"
#include "matcher/test_profiles.h"

namespace matching::matcher {
namespace {

class RecruiterOrderTest : public ::testing::Test {
 protected:
  uint64_t Key(const CandidateProfile& candidate) {
    return RecruiterTieBreak(candidate, offer_, territory_, as_of_);
  }
  const absl::CivilDay as_of_{2026, 12, 2};
  OfferFeatures offer_ = testing::FamilyOffer();
  TerritoryFeatures territory_ = testing::FamilyTerritory();
  CandidateProfile base_ = testing::ExampleHousehold();
};

TEST_F(RecruiterOrderTest, MoreExperienceFirst) {
  CandidateProfile senior = base_;
  senior.experience_years = base_.experience_years + 1;
  EXPECT_GT(Key(senior), Key(base_));
  offer_.min_experience_years = 40;  // both short: the less short first
  EXPECT_GT(Key(senior), Key(base_));
}

TEST_F(RecruiterOrderTest, SoonerStartThenNearerHome) {
  territory_.lat = 48.5894;
  territory_.lon = 6.4967;
  CandidateProfile sooner = base_;
  CandidateProfile later = base_;
  sooner.available_from = as_of_ + 10;
  later.available_from = as_of_ + 40;
  EXPECT_GT(Key(sooner), Key(later));
  later.available_from = std::nullopt;  // now
  EXPECT_GT(Key(later), Key(sooner));

  CandidateProfile near = base_;
  CandidateProfile far = base_;
  CandidateProfile unknown = base_;
  near.current_location = GeoPoint{48.6921, 6.1844};
  far.current_location = GeoPoint{48.8566, 2.3522};
  unknown.current_location.reset();
  EXPECT_GT(Key(near), Key(far));
  EXPECT_GT(Key(far), Key(unknown));
  // Experience comes before the start, which comes before the home.
  far.experience_years = near.experience_years + 1;
  EXPECT_GT(Key(far), Key(near));
  near.available_from = as_of_ + 1;
  far.experience_years = near.experience_years;
  EXPECT_GT(Key(far), Key(near));
}

}  // namespace
}  // namespace matching::matcher
