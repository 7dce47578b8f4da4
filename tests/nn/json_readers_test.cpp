// The readers of JSON files refuse a number too large for a double (1e999, which nlohmann's
// parser reports as out_of_range, not parse_error) as invalid JSON: one Error line naming the
// file (found by fuzz/model_json_fuzz.cpp; crasher in fuzz/regressions/model_json).
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "nn/graph.hpp"
#include "nn/safetensors.hpp"
#include "surrogate/run_files.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

constexpr const char* kHugeNumber = R"({"name": "m", "input": [1, 4, 4, 4], "x": 1e999})";

template <typename Read>
void expect_error_naming(const std::filesystem::path& path, Read&& read) {
  try {
    read();
    ADD_FAILURE() << path << " was read without error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
}

TEST(JsonReaders, ModelJsonWithANumberTooLargeIsAnError) {
  const auto path = scratch_dir("json_model_huge_number") / "model.json";
  std::ofstream(path) << kHugeNumber;
  expect_error_naming(path, [&] { nn::Graph::load(path); });
}

// A model whose "name" or a layer's "type" is not a string (found by fuzz/model_json_fuzz.cpp:
// json's value() threw type_error).
TEST(JsonReaders, ModelJsonWithANonStringNameOrTypeIsAnError) {
  const auto dir = scratch_dir("json_model_types");
  for (const std::string text :
       {R"({"name": 7, "input": [1, 4, 4, 4], "layers": [{"type": "relu"}]})",
        R"({"input": [1, 4, 4, 4], "layers": [{"type": 7, "name": "a"}]})"}) {
    const auto path = dir / fmt::format("model{}.json", text.size());
    std::ofstream(path) << text;
    expect_error_naming(path, [&] { nn::Graph::load(path); });
  }
}

TEST(JsonReaders, RunJsonWithANumberTooLargeIsAnError) {
  const surrogate::RunPaths paths{scratch_dir("json_run_huge_number")};
  std::ofstream(paths.run_json()) << kHugeNumber;
  expect_error_naming(paths.run_json(), [&] { surrogate::read_run_json(paths); });
}

TEST(JsonReaders, SafetensorsHeaderWithANumberTooLargeIsAnError) {
  const auto path = scratch_dir("json_safetensors_huge_number") / "x.safetensors";
  const std::string header = R"({"__metadata__": {}, "x": 1e999})";
  std::string length(8, '\0');
  length[0] = static_cast<char>(header.size());
  std::ofstream(path, std::ios::binary) << length << header;
  expect_error_naming(path, [&] { nn::SafetensorsFile::read(path); });
}

}  // namespace
}  // namespace condnet::test
