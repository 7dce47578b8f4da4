#pragma once
// Number checks for options whose messages say what is allowed in one line
// ("--batch: must be > 0, got 0"), where CLI11's own print the range of a double.
#include <CLI/CLI.hpp>
#include <string>

namespace condnet::cli {

// Values > 0.
const CLI::Validator& positive();
// Values >= 0.
const CLI::Validator& non_negative();

}  // namespace condnet::cli
