#pragma once
// Small volumes with known answers for the solver tests.
#include <cstdint>
#include <random>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::test {

// A volume of `shape` with each voxel 1 with probability `fraction`, else 0.
inline voxel::Volume random_volume(voxel::Shape shape, double fraction, std::uint32_t seed) {
  voxel::Volume volume(shape);
  std::mt19937 generator(seed);
  std::bernoulli_distribution open(fraction);
  for (std::int64_t i = 0; i < volume.count(); ++i) volume.data()[i] = open(generator) ? 1 : 0;
  return volume;
}

inline solve::SolveResult solve_with(const voxel::Volume& volume,
                                     const std::array<double, 256>& conductivity, int axis,
                                     solve::SolveOptions::Method method, double tolerance = 1e-10,
                                     bool periodic = false) {
  solve::SolveOptions options;
  options.axis = axis;
  options.method = method;
  options.tolerance = tolerance;
  options.periodic_sides = periodic;
  return solve::solve_axis(volume, conductivity, options);
}

inline constexpr solve::SolveOptions::Method kMethods[] = {solve::SolveOptions::Method::multigrid,
                                                           solve::SolveOptions::Method::jacobi_cg};

}  // namespace condnet::test
