// Joint ranking for a dual-career household (MatchOptions.joint): the partner as a
// candidate for their own post, the limits that post must keep, and how two pair scores
// make one. Pure functions; thread-safe.
//
// Like couples in residency matching, a household whose partner seeks a health post
// (SeeksHealthPost) applies for two posts within reach of one home: one for the
// candidate, one for the partner within kNearbyReachMinutes (estimated) of the first.
#ifndef MATCHER_JOINT_H_
#define MATCHER_JOINT_H_

#include "absl/time/civil_time.h"
#include "matcher/limits.h"
#include "matcher/types.h"

namespace matching::matcher {

// The partner as a candidate, from the household: the partner's profession and specialty;
// the household's wishes that the whole household shares (metropolises and drive time,
// wanted and excluded departments, dates, children, housing, lifestyle, status); no
// practice, employment, on-call, part-time or trial wishes (the partner stated none); no
// partner of its own (the candidate's post is the other half of the pair); experience 0
// (unknown: an offer's experience requirement weighs on t_experience but does not gate,
// see PartnerLimits). Its id is the household's with "/partner" appended.
CandidateProfile PartnerProfile(const CandidateProfile& household);

// The limits the partner's post breaks: the offer must be for the partner's specialty
// (or a related one), and keep the household's drive time, departments and start window;
// the offer's experience and commitment requirements are not checked (unknown for the
// partner).
LimitSet PartnerLimits(const CandidateProfile& partner_profile, const OfferFeatures& offer,
                       const TerritoryFeatures& territory, absl::CivilDay as_of);

// One score for a pair of posts: the harmonic mean of the two pair scores, so that a
// household moves only when both find work (a 0 on either side is 0); in [0, 1].
double JointScore(double candidate_pair_score, double partner_pair_score);

}  // namespace matching::matcher

#endif  // MATCHER_JOINT_H_
