#include "report/rev_page.hpp"

#include <fmt/format.h>

#include "report/html_page.hpp"
#include "report/svg_chart.hpp"

namespace condnet::report {

namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}"
    "td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #ddd}";

std::string axis_name(int a) { return std::string(1, voxel::kAxisNames[a]); }

// The table of one axis: edge, sub-cubes, overlap, D_eff mean, std, spread, tau mean, std.
std::string axis_table(const solve::RevStudy& study, int a) {
  std::string rows;
  for (const auto& row : study.edges) {
    const auto& r = *row.axes[a];
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        row.edge, row.corners.size(), format_number(row.overlap, 2), format_number(r.mean),
        format_number(r.std), format_number(r.spread, 3),
        r.percolating > 0 ? format_number(r.tau_mean) : "inf",
        r.percolating > 1 ? format_number(r.tau_std) : "-");
  }
  return fmt::format(
      "<table><tr><th>edge</th><th>sub-cubes</th><th>overlap</th><th>D_eff mean</th>"
      "<th>std</th><th>spread</th><th>tau mean</th><th>tau std</th></tr>\n{}</table>\n",
      rows);
}

}  // namespace

std::string rev_page(const solve::RevStudy& study, const std::string& volume) {
  std::vector<Series> means, spreads;
  std::string verdicts, tables;
  double largest = 0;
  for (int a = 0; a < 3; ++a) {
    if (study.edges.empty() || !study.edges.front().axes[a]) continue;
    Series mean{axis_name(a), {}}, spread{axis_name(a), {}};
    for (const auto& row : study.edges) {
      const auto& r = *row.axes[a];
      const auto edge = static_cast<double>(row.edge);
      mean.points.push_back({edge, r.mean, r.mean - r.std, r.mean + r.std});
      spread.points.push_back({edge, r.spread});
      largest = std::max(largest, edge);
    }
    means.push_back(std::move(mean));
    spreads.push_back(std::move(spread));
    verdicts += html_element(
        "li", study.rev[a]
                  ? fmt::format("{}: REV edge {} voxels", axis_name(a), *study.rev[a])
                  : fmt::format("{}: the spread never settles under {} - the volume may be "
                                "smaller than an REV",
                                axis_name(a), study.threshold));
    tables += html_element("h3", "along " + axis_name(a)) + axis_table(study, a);
  }
  if (!study.edges.empty())
    spreads.push_back({"threshold",
                       {{static_cast<double>(study.edges.front().edge), study.threshold},
                        {largest, study.threshold}}});
  ChartOptions mean_chart;
  mean_chart.title = "D_eff over the sub-cubes (mean +- std)";
  mean_chart.x = {"sub-cube edge (voxels)", Scale::log};
  mean_chart.y = {"D_eff", Scale::linear};
  ChartOptions spread_chart;
  spread_chart.title = "relative spread std / mean of D_eff";
  spread_chart.x = {"sub-cube edge (voxels)", Scale::log};
  spread_chart.y = {"std / mean", Scale::log};
  const std::string body =
      html_element("h1", "REV study: " + volume) +
      html_element("p", fmt::format("{} voxels, spacing {}; threshold {} on the relative spread; "
                                    "{:.1f} s",
                                    study.shape.str(), voxel::format_spacing(study.spacing),
                                    study.threshold, study.seconds)) +
      "<ul>\n" + verdicts + "</ul>\n" + scatter_chart(means, mean_chart) +
      line_chart(spreads, spread_chart) + tables;
  return html_page("condnet rev: " + volume, kStyle, body);
}

}  // namespace condnet::report
