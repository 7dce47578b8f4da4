#pragma once
// Training and inference throughput of a model on one device: random binary volumes (as the
// microstructures are), MSE against random targets, Adam, one micro-batch per step. Warm-up
// steps run first (they touch every page of the plan's memory); timed steps follow.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/device.hpp"

namespace condnet::bench {

struct ThroughputOptions {
  std::int64_t batch = 16;
  runtime::DType dtype = runtime::DType::f32;
  int warmup = 2;
  int steps = 10;
  bool train = true;
  bool infer = true;
  bool profile = false;  // per-kernel times (slows the run: it waits after each kernel)
};

struct Throughput {
  double samples_per_second = 0;
  double seconds_per_step = 0;  // the median step
  double flops_per_sample = 0;
  double flops_per_second = 0;
  runtime::PlanStats plan;
  std::vector<runtime::KernelTime> kernels;  // when profiling
};

struct ThroughputReport {
  std::string device;
  double peak_flops = 0;  // measured, for the chosen precision
  Throughput train;
  Throughput infer;
};

ThroughputReport measure_throughput(runtime::Device& device, const nn::Graph& graph,
                                    const ThroughputOptions& options);

nlohmann::json to_json(const ThroughputReport& report);

}  // namespace condnet::bench
