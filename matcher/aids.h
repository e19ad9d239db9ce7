// What a candidate would receive in a territory: national aids from dated rules
// (data/aids.json), the territory's local aids and the offer's installation bonus,
// as a first-year amount and a five-year view, line by line.
//
// Amounts change by agreement and decree, so every national amount, condition and
// date lives in the rules file, never in code. The file format is documented in
// data/aids.json itself ("format" key) and checked field by field on load.
#ifndef MATCHER_AIDS_H_
#define MATCHER_AIDS_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "matcher/types.h"

namespace matching::matcher {

// Years covered by the "five-year view" of an aid.
inline constexpr int kAidYears = 5;

// A condition the estimate cannot check, in both languages ("sous réserve de ...").
struct AidReservation {
  std::string fr;
  std::string en;
};

// One national (or regional) rule of data/aids.json.
struct AidRule {
  std::string id;                            // stable, e.g. "installation-doctor-zip-zac"
  std::string label_fr;                      // "Aide à la première installation"
  std::string label_en;                      // "First installation aid"
  std::string source;                        // the legal basis and the pages checked, for people
  std::string source_url;                    // the page the figure was checked against; "" if none
  std::optional<absl::CivilDay> checked_on;  // when a person checked it
  std::string assumption;                    // how an estimate was made ("" for fixed amounts)
  std::vector<AidReservation> reservations;  // conditions not modelled
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_until;  // inclusive; nullopt = still valid
  // Amount per zone level of the candidate's profession (ZoneLevelFor()), indexed by
  // static_cast<int>(ZoneLevel); nullopt = not paid there.
  std::array<std::optional<double>, kZoneLevels> amount_eur_by_zone;
  bool requires_zfrr = false;           // territory must be in a ZFRR
  std::vector<Profession> professions;  // empty = any profession
  // true: the candidate's first installation only; false: any but a first; nullopt: any.
  std::optional<bool> first_installation;
  std::vector<EmploymentMode> employment;  // offer's mode; empty = any
  std::vector<PracticeSetting> settings;   // offer's setting; empty = any
  // Candidate's sector; empty = any. An unspecified sector passes, "sous réserve".
  std::vector<DoctorSector> doctor_sectors;
  // Candidate must not have had an installation aid in 10 years; unsaid passes, "sous réserve".
  bool no_installation_aid_within_10_years = false;
  std::vector<CareerStage> career_stages;     // empty = any; unspecified counts as practising
  std::vector<std::string> region_codes;      // territory's; empty = any
  std::vector<std::string> department_codes;  // territory's; empty = any
  // Share of the amount paid in years 1..5 (e.g. {1,0,0,0,0} for a one-off).
  std::array<double, kAidYears> schedule{};
  // Euros paid in years 1..5 when the file gives them (schedule_eur); then every zone's
  // amount is their sum and the estimate uses these exact figures.
  std::optional<std::array<double, kAidYears>> schedule_eur;
};

// The rules file, validated. Thread-safe: immutable after load; const methods and the
// estimate functions below may be called concurrently.
class AidRules {
 public:
  // Reads and validates `path`. NotFound / InvalidArgument name the file, and for a
  // bad value the field path and value ("rules[1].valid_from is \"2024-13-01\"...").
  [[nodiscard]] static absl::StatusOr<AidRules> LoadFromFile(const std::string& path);
  // Same, from text; `origin` names the text in errors (a path or "<inline>").
  [[nodiscard]] static absl::StatusOr<AidRules> Parse(absl::string_view json_text,
                                                      absl::string_view origin);

  const std::string& version() const { return version_; }
  // Five-year aid total that scores 1 on the "money" criterion (linear below it).
  double money_reference_five_year_eur() const { return money_reference_five_year_eur_; }
  absl::Span<const AidRule> rules() const { return rules_; }

 private:
  std::string version_;
  double money_reference_five_year_eur_ = 1;
  std::vector<AidRule> rules_;
};

// Totals only, computed without allocating (the ranking path).
struct AidTotals {
  double first_year_eur = 0;
  double five_year_eur = 0;
};

struct AidLine {
  std::string label;
  double first_year_eur = 0;
  double five_year_eur = 0;
  std::string source;      // "data/aids.json rule 'x', valid from YYYY-MM-DD; ..."
  std::string source_url;  // "" for local aids and the offer's bonus
  std::string checked_on;  // "YYYY-MM-DD" or ""
  // "sous réserve de ..." (French) or "provided ..." (English); "" when none.
  std::string reservations;
};

struct AidEstimate {
  double first_year_eur = 0;
  double five_year_eur = 0;
  std::vector<AidLine> lines;    // one per paid aid, rules in file order, then local, offer
  absl::CivilDay estimate_date;  // the date the rules were applied at
};

// The territory's zone level for `profession`: its `zonings` entry; else, for GP and
// SPECIALIST, the deprecated single `zoning` (the transition, see territory.proto); for an
// advanced-practice nurse, the nurses' entry; else kUnspecified (no aid by zone).
ZoneLevel ZoneLevelFor(const TerritoryFeatures& territory, Profession profession);

// The zone levels that belong to `profession`'s scale (the validation's list); empty for a
// profession without a zoning. kNone belongs to every non-empty scale.
absl::Span<const ZoneLevel> ZoneLevelsOf(Profession profession);

// True when `rule` applies to this pair on `as_of`: valid on that date, the territory's
// zone level for the candidate's profession has an amount, ZFRR if required, the
// candidate's profession, sector, career stage and ten-year condition fit, first
// installation as required, the offer's employment mode and setting are listed (an
// unspecified mode or setting never satisfies a listed condition), and the territory is in
// a listed region or department.
bool RuleApplies(const AidRule& rule, const CandidateProfile& candidate, const OfferFeatures& offer,
                 const TerritoryFeatures& territory, absl::CivilDay as_of);

// Every applicable rule, every territory local aid (paid once, year 1) and the offer's
// installation bonus (paid once, year 1). Labels in `language`.
AidEstimate EstimateAid(const AidRules& rules, const CandidateProfile& candidate,
                        const OfferFeatures& offer, const TerritoryFeatures& territory,
                        absl::CivilDay as_of, Language language = Language::kFrench);

// The totals of EstimateAid(), computed the same way without building lines.
AidTotals EstimateAidTotals(const AidRules& rules, const CandidateProfile& candidate,
                            const OfferFeatures& offer, const TerritoryFeatures& territory,
                            absl::CivilDay as_of);

}  // namespace matching::matcher

#endif  // MATCHER_AIDS_H_
