// RUN/run.json: a damaged file is one Error line naming it, never another exception type
// (found by fuzz/run_json_fuzz.cpp; its crasher is replayed from fuzz/regressions/run_json).
#include "surrogate/run_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "surrogate/train_options.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

// The Error read_run_json throws for a run.json holding `text`; fails the test otherwise.
std::string read_error(const std::string& name, const std::string& text) {
  const surrogate::RunPaths paths{scratch_dir("run_files_" + name)};
  std::ofstream(paths.run_json()) << text;
  try {
    surrogate::read_run_json(paths);
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(paths.run_json().string()), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << name << ": " << text << " was read without error";
  return "";
}

constexpr const char* kHead = R"({"format": "condnet.run", "format_version": 1, )";

TEST(RunFiles, ReadsAValidRunFile) {
  const surrogate::RunPaths paths{scratch_dir("run_files_valid")};
  std::ofstream(paths.run_json()) << kHead << R"("model": {}, "options": {}, "replicas": 2})";
  EXPECT_EQ(surrogate::read_run_json(paths)["replicas"], 2);
}

TEST(RunFiles, MissingOrMistypedFieldsAreOneErrorLine) {
  EXPECT_NE(read_error("no_options", std::string(kHead) + R"("model": {}})").find("\"options\""),
            std::string::npos);
  EXPECT_NE(read_error("model_array", std::string(kHead) + R"("model": [], "options": {}})")
                .find("\"model\" is []"),
            std::string::npos);
  EXPECT_NE(read_error("replicas_text",
                       std::string(kHead) + R"("model": {}, "options": {}, "replicas": "2"})")
                .find("\"replicas\""),
            std::string::npos);
  EXPECT_NE(read_error("format_number", R"({"format": 7, "format_version": 1})")
                .find("not a condnet run file"),
            std::string::npos);
  EXPECT_NE(read_error("version_text", R"({"format": "condnet.run", "format_version": "1"})")
                .find("run format version \"1\""),
            std::string::npos);
}

// A float where run.json's options hold an integer (found by fuzz/run_json_fuzz.cpp under
// UBSan: json's get_to converted 1.2e117 to a long).
TEST(RunFiles, AFloatForAnIntegerOptionIsAnError) {
  EXPECT_THROW(surrogate::TrainOptions::from_json({{"stages", 1.2e117}}, "run.json"), Error);
  EXPECT_THROW(surrogate::TrainOptions::from_json({{"batch", 2.5}}, "run.json"), Error);
  EXPECT_EQ(surrogate::TrainOptions::from_json({{"batch", 3}}, "run.json").batch, 3);
}

}  // namespace
}  // namespace condnet::test
