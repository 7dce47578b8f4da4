#include "bench/sweep_runner.hpp"

#include "bench/device_row.hpp"
#include "bench/mpirun_row.hpp"
#include "core/error.hpp"
#include "runtime/device.hpp"

namespace condnet::bench {

namespace {

// The sweep puts each pipeline stage on its CPU core group (cpu:<group>, measure_config).
void check_device(const SweepConfig& config, const SweepOptions& options) {
  if (config.stages > 1 && options.device != "cpu")
    fail("--device {}: pipeline stages run on CPU core groups; only --device cpu runs them",
         options.device);
}

}  // namespace

SweepRow measure_row(const nn::Graph& graph, const SweepConfig& config, const SweepOptions& options,
                     const train::Replicas& replicas) {
  check_device(config, options);
  if (config.stages > 1)
    return measure_config(graph, config, options.warmup, options.steps, options.model, replicas);
  auto device = runtime::make_device(options.device);
  return measure_on_device(*device, graph, config, options.warmup, options.steps,
                           replicas.size > 1 ? train::gradient_reducer(replicas) : nullptr,
                           replicas.rank);
}

std::vector<SweepRow> run_sweep(const nn::Graph& graph, const std::vector<SweepConfig>& grid,
                                const SweepOptions& options,
                                const std::function<void(std::size_t, std::size_t)>& progress) {
  std::vector<SweepRow> rows;
  for (const auto& config : grid) {
    SweepRow row;
    try {
      check_device(config, options);
      row = config.replicas > 1 ? run_replicated(options, config)
                                : measure_row(graph, config, options);
    } catch (const Error& e) {
      row = SweepRow{};
      row.config = config;
      row.error = e.what();
    }
    rows.push_back(row);
    if (progress) progress(rows.size(), grid.size());
  }
  return rows;
}

std::optional<SweepRow> measure_as_replica(const nn::Graph& graph, SweepConfig config,
                                           const SweepOptions& options) {
  const auto replicas = train::replicas_of_this_job();
  config.replicas = replicas.size;
  auto row = measure_row(graph, config, options, replicas);
  row.busy_fraction = train::mean_over_replicas(replicas, row.busy_fraction);
  if (!replicas.leader()) return std::nullopt;
  return row;
}

nlohmann::json sweep_report(const nn::Graph& graph, const std::vector<SweepRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rows) out.push_back(to_json(row));
  return {{"model", graph.name()}, {"input", graph.input_shape()}, {"rows", out}};
}

}  // namespace condnet::bench
