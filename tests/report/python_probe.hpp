#pragma once
// Runs a Python script (an independent parser) over a document a test made: writes `content` to
// DIR/FILE_NAME and the script, once, to DIR/SCRIPT_NAME, and returns the JSON the script
// prints. A python3 failure fails the test with `failure` and returns an empty object.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_paths.hpp"

namespace condnet::test {

inline nlohmann::json run_python_probe(const char* script_text, const std::string& script_name,
                                       const std::string& content, const std::filesystem::path& dir,
                                       const std::string& file_name, const std::string& failure) {
  const auto script = dir / script_name;
  if (!std::filesystem::exists(script)) std::ofstream(script) << script_text;
  const auto file = dir / file_name;
  std::ofstream(file) << content;
  const auto result =
      run_shell(fmt::format("/usr/bin/python3 '{}' '{}'", script.string(), file.string()));
  EXPECT_EQ(result.exit_code, 0) << failure << "\n" << result.output;
  if (result.exit_code != 0) return nlohmann::json::object();
  return nlohmann::json::parse(result.output);
}

}  // namespace condnet::test
