// `condnet bench-train`: training and inference throughput of a model on one device, with the
// FLOP rate and its fraction of the device's measured peak.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "bench/bench_model.hpp"
#include "bench/throughput.hpp"
#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/error.hpp"

namespace condnet::cli {

namespace {

void print_rate(const char* what, const bench::Throughput& t, double peak) {
  fmt::print("{:<10} {:8.2f} samples/s  {:8.1f} ms/step  {:7.1f} GFLOP/s", what,
             t.samples_per_second, 1e3 * t.seconds_per_step, 1e-9 * t.flops_per_second);
  if (peak > 0) fmt::print("  ({:.0f}% of peak)", 100 * t.flops_per_second / peak);
  fmt::print("\n");
  fmt::print(
      "{:<10} arena {:.0f} MiB (unshared {:.0f} MiB), scratchpad {:.1f} MiB, {} kernels, "
      "{} fused ops, reorders {} at edges / {} inside, {} reference kernels\n",
      "", t.plan.arena_bytes / 1048576.0, t.plan.arena_demand / 1048576.0,
      t.plan.scratchpad_bytes / 1048576.0, t.plan.kernels, t.plan.fused_ops, t.plan.edge_reorders,
      t.plan.inner_reorders, t.plan.reference_kernels);
  for (const auto& k : t.kernels)
    fmt::print("{:<10}   {:7.2f} ms  {}\n", "",
               1e3 * k.seconds / std::max<std::int64_t>(k.calls, 1), k.label);
}

}  // namespace

void add_bench_train_command(CLI::App& app) {
  auto* command = app.add_subcommand("bench-train",
                                     "Training and inference throughput of a model on one device");
  struct Args {
    std::string model = "models/base.json";
    std::string device = "cpu";
    std::string precision = "fp32";
    std::int64_t size = 0;
    bench::ThroughputOptions options;
    std::string mode = "both";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  command->add_option("--model", args->model, "Model JSON")->capture_default_str();
  command->add_option("--device", args->device, "reference or cpu")
      ->capture_default_str()
      ->check(CLI::IsMember(runtime::device_names()));
  command->add_option("--batch", args->options.batch, "Samples per step")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--size", args->size, "Edge of the cubic input (default: the model's)")
      ->check(positive());
  command->add_option("--precision", args->precision, "fp32 or bf16")->capture_default_str();
  command->add_option("--steps", args->options.steps, "Timed steps")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--warmup", args->options.warmup, "Untimed steps first")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--mode", args->mode, "train, infer or both")
      ->capture_default_str()
      ->check(CLI::IsMember({"train", "infer", "both"}));
  command->add_flag("--profile", args->options.profile, "Per-kernel times (slower)");
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->callback([args] {
    args->options.dtype = runtime::parse_dtype(args->precision, "--precision");
    const auto graph = bench::read_model(args->model, args->size);
    args->options.train = args->mode != "infer";
    args->options.infer = args->mode != "train";
    auto device = runtime::make_device(args->device);
    const auto report = bench::measure_throughput(*device, graph, args->options);
    if (args->json) {
      auto out = bench::to_json(report);
      out["model"] = graph.name();
      out["input"] = graph.input_shape();
      out["batch"] = args->options.batch;
      out["precision"] = args->precision;
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("{} {}, batch {}, {} on {}\n", graph.name(), nn::format_dims(graph.input_shape()),
               args->options.batch, args->precision, report.device);
    fmt::print("measured peak {:.1f} GFLOP/s\n", 1e-9 * report.peak_flops);
    if (args->options.train) print_rate("train", report.train, report.peak_flops);
    if (args->options.infer) print_rate("inference", report.infer, report.peak_flops);
  });
}

}  // namespace condnet::cli
