// Plain value types the scoring core works on; each mirrors one message of
// proto/matching/v1 so that the server converts proto -> matcher field by field.
//
// Enums carry the same integer values as their proto counterparts, so
// `static_cast<matcher::Profession>(proto.profession())` is the whole conversion.
// Dates are absl::CivilDay; an unset proto date string ("") is std::nullopt.
// These are plain data: no invariants are enforced here (the server validates
// input ranges); the scoring functions tolerate any value without UB.
#ifndef MATCHER_TYPES_H_
#define MATCHER_TYPES_H_

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/time/civil_time.h"

namespace matching::matcher {

// matching.v1.Profession
enum class Profession : int {
  kUnspecified = 0,
  kGp = 1,                     // médecin généraliste
  kSpecialist = 2,             // médecin spécialiste
  kNurse = 3,                  // infirmier(e)
  kAdvancedPracticeNurse = 4,  // IPA
  kPhysiotherapist = 5,        // kinésithérapeute
  kMidwife = 6,                // sage-femme
  kDentist = 7,                // chirurgien-dentiste
  kPharmacist = 8,             // pharmacien
  kCareAide = 9,               // aide-soignant(e)
  kOther = 10,
};

// matching.v1.PracticeSetting
enum class PracticeSetting : int {
  kUnspecified = 0,
  kMsp = 1,            // maison de santé pluriprofessionnelle (team practice)
  kHealthCentre = 2,   // centre de santé (salaried)
  kGroupPractice = 3,  // cabinet de groupe
  kSoloPractice = 4,   // cabinet individuel
  kHospital = 5,
  kCareHome = 6,  // EHPAD
};

// matching.v1.EmploymentMode
enum class EmploymentMode : int {
  kUnspecified = 0,
  kLiberal = 1,
  kSalaried = 2,
  kMixed = 3,
};

// matching.v1.Zoning
enum class Zoning : int {
  kUnspecified = 0,
  kNone = 1,
  kZac = 2,  // zone d'action complémentaire
  kZip = 3,  // zone d'intervention prioritaire
};

// matching.v1.ZoneLevel: one level of a profession's ARS zoning (aids.h ZoneLevelFor()).
enum class ZoneLevel : int {
  kUnspecified = 0,
  kNone = 1,
  kZip = 2,
  kZac = 3,
  kVeryUnderserved = 4,
  kUnderserved = 5,
  kIntermediate = 6,
  kWellServed = 7,
  kOverserved = 8,
};
inline constexpr int kZoneLevels = 9;

// matching.v1.ProfessionZoning
struct ProfessionZoning {
  Profession profession = Profession::kUnspecified;
  ZoneLevel level = ZoneLevel::kUnspecified;
};

// matching.v1.DoctorSector
enum class DoctorSector : int {
  kUnspecified = 0,
  kSector1 = 1,
  kSector2Optam = 2,
  kSector2 = 3,
  kNotConventioned = 4,
};

// matching.v1.CareerStage
enum class CareerStage : int {
  kUnspecified = 0,  // read as practising
  kPractising = 1,
  kStudent = 2,
  kJuniorDoctor = 3,
};

// matching.v1.OfferStatus
enum class OfferStatus : int {
  kUnspecified = 0,  // stored as open
  kOpen = 1,
  kFilled = 2,
  kClosed = 3,
};

// matching.v1.HousingNeed
enum class HousingNeed : int {
  kUnspecified = 0,
  kNone = 1,
  kTemporary = 2,  // somewhere to live on arrival, weeks to months
  kPermanent = 3,  // help to rent or buy
};

// matching.v1.CandidateStatus
enum class CandidateStatus : int {
  kUnspecified = 0,  // stored as active
  kActive = 1,
  kPaused = 2,
  kPlaced = 3,
};

// matching.v1.MetropolisAccess
struct MetropolisAccess {
  std::string metropolis_id;  // "nancy"
  std::string name;           // "Métropole du Grand Nancy"
  double drive_minutes = 0;
  bool estimated = false;  // drive_minutes_estimated: derived from distance, not measured
};

// matching.v1.LatLon, in degrees (WGS84).
struct GeoPoint {
  double lat = 0;
  double lon = 0;
  friend bool operator==(const GeoPoint& a, const GeoPoint& b) {
    return a.lat == b.lat && a.lon == b.lon;
  }
};

// matching.v1.LocalAid: paid once by the commune, department or region.
struct LocalAid {
  std::string label;
  double amount_eur = 0;
};

// One open offer within reach of a territory (TerritoryFeatures::open_offers_nearby).
struct NearbyOffer {
  std::string offer_id;
  double drive_minutes = 0;  // estimated from the distance (matcher/geo.h); 0 = same territory
};

// The catalog's open offers of one profession and specialty within kNearbyReachMinutes of
// a territory (its own included).
struct NearbyOpenings {
  int count = 0;
  std::vector<NearbyOffer> nearest;  // at most kNearbyOffersListed: nearest first, then by id
};

// Minutes (estimated, EstimateDriveMinutes in matcher/geo.h) within which an open offer
// counts as "nearby" for a partner looking for a health post, and how many are named.
inline constexpr double kNearbyReachMinutes = 30;
inline constexpr int kNearbyOffersListed = 3;

// Key of TerritoryFeatures::open_offers_nearby: profession, and specialty ("" = any) as
// stored on the offers.
using NearbyOpeningsKey = std::pair<Profession, std::string>;

// TerritoryFeatures::open_offers_nearby: by profession, then specialty.
//
// The parts live in a Cell that records share: the index that keeps them (see
// index/nearby_openings.h) publishes a new immutable part of one profession for each
// territory within reach of an offer write, without replacing the territory records. So a
// record handed out earlier reads the catalog as it is now, not as it was when it was
// handed out. Readers hold the part they read (Of() returns it shared), so a write never
// changes what a reader is iterating.
// Thread-safe: Cell's methods may be called concurrently; a NearbyOpeningsByKey value is
// a handle (copies share the cell) whose Set/Mutable give the copy a cell of its own first.
class NearbyOpeningsByKey {
 public:
  using BySpecialty = std::map<std::string, NearbyOpenings>;
  using Part = std::shared_ptr<const BySpecialty>;
  static constexpr int kProfessionSlots = 11;  // Profession values 0..10

  class Cell {
   public:
    Part Get(Profession profession) const {
      const int i = static_cast<int>(profession);
      if (i < 0 || i >= kProfessionSlots) return nullptr;
      std::lock_guard<std::mutex> lock(mu_);
      return parts_[i];
    }
    // Replaces one profession's part (null or empty: none).
    void Set(Profession profession, Part part) {
      const int i = static_cast<int>(profession);
      if (i < 0 || i >= kProfessionSlots) return;
      std::shared_ptr<BySpecialty> own =
          part && !part->empty() ? std::make_shared<BySpecialty>(*part) : nullptr;
      std::lock_guard<std::mutex> lock(mu_);
      parts_[i].swap(own);  // the old part is released after the lock
    }
    // Calls edit(BySpecialty&) on one profession's part (created empty when none) under
    // the cell's lock: in place when no reader holds the part, else on a copy that then
    // replaces it (copy on write). A part left empty is dropped.
    template <typename Edit>
    void Update(Profession profession, Edit edit) {
      const int i = static_cast<int>(profession);
      if (i < 0 || i >= kProfessionSlots) return;
      std::shared_ptr<BySpecialty> released;  // freed after the lock
      std::lock_guard<std::mutex> lock(mu_);
      std::shared_ptr<BySpecialty>& part = parts_[i];
      if (part == nullptr) {
        part = std::make_shared<BySpecialty>();
      } else if (part.use_count() != 1) {
        released = std::exchange(part, std::make_shared<BySpecialty>(*part));
      } else {
        // Readers take their reference under the lock, so none can appear now; this
        // fence orders the edit after the last reader's release of its reference.
        std::atomic_thread_fence(std::memory_order_acquire);
      }
      edit(*part);
      if (part->empty()) {
        if (released == nullptr) released = std::move(part);
        part = nullptr;
      }
    }
    std::array<Part, kProfessionSlots> All() const {
      std::array<Part, kProfessionSlots> all;
      std::lock_guard<std::mutex> lock(mu_);
      for (int i = 0; i < kProfessionSlots; ++i) all[i] = parts_[i];
      return all;
    }

   private:
    mutable std::mutex mu_;
    std::array<std::shared_ptr<BySpecialty>, kProfessionSlots> parts_;
  };

  NearbyOpeningsByKey() = default;
  // A handle on a cell that someone else (the index) keeps up to date.
  explicit NearbyOpeningsByKey(std::shared_ptr<Cell> cell) : cell_(std::move(cell)) {}

  // Null when no open offer of that profession is within reach.
  Part Of(Profession profession) const { return cell_ ? cell_->Get(profession) : nullptr; }
  std::optional<NearbyOpenings> Find(const NearbyOpeningsKey& key) const {
    const Part part = Of(key.first);
    if (part == nullptr) return std::nullopt;
    auto it = part->find(key.second);
    if (it == part->end()) return std::nullopt;
    return it->second;
  }
  // The number of keys (profession, specialty) with openings.
  size_t size() const {
    if (!cell_) return 0;
    size_t n = 0;
    for (const Part& part : cell_->All()) n += part ? part->size() : 0;
    return n;
  }
  // Replaces one profession's part (null or empty: none), in a cell of this value's own.
  void Set(Profession profession, Part part) { Own().Set(profession, std::move(part)); }
  // For records built by hand (tests): the openings of `key`, created empty when absent;
  // its profession's part is copied first (parts are shared). Valid until the next call.
  NearbyOpenings& Mutable(const NearbyOpeningsKey& key) {
    const auto profession =
        static_cast<Profession>(std::clamp(static_cast<int>(key.first), 0, kProfessionSlots - 1));
    NearbyOpenings* openings = nullptr;
    Own().Update(profession, [&](BySpecialty& part) { openings = &part[key.second]; });
    return *openings;
  }

 private:
  // A cell no other value shares (copied from the shared one, if any).
  Cell& Own() {
    if (cell_ != nullptr && cell_.use_count() == 1) return *cell_;
    auto own = std::make_shared<Cell>();
    if (cell_) {
      const std::array<Part, kProfessionSlots> parts = cell_->All();
      for (int i = 0; i < kProfessionSlots; ++i) own->Set(static_cast<Profession>(i), parts[i]);
    }
    cell_ = std::move(own);
    return *cell_;
  }

  std::shared_ptr<Cell> cell_;
};

// matching.v1.Territory. Amenity minutes: nullopt = unknown, 0 = in the commune.
struct TerritoryFeatures {
  std::string id;
  std::string name;
  std::string department_code;
  std::string region_code;
  std::string metropolis_id;  // the metropolis the commune belongs to; "" if none
  double lat = 0;
  double lon = 0;
  long long population = 0;
  std::vector<MetropolisAccess> metropolis_access;

  std::optional<int> creche_minutes;
  std::optional<int> primary_school_minutes;
  std::optional<int> college_minutes;
  std::optional<int> lycee_minutes;
  std::optional<double> fibre_coverage;  // share of premises, [0, 1]
  std::optional<int> train_station_minutes;
  std::optional<int> emergency_minutes;
  std::vector<std::string> lifestyle_tags;

  absl::flat_hash_map<std::string, int> job_openings_by_sector;

  bool temporary_housing_available = false;
  std::optional<double> rent_eur_per_m2;

  std::optional<double> apl;               // < 2.5 under-served; national ~4
  std::optional<double> gp_over_60_share;  // [0, 1]

  Zoning zoning = Zoning::kUnspecified;   // deprecated: read as the GP zoning (aids.h)
  std::vector<ProfessionZoning> zonings;  // one level per profession
  bool zfrr = false;
  std::vector<LocalAid> local_aids;

  // Proto field names ("creche_minutes", "apl", ...) whose values are synthetic demo
  // data. Criteria that read one of them are marked synthetic and say so.
  absl::flat_hash_set<std::string> synthetic_fields;

  // Not part of the API record: the index fills it from its catalog of open offers (see
  // index/nearby_openings.h) so that the scoring core reads catalog facts, not a scan.
  // Ordered, so that a profession's entries are contiguous.
  NearbyOpeningsByKey open_offers_nearby;
};

// matching.v1.Offer (the fields that matter for matching).
struct OfferFeatures {
  std::string id;
  std::string territory_id;
  std::string organization_id;
  std::string title;  // read by no criterion; shown with each match (Match.offer_title)
  Profession profession = Profession::kUnspecified;
  std::string specialty;  // lower case by convention; "" = any
  PracticeSetting setting = PracticeSetting::kUnspecified;
  EmploymentMode employment = EmploymentMode::kUnspecified;
  int positions = 0;                         // 0 means 1
  std::optional<absl::CivilDay> start_date;  // nullopt = as soon as possible
  bool part_time_possible = false;
  int on_call_per_month = 0;
  bool trial_possible = false;

  int temporary_housing_months = 0;
  bool spouse_job_help = false;
  bool school_enrolment_help = false;
  bool single_contact = false;
  bool discovery_day = false;
  bool premises_provided = false;
  double installation_bonus_eur = 0;  // paid once by the offer's organisation

  int min_experience_years = 0;
  int commitment_years = 0;

  OfferStatus status = OfferStatus::kUnspecified;
};

// matching.v1.Partner. Absent (std::nullopt in CandidateProfile) = no partner moving.
struct Partner {
  std::string sector;  // "health", "education", "it", ...
  bool needs_job = false;
  bool can_telework = false;
  // A health professional: the profession and specialty sought (spouse_job then counts
  // the catalog's open offers for them, see SeeksHealthPost()).
  Profession profession = Profession::kUnspecified;
  std::string specialty;
};

// A partner who needs a job and has a health profession: their openings are the catalog's.
inline bool SeeksHealthPost(const Partner& partner) {
  return partner.needs_job && partner.profession != Profession::kUnspecified;
}

// matching.v1.Candidate (Household flattened into partner + children_ages).
struct CandidateProfile {
  std::string id;
  Profession profession = Profession::kUnspecified;
  std::string specialty;
  int experience_years = 0;
  std::vector<PracticeSetting> preferred_settings;   // empty = no preference
  std::vector<EmploymentMode> preferred_employment;  // empty = no preference
  std::optional<absl::CivilDay> available_from;      // nullopt = now
  std::optional<absl::CivilDay> available_until;     // nullopt = open-ended
  std::optional<GeoPoint> current_location;          // where it lives now; nullopt = not said
  std::vector<std::string> metropolis_ids;           // any of these
  int max_drive_minutes = 0;                         // 0 = no wish
  std::vector<std::string> wanted_department_codes;
  std::vector<std::string> excluded_department_codes;
  std::optional<Partner> partner;
  std::vector<int> children_ages;
  HousingNeed housing_need = HousingNeed::kUnspecified;
  int housing_months_needed = 0;  // 0 = unspecified
  std::vector<std::string> lifestyle_tags;
  std::optional<int> max_on_call_per_month;
  bool wants_part_time = false;
  bool wants_trial = false;
  bool first_installation = false;
  // Conditions of installation aids (aids.h).
  DoctorSector doctor_sector = DoctorSector::kUnspecified;
  std::optional<bool> installation_aid_within_10_years;  // nullopt = not said
  CareerStage career_stage = CareerStage::kUnspecified;
  // Personal priorities by criterion name: multipliers, see ResolveWeights().
  std::map<std::string, double> weights;
  CandidateStatus status = CandidateStatus::kUnspecified;
  // Consent.given: the household agreed to be shown to recruiters (VisibleToRecruiters()).
  bool consent_given = false;
  // The organisation the household is registered with ("" = none): only that
  // organisation's agencies see it (VisibleToOrganization()).
  std::string registering_organization;
};

// Language of explanation sentences ("fr" is the portals' language).
enum class Language : int { kFrench = 0, kEnglish = 1 };

}  // namespace matching::matcher

#endif  // MATCHER_TYPES_H_
