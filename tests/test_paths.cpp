#include "test_paths.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace condnet::test {

std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(CONDNET_TEST_SCRATCH) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path shared_data(const std::string& file) {
  return std::filesystem::path(CONDNET_SHARED_DATA) / file;
}

CommandResult run_condnet(const std::string& arguments) {
  const std::string command = fmt::format("{} {} 2>&1", CONDNET_BINARY, arguments);
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;)
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace condnet::test
