// CandidateColumns: every stored candidate profile, columnar and dictionary-coded.
//
// A profile is cut into groups of fields, each group being what one or more criteria read
// (specialty, date window, metropolis wish, family, partner, ...). Each group's value is
// dictionary-coded (dictionary.h): a row holds one 32-bit code per group, the profession
// and the status. Rows live in one segment per profession, each a structure of arrays
// (one code column per group), so that ranking the candidates of one profession is a
// sequential scan of that segment only: the profession prefilter costs nothing.
//
// Lossless: Decode() gives back the profile Put() was given (list order included), which
// is what explanations and event planning read. Scoring reads codes, and memoises each
// criterion per code (index/memory_index_rank.cc): a criterion reads only its own group, so a
// value computed for one code holds for every row with that code.
//
// Not thread-safe; MemoryIndex serialises writers and readers.
#ifndef MATCHING_INDEX_CANDIDATE_COLUMNS_H_
#define MATCHING_INDEX_CANDIDATE_COLUMNS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "index/dictionary.h"
#include "matcher/types.h"

namespace matching::index {

// The groups of a candidate profile, one code column each.
enum CandidateGroup : int {
  kCandSpecialty = 0,  // specialty
  kCandExperience,     // experience_years
  kCandSettings,       // preferred_settings
  kCandEmployment,     // preferred_employment
  kCandDates,          // available_from, available_until
  kCandProximity,      // metropolis_ids, max_drive_minutes
  kCandWanted,         // wanted_department_codes
  kCandExcluded,       // excluded_department_codes
  kCandPartner,        // partner
  kCandChildren,       // children_ages
  kCandHousing,        // housing_need, housing_months_needed
  kCandLifestyle,      // lifestyle_tags
  kCandWorkload,       // max_on_call_per_month, wants_part_time
  kCandFlags,          // wants_trial, first_installation, consent_given, aid conditions,
                       // registering_organization (read by the consent gate)
  kCandWeights,        // weights (personal priorities)
  kCandLocation,       // current_location
  kCandGroupCount,
};

inline constexpr int kProfessionSegments = 11;  // matcher::Profession 0..10

class CandidateColumns {
 public:
  using Codes = std::array<uint32_t, kCandGroupCount>;

  CandidateColumns();
  // Not copyable or movable: the id set's hash reads the columns through `this`.
  CandidateColumns(const CandidateColumns&) = delete;
  CandidateColumns& operator=(const CandidateColumns&) = delete;

  // One profession's rows, structure of arrays; row r of every vector is one candidate.
  struct Segment {
    std::array<std::vector<uint32_t>, kCandGroupCount> codes;
    std::vector<matcher::CandidateStatus> status;  // (enum: 4 bytes)
    std::vector<std::string> ids;
    size_t size() const { return ids.size(); }
  };

  // Inserts or replaces the profile with this id. `known_new`: the caller knows the id is
  // not stored (a bulk load), which saves a lookup.
  void Put(matcher::CandidateProfile profile, bool known_new = false);
  // Room for `count` candidates (a bulk load).
  void Reserve(size_t count) { rows_.reserve(count); }
  // Removes it and forgets the values only it used; false when absent.
  bool Erase(const std::string& id);

  std::optional<matcher::CandidateProfile> Find(const std::string& id) const;
  matcher::CandidateProfile Decode(int profession, size_t row) const;
  // Writes group `group`'s fields of `code` into `profile`, leaving the others alone.
  void Apply(int group, uint32_t code, matcher::CandidateProfile* profile) const;
  // kCandProximity's fields of `code` (metropolis_ids, max_drive_minutes), read in place:
  // the recruiters' drive-limit gate evaluates thousands of codes per query.
  const std::pair<std::vector<std::string>, int>& ProximityOf(uint32_t code) const {
    return proximity_.value(code);
  }

  const Segment& segment(int profession) const { return segments_[Clamp(profession)]; }
  // Gives back the columns' spare capacity (after a bulk load).
  void ShrinkToFit();
  // One past the largest code of `group` (memo tables are indexed by code).
  size_t code_limit(int group) const;
  // The code of the empty personal-weights map, if any row has it.
  std::optional<uint32_t> EmptyWeightsCode() const;
  size_t size() const { return rows_.size(); }
  // Estimated bytes held: columns, ids, the id map and the dictionaries.
  size_t memory_bytes() const;

 private:
  // The id index is a set of 4-byte row handles (profession, row) whose hash and equality
  // read the id from the segment: each id is stored once, in its segment, and the index
  // costs about 10 bytes a candidate instead of a map's ~85.
  static constexpr int kRowBits = 27;
  static constexpr uint32_t kRowMask = (1u << kRowBits) - 1;
  static uint32_t Handle(int profession, uint32_t row) {
    return (static_cast<uint32_t>(profession) << kRowBits) | row;
  }
  const std::string& IdOf(uint32_t handle) const {
    return segments_[handle >> kRowBits].ids[handle & kRowMask];
  }
  struct IdHash {
    using is_transparent = void;
    const CandidateColumns* columns;
    size_t operator()(uint32_t handle) const { return (*this)(columns->IdOf(handle)); }
    size_t operator()(absl::string_view id) const { return absl::Hash<absl::string_view>()(id); }
  };
  struct IdEq {
    using is_transparent = void;
    const CandidateColumns* columns;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, absl::string_view b) const { return columns->IdOf(a) == b; }
    bool operator()(absl::string_view a, uint32_t b) const { return a == columns->IdOf(b); }
  };
  using Dates = std::pair<int64_t, int64_t>;  // DayKey(available_from), DayKey(until)
  using Proximity = std::pair<std::vector<std::string>, int>;
  // present, sector, needs_job, can_telework, profession, specialty
  using PartnerKey = std::tuple<bool, std::string, bool, bool, int, std::string>;
  using Housing = std::pair<matcher::HousingNeed, int>;
  using Workload = std::pair<std::optional<int>, bool>;
  // wants_trial, first_installation, consent, the aid conditions (doctor_sector,
  // installation_aid_within_10_years: -1 unsaid, 0, 1; career_stage), and the registering
  // organisation: a handful of organisations make a handful of codes, so recruiters' gate
  // stays one table per code.
  using Flags = std::tuple<bool, bool, bool, int, int, int, std::string>;
  using Location = std::tuple<bool, double, double>;  // present, lat, lon

  static int Clamp(int profession) {
    return profession >= 0 && profession < kProfessionSegments ? profession : 0;
  }
  Codes Acquire(matcher::CandidateProfile& profile);  // moves the grouped fields out
  void Release(const Codes& codes);
  void RemoveRow(int profession, uint32_t row);

  std::array<Segment, kProfessionSegments> segments_;
  absl::flat_hash_set<uint32_t, IdHash, IdEq> rows_;

  Dictionary<std::string> specialty_;
  Dictionary<int> experience_;
  Dictionary<std::vector<matcher::PracticeSetting>> settings_;
  Dictionary<std::vector<matcher::EmploymentMode>> employment_;
  Dictionary<Dates> dates_;
  Dictionary<Proximity> proximity_;
  Dictionary<std::vector<std::string>> wanted_;
  Dictionary<std::vector<std::string>> excluded_;
  Dictionary<PartnerKey> partner_;
  Dictionary<std::vector<int>> children_;
  Dictionary<Housing> housing_;
  Dictionary<std::vector<std::string>> lifestyle_;
  Dictionary<Workload> workload_;
  Dictionary<Flags> flags_;
  Dictionary<std::map<std::string, double>> weights_;
  // Nearly one value per household (homes are points): ranking reads only the codes of the
  // profession's segment (memory_index_rank.cc).
  Dictionary<Location> location_;
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_CANDIDATE_COLUMNS_H_
