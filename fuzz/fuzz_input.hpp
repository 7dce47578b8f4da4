#pragma once
// What every harness of fuzz/ shares. A harness hands its bytes to one of condnet's readers
// (written to a file first where the reader takes a path). A condnet::Error is the expected
// outcome of bad input; anything else escapes to libFuzzer (or the replay main) as a finding:
// a crash, a sanitizer report, an exception of another type, a hang.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "core/error.hpp"

namespace condnet::fuzz {

// A directory of this process's own, made on first use under $TMPDIR (or /tmp).
const std::filesystem::path& scratch_dir();

// Writes `bytes` to scratch_dir() / `name` (a relative path; folders are made) and returns it.
std::filesystem::path write_input(std::span<const std::uint8_t> bytes, const std::string& name);

// Runs `read`, accepting a condnet::Error; everything else propagates.
template <typename Read>
void expect_condnet_outcome(Read&& read) {
  try {
    read();
  } catch (const Error&) {
  }
}

}  // namespace condnet::fuzz

// Both the libFuzzer build and the replay main call these (libFuzzer's interface).
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
