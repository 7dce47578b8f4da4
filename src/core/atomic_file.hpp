#pragma once
// Atomic file creation: write to a temporary file beside the target, then rename it over the
// target on commit(). A crash or an exception before commit() leaves the target untouched
// and the temporary removed, so a user never finds a half-written output.
#include <filesystem>
#include <string>
#include <string_view>

namespace condnet {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Where the writer should put its bytes until commit().
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  // Flushes the temporary to disk and renames it onto the target.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes `text` to `path` atomically; Error "PATH: cannot write the WHAT" when it fails.
void write_text_atomically(const std::filesystem::path& path, std::string_view text,
                           std::string_view what);

}  // namespace condnet
