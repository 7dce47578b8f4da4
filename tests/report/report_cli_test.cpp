// `condnet report` end to end: both files written (and nothing else left behind), the JSON
// equal to what the inputs say, bad input as one line naming the file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count_lines(const std::string& text) {
  std::size_t lines = 0;
  for (const char c : text) lines += c == '\n';
  return lines + (!text.empty() && text.back() != '\n');
}

}  // namespace

TEST(ReportCli, WritesTheHtmlAndTheJson) {
  const auto dir = scratch_dir("report_cli");
  const auto files = write_report_inputs(dir);
  const auto out = dir / "out";
  std::filesystem::create_directories(out);
  const auto result = run_condnet(fmt::format(
      "report --run '{}' --evaluate '{}' --predict '{}' --solve '{}' -o '{}' --json-out '{}'",
      files.run_dir.string(), files.evaluation.string(), files.prediction.string(),
      files.solution.string(), (out / "report.html").string(), (out / "report.json").string()));
  ASSERT_EQ(result.exit_code, 0) << result.output;

  std::vector<std::string> written;
  for (const auto& entry : std::filesystem::directory_iterator(out))
    written.push_back(entry.path().filename().string());
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, (std::vector<std::string>{"report.html", "report.json"}));

  const std::string html = read_all(out / "report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  const auto summary = nlohmann::json::parse(read_all(out / "report.json"));
  EXPECT_EQ(summary["model"], "base <v1>");
  EXPECT_EQ(summary["test"]["overall"]["tau"]["mape"], 0.06);
  EXPECT_NEAR(summary["predict_vs_solver"][1]["d_eff_relative_difference"].get<double>(),
              (kPredictedDeff[1] - kSolvedDeff[1]) / kSolvedDeff[1], 1e-12);
  EXPECT_EQ(summary["throughput"]["predict_volumes_per_second"], 2.5);
}

TEST(ReportCli, JsonIsOptional) {
  const auto dir = scratch_dir("report_cli_html_only");
  const auto files = write_report_inputs(dir);
  const auto result = run_condnet(
      fmt::format("report --run '{}' -o '{}'", files.run_dir.string(), (dir / "r.html").string()));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "r.html"));
}

TEST(ReportCli, MissingInputIsOneLineNamingTheFile) {
  const auto dir = scratch_dir("report_cli_missing");
  const auto files = write_report_inputs(dir);
  const auto missing = dir / "no_such_eval.json";
  const auto result =
      run_condnet(fmt::format("report --run '{}' --evaluate '{}' -o '{}'", files.run_dir.string(),
                              missing.string(), (dir / "r.html").string()));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(count_lines(result.output), 1u) << result.output;
  EXPECT_NE(result.output.find(missing.string()), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "r.html"));

  write_file(files.prediction, "{\"results\": [");
  const auto invalid =
      run_condnet(fmt::format("report --run '{}' --predict '{}' -o '{}'", files.run_dir.string(),
                              files.prediction.string(), (dir / "r.html").string()));
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_EQ(count_lines(invalid.output), 1u) << invalid.output;
  EXPECT_NE(invalid.output.find(files.prediction.string()), std::string::npos) << invalid.output;

  const auto no_output = run_condnet(fmt::format("report --run '{}'", files.run_dir.string()));
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_EQ(count_lines(no_output.output), 1u) << no_output.output;
}

}  // namespace condnet::test
