#pragma once
// Checks for options whose messages say what is allowed in one line ("--batch: must be > 0,
// got 0"), where CLI11's own print the range of a double or a list of every value.
#include <CLI/CLI.hpp>
#include <string>

namespace condnet::cli {

// Values > 0.
const CLI::Validator& positive();
// Values >= 0.
const CLI::Validator& non_negative();
// Device names runtime::make_device() takes: reference, cpu, cpu:<CPUs> (e.g. cpu:0-3).
const CLI::Validator& device_name();

}  // namespace condnet::cli
