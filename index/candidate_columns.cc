// CandidateColumns: coding profiles into groups, segments by profession.
#include "index/candidate_columns.h"

#include <algorithm>

namespace matching::index {
namespace {

size_t StringBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

}  // namespace

CandidateColumns::CandidateColumns() : rows_(0, IdHash{this}, IdEq{this}) {}

CandidateColumns::Codes CandidateColumns::Acquire(matcher::CandidateProfile& p) {
  Codes codes{};
  codes[kCandSpecialty] = specialty_.Acquire(std::move(p.specialty));
  codes[kCandExperience] = experience_.Acquire(p.experience_years);
  codes[kCandSettings] = settings_.Acquire(std::move(p.preferred_settings));
  codes[kCandEmployment] = employment_.Acquire(std::move(p.preferred_employment));
  codes[kCandDates] = dates_.Acquire(Dates{DayKey(p.available_from), DayKey(p.available_until)});
  codes[kCandProximity] =
      proximity_.Acquire(Proximity{std::move(p.metropolis_ids), p.max_drive_minutes});
  codes[kCandWanted] = wanted_.Acquire(std::move(p.wanted_department_codes));
  codes[kCandExcluded] = excluded_.Acquire(std::move(p.excluded_department_codes));
  codes[kCandPartner] =
      p.partner
          ? partner_.Acquire(PartnerKey{
                true, std::move(p.partner->sector), p.partner->needs_job, p.partner->can_telework,
                static_cast<int>(p.partner->profession), std::move(p.partner->specialty)})
          : partner_.Acquire(PartnerKey{false, std::string(), false, false, 0, std::string()});
  codes[kCandChildren] = children_.Acquire(std::move(p.children_ages));
  codes[kCandHousing] = housing_.Acquire(Housing{p.housing_need, p.housing_months_needed});
  codes[kCandLifestyle] = lifestyle_.Acquire(std::move(p.lifestyle_tags));
  codes[kCandWorkload] = workload_.Acquire(Workload{p.max_on_call_per_month, p.wants_part_time});
  codes[kCandFlags] = flags_.Acquire(
      Flags{p.wants_trial, p.first_installation, p.consent_given, static_cast<int>(p.doctor_sector),
            p.installation_aid_within_10_years ? int{*p.installation_aid_within_10_years} : -1,
            static_cast<int>(p.career_stage), std::move(p.registering_organization)});
  codes[kCandWeights] = weights_.Acquire(std::move(p.weights));
  codes[kCandLocation] =
      p.current_location
          ? location_.Acquire(Location{true, p.current_location->lat, p.current_location->lon})
          : location_.Acquire(Location{false, 0, 0});
  return codes;
}

void CandidateColumns::Release(const Codes& codes) {
  specialty_.Release(codes[kCandSpecialty]);
  experience_.Release(codes[kCandExperience]);
  settings_.Release(codes[kCandSettings]);
  employment_.Release(codes[kCandEmployment]);
  dates_.Release(codes[kCandDates]);
  proximity_.Release(codes[kCandProximity]);
  wanted_.Release(codes[kCandWanted]);
  excluded_.Release(codes[kCandExcluded]);
  partner_.Release(codes[kCandPartner]);
  children_.Release(codes[kCandChildren]);
  housing_.Release(codes[kCandHousing]);
  lifestyle_.Release(codes[kCandLifestyle]);
  workload_.Release(codes[kCandWorkload]);
  flags_.Release(codes[kCandFlags]);
  weights_.Release(codes[kCandWeights]);
  location_.Release(codes[kCandLocation]);
}

void CandidateColumns::Apply(int group, uint32_t code, matcher::CandidateProfile* p) const {
  switch (static_cast<CandidateGroup>(group)) {
    case kCandSpecialty:
      p->specialty = specialty_.value(code);
      return;
    case kCandExperience:
      p->experience_years = experience_.value(code);
      return;
    case kCandSettings:
      p->preferred_settings = settings_.value(code);
      return;
    case kCandEmployment:
      p->preferred_employment = employment_.value(code);
      return;
    case kCandDates:
      p->available_from = FromDayKey(dates_.value(code).first);
      p->available_until = FromDayKey(dates_.value(code).second);
      return;
    case kCandProximity:
      std::tie(p->metropolis_ids, p->max_drive_minutes) = proximity_.value(code);
      return;
    case kCandWanted:
      p->wanted_department_codes = wanted_.value(code);
      return;
    case kCandExcluded:
      p->excluded_department_codes = excluded_.value(code);
      return;
    case kCandPartner: {
      const auto& [present, sector, needs_job, telework, profession, specialty] =
          partner_.value(code);
      p->partner.reset();
      if (present) {
        p->partner = matcher::Partner{sector, needs_job, telework,
                                      static_cast<matcher::Profession>(profession), specialty};
      }
      return;
    }
    case kCandChildren:
      p->children_ages = children_.value(code);
      return;
    case kCandHousing:
      std::tie(p->housing_need, p->housing_months_needed) = housing_.value(code);
      return;
    case kCandLifestyle:
      p->lifestyle_tags = lifestyle_.value(code);
      return;
    case kCandWorkload:
      std::tie(p->max_on_call_per_month, p->wants_part_time) = workload_.value(code);
      return;
    case kCandFlags: {
      int sector = 0, aid_10_years = -1, stage = 0;
      std::tie(p->wants_trial, p->first_installation, p->consent_given, sector, aid_10_years, stage,
               p->registering_organization) = flags_.value(code);
      p->doctor_sector = static_cast<matcher::DoctorSector>(sector);
      p->installation_aid_within_10_years.reset();
      if (aid_10_years >= 0) p->installation_aid_within_10_years = aid_10_years == 1;
      p->career_stage = static_cast<matcher::CareerStage>(stage);
      return;
    }
    case kCandWeights:
      p->weights = weights_.value(code);
      return;
    case kCandLocation: {
      const auto& [present, lat, lon] = location_.value(code);
      p->current_location.reset();
      if (present) p->current_location = matcher::GeoPoint{lat, lon};
      return;
    }
    case kCandGroupCount:
      return;
  }
}

size_t CandidateColumns::code_limit(int group) const {
  switch (static_cast<CandidateGroup>(group)) {
    case kCandSpecialty:
      return specialty_.code_limit();
    case kCandExperience:
      return experience_.code_limit();
    case kCandSettings:
      return settings_.code_limit();
    case kCandEmployment:
      return employment_.code_limit();
    case kCandDates:
      return dates_.code_limit();
    case kCandProximity:
      return proximity_.code_limit();
    case kCandWanted:
      return wanted_.code_limit();
    case kCandExcluded:
      return excluded_.code_limit();
    case kCandPartner:
      return partner_.code_limit();
    case kCandChildren:
      return children_.code_limit();
    case kCandHousing:
      return housing_.code_limit();
    case kCandLifestyle:
      return lifestyle_.code_limit();
    case kCandWorkload:
      return workload_.code_limit();
    case kCandFlags:
      return flags_.code_limit();
    case kCandWeights:
      return weights_.code_limit();
    case kCandLocation:
      return location_.code_limit();
    case kCandGroupCount:
      break;
  }
  return 0;
}

std::optional<uint32_t> CandidateColumns::EmptyWeightsCode() const {
  for (uint32_t code = 0; code < weights_.code_limit(); ++code) {
    if (weights_.value(code).empty()) return code;
  }
  return std::nullopt;
}

void CandidateColumns::Put(matcher::CandidateProfile profile, bool known_new) {
  if (!known_new) Erase(profile.id);
  const Codes codes = Acquire(profile);
  const int profession = Clamp(static_cast<int>(profile.profession));
  Segment& segment = segments_[profession];
  for (int group = 0; group < kCandGroupCount; ++group) {
    segment.codes[group].push_back(codes[group]);
  }
  segment.status.push_back(profile.status);
  segment.ids.push_back(std::move(profile.id));
  rows_.insert(Handle(profession, static_cast<uint32_t>(segment.size() - 1)));
}

bool CandidateColumns::Erase(const std::string& id) {
  auto it = rows_.find(absl::string_view(id));
  if (it == rows_.end()) return false;
  const uint32_t handle = *it;
  RemoveRow(static_cast<int>(handle >> kRowBits), handle & kRowMask);
  return true;
}

// Moves the segment's last row into `row` so that segments stay dense.
void CandidateColumns::RemoveRow(int profession, uint32_t row) {
  Segment& segment = segments_[profession];
  // Handles leave the set while the ids they read are still in place.
  rows_.erase(Handle(profession, row));
  Codes codes{};
  for (int group = 0; group < kCandGroupCount; ++group) codes[group] = segment.codes[group][row];
  Release(codes);
  const size_t last = segment.size() - 1;
  if (row != last) {
    rows_.erase(Handle(profession, static_cast<uint32_t>(last)));
    for (auto& column : segment.codes) column[row] = column[last];
    segment.status[row] = segment.status[last];
    segment.ids[row] = std::move(segment.ids[last]);
    rows_.insert(Handle(profession, row));
  }
  for (auto& column : segment.codes) column.pop_back();
  segment.status.pop_back();
  segment.ids.pop_back();
}

matcher::CandidateProfile CandidateColumns::Decode(int profession, size_t row) const {
  const Segment& segment = segments_[profession];
  matcher::CandidateProfile profile;
  profile.id = segment.ids[row];
  profile.profession = static_cast<matcher::Profession>(profession);
  profile.status = segment.status[row];
  for (int group = 0; group < kCandGroupCount; ++group) {
    Apply(group, segment.codes[group][row], &profile);
  }
  return profile;
}

std::optional<matcher::CandidateProfile> CandidateColumns::Find(const std::string& id) const {
  auto it = rows_.find(absl::string_view(id));
  if (it == rows_.end()) return std::nullopt;
  return Decode(static_cast<int>(*it >> kRowBits), *it & kRowMask);
}

void CandidateColumns::ShrinkToFit() {
  for (Segment& segment : segments_) {
    for (auto& column : segment.codes) column.shrink_to_fit();
    segment.status.shrink_to_fit();
    segment.ids.shrink_to_fit();
  }
}

size_t CandidateColumns::memory_bytes() const {
  size_t bytes = rows_.capacity() * (sizeof(uint32_t) + 1);
  for (const Segment& segment : segments_) {
    for (const auto& column : segment.codes) bytes += column.capacity() * sizeof(uint32_t);
    bytes += segment.status.capacity() * sizeof(matcher::CandidateStatus);
    bytes += segment.ids.capacity() * sizeof(std::string);
    for (const std::string& id : segment.ids) bytes += StringBytes(id);
  }
  bytes += specialty_.table_bytes() + experience_.table_bytes() + settings_.table_bytes() +
           employment_.table_bytes() + dates_.table_bytes() + proximity_.table_bytes() +
           wanted_.table_bytes() + excluded_.table_bytes() + partner_.table_bytes() +
           children_.table_bytes() + housing_.table_bytes() + lifestyle_.table_bytes() +
           workload_.table_bytes() + flags_.table_bytes() + weights_.table_bytes() +
           location_.table_bytes();
  return bytes;
}

}  // namespace matching::index
