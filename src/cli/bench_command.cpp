// `condnet bench`: the execution-strategy sweep (bench/sweep.hpp) as a table, JSON and an
// HTML page with a chart (bench/sweep_page.hpp). This file declares and checks the options and
// writes the results; the rows run in bench/sweep_runner.hpp. Rows with replicas > 1 run as
// `mpirun -np R condnet bench --replica-child ...` (bench/mpirun_row.hpp): that hidden flag
// makes this process one rank of such a row, printing the row as one JSON line on rank 0.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "bench/bench_model.hpp"
#include "bench/sweep_page.hpp"
#include "bench/sweep_runner.hpp"
#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/atomic_file.hpp"
#include "runtime/device.hpp"

namespace condnet::cli {

namespace {

struct BenchArgs {
  bench::SweepOptions options;
  std::vector<std::int64_t> micro_batches{4};
  std::vector<int> accums{1, 4};
  std::vector<int> stages{1, 2};
  std::vector<std::string> schedules{"1f1b", "gpipe"};
  std::vector<std::string> precisions{"fp32"};
  std::vector<int> replicas{1, 2};
  bool json = false;
  std::string json_out;
  std::string html;
  bool replica_child = false;
};

std::vector<bench::SweepConfig> grid_of(const BenchArgs& args) {
  std::vector<pipeline::Schedule> schedules;
  for (const auto& s : args.schedules)
    schedules.push_back(pipeline::parse_schedule(s, "--schedule"));
  std::vector<runtime::DType> dtypes;
  for (const auto& p : args.precisions) dtypes.push_back(runtime::parse_dtype(p, "--precision"));
  return bench::sweep_grid(args.micro_batches, args.accums, args.stages, schedules, dtypes,
                           args.replicas);
}

void run(const BenchArgs& args) {
  const auto graph = bench::read_model(args.options.model, args.options.size);
  const auto grid = grid_of(args);
  if (args.replica_child) {
    if (const auto row = bench::measure_as_replica(graph, grid.front(), args.options))
      fmt::print("{}\n", bench::to_json(*row).dump());
    return;
  }
  const auto rows =
      bench::run_sweep(graph, grid, args.options, [&](std::size_t done, std::size_t total) {
        if (!args.json) std::fprintf(stderr, "%zu/%zu configurations\r", done, total);
      });
  const auto report = bench::sweep_report(graph, rows);
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, report.dump(2) + "\n", "JSON result");
  const auto title = fmt::format("condnet bench: {} {}^3", graph.name(), graph.input_shape()[1]);
  if (!args.html.empty())
    write_text_atomically(args.html, bench::sweep_page(rows, title), "HTML page");
  if (args.json) {
    fmt::print("{}\n", report.dump(2));
    return;
  }
  fmt::print("{}\n{}", title, bench::sweep_table(rows));
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "bench",
      "Training throughput over micro-batch, accumulation, stages, schedule, precision, replicas");
  auto args = std::make_shared<BenchArgs>();
  auto& o = args->options;
  o.model = "models/base.json";
  command->add_option("--model", o.model, "Model JSON")->capture_default_str();
  command->add_option("--size", o.size, "Edge of the cubic input (default: the model's)")
      ->check(positive());
  command->add_option("--device", o.device, "Device of one-stage rows: reference or cpu")
      ->capture_default_str()
      ->check(CLI::IsMember(runtime::device_names()));
  command->add_option("--micro-batch", args->micro_batches, "Micro-batch sizes")
      ->delimiter(',')
      ->capture_default_str()
      ->check(positive());
  command->add_option("--accum", args->accums, "Micro-batches per step")
      ->delimiter(',')
      ->capture_default_str()
      ->check(positive());
  command->add_option("--stages", args->stages, "Pipeline stages (one core group each)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(positive());
  command->add_option("--schedule", args->schedules, "Pipeline schedules: gpipe, 1f1b")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--precision", args->precisions, "fp32, bf16")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--replicas", args->replicas, "Data-parallel replicas (mpirun -np R)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(positive());
  command->add_option("--warmup", o.warmup, "Untimed steps per configuration")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--steps", o.steps, "Timed steps per configuration")
      ->capture_default_str()
      ->check(positive());
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->add_option("--json-out", args->json_out, "Also write the JSON to this file");
  command->add_option("--html", args->html, "Write an HTML page with the chart and the table");
  command->add_flag("--replica-child", args->replica_child, "(internal) one replicated row")
      ->group("");
  command->callback([args] { run(*args); });
}

}  // namespace condnet::cli
