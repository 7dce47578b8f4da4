#pragma once
// Renders a local HTML file in headless Chromium (Debian's `chromium`, no network, a fresh
// profile) and returns the DOM after the page has loaded and run, with every message the page
// wrote to the console (with --enable-logging=stderr each is a line "...:CONSOLE:...] "text",
// source: URL (line)": script errors, console.* calls, malformed SVG attributes).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace condnet::test {

inline bool chromium_available() {
  return run_shell("command -v chromium >/dev/null").exit_code == 0;
}

struct RenderedPage {
  int exit_code = -1;
  std::filesystem::path dom;         // the DOM as chromium serialised it (--dump-dom)
  std::vector<std::string> console;  // the console messages, one per line
  std::string log;                   // chromium's whole stderr, for failure messages
};

// Renders `html` (an absolute path) with a fresh profile under `dir`; writes dir/dom.html.
inline RenderedPage render_headless(const std::filesystem::path& html,
                                    const std::filesystem::path& dir) {
  RenderedPage page;
  page.dom = dir / "dom.html";
  const auto log = dir / "chromium.log";
  const auto profile = dir / "chromium-profile";
  std::filesystem::remove_all(profile);
  std::filesystem::create_directories(profile);
  // The flags keep it off the network and off any shared state; chromium's own exit status
  // counts, not timeout's (124 when it hangs).
  const auto result = run_shell(fmt::format(
      "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir='{}' --enable-logging=stderr --v=0 --dump-dom 'file://{}' >'{}' 2>'{}'",
      profile.string(), html.string(), page.dom.string(), log.string()));
  page.exit_code = result.exit_code;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  page.log = text.str();
  std::istringstream lines(page.log);
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) page.console.push_back(line);
  std::filesystem::remove_all(profile);
  return page;
}

}  // namespace condnet::test
