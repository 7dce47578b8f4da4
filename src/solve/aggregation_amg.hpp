#pragma once
// The fast solver: flexible CG on the active voxels, preconditioned by an aggregation
// multigrid built from the assembled operator (in the spirit of Notay's AGMG).
//  - Aggregates: on each level, the nodes that share a 2x2x2 block of the level's coordinates
//    (voxel coordinates halved per level) are split into their strongly connected parts, so
//    no aggregate bridges two pores that touch only through solid or weak links.
//  - Prolongation: piecewise constant; coarse operator: Galerkin P^T A P (float off-diagonals,
//    double diagonal).
//  - Cycle: K-cycle (two flexible-CG steps on each coarse level accelerated by the next), with
//    one forward Gauss-Seidel pre-sweep and one backward post-sweep; Gauss-Seidel runs within
//    contiguous row chunks, one per thread, reading the other chunks' values from before the
//    sweep; a dense Cholesky factor on the coarsest level.
#include <cstdint>
#include <span>
#include <vector>

#include "solve/iterative_result.hpp"
#include "solve/sparse_matrix.hpp"
#include "voxel/shape.hpp"

namespace condnet::solve {

class AggregationMultigrid {
 public:
  // fine: the system matrix (referenced, must outlive this); voxel: (fine.rows) grid index of
  // each unknown in `shape`, C order.
  AggregationMultigrid(const SparseMatrix& fine, voxel::Shape shape,
                       const std::vector<std::int64_t>& voxel);

  // z = B r, one K-cycle from a zero guess (r, z: fine.rows).
  void apply(std::span<const double> r, std::span<double> z);

  int level_count() const { return static_cast<int>(levels_.size()); }
  std::int64_t rows(int level) const { return matrix(level).rows; }
  // Sum over levels of off-diagonal entries + rows, over the fine level's.
  double operator_complexity() const;
  std::int64_t bytes() const;

 private:
  struct Level {
    SparseMatrix a;                       // empty on level 0 (the fine matrix is referenced)
    std::vector<std::int32_t> aggregate;  // (rows) row of the next level holding each row
    std::vector<std::uint16_t> position;  // (rows, 3) block coordinates of each node
    // Work vectors (rows each): b right-hand side from the level above, e its correction,
    // t residual, then Gauss-Seidel snapshot, and the K-cycle's v1, r2, c2, v2.
    std::vector<double> b, e, t, v1, r2, c2, v2;
  };

  const SparseMatrix& matrix(int level) const { return level == 0 ? fine_ : levels_[level].a; }
  void build_next_level(int level, double strength);
  void factor_coarsest();
  void cycle(int level, std::span<const double> r, std::span<double> x);
  void k_cycle(int level);
  void solve_coarsest(std::span<const double> r, std::span<double> x);

  const SparseMatrix& fine_;
  std::vector<Level> levels_;
  std::vector<double> cholesky_;  // (n, n) lower factor of the coarsest matrix, row-major
};

// Flexible CG (one-vector FCG) with the multigrid preconditioner, from x0, until
// ||b - A x|| <= tolerance ||b|| or max_iterations.
IterativeResult multigrid_pcg(const SparseMatrix& a, AggregationMultigrid& multigrid,
                              const std::vector<double>& b, std::vector<double> x0,
                              double tolerance, int max_iterations);

}  // namespace condnet::solve
