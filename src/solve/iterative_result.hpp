#pragma once
// What an iterative solver of A x = b hands back. Non-convergence is a status, not an error.
#include <vector>

namespace condnet::solve {

struct IterativeResult {
  std::vector<double> x;
  int iterations = 0;
  double relative_residual = 0.0;  // ||b - A x|| / ||b||, recomputed from x at the end
  bool converged = false;
};

}  // namespace condnet::solve
