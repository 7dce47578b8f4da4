#pragma once
// A symmetric sparse matrix in compressed rows: the diagonal apart in double, the off-diagonal
// entries in single precision (storage; every product accumulates in double).
#include <cstdint>
#include <span>
#include <vector>

namespace condnet::solve {

struct SparseMatrix {
  std::int64_t rows = 0;
  std::vector<std::int64_t> row_begin;  // (rows + 1): off-diagonal entries of row i are
                                        // [row_begin[i], row_begin[i + 1])
  std::vector<std::int32_t> column;     // (nnz) column of each off-diagonal entry
  std::vector<float> value;             // (nnz) its value (negative conductance)
  std::vector<double> diagonal;         // (rows)

  std::int64_t off_diagonal_count() const { return static_cast<std::int64_t>(column.size()); }
  std::int64_t bytes() const;
};

// y = A x (parallel over rows).
void multiply(const SparseMatrix& a, std::span<const double> x, std::span<double> y);
// r = b - A x.
void residual(const SparseMatrix& a, std::span<const double> b, std::span<const double> x,
              std::span<double> r);

// Vector helpers over the solver threads.
double dot(std::span<const double> a, std::span<const double> b);
double norm2(std::span<const double> a);
// y += alpha x
void axpy(double alpha, std::span<const double> x, std::span<double> y);

}  // namespace condnet::solve
