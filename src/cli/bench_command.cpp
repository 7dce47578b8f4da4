// `condnet bench`: the execution-strategy sweep (bench/sweep.hpp) as a table, JSON and an
// HTML page with a chart. Rows with replicas > 1 run as `mpirun -np R condnet bench
// --replica-child ...`, each rank a data-parallel replica on its share of the cores (with
// stages, its own pipeline on its own core groups).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "bench/sweep.hpp"
#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/atomic_file.hpp"
#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "report/svg_chart.hpp"
#include "runtime/slabs.hpp"
#include "surrogate/replicas.hpp"
#include "train/trainer.hpp"

namespace condnet::cli {

namespace {

struct BenchArgs {
  std::string model = "models/base.json";
  std::int64_t size = 0;
  std::vector<std::int64_t> micro_batches{4};
  std::vector<int> accums{1, 4};
  std::vector<int> stages{1, 2};
  std::vector<std::string> schedules{"1f1b", "gpipe"};
  std::vector<std::string> precisions{"fp32"};
  std::vector<int> replicas{1, 2};
  int warmup = 1;
  int steps = 3;
  bool json = false;
  std::string json_out;
  std::string html;
  bool replica_child = false;
};

nn::Graph load_graph(const BenchArgs& args) {
  auto model = nn::Graph::read_json(args.model, "--model " + args.model);
  if (args.size > 0) model["input"] = {1, args.size, args.size, args.size};
  return nn::Graph::parse(model, args.model);
}

// One replica of a replicated row (this process is a rank of mpirun): B x M per replica, the
// gradient slab summed over the ranks every step; with stages, the rank's own pipeline
// (bench::measure_config). Rank 0 prints the row as JSON.
void run_replica(const nn::Graph& graph, const BenchArgs& args) {
  const auto replicas = surrogate::replicas_of_this_job();
  if (args.stages.front() > 1) {
    const bench::SweepConfig config{args.micro_batches.front(),
                                    args.accums.front(),
                                    args.stages.front(),
                                    pipeline::parse_schedule(args.schedules.front(), "--schedule"),
                                    runtime::parse_dtype(args.precisions.front(), "--precision"),
                                    replicas.size};
    const auto row =
        bench::measure_config(graph, config, args.warmup, args.steps, args.model, replicas);
    if (replicas.leader()) fmt::print("{}\n", bench::to_json(row).dump());
    return;
  }
  bench::SweepRow row;
  row.config = {args.micro_batches.front(),
                args.accums.front(),
                1,
                pipeline::Schedule::one_f_one_b,
                runtime::parse_dtype(args.precisions.front(), "--precision"),
                replicas.size};
  auto device = runtime::make_device("cpu");
  auto slabs = runtime::allocate_slabs(*device, graph);
  nn::init_parameters(graph, slabs.params->floats().first(graph.param_floats()),
                      slabs.buffers->floats().first(graph.buffer_floats()), 1);
  runtime::PlanOptions plan_options;
  plan_options.batch = row.config.micro_batch;
  plan_options.dtype = row.config.dtype;
  train::Trainer trainer(
      *device, graph, slabs, plan_options, train::Loss{},
      train::make_optimizer({{"type", "sgd"}, {"lr", 1e-3}}, graph.param_floats(), "sgd"),
      train::LrSchedule{});
  if (replicas.size > 1)
    trainer.set_gradient_reducer(surrogate::gradient_reducer(replicas), replicas.size);
  nn::Rng rng(7 + replicas.rank);
  const auto per_batch =
      static_cast<std::size_t>(row.config.micro_batch * nn::element_count(graph.input_shape()));
  std::vector<float> x(per_batch);
  for (float& v : x) v = rng.uniform() < 0.5f ? 1.0f : 0.0f;
  std::vector<std::unique_ptr<runtime::Buffer>> buffers;
  std::vector<const runtime::Buffer*> xs;
  auto stream = device->create_stream();
  for (int m = 0; m < row.config.accum; ++m) {
    buffers.push_back(device->allocate(per_batch * sizeof(float)));
    stream->copy_from_host(*buffers.back(), 0, x.data(), per_batch * sizeof(float));
    xs.push_back(buffers.back().get());
  }
  stream->synchronize();
  std::vector<float> targets(row.config.accum * row.config.micro_batch * 3, 0.5f);
  for (int i = 0; i < args.warmup; ++i) trainer.step(xs, targets);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < args.steps; ++i) trainer.step(xs, targets);
  row.step_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / args.steps;
  const double samples =
      static_cast<double>(replicas.size * row.config.accum * row.config.micro_batch);
  row.samples_per_second = samples / row.step_seconds;
  row.busy_fraction = 1.0;
  const double peak = device->peak_flops(row.config.dtype) * replicas.size;
  row.peak_fraction = peak > 0 ? graph.training_flops() * row.samples_per_second / peak : 0.0;
  row.activation_bytes = trainer.plan().stats().arena_bytes * replicas.size;
  row.memory_bytes = (trainer.memory_bytes() + buffers.size() * per_batch * sizeof(float)) *
                     static_cast<std::size_t>(replicas.size);
  if (replicas.leader()) fmt::print("{}\n", bench::to_json(row).dump());
}

// A replicated row through mpirun; its JSON line back from rank 0.
bench::SweepRow run_replicated(const BenchArgs& args, const bench::SweepConfig& config) {
  const int cores = allowed_cpu_count();
  const auto self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string command = fmt::format(
      "OMP_NUM_THREADS={} mpirun --oversubscribe --allow-run-as-root -np {} --mca btl "
      "self,vader,tcp {} bench --replica-child --model {} --size {} --micro-batch {} --accum {} "
      "--stages {} --schedule {} --precision {} --replicas {} --warmup {} --steps {} 2>&1",
      std::max(1, cores / config.replicas), config.replicas, self, args.model, args.size,
      config.micro_batch, config.accum, config.stages, pipeline::to_string(config.schedule),
      runtime::to_string(config.dtype), config.replicas, args.warmup, args.steps);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string output;
  char chunk[4096];
  while (pipe && fgets(chunk, sizeof chunk, pipe.get())) output += chunk;
  const auto start = output.rfind("{\"");
  bench::SweepRow row;
  row.config = config;
  if (start == std::string::npos) {
    const auto line_end = output.find('\n');
    row.error = "mpirun: " + output.substr(0, line_end);
    return row;
  }
  return bench::row_from_json(nlohmann::json::parse(output.substr(start)));
}

std::string html_page(const std::vector<bench::SweepRow>& rows, const std::string& title) {
  std::vector<report::Bar> bars;
  for (const auto& r : rows)
    if (r.error.empty())
      bars.push_back(
          {fmt::format(
               "B{} M{} S{}{} {} R{}", r.config.micro_batch, r.config.accum, r.config.stages,
               r.config.stages > 1 ? " " + pipeline::to_string(r.config.schedule) : std::string(),
               runtime::to_string(r.config.dtype), r.config.replicas),
           r.samples_per_second, "samples/s"});
  report::BarOptions options;
  options.title = "Training throughput";
  options.width = 760;
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
         report::xml_escape(title) +
         "</title><style>body{font-family:sans-serif;margin:2em}pre{font-size:13px}</style>"
         "</head><body>\n<h1>" +
         report::xml_escape(title) + "</h1>\n" + report::bar_chart(bars, options) + "\n<pre>" +
         report::xml_escape(bench::sweep_table(rows)) + "</pre>\n</body></html>\n";
}

void run(BenchArgs& args) {
  const auto graph = load_graph(args);
  if (args.size == 0) args.size = graph.input_shape()[1];
  if (args.replica_child) {
    run_replica(graph, args);
    return;
  }
  std::vector<pipeline::Schedule> schedules;
  for (const auto& s : args.schedules)
    schedules.push_back(pipeline::parse_schedule(s, "--schedule"));
  std::vector<runtime::DType> dtypes;
  for (const auto& p : args.precisions) dtypes.push_back(runtime::parse_dtype(p, "--precision"));
  const auto grid = bench::sweep_grid(args.micro_batches, args.accums, args.stages, schedules,
                                      dtypes, args.replicas);
  std::vector<bench::SweepRow> rows;
  for (const auto& config : grid) {
    bench::SweepRow row;
    try {
      row = config.replicas > 1
                ? run_replicated(args, config)
                : bench::measure_config(graph, config, args.warmup, args.steps, args.model);
    } catch (const Error& e) {
      row.config = config;
      row.error = e.what();
    }
    rows.push_back(row);
    if (!args.json) std::fprintf(stderr, "%zu/%zu configurations\r", rows.size(), grid.size());
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) out.push_back(bench::to_json(row));
  const nlohmann::json report{
      {"model", graph.name()}, {"input", graph.input_shape()}, {"rows", out}};
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, report.dump(2) + "\n", "JSON result");
  const auto title = fmt::format("condnet bench: {} {}^3", graph.name(), args.size);
  if (!args.html.empty()) write_text_atomically(args.html, html_page(rows, title), "HTML page");
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
  command->add_option("--model", args->model, "Model JSON")->capture_default_str();
  command->add_option("--size", args->size, "Edge of the cubic input (default: the model's)")
      ->check(positive());
  command->add_option("--micro-batch", args->micro_batches, "Micro-batch sizes")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--accum", args->accums, "Micro-batches per step")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--stages", args->stages, "Pipeline stages (one core group each)")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--schedule", args->schedules, "Pipeline schedules: gpipe, 1f1b")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--precision", args->precisions, "fp32, bf16")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--replicas", args->replicas, "Data-parallel replicas (mpirun -np R)")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--warmup", args->warmup, "Untimed steps per configuration")
      ->capture_default_str();
  command->add_option("--steps", args->steps, "Timed steps per configuration")
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
