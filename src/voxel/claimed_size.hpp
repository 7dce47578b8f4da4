#pragma once
// The size a file's header claims, checked before anything is allocated for it: a hostile or
// damaged header (a .npy, TIFF or HDF5 file saying 10^6 x 10^6 x 10^6 voxels) is refused with
// one line naming the file, the claim and the limit, instead of an allocation that fails or
// takes the machine down.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "voxel/element_type.hpp"

namespace condnet::voxel {

// The most bytes an array read from a file may take: this machine's physical memory, or
// CONDNET_MAX_READ_BYTES when that is set lower (a shared machine, the fuzzing harnesses).
std::uint64_t read_byte_limit();

// The bytes of `extents` (slowest axis first) elements of `dtype`; throws Error
//   "FILE: WHAT claims 1000000x1000000x1000000 uint8 values (1.0e+18 bytes); allowed: at most
//    24.0 GB (this machine's memory)"
// when the product overflows 64 bits or exceeds read_byte_limit(). `what` names the array as
// the file calls it ("the .npy header", "dataset '/volume'").
std::uint64_t check_claimed_size(const std::string& file, const std::string& what,
                                 std::initializer_list<std::uint64_t> extents, ElementType dtype);
// The same for elements of `element_bytes` each, named `element` ("4-byte") in the message.
std::uint64_t check_claimed_size(const std::string& file, const std::string& what,
                                 std::span<const std::uint64_t> extents,
                                 std::uint64_t element_bytes, std::string_view element);

}  // namespace condnet::voxel
