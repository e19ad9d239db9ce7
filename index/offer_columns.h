// OfferColumns: every stored offer, columnar and dictionary-coded (as CandidateColumns).
//
// Groups are what the criteria read of an offer (specialty, setting, employment, start and
// commitment, workload, trial, experience, spouse help, housing months, aid inputs), plus
// the rest of the record so that Decode() is lossless. Rows live in one segment per
// profession; each row also holds its territory's row in MemoryIndex's territory table,
// which the caller gives and owns (the offer's territory_id is not stored here).
//
// Not thread-safe; MemoryIndex serialises writers and readers.
#ifndef MATCHING_INDEX_OFFER_COLUMNS_H_
#define MATCHING_INDEX_OFFER_COLUMNS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "index/candidate_columns.h"
#include "index/dictionary.h"
#include "matcher/types.h"

namespace matching::index {

enum OfferGroup : int {
  kOfferSpecialty = 0,  // specialty
  kOfferSetting,        // setting
  kOfferEmployment,     // employment
  kOfferDates,          // start_date, commitment_years
  kOfferWorkload,       // on_call_per_month, part_time_possible
  kOfferTrial,          // trial_possible, discovery_day
  kOfferExperience,     // min_experience_years
  kOfferSpouse,         // spouse_job_help
  kOfferHousing,        // temporary_housing_months
  kOfferMoney,          // employment, installation_bonus_eur, setting (the aid estimate's inputs)
  kOfferOther,          // positions, part of the support: read by no criterion
  kOfferOrganization,   // organization_id
  kOfferTitle,          // title: read by no criterion, shown with each match
  kOfferGroupCount,
};

class OfferColumns {
 public:
  using Codes = std::array<uint32_t, kOfferGroupCount>;

  struct Segment {
    std::array<std::vector<uint32_t>, kOfferGroupCount> codes;
    std::vector<uint32_t> territory_row;
    std::vector<matcher::OfferStatus> status;
    std::vector<std::string> ids;
    size_t size() const { return ids.size(); }
  };

  // Inserts or replaces the offer with this id; returns the territory row it replaced
  // (for the caller to release), if any.
  std::optional<uint32_t> Put(const matcher::OfferFeatures& offer, uint32_t territory_row);
  // Removes it; returns its territory row, or nullopt when absent.
  std::optional<uint32_t> Erase(const std::string& id);

  // The offer without territory_id, and its territory row.
  std::optional<std::pair<matcher::OfferFeatures, uint32_t>> Find(const std::string& id) const;
  matcher::OfferFeatures Decode(int profession, size_t row) const;
  void Apply(int group, uint32_t code, matcher::OfferFeatures* offer) const;

  const Segment& segment(int profession) const { return segments_[Clamp(profession)]; }
  // Reorders every segment by territory row (then id), so that a scan meets each
  // territory's offers together and reads per-territory memo tables in order. Called after
  // a bulk load; later writes append.
  void SortByTerritory();
  // Rows appended since the last SortByTerritory().
  size_t unsorted() const { return unsorted_; }
  size_t code_limit(int group) const;
  // Changes whenever a code is freed (it may then come back for another value): what is
  // kept across queries by code must be keyed by it.
  uint64_t code_generation() const { return code_generation_; }
  size_t size() const { return rows_.size(); }
  size_t memory_bytes() const;

 private:
  struct Location {
    int profession;
    uint32_t row;
  };
  using Dates = std::pair<int64_t, int>;  // DayKey(start_date), commitment_years
  using Workload = std::pair<int, bool>;
  using Trial = std::pair<bool, bool>;
  using Money = std::tuple<matcher::EmploymentMode, double, matcher::PracticeSetting>;
  // positions, school_enrolment_help, single_contact, premises_provided.
  using Other = std::tuple<int, bool, bool, bool>;

  static int Clamp(int profession) {
    return profession >= 0 && profession < kProfessionSegments ? profession : 0;
  }
  Codes Acquire(const matcher::OfferFeatures& offer);
  void Release(const Codes& codes);

  std::array<Segment, kProfessionSegments> segments_;
  absl::flat_hash_map<std::string, Location> rows_;
  size_t unsorted_ = 0;
  uint64_t code_generation_ = 0;

  Dictionary<std::string> specialty_;
  Dictionary<matcher::PracticeSetting> setting_;
  Dictionary<matcher::EmploymentMode> employment_;
  Dictionary<Dates> dates_;
  Dictionary<Workload> workload_;
  Dictionary<Trial> trial_;
  Dictionary<int> experience_;
  Dictionary<int> spouse_;  // 0 or 1 (std::vector<bool> has no references)
  Dictionary<int> housing_;
  Dictionary<Money> money_;
  Dictionary<Other> other_;
  Dictionary<std::string> organization_;
  Dictionary<std::string> title_;  // titles repeat ("Médecin généraliste"): one copy each
};

}  // namespace matching::index

#endif  // MATCHING_INDEX_OFFER_COLUMNS_H_
