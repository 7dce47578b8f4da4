#include "cli/validators.hpp"

#include <cstdlib>

#include "core/error.hpp"
#include "runtime/device.hpp"

namespace condnet::cli {

namespace {

// A validator accepting numbers for which `allowed` holds; `rule` says which ("> 0").
CLI::Validator number_check(bool (*allowed)(double), const std::string& rule,
                            const std::string& name) {
  return CLI::Validator(
      [allowed, rule](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0')
          return "must be a number " + rule + ", got '" + text + "'";
        if (!allowed(value)) return "must be " + rule + ", got " + text;
        return {};
      },
      name);
}

}  // namespace

const CLI::Validator& positive() {
  static const CLI::Validator check =
      number_check([](double v) { return v > 0; }, "> 0", "POSITIVE");
  return check;
}

const CLI::Validator& non_negative() {
  static const CLI::Validator check =
      number_check([](double v) { return v >= 0; }, ">= 0", "NONNEGATIVE");
  return check;
}

const CLI::Validator& device_name() {
  static const CLI::Validator check(
      [](std::string& text) -> std::string {
        try {
          runtime::check_device_name(text, "");
        } catch (const Error& error) {
          return error.what();
        }
        return {};
      },
      "DEVICE");
  return check;
}

}  // namespace condnet::cli
