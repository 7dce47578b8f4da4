// Where `condnet evaluate` writes: by default the parity CSV goes into a training run the user
// made, elsewhere only where --parity and --json-out say, and never into a shipped model (a
// read-only copy of models/pretrained/fast-48 stays as it was, and the output says how to get
// the file).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "nn/model_paths.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

namespace fs = std::filesystem;

// name -> (size, modification time) of every file under `dir`.
std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> listing(const fs::path& dir) {
  std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    files[entry.path().lexically_relative(dir).string()] = {
        entry.is_regular_file() ? entry.file_size() : 0, entry.last_write_time()};
  return files;
}

// Takes away every write permission under `dir`, or gives the owner's back.
void set_writable(const fs::path& dir, bool writable) {
  const auto bits = writable
                        ? fs::perms::owner_write
                        : fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
  const auto how = writable ? fs::perm_options::add : fs::perm_options::remove;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    fs::permissions(entry.path(), bits, how);
  fs::permissions(dir, bits, how);
}

}  // namespace

TEST(EvaluateOutputs, NothingIsWrittenIntoAShippedModel) {
  const auto dir = scratch_dir("evaluate_shipped");
  const auto shipped = dir / "fast-48";
  fs::copy(model_file("pretrained/fast-48"), shipped, fs::copy_options::recursive);
  set_writable(shipped, false);
  const auto before = listing(shipped);
  const auto data = labelled_dataset(dir, "data", 4, 48);

  const auto result =
      run_condnet("evaluate " + shipped.string() + " " + data.string() + " --split all");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("D_eff R2"), std::string::npos) << result.output;
  EXPECT_NE(
      result.output.find("parity data not written: " + shipped.string() + " is a shipped model"),
      std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("--parity FILE"), std::string::npos) << result.output;

  const auto csv = dir / "parity.csv";
  const auto named = run_condnet("evaluate " + shipped.string() + " " + data.string() +
                                 " --split all --json --parity " + csv.string());
  EXPECT_EQ(named.exit_code, 0) << named.output;
  EXPECT_TRUE(fs::exists(csv));
  EXPECT_EQ(listing(shipped), before) << "evaluate wrote into the shipped model's folder";
  set_writable(shipped, true);
}

TEST(EvaluateOutputs, ARunOfYoursGetsItsParityCsv) {
  const auto r = trained_run("evaluate_own_run", "reference");
  const auto result =
      run_condnet("evaluate " + r.run.string() + " " + r.data.string() + " --split all");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto csv = r.run / "parity-all.csv";
  EXPECT_TRUE(fs::exists(csv)) << result.output;
  EXPECT_NE(result.output.find("parity data: " + csv.string()), std::string::npos) << result.output;

  // The same run made read-only is no place for files either (root writes anyway: not tested).
  if (geteuid() == 0) return;
  fs::remove(csv);
  set_writable(r.run, false);
  const auto read_only =
      run_condnet("evaluate " + r.run.string() + " " + r.data.string() + " --split all");
  set_writable(r.run, true);
  EXPECT_EQ(read_only.exit_code, 0) << read_only.output;
  EXPECT_FALSE(fs::exists(csv));
  EXPECT_NE(read_only.output.find("a run you cannot write to"), std::string::npos)
      << read_only.output;
}

}  // namespace condnet::test
