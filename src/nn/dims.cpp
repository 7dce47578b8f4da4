#include "nn/dims.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace condnet::nn {

std::int64_t element_count(const Dims& dims) {
  std::int64_t count = 1;
  for (const auto extent : dims) count *= extent;
  return count;
}

std::string format_dims(const Dims& dims) { return fmt::format("({})", fmt::join(dims, ", ")); }

Dims with_batch(std::int64_t n, const Dims& dims) {
  Dims result{n};
  result.insert(result.end(), dims.begin(), dims.end());
  return result;
}

}  // namespace condnet::nn
