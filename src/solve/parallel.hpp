#pragma once
// Splitting a loop over [0, n) across the cores with std::thread (the library links no OpenMP).
// Chunks are fixed by n and the thread count, so reductions are deterministic for a given
// thread count. Small loops run on the calling thread.
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace condnet::solve {

// Threads the solver uses: CONDNET_THREADS, else the CPUs this process may use (core/cpu_set.hpp).
int solver_threads();

// Loops shorter than this run serially: a thread start costs more than the work.
inline constexpr std::int64_t kParallelGrain = 1 << 16;

// Calls body(begin, end, chunk) for `chunks` contiguous chunks of [0, n), chunk-th on its own
// thread (chunk 0 on the caller).
template <typename Body>
void for_chunks(std::int64_t n, int chunks, Body&& body) {
  if (chunks <= 1) {
    body(std::int64_t{0}, n, 0);
    return;
  }
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<std::size_t>(chunks - 1));
  for (int c = 1; c < chunks; ++c)
    workers.emplace_back([&, c] { body(n * c / chunks, n * (c + 1) / chunks, c); });
  body(std::int64_t{0}, n / chunks, 0);
}

// How many chunks a loop of n iterations is split into.
inline int chunk_count(std::int64_t n) {
  return n < kParallelGrain ? 1 : std::max(1, solver_threads());
}

// body(i) for i in [0, n).
template <typename Body>
void parallel_for(std::int64_t n, Body&& body) {
  for_chunks(n, chunk_count(n), [&](std::int64_t begin, std::int64_t end, int) {
    for (std::int64_t i = begin; i < end; ++i) body(i);
  });
}

// Sum of term(i) over [0, n) in double, deterministic for a given thread count.
template <typename Term>
double parallel_sum(std::int64_t n, Term&& term) {
  const int chunks = chunk_count(n);
  std::vector<double> partial(static_cast<std::size_t>(chunks), 0.0);
  for_chunks(n, chunks, [&](std::int64_t begin, std::int64_t end, int c) {
    double sum = 0.0;
    for (std::int64_t i = begin; i < end; ++i) sum += term(i);
    partial[static_cast<std::size_t>(c)] = sum;
  });
  double total = 0.0;
  for (const double p : partial) total += p;
  return total;
}

}  // namespace condnet::solve
