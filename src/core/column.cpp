#include "maillage/core/column.hpp"

#include <cmath>
#include <cstdio>

#include "maillage/core/error.hpp"

namespace maillage {

std::string_view type_name(AttrType type) {
  switch (type) {
    case AttrType::boolean: return "bool";
    case AttrType::int64: return "int64";
    case AttrType::float64: return "double";
    case AttrType::string: return "string";
    case AttrType::string_list: return "list";
    case AttrType::categorical: return "categorical";
    case AttrType::date: return "date";
  }
  return "?";
}

namespace {

std::string_view value_type_name(const Value& value) {
  switch (value.index()) {
    case 0: return "missing";
    case 1: return "bool";
    case 2: return "int64";
    case 3: return "double";
    case 4: return "string";
    case 5: return "list";
    case 6: return "date";
  }
  return "?";
}

}  // namespace

std::string to_display(const Value& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "<missing>"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", d);
      return buffer;
    }
    std::string operator()(const std::string& s) const { return quote(s); }
    std::string operator()(const StringList& l) const {
      std::string out = "[";
      for (std::size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + quote(l[i]);
      return out + "]";
    }
    std::string operator()(const Date& d) const { return d.iso(); }
  };
  return std::visit(Visitor{}, value);
}

Column::Column(AttrType type, std::size_t size) : type_(type) { resize(size); }

Column Column::categorical(std::vector<std::string> categories, bool ordered, std::size_t size) {
  Column column(AttrType::categorical, 0);
  for (auto& category : categories) {
    const auto code = static_cast<std::int32_t>(column.categories_.size());
    if (!column.category_index_.emplace(category, code).second)
      throw InvalidInput("duplicate category " + quote(category));
    column.categories_.push_back(std::move(category));
  }
  column.ordered_ = ordered;
  column.resize(size);
  return column;
}

std::size_t Column::missing_count() const {
  std::size_t count = 0;
  for (auto v : valid_) count += v == 0;
  return count;
}

void Column::resize(std::size_t size) {
  valid_.resize(size, 0);
  switch (type_) {
    case AttrType::boolean: bools_.resize(size, 0); break;
    case AttrType::int64: ints_.resize(size, 0); break;
    case AttrType::float64: doubles_.resize(size, std::nan("")); break;
    case AttrType::string: strings_.resize(size); break;
    case AttrType::string_list: lists_.resize(size); break;
    case AttrType::categorical: codes_.resize(size, -1); break;
    case AttrType::date: codes_.resize(size, 0); break;
  }
}

void Column::push_missing() { resize(size() + 1); }

void Column::push_back(const Value& value) {
  push_missing();
  try {
    set(size() - 1, value);
  } catch (...) {
    resize(size() - 1);
    throw;
  }
}

void Column::set_missing(std::size_t row) {
  valid_[row] = 0;
  switch (type_) {
    case AttrType::string: strings_[row].clear(); break;
    case AttrType::string_list: lists_[row].clear(); break;
    case AttrType::categorical: codes_[row] = -1; break;
    case AttrType::float64: doubles_[row] = std::nan(""); break;
    default: break;
  }
}

std::optional<std::int32_t> Column::category_code(std::string_view category) const {
  auto it = category_index_.find(category);
  if (it == category_index_.end()) return std::nullopt;
  return it->second;
}

Value Column::get(std::size_t row) const {
  if (valid_[row] == 0) return std::monostate{};
  switch (type_) {
    case AttrType::boolean: return bools_[row] != 0;
    case AttrType::int64: return ints_[row];
    case AttrType::float64: return doubles_[row];
    case AttrType::string: return strings_[row];
    case AttrType::string_list: return lists_[row];
    case AttrType::categorical: return categories_[static_cast<std::size_t>(codes_[row])];
    case AttrType::date: return Date{codes_[row]};
  }
  return std::monostate{};
}

void Column::set(std::size_t row, const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    set_missing(row);
    return;
  }
  auto mismatch = [&]() {
    return InvalidInput("a " + std::string(value_type_name(value)) + " value " + to_display(value) +
                        " does not fit a " + std::string(type_name(type_)) + " column");
  };
  switch (type_) {
    case AttrType::boolean:
      if (auto* b = std::get_if<bool>(&value)) {
        bools_[row] = *b ? 1 : 0;
        break;
      }
      throw mismatch();
    case AttrType::int64:
      if (auto* i = std::get_if<std::int64_t>(&value)) {
        ints_[row] = *i;
        break;
      }
      throw mismatch();
    case AttrType::float64:
      if (auto* d = std::get_if<double>(&value)) {
        if (std::isnan(*d)) {
          set_missing(row);
          return;
        }
        doubles_[row] = *d;
        break;
      }
      if (auto* i = std::get_if<std::int64_t>(&value)) {
        doubles_[row] = static_cast<double>(*i);
        break;
      }
      throw mismatch();
    case AttrType::string:
      if (auto* s = std::get_if<std::string>(&value)) {
        strings_[row] = *s;
        break;
      }
      throw mismatch();
    case AttrType::string_list:
      if (auto* l = std::get_if<StringList>(&value)) {
        lists_[row] = *l;
        break;
      }
      throw mismatch();
    case AttrType::categorical:
      if (auto* s = std::get_if<std::string>(&value)) {
        auto it = category_index_.find(*s);
        if (it == category_index_.end()) {
          if (fixed_categories_) {
            std::string known;
            for (const auto& c : categories_) known += (known.empty() ? "" : ", ") + c;
            throw InvalidInput("unknown category " + quote(*s) + " (categories: " + known + ")");
          }
          const auto code = static_cast<std::int32_t>(categories_.size());
          it = category_index_.emplace(*s, code).first;
          categories_.push_back(*s);
        }
        codes_[row] = it->second;
        break;
      }
      throw mismatch();
    case AttrType::date:
      if (auto* d = std::get_if<Date>(&value)) {
        codes_[row] = d->days;
        break;
      }
      if (auto* s = std::get_if<std::string>(&value)) {
        codes_[row] = parse_date(*s).days;
        break;
      }
      throw mismatch();
  }
  valid_[row] = 1;
}

Column Column::take(const std::vector<std::uint32_t>& rows) const {
  Column out(type_, 0);
  out.categories_ = categories_;
  out.category_index_ = category_index_;
  out.ordered_ = ordered_;
  out.fixed_categories_ = fixed_categories_;
  out.hint_ = hint_;
  out.valid_.reserve(rows.size());
  for (auto r : rows) out.valid_.push_back(valid_[r]);
  auto pick = [&](const auto& from, auto& to) {
    to.reserve(rows.size());
    for (auto r : rows) to.push_back(from[r]);
  };
  switch (type_) {
    case AttrType::boolean: pick(bools_, out.bools_); break;
    case AttrType::int64: pick(ints_, out.ints_); break;
    case AttrType::float64: pick(doubles_, out.doubles_); break;
    case AttrType::string: pick(strings_, out.strings_); break;
    case AttrType::string_list: pick(lists_, out.lists_); break;
    case AttrType::categorical:
    case AttrType::date: pick(codes_, out.codes_); break;
  }
  return out;
}

void Column::check_consistent(std::string_view name) const {
  std::size_t storage = 0;
  switch (type_) {
    case AttrType::boolean: storage = bools_.size(); break;
    case AttrType::int64: storage = ints_.size(); break;
    case AttrType::float64: storage = doubles_.size(); break;
    case AttrType::string: storage = strings_.size(); break;
    case AttrType::string_list: storage = lists_.size(); break;
    case AttrType::categorical:
    case AttrType::date: storage = codes_.size(); break;
  }
  if (storage != valid_.size())
    throw InvalidInput("column " + quote(name) + ": " + std::to_string(storage) + " values for " +
                       std::to_string(valid_.size()) + " rows");
  if (type_ == AttrType::categorical) {
    const auto n = static_cast<std::int32_t>(categories_.size());
    for (std::size_t i = 0; i < codes_.size(); ++i) {
      if (valid_[i] && (codes_[i] < 0 || codes_[i] >= n))
        throw InvalidInput("column " + quote(name) + " row " + std::to_string(i) + ": category code " +
                           std::to_string(codes_[i]) + " out of range");
    }
  }
}

// ---------------------------------------------------------------- Table

bool Table::has(std::string_view name) const { return find(name) != nullptr; }

const Column* Table::find(std::string_view name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &columns_[it->second];
}

Column* Table::find(std::string_view name) {
  return const_cast<Column*>(static_cast<const Table*>(this)->find(name));
}

const Column& Table::column(std::string_view name) const {
  if (const Column* c = find(name)) return *c;
  std::string known;
  for (const auto& n : names_) known += (known.empty() ? "" : ", ") + n;
  throw NotFound("no attribute " + quote(name) + (known.empty() ? " (there are none)" : " (attributes: " + known + ")"));
}

Column& Table::column(std::string_view name) {
  return const_cast<Column&>(static_cast<const Table*>(this)->column(name));
}

void Table::add(std::string name, Column column) {
  if (has(name)) throw InvalidInput("duplicate attribute " + quote(name));
  if (columns_.empty() && rows_ == 0) {
    rows_ = column.size();
  } else if (column.size() != rows_) {
    throw InvalidInput("attribute " + quote(name) + " has " + std::to_string(column.size()) + " rows, expected " +
                       std::to_string(rows_));
  }
  column.check_consistent(name);
  index_.emplace(name, names_.size());
  names_.push_back(std::move(name));
  columns_.push_back(std::move(column));
}

void Table::remove(std::string_view name) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) {
      names_.erase(names_.begin() + static_cast<std::ptrdiff_t>(i));
      columns_.erase(columns_.begin() + static_cast<std::ptrdiff_t>(i));
      index_.clear();
      for (std::size_t j = 0; j < names_.size(); ++j) index_.emplace(names_[j], j);
      return;
    }
  }
}

void Table::resize(std::size_t rows) {
  rows_ = rows;
  for (auto& c : columns_) c.resize(rows);
}

Table Table::take(const std::vector<std::uint32_t>& rows) const {
  Table out;
  out.rows_ = rows.size();
  out.names_ = names_;
  out.index_ = index_;
  out.columns_.reserve(columns_.size());
  for (const auto& c : columns_) out.columns_.push_back(c.take(rows));
  return out;
}

}  // namespace maillage
