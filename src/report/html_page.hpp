#pragma once
// The frame of a self-contained HTML page (inline CSS, no scripts, nothing fetched) around
// content built from report's pieces (svg_chart.hpp's charts, html_element), and one escaped
// text element. Every page condnet writes goes through html_page, so they share one frame.
#include <string>
#include <string_view>

namespace condnet::report {

// "<!DOCTYPE html>" and <html lang="en">, a <head> with charset utf-8, `title` (escaped) and
// `style` (CSS, as it is), and a <body> holding `body` (HTML, as it is).
std::string html_page(std::string_view title, std::string_view style, std::string_view body);

// "<TAG>TEXT</TAG>\n" with `text` escaped, e.g. html_element("pre", table).
std::string html_element(std::string_view tag, std::string_view text);

}  // namespace condnet::report
