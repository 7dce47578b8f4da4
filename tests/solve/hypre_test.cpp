// The HYPRE (BoomerAMG + PCG, IJ interface) solver against the serial multigrid solver, in one
// process and under `mpirun -np 2` (this test binary re-run by mpirun on loopback).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/mpi.hpp"
#include "solve/solve.hpp"
#include "solve/solve_test_support.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

TEST(SolveHypre, MatchesTheSerialMultigridSolve) {
  std::array<double, 256> conductivity{};
  conductivity[1] = 1.0;
  conductivity[2] = 0.2;
  voxel::Volume volume = random_volume(voxel::Shape{36, 30, 28}, 0.7, 21);
  for (std::int64_t i = 0; i < volume.count(); i += 7)
    if (volume.data()[i]) volume.data()[i] = 2;
  if (const char* ranks = std::getenv("OMPI_COMM_WORLD_SIZE"))
    EXPECT_EQ(mpi::size(), std::atoi(ranks));  // really distributed under mpirun
  for (int axis = 0; axis < 3; ++axis) {
    const auto hypre =
        solve_with(volume, conductivity, axis, solve::SolveOptions::Method::hypre, 1e-10);
    const auto serial =
        solve_with(volume, conductivity, axis, solve::SolveOptions::Method::multigrid, 1e-10);
    ASSERT_TRUE(serial.percolating);
    EXPECT_TRUE(hypre.converged);
    EXPECT_LT(hypre.relative_residual, 1e-9);
    EXPECT_NEAR(hypre.d_eff, serial.d_eff, 1e-8 * serial.d_eff)
        << "rank " << mpi::rank() << " of " << mpi::size();
  }
}

TEST(SolveHypre, FieldAndPeriodicSidesMatchTheSerialSolve) {
  const voxel::Volume volume = random_volume(voxel::Shape{24, 20, 18}, 0.65, 4);
  solve::SolveOptions options;
  options.tolerance = 1e-10;
  options.keep_field = true;
  options.periodic_sides = true;
  options.axis = 2;  // the slabs cut across the transport direction's side faces
  const auto serial = solve::solve_axis(volume, solve::binary_conductivity(1), options);
  options.method = solve::SolveOptions::Method::hypre;
  const auto hypre = solve::solve_axis(volume, solve::binary_conductivity(1), options);
  ASSERT_TRUE(serial.percolating);
  EXPECT_NEAR(hypre.d_eff, serial.d_eff, 1e-8 * serial.d_eff);
  ASSERT_EQ(hypre.field.size(), serial.field.size());
  for (std::size_t i = 0; i < serial.field.size(); ++i) {
    if (std::isnan(serial.field[i])) {
      EXPECT_TRUE(std::isnan(hypre.field[i])) << i;
      continue;
    }
    EXPECT_NEAR(hypre.field[i], serial.field[i], 1e-6) << i;
  }
}

TEST(SolveHypre, TwoRanksOnLoopbackMatchTheSerialSolve) {
  if (std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr) GTEST_SKIP() << "already under mpirun";
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  // Sanitizer builds: the ranks skip leak checks, which would only see Open MPI's internals in
  // distributed mode (the in-process test above checks this code for leaks).
  const char* asan = std::getenv("ASAN_OPTIONS");
  const std::string environment =
      asan != nullptr ? "ASAN_OPTIONS='" + std::string(asan) + ":detect_leaks=0' " : "";
  const std::string command =
      environment + "mpirun --oversubscribe --allow-run-as-root -np 2 --mca btl self,vader,tcp " +
      self +
      " --gtest_color=no "
      "--gtest_filter=SolveHypre.MatchesTheSerialMultigridSolve:SolveHypre."
      "FieldAndPeriodicSidesMatchTheSerialSolve 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(status, 0) << output;
  // Both ranks report a pass.
  std::size_t passes = 0;
  for (std::size_t at = output.find("[  PASSED  ] 2 tests"); at != std::string::npos;
       at = output.find("[  PASSED  ] 2 tests", at + 1))
    ++passes;
  EXPECT_EQ(passes, 2u) << output;
}

}  // namespace
}  // namespace condnet::test
