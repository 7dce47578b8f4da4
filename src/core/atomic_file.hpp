#pragma once
// Atomic file creation: write to a temporary file beside the target, then rename it over the
// target on commit(). A crash or an exception before commit() leaves the target untouched
// and the temporary removed, so a user never finds a half-written output.
//
// The temporary is ".NAME.tmp.PID.RANDOM.HOST" (NAME the target's file name, PID and HOST the
// writing process's). A process killed outright (kill -9, power loss) cannot remove its
// temporary; the next AtomicFile for the same target removes the temporaries that processes
// of this host which no longer run left behind, so they do not pile up. Those of running
// processes and of other hosts (a shared file system) are left alone.
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
