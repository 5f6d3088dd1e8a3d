#include "maillage/systemic/json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>
#include <unordered_set>

#include "maillage/core/error.hpp"
#include "../core/text.hpp"

namespace maillage::systemic {

namespace {

using maillage::detail::line_column;
using maillage::detail::utf8_length;

const char* type_of(const Json& j) {
  if (j.is_null()) return "null";
  if (j.is_bool()) return "a boolean";
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_array()) return "an array";
  return "an object";
}

[[noreturn]] void wrong_type(const Json& j, std::string_view what, const char* expected) {
  throw InvalidInput(std::string(what) + ": expected " + expected + ", got " + type_of(j));
}

// ---- Parsing: nlohmann-json's SAX parser builds our Json (which keeps integers apart from doubles
// and members in their order), and this handler adds what nlohmann does not do itself: duplicate
// keys refused, nesting bounded, and every error located as "<source>:<line>:<column>: …" with
// columns counted in characters.

/// A char iterator over the text that records how far the lexer has read, so the handler knows
/// where the key it receives ends (nlohmann's lexer pulls one byte at a time, without a buffer).
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char** reached) : p_(p), reached_(reached) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    *reached_ = ++p_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  // `!=` is the rewritten `==` (C++20); a separate one left `==` unused (clang: -Wunused-function).
  friend bool operator==(const CountingIterator& a, const CountingIterator& b) { return a.p_ == b.p_; }

 private:
  const char* p_;
  const char** reached_;
};



/// Keeps a message valid UTF-8 when nlohmann's "last read: '…'" ends inside a character (its lexer
/// stops at the first byte of "é" where a value is expected): the character is completed from the
/// text, whose bytes up to the error are well-formed. Long tokens keep their last 40 bytes.
std::string readable_token(std::string token, std::string_view text, std::size_t next) {
  std::size_t valid = 0;
  while (valid < token.size()) {
    const std::size_t n = utf8_length(token, valid);
    if (n == 0) break;
    valid += n;
  }
  if (valid < token.size()) {
    // An incomplete character at the end: add its continuation bytes from the text.
    for (std::size_t k = next; k < text.size() && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80; ++k) {
      token += text[k];
      if (utf8_length(token, valid) != 0) break;
    }
    if (utf8_length(token, valid) == 0) token.resize(valid);
  }
  if (token.size() > 40) {
    std::size_t from = token.size() - 40;
    while (from < token.size() && (static_cast<unsigned char>(token[from]) & 0xC0) == 0x80) ++from;
    token = "…" + token.substr(from);
  }
  return token;
}

class Handler {
 public:
  using json = nlohmann::json;

  Handler(std::string_view text, std::string_view source, const char** reached)
      : text_(text), source_(source), reached_(reached) {}

  Json result() { return std::move(root_); }

  bool null() { return add(Json()); }
  bool boolean(bool value) { return add(Json(value)); }
  bool number_integer(json::number_integer_t value) { return add(Json(static_cast<std::int64_t>(value))); }
  bool number_unsigned(json::number_unsigned_t value) {
    if (value <= static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max()))
      return add(Json(static_cast<std::int64_t>(value)));
    return add(Json(static_cast<double>(value)));  // beyond int64: a double, as before
  }
  // Underflow reads as zero (as Python's json does); overflow reaches parse_error (out_of_range 406).
  bool number_float(json::number_float_t value, const json::string_t&) { return add(Json(value)); }
  bool string(json::string_t& value) { return add(Json(std::move(value))); }
  bool binary(json::binary_t&) { return fail(offset(), "binary values are not JSON text"); }
  bool start_object(std::size_t) { return open(Json(Json::Object{})); }
  bool start_array(std::size_t) { return open(Json(Json::Array{})); }
  bool key(json::string_t& name) {
    Frame& frame = stack_.back();
    auto& members = frame.value.object();
    bool duplicate = false;
    if (!frame.keys.empty()) {
      duplicate = !frame.keys.insert(name).second;
    } else {
      for (const auto& member : members)
        if (member.first == name) duplicate = true;
      if (!duplicate && members.size() >= 16) {  // large objects: a hash set, so the check stays linear
        for (const auto& member : members) frame.keys.insert(member.first);
        frame.keys.insert(name);
      }
    }
    if (duplicate) return fail(key_start(), "duplicate key " + quote(name));
    frame.key = std::move(name);
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::json::exception& error) {
    // `position` counts the bytes read, end of input included: the error is at the last one read.
    std::size_t at = position == 0 ? 0 : position - 1;
    // Ill-formed UTF-8 is named where its sequence starts (the lexer may stop one byte further).
    for (std::size_t i = 0; i < text_.size() && i <= at + 1;) {
      const std::size_t n = utf8_length(text_, i);
      if (n == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text_[i]));
        fail(i, std::string("invalid UTF-8 (byte ") + hex + ")");
      }
      i += n;
    }
    std::string what = error.what();
    if (error.id == 406) {  // number overflow: point at the number's first character
      std::size_t start = std::min(at, text_.size());
      while (start > 0 && std::string_view("0123456789+-.eE").find(text_[start - 1]) != std::string_view::npos)
        --start;
      fail(start, "number out of range");
    }
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …": the
    // position goes in front, in characters; keep the explanation.
    if (const auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
      what.erase(0, close + 2);
    if (what.rfind("parse error", 0) == 0)
      if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    // Replace the token nlohmann quotes by one that is valid UTF-8 and short.
    const std::string clause = "; last read: '" + last_token + "'";
    if (const auto p = what.find(clause); p != std::string::npos)
      what.replace(p, clause.size(), "; last read: '" + readable_token(last_token, text_, at + 1) + "'");
    fail(at, what);
  }

 private:
  struct Frame {
    Json value;
    std::string key;                          // pending member name (objects)
    std::unordered_set<std::string> keys;     // member names, once the object is large
  };

  std::size_t offset() const { return static_cast<std::size_t>(*reached_ - text_.data()); }

  /// Where the key just read starts: its closing quote is the last byte read; walk back to the
  /// opening quote (a quote preceded by an even run of backslashes).
  std::size_t key_start() const {
    std::size_t close = offset();
    if (close == 0) return 0;
    --close;
    for (std::size_t i = close; i-- > 0;) {
      if (text_[i] != '"') continue;
      std::size_t slashes = 0;
      while (slashes < i && text_[i - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return close;
  }

  [[noreturn]] bool fail(std::size_t at, const std::string& message) const {
    const auto [line, column] = line_column(text_, at);
    throw InvalidInput(std::string(source_) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                       message);
  }

  bool open(Json value) {
    if (stack_.size() >= max_depth) fail(offset() == 0 ? 0 : offset() - 1, "nesting too deep");
    stack_.push_back(Frame{std::move(value), {}, {}});
    return true;
  }
  bool close() {
    Json value = std::move(stack_.back().value);
    stack_.pop_back();
    return add(std::move(value));
  }
  bool add(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
    } else if (Frame& frame = stack_.back(); frame.value.is_array()) {
      frame.value.array().push_back(std::move(value));
    } else {
      frame.value.object().emplace_back(std::move(frame.key), std::move(value));
    }
    return true;
  }

  static constexpr std::size_t max_depth = 512;
  std::string_view text_;
  std::string_view source_;
  const char** reached_;
  std::vector<Frame> stack_;
  Json root_;
};

// ---- Writing stays hand-written: nlohmann's dump cannot give these bytes (it writes 1e15 as
// 1000000000000000.0 where the shortest round-trip form is 1e+15, \b and \f as short escapes, and
// knows no integer/double distinction of ours), and Representation files, metadata and every writer
// built on them promise byte-stable output.
void dump_to(std::string& out, const Json& j, int indent, int level) {
  auto newline = [&](int lv) {
    if (indent <= 0) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent * lv), ' ');
  };
  if (j.is_null()) {
    out += "null";
  } else if (j.is_bool()) {
    out += j.as_bool() ? "true" : "false";
  } else if (j.is_int()) {
    out += std::to_string(j.as_int());
  } else if (j.is_double()) {
    append_shortest(out, j.as_double());
  } else if (j.is_string()) {
    out += '"';
    append_json_escaped(out, j.as_string());
    out += '"';
  } else if (j.is_array()) {
    const auto& a = j.as_array();
    out += '[';
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i) out += ',';
      newline(level + 1);
      dump_to(out, a[i], indent, level + 1);
    }
    if (!a.empty()) newline(level);
    out += ']';
  } else {
    const auto& o = j.as_object();
    out += '{';
    for (std::size_t i = 0; i < o.size(); ++i) {
      if (i) out += ',';
      newline(level + 1);
      out += '"';
      append_json_escaped(out, o[i].first);
      out += indent > 0 ? "\": " : "\":";
      dump_to(out, o[i].second, indent, level + 1);
    }
    if (!o.empty()) newline(level);
    out += '}';
  }
}

}  // namespace

bool Json::as_bool(std::string_view what) const {
  if (!is_bool()) wrong_type(*this, what, "a boolean");
  return std::get<bool>(value_);
}
std::int64_t Json::as_int(std::string_view what) const {
  if (is_double()) {
    double d = std::get<double>(value_);
    if (std::nearbyint(d) == d && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
  }
  if (!is_int()) wrong_type(*this, what, "an integer");
  return std::get<std::int64_t>(value_);
}
double Json::as_double(std::string_view what) const {
  if (is_int()) return static_cast<double>(std::get<std::int64_t>(value_));
  if (!is_double()) wrong_type(*this, what, "a number");
  return std::get<double>(value_);
}
const std::string& Json::as_string(std::string_view what) const {
  if (!is_string()) wrong_type(*this, what, "a string");
  return std::get<std::string>(value_);
}
const Json::Array& Json::as_array(std::string_view what) const {
  if (!is_array()) wrong_type(*this, what, "an array");
  return std::get<Array>(value_);
}
const Json::Object& Json::as_object(std::string_view what) const {
  if (!is_object()) wrong_type(*this, what, "an object");
  return std::get<Object>(value_);
}
Json::Array& Json::array() {
  if (is_null()) value_ = Array{};
  if (!is_array()) wrong_type(*this, "value", "an array");
  return std::get<Array>(value_);
}
Json::Object& Json::object() {
  if (is_null()) value_ = Object{};
  if (!is_object()) wrong_type(*this, "value", "an object");
  return std::get<Object>(value_);
}
const Json* Json::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : std::get<Object>(value_))
    if (k == key) return &v;
  return nullptr;
}
Json& Json::set(std::string key, Json value) {
  auto& o = object();
  for (auto& [k, v] : o)
    if (k == key) {
      v = std::move(value);
      return v;
    }
  o.emplace_back(std::move(key), std::move(value));
  return o.back().second;
}

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, *this, indent, 0);
  return out;
}

Json Json::parse(std::string_view text, std::string_view source) {
  const char* reached = text.data();
  Handler handler(text, source, &reached);
  CountingIterator first(text.data(), &reached), last(text.data() + text.size(), &reached);
  // strict: the whole text is one value; no comments.
  nlohmann::json::sax_parse(first, last, &handler, nlohmann::json::input_format_t::json, true, false);
  return handler.result();
}

void append_shortest(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[64];
  auto [p, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string_view text(buffer, static_cast<std::size_t>(p - buffer));
  out += text;
  if (text.find_first_of(".eEn") == std::string_view::npos) out += ".0";
}

void append_fixed(std::string& out, double value, int decimals) {
  if (!std::isfinite(value)) value = 0;
  char buffer[64];
  auto [p, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string text(buffer, static_cast<std::size_t>(p - buffer));
  if (text.find('.') != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  out += text;
}

void append_json_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
      out += buffer;
    } else {
      out += c;
    }
  }
}

}  // namespace maillage::systemic
