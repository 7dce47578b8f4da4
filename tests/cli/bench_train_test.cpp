#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "nn/model_paths.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

TEST(BenchTrain, ReportsThroughputAsJson) {
  const auto result = run_condnet("bench-train --model " + model_file("fast.json").string() +
                                  " --size 16 --batch 2 --steps 1 --warmup 1 --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_GT(json["train"]["samples_per_second"].get<double>(), 0);
  EXPECT_GT(json["infer"]["samples_per_second"].get<double>(), 0);
  EXPECT_GT(json["peak_flops"].get<double>(), 0);
  EXPECT_EQ(json["train"]["inner_reorders"], 0);
}

TEST(BenchTrain, BadOptionsAreOneLineExitTwo) {
  for (const char* arguments : {"bench-train --precision fp16", "bench-train --device tpu",
                                "bench-train --model /nonexistent/model.json"}) {
    const auto result = run_condnet(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  }
}

}  // namespace
}  // namespace condnet::test
