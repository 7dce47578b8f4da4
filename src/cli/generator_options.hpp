#pragma once
// The family options of `condnet generate`, turned into a generator config (generator.hpp).
// Values are written as on the command line: a number, a range LO:HI, a triple X,Y,Z, a word;
// --weights FAMILY:W,FAMILY:W.
#include <CLI/CLI.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace condnet::cli {

struct GeneratorOptions {
  std::string family;
  std::map<std::string, std::string> values;  // option name (no dashes) -> text given
};

void add_generator_options(CLI::App& command, GeneratorOptions& options);

// {"family": F, option: value...} with only the options given. Throws Error naming the option
// for text that is not a value.
nlohmann::json generator_config(const GeneratorOptions& options);

}  // namespace condnet::cli
