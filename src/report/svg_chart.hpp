#pragma once
// Small chart primitives that return standalone SVG documents as strings: scatter, line and
// horizontal bar charts with "nice" ticks, linear or log axes, legends and escaped text. No
// scripts, no external resources: the strings can be inlined into an HTML page as they are.
//
// Values that cannot be drawn are skipped, never drawn at a made-up place: NaN and infinities
// always, and zero or negative values on a log axis. The chart states how many were skipped.
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace condnet::report {

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(std::string_view text);

enum class Scale { linear, log };

// One axis: data range [lo, hi] mapped onto pixels [pixel_lo, pixel_hi] (pixel_hi < pixel_lo
// for a y axis, whose pixels grow downwards). On a log axis lo, hi > 0 and the mapping is
// linear in log10(value).
struct AxisMap {
  Scale scale = Scale::linear;
  double lo = 0, hi = 1;
  double pixel_lo = 0, pixel_hi = 1;

  double operator()(double value) const;
  // Whether `value` can be placed on this axis at all (finite; positive on a log axis).
  bool drawable(double value) const;
};

// Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten (linear), or
// powers of ten, refined by 2 and 5 within a decade when the range is short (log). At most
// about `target` ticks; every tick lies within [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, Scale scale, int target = 6);

// The text of a tick label: as many decimals as the tick spacing needs, trailing zeros dropped
// ("0.2", "1.5", "1e-05", "2000").
std::string tick_label(double value, double spacing);

// A number for people: rounded to `significant` digits, trailing zeros dropped, plain notation
// from 1e-3 to 1e7, exponent notation outside, "n/a" when not finite ("410.2", "0.081",
// "1.200e-05").
std::string format_number(double value, int significant = 4);

struct Point {
  double x = 0, y = 0;
  // Scatter only: a vertical bar from y_lo to y_hi through the point (an interval), drawn where
  // both are drawable; NaN: none.
  double y_lo = std::numeric_limits<double>::quiet_NaN();
  double y_hi = std::numeric_limits<double>::quiet_NaN();
};

struct Series {
  std::string name;
  std::vector<Point> points;
};

struct AxisSpec {
  std::string title;
  Scale scale = Scale::linear;
};

struct ChartOptions {
  std::string title;
  AxisSpec x, y;
  double width = 520, height = 400;
  // Scatter only: draw y = x, and give both axes the same range so that it is a true diagonal.
  bool diagonal = false;
};

// Points as circles, one colour per series, legend when there is more than one series; a point
// with an interval gets a vertical line of class "interval" in its series' colour.
std::string scatter_chart(const std::vector<Series>& series, const ChartOptions& options);

// Each series as a polyline through its points in the given order, broken where a point is
// skipped, with a small marker on every point (so a one-point series still shows).
std::string line_chart(const std::vector<Series>& series, const ChartOptions& options);

struct Bar {
  std::string label;
  double value = 0;
  std::string unit;  // printed after the value, e.g. "samples/s"
};

struct BarOptions {
  std::string title;
  double width = 520;
  double bar_height = 26;
};

// Horizontal bars from zero, each labelled on the left and with its value on the right.
std::string bar_chart(const std::vector<Bar>& bars, const BarOptions& options);

}  // namespace condnet::report
