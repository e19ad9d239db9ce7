// Loading and validating data/aids.json into AidRules.
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
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
  if (name == "NONE") return static_cast<int>(Zoning::kNone);
  if (name == "ZAC") return static_cast<int>(Zoning::kZac);
  if (name == "ZIP") return static_cast<int>(Zoning::kZip);
  return std::nullopt;
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
                    {"requires_zfrr", "professions", "first_installation", "employment"});
      !status.ok()) {
    return status;
  }
  MATCHER_ASSIGN_OR_RETURN(zfrr, check.Bool(conditions, "requires_zfrr", path + ".requires_zfrr"));
  MATCHER_ASSIGN_OR_RETURN(
      first, check.Bool(conditions, "first_installation", path + ".first_installation"));
  rule.requires_zfrr = zfrr;
  rule.first_installation_only = first;
  if (const auto it = conditions.find("professions"); it != conditions.end()) {
    if (!it->is_array()) return check.Bad(path + ".professions", *it, "an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& name = (*it)[i];
      std::optional<Profession> profession =
          name.is_string() ? ProfessionFromName(name.get<std::string>()) : std::nullopt;
      if (!profession) {
        return check.Bad(absl::StrFormat("%s.professions[%d]", path, i), name,
                         "a profession name such as \"GP\" or \"NURSE\"");
      }
      rule.professions.push_back(*profession);
    }
  }
  if (const auto it = conditions.find("employment"); it != conditions.end()) {
    if (!it->is_array()) return check.Bad(path + ".employment", *it, "an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& name = (*it)[i];
      std::optional<EmploymentMode> mode =
          name.is_string() ? EmploymentFromName(name.get<std::string>()) : std::nullopt;
      if (!mode) {
        return check.Bad(absl::StrFormat("%s.employment[%d]", path, i), name,
                         "\"LIBERAL\", \"SALARIED\" or \"MIXED\"");
      }
      rule.employment.push_back(*mode);
    }
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
    for (auto& zone_amount : rule.amount_eur_by_zone) zone_amount = amount;
    rule.amount_eur_by_zone[static_cast<int>(Zoning::kUnspecified)] = std::nullopt;
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
    if (!index) return check.Error(zone_path, "is not a zone; expected ZIP, ZAC or NONE");
    MATCHER_ASSIGN_OR_RETURN(amount, check.Amount(value, zone_path));
    rule.amount_eur_by_zone[*index] = amount;
  }
  return absl::OkStatus();
}

absl::StatusOr<AidRule> ParseRule(const Checker& check, const Json& json, const std::string& path) {
  if (!json.is_object()) return check.Bad(path, json, "an object");
  if (absl::Status status =
          CheckKeys(check, json, path,
                    {"id", "label", "source", "assumption", "valid_from", "valid_until",
                     "amount_eur", "amount_eur_by_zone", "conditions", "schedule"});
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
  rule.label_fr = fr;
  rule.label_en = en;
  rule.source = source;
  rule.assumption = assumption;

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
  const auto schedule = json.find("schedule");
  if (schedule == json.end()) return check.Missing(path + ".schedule");
  if (!schedule->is_array() || schedule->size() != kAidYears) {
    return check.Bad(path + ".schedule", *schedule, "an array of 5 yearly shares");
  }
  for (int year = 0; year < kAidYears; ++year) {
    MATCHER_ASSIGN_OR_RETURN(
        share, check.Amount((*schedule)[year], absl::StrFormat("%s.schedule[%d]", path, year)));
    rule.schedule[year] = share;
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
