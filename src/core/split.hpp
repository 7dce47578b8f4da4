#pragma once
// Splitting an option's text at a separator: "1,2,3" -> {"1", "2", "3"}.
#include <string_view>
#include <vector>

namespace condnet {

// The parts of `text` between separators, empty ones included ("1,,2" -> {"1", "", "2"}; "" ->
// {""}), as views into `text`.
std::vector<std::string_view> split(std::string_view text, char separator);

}  // namespace condnet
