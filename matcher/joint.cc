// Joint ranking helpers: the partner's profile, limits and the joint score.
#include "matcher/joint.h"

#include "absl/strings/str_cat.h"
#include "matcher/score.h"

namespace matching::matcher {

CandidateProfile PartnerProfile(const CandidateProfile& household) {
  CandidateProfile partner;
  partner.id = absl::StrCat(household.id, "/partner");
  if (household.partner) {
    partner.profession = household.partner->profession;
    partner.specialty = household.partner->specialty;
  }
  partner.available_from = household.available_from;
  partner.available_until = household.available_until;
  partner.metropolis_ids = household.metropolis_ids;
  partner.max_drive_minutes = household.max_drive_minutes;
  partner.wanted_department_codes = household.wanted_department_codes;
  partner.excluded_department_codes = household.excluded_department_codes;
  partner.children_ages = household.children_ages;
  partner.housing_need = household.housing_need;
  partner.housing_months_needed = household.housing_months_needed;
  partner.lifestyle_tags = household.lifestyle_tags;
  partner.weights = household.weights;
  partner.status = household.status;
  partner.consent_given = household.consent_given;
  return partner;
}

LimitSet PartnerLimits(const CandidateProfile& partner_profile, const OfferFeatures& offer,
                       const TerritoryFeatures& territory, absl::CivilDay as_of) {
  LimitSet broken;
  if (!SpecialtyWithinLimit(partner_profile.specialty, offer.specialty)) {
    broken.Add(Limit::kSpecialty);
  }
  if (!DriveWithinLimit(partner_profile, territory)) broken.Add(Limit::kDriveTime);
  if (!DepartmentWithinLimit(partner_profile, territory)) broken.Add(Limit::kDepartment);
  if (!StartWithinLimit(partner_profile, offer, as_of)) broken.Add(Limit::kStartDate);
  return broken;
}

double JointScore(double candidate_pair_score, double partner_pair_score) {
  // Scores are in [0, 1]: the harmonic combination is 0 as soon as either is.
  return Combine(Combination::kHarmonic, candidate_pair_score, partner_pair_score);
}

}  // namespace matching::matcher
