// The report page read back by an independent HTML parser (page_probe.py): every number in every
// table equals the JSON summary it is made from, every chart has one point element per data
// point. The hand-written inputs of report_fixture.hpp cover nulls, a non-percolating axis,
// escaped names and relative differences of +5 %, -20 % and n/a; their ensemble variant adds
// intervals, sources and coverage, their single-network variant the nulls condnet writes there.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "page_check.hpp"
#include "report_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {

namespace {

struct CheckedPage {
  nlohmann::json summary, probe;
};

// `condnet report` on the files; the page's tables and charts checked against its JSON.
CheckedPage report_and_check(const ReportFiles& files, const std::filesystem::path& dir) {
  const auto html = dir / "report.html", json = dir / "report.json";
  const auto result = run_condnet(fmt::format(
      "report --run '{}' --evaluate '{}' --predict '{}' --solve '{}' -o '{}' --json-out '{}'",
      files.run_dir.string(), files.evaluation.string(), files.prediction.string(),
      files.solution.string(), html.string(), json.string()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  if (result.exit_code != 0) return {};
  const auto summary = nlohmann::json::parse(std::ifstream(json));
  const auto evaluation = nlohmann::json::parse(std::ifstream(files.evaluation));
  auto probe = probe_page(html);
  expect_tables_match(probe, summary);
  expect_charts_match(probe, summary, evaluation);
  return {summary, probe};
}

const nlohmann::json* table_of_class(const nlohmann::json& probe, const std::string& kind) {
  for (const auto& table : probe["tables"])
    if (table["class"] == kind) return &table;
  return nullptr;
}

// The label -> value rows of the key numbers table.
std::map<std::string, std::string> key_numbers(const nlohmann::json& probe) {
  std::map<std::string, std::string> values;
  if (const auto* key = table_of_class(probe, "key"))
    for (const auto& cells : data_rows(*key))
      values[cells[0].get<std::string>()] = cells[1].get<std::string>();
  return values;
}

}  // namespace

TEST(ReportPage, TablesAndChartsShowTheJson) {
  const auto dir = scratch_dir("report_page");
  const auto [summary, probe] = report_and_check(write_report_inputs(dir), dir);
  ASSERT_TRUE(summary.is_object());

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

// An ensemble's page: the interval, its spread, whether the solver lies inside and the source per
// axis; the members, the nominal and the test coverage in the key numbers; coverage per family.
TEST(ReportPage, EnsembleShowsIntervalsSourcesAndCoverage) {
  const auto dir = scratch_dir("report_page_ensemble");
  const auto [summary, probe] = report_and_check(write_ensemble_report_inputs(dir), dir);
  ASSERT_TRUE(summary.is_object());
  const auto* compare = table_of_class(probe, "compare");
  ASSERT_NE(compare, nullptr);
  const auto& headers = (*compare)["rows"][0]["cells"];
  EXPECT_EQ(headers[4], "surrogate's 90 % interval");
  const auto rows = data_rows(*compare);
  ASSERT_EQ(rows.size(), 3u);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_EQ(rows[axis][3], axis == 2 ? "solver" : "surrogate");
    EXPECT_EQ(rows[axis][4], fmt::format("[{:g}, {:g}]", kIntervalLo[axis], kIntervalHi[axis]));
    EXPECT_EQ(rows[axis][7], kSolverInside[axis] ? "yes" : "no");
  }
  const auto keys = key_numbers(probe);
  EXPECT_EQ(keys.at("Ensemble members"), "3");
  EXPECT_EQ(keys.at("Interval coverage, nominal"), "90 %");
  EXPECT_EQ(keys.at("Interval coverage on the test split (D_eff)"), "90 %");
  EXPECT_EQ(keys.at("Test axes with an interval"), "10");
  std::stringstream page;
  page << std::ifstream(dir / "report.html").rdbuf();
  EXPECT_NE(page.str().find(
                "z: answered by the solver, the surrogate having flagged it (members disagree"),
            std::string::npos)
      << "the hand-over reason of z is not on the page";
}

// One network: no interval columns, no coverage rows or columns, nothing made up.
TEST(ReportPage, SingleNetworkShowsNoIntervals) {
  const auto dir = scratch_dir("report_page_single");
  const auto [summary, probe] = report_and_check(write_single_run_report_inputs(dir), dir);
  ASSERT_TRUE(summary.is_object());
  const auto* compare = table_of_class(probe, "compare");
  ASSERT_NE(compare, nullptr);
  const auto headers = (*compare)["rows"][0]["cells"].dump();
  EXPECT_EQ(headers.find("interval"), std::string::npos) << headers;
  EXPECT_EQ(headers.find("spread"), std::string::npos) << headers;
  const auto keys = key_numbers(probe);
  EXPECT_EQ(keys.at("Ensemble members"), "1");
  EXPECT_FALSE(keys.contains("Interval coverage, nominal"));
  EXPECT_FALSE(keys.contains("Interval coverage on the test split (D_eff)"));
  for (const auto& table : probe["tables"])
    if (table["class"] == "metrics")
      EXPECT_EQ(table.dump().find("coverage"), std::string::npos) << table.dump();
}

}  // namespace condnet::test
