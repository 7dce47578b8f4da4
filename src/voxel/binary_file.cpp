#include "voxel/binary_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace condnet::voxel {

BinaryReader::BinaryReader(std::filesystem::path path) : path_(std::move(path)) {
  std::error_code error;
  if (std::filesystem::is_directory(path_, error))
    fail("{}: is a directory; expected a volume file", path_.string());
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) fail("{}: cannot open: {}", path_.string(), std::strerror(errno));
  const auto size = std::filesystem::file_size(path_, error);
  if (error) fail("{}: cannot read its size: {}", path_.string(), error.message());
  size_ = size;
}

BinaryReader::~BinaryReader() {
  if (file_) std::fclose(file_);
}

void BinaryReader::read(std::uint64_t offset, std::span<std::uint8_t> out) {
  CONDNET_ASSERT(offset + out.size() <= size_);
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0 ||
      std::fread(out.data(), 1, out.size(), file_) != out.size())
    fail("{}: cannot read {} bytes at offset {}: {}", path_.string(), out.size(), offset,
         std::ferror(file_) ? std::strerror(errno) : "the file ended early");
}

void write_file_atomically(const std::filesystem::path& target,
                           std::initializer_list<std::span<const std::uint8_t>> parts) {
  AtomicFile atomic(target);
  std::FILE* file = std::fopen(atomic.temp_path().c_str(), "wb");
  if (!file) fail("{}: cannot create output: {}", target.string(), std::strerror(errno));
  int error = 0;
  for (const auto part : parts)
    if (!error && std::fwrite(part.data(), 1, part.size(), file) != part.size())
      error = errno ? errno : EIO;
  if (!error && std::fflush(file) != 0) error = errno ? errno : EIO;
  if (std::fclose(file) != 0 && !error) error = errno ? errno : EIO;
  if (error) fail("{}: cannot write output: {}", target.string(), std::strerror(error));
  atomic.commit();
}

void swap_element_bytes(std::span<std::uint8_t> bytes, std::size_t element_size) {
  CONDNET_ASSERT(element_size > 0 && bytes.size() % element_size == 0);
  if (element_size == 1) return;
  for (std::size_t i = 0; i < bytes.size(); i += element_size)
    std::reverse(bytes.begin() + i, bytes.begin() + i + element_size);
}

}  // namespace condnet::voxel
