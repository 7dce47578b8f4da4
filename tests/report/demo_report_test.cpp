// The demo report's summary against numbers worked out from the hand-written inputs, its HTML
// (self-contained, every chart well-formed XML), omitted sections and bad-input messages.
#include "report/demo_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/error.hpp"
#include "html_check.hpp"
#include "report/report_inputs.hpp"
#include "report_fixture.hpp"
#include "svg_probe.hpp"
#include "test_paths.hpp"

namespace condnet::test {

namespace {

report::ReportPaths all_paths(const ReportFiles& files) {
  return {files.run_dir, files.evaluation, files.prediction, files.solution};
}

std::vector<std::string> svgs_in(const std::string& html) {
  std::vector<std::string> svgs;
  const std::regex svg("<svg[\\s\\S]*?</svg>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), svg); it != std::sregex_iterator();
       ++it)
    svgs.push_back(it->str());
  return svgs;
}

// The one-line message of the Error that loading `paths` throws; empty when none is thrown.
std::string load_error(const report::ReportPaths& paths) {
  try {
    report::load_report_inputs(paths);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST(DemoReport, SummaryFollowsTheInputs) {
  const auto files = write_report_inputs(scratch_dir("report_summary"));
  const auto paths = all_paths(files);
  const auto summary = report::summarise(report::load_report_inputs(paths), paths);

  EXPECT_EQ(summary["model"], "base <v1>");
  EXPECT_EQ(
      summary["training"]["config"],
      nlohmann::json::parse(
          R"({"precision": "fp32", "batch": 8, "accum": 2, "epochs": 3, "samples_train": 480})"));
  EXPECT_EQ(summary["training"]["epochs_run"], 3);
  EXPECT_EQ(summary["training"]["final"]["epoch"], 3);
  EXPECT_TRUE(summary["training"]["final"]["val_r2_d_eff"].is_null());

  const std::vector<double> val_loss = {0.04, 0.015, 0.018};
  const auto best = std::min_element(val_loss.begin(), val_loss.end());
  EXPECT_EQ(summary["training"]["best"]["epoch"], 1 + (best - val_loss.begin()));
  EXPECT_EQ(summary["training"]["best"]["val_loss"], *best);
  EXPECT_EQ(summary["training"]["history"]["val_loss"], nlohmann::json(val_loss));

  std::vector<double> rates = {300, 420, 400};
  std::nth_element(rates.begin(), rates.begin() + 1, rates.end());
  EXPECT_EQ(summary["throughput"]["train_samples_per_second"], rates[1]);
  EXPECT_EQ(summary["throughput"]["evaluate_samples_per_second"], 900.0);
  EXPECT_EQ(summary["throughput"]["predict_volumes_per_second"], 2.5);
  EXPECT_EQ(summary["throughput"]["predict_tiles_per_second"], 20.0);

  EXPECT_EQ(summary["test"]["overall"]["d_eff"]["r2"], 0.97);
  EXPECT_EQ(summary["test"]["per_family"]["<family & co>"]["tau"]["count"], 6);
  EXPECT_EQ(summary["test"]["parity_points"], 4);

  const auto& rows = summary["predict_vs_solver"];
  ASSERT_EQ(rows.size(), 3u);
  for (int axis = 0; axis < 3; ++axis) {
    const auto& row = rows[axis];
    EXPECT_EQ(row["axis"], std::string(1, "xyz"[axis]));
    EXPECT_EQ(row["d_eff_predict"], kPredictedDeff[axis]);
    EXPECT_EQ(row["d_eff_solver"], kSolvedDeff[axis]);
    if (kSolvedDeff[axis] == 0)
      EXPECT_TRUE(row["d_eff_relative_difference"].is_null());
    else
      EXPECT_NEAR(row["d_eff_relative_difference"].get<double>(),
                  (kPredictedDeff[axis] - kSolvedDeff[axis]) / kSolvedDeff[axis], 1e-12);
    if (kSolvedTau[axis] < 0)
      EXPECT_TRUE(row["tau_solver"].is_null() && row["tau_relative_difference"].is_null());
    else
      EXPECT_NEAR(row["tau_relative_difference"].get<double>(),
                  (kPredictedTau[axis] - kSolvedTau[axis]) / kSolvedTau[axis], 1e-12);
  }
  EXPECT_EQ(summary["timing"]["predict_seconds"], 0.4);
  EXPECT_NEAR(summary["timing"]["solver_seconds"].get<double>(), 3.0 + 2.5 + 1.0, 1e-12);
}

TEST(DemoReport, EnsembleSummaryCarriesIntervalsAndCoverage) {
  const auto files = write_ensemble_report_inputs(scratch_dir("report_summary_ensemble"));
  const auto paths = all_paths(files);
  const auto summary = report::summarise(report::load_report_inputs(paths), paths);
  EXPECT_EQ(summary["members"], 3);
  EXPECT_EQ(summary["interval_coverage"], 0.9);
  EXPECT_EQ(summary["test"]["members"], 3);
  EXPECT_EQ(summary["test"]["handed_over"], 1);
  EXPECT_EQ(summary["test"]["overall"]["coverage"],
            nlohmann::json::parse(R"({"fraction": 0.9, "axes": 10})"));
  EXPECT_EQ(summary["test"]["per_family"]["fibres"]["coverage"]["axes"], 4);
  EXPECT_TRUE(summary["test"]["per_axis"]["x"]["coverage"].is_null());
  const auto& rows = summary["predict_vs_solver"];
  ASSERT_EQ(rows.size(), 3u);
  for (int axis = 0; axis < 3; ++axis) {
    const auto& row = rows[axis];
    EXPECT_EQ(row["d_eff_interval"], nlohmann::json({kIntervalLo[axis], kIntervalHi[axis]}));
    EXPECT_EQ(row["solver_inside_interval"],
              kIntervalLo[axis] <= kSolvedDeff[axis] && kSolvedDeff[axis] <= kIntervalHi[axis]);
    EXPECT_EQ(row["solver_inside_interval"], kSolverInside[axis]);
    EXPECT_EQ(row["source"], axis == 2 ? "solver" : "surrogate");
    EXPECT_EQ(row["handover"].is_null(), axis != 2);
  }
  EXPECT_EQ(rows[2]["d_eff_predict"], 0.0);  // the solver's answer
  EXPECT_EQ(rows[2]["d_eff_surrogate"], 0.05);
  EXPECT_EQ(rows[1]["d_eff_std"], 0.012);
}

// One network's files (members 1, null intervals and coverage; spread 0) and files that predate
// ensembles: no interval, no spread, no coverage in the summary.
TEST(DemoReport, WithoutIntervalsTheSummaryHoldsNulls) {
  for (const bool single_run : {true, false}) {
    const auto dir = scratch_dir(single_run ? "report_summary_single" : "report_summary_plain");
    const auto files = single_run ? write_single_run_report_inputs(dir) : write_report_inputs(dir);
    const auto paths = all_paths(files);
    const auto summary = report::summarise(report::load_report_inputs(paths), paths);
    EXPECT_EQ(summary["members"], single_run ? nlohmann::json(1) : nlohmann::json());
    EXPECT_TRUE(summary["interval_coverage"].is_null());
    EXPECT_TRUE(summary["test"]["overall"]["coverage"].is_null());
    for (const auto& [family, metrics] : summary["test"]["per_family"].items())
      EXPECT_TRUE(metrics["coverage"].is_null()) << family;
    for (const auto& row : summary["predict_vs_solver"]) {
      EXPECT_TRUE(row["d_eff_interval"].is_null());
      EXPECT_TRUE(row["d_eff_std"].is_null()) << "one network's spread 0 is no uncertainty";
      EXPECT_TRUE(row["solver_inside_interval"].is_null());
      EXPECT_EQ(row["source"], single_run ? nlohmann::json("surrogate") : nlohmann::json());
    }
  }
}

TEST(DemoReport, HtmlIsSelfContainedAndEveryChartIsWellFormed) {
  const auto dir = scratch_dir("report_html");
  const auto files = write_report_inputs(dir);
  const auto paths = all_paths(files);
  const auto inputs = report::load_report_inputs(paths);
  const std::string html = report::render_html(inputs, report::summarise(inputs, paths));

  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<family"), std::string::npos);
  EXPECT_NE(html.find("&lt;family &amp; co&gt;"), std::string::npos);
  std::string without_namespace = html;
  for (std::size_t at;
       (at = without_namespace.find("http://www.w3.org/2000/svg")) != std::string::npos;)
    without_namespace.erase(at, 26);
  EXPECT_EQ(without_namespace.find("http"), std::string::npos) << "the page links out";
  expect_well_formed(check_html(html, dir, "report"));

  const auto svgs = svgs_in(html);
  ASSERT_EQ(svgs.size(), 5u);  // loss, validation R^2, D_eff parity, tau parity, throughput
  std::vector<nlohmann::json> probes;
  for (std::size_t i = 0; i < svgs.size(); ++i)
    probes.push_back(probe_svg(svgs[i], dir, "chart" + std::to_string(i)));
  EXPECT_EQ(probes[0]["circles"].size(), 3u + 3u);  // train and validation loss per epoch
  EXPECT_EQ(probes[1]["circles"].size(), 2u);       // epoch 3 has no validation R^2
  EXPECT_EQ(probes[2]["series"], nlohmann::json({"fibres", "<family & co>"}));
  EXPECT_EQ(probes[2]["circles"].size(), 4u);
  EXPECT_EQ(probes[3]["circles"].size(), 3u);  // one sample-axis does not percolate
  EXPECT_EQ(probes[4]["bars"].size(), 4u);
}

TEST(DemoReport, AbsentInputsLeaveTheirSectionsOut) {
  const auto files = write_report_inputs(scratch_dir("report_run_only"));
  const report::ReportPaths run_only{files.run_dir, {}, {}, {}};
  const auto inputs = report::load_report_inputs(run_only);
  const auto summary = report::summarise(inputs, run_only);
  EXPECT_FALSE(summary.contains("test"));
  EXPECT_FALSE(summary.contains("predict_vs_solver"));
  EXPECT_TRUE(summary["throughput"]["evaluate_samples_per_second"].is_null());
  const std::string html = report::render_html(inputs, summary);
  EXPECT_EQ(html.find("Test set"), std::string::npos);
  EXPECT_EQ(html.find("Surrogate vs solver"), std::string::npos);
  EXPECT_EQ(svgs_in(html).size(), 3u);  // loss, validation R^2, throughput (training only)

  const report::ReportPaths solve_only{files.run_dir, {}, {}, files.solution};
  const auto rows =
      report::summarise(report::load_report_inputs(solve_only), solve_only)["predict_vs_solver"];
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    EXPECT_TRUE(row["d_eff_predict"].is_null());
    EXPECT_FALSE(row["d_eff_solver"].is_null());
  }
}

TEST(DemoReport, BadInputIsOneLineNamingTheFile) {
  const auto dir = scratch_dir("report_bad_input");
  const auto files = write_report_inputs(dir);
  const auto paths = all_paths(files);
  const auto expect_error = [&](const report::ReportPaths& p, const std::string& names) {
    const std::string message = load_error(p);
    EXPECT_NE(message.find(names), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  };
  expect_error({files.run_dir, dir / "absent.json", {}, {}}, (dir / "absent.json").string());
  expect_error({dir / "no_run", {}, {}, {}}, (dir / "no_run").string());

  write_file(dir / "broken.json", "{\"split\": \"test\",\n \"samples\": ");
  expect_error({files.run_dir, dir / "broken.json", {}, {}}, (dir / "broken.json").string());

  write_file(dir / "typed.json", R"({"per_family": {"fibres": {"d_eff": {"r2": "high"}}}})");
  expect_error({files.run_dir, dir / "typed.json", {}, {}}, "per_family.fibres.d_eff.r2");

  write_file(dir / "short.json", R"({"results": [{"file": "a", "d_eff": [0.1, 0.2]}]})");
  expect_error({files.run_dir, {}, dir / "short.json", {}}, "results[0].d_eff");

  write_file(
      dir / "interval.json",
      R"({"results": [{"file": "a", "surrogate": {"d_eff_interval": [[0.1], null, null]}}]})");
  expect_error({files.run_dir, {}, dir / "interval.json", {}},
               "results[0].surrogate.d_eff_interval[0]");

  write_file(dir / "axes.json", R"({"volume": "v", "axes": [{"axis_name": "w", "d_eff": 1}]})");
  expect_error({files.run_dir, {}, {}, dir / "axes.json"}, "axes[0].axis_name");

  write_file(files.run_dir / "metrics.jsonl", "{\"epoch\": 1}\n{\"epoch\": 2, \"train");
  EXPECT_EQ(load_error(paths), "") << "a line still being written is not an error";
  write_file(files.run_dir / "metrics.jsonl", "{\"epoch\": 1}\n[1, 2]\n");
  expect_error(paths, (files.run_dir / "metrics.jsonl").string() + ":2");
  std::filesystem::remove(files.run_dir / "metrics.jsonl");
  expect_error(paths, (files.run_dir / "metrics.jsonl").string());
}

}  // namespace condnet::test
