#pragma once
// Byte-level file access shared by the volume readers and writers (.npy, .raw): reading byte
// ranges with errors that name the file, writing a file atomically from a few byte spans, and
// byte-order swapping.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <span>

namespace condnet::voxel {

// A file opened for reading; every failure throws Error naming the file.
class BinaryReader {
 public:
  explicit BinaryReader(std::filesystem::path path);
  BinaryReader(const BinaryReader&) = delete;
  BinaryReader& operator=(const BinaryReader&) = delete;
  ~BinaryReader();

  const std::filesystem::path& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  // Fills `out` with the bytes at [offset, offset + out.size()); the caller checks the range
  // against size() first so that it can explain a short file in its own terms.
  void read(std::uint64_t offset, std::span<std::uint8_t> out);

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
};

// Writes the concatenation of `parts` to `target` through an AtomicFile: the target is either
// the complete new file or left as it was.
void write_file_atomically(const std::filesystem::path& target,
                           std::initializer_list<std::span<const std::uint8_t>> parts);

// Reverses the byte order of every element of `element_size` bytes in `bytes`.
void swap_element_bytes(std::span<std::uint8_t> bytes, std::size_t element_size);

}  // namespace condnet::voxel
