#pragma once
// Which phases conduct: --phase P (P conducts with 1, everything else 0) or
// --conductivities "0:0,85:1,170:0.1" (phase value : conductivity; unlisted phases 0).
#include <CLI/CLI.hpp>
#include <array>
#include <optional>
#include <string>

#include "voxel/volume.hpp"

namespace condnet::cli {

// Conductivity per label of `volume`. Throws Error naming the option for a malformed list, a
// phase that is not in the volume, a negative or non-finite value, or neither option given.
// Adds --phase and --conductivities (the two ways to say what conducts) to `command`.
void add_conductivity_options(CLI::App& command, std::optional<double>& phase,
                              std::string& conductivities);

std::array<double, 256> conductivity_table(const voxel::Volume& volume, std::optional<double> phase,
                                           const std::string& conductivities);

}  // namespace condnet::cli
