// matchctl campaign ...: an agency's campaigns from the command line.
#include "clients/campaign_commands.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/call.h"
#include "clients/campaign_report.h"
#include "clients/demo_commands.h"
#include "clients/language.h"
#include "clients/output.h"
#include "clients/untrusted_text.h"
#include "matching/v1/campaign.grpc.pb.h"

namespace matching::clients {
namespace {

struct CampaignArgs {
  std::string campaign_id;
  std::string file;
  std::string name;
  std::vector<std::string> regions;
  std::vector<std::string> departments;
  std::vector<std::string> professions;
  int per_household = 0;
  int per_position = 0;
  std::string mode = "optimal";
  bool joint = false;
  std::string candidate_id;
  std::string offer_id;
  std::string kind;
  std::string out_dir;
  std::string map_file;  // report: the department outline (default: searched in data/)
  int page_size = 0;
};

class CampaignClient {
 public:
  explicit CampaignClient(const GlobalOptions& global)
      : global_(global), stub_(v1::CampaignService::NewStub(OpenChannel(global))) {}
  template <typename Request, typename Response, typename Method>
  grpc::Status Call(Method method, const Request& request, Response* response) {
    grpc::ClientContext context;
    PrepareCall(global_, &context, global_.timeout_seconds);
    return ((*stub_).*method)(&context, request, response);
  }

 private:
  const GlobalOptions& global_;
  std::unique_ptr<v1::CampaignService::Stub> stub_;
};

// "gp" or "PROFESSION_GP" -> PROFESSION_GP.
bool ParseProfessionName(const std::string& text, v1::Profession* profession) {
  std::string name = absl::AsciiStrToUpper(text);
  std::replace(name.begin(), name.end(), '-', '_');
  if (name.rfind("PROFESSION_", 0) != 0) name = "PROFESSION_" + name;
  return v1::Profession_Parse(name, profession) && *profession != v1::PROFESSION_UNSPECIFIED;
}

int BuildCampaign(const CampaignArgs& args, v1::Campaign* campaign) {
  if (!args.file.empty()) {
    std::ifstream in(args.file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "matchctl: cannot read '" << args.file << "'\n";
      return 1;
    }
    auto parsed = google::protobuf::util::JsonStringToMessage(text.str(), campaign);
    if (!parsed.ok()) {
      std::cerr << "matchctl: '" << args.file << "' is not a Campaign in JSON: " << parsed.message()
                << '\n';
      return 1;
    }
  }
  if (!args.campaign_id.empty()) campaign->set_id(args.campaign_id);
  if (!args.name.empty()) campaign->set_name(args.name);
  for (const std::string& r : args.regions) campaign->mutable_scope()->add_region_codes(r);
  for (const std::string& d : args.departments) campaign->mutable_scope()->add_department_codes(d);
  for (const std::string& p : args.professions) {
    v1::Profession profession;
    if (!ParseProfessionName(p, &profession)) {
      std::cerr << "matchctl: --professions: '" << TerminalText(p)
                << "' is not a profession (gp, nurse, ...)\n";
      return 1;
    }
    campaign->mutable_scope()->add_professions(profession);
  }
  if (args.per_household) campaign->set_proposals_per_household(args.per_household);
  if (args.per_position) campaign->set_proposals_per_position(args.per_position);
  if (args.joint) campaign->mutable_options()->set_joint(true);
  if (args.mode == "stable") {
    campaign->set_mode(v1::CAMPAIGN_MODE_STABLE);
  } else if (args.mode == "optimal") {
    if (campaign->mode() == v1::CAMPAIGN_MODE_UNSPECIFIED) {
      campaign->set_mode(v1::CAMPAIGN_MODE_OPTIMAL);
    }
  } else {
    std::cerr << "matchctl: --mode: '" << TerminalText(args.mode)
              << "' is not one of optimal, stable\n";
    return 1;
  }
  return 0;
}

void PrintCampaign(const GlobalOptions& global, const v1::Campaign& c) {
  if (global.json) {
    std::cout << ToJson(c) << '\n';
    return;
  }
  std::cout << absl::StrFormat("campaign %s: %s; %s; %d per household, %d per position; %s",
                               TerminalText(c.id()), TerminalText(c.name()),
                               c.mode() == v1::CAMPAIGN_MODE_STABLE ? "stable" : "optimal",
                               c.proposals_per_household() ? c.proposals_per_household() : 3,
                               c.proposals_per_position() ? c.proposals_per_position() : 5,
                               c.plan().plan_time().empty()
                                   ? std::string("not planned")
                                   : absl::StrCat("planned ", c.plan().plan_time(), ": ",
                                                  c.plan().proposals_size(), " proposals"))
            << (c.outcomes_size() ? absl::StrCat("; ", c.outcomes_size(), " outcomes") : "")
            << '\n';
}

// The plan's figures beside the baseline's (independent top-k rankings).
void PrintSummary(const v1::CampaignPlan& plan) {
  const v1::CampaignFigures& p = plan.figures();
  const v1::CampaignFigures& b = plan.baseline();
  std::cout << absl::StrFormat(
      "%d households, %d posts, %d candidate pairs; %s\n"
      "objective %.3f, upper bound %.3f, gap %.2f %%\n",
      plan.households(), plan.offers(), plan.candidate_pairs(), plan.method(), plan.total_score(),
      plan.upper_bound(), 100 * plan.gap());
  auto row = [](const std::string& name, double plan_value, double baseline_value) {
    return std::vector<std::string>{name, absl::StrFormat("%g", plan_value),
                                    absl::StrFormat("%g", baseline_value)};
  };
  PrintTable(
      std::cout, {"", "campaign", "baseline (own top-k)"},
      {row("proposals", p.proposals(), b.proposals()),
       row("households served", p.households_served(), b.households_served()),
       row("posts reached", p.offers_reached(), b.offers_reached()),
       row("under-served posts reached", p.under_served_offers_reached(),
           b.under_served_offers_reached()),
       row("max proposals per post", p.max_proposals_per_offer(), b.max_proposals_per_offer()),
       row("p95 proposals per post", p.p95_proposals_per_offer(), b.p95_proposals_per_offer()),
       row("posts over capacity", p.offers_over_capacity(), b.offers_over_capacity()),
       row("blocking pairs", p.blocking_pairs(), b.blocking_pairs()),
       {"total score", absl::StrFormat("%.3f", p.total_score()),
        absl::StrFormat("%.3f", b.total_score())}});
  int added = 0, removed = 0;
  for (const v1::CampaignChange& c : plan.changes()) {
    added += c.kind() == v1::CampaignChange::KIND_ADDED;
    removed += c.kind() == v1::CampaignChange::KIND_REMOVED;
  }
  if (added || removed) std::cout << "changes: " << added << " added, " << removed << " removed\n";
}

bool Get(const GlobalOptions& global, const std::string& id, v1::Campaign* campaign,
         int* exit_code) {
  CampaignClient client(global);
  v1::GetCampaignRequest request;
  request.set_id(id);
  grpc::Status status = client.Call(&v1::CampaignService::Stub::GetCampaign, request, campaign);
  if (!status.ok()) *exit_code = Fail(global, status);
  return status.ok();
}

int List(const GlobalOptions& global, const CampaignArgs& args) {
  CampaignClient client(global);
  v1::ListCampaignsRequest request;
  request.set_page_size(args.page_size);
  std::vector<std::vector<std::string>> rows;
  do {
    v1::ListCampaignsResponse response;
    grpc::Status status =
        client.Call(&v1::CampaignService::Stub::ListCampaigns, request, &response);
    if (!status.ok()) return Fail(global, status);
    for (const v1::Campaign& c : response.campaigns()) {
      if (global.json) {
        std::cout << ToJson(c, /*one_line=*/true) << '\n';
        continue;
      }
      rows.push_back({c.id(), c.name(), c.mode() == v1::CAMPAIGN_MODE_STABLE ? "stable" : "optimal",
                      std::to_string(c.plan().proposals_size()), c.plan().plan_time()});
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  if (!global.json) PrintTable(std::cout, {"id", "name", "mode", "proposals", "planned"}, rows);
  return 0;
}

int Plan(const GlobalOptions& global, const CampaignArgs& args) {
  CampaignClient client(global);
  v1::PlanCampaignRequest request;
  request.set_campaign_id(args.campaign_id);
  v1::CampaignPlan plan;
  grpc::Status status = client.Call(&v1::CampaignService::Stub::PlanCampaign, request, &plan);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(plan) << '\n';
  } else {
    PrintSummary(plan);
  }
  return 0;
}

int Outcome(const GlobalOptions& global, const CampaignArgs& args) {
  v1::RecordOutcomeRequest request;
  request.set_campaign_id(args.campaign_id);
  request.mutable_outcome()->set_candidate_id(args.candidate_id);
  request.mutable_outcome()->set_offer_id(args.offer_id);
  const std::map<std::string, v1::OutcomeKind> kinds = {{"declined", v1::OUTCOME_KIND_DECLINED},
                                                        {"met", v1::OUTCOME_KIND_MET},
                                                        {"accepted", v1::OUTCOME_KIND_ACCEPTED},
                                                        {"filled", v1::OUTCOME_KIND_FILLED}};
  auto kind = kinds.find(args.kind);
  if (kind == kinds.end()) {
    std::cerr << "matchctl: --kind: '" << TerminalText(args.kind)
              << "' is not one of declined, met, accepted, filled\n";
    return 1;
  }
  request.mutable_outcome()->set_kind(kind->second);
  CampaignClient client(global);
  v1::Campaign campaign;
  grpc::Status status = client.Call(&v1::CampaignService::Stub::RecordOutcome, request, &campaign);
  if (!status.ok()) return Fail(global, status);
  PrintCampaign(global, campaign);
  return 0;
}

// Where the department outline is: --map, else data/france-departments.svg in the data
// directories matchctl searches. Null with a note (where it looked) when none reads.
std::unique_ptr<DepartmentOutline> ReadOutline(const std::string& explicit_file,
                                               std::string* note) {
  std::string file = explicit_file;
  if (file.empty()) {
    std::vector<std::string> looked;
    file = FindDataFile("france-departments.svg", &looked);
    if (file.empty()) {
      *note = "france-departments.svg not found in " + absl::StrJoin(looked, ", ") +
              " (pass --map FILE)";
      return nullptr;
    }
  }
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    *note = "cannot read '" + file + "'";
    return nullptr;
  }
  absl::StatusOr<DepartmentOutline> outline = ParseDepartmentOutline(text.str());
  if (!outline.ok()) {
    *note = file + ": " + std::string(outline.status().message());
    return nullptr;
  }
  return std::make_unique<DepartmentOutline>(*std::move(outline));
}

// proposals.csv, per_post.csv, per_household.csv, departments.csv and index.html (the figures
// against the baseline, the maps by department, the distribution of applications per post).
int Report(const GlobalOptions& global, const CampaignArgs& args) {
  v1::Campaign campaign;
  int exit_code = 0;
  if (!Get(global, args.campaign_id, &campaign, &exit_code)) return exit_code;
  std::error_code error;
  std::filesystem::create_directories(args.out_dir, error);
  if (error) {
    std::cerr << "matchctl: cannot create '" << args.out_dir << "': " << error.message() << '\n';
    return 1;
  }
  const v1::CampaignPlan& plan = campaign.plan();
  std::ofstream proposals(args.out_dir + "/proposals.csv");
  proposals << "candidate_id,offer_id,score,candidate_score,territory_score,rank_for_household,"
               "rank_for_offer,kept\n";
  // Each household's proposals in its own order (rank_for_household).
  std::map<std::string, std::vector<std::pair<int, std::string>>> per_household;
  for (const v1::CampaignProposal& p : plan.proposals()) {
    proposals << CsvTextCell(p.candidate_id()) << ',' << CsvTextCell(p.offer_id()) << ','
              << absl::StrFormat("%.4f,%.4f,%.4f", p.score(), p.candidate_score(),
                                 p.territory_score())
              << ',' << p.rank_for_household() << ',' << p.rank_for_offer() << ','
              << (p.kept() ? "true" : "false") << '\n';
    per_household[p.candidate_id()].emplace_back(p.rank_for_household(), p.offer_id());
  }
  // Every post in scope, reached or not.
  std::ofstream posts(args.out_dir + "/per_post.csv");
  posts << "offer_id,territory_id,department_code,capacity,proposals,baseline_proposals,"
           "under_served,filled\n";
  for (const v1::CampaignPost& post : plan.posts()) {
    posts << CsvTextCell(post.offer_id()) << ',' << CsvTextCell(post.territory_id()) << ','
          << CsvTextCell(post.department_code()) << ',' << post.capacity() << ','
          << post.proposals() << ',' << post.baseline_proposals() << ','
          << (post.under_served() ? "true" : "false") << ',' << (post.filled() ? "true" : "false")
          << '\n';
  }
  std::ofstream households(args.out_dir + "/per_household.csv");
  households << "candidate_id,proposals,offer_ids\n";
  for (auto& [id, list] : per_household) {
    std::sort(list.begin(), list.end());
    std::vector<std::string> offers;
    for (const auto& [rank, offer] : list) offers.push_back(offer);
    households << CsvTextCell(id) << ',' << list.size() << ','
               << CsvTextCell(absl::StrJoin(offers, " ")) << '\n';
  }
  std::ofstream departments(args.out_dir + "/departments.csv");
  departments << "department_code,posts,reached,baseline_reached,filled,under_served,proposals,"
                 "baseline_proposals\n";
  for (const DepartmentLoad& d : LoadByDepartment(plan)) {
    departments << CsvTextCell(d.code) << ',' << d.posts << ',' << d.reached << ','
                << d.baseline_reached << ',' << d.filled << ',' << d.under_served << ','
                << d.proposals << ',' << d.baseline_proposals << '\n';
  }
  std::string note;
  std::unique_ptr<DepartmentOutline> outline = ReadOutline(args.map_file, &note);
  if (!outline) std::cerr << "matchctl: warning: no map in the report: " << note << '\n';
  std::ofstream html(args.out_dir + "/index.html");
  html << CampaignReportHtml(campaign, outline.get(), note, IsFrench(global));
  if (!proposals || !posts || !households || !departments || !html) {
    std::cerr << "matchctl: cannot write the report in '" << args.out_dir << "'\n";
    return 1;
  }
  std::cout << "wrote " << args.out_dir
            << " (index.html, proposals.csv, per_post.csv, per_household.csv, departments.csv)\n";
  return 0;
}

}  // namespace

void AddCampaignCommands(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                         int* exit_code) {
  CLI::App* campaign = app.add_subcommand(
      "campaign", "campaigns: proposals for a region's households and posts, chosen together");
  campaign->require_subcommand(1);
  auto args = std::make_shared<CampaignArgs>();

  CLI::App* create = campaign->add_subcommand("create", "create a campaign");
  create->add_option("campaign_id", args->campaign_id)->required();
  create->add_option("--file", args->file, "a Campaign in JSON (flags override it)")
      ->check(CLI::ExistingFile);
  create->add_option("--name", args->name, "name");
  create->add_option("--regions", args->regions, "region codes (posts)")->delimiter(',');
  create->add_option("--departments", args->departments, "department codes (posts)")
      ->delimiter(',');
  create->add_option("--professions", args->professions, "gp, nurse, ... (default: all)")
      ->delimiter(',');
  create->add_option("--per_household", args->per_household, "proposals per household (3)");
  create->add_option("--per_position", args->per_position, "proposals per position (5)");
  create->add_option("--mode", args->mode, "optimal (default) or stable");
  create->add_flag("--joint", args->joint,
                   "dual-career households apply for pairs of posts, one for each partner");
  create->callback([=] {
    v1::CreateCampaignRequest request;
    if ((*exit_code = BuildCampaign(*args, request.mutable_campaign())) != 0) return;
    CampaignClient client(*global);
    v1::Campaign stored;
    grpc::Status status = client.Call(&v1::CampaignService::Stub::CreateCampaign, request, &stored);
    if (!status.ok()) {
      *exit_code = Fail(*global, status);
      return;
    }
    PrintCampaign(*global, stored);
  });

  CLI::App* get = campaign->add_subcommand("get", "one campaign");
  get->add_option("campaign_id", args->campaign_id)->required();
  get->callback([=] {
    v1::Campaign c;
    if (Get(*global, args->campaign_id, &c, exit_code)) PrintCampaign(*global, c);
  });

  CLI::App* list = campaign->add_subcommand("list", "every campaign this key may see");
  list->add_option("--page_size", args->page_size, "campaigns per call");
  list->callback([=] { *exit_code = List(*global, *args); });

  CLI::App* remove = campaign->add_subcommand("delete", "delete a campaign, its plan and outcomes");
  remove->add_option("campaign_id", args->campaign_id)->required();
  remove->callback([=] {
    CampaignClient client(*global);
    v1::DeleteCampaignRequest request;
    request.set_id(args->campaign_id);
    v1::DeleteCampaignResponse response;
    grpc::Status status =
        client.Call(&v1::CampaignService::Stub::DeleteCampaign, request, &response);
    *exit_code = status.ok() ? 0 : Fail(*global, status);
    if (status.ok()) std::cout << (response.existed() ? "deleted\n" : "no such campaign\n");
  });

  CLI::App* plan =
      campaign->add_subcommand("plan", "plan (or re-plan) and print the summary vs the baseline");
  plan->add_option("campaign_id", args->campaign_id)->required();
  plan->callback([=] { *exit_code = Plan(*global, *args); });

  CLI::App* outcome = campaign->add_subcommand("outcome", "record what happened to a proposal");
  outcome->add_option("campaign_id", args->campaign_id)->required();
  outcome->add_option("--candidate", args->candidate_id, "household (empty for filled)");
  outcome->add_option("--offer", args->offer_id, "post")->required();
  outcome->add_option("--kind", args->kind, "declined, met, accepted or filled")->required();
  outcome->callback([=] { *exit_code = Outcome(*global, *args); });

  CLI::App* report = campaign->add_subcommand(
      "report",
      "write the plan as CSV (proposals, per post, per household, per department) and an HTML "
      "page: figures against the baseline, maps by department, applications per post");
  report->add_option("campaign_id", args->campaign_id)->required();
  report->add_option("--out", args->out_dir, "output directory")->required();
  report->add_option("--map", args->map_file,
                     "the department outline (default: france-departments.svg in the data "
                     "directory, as demo load finds communes.csv)");
  report->callback([=] { *exit_code = Report(*global, *args); });
}

}  // namespace matching::clients
