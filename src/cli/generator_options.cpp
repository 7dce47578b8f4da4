#include "cli/generator_options.hpp"

#include <cmath>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/split.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::cli {

namespace {

struct OptionHelp {
  const char* name;
  const char* help;
};

constexpr OptionHelp kOptions[] = {
    {"porosity", "Volume fraction of the conducting phase (label 1): P, or LO:HI drawn per sample"},
    {"radius",
     "Sphere/particle/fibre radius in voxels: R, or LO:HI drawn per particle (default at 64^3: "
     "spheres 5, fibres 2, electrode and calendered 4:8; grain-pack: the median, 5)"},
    {"length", "fibres: length in voxels (default at 64^3: 64)"},
    {"orientation", "fibres, ellipsoids: isotropic | in-plane | aligned"},
    {"axis",
     "fibres, ellipsoids: x|y|z, the aligned direction or the in-plane normal; calendered: the "
     "compression axis (default z); gaussian-field: the --stretch axis (default x)"},
    {"spread",
     "fibres, ellipsoids, calendered: tilt from --orientation (calendered: from --axis), "
     "standard deviation in degrees (default 0; calendered 10)"},
    {"semi-axes", "ellipsoids: A,B,C in voxels, C along --orientation (default at 64^3: 8,8,2)"},
    {"correlation-length", "gaussian-field: L or LX,LY,LZ in voxels (default at 64^3: 4)"},
    {"stretch",
     "gaussian-field: factor on the correlation length along --axis, S or LO:HI (default 1)"},
    {"binder", "electrode, calendered: carbon-binder volume fraction, B or LO:HI (default 0.1)"},
    {"cement",
     "grain-pack: cement volume fraction grown from the contacts, C or LO:HI (default 0.1)"},
    {"polydispersity", "grain-pack: standard deviation of ln(grain radius) (default 0.3)"},
    {"aspect",
     "grain-pack: elongation of grains (default 1:1.5); calendered: flattening along --axis "
     "(default 1.5:3); A or LO:HI per particle"},
    {"cell-size", "foam: mean cell diameter in voxels (default at 64^3: 16)"},
    {"cells", "foam: open (solid struts) | closed (solid walls) (default open)"},
    {"weights",
     "mix: FAMILY:WEIGHT,... (default: every family, weight 1, each over its own porosity "
     "range, with anisotropic variants)"},
};

std::optional<double> parse_number(const std::string& text) {
  std::size_t used = 0;
  try {
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// A number, LO:HI, X,Y,Z (numbers) or a word.
nlohmann::json value_json(const std::string& name, const std::string& text) {
  for (const char separator : {':', ','}) {
    if (text.find(separator) == std::string::npos) continue;
    nlohmann::json list = nlohmann::json::array();
    for (const auto view : split(text, separator)) {
      const std::string part(view);
      const auto number = parse_number(part);
      if (!number)
        fail("--{} {}: '{}' is not a number; give a number, a range LO:HI or a list X,Y,Z", name,
             text, part);
      list.push_back(*number);
    }
    if (separator == ':' && list.size() != 2)
      fail("--{} {}: a range is LO:HI, two numbers", name, text);
    return list;
  }
  if (const auto number = parse_number(text)) return *number;
  return text;
}

nlohmann::json weights_json(const std::string& text) {
  nlohmann::json weights = nlohmann::json::object();
  for (const auto view : split(text, ',')) {
    const std::string item(view);
    const std::size_t colon = item.rfind(':');
    const auto weight =
        colon == std::string::npos ? std::nullopt : parse_number(item.substr(colon + 1));
    if (!weight)
      fail("--weights {}: expected FAMILY:WEIGHT,... (e.g. fibres:2,gaussian-field:1)", text);
    weights[item.substr(0, colon)] = *weight;
  }
  return weights;
}

}  // namespace

void add_generator_options(CLI::App& command, GeneratorOptions& options) {
  command
      .add_option("--family", options.family,
                  "Structure family: " + voxel::generate::family_names())
      ->required();
  for (const OptionHelp& option : kOptions)
    command.add_option_function<std::string>(
        std::string("--") + option.name,
        [&options, name = std::string(option.name)](const std::string& text) {
          options.values[name] = text;
        },
        option.help);
}

nlohmann::json generator_config(const GeneratorOptions& options) {
  nlohmann::json config = {{"family", options.family}};
  for (const auto& [name, text] : options.values)
    config[name] = name == "weights" ? weights_json(text) : value_json(name, text);
  return config;
}

}  // namespace condnet::cli
