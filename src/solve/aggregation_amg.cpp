#include "solve/aggregation_amg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "solve/parallel.hpp"

namespace condnet::solve {

namespace {

// Levels at or below this size are solved by a dense Cholesky factor.
constexpr std::int64_t kDenseRows = 400;
// An off-diagonal link is strong when |a_ij| >= kStrength * max(largest link of i, of j).
constexpr double kStrength = 0.08;
// K-cycle: the second inner step is skipped when the first reduced the residual this much.
constexpr double kKCycleReduction = 0.25;
// ... and always skipped below a level that coarsened by less than this factor, so that the
// work per cycle stays a convergent geometric series (2 calls x rows ratio < 1).
constexpr std::int64_t kKCycleCoarsening = 3;

// Gauss-Seidel sweep over rows [begin, end) for A x = r. Columns outside the chunk read
// `outside` (the values before the sweep; nullptr for zeros).
void gauss_seidel_chunk(const SparseMatrix& a, const double* r, double* x, const double* outside,
                        std::int64_t begin, std::int64_t end, bool forward) {
  for (std::int64_t n = begin; n < end; ++n) {
    const std::int64_t i = forward ? n : begin + end - 1 - n;
    double sum = r[i];
    for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k) {
      const std::int64_t j = a.column[k];
      const double xj = (j >= begin && j < end) ? x[j] : (outside ? outside[j] : 0.0);
      sum -= static_cast<double>(a.value[k]) * xj;
    }
    x[i] = sum / a.diagonal[i];
  }
}

}  // namespace

AggregationMultigrid::AggregationMultigrid(const SparseMatrix& fine, voxel::Shape shape,
                                           const std::vector<std::int64_t>& voxel)
    : fine_(fine) {
  CONDNET_ASSERT(static_cast<std::int64_t>(voxel.size()) == fine.rows);
  CONDNET_ASSERT(std::max({shape.nx, shape.ny, shape.nz}) <= 65535);
  levels_.emplace_back();
  Level& top = levels_.front();
  top.position.resize(voxel.size() * 3);
  for (std::size_t i = 0; i < voxel.size(); ++i) {
    const std::int64_t index = voxel[i];
    top.position[3 * i] = static_cast<std::uint16_t>(index / (shape.ny * shape.nz));
    top.position[3 * i + 1] = static_cast<std::uint16_t>((index / shape.nz) % shape.ny);
    top.position[3 * i + 2] = static_cast<std::uint16_t>(index % shape.nz);
  }
  int halvings = 0;
  const std::int64_t largest = std::max({shape.nx, shape.ny, shape.nz});
  while (matrix(static_cast<int>(levels_.size()) - 1).rows > kDenseRows) {
    const int level = static_cast<int>(levels_.size()) - 1;
    build_next_level(level, kStrength);
    ++halvings;
    const std::int64_t fine_rows = matrix(level).rows;
    const std::int64_t coarse_rows = matrix(level + 1).rows;
    if (coarse_rows > fine_rows * 17 / 20) {  // poor coarsening: aggregate along every link
      levels_.pop_back();
      build_next_level(level, 0.0);
    }
    if (matrix(level + 1).rows == fine_rows) {
      // Nothing merged: either coordinates are still too fine (blocks grow every level) or the
      // level has no links left (its matrix is diagonal), then it is the coarsest.
      if ((std::int64_t{1} << halvings) > 2 * largest) {
        levels_.pop_back();
        break;
      }
      // Keep the halved coordinates without a new level.
      levels_[level].position = std::move(levels_.back().position);
      levels_.pop_back();
    }
  }
  for (std::size_t l = 0; l < levels_.size(); ++l) {
    Level& level = levels_[l];
    const std::size_t n = static_cast<std::size_t>(matrix(static_cast<int>(l)).rows);
    level.position.clear();
    level.position.shrink_to_fit();
    level.t.resize(n);
    if (l == 0) continue;
    for (auto* v : {&level.b, &level.e, &level.v1, &level.r2, &level.c2, &level.v2}) v->resize(n);
  }
  factor_coarsest();
}

void AggregationMultigrid::build_next_level(int level_index, double strength) {
  const SparseMatrix& a = matrix(level_index);
  const std::int64_t n = a.rows;
  const std::vector<std::uint16_t>& position = levels_[level_index].position;

  // Largest link per row, for the strength test.
  std::vector<float> largest(static_cast<std::size_t>(n), 0.0f);
  parallel_for(n, [&](std::int64_t i) {
    float m = 0.0f;
    for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k)
      m = std::max(m, std::abs(a.value[k]));
    largest[i] = m;
  });
  const auto same_block = [&](std::int64_t i, std::int64_t j) {
    for (int d = 0; d < 3; ++d)
      if ((position[3 * i + d] >> 1) != (position[3 * j + d] >> 1)) return false;
    return true;
  };

  // Aggregates: connected parts (strong links) of each block, numbered in order of their first
  // row so that the coarse level keeps the fine level's locality.
  std::vector<std::int32_t> aggregate(static_cast<std::size_t>(n), -1);
  std::vector<std::int32_t> stack;
  std::int32_t count = 0;
  for (std::int64_t seed = 0; seed < n; ++seed) {
    if (aggregate[seed] >= 0) continue;
    aggregate[seed] = count;
    stack.assign(1, static_cast<std::int32_t>(seed));
    while (!stack.empty()) {
      const std::int64_t i = stack.back();
      stack.pop_back();
      for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k) {
        const std::int64_t j = a.column[k];
        if (aggregate[j] >= 0 || !same_block(i, j)) continue;
        if (std::abs(a.value[k]) < strength * std::max(largest[i], largest[j])) continue;
        aggregate[j] = count;
        stack.push_back(static_cast<std::int32_t>(j));
      }
    }
    ++count;
  }
  largest = {};

  // Rows of each aggregate (counting sort), then the Galerkin product row by row.
  std::vector<std::int64_t> first(static_cast<std::size_t>(count) + 1, 0);
  for (std::int64_t i = 0; i < n; ++i) ++first[aggregate[i] + 1];
  for (std::int32_t c = 0; c < count; ++c) first[c + 1] += first[c];
  std::vector<std::int32_t> members(static_cast<std::size_t>(n));
  {
    std::vector<std::int64_t> fill(first.begin(), first.end() - 1);
    for (std::int64_t i = 0; i < n; ++i)
      members[fill[aggregate[i]]++] = static_cast<std::int32_t>(i);
  }
  Level next;
  SparseMatrix& c = next.a;
  c.rows = count;
  c.row_begin.reserve(static_cast<std::size_t>(count) + 1);
  c.row_begin.push_back(0);
  c.diagonal.resize(static_cast<std::size_t>(count));
  c.column.reserve(static_cast<std::size_t>(a.off_diagonal_count() / 2));
  c.value.reserve(static_cast<std::size_t>(a.off_diagonal_count() / 2));
  next.position.resize(static_cast<std::size_t>(count) * 3);
  std::vector<std::int32_t> slot(static_cast<std::size_t>(count), -1);
  std::vector<std::int32_t> row_columns;
  std::vector<double> row_values;
  for (std::int32_t coarse = 0; coarse < count; ++coarse) {
    double diagonal = 0.0;
    row_columns.clear();
    row_values.clear();
    for (std::int64_t m = first[coarse]; m < first[coarse + 1]; ++m) {
      const std::int64_t i = members[m];
      diagonal += a.diagonal[i];
      for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k) {
        const std::int32_t target = aggregate[a.column[k]];
        if (target == coarse) {
          diagonal += a.value[k];
          continue;
        }
        if (slot[target] < 0) {
          slot[target] = static_cast<std::int32_t>(row_columns.size());
          row_columns.push_back(target);
          row_values.push_back(0.0);
        }
        row_values[slot[target]] += a.value[k];
      }
    }
    for (std::size_t k = 0; k < row_columns.size(); ++k) {
      slot[row_columns[k]] = -1;
      c.column.push_back(row_columns[k]);
      c.value.push_back(static_cast<float>(row_values[k]));
    }
    c.diagonal[coarse] = diagonal;
    c.row_begin.push_back(static_cast<std::int64_t>(c.column.size()));
    const std::int64_t representative = members[first[coarse]];
    for (int d = 0; d < 3; ++d)
      next.position[3 * coarse + d] =
          static_cast<std::uint16_t>(position[3 * representative + d] >> 1);
  }
  c.column.shrink_to_fit();
  c.value.shrink_to_fit();
  levels_[level_index].aggregate = std::move(aggregate);
  levels_.push_back(std::move(next));
}

void AggregationMultigrid::factor_coarsest() {
  const SparseMatrix& a = matrix(level_count() - 1);
  const std::int64_t n = a.rows;
  if (n > kDenseRows) return;  // a level without links left: Gauss-Seidel sweeps instead
  cholesky_.assign(static_cast<std::size_t>(n * n), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    cholesky_[i * n + i] = a.diagonal[i];
    for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k)
      cholesky_[i * n + a.column[k]] += a.value[k];
  }
  for (std::int64_t j = 0; j < n; ++j) {
    double* row_j = &cholesky_[j * n];
    double pivot = row_j[j];
    for (std::int64_t k = 0; k < j; ++k) pivot -= row_j[k] * row_j[k];
    CONDNET_ASSERT(pivot > 0.0);
    row_j[j] = std::sqrt(pivot);
    for (std::int64_t i = j + 1; i < n; ++i) {
      double* row_i = &cholesky_[i * n];
      double sum = row_i[j];
      for (std::int64_t k = 0; k < j; ++k) sum -= row_i[k] * row_j[k];
      row_i[j] = sum / row_j[j];
    }
  }
}

void AggregationMultigrid::solve_coarsest(std::span<const double> r, std::span<double> x) {
  const SparseMatrix& a = matrix(level_count() - 1);
  const std::int64_t n = a.rows;
  if (cholesky_.empty()) {  // a large coarsest level: symmetric Gauss-Seidel sweeps
    std::fill(x.begin(), x.end(), 0.0);
    for (int sweep = 0; sweep < 4; ++sweep) {
      gauss_seidel_chunk(a, r.data(), x.data(), nullptr, 0, n, true);
      gauss_seidel_chunk(a, r.data(), x.data(), nullptr, 0, n, false);
    }
    return;
  }
  for (std::int64_t i = 0; i < n; ++i) {
    double sum = r[i];
    for (std::int64_t k = 0; k < i; ++k) sum -= cholesky_[i * n + k] * x[k];
    x[i] = sum / cholesky_[i * n + i];
  }
  for (std::int64_t i = n - 1; i >= 0; --i) {
    double sum = x[i];
    for (std::int64_t k = i + 1; k < n; ++k) sum -= cholesky_[k * n + i] * x[k];
    x[i] = sum / cholesky_[i * n + i];
  }
}

void AggregationMultigrid::apply(std::span<const double> r, std::span<double> z) {
  if (level_count() == 1) {
    solve_coarsest(r, z);
    return;
  }
  cycle(0, r, z);
}

// x = B_level r: Gauss-Seidel forward from zero, coarse correction, Gauss-Seidel backward.
void AggregationMultigrid::cycle(int level_index, std::span<const double> r, std::span<double> x) {
  if (level_index == level_count() - 1) {
    solve_coarsest(r, x);
    return;
  }
  const SparseMatrix& a = matrix(level_index);
  Level& level = levels_[level_index];
  Level& next = levels_[level_index + 1];
  const std::int64_t n = a.rows;
  const int chunks = chunk_count(n);
  for_chunks(n, chunks, [&](std::int64_t begin, std::int64_t end, int) {
    std::fill(x.begin() + begin, x.begin() + end, 0.0);
    gauss_seidel_chunk(a, r.data(), x.data(), nullptr, begin, end, true);
  });
  residual(a, r, x, level.t);
  std::fill(next.b.begin(), next.b.end(), 0.0);
  for (std::int64_t i = 0; i < n; ++i) next.b[level.aggregate[i]] += level.t[i];
  k_cycle(level_index + 1);
  parallel_for(n, [&](std::int64_t i) { x[i] += next.e[level.aggregate[i]]; });
  // The residual is restricted already: its buffer holds the Gauss-Seidel snapshot now.
  if (chunks > 1) std::copy(x.begin(), x.end(), level.t.begin());
  for_chunks(n, chunks, [&](std::int64_t begin, std::int64_t end, int) {
    gauss_seidel_chunk(a, r.data(), x.data(), chunks > 1 ? level.t.data() : nullptr, begin, end,
                       false);
  });
}

// level.e = approximate inverse of level.b: two flexible-CG steps preconditioned by cycle().
void AggregationMultigrid::k_cycle(int level_index) {
  Level& level = levels_[level_index];
  if (level_index == level_count() - 1) {
    solve_coarsest(level.b, level.e);
    return;
  }
  const SparseMatrix& a = matrix(level_index);
  cycle(level_index, level.b, level.e);
  multiply(a, level.e, level.v1);
  const double rho1 = dot(level.e, level.v1);
  const double alpha1 = dot(level.e, level.b);
  if (!(rho1 > 0.0)) return;
  const double step1 = alpha1 / rho1;
  const std::int64_t n = a.rows;
  const double r2_norm2 = parallel_sum(n, [&](std::int64_t i) {
    level.r2[i] = level.b[i] - step1 * level.v1[i];
    return level.r2[i] * level.r2[i];
  });
  const double b_norm2 = dot(level.b, level.b);
  const bool coarsened_enough = a.rows * kKCycleCoarsening <= matrix(level_index - 1).rows;
  if (!coarsened_enough || r2_norm2 <= kKCycleReduction * kKCycleReduction * b_norm2) {
    parallel_for(n, [&](std::int64_t i) { level.e[i] *= step1; });
    return;
  }
  cycle(level_index, level.r2, level.c2);
  multiply(a, level.c2, level.v2);
  const double gamma = dot(level.c2, level.v1);
  const double beta = dot(level.c2, level.v2);
  const double alpha2 = dot(level.c2, level.r2);
  const double rho2 = beta - gamma * gamma / rho1;
  if (!(rho2 > 0.0)) {
    parallel_for(n, [&](std::int64_t i) { level.e[i] *= step1; });
    return;
  }
  const double weight1 = step1 - gamma * alpha2 / (rho1 * rho2);
  const double weight2 = alpha2 / rho2;
  parallel_for(n,
               [&](std::int64_t i) { level.e[i] = weight1 * level.e[i] + weight2 * level.c2[i]; });
}

double AggregationMultigrid::operator_complexity() const {
  double total = 0.0;
  for (int l = 0; l < level_count(); ++l)
    total += static_cast<double>(matrix(l).rows + matrix(l).off_diagonal_count());
  return total / static_cast<double>(fine_.rows + fine_.off_diagonal_count());
}

std::int64_t AggregationMultigrid::bytes() const {
  std::int64_t total = static_cast<std::int64_t>(cholesky_.size() * sizeof(double));
  for (const Level& level : levels_) {
    total += level.a.bytes() + static_cast<std::int64_t>(level.aggregate.size() * 4);
    for (const auto* v : {&level.b, &level.e, &level.t, &level.v1, &level.r2, &level.c2, &level.v2})
      total += static_cast<std::int64_t>(v->size() * sizeof(double));
  }
  return total;
}

IterativeResult multigrid_pcg(const SparseMatrix& a, AggregationMultigrid& multigrid,
                              const std::vector<double>& b, std::vector<double> x0,
                              double tolerance, int max_iterations) {
  const std::int64_t n = a.rows;
  CONDNET_ASSERT(static_cast<std::int64_t>(b.size()) == n && x0.size() == b.size());
  IterativeResult result;
  result.x = std::move(x0);
  std::vector<double>& x = result.x;
  std::vector<double> r(b.size()), z(b.size()), p(b.size()), q(b.size());
  residual(a, b, x, r);
  const double b_norm = norm2(b);
  if (b_norm == 0.0) {
    result.converged = true;
    return result;
  }
  double r_norm = norm2(r);
  double pq_previous = 0.0;
  while (r_norm > tolerance * b_norm && result.iterations < max_iterations) {
    throw_if_interrupted();
    multigrid.apply(r, z);
    if (result.iterations == 0) {
      std::copy(z.begin(), z.end(), p.begin());
    } else {  // FCG(1): p = z - (z.q / p.q) p, keeping A-orthogonality to the last direction
      const double beta = dot(z, q) / pq_previous;
      parallel_for(n, [&](std::int64_t i) { p[i] = z[i] - beta * p[i]; });
    }
    multiply(a, p, q);
    const double pq = dot(p, q);
    if (!(pq > 0.0)) break;
    const double alpha = dot(p, r) / pq;
    const double r_norm2 = parallel_sum(n, [&](std::int64_t i) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      return r[i] * r[i];
    });
    r_norm = std::sqrt(r_norm2);
    pq_previous = pq;
    ++result.iterations;
  }
  result.converged = r_norm <= tolerance * b_norm;
  residual(a, b, x, r);
  result.relative_residual = norm2(r) / b_norm;
  return result;
}

}  // namespace condnet::solve
