#pragma once
// Tensor extents. A graph works on one sample: (C, D, H, W) for volumes, (F) for features;
// plans prepend the batch, giving (N, C, D, H, W) or (N, F), row-major (C order).
#include <cstdint>
#include <string>
#include <vector>

namespace condnet::nn {

using Dims = std::vector<std::int64_t>;

// Product of the extents (1 for a scalar).
std::int64_t element_count(const Dims& dims);

// "(16, 32, 32, 32)".
std::string format_dims(const Dims& dims);

// The batch prepended: (n, dims...).
Dims with_batch(std::int64_t n, const Dims& dims);

}  // namespace condnet::nn
