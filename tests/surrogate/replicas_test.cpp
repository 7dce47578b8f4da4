// Data-parallel replicas: `mpirun -np 2 condnet train --batch 4` (gradients summed over the
// ranks) trains the same weights as one process accumulating two micro-batches of 4; summing
// during the last backward (the default) trains exactly the weights of summing after it
// (--no-overlap).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "nn/graph.hpp"
#include "nn/model_paths.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "train/checkpoint.hpp"

namespace condnet::test {
namespace {

double max_relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double scale = 0, worst = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    scale = std::max(scale, static_cast<double>(std::fabs(a[i])));
    worst = std::max(worst, static_cast<double>(std::fabs(a[i] - b[i])));
  }
  return worst / std::max(scale, 1e-30);
}

// `mpirun -np 2 condnet`, for the arguments that follow.
std::string mpirun_two_ranks() {
  // Sanitizer builds: the ranks skip leak checks (Open MPI's own allocations).
  const char* asan = std::getenv("ASAN_OPTIONS");
  return "ASAN_OPTIONS='" + std::string(asan ? asan : "") +
         ":detect_leaks=0' OMP_NUM_THREADS=1 mpirun --oversubscribe --allow-run-as-root -np 2 "
         "--mca btl self,vader,tcp " +
         std::string(CONDNET_BINARY);
}

TEST(Replicas, TwoRanksEqualOneRankAccumulatingTwiceAsManyMicroBatches) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  const auto dir = scratch_dir("train_replicas");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "nobn", false);
  const std::string common = " train --quiet --data " + data.string() + " --model " +
                             model.string() + " --epochs 2 --batch 4 --seed 3 --warmup 0 -o ";
  const auto single = run_condnet(common + (dir / "single").string() + " --accum 2");
  ASSERT_EQ(single.exit_code, 0) << single.output;
  const auto replicated = run_shell(mpirun_two_ranks() + common + (dir / "replicated").string());
  ASSERT_EQ(replicated.exit_code, 0) << replicated.output;
  const auto a = train::load_checkpoint(dir / "single" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "replicated" / "last.safetensors");
  EXPECT_EQ(a.step, b.step);
  EXPECT_LT(max_relative_difference(a.params, b.params), 1e-5);
  // One process with micro-batches of 4 and no accumulation takes twice the steps: another
  // training, which the comparison tells apart.
  const auto unaccumulated = run_condnet(common + (dir / "plain").string());
  ASSERT_EQ(unaccumulated.exit_code, 0) << unaccumulated.output;
  const auto c = train::load_checkpoint(dir / "plain" / "last.safetensors");
  EXPECT_GT(max_relative_difference(a.params, c.params), 1e-3);
  const auto run = nlohmann::json::parse(std::ifstream(dir / "replicated" / "run.json"));
  EXPECT_EQ(run["replicas"], 2);
}

TEST(Replicas, OverlappedSumTrainsTheBlockingSumsWeightsExactly) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  const auto dir = scratch_dir("train_replicas_overlap");
  const auto data = labelled_dataset(dir, "data", 48);
  // models/fast.json on 16^3 cubes: about 300k parameters, several 256 KiB buckets.
  auto model = nn::Graph::read_json(model_file("fast.json"), "fast.json");
  model["input"] = {1, 16, 16, 16};
  const auto model_path = dir / "fast16.json";
  std::ofstream(model_path) << model.dump();
  const std::string common = " train --quiet --data " + data.string() + " --model " +
                             model_path.string() +
                             " --epochs 1 --batch 4 --accum 2 --seed 5 --warmup 0 -o ";
  const auto overlapped = run_shell(mpirun_two_ranks() + common + (dir / "overlap").string());
  ASSERT_EQ(overlapped.exit_code, 0) << overlapped.output;
  const auto blocking =
      run_shell(mpirun_two_ranks() + common + (dir / "blocking").string() + " --no-overlap");
  ASSERT_EQ(blocking.exit_code, 0) << blocking.output;
  const auto a = train::load_checkpoint(dir / "overlap" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "blocking" / "last.safetensors");
  EXPECT_GT(a.step, 0);
  EXPECT_EQ(a.step, b.step);
  EXPECT_TRUE(a.params == b.params)
      << "max relative difference " << max_relative_difference(a.params, b.params);
  EXPECT_TRUE(a.buffers == b.buffers);
  const auto run_a = nlohmann::json::parse(std::ifstream(dir / "overlap" / "run.json"));
  const auto run_b = nlohmann::json::parse(std::ifstream(dir / "blocking" / "run.json"));
  EXPECT_EQ(run_a["options"]["overlap_allreduce"], true);
  EXPECT_EQ(run_b["options"]["overlap_allreduce"], false);
  // The overlapped run's timeline has one all-reduce event per bucket and step; the blocking
  // one, one per step on the device's row.
  const auto count_events = [](const std::filesystem::path& trace, const std::string& name) {
    const auto events = nlohmann::json::parse(std::ifstream(trace)).at("traceEvents");
    int count = 0;
    for (const auto& event : events)
      if (event.value("name", "") == name) ++count;
    return count;
  };
  const int steps_traced = count_events(dir / "overlap" / "trace.json", "all-reduce wait");
  EXPECT_GT(steps_traced, 0);
  EXPECT_GE(count_events(dir / "overlap" / "trace.json", "all-reduce"), 3 * steps_traced);
  EXPECT_GT(count_events(dir / "blocking" / "trace.json", "all-reduce"), 0);
  EXPECT_EQ(count_events(dir / "blocking" / "trace.json", "all-reduce wait"), 0);
}

}  // namespace
}  // namespace condnet::test
