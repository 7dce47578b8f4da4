#include "report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace condnet::report {

namespace {

// Distinct colours in a fixed order; series beyond the tenth reuse them.
constexpr std::array<const char*, 10> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                  "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                  "#bcbd22", "#17becf"};

const char* colour(std::size_t index) { return kPalette[index % kPalette.size()]; }

constexpr double kCharWidth = 7;  // rough width of one 12 px sans-serif character

std::string px(double value) { return fmt::format("{:.2f}", value); }

double to_axis(double value, Scale scale) {
  return scale == Scale::log ? std::log10(value) : value;
}

double from_axis(double value, Scale scale) {
  return scale == Scale::log ? std::pow(10.0, value) : value;
}

// The data range of the drawable values, padded by 5% of the span on each side (in log10 on a
// log axis), widened around a single value and defaulted when there is none.
std::pair<double, double> padded_range(const std::vector<double>& values, Scale scale) {
  if (values.empty()) return scale == Scale::log ? std::pair(1.0, 10.0) : std::pair(0.0, 1.0);
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  double lo = to_axis(*min_it, scale);
  double hi = to_axis(*max_it, scale);
  if (hi - lo <= 1e-12 * std::max(std::abs(lo), std::abs(hi))) {
    const double half = scale == Scale::log ? 0.3 : (lo == 0 ? 1.0 : 0.1 * std::abs(lo));
    lo -= half;
    hi += half;
  } else {
    const double pad = 0.05 * (hi - lo);
    lo -= pad;
    hi += pad;
  }
  return {from_axis(lo, scale), from_axis(hi, scale)};
}

double nice_step(double span, int target) {
  const double raw = span / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalised = raw / magnitude;
  const double factor = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  return factor * magnitude;
}

std::vector<double> linear_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo)) return ticks;
  const double step = nice_step(hi - lo, target);
  const double first = std::ceil(lo / step - 1e-9);
  const double last = std::floor(hi / step + 1e-9);
  for (double k = first; k <= last; ++k) {
    const double value = k * step;
    ticks.push_back(std::abs(value) < 1e-9 * step ? 0.0 : value);
  }
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
  const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
  const int decades = last - first + 1;
  if (decades >= 3) {
    const int stride = (decades + target - 1) / target;
    for (int e = first; e <= last; e += stride) ticks.push_back(std::pow(10.0, e));
    return ticks;
  }
  for (int e = first - 1; e <= last; ++e)
    for (const double mantissa : {1.0, 2.0, 5.0}) {
      const double value = mantissa * std::pow(10.0, e);
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9)) ticks.push_back(value);
    }
  if (ticks.size() >= 2) return ticks;
  ticks.clear();
  for (const double value : linear_ticks(lo, hi, target))
    if (value > 0) ticks.push_back(value);
  return ticks;
}

// The spacing that decides how many decimals a tick label needs: the closest neighbouring
// tick (and, on a log axis, the value itself).
double label_spacing(const std::vector<double>& ticks, std::size_t i, Scale scale) {
  double spacing = scale == Scale::log || ticks.size() < 2 ? std::abs(ticks[i])
                                                           : std::numeric_limits<double>::max();
  for (std::size_t j = 1; j < ticks.size(); ++j)
    spacing = std::min(spacing, ticks[j] - ticks[j - 1]);
  return spacing;
}

// "2.500" -> "2.5", "400.0" -> "400"; text without a decimal point stays as it is.
std::string without_trailing_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

struct Plot {
  AxisMap x, y;
  double left = 0, right = 0, top = 0, bottom = 0;  // the plot area in pixels
};

Plot layout(const ChartOptions& options, const std::vector<Series>& series, double x_lo,
            double x_hi, double y_lo, double y_hi) {
  Plot plot;
  double legend_width = 0;
  if (series.size() > 1) {
    std::size_t longest = 0;
    for (const auto& s : series) longest = std::max(longest, s.name.size());
    legend_width = 28 + kCharWidth * static_cast<double>(longest);
  }
  plot.left = 70;
  plot.right = std::max(plot.left + 40, options.width - 16 - legend_width);
  plot.top = options.title.empty() ? 12 : 34;
  plot.bottom = std::max(plot.top + 40, options.height - 48);
  plot.x = {options.x.scale, x_lo, x_hi, plot.left, plot.right};
  plot.y = {options.y.scale, y_lo, y_hi, plot.bottom, plot.top};
  return plot;
}

std::string open_svg(double width, double height, const std::string& title) {
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      px(width), px(height));
  if (!title.empty())
    svg += fmt::format(
        "<title>{0}</title>\n<text class=\"chart-title\" x=\"{1}\" y=\"20\" "
        "text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{0}</text>\n",
        xml_escape(title), px(width / 2));
  return svg;
}

// Background, grid, ticks with labels and axis titles. Each tick is a <g class="tick-x"> or
// <g class="tick-y"> holding its grid line (at the tick's pixel) and its label.
std::string frame(const Plot& plot, const ChartOptions& options) {
  std::string svg = fmt::format(
      "<rect class=\"plot-area\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" "
      "stroke=\"#444444\"/>\n",
      px(plot.left), px(plot.top), px(plot.right - plot.left), px(plot.bottom - plot.top));
  const auto x_ticks = nice_ticks(plot.x.lo, plot.x.hi, plot.x.scale);
  for (std::size_t i = 0; i < x_ticks.size(); ++i) {
    const double at = plot.x(x_ticks[i]);
    svg += fmt::format(
        "<g class=\"tick-x\"><line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#dddddd\"/>"
        "<text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text></g>\n",
        px(at), px(plot.top), px(plot.bottom + 4), px(plot.bottom + 17),
        xml_escape(tick_label(x_ticks[i], label_spacing(x_ticks, i, plot.x.scale))));
  }
  const auto y_ticks = nice_ticks(plot.y.lo, plot.y.hi, plot.y.scale);
  for (std::size_t i = 0; i < y_ticks.size(); ++i) {
    const double at = plot.y(y_ticks[i]);
    svg += fmt::format(
        "<g class=\"tick-y\"><line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#dddddd\"/>"
        "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text></g>\n",
        px(plot.left - 4), px(plot.right), px(at), px(plot.left - 7), px(at + 4),
        xml_escape(tick_label(y_ticks[i], label_spacing(y_ticks, i, plot.y.scale))));
  }
  svg += fmt::format(
      "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
      px((plot.left + plot.right) / 2), px(plot.bottom + 32), xml_escape(options.x.title));
  const double y_mid = (plot.top + plot.bottom) / 2;
  svg += fmt::format(
      "<text class=\"axis-title\" x=\"16\" y=\"{0}\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 16 {0})\">{1}</text>\n",
      px(y_mid), xml_escape(options.y.title));
  return svg;
}

std::string legend(const std::vector<Series>& series, const Plot& plot) {
  if (series.size() < 2) return {};
  std::string svg = "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double y = plot.top + 8 + 18 * static_cast<double>(i);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\">{}</text>\n",
        px(plot.right + 10), px(y), colour(i), px(plot.right + 26), px(y + 9),
        xml_escape(series[i].name));
  }
  return svg + "</g>\n";
}

std::string notes(const Plot& plot, std::size_t drawn, std::size_t skipped, double height) {
  std::string svg;
  if (drawn == 0)
    svg += fmt::format(
        "<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#888888\">"
        "no data</text>\n",
        px((plot.left + plot.right) / 2), px((plot.top + plot.bottom) / 2));
  if (skipped > 0)
    svg += fmt::format(
        "<text class=\"note\" x=\"4\" y=\"{}\" font-size=\"10\" fill=\"#888888\">{} point{} not "
        "shown (not finite, or not positive on a log axis)</text>\n",
        px(height - 4), skipped, skipped == 1 ? "" : "s");
  return svg;
}

struct Ranges {
  std::pair<double, double> x, y;
};

Ranges data_ranges(const std::vector<Series>& series, const ChartOptions& options) {
  const AxisMap x_probe{options.x.scale};
  const AxisMap y_probe{options.y.scale};
  std::vector<double> xs, ys;
  for (const auto& s : series)
    for (const Point& p : s.points)
      if (x_probe.drawable(p.x) && y_probe.drawable(p.y)) {
        xs.push_back(p.x);
        ys.push_back(p.y);
        if (y_probe.drawable(p.y_lo) && y_probe.drawable(p.y_hi)) {
          ys.push_back(p.y_lo);
          ys.push_back(p.y_hi);
        }
      }
  if (options.diagonal) {
    CONDNET_ASSERT(options.x.scale == options.y.scale);
    xs.insert(xs.end(), ys.begin(), ys.end());
    const auto both = padded_range(xs, options.x.scale);
    return {both, both};
  }
  return {padded_range(xs, options.x.scale), padded_range(ys, options.y.scale)};
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double AxisMap::operator()(double value) const {
  const double a = to_axis(lo, scale);
  const double b = to_axis(hi, scale);
  CONDNET_ASSERT(b > a);
  const double t = (to_axis(value, scale) - a) / (b - a);
  return pixel_lo + t * (pixel_hi - pixel_lo);
}

bool AxisMap::drawable(double value) const {
  return std::isfinite(value) && (scale == Scale::linear || value > 0);
}

std::vector<double> nice_ticks(double lo, double hi, Scale scale, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return {};
  if (scale == Scale::log) return lo > 0 ? log_ticks(lo, hi, target) : std::vector<double>{};
  return linear_ticks(lo, hi, target);
}

std::string tick_label(double value, double spacing) {
  if (value == 0) return "0";
  const double magnitude = std::abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return fmt::format("{:g}", value);
  const int decimals =
      std::clamp(static_cast<int>(-std::floor(std::log10(std::abs(spacing)) + 1e-9)), 0, 10);
  return without_trailing_zeros(fmt::format("{:.{}f}", value, decimals));
}

std::string format_number(double value, int significant) {
  if (!std::isfinite(value)) return "n/a";
  if (value == 0) return "0";
  const double magnitude = std::abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e7)
    return fmt::format("{:.{}e}", value, std::max(significant - 1, 0));
  const int decimals =
      std::max(0, significant - 1 - static_cast<int>(std::floor(std::log10(magnitude))));
  return without_trailing_zeros(fmt::format("{:.{}f}", value, decimals));
}

std::string scatter_chart(const std::vector<Series>& series, const ChartOptions& options) {
  const Ranges ranges = data_ranges(series, options);
  const Plot plot =
      layout(options, series, ranges.x.first, ranges.x.second, ranges.y.first, ranges.y.second);
  std::string svg = open_svg(options.width, options.height, options.title) + frame(plot, options);
  if (options.diagonal)
    svg += fmt::format(
        "<line class=\"diagonal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888888\" "
        "stroke-dasharray=\"4 3\"/>\n",
        px(plot.x(plot.x.lo)), px(plot.y(plot.x.lo)), px(plot.x(plot.x.hi)), px(plot.y(plot.x.hi)));
  std::size_t drawn = 0, skipped = 0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    svg += fmt::format("<g class=\"series\" data-name=\"{}\" fill=\"{}\" fill-opacity=\"0.75\">\n",
                       xml_escape(series[i].name), colour(i));
    for (const Point& p : series[i].points) {
      if (!plot.x.drawable(p.x) || !plot.y.drawable(p.y)) {
        ++skipped;
        continue;
      }
      ++drawn;
      if (plot.y.drawable(p.y_lo) && plot.y.drawable(p.y_hi))
        svg += fmt::format(
            "<line class=\"interval\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" "
            "stroke-opacity=\"0.45\"/>\n",
            px(plot.x(p.x)), px(plot.y(p.y_lo)), px(plot.y(p.y_hi)), colour(i));
      svg +=
          fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\"/>\n", px(plot.x(p.x)), px(plot.y(p.y)));
    }
    svg += "</g>\n";
  }
  return svg + legend(series, plot) + notes(plot, drawn, skipped, options.height) + "</svg>\n";
}

std::string line_chart(const std::vector<Series>& series, const ChartOptions& options) {
  const Ranges ranges = data_ranges(series, options);
  const Plot plot =
      layout(options, series, ranges.x.first, ranges.x.second, ranges.y.first, ranges.y.second);
  std::string svg = open_svg(options.width, options.height, options.title) + frame(plot, options);
  std::size_t drawn = 0, skipped = 0;
  for (std::size_t i = 0; i < series.size(); ++i) {
    svg += fmt::format("<g class=\"series\" data-name=\"{0}\" fill=\"{1}\" stroke=\"{1}\">\n",
                       xml_escape(series[i].name), colour(i));
    std::string segment, markers;
    std::size_t segment_points = 0;
    const auto flush = [&] {
      if (segment_points > 1)
        svg +=
            fmt::format("<polyline fill=\"none\" stroke-width=\"1.5\" points=\"{}\"/>\n", segment);
      segment.clear();
      segment_points = 0;
    };
    for (const Point& p : series[i].points) {
      if (!plot.x.drawable(p.x) || !plot.y.drawable(p.y)) {
        ++skipped;
        flush();
        continue;
      }
      ++drawn;
      const std::string cx = px(plot.x(p.x)), cy = px(plot.y(p.y));
      segment += (segment.empty() ? "" : " ") + cx + "," + cy;
      ++segment_points;
      markers += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" stroke=\"none\"/>\n", cx, cy);
    }
    flush();
    svg += markers + "</g>\n";
  }
  return svg + legend(series, plot) + notes(plot, drawn, skipped, options.height) + "</svg>\n";
}

std::string bar_chart(const std::vector<Bar>& bars, const BarOptions& options) {
  const double top = options.title.empty() ? 8 : 32;
  const double height = top + options.bar_height * static_cast<double>(bars.size()) + 8;
  std::size_t longest_label = 0, longest_value = 0;
  double lo = 0, hi = 0;
  for (const Bar& bar : bars) {
    longest_label = std::max(longest_label, bar.label.size());
    longest_value = std::max(longest_value, format_number(bar.value).size() + 1 + bar.unit.size());
    if (std::isfinite(bar.value)) {
      lo = std::min(lo, bar.value);
      hi = std::max(hi, bar.value);
    }
  }
  if (hi == lo) hi = lo + 1;
  const double left = 8 + kCharWidth * static_cast<double>(longest_label) + 8;
  const double right =
      std::max(left + 40, options.width - 8 - kCharWidth * static_cast<double>(longest_value));
  const AxisMap x{Scale::linear, lo, hi, left, right};
  std::string svg = open_svg(options.width, height, options.title);
  if (bars.empty())
    svg += fmt::format(
        "<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#888888\">"
        "no data</text>\n",
        px(options.width / 2), px(top + 12));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = top + options.bar_height * static_cast<double>(i);
    const double middle = y + options.bar_height / 2 + 4;
    svg += fmt::format(
        "<g class=\"bar\" data-label=\"{0}\"><text x=\"{1}\" y=\"{2}\" text-anchor=\"end\">{0}"
        "</text>",
        xml_escape(bar.label), px(left - 8), px(middle));
    double end = x(0);
    if (std::isfinite(bar.value)) {
      const double from = std::min(x(0), x(bar.value));
      end = std::max(x(0), x(bar.value));
      svg +=
          fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", px(from),
                      px(y + 3), px(end - from), px(options.bar_height - 6), colour(i));
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text></g>\n", px(end + 6), px(middle),
                       xml_escape(bar.unit.empty() ? format_number(bar.value)
                                                   : format_number(bar.value) + " " + bar.unit));
  }
  return svg + "</svg>\n";
}

}  // namespace condnet::report
