#pragma once
/// Json: a small JSON value (null, bool, integer, number, string, array, object with its key order)
/// with a strict parser and a canonical, byte-stable writer, for Representation files and metadata.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace maillage::systemic {

/// A JSON value. Integers (no fraction, no exponent, within int64) stay integers; other numbers are
/// doubles. Objects keep their members in insertion order (duplicate keys are refused by parse()).
class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool value) : value_(value) {}
  Json(int value) : value_(static_cast<std::int64_t>(value)) {}
  Json(std::int64_t value) : value_(value) {}
  Json(std::uint32_t value) : value_(static_cast<std::int64_t>(value)) {}
  Json(double value) : value_(value) {}
  Json(const char* value) : value_(std::string(value)) {}
  Json(std::string value) : value_(std::move(value)) {}
  Json(std::string_view value) : value_(std::string(value)) {}
  Json(Array value) : value_(std::move(value)) {}
  Json(Object value) : value_(std::move(value)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  bool is_bool() const { return std::holds_alternative<bool>(value_); }
  bool is_int() const { return std::holds_alternative<std::int64_t>(value_); }
  bool is_double() const { return std::holds_alternative<double>(value_); }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  bool is_array() const { return std::holds_alternative<Array>(value_); }
  bool is_object() const { return std::holds_alternative<Object>(value_); }

  /// Typed access; InvalidInput naming `what` when the value has another type.
  bool as_bool(std::string_view what = "value") const;
  std::int64_t as_int(std::string_view what = "value") const;
  /// A number (integer or double) as a double.
  double as_double(std::string_view what = "value") const;
  const std::string& as_string(std::string_view what = "value") const;
  const Array& as_array(std::string_view what = "value") const;
  const Object& as_object(std::string_view what = "value") const;
  Array& array();
  Object& object();

  /// Member `key` of an object, or nullptr (also when this is not an object). O(members).
  const Json* find(std::string_view key) const;
  /// Appends a member to an object (a null value becomes an empty object first).
  Json& set(std::string key, Json value);

  /// Canonical text: no spaces, members in their order, strings with only `"`, `\\` and control
  /// characters escaped (UTF-8 kept), integers in decimal, doubles in their shortest round-trip
  /// form (always with a `.` or an exponent, so they read back as doubles). Non-finite doubles
  /// are written as null. `indent` > 0 pretty-prints.
  std::string dump(int indent = 0) const;
  /// Parses a complete JSON text (RFC 8259, UTF-8; surrogate pairs in \u escapes) with
  /// nlohmann-json's SAX parser. InvalidInput "<source>:<line>:<column>: …" (columns in characters)
  /// on malformed text, ill-formed UTF-8, a duplicate key (located at the key), nesting deeper than
  /// 512 or a number out of the double range. O(size); duplicate checks are hash-based.
  static Json parse(std::string_view text, std::string_view source = "json");

  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> value_;
};

/// Appends `value` to `out` in the shortest form that reads back to the same double.
void append_shortest(std::string& out, double value);
/// Appends `value` with `decimals` fixed decimals, trailing zeros and a lone "." removed, "-0" as "0".
void append_fixed(std::string& out, double value, int decimals = 2);
/// Appends `text` escaped for a JSON string (without quotes).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace maillage::systemic
