#include "clients/campaign_report.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::CampaignPost* AddPost(v1::CampaignPlan* plan, const std::string& id, const std::string& dep,
                          int proposals, int baseline, bool filled = false) {
  v1::CampaignPost* post = plan->add_posts();
  post->set_offer_id(id);
  post->set_department_code(dep);
  post->set_capacity(5);
  post->set_proposals(proposals);
  post->set_baseline_proposals(baseline);
  post->set_filled(filled);
  return post;
}

TEST(CampaignReportTest, ParsesTheShippedOutline) {
  std::ifstream in(std::string(MATCHING_SOURCE_DIR) + "/data/france-departments.svg");
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<DepartmentOutline> outline = ParseDepartmentOutline(text.str());
  ASSERT_TRUE(outline.ok()) << outline.status();
  EXPECT_EQ(outline->view_box, "0 0 613 585");
  ASSERT_EQ(outline->departments.size(), 96u);
  EXPECT_EQ(outline->departments.front().code, "01");
  EXPECT_EQ(outline->departments.front().name, "Ain");
  EXPECT_THAT(outline->departments.front().path, ::testing::StartsWith("m 413.70408,308.36159"));
  int corsica = 0;
  for (const DepartmentShape& d : outline->departments) corsica += d.code == "2A" || d.code == "2B";
  EXPECT_EQ(corsica, 2);
}

TEST(CampaignReportTest, RefusesAnOutlineWithoutViewBoxOrPaths) {
  EXPECT_THAT(
      ParseDepartmentOutline("<svg><path id=\"01\" d=\"m 0,0 z\"/></svg>").status().message(),
      HasSubstr("viewBox"));
  EXPECT_THAT(ParseDepartmentOutline("<svg viewBox=\"0 0 1 1\"></svg>").status().message(),
              HasSubstr("no <path"));
  EXPECT_FALSE(ParseDepartmentOutline("not svg").ok());
}

TEST(CampaignReportTest, GroupsPostsByDepartment) {
  v1::CampaignPlan plan;
  AddPost(&plan, "of-a", "54", 3, 12);
  AddPost(&plan, "of-b", "54", 0, 0, /*filled=*/true);
  AddPost(&plan, "of-c", "55", 5, 0)->set_under_served(true);
  std::vector<DepartmentLoad> loads = LoadByDepartment(plan);
  ASSERT_EQ(loads.size(), 2u);
  EXPECT_EQ(loads[0].code, "54");
  EXPECT_EQ(loads[0].posts, 2);
  EXPECT_EQ(loads[0].reached, 1);
  EXPECT_EQ(loads[0].baseline_reached, 1);
  EXPECT_EQ(loads[0].filled, 1);
  EXPECT_EQ(loads[0].proposals, 3);
  EXPECT_EQ(loads[0].baseline_proposals, 12);
  EXPECT_EQ(loads[1].code, "55");
  EXPECT_EQ(loads[1].under_served, 1);
  EXPECT_EQ(loads[1].baseline_reached, 0);
}

TEST(CampaignReportTest, BinsTheApplicationsPerPost) {
  v1::CampaignPlan plan;
  AddPost(&plan, "of-a", "54", 0, 0);
  AddPost(&plan, "of-b", "54", 5, 6);
  AddPost(&plan, "of-c", "54", 5, 448);
  AddPost(&plan, "of-d", "54", 1, 20);
  std::vector<LoadBin> bins = LoadDistribution(plan);
  std::map<std::string, std::pair<int, int>> got;
  int plan_total = 0, baseline_total = 0;
  for (const LoadBin& b : bins) {
    got[b.label] = {b.plan_posts, b.baseline_posts};
    plan_total += b.plan_posts;
    baseline_total += b.baseline_posts;
  }
  EXPECT_EQ(plan_total, 4);
  EXPECT_EQ(baseline_total, 4);
  EXPECT_EQ(got["0"], std::make_pair(1, 1));
  EXPECT_EQ(got["1"], std::make_pair(1, 0));
  EXPECT_EQ(got["5"], std::make_pair(2, 0));
  EXPECT_EQ(got["6-10"], std::make_pair(0, 1));
  EXPECT_EQ(got["11-20"], std::make_pair(0, 1));
  EXPECT_EQ(got["101+"], std::make_pair(0, 1));
}

TEST(CampaignReportTest, ThePageHasBothMapsTheChartAndEscapesNames) {
  v1::Campaign campaign;
  campaign.set_id("ge-2027");
  campaign.set_name("Grand Est <2027>");
  AddPost(campaign.mutable_plan(), "of-a", "54", 3, 12);
  AddPost(campaign.mutable_plan(), "of-b", "55", 0, 0, true);
  AddPost(campaign.mutable_plan(), "of-c", "971", 1, 2);
  DepartmentOutline outline{"0 0 10 10",
                            {{"54", "Meurthe-et-Moselle", "m 1,1 2,0 0,2 z"},
                             {"55", "Meuse", "m 4,4 2,0 0,2 z"},
                             {"57", "Moselle", "m 7,7 2,0 0,2 z"}}};
  const std::string fr = CampaignReportHtml(campaign, &outline, "", true);
  EXPECT_THAT(fr, HasSubstr("<html lang=fr>"));
  EXPECT_THAT(fr, HasSubstr("Grand Est &lt;2027&gt;"));
  EXPECT_THAT(fr, Not(HasSubstr("<2027>")));
  EXPECT_THAT(fr, HasSubstr("id=\"map-reached\""));
  EXPECT_THAT(fr, HasSubstr("id=\"map-filled\""));
  // 54: 1 of 1 reached (all: the darkest shade); 55: none reached, 1 filled; 57: no post.
  EXPECT_THAT(fr, HasSubstr("data-department=\"54\" data-posts=\"1\" data-value=\"1\" "
                            "fill=\"#1f5f9f\""));
  EXPECT_THAT(fr, HasSubstr("data-department=\"55\" data-posts=\"1\" data-value=\"0\" "
                            "fill=\"#f3d9d4\""));
  EXPECT_THAT(fr, HasSubstr("data-department=\"55\" data-posts=\"1\" data-value=\"1\" "
                            "fill=\"#1f5f9f\""));
  EXPECT_THAT(fr, HasSubstr("data-department=\"57\" data-posts=\"0\" data-value=\"0\" "
                            "fill=\"#eef1f5\""));
  EXPECT_THAT(fr, HasSubstr("Hors carte (outre-mer), voir le tableau : 971"));
  EXPECT_THAT(fr, HasSubstr("<rect class=\"bar plan\" data-series=plan data-bin=\"3\" "
                            "data-count=1"));
  EXPECT_THAT(fr, HasSubstr("<rect class=\"bar baseline\" data-series=baseline data-bin=\"11-20\" "
                            "data-count=1"));
  const std::string en =
      CampaignReportHtml(campaign, nullptr, "france-departments.svg not found", false);
  EXPECT_THAT(en, HasSubstr("<html lang=en>"));
  EXPECT_THAT(en, HasSubstr("No map: france-departments.svg not found"));
  EXPECT_THAT(en, Not(HasSubstr("<svg id=\"map-")));
  EXPECT_THAT(en, HasSubstr("<tr data-department=\"54\"><td>54</td><td>1</td><td>1</td>"));
}

// The shades by share of posts reached: a third at most, two thirds at most (2 of 3 exactly),
// more, all.
TEST(CampaignReportTest, ShadesByExactThirds) {
  v1::Campaign campaign;
  v1::CampaignPlan* plan = campaign.mutable_plan();
  const std::pair<const char*, std::vector<int>> departments[] = {
      {"54", {1, 0, 0}}, {"55", {1, 1, 0}}, {"57", {1, 1, 1, 0}}};
  for (const auto& [code, loads] : departments) {
    int i = 0;
    for (int n : loads) AddPost(plan, absl::StrCat("of-", code, "-", i++), code, n, 0);
  }
  DepartmentOutline outline{
      "0 0 10 10",
      {{"54", "", "m 1,1 1,0 z"}, {"55", "", "m 2,2 1,0 z"}, {"57", "", "m 3,3 1,0 z"}}};
  const std::string html = CampaignReportHtml(campaign, &outline, "", true);
  EXPECT_THAT(html, HasSubstr("data-department=\"54\" data-posts=\"3\" data-value=\"1\" "
                              "fill=\"#cfe0f1\""));
  EXPECT_THAT(html, HasSubstr("data-department=\"55\" data-posts=\"3\" data-value=\"2\" "
                              "fill=\"#9ec2e6\""));
  EXPECT_THAT(html, HasSubstr("data-department=\"57\" data-posts=\"4\" data-value=\"3\" "
                              "fill=\"#5b9bd5\""));
}

}  // namespace
}  // namespace matching::clients
