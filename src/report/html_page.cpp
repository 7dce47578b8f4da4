#include "report/html_page.hpp"

#include <fmt/format.h>

#include "report/svg_chart.hpp"

namespace condnet::report {

std::string html_page(std::string_view title, std::string_view style, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      xml_escape(title), style, body);
}

std::string html_element(std::string_view tag, std::string_view text) {
  return fmt::format("<{0}>{1}</{0}>\n", tag, xml_escape(text));
}

}  // namespace condnet::report
