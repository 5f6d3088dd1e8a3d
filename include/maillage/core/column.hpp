#pragma once
/// Typed attribute columns (bool, int64, double, string, list of strings, categorical, date) with
/// missing values, and the Table of named columns that node and edge attributes live in.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "maillage/core/date.hpp"

namespace maillage {

/// The closed set of attribute types.
enum class AttrType : std::uint8_t { boolean, int64, float64, string, string_list, categorical, date };

/// "bool", "int64", "double", "string", "list", "categorical" or "date".
std::string_view type_name(AttrType type);

using StringList = std::vector<std::string>;

/// One attribute value; `std::monostate` is a missing value. Categorical values are strings.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, StringList, Date>;

/// Human-readable rendering of a value for messages and summaries ("<missing>" for none).
std::string to_display(const Value& value);

/// A typed column with a missing-value mask. Exactly one storage vector is used, by type:
/// boolean → bools (0/1), int64 → ints, float64 → doubles, string → strings,
/// string_list → lists, categorical → codes (into categories()), date → days.
class Column {
 public:
  /// A column of `size` missing values.
  explicit Column(AttrType type = AttrType::string, std::size_t size = 0);
  /// An empty categorical column over the given categories (unique), ordered or not.
  static Column categorical(std::vector<std::string> categories, bool ordered = false, std::size_t size = 0);

  AttrType type() const { return type_; }
  std::size_t size() const { return valid_.size(); }
  bool is_missing(std::size_t row) const { return valid_[row] == 0; }
  std::size_t missing_count() const;

  /// The value at `row` (monostate when missing; categorical as its category string).
  Value get(std::size_t row) const;
  /// Sets the value at `row`; throws InvalidInput when it does not fit the type. An int64 value
  /// is accepted by a float64 column; a string by a categorical column (added as a category
  /// unless the categories are fixed) and by a date column (ISO day or year).
  void set(std::size_t row, const Value& value);
  void push_back(const Value& value);
  void push_missing();
  void resize(std::size_t size);  // new rows are missing
  void set_missing(std::size_t row);

  // Typed storage, valid only for the matching type; entries of missing rows are unspecified.
  std::vector<std::uint8_t>& bools() { return bools_; }
  std::vector<std::int64_t>& ints() { return ints_; }
  std::vector<double>& doubles() { return doubles_; }
  std::vector<std::string>& strings() { return strings_; }
  std::vector<StringList>& lists() { return lists_; }
  std::vector<std::int32_t>& codes() { return codes_; }  // categorical codes and date days
  std::vector<std::uint8_t>& valid() { return valid_; }
  const std::vector<std::uint8_t>& bools() const { return bools_; }
  const std::vector<std::int64_t>& ints() const { return ints_; }
  const std::vector<double>& doubles() const { return doubles_; }
  const std::vector<std::string>& strings() const { return strings_; }
  const std::vector<StringList>& lists() const { return lists_; }
  const std::vector<std::int32_t>& codes() const { return codes_; }
  const std::vector<std::uint8_t>& valid() const { return valid_; }

  /// Categories of a categorical column, in code order.
  const std::vector<std::string>& categories() const { return categories_; }
  bool ordered() const { return ordered_; }
  /// Code of a category, if present.
  std::optional<std::int32_t> category_code(std::string_view category) const;
  /// Fixes the category set: later values outside it are an error.
  void fix_categories(bool fixed = true) { fixed_categories_ = fixed; }

  /// Free-form hint kept for exact round trips through a host language (e.g. which pandas dtype a
  /// column came from); the core never interprets it.
  std::uint8_t hint() const { return hint_; }
  void set_hint(std::uint8_t hint) { hint_ = hint; }

  /// A new column holding rows `rows` of this one, in that order.
  Column take(const std::vector<std::uint32_t>& rows) const;
  /// Checks storage sizes against the mask; throws InvalidInput naming `name` when inconsistent
  /// (used on columns filled through the typed vectors).
  void check_consistent(std::string_view name) const;

 private:
  AttrType type_;
  std::vector<std::uint8_t> valid_;
  std::vector<std::uint8_t> bools_;
  std::vector<std::int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<std::string> strings_;
  std::vector<StringList> lists_;
  std::vector<std::int32_t> codes_;
  std::vector<std::string> categories_;
  std::map<std::string, std::int32_t, std::less<>> category_index_;
  bool ordered_ = false;
  bool fixed_categories_ = false;
  std::uint8_t hint_ = 0;
};

/// Named columns of equal length, in insertion order. Finding a column by name is O(1) (a hash
/// index), so building a table of c columns is O(c), not O(c²).
class Table {
 public:
  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return columns_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  bool has(std::string_view name) const;
  /// The column `name`; throws NotFound naming it (and the columns there are).
  const Column& column(std::string_view name) const;
  Column& column(std::string_view name);
  const Column& column(std::size_t index) const { return columns_[index]; }
  Column& column(std::size_t index) { return columns_[index]; }
  const Column* find(std::string_view name) const;
  Column* find(std::string_view name);
  /// Adds a column; its size must equal rows() unless the table has no column yet (and no rows).
  /// Throws InvalidInput on a duplicate name or a size mismatch.
  void add(std::string name, Column column);
  /// Removes a column if present.
  void remove(std::string_view name);
  /// Sets the row count of a table without columns, or grows every column with missing values.
  void resize(std::size_t rows);
  /// A table holding rows `rows`, in that order.
  Table take(const std::vector<std::uint32_t>& rows) const;

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::size_t rows_ = 0;
  std::vector<std::string> names_;
  std::vector<Column> columns_;
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> index_;  // name → position
};

/// Graph-level metadata: a name → value map (ordered by name).
using Metadata = std::map<std::string, Value, std::less<>>;

}  // namespace maillage
