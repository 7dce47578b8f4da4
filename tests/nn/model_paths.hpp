#pragma once
// The shipped model files, in the source tree.
#include <filesystem>
#include <string>

#include "test_paths.hpp"

namespace condnet::test {

inline std::filesystem::path model_file(const std::string& name) {
  return repository_root() / "models" / name;
}

}  // namespace condnet::test
