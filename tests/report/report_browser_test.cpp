// The report of a small real run (train, evaluate, solve, predict, report) rendered by headless
// Chromium: it loads with nothing on the console, and the DOM the browser built shows every
// table number of the JSON it is made from and one point element per data point in every chart.
// Skips with a notice where `chromium` is not installed (scripts/install-deps.sh installs it).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "headless_chromium.hpp"
#include "page_check.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

}  // namespace

// The console check can fail: a script error and a malformed SVG attribute are both seen.
TEST(ReportBrowser, ConsoleMessagesAreSeen) {
  if (!chromium_available()) GTEST_SKIP() << "chromium is not installed; skipping";
  const auto dir = scratch_dir("report_browser_console");
  const auto html = dir / "broken.html";
  std::ofstream(html) << "<!DOCTYPE html><html><body><svg xmlns=\"http://www.w3.org/2000/svg\">"
                         "<circle cx=\"left\" cy=\"1\" r=\"3\"/></svg>"
                         "<script>undefined_function();</script></body></html>\n";
  const auto page = render_headless(html, dir);
  ASSERT_EQ(page.exit_code, 0) << page.log;
  EXPECT_EQ(page.console.size(), 2u) << page.log;
}

// evaluate, solve, predict and report with MODEL (a run or an ensemble; the loss curves are
// those of `run`), the page rendered by Chromium and checked against the JSON. Returns the summary.
nlohmann::json render_and_check(const TrainedRun& r, const std::filesystem::path& model,
                                const std::string& tag) {
  const auto eval = r.dir / (tag + "-eval.json"), volume = r.dir / "volume.npy";
  const auto solved = r.dir / "solve.json", predicted = r.dir / (tag + "-predict.json");
  const auto html = r.dir / (tag + "-report.html"), summary_file = r.dir / (tag + "-report.json");
  for (const auto& command :
       {fmt::format("evaluate '{}' '{}' --split all --json-out '{}'", model.string(),
                    r.data.string(), eval.string()),
        fmt::format("generate --family gaussian-field --size 24 --porosity 0.5 --seed 3 -o '{}'",
                    volume.string()),
        fmt::format("solve '{}' --phase 1 --axis all --json-out '{}'", volume.string(),
                    solved.string()),
        fmt::format("predict '{}' '{}' --phase 1 --json > '{}'", model.string(), volume.string(),
                    predicted.string()),
        fmt::format("report --run '{}' --evaluate '{}' --predict '{}' --solve '{}' -o '{}' "
                    "--json-out '{}'",
                    r.run.string(), eval.string(), predicted.string(), solved.string(),
                    html.string(), summary_file.string())}) {
    const auto result = run_condnet(command);
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
    if (result.exit_code != 0) return nullptr;
  }

  const auto page = render_headless(html, r.dir);
  EXPECT_EQ(page.exit_code, 0) << page.log;
  EXPECT_TRUE(page.console.empty()) << "the page wrote to the console:\n" << joined(page.console);
  const auto summary = nlohmann::json::parse(std::ifstream(summary_file));
  const auto evaluation = nlohmann::json::parse(std::ifstream(eval));
  EXPECT_TRUE(summary.contains("test") && summary.contains("predict_vs_solver"));
  const auto probe = probe_page(page.dom);
  expect_tables_match(probe, summary);
  expect_charts_match(probe, summary, evaluation);
  return summary;
}

TEST(ReportBrowser, RealRunRendersCleanAndShowsTheJson) {
  if (!chromium_available()) GTEST_SKIP() << "chromium is not installed; skipping";
  const auto r = trained_run("report_browser", "reference");
  const auto summary = render_and_check(r, r.run, "run");
  ASSERT_TRUE(summary.is_object());
  EXPECT_EQ(summary["members"], 1);
  EXPECT_TRUE(summary["test"]["overall"]["coverage"].is_null());
}

// A real ensemble of two runs: the page shows its intervals and their coverage as the JSON says.
TEST(ReportBrowser, RealEnsembleRendersCleanAndShowsTheJson) {
  if (!chromium_available()) GTEST_SKIP() << "chromium is not installed; skipping";
  const auto r = trained_run("report_browser_ensemble", "reference");
  const auto second = r.dir / "run-2", ensemble = r.dir / "ensemble";
  for (const auto& command :
       {fmt::format("train --quiet --data '{}' --model '{}' --batch 8 --epochs 2 --seed 2 "
                    "--device reference -o '{}'",
                    r.data.string(), small_model(r.dir, "small", true).string(), second.string()),
        fmt::format("ensemble '{}' '{}' -o '{}'", r.run.string(), second.string(),
                    ensemble.string())}) {
    const auto result = run_condnet(command);
    ASSERT_EQ(result.exit_code, 0) << command << "\n" << result.output;
  }
  const auto summary = render_and_check(r, ensemble, "ensemble");
  ASSERT_TRUE(summary.is_object());
  EXPECT_EQ(summary["members"], 2);
  EXPECT_EQ(summary["interval_coverage"], 0.9);
  EXPECT_FALSE(summary["test"]["overall"]["coverage"].is_null());
  for (const auto& row : summary["predict_vs_solver"])
    EXPECT_TRUE(row["d_eff_interval"].is_array()) << row.dump();
}

}  // namespace condnet::test
