// Loading and validating data/aids.json into AidRules.
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "matcher/aids.h"
#include "nlohmann/json.hpp"

namespace matching::matcher {
namespace {

using Json = nlohmann::json;

// Errors read "<origin>: <field path> <problem>".
class Checker {
 public:
  explicit Checker(absl::string_view origin) : origin_(origin) {}

  absl::Status Error(absl::string_view field, absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s %s", origin_, field, problem));
  }
  absl::Status Bad(absl::string_view field, const Json& value, absl::string_view expected) const {
    return Error(field, absl::StrFormat("is %s; expected %s", value.dump(), expected));
  }
  absl::Status Missing(absl::string_view field) const { return Error(field, "is missing"); }

  absl::StatusOr<std::string> String(const Json& object, absl::string_view key,
                                     absl::string_view path, bool required) const {
    const auto it = object.find(key);
    if (it == object.end()) {
      if (required) return Missing(path);
      return std::string();
    }
    if (!it->is_string()) return Bad(path, *it, "a string");
    return it->get<std::string>();
  }

  absl::StatusOr<double> Amount(const Json& value, absl::string_view path) const {
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
      return Bad(path, value, "a finite number >= 0");
    }
    return value.get<double>();
  }

  absl::StatusOr<bool> Bool(const Json& object, absl::string_view key,
                            absl::string_view path) const {
    const auto it = object.find(key);
    if (it == object.end()) return false;
    if (!it->is_boolean()) return Bad(path, *it, "true or false");
    return it->get<bool>();
  }

  absl::StatusOr<absl::CivilDay> Day(const Json& value, absl::string_view path) const {
    absl::CivilDay day;
    if (!value.is_string() || !absl::ParseCivilTime(value.get<std::string>(), &day) ||
        absl::FormatCivilTime(day) != value.get<std::string>()) {
      return Bad(path, value, "a date \"YYYY-MM-DD\"");
    }
    return day;
  }

 private:
  absl::string_view origin_;
};

#define MATCHER_ASSIGN_OR_RETURN(lhs, expr)     \
  auto lhs##_or = (expr);                       \
  if (!lhs##_or.ok()) return lhs##_or.status(); \
  auto lhs = *std::move(lhs##_or)

std::optional<int> ZoneIndex(absl::string_view name) {
  static constexpr std::pair<absl::string_view, ZoneLevel> kNames[] = {
      {"NONE", ZoneLevel::kNone},
      {"ZIP", ZoneLevel::kZip},
      {"ZAC", ZoneLevel::kZac},
      {"VERY_UNDERSERVED", ZoneLevel::kVeryUnderserved},
      {"UNDERSERVED", ZoneLevel::kUnderserved},
      {"INTERMEDIATE", ZoneLevel::kIntermediate},
      {"WELL_SERVED", ZoneLevel::kWellServed},
      {"OVERSERVED", ZoneLevel::kOverserved},
  };
  for (const auto& [known, level] : kNames) {
    if (known == name) return static_cast<int>(level);
  }
  return std::nullopt;
}

std::optional<PracticeSetting> SettingFromName(absl::string_view name) {
  static constexpr std::pair<absl::string_view, PracticeSetting> kNames[] = {
      {"MSP", PracticeSetting::kMsp},
      {"HEALTH_CENTRE", PracticeSetting::kHealthCentre},
      {"GROUP_PRACTICE", PracticeSetting::kGroupPractice},
      {"SOLO_PRACTICE", PracticeSetting::kSoloPractice},
      {"HOSPITAL", PracticeSetting::kHospital},
      {"CARE_HOME", PracticeSetting::kCareHome},
  };
  for (const auto& [known, setting] : kNames) {
    if (known == name) return setting;
  }
  return std::nullopt;
}

std::optional<DoctorSector> SectorFromName(absl::string_view name) {
  if (name == "SECTOR_1") return DoctorSector::kSector1;
  if (name == "SECTOR_2_OPTAM") return DoctorSector::kSector2Optam;
  if (name == "SECTOR_2") return DoctorSector::kSector2;
  if (name == "NOT_CONVENTIONED") return DoctorSector::kNotConventioned;
  return std::nullopt;
}

std::optional<CareerStage> StageFromName(absl::string_view name) {
  if (name == "PRACTISING") return CareerStage::kPractising;
  if (name == "STUDENT") return CareerStage::kStudent;
  if (name == "JUNIOR_DOCTOR") return CareerStage::kJuniorDoctor;
  return std::nullopt;
}

// A JSON array of names, each turned into a value by `from_name`; `expected` describes them.
template <typename T, typename FromName>
absl::Status NameList(const Checker& check, const Json& object, absl::string_view key,
                      const std::string& path, FromName from_name, absl::string_view expected,
                      std::vector<T>& out) {
  const auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  const std::string list_path = absl::StrCat(path, ".", key);
  if (!it->is_array()) return check.Bad(list_path, *it, "an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& name = (*it)[i];
    std::optional<T> value = name.is_string() ? from_name(name.get<std::string>()) : std::nullopt;
    if (!value) return check.Bad(absl::StrFormat("%s[%d]", list_path, i), name, expected);
    out.push_back(*value);
  }
  return absl::OkStatus();
}

std::optional<std::string> CodeFromName(absl::string_view name) {
  if (name.empty() || name.size() > 3) return std::nullopt;
  return std::string(name);
}

std::optional<Profession> ProfessionFromName(absl::string_view name) {
  static constexpr std::pair<absl::string_view, Profession> kNames[] = {
      {"GP", Profession::kGp},
      {"SPECIALIST", Profession::kSpecialist},
      {"NURSE", Profession::kNurse},
      {"ADVANCED_PRACTICE_NURSE", Profession::kAdvancedPracticeNurse},
      {"PHYSIOTHERAPIST", Profession::kPhysiotherapist},
      {"MIDWIFE", Profession::kMidwife},
      {"DENTIST", Profession::kDentist},
      {"PHARMACIST", Profession::kPharmacist},
      {"CARE_AIDE", Profession::kCareAide},
      {"OTHER", Profession::kOther},
  };
  for (const auto& [known, profession] : kNames) {
    if (known == name) return profession;
  }
  return std::nullopt;
}

std::optional<EmploymentMode> EmploymentFromName(absl::string_view name) {
  if (name == "LIBERAL") return EmploymentMode::kLiberal;
  if (name == "SALARIED") return EmploymentMode::kSalaried;
  if (name == "MIXED") return EmploymentMode::kMixed;
  return std::nullopt;
}

absl::Status CheckKeys(const Checker& check, const Json& object, absl::string_view path,
                       std::initializer_list<absl::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (absl::string_view name : allowed) known = known || key == name;
    if (!known) return check.Error(absl::StrFormat("%s.%s", path, key), "is not a known field");
  }
  return absl::OkStatus();
}

absl::Status ParseConditions(const Checker& check, const Json& conditions, const std::string& path,
                             AidRule& rule) {
  if (!conditions.is_object()) return check.Bad(path, conditions, "an object");
  if (absl::Status status =
          CheckKeys(check, conditions, path,
                    {"requires_zfrr", "professions", "first_installation", "employment", "settings",
                     "doctor_sectors", "no_installation_aid_within_10_years", "career_stages",
                     "region_codes", "department_codes"});
      !status.ok()) {
    return status;
  }
  MATCHER_ASSIGN_OR_RETURN(zfrr, check.Bool(conditions, "requires_zfrr", path + ".requires_zfrr"));
  MATCHER_ASSIGN_OR_RETURN(no_aid, check.Bool(conditions, "no_installation_aid_within_10_years",
                                              path + ".no_installation_aid_within_10_years"));
  rule.requires_zfrr = zfrr;
  rule.no_installation_aid_within_10_years = no_aid;
  if (conditions.contains("first_installation")) {
    MATCHER_ASSIGN_OR_RETURN(
        first, check.Bool(conditions, "first_installation", path + ".first_installation"));
    rule.first_installation = first;
  }
  for (absl::Status status : {
           NameList<Profession>(check, conditions, "professions", path, ProfessionFromName,
                                "a profession name such as \"GP\" or \"NURSE\"", rule.professions),
           NameList<EmploymentMode>(check, conditions, "employment", path, EmploymentFromName,
                                    "\"LIBERAL\", \"SALARIED\" or \"MIXED\"", rule.employment),
           NameList<PracticeSetting>(check, conditions, "settings", path, SettingFromName,
                                     "a setting such as \"MSP\" or \"SOLO_PRACTICE\"",
                                     rule.settings),
           NameList<DoctorSector>(
               check, conditions, "doctor_sectors", path, SectorFromName,
               "\"SECTOR_1\", \"SECTOR_2_OPTAM\", \"SECTOR_2\" or \"NOT_CONVENTIONED\"",
               rule.doctor_sectors),
           NameList<CareerStage>(check, conditions, "career_stages", path, StageFromName,
                                 "\"PRACTISING\", \"STUDENT\" or \"JUNIOR_DOCTOR\"",
                                 rule.career_stages),
           NameList<std::string>(check, conditions, "region_codes", path, CodeFromName,
                                 "a region code such as \"44\"", rule.region_codes),
           NameList<std::string>(check, conditions, "department_codes", path, CodeFromName,
                                 "a department code such as \"54\" or \"2A\"",
                                 rule.department_codes),
       }) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ParseReservations(const Checker& check, const Json& json, const std::string& path,
                               AidRule& rule) {
  const auto it = json.find("reservations");
  if (it == json.end()) return absl::OkStatus();
  if (!it->is_array()) return check.Bad(path + ".reservations", *it, "an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string item_path = absl::StrFormat("%s.reservations[%d]", path, i);
    const Json& item = (*it)[i];
    if (!item.is_object()) return check.Bad(item_path, item, "{\"fr\": ..., \"en\": ...}");
    if (absl::Status status = CheckKeys(check, item, item_path, {"fr", "en"}); !status.ok()) {
      return status;
    }
    MATCHER_ASSIGN_OR_RETURN(fr, check.String(item, "fr", item_path + ".fr", true));
    MATCHER_ASSIGN_OR_RETURN(en, check.String(item, "en", item_path + ".en", true));
    if (fr.empty() || en.empty()) return check.Error(item_path, "has an empty text");
    rule.reservations.push_back({fr, en});
  }
  return absl::OkStatus();
}

absl::Status ParseAmounts(const Checker& check, const Json& json, const std::string& path,
                          AidRule& rule) {
  const bool by_zone = json.contains("amount_eur_by_zone");
  if (by_zone == json.contains("amount_eur")) {
    return check.Error(path, "needs exactly one of amount_eur and amount_eur_by_zone");
  }
  if (!by_zone) {
    MATCHER_ASSIGN_OR_RETURN(amount, check.Amount(json["amount_eur"], path + ".amount_eur"));
    // Any level, and none: such a rule (ZFRR) does not depend on the zoning.
    for (auto& zone_amount : rule.amount_eur_by_zone) zone_amount = amount;
    return absl::OkStatus();
  }
  const Json& zones = json["amount_eur_by_zone"];
  const std::string zones_path = path + ".amount_eur_by_zone";
  if (!zones.is_object() || zones.empty()) {
    return check.Bad(zones_path, zones, "an object such as {\"ZIP\": 10000}");
  }
  for (const auto& [zone, value] : zones.items()) {
    const std::string zone_path = zones_path + "." + zone;
    std::optional<int> index = ZoneIndex(zone);
    if (!index) {
      return check.Error(zone_path,
                         "is not a zone level; expected NONE, ZIP, ZAC, VERY_UNDERSERVED, "
                         "UNDERSERVED, INTERMEDIATE, WELL_SERVED or OVERSERVED");
    }
    MATCHER_ASSIGN_OR_RETURN(amount, check.Amount(value, zone_path));
    rule.amount_eur_by_zone[*index] = amount;
  }
  return absl::OkStatus();
}

absl::StatusOr<AidRule> ParseRule(const Checker& check, const Json& json, const std::string& path) {
  if (!json.is_object()) return check.Bad(path, json, "an object");
  if (absl::Status status =
          CheckKeys(check, json, path,
                    {"id", "label", "source", "source_url", "checked_on", "assumption",
                     "reservations", "valid_from", "valid_until", "amount_eur",
                     "amount_eur_by_zone", "conditions", "schedule", "schedule_eur"});
      !status.ok()) {
    return status;
  }
  AidRule rule;
  MATCHER_ASSIGN_OR_RETURN(id, check.String(json, "id", path + ".id", true));
  if (id.empty()) return check.Error(path + ".id", "is empty");
  rule.id = id;
  const auto label = json.find("label");
  if (label == json.end()) return check.Missing(path + ".label");
  if (!label->is_object()) return check.Bad(path + ".label", *label, "{\"fr\": ..., \"en\": ...}");
  MATCHER_ASSIGN_OR_RETURN(fr, check.String(*label, "fr", path + ".label.fr", true));
  MATCHER_ASSIGN_OR_RETURN(en, check.String(*label, "en", path + ".label.en", true));
  MATCHER_ASSIGN_OR_RETURN(source, check.String(json, "source", path + ".source", true));
  MATCHER_ASSIGN_OR_RETURN(assumption,
                           check.String(json, "assumption", path + ".assumption", false));
  MATCHER_ASSIGN_OR_RETURN(url, check.String(json, "source_url", path + ".source_url", false));
  if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    return check.Bad(path + ".source_url", json["source_url"], "an http(s) address");
  }
  rule.label_fr = fr;
  rule.label_en = en;
  rule.source = source;
  rule.source_url = url;
  rule.assumption = assumption;
  if (json.contains("checked_on")) {
    MATCHER_ASSIGN_OR_RETURN(checked, check.Day(json["checked_on"], path + ".checked_on"));
    rule.checked_on = checked;
  }
  if (absl::Status status = ParseReservations(check, json, path, rule); !status.ok()) {
    return status;
  }

  if (!json.contains("valid_from")) return check.Missing(path + ".valid_from");
  MATCHER_ASSIGN_OR_RETURN(from, check.Day(json["valid_from"], path + ".valid_from"));
  rule.valid_from = from;
  if (json.contains("valid_until")) {
    MATCHER_ASSIGN_OR_RETURN(until, check.Day(json["valid_until"], path + ".valid_until"));
    if (until < from) return check.Bad(path + ".valid_until", json["valid_until"], ">= valid_from");
    rule.valid_until = until;
  }
  if (absl::Status status = ParseAmounts(check, json, path, rule); !status.ok()) return status;
  if (json.contains("conditions")) {
    if (absl::Status status =
            ParseConditions(check, json["conditions"], path + ".conditions", rule);
        !status.ok()) {
      return status;
    }
  }
  const bool by_euros = json.contains("schedule_eur");
  if (by_euros == json.contains("schedule")) {
    return check.Error(path, "needs exactly one of schedule and schedule_eur");
  }
  const std::string key = by_euros ? "schedule_eur" : "schedule";
  const Json& schedule = json[key];
  if (!schedule.is_array() || schedule.size() != kAidYears) {
    return check.Bad(path + "." + key, schedule,
                     by_euros ? "an array of 5 yearly amounts" : "an array of 5 yearly shares");
  }
  std::array<double, kAidYears> values{};
  double total = 0;
  for (int year = 0; year < kAidYears; ++year) {
    MATCHER_ASSIGN_OR_RETURN(
        value, check.Amount(schedule[year], absl::StrFormat("%s.%s[%d]", path, key, year)));
    values[year] = value;
    total += value;
  }
  if (!by_euros) {
    rule.schedule = values;
  } else {
    // The amounts say the total; every zone must pay that total, and the shares follow.
    for (int level = 0; level < kZoneLevels; ++level) {
      const std::optional<double>& amount = rule.amount_eur_by_zone[level];
      if (amount && *amount != total) {
        return check.Error(path + ".schedule_eur",
                           absl::StrFormat("sums to %g but the amount of a zone is %g; they "
                                           "must be equal",
                                           total, *amount));
      }
    }
    rule.schedule_eur = values;
    for (int year = 0; year < kAidYears; ++year) {
      rule.schedule[year] = total > 0 ? values[year] / total : 0;
    }
  }
  return rule;
}

}  // namespace

absl::StatusOr<AidRules> AidRules::Parse(absl::string_view json_text, absl::string_view origin) {
  const Checker check(origin);
  Json json;
  try {
    json = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& error) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: not valid JSON: %s", origin, error.what()));
  }
  if (!json.is_object()) return check.Bad("the top level", json, "an object");
  if (absl::Status status =
          CheckKeys(check, json, "(top level)",
                    {"format", "notes", "version", "money_reference_five_year_eur", "rules"});
      !status.ok()) {
    return status;
  }
  AidRules rules;
  MATCHER_ASSIGN_OR_RETURN(version, check.String(json, "version", "version", true));
  rules.version_ = version;
  if (!json.contains("money_reference_five_year_eur")) {
    return check.Missing("money_reference_five_year_eur");
  }
  MATCHER_ASSIGN_OR_RETURN(reference, check.Amount(json["money_reference_five_year_eur"],
                                                   "money_reference_five_year_eur"));
  if (reference <= 0) {
    return check.Bad("money_reference_five_year_eur", json["money_reference_five_year_eur"],
                     "a number > 0");
  }
  rules.money_reference_five_year_eur_ = reference;
  const auto list = json.find("rules");
  if (list == json.end()) return check.Missing("rules");
  if (!list->is_array()) return check.Bad("rules", *list, "an array");
  for (size_t i = 0; i < list->size(); ++i) {
    MATCHER_ASSIGN_OR_RETURN(rule, ParseRule(check, (*list)[i], absl::StrFormat("rules[%d]", i)));
    for (const AidRule& earlier : rules.rules_) {
      if (earlier.id == rule.id) {
        return check.Error(absl::StrFormat("rules[%d].id", i),
                           absl::StrFormat("'%s' is used twice", rule.id));
      }
    }
    rules.rules_.push_back(std::move(rule));
  }
  return rules;
}

absl::StatusOr<AidRules> AidRules::LoadFromFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::NotFoundError(absl::StrFormat("aid rules file '%s' cannot be opened", path));
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    return absl::DataLossError(absl::StrFormat("aid rules file '%s' could not be read", path));
  }
  return Parse(text.str(), path);
}

}  // namespace matching::matcher

#undef MATCHER_ASSIGN_OR_RETURN
