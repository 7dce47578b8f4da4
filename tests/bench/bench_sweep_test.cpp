// `condnet bench`: every configuration of the grid runs and reports its rate and a measured
// busy fraction, the table and the HTML page (one bar per row) are written, replicated rows
// come back from mpirun, and the device option is checked and honoured.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/html_check.hpp"
#include "report/page_check.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

TEST(BenchSweep, EveryConfigurationRunsAndIsReported) {
  const auto dir = scratch_dir("bench_sweep");
  const auto model = staged_model(dir);
  const bool mpi = std::system("command -v mpirun > /dev/null") == 0;
  const char* asan = std::getenv("ASAN_OPTIONS");
  const auto result =
      run_shell("ASAN_OPTIONS='" + std::string(asan ? asan : "") + ":detect_leaks=0' " +
                std::string(CONDNET_BINARY) + " bench --model " + model.string() +
                " --micro-batch 2 --accum 1,2 --stages 1,2 --schedule 1f1b,gpipe --replicas " +
                (mpi ? "1,2" : "1") + " --warmup 1 --steps 1 --html " +
                (dir / "bench.html").string() + " --json-out " + (dir / "bench.json").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("samples/s"), std::string::npos) << result.output;
  const auto report = nlohmann::json::parse(std::ifstream(dir / "bench.json"));
  // accum 2 values x (1 stage + 2 stages x 2 schedules), for 1 and (with mpirun) 2 replicas.
  const std::size_t expected = 2 * 3 * (mpi ? 2 : 1);
  ASSERT_EQ(report["rows"].size(), expected) << report.dump();
  for (const auto& row : report["rows"]) {
    EXPECT_EQ(row["error"], "") << row.dump();
    EXPECT_GT(row["samples_per_second"].get<double>(), 0.0) << row.dump();
    EXPECT_GT(row["busy_fraction"].get<double>(), 0.0) << row.dump();
    EXPECT_LE(row["busy_fraction"].get<double>(), 1.0) << row.dump();
    // A replica that sums its gradients with another waits for it at least a little.
    if (row["replicas"] == 2 && row["stages"] == 1) {
      EXPECT_LT(row["busy_fraction"].get<double>(), 1.0) << row.dump();
    }
    if (row["stages"] == 2) {
      const double theory = row["accum"] == 1 ? 0.5 : 1.0 / 3.0;
      EXPECT_DOUBLE_EQ(row["theoretical_bubble"].get<double>(), theory) << row.dump();
    }
  }
  std::ostringstream html;
  html << std::ifstream(dir / "bench.html").rdbuf();
  EXPECT_EQ(html.str().find("<script"), std::string::npos);
  expect_well_formed(check_html(html.str(), dir, "bench_checked"));
  const auto page = probe_page(dir / "bench.html");
  ASSERT_EQ(page["charts"].size(), 1u) << page.dump();
  EXPECT_EQ(page["charts"][0]["bars"].size(), expected) << page.dump();
}

TEST(BenchSweep, DeviceIsCheckedAndHonoured) {
  const auto bad = run_condnet("bench --device tpu");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_EQ(std::count(bad.output.begin(), bad.output.end(), '\n'), 1) << bad.output;

  const auto dir = scratch_dir("bench_device");
  const auto model = staged_model(dir);
  const auto result = run_condnet("bench --device reference --model " + model.string() +
                                  " --micro-batch 2 --accum 1 --stages 1,2 --schedule 1f1b "
                                  "--replicas 1 --warmup 0 --steps 1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = nlohmann::json::parse(result.output)["rows"];
  ASSERT_EQ(rows.size(), 2u) << rows.dump();
  EXPECT_EQ(rows[0]["error"], "") << rows.dump();
  EXPECT_GT(rows[0]["samples_per_second"].get<double>(), 0.0) << rows.dump();
  // Pipeline stages are CPU core groups: the row says so instead of running on the CPU.
  EXPECT_NE(rows[1]["error"].get<std::string>().find("--device reference"), std::string::npos)
      << rows.dump();
}

}  // namespace
}  // namespace condnet::test
