#pragma once
// Appending to a log that a run keeps (metrics.jsonl): each line goes out in one write(2) in
// O_APPEND mode and is flushed to disk, and a failed write is an Error, never lost silently.
// A kill during the write can leave a partial last line; readers of such logs keep only the
// lines a checkpoint vouches for (surrogate/train_loop.cpp truncates on resume).
#include <filesystem>
#include <string_view>

namespace condnet {

// Appends `line` and a newline to `path` (made if missing). Error
// "PATH: cannot append to the WHAT: REASON" when it fails (a full disk, a file-size limit, no
// permission, a missing folder).
void append_line(const std::filesystem::path& path, std::string_view line, std::string_view what);

}  // namespace condnet
