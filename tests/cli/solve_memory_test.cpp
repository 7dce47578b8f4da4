// `condnet solve` and memory: the estimate it prints beside the measured peak (each solve in
// its own process, VmHWM reset at the solve's start) is within 20% of that peak for every solver
// path on generated volumes of two sizes and porosities; a solve over --max-memory is refused in
// one line, exit 2, before anything large is allocated; a bad --max-memory is one line.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_paths.hpp"
#include "voxel/generate/generator.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

// family^n from `config` (seed 5) in dir, made once.
std::filesystem::path generated(const std::filesystem::path& dir, const std::string& config,
                                int n) {
  const auto json = nlohmann::json::parse(config);
  const auto path = dir / fmt::format("{}-{}-{}.npy", json.at("family").get<std::string>(), n,
                                      json.value("porosity", 0.0));
  if (!std::filesystem::exists(path))
    voxel::write_volume(voxel::generate::make_generator(json)->generate({n, n, n}, 5).volume,
                        path.string());
  return path;
}

nlohmann::json first_axis(const CommandResult& result) {
  const auto start = result.output.find('{');
  if (start == std::string::npos) return {};
  return nlohmann::json::parse(result.output.substr(start))["axes"][0];
}

void expect_estimate_near_peak(const nlohmann::json& axis, const std::string& what) {
  const double estimate = axis.at("estimated_memory_bytes").get<double>();
  const double peak = axis.at("peak_memory_bytes").get<double>();
  std::printf("%-60s estimate %7.1f MB, peak %7.1f MB, ratio %.3f\n", what.c_str(), estimate / 1e6,
              peak / 1e6, estimate / peak);
  EXPECT_GT(peak, 0) << what;
  EXPECT_NEAR(estimate / peak, 1.0, 0.2) << what;
}

// Memory is allocated before the first iteration: a few iterations reach the peak.
constexpr const char* kFewIterations = " --axis x --max-iterations 10 --json";

TEST(SolveMemory, EstimateWithinTwentyPercentOfThePeakForEverySolverPath) {
  if (std::getenv("ASAN_OPTIONS")) GTEST_SKIP() << "sanitizer build: memory is ASan's";
  const auto dir = scratch_dir("solve_memory_estimate");
  for (const char* config : {R"({"family":"overlapping-spheres","porosity":0.5})",
                             R"({"family":"gaussian-field","porosity":0.3})"})
    for (const int n : {64, 128}) {
      const auto volume = generated(dir, config, n).string();
      for (const char* solver : {"multigrid", "jacobi_cg", "hypre"}) {
        const auto result =
            run_condnet("solve " + volume + " --phase 1 --solver " + solver + kFewIterations);
        ASSERT_EQ(result.exit_code, 0) << result.output;
        expect_estimate_near_peak(first_axis(result), fmt::format("{} {}^3 {}", config, n, solver));
      }
    }
}

TEST(SolveMemory, EstimatePerRankUnderMpirun) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  if (std::getenv("ASAN_OPTIONS")) GTEST_SKIP() << "sanitizer build: memory is ASan's";
  const auto dir = scratch_dir("solve_memory_mpi");
  const auto volume = generated(dir, R"({"family":"overlapping-spheres","porosity":0.5})", 128);
  const auto result = run_shell(
      "mpirun --oversubscribe --allow-run-as-root -np 2 --mca btl self,vader,tcp " +
      std::string(CONDNET_BINARY) + " solve " + volume.string() + " --phase 1" + kFewIterations);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  expect_estimate_near_peak(first_axis(result), "mpirun -np 2, rank 0, 128^3 hypre");
}

TEST(SolveMemory, OverTheLimitIsRefusedInOneLineBeforeAllocating) {
  if (std::getenv("ASAN_OPTIONS")) GTEST_SKIP() << "sanitizer build: ulimit -v breaks ASan";
  const auto dir = scratch_dir("solve_memory_refused");
  const auto volume =
      generated(dir, R"({"family":"overlapping-spheres","porosity":0.5})", 128).string();
  // Under a 200 MB address-space limit the solve itself (about 170 MB resident, more mapped)
  // cannot run; the refusal must come before it tries. OPENBLAS_NUM_THREADS=1: where libblas
  // is OpenBLAS (a fresh Debian machine's default; HYPRE links it), its thread pool, started
  // when the library loads, retries a failing 128 MB buffer forever under `ulimit -v` and exit
  // waits for it.
  const std::string limited = "ulimit -v 200000; OPENBLAS_NUM_THREADS=1 " +
                              std::string(CONDNET_BINARY) + " solve " + volume +
                              " --phase 1 --axis x --max-iterations 10";
  if (run_shell(limited).exit_code == 0) GTEST_SKIP() << "the solve fits in 200 MB here";
  const auto refused = run_shell(limited + " --max-memory 64M");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  // The volume's header line is printed after the check: the refusal is the only line.
  EXPECT_EQ(std::count(refused.output.begin(), refused.output.end(), '\n'), 1) << refused.output;
  for (const char* word : {"--max-memory 64M", "estimated", "M at its peak"})
    EXPECT_NE(refused.output.find(word), std::string::npos) << refused.output;
}

TEST(SolveMemory, BadMaxMemoryIsOneLine) {
  const auto dir = scratch_dir("solve_memory_bad");
  const auto volume =
      generated(dir, R"({"family":"overlapping-spheres","porosity":0.5})", 16).string();
  for (const std::string bad : {"8X", "0", "G", "1.5.2M", "lots"}) {
    const auto result = run_condnet("solve " + volume + " --phase 1 --max-memory " + bad);
    EXPECT_EQ(result.exit_code, 2) << bad << ": " << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
    EXPECT_NE(result.output.find("--max-memory " + bad), std::string::npos) << result.output;
  }
  const auto fits = run_condnet("solve " + volume + " --phase 1 --axis x --max-memory 8G --json");
  EXPECT_EQ(fits.exit_code, 0) << fits.output;
}

}  // namespace
}  // namespace condnet::test
