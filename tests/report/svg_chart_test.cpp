// SVG chart primitives: well-formed XML (parsed by python3), points placed where the labelled
// ticks say, log axes that skip what they cannot show, escaped text, degenerate data.
#include "report/svg_chart.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "svg_probe.hpp"
#include "test_paths.hpp"

namespace condnet::test {

namespace {

using report::Scale;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The pixel of `value` implied by the first and last labelled ticks of an axis.
double pixel_from_ticks(const nlohmann::json& ticks, double value, Scale scale) {
  const auto f = [scale](double v) { return scale == Scale::log ? std::log10(v) : v; };
  const double v0 = ticks.front()[0], p0 = ticks.front()[1];
  const double v1 = ticks.back()[0], p1 = ticks.back()[1];
  return p0 + (f(value) - f(v0)) / (f(v1) - f(v0)) * (p1 - p0);
}

// Every tick lies on the map its first and last ticks define: evenly spaced in value or log.
void expect_consistent_ticks(const nlohmann::json& ticks, Scale scale) {
  ASSERT_GE(ticks.size(), 2u);
  for (const auto& tick : ticks)
    EXPECT_NEAR(tick[1].get<double>(), pixel_from_ticks(ticks, tick[0], scale), 0.02) << tick;
}

void expect_point_at(const nlohmann::json& probe, double x, double y, Scale x_scale,
                     Scale y_scale) {
  const double cx = pixel_from_ticks(probe["ticks_x"], x, x_scale);
  const double cy = pixel_from_ticks(probe["ticks_y"], y, y_scale);
  bool found = false;
  for (const auto& c : probe["circles"])
    found |=
        std::abs(c["cx"].get<double>() - cx) < 0.05 && std::abs(c["cy"].get<double>() - cy) < 0.05;
  EXPECT_TRUE(found) << "no circle at (" << cx << ", " << cy << ") for (" << x << ", " << y
                     << "): " << probe["circles"];
}

}  // namespace

TEST(SvgChart, ScatterPointsLandWhereTheLinearTicksSay) {
  const auto dir = scratch_dir("svg_scatter_linear");
  const std::vector<report::Series> series = {{"fibres", {{0.1, 0.12}, {0.35, 0.3}, {0.9, 0.95}}},
                                              {"spheres", {{0.5, 0.45}}}};
  const auto probe = probe_svg(
      report::scatter_chart(series, {"parity", {"true", Scale::linear}, {"pred", Scale::linear}}),
      dir, "linear");
  expect_consistent_ticks(probe["ticks_x"], Scale::linear);
  expect_consistent_ticks(probe["ticks_y"], Scale::linear);
  ASSERT_EQ(probe["circles"].size(), 4u);
  for (const auto& s : series)
    for (const auto& p : s.points) expect_point_at(probe, p.x, p.y, Scale::linear, Scale::linear);
  EXPECT_EQ(probe["series"], nlohmann::json({"fibres", "spheres"}));
}

// A point's interval is a vertical line through it from y_lo to y_hi, inside the axis range;
// points without one, or with an interval that cannot be drawn, have none.
TEST(SvgChart, ScatterIntervalsSpanTheirValues) {
  const auto dir = scratch_dir("svg_scatter_intervals");
  const std::vector<report::Series> series = {
      {"a", {{0.2, 0.25, 0.1, 0.4}, {0.5, 0.5}, {0.6, 0.55, kNaN, 0.7}}},
      {"b", {{0.8, 0.82, 0.7, 1.3}}}};
  const auto probe = probe_svg(
      report::scatter_chart(series, {"parity", {"true", Scale::linear}, {"pred", Scale::linear}}),
      dir, "intervals");
  ASSERT_EQ(probe["intervals"].size(), 2u) << probe["intervals"];
  const std::vector<report::Point> with = {series[0].points[0], series[1].points[0]};
  for (std::size_t i = 0; i < with.size(); ++i) {
    const auto& line = probe["intervals"][i];
    EXPECT_EQ(line["series"], i == 0 ? "a" : "b");
    const double x = pixel_from_ticks(probe["ticks_x"], with[i].x, Scale::linear);
    EXPECT_NEAR(line["x"].get<double>(), x, 0.05);
    EXPECT_NEAR(line["x2"].get<double>(), x, 0.05);
    EXPECT_NEAR(line["y1"].get<double>(),
                pixel_from_ticks(probe["ticks_y"], with[i].y_lo, Scale::linear), 0.05);
    EXPECT_NEAR(line["y2"].get<double>(),
                pixel_from_ticks(probe["ticks_y"], with[i].y_hi, Scale::linear), 0.05);
  }
  // The y range holds the highest interval end (1.3), above every point.
  double top = 0;
  for (const auto& t : probe["ticks_y"]) top = std::max(top, t[0].get<double>());
  EXPECT_GE(top, 1.2);
}

TEST(SvgChart, LogAxesPlaceByDecadeAndSkipNonPositive) {
  const auto dir = scratch_dir("svg_scatter_log");
  const std::vector<report::Series> series = {
      {"a", {{1, 10}, {0, 5}, {-1, 3}, {1000, 2}, {2, kNaN}, {kInf, 1}, {30, 0}}}};
  const auto probe = probe_svg(
      report::scatter_chart(series, {"log", {"x", Scale::log}, {"y", Scale::log}}), dir, "log");
  expect_consistent_ticks(probe["ticks_x"], Scale::log);
  expect_consistent_ticks(probe["ticks_y"], Scale::log);
  ASSERT_EQ(probe["circles"].size(), 2u);
  expect_point_at(probe, 1, 10, Scale::log, Scale::log);
  expect_point_at(probe, 1000, 2, Scale::log, Scale::log);
  bool noted = false;
  for (const auto& text : probe["texts"]) noted |= text.get<std::string>().find("5 points") == 0;
  EXPECT_TRUE(noted) << probe["texts"];
}

TEST(SvgChart, ShortLogRangeStillHasTruthfulTicks) {
  const auto dir = scratch_dir("svg_short_log");
  const auto probe = probe_svg(
      report::scatter_chart({{"tau", {{1.35, 1.4}, {4.4, 4.0}, {2.2, 2.1}}}},
                            {"tau", {"true", Scale::log}, {"pred", Scale::log}, 500, 400, true}),
      dir, "short_log");
  expect_consistent_ticks(probe["ticks_x"], Scale::log);
  expect_consistent_ticks(probe["ticks_y"], Scale::log);
  expect_point_at(probe, 1.35, 1.4, Scale::log, Scale::log);
  expect_point_at(probe, 4.4, 4.0, Scale::log, Scale::log);
}

TEST(SvgChart, DiagonalGivesBothAxesOneRange) {
  const auto dir = scratch_dir("svg_diagonal");
  const auto probe = probe_svg(
      report::scatter_chart({{"s", {{1, 2}, {3, 7}}}},
                            {"", {"t", Scale::linear}, {"p", Scale::linear}, 400, 400, true}),
      dir, "diagonal");
  std::vector<double> x_values, y_values;
  for (const auto& t : probe["ticks_x"]) x_values.push_back(t[0]);
  for (const auto& t : probe["ticks_y"]) y_values.push_back(t[0]);
  EXPECT_EQ(x_values, y_values);
  expect_point_at(probe, 3, 7, Scale::linear, Scale::linear);
}

TEST(SvgChart, TextIsEscaped) {
  const auto dir = scratch_dir("svg_escape");
  const std::string name = "<family & co>";
  const std::string svg =
      report::scatter_chart({{name, {{1, 1}}}, {"\"quoted\" 'x'", {{2, 2}}}},
                            {"title " + name, {"x " + name, Scale::linear}, {"y", Scale::linear}});
  EXPECT_EQ(svg.find("<family"), std::string::npos);
  const auto probe = probe_svg(svg, dir, "escape");
  EXPECT_EQ(probe["series"][0], name);
  EXPECT_EQ(probe["series"][1], "\"quoted\" 'x'");
  std::size_t seen = 0;
  for (const auto& text : probe["texts"])
    seen += text == name || text == "title " + name || text == "x " + name;
  EXPECT_EQ(seen, 3u) << probe["texts"];
  EXPECT_EQ(report::xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
}

TEST(SvgChart, EmptyAndSinglePointChartsAreWellFormed) {
  const auto dir = scratch_dir("svg_degenerate");
  const report::ChartOptions options{"t", {"x", Scale::linear}, {"y", Scale::log}};
  const auto empty = probe_svg(report::scatter_chart({}, options), dir, "empty");
  EXPECT_TRUE(empty["circles"].empty());
  EXPECT_NE(std::find(empty["texts"].begin(), empty["texts"].end(), "no data"),
            empty["texts"].end());
  const auto all_skipped =
      probe_svg(report::line_chart({{"s", {{kNaN, 1}, {1, -2}}}}, options), dir, "skipped");
  EXPECT_TRUE(all_skipped["circles"].empty());

  const auto single = probe_svg(report::scatter_chart({{"s", {{0.5, 3}}}}, options), dir, "one");
  ASSERT_EQ(single["circles"].size(), 1u);
  const auto plot = single["plot"];
  const double cx = single["circles"][0]["cx"], cy = single["circles"][0]["cy"];
  EXPECT_GT(cx, plot[0].get<double>());
  EXPECT_LT(cx, plot[0].get<double>() + plot[2].get<double>());
  EXPECT_GT(cy, plot[1].get<double>());
  EXPECT_LT(cy, plot[1].get<double>() + plot[3].get<double>());
  expect_point_at(single, 0.5, 3, Scale::linear, Scale::log);

  const auto zero = probe_svg(report::scatter_chart({{"s", {{0, 0}}}}, options), dir, "zero");
  EXPECT_TRUE(zero["circles"].empty());  // y = 0 cannot sit on a log axis
  probe_svg(report::bar_chart({}, {"none"}), dir, "no_bars");
}

TEST(SvgChart, LineChartBreaksAtSkippedPoints) {
  const auto dir = scratch_dir("svg_line");
  const auto probe = probe_svg(
      report::line_chart(
          {{"loss", {{1, 0.5}, {2, 0.2}, {3, kNaN}, {4, 0.05}, {5, 0.04}}}, {"val", {{1, 0.6}}}},
          {"loss", {"epoch", Scale::linear}, {"loss", Scale::log}}),
      dir, "line");
  EXPECT_EQ(probe["polylines"], 2);  // (1, 2) and (4, 5); a one-point series has only a marker
  EXPECT_EQ(probe["circles"].size(), 5u);
  expect_point_at(probe, 4, 0.05, Scale::linear, Scale::log);
  expect_point_at(probe, 1, 0.6, Scale::linear, Scale::log);
}

TEST(SvgChart, BarLengthsAreProportionalToValues) {
  const auto dir = scratch_dir("svg_bars");
  const auto probe = probe_svg(report::bar_chart({{"train", 400, "samples/s"},
                                                  {"evaluate <fast>", 1000, "samples/s"},
                                                  {"broken", kNaN, ""}},
                                                 {"throughput"}),
                               dir, "bars");
  ASSERT_EQ(probe["bars"].size(), 3u);
  EXPECT_EQ(probe["bars"][1]["label"], "evaluate <fast>");
  EXPECT_NEAR(probe["bars"][0]["width"].get<double>() / probe["bars"][1]["width"].get<double>(),
              0.4, 1e-3);
  EXPECT_TRUE(probe["bars"][2]["width"].is_null());
}

TEST(SvgChart, NiceTicksAreRoundAndInsideTheRange) {
  for (const auto& [lo, hi] : {std::pair(0.0, 1.0), std::pair(-3.7, 12.2), std::pair(0.031, 0.0312),
                               std::pair(1e4, 9e5)}) {
    const auto ticks = report::nice_ticks(lo, hi, Scale::linear);
    ASSERT_GE(ticks.size(), 2u) << lo << " " << hi;
    EXPECT_LE(ticks.size(), 12u);
    const double step = ticks[1] - ticks[0];
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 ||
                std::abs(mantissa - 5) < 1e-6)
        << step;
    for (const double t : ticks) {
      EXPECT_GE(t, lo - 1e-12);
      EXPECT_LE(t, hi + 1e-12);
      EXPECT_NEAR(t / step, std::round(t / step), 1e-6);
    }
  }
  const auto decades = report::nice_ticks(0.5, 2000, Scale::log);
  EXPECT_EQ(decades, (std::vector<double>{1, 10, 100, 1000}));
  for (const double t : report::nice_ticks(1.5, 3.9, Scale::log)) {
    EXPECT_GE(t, 1.5);
    EXPECT_LE(t, 3.9);
  }
  EXPECT_TRUE(report::nice_ticks(-1, 10, Scale::log).empty());
  EXPECT_EQ(report::tick_label(0.30000000000000004, 0.1), "0.3");
}

TEST(SvgChart, NumbersForPeople) {
  EXPECT_EQ(report::format_number(410.24), "410.2");
  EXPECT_EQ(report::format_number(0.0810), "0.081");
  EXPECT_EQ(report::format_number(400.0), "400");
  EXPECT_EQ(report::format_number(-2.5), "-2.5");
  EXPECT_EQ(report::format_number(std::nan("")), "n/a");
  EXPECT_EQ(std::stod(report::format_number(1.23456e-5)), 1.235e-5);
  EXPECT_EQ(std::stod(report::format_number(123456789.0)), 1.235e8);
}

}  // namespace condnet::test
