#pragma once
// Where tests find the repository, the condnet binary, scratch space and the shared reference
// data.
#include <filesystem>
#include <optional>
#include <string>

namespace condnet::test {

// The repository's root folder (README.md, models/, docs/); not from __FILE__, which ccache's
// base_dir makes relative to the build directory.
std::filesystem::path repository_root();

// A fresh, empty directory under the build tree for one test.
std::filesystem::path scratch_dir(const std::string& name);

// A file of ../shared/data (or of $CONDNET_SHARED_DATA); tests skip with a notice when absent.
std::filesystem::path shared_data(const std::string& file);

// The unzipped TauFactor 500^3 TIFF, extracted once into the build tree; nullopt when the
// shared data (or the unzip command) is absent.
std::optional<std::filesystem::path> tf500_tiff();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line, capturing stdout and stderr together.
CommandResult run_shell(const std::string& command);

// Runs `condnet ARGUMENTS` through the shell.
CommandResult run_condnet(const std::string& arguments);

}  // namespace condnet::test
