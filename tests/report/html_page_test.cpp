// report::html_page and html_element: a well-formed, self-contained page whose title and text
// are escaped, and the demo report built on the same frame.
#include "report/html_page.hpp"

#include <gtest/gtest.h>

#include "report/html_check.hpp"

namespace condnet::test {
namespace {

TEST(HtmlPage, FrameIsWellFormedAndTextEscaped) {
  const auto dir = scratch_dir("html_page");
  const std::string title = "a <b> & \"c\"";
  const auto html = report::html_page(
      title, "body{margin:0}",
      report::html_element("h1", title) + report::html_element("pre", "x < y\n  z & w"));
  const auto check = check_html(html, dir, "page");
  expect_well_formed(check);
  EXPECT_EQ(check["text"]["html/head/title"], title);
  EXPECT_EQ(check["text"]["html/head/style"], "body{margin:0}");
  EXPECT_EQ(check["text"]["html/body/h1"], title);
  EXPECT_EQ(check["text"]["html/body/pre"], "x < y\n  z & w");
  EXPECT_EQ(html.find("<b>"), std::string::npos) << "unescaped text";
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(HtmlPage, AnUnclosedElementIsFound) {
  // The check itself: a page with an element left open is not well-formed.
  const auto check =
      check_html(report::html_page("t", "", "<p>open"), scratch_dir("html_page_bad"), "bad");
  EXPECT_FALSE(check["errors"].empty() && check["unclosed"].empty()) << check.dump();
}

}  // namespace
}  // namespace condnet::test
