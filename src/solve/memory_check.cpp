#include "solve/memory_check.hpp"

#include <algorithm>

#include "core/available_memory.hpp"
#include "core/byte_size.hpp"
#include "core/error.hpp"
#include "core/mpi.hpp"
#include "solve/memory_estimate.hpp"

namespace condnet::solve {

void check_solve_memory(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                        SolveOptions options, const std::vector<int>& axes,
                        const std::string& max_memory, bool distributed,
                        const MemoryLimitWords& words) {
  const bool given = !max_memory.empty();
  const std::int64_t max_bytes = given ? parse_byte_size(max_memory, words.option) : 0;
  MemoryEstimate largest;
  for (const int axis : axes) {
    options.axis = axis;
    const MemoryEstimate estimate = estimate_solve_memory(volume, conductivity, options);
    if (estimate.peak_bytes() > largest.peak_bytes()) largest = estimate;
  }
  std::int64_t limit = max_bytes;
  if (!given) {
    const std::int64_t available = available_memory_bytes();
    if (available <= 0) return;  // unknown: nothing to compare with
    limit = largest.resident_bytes + available / (distributed ? mpi::node_ranks().size : 1);
  }
  std::int64_t estimate = largest.peak_bytes();
  if (distributed) {  // every rank refuses together, with the same numbers
    estimate = static_cast<std::int64_t>(mpi::max(static_cast<double>(estimate)));
    limit = -static_cast<std::int64_t>(mpi::max(-static_cast<double>(limit)));
  }
  if (estimate <= limit) return;
  const std::string per_rank = distributed ? " per rank" : "";
  const std::string limit_text =
      given ? fmt::format("the limit {} {} ({})", words.option, max_memory, format_byte_size(limit))
            : fmt::format("the {} this machine has for it (available memory{})",
                          format_byte_size(limit), distributed ? " shared by its ranks" : "");
  fail(
      "{}: this solve needs an estimated {}{} at its peak ({} rows), more than {}; set the limit "
      "with {}, or {}",
      words.option, format_byte_size(estimate), per_rank, largest.rows, limit_text, words.set_limit,
      words.crop);
}

}  // namespace condnet::solve
