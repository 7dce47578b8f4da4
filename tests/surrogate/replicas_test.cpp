// Data-parallel replicas: `mpirun -np 2 condnet train --batch 4` (gradients summed over the
// ranks) trains the same weights as one process accumulating two micro-batches of 4.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

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

TEST(Replicas, TwoRanksEqualOneRankAccumulatingTwiceAsManyMicroBatches) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  const auto dir = scratch_dir("train_replicas");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "nobn", false);
  const std::string common = " train --quiet --data " + data.string() + " --model " +
                             model.string() + " --epochs 2 --batch 4 --seed 3 --warmup 0 -o ";
  const auto single = run_condnet(common + (dir / "single").string() + " --accum 2");
  ASSERT_EQ(single.exit_code, 0) << single.output;
  // Sanitizer builds: the ranks skip leak checks (Open MPI's own allocations).
  const char* asan = std::getenv("ASAN_OPTIONS");
  const auto replicated = run_shell(
      "ASAN_OPTIONS='" + std::string(asan ? asan : "") +
      ":detect_leaks=0' OMP_NUM_THREADS=1 mpirun --oversubscribe --allow-run-as-root -np 2 "
      "--mca btl self,vader,tcp " +
      std::string(CONDNET_BINARY) + common + (dir / "replicated").string());
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

}  // namespace
}  // namespace condnet::test
