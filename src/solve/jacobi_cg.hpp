#pragma once
// The plain reference solver: conjugate gradients with a Jacobi (diagonal) preconditioner, in
// double, serial, written for clarity. Tests hold the fast solvers against it.
#include <vector>

#include "solve/iterative_result.hpp"
#include "solve/sparse_matrix.hpp"

namespace condnet::solve {

// Solves A x = b from x0 until ||b - A x|| <= tolerance ||b|| or max_iterations.
IterativeResult jacobi_cg(const SparseMatrix& a, const std::vector<double>& b,
                          std::vector<double> x0, double tolerance, int max_iterations);

}  // namespace condnet::solve
