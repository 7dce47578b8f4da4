#pragma once
// The shipped model files, found from this source file's location.
#include <filesystem>
#include <string>

namespace condnet::test {

inline std::filesystem::path model_file(const std::string& name) {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "models" /
         name;
}

}  // namespace condnet::test
