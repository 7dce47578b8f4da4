#pragma once
// Reads an HTML page with python3's html.parser (an independent parser) and says whether it is
// well-formed -- a doctype, every element that is not void closed in order, nothing left open --
// and what text each element holds, by its path ("html/head/title", "html/body/pre").
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "report/python_probe.hpp"

namespace condnet::test {

inline constexpr const char* kHtmlCheckScript = R"(
import json, sys
from html.parser import HTMLParser
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source',
        'track', 'wbr'}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text, self.doctype = [], [], {}, None
    def handle_decl(self, decl):
        self.doctype = decl
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors.append('</%s> closes %s' % (tag, self.stack[-1] if self.stack else 'nothing'))
    def handle_data(self, data):
        if self.stack:
            path = '/'.join(self.stack)
            self.text[path] = self.text.get(path, '') + data
        elif data.strip():
            self.errors.append('text outside <html>: %r' % data.strip())
check = Check()
check.feed(open(sys.argv[1], encoding='utf-8').read())
check.close()
print(json.dumps({'doctype': check.doctype, 'errors': check.errors, 'unclosed': check.stack,
                  'text': check.text}))
)";

// {"doctype", "errors": [...], "unclosed": [...], "text": {path: text}} for `html`, written to
// DIR/NAME.html; an empty object (and a failed test) when python3 cannot read it.
inline nlohmann::json check_html(const std::string& html, const std::filesystem::path& dir,
                                 const std::string& name) {
  return run_python_probe(kHtmlCheckScript, "html_check.py", html, dir, name + ".html",
                          name + ": the HTML check failed");
}

// Expects `check` (from check_html) to describe a well-formed page.
inline void expect_well_formed(const nlohmann::json& check) {
  EXPECT_EQ(check.value("doctype", nlohmann::json()), "DOCTYPE html") << check.dump();
  EXPECT_EQ(check.value("errors", nlohmann::json()), nlohmann::json::array()) << check.dump();
  EXPECT_EQ(check.value("unclosed", nlohmann::json()), nlohmann::json::array()) << check.dump();
}

}  // namespace condnet::test
