#pragma once
// The header of a .npy file: a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (64, 64, 64), }
// parsed strictly (exactly these three keys, each once; Python literal syntax) but tolerant of
// whitespace and key order.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace condnet::voxel {

struct NpyHeader {
  // The dtype string such as "<f4"; for a structured dtype (a list) the literal as written,
  // with descr_is_string false.
  std::string descr;
  bool descr_is_string = true;
  bool fortran_order = false;
  std::vector<std::int64_t> shape;  // non-negative extents, slowest axis first
};

// Parses the dict text (without the magic and length prefix); throws Error naming `path` as
// one line for anything that is not such a dict.
NpyHeader parse_npy_header(std::string_view text, const std::filesystem::path& path);

// The dict text for writing, without padding: "{'descr': '<f4', ..., 'shape': (2, 3, 4), }".
std::string format_npy_header(std::string_view descr, const std::vector<std::int64_t>& shape);

}  // namespace condnet::voxel
