#include "test_paths.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

namespace condnet::test {

std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::path(CONDNET_TEST_SCRATCH) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path source_file(const std::string& relative) {
  return std::filesystem::path(CONDNET_SOURCE_DIR) / relative;
}

std::filesystem::path shared_data(const std::string& file) {
  const char* override_dir = std::getenv("CONDNET_SHARED_DATA");
  return std::filesystem::path(override_dir ? override_dir : CONDNET_SHARED_DATA) / file;
}

std::optional<std::filesystem::path> tf500_tiff() {
  const auto zip = shared_data("TF-500x500x500-1x2x6-v3.tiff.zip");
  const auto dir = std::filesystem::path(CONDNET_TEST_SCRATCH) / "tf500";
  const auto tiff = dir / "TF-500x500x500-1x2x6-v3.tiff";
  if (std::filesystem::exists(tiff)) return tiff;
  if (!std::filesystem::exists(zip)) return std::nullopt;
  // Extract into a private directory, then rename, so concurrent tests never see half a file.
  const auto temp = std::filesystem::path(CONDNET_TEST_SCRATCH) / fmt::format("tf500.{}", getpid());
  std::filesystem::create_directories(temp);
  const std::string command =
      fmt::format("unzip -o -q '{}' -x '__MACOSX/*' -d '{}'", zip.string(), temp.string());
  if (std::system(command.c_str()) != 0) return std::nullopt;
  std::error_code ignored;
  std::filesystem::rename(temp, dir, ignored);
  std::filesystem::remove_all(temp, ignored);
  return std::filesystem::exists(tiff) ? std::optional(tiff) : std::nullopt;
}

CommandResult run_condnet(const std::string& arguments) {
  return run_shell(fmt::format("{} {}", CONDNET_BINARY, arguments));
}

CommandResult run_shell(const std::string& command_line) {
  const std::string command = "{ " + command_line + "; } 2>&1";
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
