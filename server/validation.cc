// Field-named validation of API records.
#include "server/validation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "index/text_fold.h"
#include "matcher/aids.h"
#include "matcher/specialties.h"
#include "matcher/weights.h"

namespace matching::server {
namespace {

std::string Quote(const std::string& value) {
  constexpr size_t kShown = 80;
  return absl::StrCat("'", CutForReport(value, kShown), "'");
}

template <typename List>
absl::Status CheckListLength(const std::string& field, const List& list) {
  if (list.size() > kMaxListLength) {
    return InvalidField(
        field, absl::StrCat("has ", list.size(), " entries; at most ", kMaxListLength, " allowed"));
  }
  return absl::OkStatus();
}

absl::Status CheckTags(const std::string& field,
                       const google::protobuf::RepeatedPtrField<std::string>& tags) {
  if (absl::Status s = CheckListLength(field, tags); !s.ok()) return s;
  for (int i = 0; i < tags.size(); ++i) {
    const std::string path = absl::StrCat(field, "[", i, "]");
    if (tags[i].empty()) return InvalidField(path, "is empty");
    if (absl::Status s = ValidateText(path, tags[i]); !s.ok()) return s;
  }
  return absl::OkStatus();
}

template <typename IsValid>
absl::Status CheckEnum(const std::string& field, int value, IsValid is_valid, bool required) {
  if (!is_valid(value)) return InvalidField(field, absl::StrCat(value, " is not a known value"));
  if (required && value == 0) return InvalidField(field, "is required (UNSPECIFIED given)");
  return absl::OkStatus();
}

// A specialty the catalog knows (data/specialties.json: ids and synonyms, case and accents
// ignored), or empty; otherwise the error lists close matches.
absl::Status CheckSpecialty(const std::string& field, const std::string& specialty) {
  if (absl::Status s = ValidateText(field, specialty); !s.ok()) return s;
  const matcher::SpecialtyCatalog& catalog = matcher::SpecialtyCatalog::Default();
  if (specialty.empty() || catalog.IndexOf(specialty)) return absl::OkStatus();
  const std::vector<std::string> close = catalog.Suggestions(specialty);
  return InvalidField(
      field, absl::StrCat(Quote(specialty), " is not a known specialty",
                          close.empty() ? std::string(" (see data/specialties.json)")
                                        : absl::StrCat("; did you mean '",
                                                       absl::StrJoin(close, "', '"), "'?")));
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsDepartmentCode(const std::string& code) {
  if (code == "2A" || code == "2B") return true;
  if (!AllDigits(code)) return false;
  const int number = std::stoi(code);
  if (code.size() == 2) return number >= 1 && number <= 95 && number != 20;
  if (code.size() == 3) {
    return (number >= 971 && number <= 978) || number == 984 || (number >= 986 && number <= 989);
  }
  return false;
}

// Optimal string alignment distance (an adjacent transposition costs 1: "nantse"); three
// rows of the dynamic programme.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string Alternatives(const std::vector<std::string>& ids) {
  std::string text;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) absl::StrAppend(&text, i + 1 == ids.size() ? " or " : ", ");
    absl::StrAppend(&text, "'", ids[i], "'");
  }
  return text;
}

// A metropolis id of a territory: known, or any well-formed id when territories may
// introduce metropolises (or nothing is known to check against).
absl::Status CheckTerritoryMetropolis(const std::string& field, const std::string& id,
                                      const MetropolisLookup* metropolises) {
  if (metropolises == nullptr || metropolises->TerritoriesMayIntroduce()) {
    return ValidateId(field, id);
  }
  return ValidateMetropolisId(field, id, *metropolises);
}

// A google.protobuf.Timestamp within 0001-01-01..9999-12-31, nanos in [0, 1e9).
absl::Status ValidateTimestamp(const std::string& field, const google::protobuf::Timestamp& time) {
  constexpr int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
  constexpr int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    return InvalidField(field, absl::StrCat("seconds ", time.seconds(), ", nanos ", time.nanos(),
                                            " is not a valid timestamp"));
  }
  return absl::OkStatus();
}

constexpr double kMaxMinutes = 24 * 60;

#define RETURN_IF_ERROR(expr)          \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (false)

}  // namespace

absl::Status InvalidField(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

std::string CutForReport(absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return std::string(value);
  size_t end = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the character cut in two.
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(value.substr(0, end), "...");
}

absl::Status ValidateRange(const std::string& field, double value, double low, double high) {
  if (!std::isfinite(value) || value < low || value > high) {
    return InvalidField(field, absl::StrFormat("%g is outside [%g, %g]", value, low, high));
  }
  return absl::OkStatus();
}

absl::Status ValidateText(const std::string& field, const std::string& value) {
  if (value.size() > static_cast<size_t>(kMaxTextLength)) {
    return InvalidField(field, absl::StrCat("is ", value.size(), " bytes long; at most ",
                                            kMaxTextLength, " allowed"));
  }
  return absl::OkStatus();
}

absl::Status ValidateLocation(const std::string& field, const v1::LatLon& location) {
  if (absl::Status s = ValidateRange(field + ".lat", location.lat(), -90, 90); !s.ok()) return s;
  return ValidateRange(field + ".lon", location.lon(), -180, 180);
}

absl::Status ValidateId(const std::string& field, const std::string& id) {
  if (id.empty()) return InvalidField(field, "is required");
  if (id.size() > static_cast<size_t>(kMaxIdLength)) {
    return InvalidField(field,
                        absl::StrCat(Quote(id), " is ", id.size(), " characters long; at most ",
                                     kMaxIdLength, " allowed"));
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return InvalidField(field,
                          absl::StrCat(Quote(id), " has a character outside [A-Za-z0-9._:-]"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateDepartmentCode(const std::string& field, const std::string& code) {
  if (!code.empty() && !IsDepartmentCode(code)) {
    return InvalidField(field, absl::StrCat(Quote(code),
                                            " is not a French department code (\"54\", \"2A\", "
                                            "\"971\")"));
  }
  return absl::OkStatus();
}

std::string DepartmentOfCommune(const std::string& code) {
  if (code.size() != 5) return "";
  std::string department;
  if ((code.rfind("2A", 0) == 0 || code.rfind("2B", 0) == 0) &&
      AllDigits(std::string_view(code).substr(2))) {
    department = code.substr(0, 2);
  } else if (AllDigits(code)) {
    department = code.substr(0, code[0] == '9' && (code[1] == '7' || code[1] == '8') ? 3 : 2);
  }
  return IsDepartmentCode(department) ? department : "";
}

std::vector<std::string> CloseMetropolises(const std::string& given,
                                           const std::vector<KnownMetropolis>& known) {
  constexpr size_t kShown = 3;
  constexpr size_t kMinPart = 3;  // shorter text is part of too many names to suggest
  const std::string folded = index::FoldForSearch(given);
  if (folded.empty()) return {};
  std::vector<std::pair<int, std::string>> close;  // (rank, id)
  for (const KnownMetropolis& m : known) {
    const std::string id = index::FoldForSearch(m.id);
    const std::string name = index::FoldForSearch(m.name);
    int rank = -1;
    if (folded == id || folded == name) {
      rank = 0;
    } else if (folded.size() >= kMinPart &&
               (absl::StrContains(id, folded) || absl::StrContains(name, folded) ||
                (id.size() >= kMinPart && absl::StrContains(folded, id)))) {
      rank = 1;
    } else if (EditDistance(folded, id) <= (id.size() <= 5 ? 1u : 2u)) {
      rank = 2;
    }
    if (rank >= 0) close.emplace_back(rank, m.id);
  }
  std::sort(close.begin(), close.end());
  std::vector<std::string> ids;
  for (auto& [rank, id] : close) {
    if (ids.size() == kShown) break;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
  }
  return ids;
}

absl::Status ValidateMetropolisId(const std::string& field, const std::string& id,
                                  const MetropolisLookup& metropolises) {
  if (id.empty()) return InvalidField(field, "is required");
  if (metropolises.IsKnown(id)) return absl::OkStatus();
  // Too long to be an id: no suggestions (their cost grows with the length).
  if (id.size() > static_cast<size_t>(kMaxIdLength)) return ValidateId(field, id);
  const std::vector<std::string> close = CloseMetropolises(id, metropolises.All());
  if (close.empty()) {
    return InvalidField(field, absl::StrCat(Quote(id),
                                            " is not a known metropolis (ListMetropolises, "
                                            "`matchctl metropolis list`, gives them)"));
  }
  return InvalidField(field, absl::StrCat(Quote(id), " is not a known metropolis; did you mean ",
                                          Alternatives(close), "?"));
}

absl::Status ValidateRegionCode(const std::string& field, const std::string& code) {
  static const std::regex kRegion("^[0-9]{2,3}$");
  if (!code.empty() && !std::regex_match(code, kRegion)) {
    return InvalidField(field,
                        absl::StrCat(Quote(code), " is not a region code (\"44\", \"987\")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDate(const std::string& field, const std::string& date) {
  if (date.empty()) return absl::OkStatus();
  static const std::regex kDate("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  absl::CivilDay day;
  if (!std::regex_match(date, kDate) || !absl::ParseCivilTime(date, &day) ||
      absl::FormatCivilTime(day) != date) {
    return InvalidField(field, absl::StrCat(Quote(date), " is not a date (YYYY-MM-DD)"));
  }
  if (day.year() < 1900 || day.year() > 2200) {
    return InvalidField(field, absl::StrCat(Quote(date), " is outside years 1900..2200"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePageSize(int page_size, int* effective) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return InvalidField("page_size",
                        absl::StrCat(page_size, " is outside [0, ", kMaxPageSize, "]"));
  }
  *effective = page_size == 0 ? kDefaultPageSize : page_size;
  return absl::OkStatus();
}

// One entry per profession, each a level of that profession's scale (matcher::ZoneLevelsOf).
absl::Status ValidateZonings(const v1::Territory& t, const std::string& f) {
  RETURN_IF_ERROR(CheckListLength(f + ".zonings", t.zonings()));
  for (int i = 0; i < t.zonings_size(); ++i) {
    const v1::ProfessionZoning& zoning = t.zonings(i);
    const std::string path = absl::StrCat(f, ".zonings[", i, "]");
    RETURN_IF_ERROR(
        CheckEnum(path + ".profession", zoning.profession(), v1::Profession_IsValid, true));
    RETURN_IF_ERROR(CheckEnum(path + ".level", zoning.level(), v1::ZoneLevel_IsValid, true));
    for (int j = 0; j < i; ++j) {
      if (t.zonings(j).profession() == zoning.profession()) {
        return InvalidField(path + ".profession",
                            absl::StrCat(v1::Profession_Name(zoning.profession()),
                                         " appears twice (also zonings[", j, "])"));
      }
    }
    const auto profession = static_cast<matcher::Profession>(zoning.profession());
    const absl::Span<const matcher::ZoneLevel> levels = matcher::ZoneLevelsOf(profession);
    if (std::find(levels.begin(), levels.end(), static_cast<matcher::ZoneLevel>(zoning.level())) ==
        levels.end()) {
      std::vector<std::string> names;
      for (matcher::ZoneLevel level : levels) {
        names.push_back(v1::ZoneLevel_Name(static_cast<int>(level)));
      }
      return InvalidField(
          path + ".level",
          names.empty()
              ? absl::StrCat(v1::ZoneLevel_Name(zoning.level()), " given, but ",
                             v1::Profession_Name(zoning.profession()), " has no zoning here")
              : absl::StrCat(v1::ZoneLevel_Name(zoning.level()), " is not a level of the ",
                             v1::Profession_Name(zoning.profession()), " zoning; expected one of ",
                             absl::StrJoin(names, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateTerritory(const v1::Territory& t, const std::string& f,
                               const MetropolisLookup* metropolises) {
  RETURN_IF_ERROR(ValidateId(f + ".id", t.id()));
  RETURN_IF_ERROR(ValidateText(f + ".name", t.name()));
  RETURN_IF_ERROR(ValidateDepartmentCode(f + ".department_code", t.department_code()));
  if (const std::string commune_department = DepartmentOfCommune(t.id());
      !commune_department.empty() && !t.department_code().empty() &&
      t.department_code() != commune_department) {
    return InvalidField(
        f + ".department_code",
        absl::StrCat(Quote(t.department_code()), " is not the department of commune ",
                     Quote(t.id()), " (its INSEE code says ", Quote(commune_department), ")"));
  }
  RETURN_IF_ERROR(ValidateRegionCode(f + ".region_code", t.region_code()));
  if (t.has_location()) RETURN_IF_ERROR(ValidateLocation(f + ".location", t.location()));
  RETURN_IF_ERROR(ValidateRange(f + ".population", static_cast<double>(t.population()), 0, 1e8));
  if (!t.metropolis_id().empty()) {
    RETURN_IF_ERROR(
        CheckTerritoryMetropolis(f + ".metropolis_id", t.metropolis_id(), metropolises));
  }
  RETURN_IF_ERROR(CheckListLength(f + ".metropolis_access", t.metropolis_access()));
  for (int i = 0; i < t.metropolis_access_size(); ++i) {
    const std::string path = absl::StrCat(f, ".metropolis_access[", i, "]");
    const v1::MetropolisAccess& access = t.metropolis_access(i);
    RETURN_IF_ERROR(
        CheckTerritoryMetropolis(path + ".metropolis_id", access.metropolis_id(), metropolises));
    RETURN_IF_ERROR(ValidateText(path + ".name", access.name()));
    RETURN_IF_ERROR(ValidateRange(path + ".drive_minutes", access.drive_minutes(), 0, kMaxMinutes));
  }
  const struct {
    const char* name;
    bool has;
    int32_t minutes;
  } amenities[] = {
      {"creche_minutes", t.has_creche_minutes(), t.creche_minutes()},
      {"primary_school_minutes", t.has_primary_school_minutes(), t.primary_school_minutes()},
      {"college_minutes", t.has_college_minutes(), t.college_minutes()},
      {"lycee_minutes", t.has_lycee_minutes(), t.lycee_minutes()},
      {"train_station_minutes", t.has_train_station_minutes(), t.train_station_minutes()},
      {"emergency_minutes", t.has_emergency_minutes(), t.emergency_minutes()},
  };
  for (const auto& amenity : amenities) {
    if (amenity.has) {
      RETURN_IF_ERROR(
          ValidateRange(absl::StrCat(f, ".", amenity.name), amenity.minutes, 0, kMaxMinutes));
    }
  }
  if (t.has_fibre_coverage())
    RETURN_IF_ERROR(ValidateRange(f + ".fibre_coverage", t.fibre_coverage(), 0, 1));
  RETURN_IF_ERROR(CheckTags(f + ".lifestyle_tags", t.lifestyle_tags()));
  RETURN_IF_ERROR(CheckListLength(f + ".job_openings_by_sector", t.job_openings_by_sector()));
  for (const auto& [sector, openings] : t.job_openings_by_sector()) {
    const std::string path = absl::StrCat(f, ".job_openings_by_sector[", Quote(sector), "]");
    if (sector.empty())
      return InvalidField(f + ".job_openings_by_sector", "has an empty sector name");
    RETURN_IF_ERROR(ValidateText(path, sector));
    RETURN_IF_ERROR(ValidateRange(path, openings, 0, 1e6));
  }
  if (t.has_rent_eur_per_m2())
    RETURN_IF_ERROR(ValidateRange(f + ".rent_eur_per_m2", t.rent_eur_per_m2(), 0, 1000));
  if (t.has_apl()) RETURN_IF_ERROR(ValidateRange(f + ".apl", t.apl(), 0, 50));
  if (t.has_gp_over_60_share()) {
    RETURN_IF_ERROR(ValidateRange(f + ".gp_over_60_share", t.gp_over_60_share(), 0, 1));
  }
  RETURN_IF_ERROR(CheckEnum(f + ".zoning", t.zoning(), v1::Zoning_IsValid, false));
  RETURN_IF_ERROR(ValidateZonings(t, f));
  RETURN_IF_ERROR(CheckListLength(f + ".local_aids", t.local_aids()));
  for (int i = 0; i < t.local_aids_size(); ++i) {
    const std::string path = absl::StrCat(f, ".local_aids[", i, "]");
    if (t.local_aids(i).label().empty()) return InvalidField(path + ".label", "is required");
    RETURN_IF_ERROR(ValidateText(path + ".label", t.local_aids(i).label()));
    RETURN_IF_ERROR(ValidateRange(path + ".amount_eur", t.local_aids(i).amount_eur(), 0, 1e7));
  }
  RETURN_IF_ERROR(CheckTags(f + ".synthetic_fields", t.synthetic_fields()));
  return absl::OkStatus();
}

absl::Status ValidateOffer(const v1::Offer& o, const std::string& f) {
  RETURN_IF_ERROR(ValidateId(f + ".id", o.id()));
  RETURN_IF_ERROR(ValidateId(f + ".territory_id", o.territory_id()));
  if (!o.organization_id().empty()) {
    RETURN_IF_ERROR(ValidateId(f + ".organization_id", o.organization_id()));
  }
  RETURN_IF_ERROR(ValidateText(f + ".title", o.title()));
  RETURN_IF_ERROR(CheckEnum(f + ".profession", o.profession(), v1::Profession_IsValid, true));
  RETURN_IF_ERROR(CheckSpecialty(f + ".specialty", o.specialty()));
  RETURN_IF_ERROR(CheckEnum(f + ".setting", o.setting(), v1::PracticeSetting_IsValid, false));
  RETURN_IF_ERROR(CheckEnum(f + ".employment", o.employment(), v1::EmploymentMode_IsValid, false));
  RETURN_IF_ERROR(ValidateRange(f + ".positions", o.positions(), 0, 1000));
  RETURN_IF_ERROR(ValidateDate(f + ".start_date", o.start_date()));
  RETURN_IF_ERROR(ValidateRange(f + ".on_call_per_month", o.on_call_per_month(), 0, 31));
  RETURN_IF_ERROR(
      ValidateRange(f + ".temporary_housing_months", o.temporary_housing_months(), 0, 60));
  RETURN_IF_ERROR(ValidateRange(f + ".installation_bonus_eur", o.installation_bonus_eur(), 0, 1e7));
  RETURN_IF_ERROR(ValidateRange(f + ".min_experience_years", o.min_experience_years(), 0, 60));
  RETURN_IF_ERROR(ValidateRange(f + ".commitment_years", o.commitment_years(), 0, 40));
  RETURN_IF_ERROR(CheckEnum(f + ".status", o.status(), v1::OfferStatus_IsValid, false));
  return absl::OkStatus();
}

absl::Status ValidateWeights(const std::string& field,
                             const google::protobuf::Map<std::string, double>& weights) {
  RETURN_IF_ERROR(CheckListLength(field, weights));
  for (const auto& [name, weight] : weights) {
    if (!std::isfinite(weight) || weight < 0 || weight > kMaxWeight) {
      return InvalidField(absl::StrCat(field, "[", Quote(name), "]"),
                          absl::StrFormat("weight is %g; weights must be finite and in [0, %g]",
                                          weight, kMaxWeight));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCandidate(const v1::Candidate& c, const std::string& f,
                               const MetropolisLookup* metropolises) {
  RETURN_IF_ERROR(ValidateId(f + ".id", c.id()));
  RETURN_IF_ERROR(CheckEnum(f + ".profession", c.profession(), v1::Profession_IsValid, true));
  RETURN_IF_ERROR(CheckSpecialty(f + ".specialty", c.specialty()));
  RETURN_IF_ERROR(ValidateRange(f + ".experience_years", c.experience_years(), 0, 60));
  RETURN_IF_ERROR(CheckListLength(f + ".preferred_settings", c.preferred_settings()));
  RETURN_IF_ERROR(CheckListLength(f + ".preferred_employment", c.preferred_employment()));
  for (int i = 0; i < c.preferred_settings_size(); ++i) {
    RETURN_IF_ERROR(CheckEnum(absl::StrCat(f, ".preferred_settings[", i, "]"),
                              c.preferred_settings(i), v1::PracticeSetting_IsValid, true));
  }
  for (int i = 0; i < c.preferred_employment_size(); ++i) {
    RETURN_IF_ERROR(CheckEnum(absl::StrCat(f, ".preferred_employment[", i, "]"),
                              c.preferred_employment(i), v1::EmploymentMode_IsValid, true));
  }
  RETURN_IF_ERROR(ValidateDate(f + ".available_from", c.available_from()));
  RETURN_IF_ERROR(ValidateDate(f + ".available_until", c.available_until()));
  if (!c.available_from().empty() && !c.available_until().empty() &&
      c.available_until() < c.available_from()) {
    return InvalidField(f + ".available_until",
                        absl::StrCat(Quote(c.available_until()), " is before available_from ",
                                     Quote(c.available_from())));
  }
  if (c.has_current_location()) {
    RETURN_IF_ERROR(ValidateLocation(f + ".current_location", c.current_location()));
  }
  RETURN_IF_ERROR(CheckListLength(f + ".metropolis_ids", c.metropolis_ids()));
  for (int i = 0; i < c.metropolis_ids_size(); ++i) {
    const std::string path = absl::StrCat(f, ".metropolis_ids[", i, "]");
    RETURN_IF_ERROR(metropolises == nullptr
                        ? ValidateId(path, c.metropolis_ids(i))
                        : ValidateMetropolisId(path, c.metropolis_ids(i), *metropolises));
  }
  RETURN_IF_ERROR(ValidateRange(f + ".max_drive_minutes", c.max_drive_minutes(), 0, 600));
  for (const auto* list : {&c.wanted_department_codes(), &c.excluded_department_codes()}) {
    const std::string name = list == &c.wanted_department_codes() ? ".wanted_department_codes"
                                                                  : ".excluded_department_codes";
    RETURN_IF_ERROR(CheckListLength(f + name, *list));
    for (int i = 0; i < list->size(); ++i) {
      RETURN_IF_ERROR(ValidateDepartmentCode(absl::StrCat(f, name, "[", i, "]"), (*list)[i]));
    }
  }
  const v1::Household& household = c.household();
  if (household.has_partner()) {
    const v1::Partner& partner = household.partner();
    RETURN_IF_ERROR(ValidateText(f + ".household.partner.sector", partner.sector()));
    RETURN_IF_ERROR(CheckEnum(f + ".household.partner.profession", partner.profession(),
                              v1::Profession_IsValid, false));
    RETURN_IF_ERROR(ValidateText(f + ".household.partner.specialty", partner.specialty()));
    if (!partner.specialty().empty() && partner.profession() == v1::PROFESSION_UNSPECIFIED) {
      return InvalidField(f + ".household.partner.specialty",
                          absl::StrCat("'", partner.specialty(),
                                       "' is given without household.partner.profession"));
    }
  }
  if (household.children_ages_size() > 12) {
    return InvalidField(
        f + ".household.children_ages",
        absl::StrCat("has ", household.children_ages_size(), " entries; at most 12"));
  }
  for (int i = 0; i < household.children_ages_size(); ++i) {
    RETURN_IF_ERROR(ValidateRange(absl::StrCat(f, ".household.children_ages[", i, "]"),
                                  household.children_ages(i), 0, 25));
  }
  RETURN_IF_ERROR(CheckEnum(f + ".housing_need", c.housing_need(), v1::HousingNeed_IsValid, false));
  RETURN_IF_ERROR(ValidateRange(f + ".housing_months_needed", c.housing_months_needed(), 0, 60));
  RETURN_IF_ERROR(CheckTags(f + ".lifestyle_tags", c.lifestyle_tags()));
  if (c.has_max_on_call_per_month()) {
    RETURN_IF_ERROR(ValidateRange(f + ".max_on_call_per_month", c.max_on_call_per_month(), 0, 31));
  }
  RETURN_IF_ERROR(ValidateWeights(f + ".weights", c.weights()));
  if (!c.weights().empty()) {  // personal priorities: known, candidate-side criteria only
    const std::map<std::string, double> personal(c.weights().begin(), c.weights().end());
    absl::StatusOr<matcher::Weights> resolved =
        matcher::ResolveWeights(matcher::DefaultWeights(), {}, personal);
    if (!resolved.ok())
      return InvalidField(f + ".weights", std::string(resolved.status().message()));
  }
  if (c.consent().has_time()) {
    RETURN_IF_ERROR(ValidateTimestamp(f + ".consent.time", c.consent().time()));
  }
  RETURN_IF_ERROR(CheckEnum(f + ".status", c.status(), v1::CandidateStatus_IsValid, false));
  RETURN_IF_ERROR(
      CheckEnum(f + ".doctor_sector", c.doctor_sector(), v1::DoctorSector_IsValid, false));
  const bool doctor =
      c.profession() == v1::PROFESSION_GP || c.profession() == v1::PROFESSION_SPECIALIST;
  if (c.doctor_sector() != v1::DOCTOR_SECTOR_UNSPECIFIED && !doctor) {
    return InvalidField(f + ".doctor_sector",
                        absl::StrCat(v1::DoctorSector_Name(c.doctor_sector()), " given for a ",
                                     v1::Profession_Name(c.profession()),
                                     "; only GP and SPECIALIST have a sector"));
  }
  RETURN_IF_ERROR(CheckEnum(f + ".career_stage", c.career_stage(), v1::CareerStage_IsValid, false));
  if (c.career_stage() == v1::CAREER_STAGE_JUNIOR_DOCTOR && c.profession() != v1::PROFESSION_GP) {
    return InvalidField(
        f + ".career_stage",
        absl::StrCat("CAREER_STAGE_JUNIOR_DOCTOR given for a ", v1::Profession_Name(c.profession()),
                     "; junior doctors (docteurs juniors) are GPs"));
  }
  return absl::OkStatus();
}

}  // namespace matching::server
