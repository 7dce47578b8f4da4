#include "solve/sparse_matrix.hpp"

#include <cmath>

#include "solve/parallel.hpp"

namespace condnet::solve {

std::int64_t SparseMatrix::bytes() const {
  return static_cast<std::int64_t>(row_begin.size() * sizeof(std::int64_t) +
                                   column.size() * sizeof(std::int32_t) +
                                   value.size() * sizeof(float) + diagonal.size() * sizeof(double));
}

namespace {

double row_product(const SparseMatrix& a, std::int64_t i, const double* x) {
  double sum = a.diagonal[i] * x[i];
  const std::int64_t end = a.row_begin[i + 1];
  for (std::int64_t k = a.row_begin[i]; k < end; ++k)
    sum += static_cast<double>(a.value[k]) * x[a.column[k]];
  return sum;
}

}  // namespace

void multiply(const SparseMatrix& a, std::span<const double> x, std::span<double> y) {
  parallel_for(a.rows, [&](std::int64_t i) { y[i] = row_product(a, i, x.data()); });
}

void residual(const SparseMatrix& a, std::span<const double> b, std::span<const double> x,
              std::span<double> r) {
  parallel_for(a.rows, [&](std::int64_t i) { r[i] = b[i] - row_product(a, i, x.data()); });
}

double dot(std::span<const double> a, std::span<const double> b) {
  return parallel_sum(static_cast<std::int64_t>(a.size()),
                      [&](std::int64_t i) { return a[i] * b[i]; });
}

double norm2(std::span<const double> a) { return std::sqrt(dot(a, a)); }

void axpy(double alpha, std::span<const double> x, std::span<double> y) {
  parallel_for(static_cast<std::int64_t>(x.size()), [&](std::int64_t i) { y[i] += alpha * x[i]; });
}

}  // namespace condnet::solve
