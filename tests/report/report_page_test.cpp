// The report page read back by an independent HTML parser (page_probe.py): every number in every
// table equals the JSON summary it is made from, every chart has one point element per data
// point. The hand-written inputs of report_fixture.hpp cover nulls, a non-percolating axis,
// escaped names and relative differences of +5 %, -20 % and n/a.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "page_check.hpp"
#include "report_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {

TEST(ReportPage, TablesAndChartsShowTheJson) {
  const auto dir = scratch_dir("report_page");
  const auto files = write_report_inputs(dir);
  const auto html = dir / "report.html", json = dir / "report.json";
  const auto result = run_condnet(fmt::format(
      "report --run '{}' --evaluate '{}' --predict '{}' --solve '{}' -o '{}' --json-out '{}'",
      files.run_dir.string(), files.evaluation.string(), files.prediction.string(),
      files.solution.string(), html.string(), json.string()));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto summary = nlohmann::json::parse(std::ifstream(json));
  const auto evaluation = nlohmann::json::parse(std::ifstream(files.evaluation));
  const auto probe = probe_page(html);
  expect_tables_match(probe, summary);
  expect_charts_match(probe, summary, evaluation);

  // The relative differences are percentages of the solver's value: y has D_eff 0.2 against 0.25.
  const auto& tables = probe["tables"];
  const auto compare = std::find_if(tables.begin(), tables.end(),
                                    [](const auto& t) { return t["class"] == "compare"; });
  ASSERT_NE(compare, tables.end());
  const auto& y_row = (*compare)["rows"][2]["cells"];
  EXPECT_EQ(y_row[1], "y");
  EXPECT_EQ(y_row[4],
            fmt::format("{:g} %", 100 * (kPredictedDeff[1] - kSolvedDeff[1]) / kSolvedDeff[1]));
}

}  // namespace condnet::test
