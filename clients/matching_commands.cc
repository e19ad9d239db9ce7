// matchctl rank offers / rank candidates / explain.
#include "clients/matching_commands.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/call.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"
#include "matching/v1/matching.grpc.pb.h"

namespace matching::clients {
namespace {

struct MatchArgs {
  std::string candidate_id;
  std::string offer_id;
  int top_k = 0;
  std::string weights_file;
  std::string language;  // empty: matchctl's --language
  std::string combination;
  std::vector<std::string> departments;
  std::vector<std::string> regions;
  std::vector<std::string> settings;
  int max_drive_minutes = 0;
  int max_per_territory = 0;
  bool scores_only = false;
  bool beyond_limits = false;
  bool joint = false;
  std::string estimate_date;
};

// Builds MatchOptions; errors name the flag or the weights file entry.
bool BuildOptions(const GlobalOptions& global, const MatchArgs& args, v1::MatchOptions* options) {
  options->set_top_k(args.top_k);
  options->set_language(global.language);
  options->set_max_per_territory(args.max_per_territory);
  if (args.scores_only) options->set_detail(v1::MATCH_DETAIL_SCORES);
  options->set_include_beyond_limits(args.beyond_limits);
  options->set_joint(args.joint);
  options->set_estimate_date(args.estimate_date);
  options->mutable_filters()->set_max_drive_minutes(args.max_drive_minutes);
  for (const std::string& d : args.departments) options->mutable_filters()->add_department_codes(d);
  for (const std::string& r : args.regions) options->mutable_filters()->add_region_codes(r);
  for (const std::string& name : args.settings) {
    v1::PracticeSetting setting;
    if (!v1::PracticeSetting_Parse("PRACTICE_SETTING_" + absl::AsciiStrToUpper(name), &setting)) {
      std::cerr << "matchctl: --setting: '" << name
                << "' is not one of MSP, HEALTH_CENTRE, GROUP_PRACTICE, SOLO_PRACTICE, HOSPITAL, "
                   "CARE_HOME\n";
      return false;
    }
    options->mutable_filters()->add_settings(setting);
  }
  if (!args.combination.empty()) {
    v1::Combination combination;
    if (!v1::Combination_Parse("COMBINATION_" + absl::AsciiStrToUpper(args.combination),
                               &combination)) {
      std::cerr << "matchctl: --combination: '" << args.combination
                << "' is not one of HARMONIC, GEOMETRIC, CANDIDATE_ONLY, TERRITORY_ONLY\n";
      return false;
    }
    options->set_combination(combination);
  }
  if (!args.weights_file.empty()) {
    std::ifstream in(args.weights_file);
    nlohmann::json weights = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!in || !weights.is_object()) {
      std::cerr << "matchctl: --weights: '" << args.weights_file
                << "' is not a JSON object of criterion -> weight\n";
      return false;
    }
    for (const auto& [name, value] : weights.items()) {
      if (!value.is_number()) {
        std::cerr << "matchctl: --weights: '" << args.weights_file << "': '" << name
                  << "' is not a number\n";
        return false;
      }
      (*options->mutable_weights())[name] = value.get<double>();
    }
  }
  return true;
}

std::unique_ptr<v1::MatchingService::Stub> Connect(const GlobalOptions& global,
                                                   grpc::ClientContext* context) {
  PrepareCall(global, context, global.timeout_seconds);
  return v1::MatchingService::NewStub(OpenChannel(global));
}

// The options of the call: --language after the command overrides matchctl's.
GlobalOptions WithLanguage(const GlobalOptions& global, const MatchArgs& args) {
  GlobalOptions effective = global;
  if (!args.language.empty()) effective.language = args.language;
  return effective;
}

std::string Fixed(double value, int digits = 3) { return absl::StrFormat("%.*f", digits, value); }
// The limits a pair breaks ("drive_time, specialty"), or "-".
std::string Limits(const GlobalOptions& global, const v1::Match& m) {
  std::string names;
  for (const v1::LimitBreach& limit : m.limits()) {
    names += (names.empty() ? "" : ", ") + limit.limit();
  }
  return names.empty() ? (m.beyond_limits() ? Say(global, "oui", "yes") : "-") : names;
}

std::string Minutes(const v1::Match& m) {
  if (m.drive_minutes() < 0) return "-";
  // "~" marks an estimate from distance (no measured value was imported).
  return absl::StrCat(m.drive_minutes_estimated() ? "~" : "",
                      matcher::FormatMinutes(m.drive_minutes()), " ", m.metropolis_name());
}

// The household's table: the offers, where they are, the drive time and the money. With
// --scores_only the server computes no aid (MATCH_DETAIL_SCORES): the aid columns are left
// out, and the table says so, rather than showing 0.
void PrintOfferRanking(const GlobalOptions& global,
                       const google::protobuf::RepeatedPtrField<v1::Match>& matches,
                       const std::string& version, int64_t considered, bool scores_only) {
  const matcher::Language language = LanguageOf(global);
  // Joint rankings (--joint) pair each offer with one for the partner: shown beside it.
  const bool joint = std::any_of(matches.begin(), matches.end(),
                                 [](const v1::Match& m) { return !m.partner_offer_id().empty(); });
  std::vector<std::vector<std::string>> rows;
  int rank = 0;
  for (const v1::Match& m : matches) {
    std::vector<std::string> row = {
        std::to_string(++rank),
        Fixed(m.score()),
        Fixed(m.candidate_score()),
        Fixed(m.territory_score()),
        m.offer_id(),
        m.territory_name().empty() ? m.territory_id() : m.territory_name(),
        Minutes(m),
        matcher::Euros(m.aid().first_year_eur(), language),
        matcher::Euros(m.aid().five_year_eur(), language),
        Limits(global, m)};
    if (scores_only) row.erase(row.begin() + 7, row.begin() + 9);
    if (joint) {
      row.insert(row.begin() + 5, {m.partner_offer_id(), Fixed(m.partner_score()),
                                   matcher::FormatMinutes(m.partner_drive_minutes_between())});
    }
    rows.push_back(std::move(row));
  }
  const bool fr = IsFrench(global);
  std::vector<std::string> header = fr ? std::vector<std::string>{"rang",
                                                                  "score",
                                                                  "candidat",
                                                                  "territoire",
                                                                  "offre",
                                                                  "lieu",
                                                                  "métropole (~ estimé)",
                                                                  "aides 1re année",
                                                                  "aides sur 5 ans",
                                                                  "hors limites"}
                                       : std::vector<std::string>{"rank",
                                                                  "score",
                                                                  "candidate",
                                                                  "territory",
                                                                  "offer",
                                                                  "place",
                                                                  "metropolis (~ estimated)",
                                                                  "aid year 1",
                                                                  "aid over 5 years",
                                                                  "beyond limits"};
  if (scores_only) header.erase(header.begin() + 7, header.begin() + 9);
  if (joint) {
    const std::vector<std::string> partner =
        fr ? std::vector<std::string>{"offre du conjoint", "score du conjoint", "entre"}
           : std::vector<std::string>{"partner offer", "partner score", "between"};
    header.insert(header.begin() + 5, partner.begin(), partner.end());
  }
  PrintTable(std::cout, header, rows);
  if (fr) {
    std::cout << matches.size() << " sur " << considered << " évaluées ; profil de poids "
              << TerminalText(version) << '\n';
  } else {
    std::cout << matches.size() << " of " << considered << " scored; weights profile "
              << TerminalText(version) << '\n';
  }
  if (scores_only) {
    std::cout << Say(global,
                     "aides non calculées avec --scores_only : `matchctl explain` les donne pour "
                     "une paire\n",
                     "aid not computed with --scores_only: `matchctl explain` gives it for one "
                     "pair\n");
  }
}

// "gp", "specialist cardiology": the profession without its enum prefix, lower case.
std::string ProfessionLabel(const v1::CandidateSummary& s) {
  std::string label = v1::Profession_Name(s.profession());
  if (label.rfind("PROFESSION_", 0) == 0) label = label.substr(11);
  label = absl::AsciiStrToLower(label);
  return s.specialty().empty() ? label : label + " " + s.specialty();
}

// "partner (job, health) + 2 children 7,2", "single", "1 child 4"; in French "conjoint
// (emploi, health) + 2 enfants 7,2".
std::string HouseholdLabel(const GlobalOptions& global, const v1::CandidateSummary& s) {
  const bool fr = IsFrench(global);
  std::string label;
  if (s.has_partner()) {
    label = fr ? "conjoint" : "partner";
    if (s.partner_needs_job() || !s.partner_sector().empty()) {
      label += absl::StrFormat(" (%s%s%s)", s.partner_needs_job() ? (fr ? "emploi" : "job") : "",
                               s.partner_needs_job() && !s.partner_sector().empty() ? ", " : "",
                               s.partner_sector());
    }
  }
  if (s.children_count() > 0) {
    std::string ages;
    for (int age : s.children_ages()) ages += (ages.empty() ? "" : ",") + std::to_string(age);
    const char* children =
        s.children_count() == 1 ? (fr ? "enfant" : "child") : (fr ? "enfants" : "children");
    label += absl::StrFormat("%s%d %s %s", label.empty() ? "" : " + ", s.children_count(), children,
                             ages);
  }
  return label.empty() ? Say(global, "seul(e)", "alone") : label;
}

// "dept 54, 25 km": where the household lives now, against the offer's place.
std::string HomeLabel(const GlobalOptions& global, const v1::CandidateSummary& s) {
  std::string label =
      s.current_department().empty() ? "" : Say(global, "dép. ", "dept ") + s.current_department();
  if (s.home_distance_km() >= 0) {
    label += absl::StrFormat("%s%.0f km", label.empty() ? "" : ", ", s.home_distance_km());
  }
  return label.empty() ? "-" : label;
}

// The recruiter's table: who each household is (Match.candidate_summary) rather than the
// offer's place, which is the same on every row and said once above the table.
void PrintCandidateRanking(const GlobalOptions& global, const v1::RankCandidatesResponse& response,
                           const std::string& offer_id) {
  const bool fr = IsFrench(global);
  const matcher::Language language = LanguageOf(global);
  const auto& matches = response.matches();
  if (!matches.empty()) {
    const v1::Match& first = matches[0];
    std::cout << Say(global, "candidats pour ", "candidates for ") << TerminalText(offer_id) << " ("
              << TerminalText(first.territory_name().empty() ? first.territory_id()
                                                             : first.territory_name())
              << ")\n";
  }
  std::vector<std::vector<std::string>> rows;
  int rank = 0;
  for (const v1::Match& m : matches) {
    const v1::CandidateSummary& s = m.candidate_summary();
    rows.push_back({std::to_string(++rank), Fixed(m.score()), Fixed(m.candidate_score()),
                    Fixed(m.territory_score()), m.candidate_id(), ProfessionLabel(s),
                    std::to_string(s.experience_years()), HouseholdLabel(global, s),
                    s.available_from().empty()
                        ? Say(global, "maintenant", "now")
                        : matcher::FormatIsoDate(s.available_from(), language),
                    HomeLabel(global, s), Limits(global, m)});
  }
  PrintTable(
      std::cout,
      fr ? std::vector<std::string>{"rang", "score", "candidat", "territoire", "id du candidat",
                                    "profession", "expérience (ans)", "foyer", "disponible",
                                    "habite (dép., distance)", "hors limites"}
         : std::vector<std::string>{"rank", "score", "candidate", "territory", "candidate id",
                                    "profession", "experience (years)", "household", "available",
                                    "lives (dept, from the place)", "beyond limits"},
      rows);
  if (fr) {
    std::cout << matches.size() << " sur " << response.considered() << " évalués ; profil de poids "
              << TerminalText(response.weights_profile_version()) << '\n';
  } else {
    std::cout << matches.size() << " of " << response.considered() << " scored; weights profile "
              << TerminalText(response.weights_profile_version()) << '\n';
  }
}

// The aid estimate, line by line with its source, in the language of the explanation.
void PrintAid(const v1::AidEstimate& aid, matcher::Language language) {
  const bool fr = language == matcher::Language::kFrench;
  std::cout << (fr ? "\naides : " : "\naid: ") << matcher::Euros(aid.first_year_eur(), language)
            << (fr ? " la première année, " : " the first year, ")
            << matcher::Euros(aid.five_year_eur(), language)
            << (fr ? " sur cinq ans (estimation" : " over five years (estimate");
  if (!aid.estimate_date().empty()) {
    std::cout << (fr ? " au " : " as of ") << matcher::FormatIsoDate(aid.estimate_date(), language);
  }
  std::cout << ")\n";
  for (const v1::AidLine& line : aid.lines()) {
    std::cout << "  " << TerminalText(line.label()) << (fr ? " : " : ": ")
              << matcher::Euros(line.first_year_eur(), language) << " / "
              << matcher::Euros(line.five_year_eur(), language) << "\n";
    std::cout << "    " << (fr ? "source : " : "source: ") << TerminalText(line.source()) << "\n";
    if (!line.source_url().empty()) {
      std::cout << "    " << TerminalText(line.source_url());
      if (!line.checked_on().empty()) {
        std::cout << (fr ? " (vérifié le " : " (checked on ")
                  << matcher::FormatIsoDate(line.checked_on(), language) << ")";
      }
      std::cout << "\n";
    }
    if (!line.reservations().empty()) {
      std::cout << "    " << TerminalText(line.reservations()) << "\n";
    }
  }
}

void PrintExplanation(const GlobalOptions& global, const v1::Match& m, const std::string& version) {
  const bool fr = IsFrench(global);
  const matcher::Language language = LanguageOf(global);
  std::cout << Say(global, "candidat ", "candidate ") << TerminalText(m.candidate_id())
            << Say(global, "  x  offre ", "  x  offer ") << TerminalText(m.offer_id()) << " ("
            << TerminalText(m.territory_name().empty() ? m.territory_id() : m.territory_name())
            << ")\n";
  if (fr) {
    std::cout << "score " << Fixed(m.score()) << " = combinaison du côté candidat "
              << Fixed(m.candidate_score()) << " et du côté territoire "
              << Fixed(m.territory_score()) << "  (profil de poids " << TerminalText(version)
              << ")\n\n";
  } else {
    std::cout << "score " << Fixed(m.score()) << " = combination of candidate side "
              << Fixed(m.candidate_score()) << " and territory side " << Fixed(m.territory_score())
              << "  (weights profile " << TerminalText(version) << ")\n\n";
  }
  std::vector<std::vector<std::string>> rows;
  bool any_synthetic = false;
  for (const v1::CriterionScore& c : m.criteria()) {
    // The sentence never says "synthetic": the flag is rendered here, once.
    std::string why = c.explanation();
    if (c.synthetic()) {
      why += "  *";
      any_synthetic = true;
    }
    rows.push_back({c.side() == v1::SIDE_CANDIDATE ? Say(global, "candidat", "candidate")
                                                   : Say(global, "territoire", "territory"),
                    c.criterion(), Fixed(c.weight(), 2), Fixed(c.value(), 2),
                    Fixed(c.contribution()), why});
  }
  PrintTable(
      std::cout,
      fr ? std::vector<std::string>{"côté", "critère", "poids", "valeur", "contribution",
                                    "pourquoi"}
         : std::vector<std::string>{"side", "criterion", "weight", "value", "contribution", "why"},
      rows);
  if (any_synthetic) {
    std::cout << "*" << matcher::SyntheticNote(language) << '\n';
  }
  if (m.beyond_limits()) {
    std::cout << Say(global,
                     "\nhors des limites (pas une correspondance ; score plafonné à 0,5) :\n",
                     "\nbeyond the limits (not a match; score capped at 0.5):\n");
    for (const v1::LimitBreach& limit : m.limits()) {
      std::cout << "  " << limit.limit() << (fr ? " : " : ": ") << limit.explanation() << "\n";
    }
  }
  PrintAid(m.aid(), language);
}

int RunRankOffers(const GlobalOptions& caller, const MatchArgs& args) {
  const GlobalOptions global = WithLanguage(caller, args);
  v1::RankOffersRequest request;
  request.set_candidate_id(args.candidate_id);
  if (!BuildOptions(global, args, request.mutable_options())) return 1;
  grpc::ClientContext context;
  auto stub = Connect(global, &context);
  v1::RankOffersResponse response;
  grpc::Status status = stub->RankOffers(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
  } else {
    PrintOfferRanking(global, response.matches(), response.weights_profile_version(),
                      response.considered(), args.scores_only);
  }
  return 0;
}

int RunRankCandidates(const GlobalOptions& caller, const MatchArgs& args) {
  const GlobalOptions global = WithLanguage(caller, args);
  v1::RankCandidatesRequest request;
  request.set_offer_id(args.offer_id);
  if (!BuildOptions(global, args, request.mutable_options())) return 1;
  grpc::ClientContext context;
  auto stub = Connect(global, &context);
  v1::RankCandidatesResponse response;
  grpc::Status status = stub->RankCandidates(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
  } else {
    PrintCandidateRanking(global, response, args.offer_id);
  }
  return 0;
}

int RunExplain(const GlobalOptions& caller, const MatchArgs& args) {
  const GlobalOptions global = WithLanguage(caller, args);
  v1::ExplainMatchRequest request;
  request.set_candidate_id(args.candidate_id);
  request.set_offer_id(args.offer_id);
  if (!BuildOptions(global, args, request.mutable_options())) return 1;
  grpc::ClientContext context;
  auto stub = Connect(global, &context);
  v1::ExplainMatchResponse response;
  grpc::Status status = stub->ExplainMatch(&context, request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
  } else {
    PrintExplanation(global, response.match(), response.weights_profile_version());
  }
  return 0;
}

void AddOptionFlags(CLI::App* command, MatchArgs* args) {
  command->add_option("--top_k", args->top_k, "how many (default 20, at most 1000)");
  command->add_option("--weights", args->weights_file,
                      "JSON file of criterion -> weight overriding the default profile");
  command->add_option("--language", args->language, "fr or en (default: matchctl's --language, fr)")
      ->check(CLI::IsMember({"fr", "en"}));
  command->add_option("--estimate_date", args->estimate_date,
                      "estimate the aids at this date, YYYY-MM-DD (default today)");
  command->add_option("--combination", args->combination,
                      "HARMONIC (default), GEOMETRIC, CANDIDATE_ONLY, TERRITORY_ONLY");
  command->add_option("--department", args->departments, "only these departments (repeatable)");
  command->add_option("--region", args->regions, "only these regions, INSEE codes (repeatable)");
  command->add_option("--setting", args->settings,
                      "only these practice settings: msp, health_centre, group_practice, "
                      "solo_practice, hospital, care_home (repeatable)");
  command->add_option("--max_drive", args->max_drive_minutes,
                      "only places within this many minutes of the candidate's metropolises");
  command->add_option("--max_per_territory", args->max_per_territory,
                      "at most this many results per territory");
  command->add_flag("--joint", args->joint,
                    "rank offers: pairs of posts, one for the household and one for its partner "
                    "(a health professional needing a job) within reach of each other");
  command->add_flag("--beyond_limits", args->beyond_limits,
                    "also rank pairs beyond a limit (drive time, specialty, departments, the "
                    "offer's requirements), after every pair within, marked '!'");
  command->add_flag("--scores_only", args->scores_only,
                    "scores, territory and drive time only, without the criteria and aid lines "
                    "(faster; `matchctl explain` gives one pair's reasons)");
}

}  // namespace

void AddMatchingCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                         int* exit_code) {
  CLI::App* rank = app.add_subcommand("rank", "rank offers for a candidate, or the reverse");
  rank->require_subcommand(1);
  auto offers_args = std::make_shared<MatchArgs>();
  CLI::App* offers = rank->add_subcommand("offers", "the offers that best fit a candidate");
  offers->add_option("--candidate", offers_args->candidate_id, "candidate id")->required();
  AddOptionFlags(offers, offers_args.get());
  offers->callback([=] { *exit_code = RunRankOffers(*global, *offers_args); });

  auto candidates_args = std::make_shared<MatchArgs>();
  CLI::App* candidates =
      rank->add_subcommand("candidates", "the candidates that best fit an offer");
  candidates->add_option("--offer", candidates_args->offer_id, "offer id")->required();
  AddOptionFlags(candidates, candidates_args.get());
  candidates->callback([=] { *exit_code = RunRankCandidates(*global, *candidates_args); });

  auto explain_args = std::make_shared<MatchArgs>();
  CLI::App* explain = app.add_subcommand("explain", "the full breakdown of one pair's score");
  explain->add_option("--candidate", explain_args->candidate_id, "candidate id")->required();
  explain->add_option("--offer", explain_args->offer_id, "offer id")->required();
  AddOptionFlags(explain, explain_args.get());
  explain->callback([=] { *exit_code = RunExplain(*global, *explain_args); });
}

}  // namespace matching::clients
