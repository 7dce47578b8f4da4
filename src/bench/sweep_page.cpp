#include "bench/sweep_page.hpp"

#include <fmt/format.h>

#include "report/html_page.hpp"
#include "report/svg_chart.hpp"

namespace condnet::bench {

std::string row_label(const SweepConfig& config) {
  return fmt::format("B{} M{} S{}{} {} R{}", config.micro_batch, config.accum, config.stages,
                     config.stages > 1 ? " " + pipeline::to_string(config.schedule) : std::string(),
                     runtime::to_string(config.dtype), config.replicas);
}

std::string sweep_page(const std::vector<SweepRow>& rows, const std::string& title) {
  std::vector<report::Bar> bars;
  for (const auto& row : rows)
    if (row.error.empty())
      bars.push_back({row_label(row.config), row.samples_per_second, "samples/s"});
  report::BarOptions options;
  options.title = "Training throughput";
  options.width = 760;
  return report::html_page(title, "body{font-family:sans-serif;margin:2em}pre{font-size:13px}",
                           report::html_element("h1", title) + report::bar_chart(bars, options) +
                               "\n" + report::html_element("pre", sweep_table(rows)));
}

}  // namespace condnet::bench
