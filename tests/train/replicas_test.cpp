// Data-parallel replicas: `mpirun -np 2 condnet train --batch 4` (gradients summed over the
// ranks) trains the same weights as one process accumulating two micro-batches of 4; summing
// during the last backward (the default) trains exactly the weights of summing after it
// (--replica-reduce blocking); the same holds when each rank pipelines its micro-batches over
// two stages (summing each stage's gradients while the stages before it still work); and the
// ranks on one machine pipeline on different core groups.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "nn/graph.hpp"
#include "nn/model_paths.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "train/checkpoint.hpp"
#include "train/core_groups.hpp"

namespace condnet::test {
namespace {

// `mpirun -np 2 condnet`, for the arguments that follow.
std::string mpirun_two_ranks() {
  // Sanitizer builds: the ranks skip leak checks (Open MPI's own allocations).
  const char* asan = std::getenv("ASAN_OPTIONS");
  return "ASAN_OPTIONS='" + std::string(asan ? asan : "") +
         ":detect_leaks=0' OMP_NUM_THREADS=1 mpirun --oversubscribe --allow-run-as-root -np 2 "
         "--mca btl self,vader,tcp " +
         std::string(CONDNET_BINARY);
}

// `mpirun -np 2` of `command` (condnet's arguments), one OpenMP thread per rank.
CommandResult run_two_ranks(const std::string& command) {
  return run_shell(mpirun_two_ranks() + command);
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
  const auto replicated = run_two_ranks(common + (dir / "replicated").string());
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
  const auto overlapped = run_two_ranks(common + (dir / "overlap").string());
  ASSERT_EQ(overlapped.exit_code, 0) << overlapped.output;
  const auto blocking =
      run_two_ranks(common + (dir / "blocking").string() + " --replica-reduce blocking");
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
  EXPECT_EQ(run_a["options"]["overlap_reduce"], true);
  EXPECT_EQ(run_b["options"]["overlap_reduce"], false);
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
  // The metrics say how long the sums took and how much of it the step waited for.
  std::ifstream metrics(dir / "overlap" / "metrics.jsonl");
  std::string first;
  std::getline(metrics, first);
  const auto reduce = nlohmann::json::parse(first).at("all_reduce");
  EXPECT_EQ(reduce["overlapped"], true);
  EXPECT_GE(reduce["buckets"].get<int>(), 3);
  EXPECT_GT(reduce["seconds"].get<double>(), 0.0);
  EXPECT_GE(reduce["exposed_seconds"].get<double>(), 0.0);
}

TEST(Replicas, TwoRanksOfTwoStagesEqualOneRankOfTwoStagesAccumulatingTwiceAsMany) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  const auto dir = scratch_dir("train_replicas_stages");
  const auto data = labelled_dataset(dir, "data", 48);
  // No batchnorm: each rank would update the running statistics with its own micro-batches
  // only (the weights would still agree, the saved statistics would not).
  const auto model = small_model(dir, "nobn_staged", false, 16, true);
  const std::string common = " train --quiet --data " + data.string() + " --model " +
                             model.string() +
                             " --epochs 2 --batch 2 --seed 3 --warmup 0 --stages 2 -o ";
  const auto single = run_condnet(common + (dir / "single").string() + " --accum 4");
  ASSERT_EQ(single.exit_code, 0) << single.output;
  const auto replicated = run_two_ranks(common + (dir / "replicated").string() + " --accum 2");
  ASSERT_EQ(replicated.exit_code, 0) << replicated.output;
  const auto a = train::load_checkpoint(dir / "single" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "replicated" / "last.safetensors");
  EXPECT_EQ(a.step, b.step);
  EXPECT_LT(max_relative_difference(a.params, b.params), 1e-5);
  EXPECT_LT(
      max_relative_difference(a.optimizer_state.at("exp_avg"), b.optimizer_state.at("exp_avg")),
      1e-4);
  // Summing each stage's gradients after all backwards instead of while stage 0 still works
  // trains the same weights and optimizer state, bit for bit.
  const auto blocking =
      run_two_ranks(common + (dir / "blocking").string() + " --accum 2 --replica-reduce blocking");
  ASSERT_EQ(blocking.exit_code, 0) << blocking.output;
  const auto d = train::load_checkpoint(dir / "blocking" / "last.safetensors");
  EXPECT_EQ(d.params, b.params);
  EXPECT_EQ(d.optimizer_state.at("exp_avg"), b.optimizer_state.at("exp_avg"));
  // Without the sum over the ranks each would train on half the data: another training.
  const auto alone = run_condnet(common + (dir / "alone").string() + " --accum 2");
  ASSERT_EQ(alone.exit_code, 0) << alone.output;
  const auto c = train::load_checkpoint(dir / "alone" / "last.safetensors");
  EXPECT_GT(max_relative_difference(a.params, c.params), 1e-3);
  // Every step's all-reduce is on both stages' rows of the timeline, after their backwards.
  const auto trace = nlohmann::json::parse(std::ifstream(dir / "replicated" / "trace.json"));
  std::map<int, int> reduces;
  for (const auto& event : trace["traceEvents"])
    if (event["ph"] == "X" && event["name"] == "all-reduce") ++reduces[event["tid"].get<int>()];
  EXPECT_EQ(reduces,
            (std::map<int, int>{{0, static_cast<int>(b.step)}, {1, static_cast<int>(b.step)}}));
  // A pipelined replicated run resumes (under mpirun with as many ranks).
  const auto resumed =
      run_two_ranks(" train --quiet --resume " + (dir / "replicated").string() + " --epochs 3");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_GT(train::load_checkpoint(dir / "replicated" / "last.safetensors").step, b.step);
}

TEST(Replicas, RanksOnOneMachinePipelineOnDifferentCoreGroups) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (const int ranks : {1, 2, 4})
    for (const int stages : {1, 2, 3}) {
      const int groups = ranks * stages;
      std::map<int, int> uses;  // core -> groups holding it
      for (int rank = 0; rank < ranks; ++rank) {
        const auto mine = train::core_groups(stages, rank, ranks);
        ASSERT_EQ(static_cast<int>(mine.size()), stages);
        for (const auto& group : mine) {
          EXPECT_FALSE(group.empty());
          EXPECT_EQ(std::set<int>(group.begin(), group.end()).size(), group.size());
          for (const int core : group) {
            EXPECT_GE(core, 0);
            EXPECT_LT(core, cores);
            ++uses[core];
          }
        }
      }
      // Enough cores: no two groups share one, and together they hold as many as they can;
      // too few: shared round-robin, every core by at most ceil(groups / cores).
      const int most = (groups + cores - 1) / cores;
      for (const auto& [core, count] : uses)
        EXPECT_LE(count, cores >= groups ? 1 : most) << ranks << " x " << stages;
      EXPECT_EQ(static_cast<int>(uses.size()), cores >= groups ? groups * (cores / groups) : cores)
          << ranks << " x " << stages;
    }
}

}  // namespace
}  // namespace condnet::test
