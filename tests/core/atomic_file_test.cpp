#include "core/atomic_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>

#include "test_paths.hpp"

namespace condnet::test {
namespace {

std::string host() {
  char name[HOST_NAME_MAX + 1] = {};
  gethostname(name, sizeof(name) - 1);
  return name;
}

// The id of a process that has ended (a child that exited and was reaped).
pid_t ended_process() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

void touch(const std::filesystem::path& path) { std::ofstream(path) << "partial"; }

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A process killed with kill -9 leaves its temporary (".NAME.tmp.PID.RANDOM.HOST"); the next
// write of the same target removes it, but not those of running processes, of other hosts or
// of other targets.
TEST(AtomicFile, RemovesTemporariesOfEndedProcesses) {
  const auto dir = scratch_dir("atomic_file_abandoned");
  const std::string here = host();
  const auto abandoned = dir / fmt::format(".out.txt.tmp.{}.0badf00d.{}", ended_process(), here);
  const auto running = dir / fmt::format(".out.txt.tmp.{}.0badf00d.{}", getpid(), here);
  const auto other_host =
      dir / fmt::format(".out.txt.tmp.{}.0badf00d.{}-elsewhere", ended_process(), here);
  const auto other_target =
      dir / fmt::format(".out.txt2.tmp.{}.0badf00d.{}", ended_process(), here);
  for (const auto& path : {abandoned, running, other_host, other_target}) touch(path);

  write_text_atomically(dir / "out.txt", "complete\n", "test output");

  EXPECT_EQ(read(dir / "out.txt"), "complete\n");
  EXPECT_FALSE(std::filesystem::exists(abandoned));
  EXPECT_TRUE(std::filesystem::exists(running));
  EXPECT_TRUE(std::filesystem::exists(other_host));
  EXPECT_TRUE(std::filesystem::exists(other_target));
}

// Its own temporary is named so, and is gone after commit() and after a failure.
TEST(AtomicFile, TemporaryNamesTheProcessAndHost) {
  const auto dir = scratch_dir("atomic_file_name");
  {
    AtomicFile file(dir / "a.bin");
    const std::string name = file.temp_path().filename().string();
    EXPECT_EQ(name.rfind(fmt::format(".a.bin.tmp.{}.", getpid()), 0), 0u) << name;
    EXPECT_EQ(name.substr(name.size() - host().size()), host()) << name;
    touch(file.temp_path());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace condnet::test
