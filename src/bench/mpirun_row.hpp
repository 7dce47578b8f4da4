#pragma once
// A replicated `condnet bench` row: `mpirun -np R` of this very program with `bench
// --replica-child` and the row's options (cli/bench_command.cpp declares them), each rank on
// its share of the allowed cores (OMP_NUM_THREADS), run through core/run_program.hpp (an
// argument vector, no shell). Rank 0 prints the row as one JSON line (to_json), read back here.
#include <string>
#include <vector>

#include "bench/sweep.hpp"
#include "core/run_program.hpp"

namespace condnet::bench {

// The mpirun command line; `program`: this executable.
std::vector<std::string> mpirun_command(const std::string& program, const SweepOptions& options,
                                        const SweepConfig& config);

// The row from mpirun's output (its last line that starts a JSON object); without one, or when
// that line is damaged, a row whose error starts "mpirun: " and gives the output's first line
// (or how mpirun ended).
SweepRow row_from_output(const SweepConfig& config, const ProgramResult& result);

// Runs the row; throws Error when mpirun cannot be started.
SweepRow run_replicated(const SweepOptions& options, const SweepConfig& config);

}  // namespace condnet::bench
