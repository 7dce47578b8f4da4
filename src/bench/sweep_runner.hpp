#pragma once
// Running a `condnet bench` sweep: each configuration of the grid the way `condnet train` would
// run it (bench/sweep.hpp), in this process or, replicated, as `mpirun -np R` of this program
// (bench/mpirun_row.hpp); and the job of one rank of such a child. A configuration that cannot
// run is a row with its error, so one bad configuration does not end the sweep.
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "bench/sweep.hpp"
#include "nn/graph.hpp"
#include "train/replicas.hpp"

namespace condnet::bench {

// One configuration in this process (one of `replicas`' ranks): S = 1 on options.device
// through train::Trainer (bench/device_row.hpp), S > 1 through measure_config. Throws Error
// when it cannot run, e.g. stages on a device other than "cpu".
SweepRow measure_row(const nn::Graph& graph, const SweepConfig& config, const SweepOptions& options,
                     const train::Replicas& replicas = {});

// Every configuration of `grid`, in order; `progress(done, total)` after each row.
std::vector<SweepRow> run_sweep(const nn::Graph& graph, const std::vector<SweepConfig>& grid,
                                const SweepOptions& options,
                                const std::function<void(std::size_t, std::size_t)>& progress = {});

// This process as one rank of a replicated row's mpirun job (config.replicas taken from the
// job): the row, its busy_fraction the mean over the ranks, on rank 0; nullopt on the others.
std::optional<SweepRow> measure_as_replica(const nn::Graph& graph, SweepConfig config,
                                           const SweepOptions& options);

// {"model": name, "input": shape, "rows": [to_json(row), ...]}: the JSON `condnet bench`
// prints and writes.
nlohmann::json sweep_report(const nn::Graph& graph, const std::vector<SweepRow>& rows);

}  // namespace condnet::bench
