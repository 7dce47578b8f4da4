// Selecting samples by family (leave-one-family-out): a dataset of two families read whole, one
// family only, or without one; a run trained without a family records it, and an ensemble of
// it calibrates without that family.
#include <gtest/gtest.h>

#include <set>

#include "data/sample_set.hpp"
#include "surrogate/surrogate_fixture.hpp"

namespace condnet::test {
namespace {

TEST(SampleSelection, FamiliesAreTakenOrLeftOut) {
  const auto dir = scratch_dir("sample_selection");
  const auto data = dir / "two.h5";
  const auto made = run_condnet(
      "generate --family mix --weights gaussian-field:1,overlapping-spheres:1 --porosity 0.5 "
      "--size 12 --count 40 --seed 3 --quiet -o " +
      data.string());
  ASSERT_EQ(made.exit_code, 0) << made.output;
  ASSERT_EQ(run_condnet("label --quiet " + data.string()).exit_code, 0);
  const auto families_of = [&](const data::SampleSelection& selection) {
    const auto set = data::load_samples({data}, selection);
    return std::multiset<std::string>(set.family.begin(), set.family.end());
  };
  using data::Split;
  const std::vector<Split> all = {Split::train, Split::val, Split::test};
  const auto whole = families_of({all});
  ASSERT_EQ(whole.size(), 40u);
  ASSERT_GT(whole.count("gaussian-field"), 5u);
  ASSERT_GT(whole.count("overlapping-spheres"), 5u);
  data::SampleSelection only(all), without(all);
  only.families = {"gaussian-field"};
  without.exclude_families = {"gaussian-field"};
  EXPECT_EQ(families_of(only).size(), whole.count("gaussian-field"));
  EXPECT_EQ(families_of(only).count("gaussian-field"), whole.count("gaussian-field"));
  EXPECT_EQ(families_of(without).size(), whole.count("overlapping-spheres"));
  EXPECT_EQ(families_of(without).count("gaussian-field"), 0u);

  // evaluate --family on a family the data lacks: one line, nothing evaluated.
  const auto model = small_model(dir, "small", false, 12);
  const auto run = dir / "run";
  const auto trained =
      run_condnet("train --quiet --data " + data.string() + " --model " + model.string() +
                  " --exclude-family overlapping-spheres --batch 4 --epochs 1 -o " + run.string());
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const auto options = nlohmann::json::parse(std::ifstream(run / "run.json"))["options"];
  EXPECT_EQ(options["exclude_families"], nlohmann::json::array({"overlapping-spheres"}));
  const auto missing =
      run_condnet("evaluate " + run.string() + " " + data.string() + " --split all --family foam");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("no labelled samples"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace condnet::test
