// `condnet bench-pipeline`: training throughput of a model pipelined over S stages of one
// core each against one stage on all S cores, with per-stage utilisation and the bubble.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "bench/bench_model.hpp"
#include "bench/pipeline_throughput.hpp"
#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/error.hpp"

namespace condnet::cli {

namespace {

void print_rate(const char* what, const bench::PipelineRate& rate) {
  const auto& stats = rate.stats;
  fmt::print("{:<28} {:8.2f} samples/s  {:8.1f} ms/step  bubble {:.1f}% (theory {:.1f}%)\n", what,
             rate.samples_per_second, 1e3 * rate.seconds_per_step, 100 * stats.bubble,
             100 * stats.theoretical_bubble);
  for (std::size_t s = 0; s < stats.stages.size(); ++s) {
    const auto& stage = stats.stages[s];
    fmt::print(
        "  stage {}: busy {:.0f}% of the forward/backward wall time, {:.1f} GFLOP/s ({:.0f}% "
        "of its peak {:.1f}), {} plans, activations at most {:.0f} MiB, {:.0f} MiB in all\n",
        s, 100 * bench::busy_fraction(stats, stage), 1e-9 * stage.flops_per_second,
        100 * stage.peak_fraction, 1e-9 * stage.peak_flops, stage.plans,
        stage.peak_activation_bytes / 1048576.0, stage.memory_bytes / 1048576.0);
  }
}

}  // namespace

void add_bench_pipeline_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "bench-pipeline", "Pipeline-parallel training throughput: S stages x 1 core vs 1 x S cores");
  struct Args {
    std::string model = "models/base.json";
    std::int64_t size = 0;
    std::string schedule = "1f1b";
    std::string split = "markers";
    bench::PipelineBenchOptions options;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("--model", args->model, "Model JSON")->capture_default_str();
  command->add_option("--size", args->size, "Edge of the cubic input (default: the model's)")
      ->check(positive());
  command->add_option("--stages", args->options.stages, "Pipeline stages (one core each)")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--split", args->split, "markers or balanced (by measured layer times)")
      ->capture_default_str()
      ->check(CLI::IsMember({"markers", "balanced"}));
  command->add_option("--schedule", args->schedule, "gpipe or 1f1b")
      ->capture_default_str()
      ->check(CLI::IsMember({"gpipe", "1f1b"}));
  command->add_option("--micro-batch", args->options.micro_batch, "Samples per micro-batch")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--micro-batches", args->options.micro_batches, "Micro-batches per step")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--steps", args->options.steps, "Timed steps")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--warmup", args->options.warmup, "Untimed steps first")
      ->capture_default_str()
      ->check(non_negative());
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->callback([args] {
    args->options.schedule = pipeline::parse_schedule(args->schedule, "--schedule");
    args->options.balanced = args->split == "balanced";
    const auto graph = bench::read_model(args->model, args->size);
    const auto report = bench::measure_pipeline_throughput(graph, args->options, args->model);
    if (args->json) {
      auto out = bench::to_json(report);
      out["model"] = graph.name();
      out["input"] = graph.input_shape();
      out["micro_batch"] = args->options.micro_batch;
      out["micro_batches"] = args->options.micro_batches;
      out["schedule"] = args->schedule;
      fmt::print("{}\n", out.dump(2));
      return;
    }
    const int s = args->options.stages;
    fmt::print("{} {}, {} micro-batches of {}, {}\n", graph.name(),
               nn::format_dims(graph.input_shape()), args->options.micro_batches,
               args->options.micro_batch, args->schedule);
    for (int stage = 0; stage < s; ++stage)
      fmt::print("stage {}: {}\n", stage, report.stage_layers[stage]);
    print_rate(fmt::format("{} stages x 1 core", s).c_str(), report.pipelined);
    print_rate(fmt::format("1 stage x {} cores", s).c_str(), report.single);
    fmt::print("pipelined / single: {:.2f}\n", bench::speedup(report));
  });
}

}  // namespace condnet::cli
