// `condnet bench`: every configuration of the grid runs and reports its rate, the table and
// the HTML chart are written, and replicated rows come back from mpirun.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

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
    if (row["stages"] == 2) {
      const double theory = row["accum"] == 1 ? 0.5 : 1.0 / 3.0;
      EXPECT_DOUBLE_EQ(row["theoretical_bubble"].get<double>(), theory) << row.dump();
    }
  }
  std::ostringstream html;
  html << std::ifstream(dir / "bench.html").rdbuf();
  EXPECT_NE(html.str().find("<svg"), std::string::npos);
  EXPECT_EQ(html.str().find("<script"), std::string::npos);
}

}  // namespace
}  // namespace condnet::test
