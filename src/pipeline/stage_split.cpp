#include "pipeline/stage_split.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <functional>
#include <limits>
#include <thread>

#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"

namespace condnet::pipeline {

namespace {

bool is_marker(const nn::Graph& graph, int node) {
  return node != nn::kGraphInput && graph.nodes()[node].layer->kind() == nn::OpKind::stage;
}

// The value a node's output stands for: a stage marker passes its input through.
int resolve(const nn::Graph& graph, int node) {
  while (is_marker(graph, node)) node = graph.nodes()[node].inputs[0];
  return node;
}

std::string value_name(const nn::Graph& graph, int value) {
  return value == nn::kGraphInput ? "input" : graph.nodes()[value].name;
}

// Values made before node `cut` (or the graph input) that nodes from `cut` on read.
std::vector<int> crossing(const nn::Graph& graph, int cut) {
  std::vector<int> values;
  for (int node = cut; node < static_cast<int>(graph.nodes().size()); ++node) {
    if (is_marker(graph, node)) continue;
    for (const int input : graph.nodes()[node].inputs) {
      const int value = resolve(graph, input);
      if (value < cut && std::find(values.begin(), values.end(), value) == values.end())
        values.push_back(value);
    }
  }
  return values;
}

// The last real (non-marker) value of nodes [begin, end), or kGraphInput - 1 when none.
int last_value(const nn::Graph& graph, int begin, int end) {
  const int value = resolve(graph, end - 1);
  return value >= begin ? value : nn::kGraphInput - 1;
}

nlohmann::json stage_json(const nn::Graph& graph, int stage, int stages, int begin, int end,
                          int boundary, const std::string& source) {
  nlohmann::json layers = nlohmann::json::array();
  for (int node = begin; node < end; ++node) {
    if (is_marker(graph, node)) continue;
    const nn::Node& n = graph.nodes()[node];
    nlohmann::json layer = n.layer->to_json();
    layer["name"] = n.name;
    nlohmann::json inputs = nlohmann::json::array();
    for (const int input : n.inputs) {
      const int value = resolve(graph, input);
      if (value == boundary)
        inputs.push_back("input");
      else if (value >= begin)
        inputs.push_back(graph.nodes()[value].name);
      else
        fail(
            "{}: layer '{}' of stage {} reads '{}' from an earlier stage; a stage may read only "
            "the previous stage's last layer (no skip connections across a cut)",
            source, n.name, stage, value_name(graph, value));
    }
    layer["inputs"] = inputs;
    layers.push_back(layer);
  }
  nlohmann::json model{{"name", fmt::format("{}.stage{}", graph.name(), stage)},
                       {"input", graph.shape_of(boundary)},
                       {"layers", layers}};
  if (stage == stages - 1 && !graph.output_names().empty()) model["outputs"] = graph.output_names();
  return nn::Graph::parse(model, fmt::format("{} (stage {})", source, stage)).to_json();
}

}  // namespace

std::vector<nlohmann::json> split_at(const nn::Graph& graph, std::span<const int> cuts,
                                     const std::string& source) {
  const int nodes = static_cast<int>(graph.nodes().size());
  std::vector<int> begins{0};
  for (const int cut : cuts) {
    if (cut <= begins.back() || cut >= nodes)
      fail("{}: stage cuts must be ascending node indices in 1..{}, got {}", source, nodes - 1,
           cut);
    begins.push_back(cut);
  }
  const int stages = static_cast<int>(begins.size());
  begins.push_back(nodes);
  std::vector<nlohmann::json> result;
  int boundary = nn::kGraphInput;
  for (int s = 0; s < stages; ++s) {
    const int begin = begins[s], end = begins[s + 1];
    const int output = last_value(graph, begin, end);
    if (output < begin) fail("{}: stage {} has no layer besides stage markers", source, s);
    if (s + 1 < stages) {
      const auto values = crossing(graph, end);
      for (const int value : values)
        if (value != output)
          fail(
              "{}: '{}' crosses the cut before layer '{}' besides stage {}'s output '{}'; only "
              "one tensor, the last layer's output, may cross a cut (no skip connections)",
              source, value_name(graph, value), graph.nodes()[end].name, s,
              graph.nodes()[output].name);
    }
    result.push_back(stage_json(graph, s, stages, begin, end, boundary, source));
    boundary = output;
  }
  return result;
}

std::vector<nlohmann::json> split_at_markers(const nn::Graph& graph, const std::string& source) {
  std::vector<int> cuts;
  for (int node = 1; node < static_cast<int>(graph.nodes().size()); ++node)
    if (is_marker(graph, node)) cuts.push_back(node);
  return split_at(graph, cuts, source);
}

namespace {

// Seconds on the calling thread's CPU clock when it computes alone (a one-core group: a team
// of one OpenMP thread, itself), which other processes on the core do not inflate; else on
// the wall clock.
std::function<double()> clock_for(const std::string& device) {
  if (runtime::pinned_cpus(device).size() == 1)
    return [] {
      timespec time{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time);
      return static_cast<double>(time.tv_sec) + 1e-9 * static_cast<double>(time.tv_nsec);
    };
  return [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
}

double time_here(const nn::Graph& graph, const BalanceOptions& options, bool input_grad) {
  auto device = runtime::make_device_for_this_thread(options.device, "layer timing");
  auto slabs = runtime::allocate_slabs(*device, graph);
  nn::init_parameters(graph, slabs.params->floats().first(graph.param_floats()),
                      slabs.buffers->floats().first(graph.buffer_floats()), 1);
  runtime::PlanOptions plan_options;
  plan_options.batch = options.batch;
  plan_options.dtype = options.dtype;
  plan_options.input_grad = input_grad;
  auto plan = device->compile(graph, plan_options);
  plan->bind(slabs);
  auto stream = device->create_stream();
  const auto buffer_of = [&](const nn::Dims& sample, std::uint64_t seed) {
    const auto count = static_cast<std::size_t>(options.batch * nn::element_count(sample));
    auto buffer = device->allocate(count * sizeof(float));
    nn::Rng rng(seed);
    for (float& value : buffer->floats()) value = rng.normal();
    return buffer;
  };
  const auto x = buffer_of(graph.input_shape(), 2);
  const auto dy = buffer_of(graph.output_shape(), 3);
  auto y = buffer_of(graph.output_shape(), 4);
  auto dx = buffer_of(graph.input_shape(), 5);
  const auto now = clock_for(options.device);
  double best = std::numeric_limits<double>::infinity();
  for (int pass = 0; pass <= std::max(options.repeats, 1); ++pass) {
    stream->fill_zero(*slabs.grads, 0, slabs.grads->size());
    stream->synchronize();
    const double start = now();
    plan->forward(*stream, *x, *y);
    plan->backward(*stream, *dy, input_grad ? dx.get() : nullptr);
    stream->synchronize();
    if (pass > 0) best = std::min(best, now() - start);
  }
  return best;
}

}  // namespace

double time_training_pass(const nn::Graph& graph, const BalanceOptions& options, bool input_grad) {
  if (runtime::pinned_cpus(options.device, "layer timing").empty())
    return time_here(graph, options, input_grad);
  double seconds = 0;
  std::exception_ptr error;
  std::thread([&] {
    try {
      seconds = time_here(graph, options, input_grad);
    } catch (...) {
      error = std::current_exception();
    }
  }).join();
  if (error) std::rethrow_exception(error);
  return seconds;
}

BalancedSplit split_balanced(const nn::Graph& graph, int stages, const BalanceOptions& options,
                             const std::string& source) {
  BalancedSplit split;
  for (int node = 1; node < static_cast<int>(graph.nodes().size()); ++node) {
    const auto kind = graph.nodes()[node].layer->kind();
    if (kind == nn::OpKind::stage || kind == nn::OpKind::batchnorm3d ||
        kind == nn::OpKind::activation)
      continue;
    const auto values = crossing(graph, node);
    if (values.size() == 1 && values[0] == resolve(graph, node - 1))
      split.block_cuts.push_back(node);
  }
  const int blocks = static_cast<int>(split.block_cuts.size()) + 1;
  if (stages < 1 || stages > blocks)
    fail("{}: cannot balance {} stages: the model has {} places to cut it ({} blocks)", source,
         stages, blocks - 1, blocks);
  const auto block_models = split_at(graph, split.block_cuts, source);
  for (int b = 0; b < blocks; ++b)
    split.block_seconds.push_back(time_training_pass(
        nn::Graph::parse(block_models[b], fmt::format("{} (block {})", source, b)), options,
        b > 0));

  // best[s][b]: the smallest slowest-stage time of blocks [0, b) in s stages; from[s][b] the
  // first block of the last of those stages.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> prefix{0};
  for (const double t : split.block_seconds) prefix.push_back(prefix.back() + t);
  std::vector<std::vector<double>> best(stages + 1, std::vector<double>(blocks + 1, inf));
  std::vector<std::vector<int>> from(stages + 1, std::vector<int>(blocks + 1, 0));
  best[0][0] = 0;
  for (int s = 1; s <= stages; ++s)
    for (int b = s; b <= blocks; ++b)
      for (int first = s - 1; first < b; ++first) {
        const double slowest = std::max(best[s - 1][first], prefix[b] - prefix[first]);
        if (slowest < best[s][b]) {
          best[s][b] = slowest;
          from[s][b] = first;
        }
      }
  std::vector<int> first_blocks;
  for (int s = stages, b = blocks; s > 0; b = from[s][b], --s) first_blocks.push_back(from[s][b]);
  std::reverse(first_blocks.begin(), first_blocks.end());
  for (int s = 0; s < stages; ++s) {
    const int first = first_blocks[s];
    const int after = s + 1 < stages ? first_blocks[s + 1] : blocks;
    if (s > 0) split.cuts.push_back(split.block_cuts[first - 1]);
    split.stage_seconds.push_back(prefix[after] - prefix[first]);
  }
  split.stages = split_at(graph, split.cuts, source);
  return split;
}

}  // namespace condnet::pipeline
