#pragma once
// Reads hyper-parameters (of a layer, optimizer, schedule) from a JSON object with one-line
// errors that name the object, the field, what was found and what is allowed. Fields not read are
// rejected by finish(), so a typo ("kernal") is an error rather than a silent default.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace condnet::nn {

class ConfigFields {
 public:
  // `where` names the object for messages: "models/a.json: layer 'conv1' (conv3d)";
  // `reserved` fields belong to the caller and pass finish() unread.
  ConfigFields(const nlohmann::json& object, std::string where,
               std::set<std::string> reserved = {"type"});

  // Whether the field is present; every accessor also marks `key` as known to finish().
  bool has(const std::string& key);
  // An integer >= minimum.
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t minimum);
  std::int64_t required_integer(const std::string& key, std::int64_t minimum);
  // An integer >= minimum or a list of three (D, H, W).
  std::array<std::int64_t, 3> triple(const std::string& key, std::int64_t fallback,
                                     std::int64_t minimum);
  // A number within [low, high].
  double number(const std::string& key, double fallback, double low, double high);
  bool boolean(const std::string& key, bool fallback);
  std::string text(const std::string& key, const std::string& fallback);
  // The field as it is, for shapes the readers above do not cover; check has() first.
  const nlohmann::json& raw(const std::string& key) { return field(key); }

  const std::string& where() const { return where_; }
  // Throws naming the first field that no reader asked for.
  void finish() const;

 private:
  const nlohmann::json& field(const std::string& key);

  const nlohmann::json& object_;
  std::string where_;
  std::set<std::string> read_;
};

// A triple as JSON: a single integer when the three agree, else a list.
nlohmann::json triple_to_json(const std::array<std::int64_t, 3>& values);

}  // namespace condnet::nn
