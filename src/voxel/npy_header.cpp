#include "voxel/npy_header.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

constexpr std::string_view kExample =
    "{'descr': '<u1', 'fortran_order': False, 'shape': (64, 64, 64), }";

// A Python literal: a string, True/False, an integer, or a tuple/list of literals.
struct Literal {
  enum class Kind { string, boolean, integer, tuple, list };
  Kind kind = Kind::integer;
  std::string_view source;  // the literal as written
  std::string_view text;    // string contents
  bool flag = false;
  std::int64_t number = 0;
  std::vector<Literal> items;
};

class HeaderParser {
 public:
  HeaderParser(std::string_view text, const std::filesystem::path& path)
      : text_(text), path_(path) {}

  NpyHeader parse() {
    skip_space();
    expect('{');
    std::optional<Literal> descr, fortran_order, shape;
    skip_space();
    while (peek() != '}') {
      const Literal key = parse_literal();
      if (key.kind != Literal::Kind::string) bad(fmt::format("key {} is not a string", key.source));
      skip_space();
      expect(':');
      std::optional<Literal>* slot = key.text == "descr"           ? &descr
                                     : key.text == "fortran_order" ? &fortran_order
                                     : key.text == "shape"         ? &shape
                                                                   : nullptr;
      if (!slot) bad(fmt::format("unknown key '{}'", key.text));
      if (slot->has_value()) bad(fmt::format("key '{}' appears twice", key.text));
      *slot = parse_literal();
      skip_space();
      if (peek() == ',') {
        ++pos_;
        skip_space();
      } else if (peek() != '}') {
        bad(fmt::format("expected ',' or '}}' at offset {}", pos_));
      }
    }
    ++pos_;
    skip_space();
    if (pos_ != text_.size()) bad(fmt::format("unexpected text after the dict at offset {}", pos_));
    if (!descr) bad("missing key 'descr'");
    if (!fortran_order) bad("missing key 'fortran_order'");
    if (!shape) bad("missing key 'shape'");
    return header_from(*descr, *fortran_order, *shape);
  }

 private:
  [[noreturn]] void bad(const std::string& what) const {
    std::string_view header = text_;
    while (!header.empty() && (header.back() == ' ' || header.back() == '\n'))
      header.remove_suffix(1);
    std::string shown;
    for (const char c : header.substr(0, 200))
      shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    if (header.size() > 200) shown += "...";
    fail("{}: bad .npy header: {} (header: {}); expected a dict like {}", path_.string(), what,
         shown, kExample);
  }

  static std::string shown_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte >= 0x7f ? fmt::format("\\x{:02x}", byte) : fmt::format("'{}'", c);
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  void expect(char c) {
    if (peek() != c) bad(fmt::format("expected '{}' at offset {}", c, pos_));
    ++pos_;
  }

  Literal parse_literal() {
    skip_space();
    const std::size_t start = pos_;
    Literal literal;
    const char c = peek();
    if (c == '\'' || c == '"') {
      literal.kind = Literal::Kind::string;
      const std::size_t end = text_.find(c, pos_ + 1);
      if (end == std::string_view::npos) bad(fmt::format("unterminated string at offset {}", pos_));
      literal.text = text_.substr(pos_ + 1, end - pos_ - 1);
      if (literal.text.find('\\') != std::string_view::npos)
        bad(fmt::format("escape sequence in string at offset {}", pos_));
      pos_ = end + 1;
    } else if (text_.substr(pos_, 4) == "True" || text_.substr(pos_, 5) == "False") {
      literal.kind = Literal::Kind::boolean;
      literal.flag = c == 'T';
      pos_ += literal.flag ? 4 : 5;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      literal.kind = Literal::Kind::integer;
      const char* first = text_.data() + pos_;
      const auto [end, error] = std::from_chars(first, text_.data() + text_.size(), literal.number);
      if (error != std::errc()) bad(fmt::format("bad integer at offset {}", pos_));
      pos_ += static_cast<std::size_t>(end - first);
    } else if (c == '(' || c == '[') {
      literal = parse_sequence(c, c == '(' ? ')' : ']');
    } else if (pos_ >= text_.size()) {
      bad("the header ends early");
    } else {
      bad(fmt::format("unexpected character {} at offset {}", shown_char(c), pos_));
    }
    literal.source = text_.substr(start, pos_ - start);
    return literal;
  }

  // "(a, b)", "(a,)", "()", "[a, b]"; "(a)" is just a parenthesised a, as in Python.
  Literal parse_sequence(char open, char close) {
    expect(open);
    Literal sequence;
    sequence.kind = open == '(' ? Literal::Kind::tuple : Literal::Kind::list;
    bool saw_comma = false;
    skip_space();
    while (peek() != close) {
      sequence.items.push_back(parse_literal());
      skip_space();
      if (peek() == ',') {
        ++pos_;
        saw_comma = true;
        skip_space();
      } else if (peek() != close) {
        bad(fmt::format("expected ',' or '{}' at offset {}", close, pos_));
      }
    }
    ++pos_;
    if (open == '(' && sequence.items.size() == 1 && !saw_comma) return sequence.items[0];
    return sequence;
  }

  NpyHeader header_from(const Literal& descr, const Literal& fortran_order,
                        const Literal& shape) const {
    NpyHeader header;
    if (descr.kind == Literal::Kind::string) {
      header.descr = descr.text;
    } else if (descr.kind == Literal::Kind::list) {
      header.descr = descr.source;
      header.descr_is_string = false;
    } else {
      bad(fmt::format("'descr' is {}, not a dtype string", descr.source));
    }
    if (fortran_order.kind != Literal::Kind::boolean)
      bad(fmt::format("'fortran_order' is {}, not True or False", fortran_order.source));
    header.fortran_order = fortran_order.flag;
    if (shape.kind != Literal::Kind::tuple)
      bad(fmt::format("'shape' is {}, not a tuple", shape.source));
    for (const Literal& extent : shape.items) {
      if (extent.kind != Literal::Kind::integer || extent.number < 0)
        bad(fmt::format("'shape' {} holds {}, not a non-negative integer", shape.source,
                        extent.source));
      header.shape.push_back(extent.number);
    }
    return header;
  }

  std::string_view text_;
  const std::filesystem::path& path_;
  std::size_t pos_ = 0;
};

}  // namespace

NpyHeader parse_npy_header(std::string_view text, const std::filesystem::path& path) {
  return HeaderParser(text, path).parse();
}

std::string format_npy_header(std::string_view descr, const std::vector<std::int64_t>& shape) {
  std::string extents;
  for (const std::int64_t extent : shape) extents += fmt::format("{}, ", extent);
  if (shape.size() > 1) extents.resize(extents.size() - 2);
  if (shape.size() == 1) extents.pop_back();
  return fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, extents);
}

}  // namespace condnet::voxel
