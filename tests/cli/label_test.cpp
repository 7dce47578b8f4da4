// `condnet label` end to end: labels equal direct solves, resuming after kill -9, the same labels
// under mpirun, solver settings, bad input.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "data/dataset_test_support.hpp"
#include "label_test_support.hpp"
#include "solve/solve.hpp"
#include "voxel/volume_io.hpp"

extern char** environ;

namespace condnet::test {
namespace {

constexpr const char* kBlobs =
    R"({"family":"gaussian-field","porosity":[0.25,0.7],"correlation-length":1.5})";

// Four families with particles small enough for 16^3 samples.
constexpr const char* kSmallMix =
    R"({"family":"mix","weights":{"gaussian-field":1,"fibres":1,"ellipsoids":1,)"
    R"("overlapping-spheres":1},"radius":2,"length":6,"semi-axes":[4,4,1]})";

void copy_dataset(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

// Every sample of two labelled datasets carries bit-identical labels.
void expect_same_labels(const std::filesystem::path& a, const std::filesystem::path& b) {
  const auto first = data::DatasetFile::open(a);
  const auto second = data::DatasetFile::open(b);
  const auto la = first.labels(), lb = second.labels();
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) EXPECT_TRUE(same_labels(la[i], lb[i])) << i;
  EXPECT_EQ(first.labelled(), std::vector<std::uint8_t>(la.size(), 1));
  EXPECT_EQ(second.labelled(), std::vector<std::uint8_t>(lb.size(), 1));
}

std::int64_t flagged(const std::filesystem::path& path) {
  std::int64_t n = 0;
  for (const auto flag : data::DatasetFile::open(path).labelled()) n += flag;
  return n;
}

TEST(LabelCli, LabelsEqualADirectSolveOfEveryAxis) {
  const auto dir = scratch_dir("label_direct");
  const auto path = dir / "blobs.h5";
  make_dataset(path, kBlobs, {14, 12, 10}, 24);
  const auto summary = label_json(path, "--threads 2 --tol 1e-10 --batch 5");
  ASSERT_FALSE(summary.is_null());
  EXPECT_EQ(summary["samples"], 24);
  EXPECT_EQ(summary["labelled"], 24);
  EXPECT_EQ(summary["already_labelled"], 0);
  EXPECT_EQ(summary["solver_settings"]["tolerance"], 1e-10);

  const auto file = data::DatasetFile::open(path);
  EXPECT_EQ(file.solver_settings(), summary["solver_settings"]);
  const auto labels = file.labels();
  const auto conductivity = solve::binary_conductivity(1);
  std::int64_t non_percolating = 0;
  for (std::int64_t i = 0; i < 24; ++i) {
    const voxel::Volume volume = file.read_volume(i);
    for (int axis = 0; axis < 3; ++axis) {
      solve::SolveOptions options;
      options.axis = axis;
      options.tolerance = 1e-10;
      const auto direct = solve::solve_axis(volume, conductivity, options);
      const auto& label = labels[static_cast<std::size_t>(i)].axes[static_cast<std::size_t>(axis)];
      EXPECT_EQ(label.percolates, direct.percolating) << i << " " << axis;
      EXPECT_NEAR(label.d_eff, direct.d_eff, 1e-9 * direct.d_eff) << i << " " << axis;
      EXPECT_NEAR(label.percolating_fraction, direct.eps_percolating, 1e-15);
      if (direct.percolating) {
        EXPECT_NEAR(label.tau, direct.tau_total, 1e-9 * direct.tau_total);
        EXPECT_NEAR(label.tau_percolating, direct.tau_percolating, 1e-9 * direct.tau_percolating);
      } else {
        EXPECT_TRUE(std::isinf(label.tau) && std::isinf(label.tau_percolating));
        ++non_percolating;
      }
      EXPECT_EQ(label.status, data::LabelStatus::converged);
      EXPECT_LE(label.relative_residual, 1e-10);
    }
  }
  EXPECT_EQ(summary["non_percolating_axes"], non_percolating);
  EXPECT_GT(non_percolating, 0) << "pick porosities that leave some axes closed";

  const auto again = label_json(path, "--tol 1e-10");
  ASSERT_FALSE(again.is_null());
  EXPECT_EQ(again["labelled"], 0);
  EXPECT_EQ(again["already_labelled"], 24);
}

// Starts `condnet label PATH --threads 2 --batch 4`, kills it (SIGKILL) once at least
// `at_least` samples are flagged, and checks the file: readable, every flagged sample with all
// its labels. Returns the number of flagged samples.
std::int64_t label_and_kill(const std::filesystem::path& path, std::int64_t at_least) {
  std::vector<std::string> arguments = {CONDNET_BINARY, "label", path.string(), "--threads", "2",
                                        "--batch",      "4",     "--quiet"};
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t child = 0;
  const int spawned = posix_spawn(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(spawned, 0);
  if (spawned != 0) return -1;
  // Readers may read while the labeller writes.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (flagged(path) < at_least && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the labeller ended before the kill: use more samples";

  const auto file = data::DatasetFile::open(path);
  const auto flags = file.labelled();
  const auto labels = file.labels();
  std::int64_t done = 0;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (!flags[i]) continue;
    ++done;
    for (const auto& axis : labels[i].axes) {
      EXPECT_FALSE(std::isnan(axis.d_eff)) << i;
      EXPECT_NE(axis.status, data::LabelStatus::unlabelled) << i;
    }
  }
  EXPECT_GE(done, at_least);
  EXPECT_LT(done, file.count()) << "labelling finished before the kill: use more samples";
  return done;
}

TEST(LabelCli, ResumesAfterKillWithEveryLabelAsACleanRun) {
  const auto dir = scratch_dir("label_resume");
  const auto killed = dir / "killed.h5";
  const auto clean = dir / "clean.h5";
  make_dataset(killed, kSmallMix, {16, 16, 16}, 200);
  copy_dataset(killed, clean);

  // Killed early, then killed again half-way through the resumed run.
  const std::int64_t first = label_and_kill(killed, 8);
  const std::int64_t second = label_and_kill(killed, 100);
  ASSERT_GE(second, first);
  // The last run computes exactly the unflagged samples.
  const auto resumed = label_json(killed, "--threads 2");
  ASSERT_FALSE(resumed.is_null());
  EXPECT_EQ(resumed["already_labelled"], second);
  EXPECT_EQ(resumed["labelled"], 200 - second);
  ASSERT_FALSE(label_json(clean, "--threads 2").is_null());
  expect_same_labels(killed, clean);
}

TEST(LabelCli, MpirunTwoRanksGivesTheSerialLabels) {
  if (std::system("command -v mpirun > /dev/null") != 0) GTEST_SKIP() << "mpirun absent";
  const auto dir = scratch_dir("label_mpi");
  const auto serial = dir / "serial.h5";
  const auto distributed = dir / "distributed.h5";
  make_dataset(serial, kBlobs, {16, 16, 16}, 40);
  copy_dataset(serial, distributed);
  ASSERT_FALSE(label_json(serial, "--threads 2").is_null());
  // Sanitizer builds: the ranks skip leak checks (Open MPI's own allocations), as in
  // solve_cli_test.cpp.
  const char* asan = std::getenv("ASAN_OPTIONS");
  const auto result =
      run_shell("ASAN_OPTIONS='" + std::string(asan ? asan : "") +
                ":detect_leaks=0' mpirun --oversubscribe --allow-run-as-root -np 2 --mca btl "
                "self,vader,tcp " +
                std::string(CONDNET_BINARY) + " label " + distributed.string() + " --quiet --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto start = result.output.find('{');
  ASSERT_NE(start, std::string::npos) << result.output;
  const auto summary = nlohmann::json::parse(result.output.substr(start));
  EXPECT_EQ(summary["ranks"], 2);
  EXPECT_EQ(summary["threads"], 1) << "two ranks share this machine's cores";
  EXPECT_EQ(summary["labelled"], 40);
  expect_same_labels(serial, distributed);
}

TEST(LabelCli, OtherSolverSettingsNeedRelabel) {
  const auto dir = scratch_dir("label_settings");
  const auto path = dir / "blobs.h5";
  const auto reference = dir / "reference.h5";
  make_dataset(path, kBlobs, {12, 12, 12}, 10);
  copy_dataset(path, reference);
  ASSERT_FALSE(label_json(path, "--tol 1e-4").is_null());
  const auto refused = run_condnet("label " + path.string() + " --tol 1e-9 --quiet");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_EQ(std::count(refused.output.begin(), refused.output.end(), '\n'), 1) << refused.output;
  EXPECT_NE(refused.output.find("--relabel"), std::string::npos) << refused.output;
  EXPECT_EQ(data::DatasetFile::open(path).solver_settings()["tolerance"], 1e-4);

  const auto relabelled = label_json(path, "--tol 1e-9 --relabel");
  ASSERT_FALSE(relabelled.is_null());
  EXPECT_EQ(relabelled["labelled"], 10);
  EXPECT_EQ(relabelled["already_labelled"], 0);
  ASSERT_FALSE(label_json(reference, "--tol 1e-9").is_null());
  expect_same_labels(path, reference);
  EXPECT_EQ(data::DatasetFile::open(path).solver_settings(),
            data::DatasetFile::open(reference).solver_settings());
}

void expect_one_line_exit_2(const std::string& arguments, const std::string& needle) {
  const auto result = run_condnet("label " + arguments);
  EXPECT_EQ(result.exit_code, 2) << arguments << ": " << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1)
      << arguments << ": " << result.output;
  EXPECT_NE(result.output.find(needle), std::string::npos) << arguments << ": " << result.output;
}

TEST(LabelCli, BadInputIsOneLine) {
  const auto dir = scratch_dir("label_bad");
  const auto text = dir / "notes.h5";
  std::ofstream(text) << "not hdf5\n";
  expect_one_line_exit_2(text.string(), "not an HDF5 file");
  expect_one_line_exit_2((dir / "missing.h5").string(), "no such file");
  voxel::write_volume(voxel::Volume({4, 4, 4}, 1), (dir / "volume.h5").string() + ":/volume");
  expect_one_line_exit_2((dir / "volume.h5").string(), "not a condnet dataset");
  const auto path = dir / "blobs.h5";
  make_dataset(path, kBlobs, {8, 8, 8}, 3);
  expect_one_line_exit_2(path.string() + " --tol 2", "--tol");
  expect_one_line_exit_2(path.string() + " --batch 0", "--batch");
  expect_one_line_exit_2(path.string() + " --max-iterations 0", "--max-iterations");
  EXPECT_EQ(flagged(path), 0);
}

TEST(LabelCli, ADatasetBeingLabelledIsRefused) {
  const auto path = scratch_dir("label_locked") / "blobs.h5";
  make_dataset(path, kBlobs, {8, 8, 8}, 3);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const auto file = data::DatasetFile::open_for_labelling(path);
    const char byte = 1;
    if (write(ready[1], &byte, 1) != 1) _exit(3);
    pause();
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  expect_one_line_exit_2(path.string(), "another process holds this dataset");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_EQ(flagged(path), 0);
}

}  // namespace
}  // namespace condnet::test
