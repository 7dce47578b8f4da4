#pragma once
// The HTML page of a REV study (`condnet rev --html`): per axis, the mean D_eff over the
// sub-cubes with +- one standard deviation against their edge, and the relative spread against
// the threshold, then the numbers as a table.
#include <string>

#include "solve/rev_study.hpp"

namespace condnet::report {

std::string rev_page(const solve::RevStudy& study, const std::string& volume);

}  // namespace condnet::report
