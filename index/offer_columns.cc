// OfferColumns: coding offers into groups, segments by profession.
#include "index/offer_columns.h"

#include <algorithm>

namespace matching::index {
namespace {

size_t StringBytes(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

}  // namespace

OfferColumns::Codes OfferColumns::Acquire(const matcher::OfferFeatures& o) {
  Codes codes{};
  codes[kOfferSpecialty] = specialty_.Acquire(o.specialty);
  codes[kOfferSetting] = setting_.Acquire(o.setting);
  codes[kOfferEmployment] = employment_.Acquire(o.employment);
  codes[kOfferDates] = dates_.Acquire({DayKey(o.start_date), o.commitment_years});
  codes[kOfferWorkload] = workload_.Acquire({o.on_call_per_month, o.part_time_possible});
  codes[kOfferTrial] = trial_.Acquire({o.trial_possible, o.discovery_day});
  codes[kOfferExperience] = experience_.Acquire(o.min_experience_years);
  codes[kOfferSpouse] = spouse_.Acquire(o.spouse_job_help ? 1 : 0);
  codes[kOfferHousing] = housing_.Acquire(o.temporary_housing_months);
  codes[kOfferMoney] = money_.Acquire({o.employment, o.installation_bonus_eur, o.setting});
  codes[kOfferOther] =
      other_.Acquire({o.positions, o.school_enrolment_help, o.single_contact, o.premises_provided});
  codes[kOfferOrganization] = organization_.Acquire(o.organization_id);
  codes[kOfferTitle] = title_.Acquire(o.title);
  return codes;
}

void OfferColumns::Release(const Codes& codes) {
  // Each dictionary releases its code; any freed code may come back for another value.
  bool freed = specialty_.Release(codes[kOfferSpecialty]);
  freed |= setting_.Release(codes[kOfferSetting]);
  freed |= employment_.Release(codes[kOfferEmployment]);
  freed |= dates_.Release(codes[kOfferDates]);
  freed |= workload_.Release(codes[kOfferWorkload]);
  freed |= trial_.Release(codes[kOfferTrial]);
  freed |= experience_.Release(codes[kOfferExperience]);
  freed |= spouse_.Release(codes[kOfferSpouse]);
  freed |= housing_.Release(codes[kOfferHousing]);
  freed |= money_.Release(codes[kOfferMoney]);
  freed |= other_.Release(codes[kOfferOther]);
  freed |= organization_.Release(codes[kOfferOrganization]);
  freed |= title_.Release(codes[kOfferTitle]);
  if (freed) ++code_generation_;
}

void OfferColumns::Apply(int group, uint32_t code, matcher::OfferFeatures* o) const {
  switch (static_cast<OfferGroup>(group)) {
    case kOfferSpecialty:
      o->specialty = specialty_.value(code);
      return;
    case kOfferSetting:
      o->setting = setting_.value(code);
      return;
    case kOfferEmployment:
      o->employment = employment_.value(code);
      return;
    case kOfferDates:
      o->start_date = FromDayKey(dates_.value(code).first);
      o->commitment_years = dates_.value(code).second;
      return;
    case kOfferWorkload:
      std::tie(o->on_call_per_month, o->part_time_possible) = workload_.value(code);
      return;
    case kOfferTrial:
      std::tie(o->trial_possible, o->discovery_day) = trial_.value(code);
      return;
    case kOfferExperience:
      o->min_experience_years = experience_.value(code);
      return;
    case kOfferSpouse:
      o->spouse_job_help = spouse_.value(code) != 0;
      return;
    case kOfferHousing:
      o->temporary_housing_months = housing_.value(code);
      return;
    case kOfferMoney:
      std::tie(o->employment, o->installation_bonus_eur, o->setting) = money_.value(code);
      return;
    case kOfferOther:
      std::tie(o->positions, o->school_enrolment_help, o->single_contact, o->premises_provided) =
          other_.value(code);
      return;
    case kOfferOrganization:
      o->organization_id = organization_.value(code);
      return;
    case kOfferTitle:
      o->title = title_.value(code);
      return;
    case kOfferGroupCount:
      return;
  }
}

size_t OfferColumns::code_limit(int group) const {
  switch (static_cast<OfferGroup>(group)) {
    case kOfferSpecialty:
      return specialty_.code_limit();
    case kOfferSetting:
      return setting_.code_limit();
    case kOfferEmployment:
      return employment_.code_limit();
    case kOfferDates:
      return dates_.code_limit();
    case kOfferWorkload:
      return workload_.code_limit();
    case kOfferTrial:
      return trial_.code_limit();
    case kOfferExperience:
      return experience_.code_limit();
    case kOfferSpouse:
      return spouse_.code_limit();
    case kOfferHousing:
      return housing_.code_limit();
    case kOfferMoney:
      return money_.code_limit();
    case kOfferOther:
      return other_.code_limit();
    case kOfferOrganization:
      return organization_.code_limit();
    case kOfferTitle:
      return title_.code_limit();
    case kOfferGroupCount:
      break;
  }
  return 0;
}

std::optional<uint32_t> OfferColumns::Put(const matcher::OfferFeatures& offer,
                                          uint32_t territory_row) {
  std::optional<uint32_t> replaced = Erase(offer.id);
  const Codes codes = Acquire(offer);
  const int profession = Clamp(static_cast<int>(offer.profession));
  Segment& segment = segments_[profession];
  for (int group = 0; group < kOfferGroupCount; ++group) {
    segment.codes[group].push_back(codes[group]);
  }
  segment.territory_row.push_back(territory_row);
  ++unsorted_;
  segment.status.push_back(offer.status);
  segment.ids.push_back(offer.id);
  rows_[offer.id] = {profession, static_cast<uint32_t>(segment.size() - 1)};
  return replaced;
}

std::optional<uint32_t> OfferColumns::Erase(const std::string& id) {
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  const Location location = it->second;
  rows_.erase(it);
  Segment& segment = segments_[location.profession];
  const uint32_t row = location.row;
  const uint32_t territory_row = segment.territory_row[row];
  Codes codes{};
  for (int group = 0; group < kOfferGroupCount; ++group) codes[group] = segment.codes[group][row];
  Release(codes);
  const size_t last = segment.size() - 1;
  if (row != last) {
    for (auto& column : segment.codes) column[row] = column[last];
    segment.territory_row[row] = segment.territory_row[last];
    segment.status[row] = segment.status[last];
    segment.ids[row] = std::move(segment.ids[last]);
    rows_[segment.ids[row]].row = row;
  }
  for (auto& column : segment.codes) column.pop_back();
  segment.territory_row.pop_back();
  segment.status.pop_back();
  segment.ids.pop_back();
  return territory_row;
}

matcher::OfferFeatures OfferColumns::Decode(int profession, size_t row) const {
  const Segment& segment = segments_[profession];
  matcher::OfferFeatures offer;
  offer.id = segment.ids[row];
  offer.profession = static_cast<matcher::Profession>(profession);
  offer.status = segment.status[row];
  for (int group = 0; group < kOfferGroupCount; ++group) {
    Apply(group, segment.codes[group][row], &offer);
  }
  return offer;
}

std::optional<std::pair<matcher::OfferFeatures, uint32_t>> OfferColumns::Find(
    const std::string& id) const {
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  const auto [profession, row] = it->second;
  return std::make_pair(Decode(profession, row), segments_[profession].territory_row[row]);
}

void OfferColumns::SortByTerritory() {
  unsorted_ = 0;
  for (int profession = 0; profession < kProfessionSegments; ++profession) {
    Segment& segment = segments_[profession];
    std::vector<uint32_t> order(segment.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&segment](uint32_t a, uint32_t b) {
      if (segment.territory_row[a] != segment.territory_row[b]) {
        return segment.territory_row[a] < segment.territory_row[b];
      }
      return segment.ids[a] < segment.ids[b];
    });
    Segment sorted;
    for (int group = 0; group < kOfferGroupCount; ++group) {
      sorted.codes[group].reserve(order.size());
      for (uint32_t i : order) sorted.codes[group].push_back(segment.codes[group][i]);
    }
    sorted.territory_row.reserve(order.size());
    sorted.status.reserve(order.size());
    sorted.ids.reserve(order.size());
    for (uint32_t i : order) {
      sorted.territory_row.push_back(segment.territory_row[i]);
      sorted.status.push_back(segment.status[i]);
      sorted.ids.push_back(std::move(segment.ids[i]));
    }
    segment = std::move(sorted);
    for (uint32_t row = 0; row < segment.size(); ++row) rows_[segment.ids[row]].row = row;
  }
}

size_t OfferColumns::memory_bytes() const {
  size_t bytes = rows_.capacity() * (sizeof(std::pair<const std::string, Location>) + 1);
  for (const auto& [id, location] : rows_) bytes += StringBytes(id);
  for (const Segment& segment : segments_) {
    for (const auto& column : segment.codes) bytes += column.capacity() * sizeof(uint32_t);
    bytes += segment.territory_row.capacity() * sizeof(uint32_t);
    bytes += segment.status.capacity() * sizeof(matcher::OfferStatus);
    bytes += segment.ids.capacity() * sizeof(std::string);
    for (const std::string& id : segment.ids) bytes += StringBytes(id);
  }
  bytes += specialty_.table_bytes() + setting_.table_bytes() + employment_.table_bytes() +
           dates_.table_bytes() + workload_.table_bytes() + trial_.table_bytes() +
           experience_.table_bytes() + spouse_.table_bytes() + housing_.table_bytes() +
           money_.table_bytes() + other_.table_bytes() + organization_.table_bytes() +
           title_.table_bytes();
  for (uint32_t code = 0; code < organization_.code_limit(); ++code) {
    bytes += StringBytes(organization_.value(code));
  }
  for (uint32_t code = 0; code < title_.code_limit(); ++code) {
    bytes += StringBytes(title_.value(code));
  }
  return bytes;
}

}  // namespace matching::index
