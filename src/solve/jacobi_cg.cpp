#include "solve/jacobi_cg.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace condnet::solve {

namespace {

void plain_multiply(const SparseMatrix& a, const std::vector<double>& x, std::vector<double>& y) {
  for (std::int64_t i = 0; i < a.rows; ++i) {
    double sum = a.diagonal[i] * x[i];
    for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k)
      sum += a.value[k] * x[a.column[k]];
    y[i] = sum;
  }
}

double plain_dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace

IterativeResult jacobi_cg(const SparseMatrix& a, const std::vector<double>& b,
                          std::vector<double> x0, double tolerance, int max_iterations) {
  const std::size_t n = b.size();
  CONDNET_ASSERT(x0.size() == n && static_cast<std::int64_t>(n) == a.rows);
  IterativeResult result;
  result.x = std::move(x0);
  std::vector<double>& x = result.x;
  std::vector<double> r(n), z(n), p(n), q(n);
  plain_multiply(a, x, q);
  for (std::size_t i = 0; i < n; ++i) r[i] = b[i] - q[i];
  const double b_norm = std::sqrt(plain_dot(b, b));
  if (b_norm == 0.0) {
    result.converged = true;
    return result;
  }
  for (std::size_t i = 0; i < n; ++i) z[i] = r[i] / a.diagonal[i];
  p = z;
  double rz = plain_dot(r, z);
  double r_norm = std::sqrt(plain_dot(r, r));
  while (r_norm > tolerance * b_norm && result.iterations < max_iterations) {
    throw_if_interrupted();
    plain_multiply(a, p, q);
    const double alpha = rz / plain_dot(p, q);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = r[i] / a.diagonal[i];
    }
    const double rz_next = plain_dot(r, z);
    const double beta = rz_next / rz;
    rz = rz_next;
    for (std::size_t i = 0; i < n; ++i) p[i] = z[i] + beta * p[i];
    r_norm = std::sqrt(plain_dot(r, r));
    ++result.iterations;
  }
  result.converged = r_norm <= tolerance * b_norm;
  // The recursively updated residual drifts; report the true one.
  plain_multiply(a, x, q);
  for (std::size_t i = 0; i < n; ++i) r[i] = b[i] - q[i];
  result.relative_residual = std::sqrt(plain_dot(r, r)) / b_norm;
  return result;
}

}  // namespace condnet::solve
