#include "voxel/array.hpp"

#include <cstring>

namespace condnet::voxel {

void fortran_to_c_order(RawArray& array) {
  const Shape s = array.shape;
  const std::size_t size = dtype_size(array.dtype);
  std::vector<std::uint8_t> c_order(array.bytes.size());
  // Fortran element (x, y, z) sits at x + nx * (y + ny * z).
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t from = x + s.nx * (y + s.ny * z);
        std::memcpy(&c_order[s.index(x, y, z) * size], &array.bytes[from * size], size);
      }
  array.bytes = std::move(c_order);
}

}  // namespace condnet::voxel
