#include "solve/hypre_pcg.hpp"

#include <HYPRE.h>
#include <HYPRE_parcsr_ls.h>
#include <mpi.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/mpi.hpp"
#include "core/stopwatch.hpp"

// HYPRE status codes -> condnet::Error with file:line. `allowed` error bits (such as
// HYPRE_ERROR_CONV from a solve that did not converge) are results, not failures.
#define CONDNET_HYPRE_CHECK_ALLOWING(expression, allowed) \
  ::condnet::solve::check_hypre((expression), (allowed), #expression, __FILE__, __LINE__)
#define CONDNET_HYPRE_CHECK(expression) CONDNET_HYPRE_CHECK_ALLOWING(expression, 0)

namespace condnet::solve {

namespace {

void check_hypre(HYPRE_Int code, HYPRE_Int allowed, const char* expression, const char* file,
                 int line) {
  if ((code & ~allowed) == 0) {
    if (code != 0) HYPRE_ClearAllErrors();
    return;
  }
  char description[256] = {};
  HYPRE_DescribeError(code, description);
  HYPRE_ClearAllErrors();
  fail("HYPRE error {} ({}) in {} at {}:{}", static_cast<long long>(code), description, expression,
       file, line);
}

// HYPRE is started once per process, on MPI (core/mpi.hpp), and shut down at exit before MPI.
void ensure_started() {
  static const bool started = [] {
    mpi::start();
    CONDNET_HYPRE_CHECK(HYPRE_Init());
    std::atexit([] { HYPRE_Finalize(); });  // runs before MPI_Finalize (registered later)
    return true;
  }();
  (void)started;
}

// Move-only owner of a HYPRE handle with its destroy function.
template <typename Handle, HYPRE_Int (*Destroy)(Handle)>
class HypreOwner {
 public:
  HypreOwner() = default;
  explicit HypreOwner(Handle handle) : handle_(handle) {}
  HypreOwner(HypreOwner&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  HypreOwner& operator=(HypreOwner&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  HypreOwner(const HypreOwner&) = delete;
  HypreOwner& operator=(const HypreOwner&) = delete;
  ~HypreOwner() {
    if (handle_) Destroy(handle_);
  }
  Handle get() const { return handle_; }

 private:
  Handle handle_ = nullptr;
};

using IJMatrix = HypreOwner<HYPRE_IJMatrix, HYPRE_IJMatrixDestroy>;
using IJVector = HypreOwner<HYPRE_IJVector, HYPRE_IJVectorDestroy>;
using PcgSolver = HypreOwner<HYPRE_Solver, HYPRE_ParCSRPCGDestroy>;
using BoomerAmg = HypreOwner<HYPRE_Solver, HYPRE_BoomerAMGDestroy>;

IJVector make_vector(std::int64_t lower, std::int64_t upper, const double* values) {
  HYPRE_IJVector raw = nullptr;
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorCreate(MPI_COMM_WORLD, lower, upper, &raw));
  IJVector vector(raw);
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorSetObjectType(raw, HYPRE_PARCSR));
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorInitialize(raw));
  const HYPRE_Int count = static_cast<HYPRE_Int>(upper - lower + 1);
  std::vector<HYPRE_BigInt> rows(static_cast<std::size_t>(count));
  for (HYPRE_Int i = 0; i < count; ++i) rows[i] = lower + i;
  if (count > 0) CONDNET_HYPRE_CHECK(HYPRE_IJVectorSetValues(raw, count, rows.data(), values));
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorAssemble(raw));
  return vector;
}

}  // namespace

SlabRange rank_slabs(std::int64_t nx) {
  const std::int64_t rank = mpi::rank();
  const std::int64_t ranks = mpi::size();
  return {nx * rank / ranks, nx * (rank + 1) / ranks};
}

IterativeResult hypre_pcg(const LinearSystem& system, std::vector<double> x0, double tolerance,
                          int max_iterations, double& setup_seconds) {
  ensure_started();
  const std::int64_t lower = system.first_row;
  const std::int64_t upper = system.first_row + system.rows() - 1;  // inclusive, HYPRE's way
  const SparseMatrix& a = system.matrix;
  CONDNET_ASSERT(static_cast<std::int64_t>(x0.size()) == system.rows());

  HYPRE_IJMatrix raw_matrix = nullptr;
  CONDNET_HYPRE_CHECK(
      HYPRE_IJMatrixCreate(MPI_COMM_WORLD, lower, upper, lower, upper, &raw_matrix));
  IJMatrix matrix(raw_matrix);
  CONDNET_HYPRE_CHECK(HYPRE_IJMatrixSetObjectType(raw_matrix, HYPRE_PARCSR));
  CONDNET_HYPRE_CHECK(HYPRE_IJMatrixInitialize(raw_matrix));
  std::vector<HYPRE_BigInt> columns;
  std::vector<double> values;
  for (std::int64_t i = 0; i < system.rows(); ++i) {
    HYPRE_BigInt row = lower + i;
    columns.assign(1, row);
    values.assign(1, a.diagonal[i]);
    for (std::int64_t k = a.row_begin[i]; k < a.row_begin[i + 1]; ++k) {
      columns.push_back(a.column[k]);
      values.push_back(a.value[k]);
    }
    HYPRE_Int count = static_cast<HYPRE_Int>(columns.size());
    CONDNET_HYPRE_CHECK(
        HYPRE_IJMatrixSetValues(raw_matrix, 1, &count, &row, columns.data(), values.data()));
  }
  CONDNET_HYPRE_CHECK(HYPRE_IJMatrixAssemble(raw_matrix));
  IJVector b = make_vector(lower, upper, system.rhs.data());
  IJVector x = make_vector(lower, upper, x0.data());
  IJVector r = make_vector(lower, upper, system.rhs.data());
  HYPRE_ParCSRMatrix parcsr_a = nullptr;
  HYPRE_ParVector par_b = nullptr;
  HYPRE_ParVector par_x = nullptr;
  HYPRE_ParVector par_r = nullptr;
  CONDNET_HYPRE_CHECK(HYPRE_IJMatrixGetObject(raw_matrix, reinterpret_cast<void**>(&parcsr_a)));
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorGetObject(b.get(), reinterpret_cast<void**>(&par_b)));
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorGetObject(x.get(), reinterpret_cast<void**>(&par_x)));
  CONDNET_HYPRE_CHECK(HYPRE_IJVectorGetObject(r.get(), reinterpret_cast<void**>(&par_r)));

  HYPRE_Solver raw_amg = nullptr;
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGCreate(&raw_amg));
  BoomerAmg amg(raw_amg);
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetPrintLevel(raw_amg, 0));
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetCoarsenType(raw_amg, 10));  // HMIS
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetInterpType(raw_amg, 6));    // extended+i
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetPMaxElmts(raw_amg, 4));
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetStrongThreshold(raw_amg, 0.5));
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetAggNumLevels(raw_amg, 1));  // lighter first level
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetRelaxType(raw_amg, 8));     // symmetric l1 Gauss-Seidel
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetNumSweeps(raw_amg, 1));
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetMaxIter(raw_amg, 1));
  CONDNET_HYPRE_CHECK(HYPRE_BoomerAMGSetTol(raw_amg, 0.0));

  HYPRE_Solver raw_pcg = nullptr;
  CONDNET_HYPRE_CHECK(HYPRE_ParCSRPCGCreate(MPI_COMM_WORLD, &raw_pcg));
  PcgSolver pcg(raw_pcg);
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetTol(raw_pcg, tolerance));
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetAbsoluteTol(raw_pcg, 0.0));
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetMaxIter(raw_pcg, max_iterations));
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetTwoNorm(raw_pcg, 1));  // ||r|| / ||b||, as the other methods
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetPrintLevel(raw_pcg, 0));
  CONDNET_HYPRE_CHECK(HYPRE_PCGSetLogging(raw_pcg, 1));
  CONDNET_HYPRE_CHECK(
      HYPRE_ParCSRPCGSetPrecond(raw_pcg, HYPRE_BoomerAMGSolve, HYPRE_BoomerAMGSetup, raw_amg));
  const auto setup_start = std::chrono::steady_clock::now();
  CONDNET_HYPRE_CHECK(HYPRE_ParCSRPCGSetup(raw_pcg, parcsr_a, par_b, par_x));
  setup_seconds += seconds_since(setup_start);
  CONDNET_HYPRE_CHECK_ALLOWING(HYPRE_ParCSRPCGSolve(raw_pcg, parcsr_a, par_b, par_x),
                               HYPRE_ERROR_CONV);

  IterativeResult result;
  HYPRE_Int iterations = 0;
  CONDNET_HYPRE_CHECK(HYPRE_PCGGetNumIterations(raw_pcg, &iterations));
  result.iterations = static_cast<int>(iterations);
  double final_norm = 0.0;
  CONDNET_HYPRE_CHECK(HYPRE_PCGGetFinalRelativeResidualNorm(raw_pcg, &final_norm));
  result.converged = final_norm <= tolerance;

  // The true residual r = b - A x over all ranks.
  CONDNET_HYPRE_CHECK(HYPRE_ParCSRMatrixMatvec(-1.0, parcsr_a, par_x, 1.0, par_r));
  double r_norm2 = 0.0;
  double b_norm2 = 0.0;
  CONDNET_HYPRE_CHECK(HYPRE_ParVectorInnerProd(par_r, par_r, &r_norm2));
  CONDNET_HYPRE_CHECK(HYPRE_ParVectorInnerProd(par_b, par_b, &b_norm2));
  result.relative_residual = b_norm2 > 0.0 ? std::sqrt(r_norm2 / b_norm2) : 0.0;

  result.x = std::move(x0);
  const HYPRE_Int local = static_cast<HYPRE_Int>(system.rows());
  std::vector<HYPRE_BigInt> rows(static_cast<std::size_t>(local));
  for (HYPRE_Int i = 0; i < local; ++i) rows[i] = lower + i;
  if (local > 0)
    CONDNET_HYPRE_CHECK(HYPRE_IJVectorGetValues(x.get(), local, rows.data(), result.x.data()));
  return result;
}

}  // namespace condnet::solve
