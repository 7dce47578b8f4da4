#pragma once
// The .safetensors container (what Python's safetensors and PyTorch read): an 8-byte
// little-endian header length, a JSON header {"NAME": {"dtype": "F32", "shape": [...],
// "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "string", ...}}, padded with
// spaces to 8 bytes, then the tensors' bytes back to back (little-endian, C order).
#include <cstddef>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "nn/dims.hpp"

namespace condnet::nn {

// One tensor to write; the bytes are not copied.
struct SafetensorsView {
  std::string name;
  std::string dtype;  // "F32", "BF16", "I64", "U8", ...
  Dims shape;
  std::span<const std::byte> bytes;
};

// Writes atomically (temp + rename).
void write_safetensors(const std::filesystem::path& path,
                       const std::map<std::string, std::string>& metadata,
                       const std::vector<SafetensorsView>& tensors);

class SafetensorsFile {
 public:
  struct Entry {
    std::string dtype;
    Dims shape;
    std::size_t begin = 0;  // byte range within the data section
    std::size_t end = 0;
  };

  // Reads and validates a whole file; throws Error "PATH: not a safetensors file (why)".
  static SafetensorsFile read(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::map<std::string, Entry>& entries() const { return entries_; }
  bool contains(const std::string& name) const { return entries_.count(name) > 0; }
  // The values of an F32 tensor; throws naming the file and tensor when it is absent, of
  // another dtype, or (when `shape` is given) of another shape.
  std::vector<float> floats(const std::string& name, const Dims* shape = nullptr) const;

 private:
  std::filesystem::path path_;
  std::map<std::string, std::string> metadata_;
  std::map<std::string, Entry> entries_;
  std::vector<std::byte> data_;
};

}  // namespace condnet::nn
