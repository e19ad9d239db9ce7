// matchctl criteria list.
#include "clients/criteria_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/call.h"
#include "clients/output.h"
#include "matching/v1/matching.grpc.pb.h"

namespace matching::clients {
namespace {

int ListCriteria(const GlobalOptions& global, const std::string& language) {
  auto stub = v1::MatchingService::NewStub(OpenChannel(global));
  grpc::ClientContext context;
  PrepareCall(global, &context, global.timeout_seconds);
  v1::ListCriteriaResponse response;
  grpc::Status status = stub->ListCriteria(&context, v1::ListCriteriaRequest(), &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << ToJson(response) << '\n';
    return 0;
  }
  const bool french = language != "en";
  std::vector<std::vector<std::string>> rows;
  for (const v1::CriterionInfo& c : response.criteria()) {
    rows.push_back({c.name(),
                    c.side() == v1::SIDE_CANDIDATE ? (french ? "candidat" : "candidate")
                                                   : (french ? "territoire" : "territory"),
                    absl::StrFormat("%.1f", c.default_weight()),
                    french ? c.label_fr() : c.label_en(), absl::StrJoin(c.reason_codes(), " ")});
  }
  PrintTable(std::cout,
             french ? std::vector<std::string>{"critère", "côté", "poids", "libellé", "codes"}
                    : std::vector<std::string>{"criterion", "side", "weight", "label", "codes"},
             rows);
  std::cout << '\n';
  rows.clear();
  for (const v1::LimitInfo& limit : response.limits()) {
    rows.push_back(
        {limit.name(), limit.reason_code(), french ? limit.label_fr() : limit.label_en()});
  }
  PrintTable(std::cout,
             french ? std::vector<std::string>{"limite", "code", "libellé"}
                    : std::vector<std::string>{"limit", "code", "label"},
             rows);
  std::cout << (french ? "poids du profil " : "weights of profile ")
            << response.weights_profile_version() << '\n';
  return 0;
}

}  // namespace

void AddCriteriaCommand(CLI::App& app, const std::shared_ptr<GlobalOptions>& global,
                        int* exit_code) {
  CLI::App* criteria =
      app.add_subcommand("criteria", "the ranking's criteria, reason codes and limits");
  criteria->require_subcommand(1);
  auto language = std::make_shared<std::string>("fr");
  CLI::App* list = criteria->add_subcommand(
      "list", "every criterion (side, default weight, label, reason codes) and every limit");
  list->add_option("--language", *language, "fr or en")
      ->check(CLI::IsMember({"fr", "en"}))
      ->capture_default_str();
  list->callback([=] { *exit_code = ListCriteria(*global, *language); });
}

}  // namespace matching::clients
