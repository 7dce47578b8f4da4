// The README and the guides stand alone: every link and every path they name lies inside the
// repository and exists, so a user's clone (which has nothing beside it) can follow them all.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "test_paths.hpp"

namespace condnet::test {
namespace {

std::vector<std::filesystem::path> documents() {
  const auto root = repository_root();
  std::vector<std::filesystem::path> files{root / "README.md"};
  for (const auto& entry : std::filesystem::directory_iterator(root / "docs"))
    if (entry.path().extension() == ".md") files.push_back(entry.path());
  return files;
}

std::string text_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool inside(const std::filesystem::path& path, const std::filesystem::path& root) {
  const auto relative = std::filesystem::weakly_canonical(path).lexically_relative(
      std::filesystem::weakly_canonical(root));
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

TEST(DocLinks, EveryLinkResolvesInsideTheRepository) {
  const auto root = repository_root();
  const std::regex link(R"(\]\(([^)\s#]+)(#[^)]*)?\))");  // [text](target#anchor)
  int links = 0;
  for (const auto& document : documents()) {
    const std::string text = text_of(document);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), link);
         it != std::sregex_iterator(); ++it) {
      const std::string target = (*it)[1];
      if (target.starts_with("http://") || target.starts_with("https://")) continue;
      ++links;
      const auto path = document.parent_path() / target;
      EXPECT_TRUE(inside(path, root)) << document.filename() << " links outside: " << target;
      EXPECT_TRUE(std::filesystem::exists(path)) << document.filename() << " links to " << target;
    }
  }
  EXPECT_GT(links, 3);  // the README links to its guides
}

TEST(DocLinks, NoPathLeavesTheRepository) {
  for (const auto& document : documents()) {
    std::istringstream lines(text_of(document));
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number)
      EXPECT_EQ(line.find("../"), std::string::npos)
          << document.filename() << ":" << number << " names a path outside: " << line;
  }
}

}  // namespace condnet::test
