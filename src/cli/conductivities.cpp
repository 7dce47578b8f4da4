#include "cli/conductivities.hpp"

#include <sstream>

#include "core/error.hpp"
#include "solve/conductivity_table.hpp"
#include "solve/solve.hpp"

namespace condnet::cli {

namespace {

constexpr const char* kForm = "expected phase:conductivity pairs like \"0:0,85:1,170:0.1\"";

double parse_number(const std::string& text, const std::string& list) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    fail("--conductivities: '{}' in \"{}\" is not a number; {}", text, list, kForm);
  return value;
}

}  // namespace

void add_conductivity_options(CLI::App& command, std::optional<double>& phase,
                              std::string& conductivities) {
  command.add_option("--phase", phase,
                     "Conducting phase value (binary: it conducts with 1, the rest 0)");
  command.add_option(
      "--conductivities", conductivities,
      "Multi-phase conductivities as phase:value pairs, e.g. \"0:0,85:1,170:0.1\" (unlisted: 0)");
}

std::array<double, 256> conductivity_table(const voxel::Volume& volume, std::optional<double> phase,
                                           const std::string& conductivities) {
  if (phase && !conductivities.empty())
    fail("--phase and --conductivities exclude each other; give one");
  if (phase) return solve::binary_conductivity(volume.label_of(*phase, "--phase"));
  if (conductivities.empty())
    fail("name the conducting phase with --phase P (phases present: {}) or give --conductivities",
         voxel::describe_phase_values(volume));
  std::vector<std::pair<double, double>> table;
  std::stringstream pairs(conductivities);
  for (std::string pair; std::getline(pairs, pair, ',');) {
    const auto colon = pair.find(':');
    if (colon == std::string::npos) fail("--conductivities: '{}' has no ':'; {}", pair, kForm);
    table.emplace_back(parse_number(pair.substr(0, colon), conductivities),
                       parse_number(pair.substr(colon + 1), conductivities));
  }
  return solve::conductivity_table(volume, table, "--conductivities");
}

}  // namespace condnet::cli
