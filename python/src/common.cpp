// Shared helpers of the maillage._core bindings (see common.hpp).
#include "common.hpp"

#include "maillage/core/key_index.hpp"

namespace maillage_py {

// ------------------------------------------------------------------ exceptions

[[noreturn]] void raise_python(const char* name, const char* message) {
  py::object cls = py::module_::import("maillage._errors").attr(name);
  PyErr_SetObject(cls.ptr(), py::str(message).ptr());
  throw py::error_already_set();
}

// ------------------------------------------------------------------ progress

// Wraps an optional Python callable (stage, done, total) into a core ProgressCallback that also
// turns a pending Ctrl-C into Cancelled. Created and destroyed with the GIL held; called from the
// calling thread with the GIL released.
ProgressCallback wrap_progress(const py::object& callback) {
  auto holder = std::make_shared<py::object>(callback);
  return [holder](std::string_view stage, std::uint64_t done, std::uint64_t total) {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      const bool interrupt = PyErr_ExceptionMatches(PyExc_KeyboardInterrupt);
      if (interrupt) {
        PyErr_Clear();
        throw Cancelled("interrupted (Ctrl-C) during " + std::string(stage));
      }
      throw py::error_already_set();
    }
    if (holder->is_none()) return;
    try {
      (*holder)(std::string(stage), done, total);
    } catch (py::error_already_set& error) {
      // Ctrl-C handled while the callback itself ran (its Python code raised KeyboardInterrupt).
      if (error.matches(PyExc_KeyboardInterrupt))
        throw Cancelled("interrupted (Ctrl-C) during " + std::string(stage));
      throw;
    }
  };
}

// ------------------------------------------------------------------ values

Value to_value(const py::handle& object, const std::string& what) {
  if (object.is_none()) return std::monostate{};
  if (py::isinstance<py::bool_>(object)) return object.cast<bool>();
  if (py::isinstance<py::int_>(object)) {
    try {
      return object.cast<std::int64_t>();
    } catch (const py::cast_error&) {
      throw InvalidInput(what + ": integer " + py::str(object).cast<std::string>() + " does not fit in 64 bits");
    }
  }
  if (py::isinstance<py::float_>(object)) return object.cast<double>();
  if (py::isinstance<py::str>(object)) return object.cast<std::string>();
  if (py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object)) {
    StringList list;
    for (auto item : object) {
      if (!py::isinstance<py::str>(item))
        throw InvalidInput(what + ": lists hold strings only, not " + py::repr(item).cast<std::string>());
      list.push_back(item.cast<std::string>());
    }
    return list;
  }
  if (py::hasattr(object, "toordinal") && py::hasattr(object, "isoformat"))
    return Date{object.attr("toordinal")().cast<std::int32_t>() - unix_epoch_ordinal};
  throw InvalidInput(what + ": unsupported value " + py::repr(object).cast<std::string>() +
                     " (use None, bool, int, float, str, a list of str or a date)");
}

py::object from_value(const Value& value) {
  struct Visitor {
    py::object operator()(std::monostate) const { return py::none(); }
    py::object operator()(bool b) const { return py::bool_(b); }
    py::object operator()(std::int64_t i) const { return py::int_(i); }
    py::object operator()(double d) const { return py::float_(d); }
    py::object operator()(const std::string& s) const { return py::str(s); }
    py::object operator()(const StringList& l) const {
      py::list out;
      for (const auto& s : l) out.append(py::str(s));
      return py::object(std::move(out));
    }
    py::object operator()(const Date& d) const {
      return py::module_::import("datetime").attr("date").attr("fromordinal")(d.days + unix_epoch_ordinal);
    }
  };
  return std::visit(Visitor{}, value);
}

// ------------------------------------------------------------------ columns
// A column crosses the boundary as a tuple (name, type, values, valid, categories, ordered, hint):
//   bool: uint8 array; int64: int64 array; double: float64 array; date: int32 days array;
//   categorical: int32 codes (-1 missing) and a list of category strings; string: a list of str
//   or None; list: a list of lists of str or None. `valid` is a uint8 array (1 = present).

std::vector<std::string> strings_from(const py::handle& object, const std::string& what,
                                      std::vector<std::uint8_t>* valid) {
  if (!py::hasattr(object, "offsets")) return object.cast<std::vector<std::string>>();
  const auto offsets = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(object.attr("offsets"));
  const auto data = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(object.attr("data"));
  if (!offsets || !data || offsets.ndim() != 1 || data.ndim() != 1 || offsets.shape(0) < 1)
    throw InvalidInput(what + ": packed strings need 1-D offsets and data arrays");
  const std::size_t n = static_cast<std::size_t>(offsets.shape(0)) - 1;
  const std::int64_t* off = offsets.data();
  const char* bytes = reinterpret_cast<const char*>(data.data());
  const auto size = static_cast<std::int64_t>(data.shape(0));
  const py::object mask = object.attr("valid");
  std::vector<std::uint8_t> present = mask.is_none() ? std::vector<std::uint8_t>(n, 1)
                                                     : to_vector<std::uint8_t>(mask, n, what);
  std::vector<std::string> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (off[i] < 0 || off[i] > off[i + 1] || off[i + 1] > size)
      throw InvalidInput(what + ": packed strings: bad offsets at row " + std::to_string(i));
    if (present[i]) out[i].assign(bytes + off[i], static_cast<std::size_t>(off[i + 1] - off[i]));
  }
  if (valid) {
    *valid = std::move(present);
  } else if (!mask.is_none()) {
    for (std::size_t i = 0; i < n; ++i)
      if (!present[i]) throw InvalidInput(what + ": missing value at row " + std::to_string(i));
  }
  return out;
}

PackedCodes encode_packed(const std::vector<py::handle>& columns, const std::vector<std::string>& whats) {
  using Offsets = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
  using Bytes = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;
  // The arrays are kept alive for the views into them.
  std::vector<Offsets> offsets;
  std::vector<Bytes> data;
  std::size_t rows = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    offsets.push_back(Offsets::ensure(columns[c].attr("offsets")));
    data.push_back(Bytes::ensure(columns[c].attr("data")));
    if (!offsets.back() || !data.back() || offsets.back().ndim() != 1 || data.back().ndim() != 1 ||
        offsets.back().shape(0) < 1)
      throw InvalidInput(whats[c] + ": packed strings need 1-D offsets and data arrays");
    const py::object mask = columns[c].attr("valid");
    const std::size_t n = static_cast<std::size_t>(offsets.back().shape(0)) - 1;
    if (!mask.is_none()) {
      const std::vector<std::uint8_t> present = to_vector<std::uint8_t>(mask, n, whats[c]);
      for (std::size_t i = 0; i < n; ++i)
        if (!present[i]) throw InvalidInput(whats[c] + ": missing value at row " + std::to_string(i));
    }
    rows += n;
  }
  // A flat index of views (the same KeyIndex as a Graph's keys): far fewer allocations and cache
  // misses than a node-based map of strings.
  std::vector<std::string_view> distinct;
  distinct.reserve(rows / 2 + 16);
  detail::KeyIndex index;
  index.reserve(rows / 2 + 16, distinct);
  PackedCodes out;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::int64_t* off = offsets[c].data();
    const char* bytes = reinterpret_cast<const char*>(data[c].data());
    const auto size = static_cast<std::int64_t>(data[c].shape(0));
    const std::size_t n = static_cast<std::size_t>(offsets[c].shape(0)) - 1;
    std::vector<std::uint32_t> codes(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (off[i] < 0 || off[i] > off[i + 1] || off[i + 1] > size)
        throw InvalidInput(whats[c] + ": packed strings: bad offsets at row " + std::to_string(i));
      const auto code = static_cast<std::uint32_t>(distinct.size());
      distinct.emplace_back(bytes + off[i], static_cast<std::size_t>(off[i + 1] - off[i]));
      codes[i] = index.insert(code, distinct);
      if (codes[i] != code) distinct.pop_back();
    }
    out.codes.push_back(std::move(codes));
  }
  out.dictionary.assign(distinct.begin(), distinct.end());
  return out;
}

Column column_from_spec(const py::tuple& spec, std::size_t rows, std::string& name) {
  if (spec.size() != 7) throw InvalidInput("a column spec has 7 fields");
  name = spec[0].cast<std::string>();
  const auto type = spec[1].cast<std::string>();
  const py::handle values = spec[2];
  Column column;
  if (type == "bool") {
    column = Column(AttrType::boolean, 0);
    column.bools() = to_vector<std::uint8_t>(values, rows, name);
  } else if (type == "int64") {
    column = Column(AttrType::int64, 0);
    column.ints() = to_vector<std::int64_t>(values, rows, name);
  } else if (type == "double") {
    column = Column(AttrType::float64, 0);
    column.doubles() = to_vector<double>(values, rows, name);
  } else if (type == "date") {
    column = Column(AttrType::date, 0);
    column.codes() = to_vector<std::int32_t>(values, rows, name);
  } else if (type == "categorical") {
    column = Column::categorical(spec[4].cast<std::vector<std::string>>(), spec[5].cast<bool>(), 0);
    column.codes() = to_vector<std::int32_t>(values, rows, name);
  } else if (type == "string" && py::hasattr(values, "offsets")) {
    column = Column(AttrType::string, 0);
    column.strings() = strings_from(values, "column " + quote(name), &column.valid());
    if (column.strings().size() != rows)
      throw InvalidInput("column " + quote(name) + ": " + std::to_string(column.strings().size()) + " values for " +
                         std::to_string(rows) + " rows");
    column.set_hint(spec[6].cast<std::uint8_t>());
    column.check_consistent(name);
    return column;
  } else if (type == "string" || type == "list") {
    auto list = py::reinterpret_borrow<py::sequence>(values);
    if (list.size() != rows)
      throw InvalidInput("column " + quote(name) + ": " + std::to_string(list.size()) + " values for " +
                         std::to_string(rows) + " rows");
    column = Column(type == "string" ? AttrType::string : AttrType::string_list, rows);
    for (std::size_t i = 0; i < rows; ++i) {
      py::handle item = list[i];
      if (item.is_none()) continue;
      column.set(i, to_value(item, "column " + quote(name) + " row " + std::to_string(i)));
    }
    column.set_hint(spec[6].cast<std::uint8_t>());
    return column;
  } else {
    throw InvalidInput("column " + quote(name) + ": unknown type " + quote(type));
  }
  column.valid() = to_vector<std::uint8_t>(spec[3], rows, name);
  column.set_hint(spec[6].cast<std::uint8_t>());
  column.check_consistent(name);
  return column;
}

Table table_from_specs(const py::list& specs, std::size_t rows) {
  Table table;
  table.resize(rows);
  for (auto item : specs) {
    std::string name;
    Column column = column_from_spec(item.cast<py::tuple>(), rows, name);
    table.add(std::move(name), std::move(column));
  }
  return table;
}

py::tuple column_to_spec(const std::string& name, const Column& c) {
  py::object values;
  py::object valid = to_array(c.valid());
  py::list categories;
  switch (c.type()) {
    case AttrType::boolean: values = to_array(c.bools()); break;
    case AttrType::int64: values = to_array(c.ints()); break;
    case AttrType::float64: values = to_array(c.doubles()); break;
    case AttrType::date:
    case AttrType::categorical: values = to_array(c.codes()); break;
    case AttrType::string: {
      py::list out(c.size());
      for (std::size_t i = 0; i < c.size(); ++i)
        out[i] = c.is_missing(i) ? py::object(py::none()) : py::object(py::str(c.strings()[i]));
      values = std::move(out);
      break;
    }
    case AttrType::string_list: {
      py::list out(c.size());
      for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.is_missing(i)) {
          out[i] = py::none();
        } else {
          py::list l;
          for (const auto& s : c.lists()[i]) l.append(py::str(s));
          out[i] = std::move(l);
        }
      }
      values = std::move(out);
      break;
    }
  }
  for (const auto& s : c.categories()) categories.append(py::str(s));
  std::string type = c.type() == AttrType::float64 ? "double"
                     : c.type() == AttrType::string_list ? "list"
                                                          : std::string(type_name(c.type()));
  return py::make_tuple(name, type, values, valid, categories, c.ordered(), c.hint());
}

py::list table_to_specs(const Table& table) {
  py::list out;
  for (std::size_t i = 0; i < table.columns(); ++i) out.append(column_to_spec(table.names()[i], table.column(i)));
  return out;
}

py::list keys_list(const Graph& g, std::span<const NodeId> nodes) {
  py::list out(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) out[i] = py::str(g.key(nodes[i]));
  return out;
}

algo::NullModelOptions null_model_options(const std::string& model, std::uint64_t seed, double swaps) {
  algo::NullModelOptions o;
  if (model == "rewire") o.model = algo::NullModel::rewire;
  else if (model == "configuration") o.model = algo::NullModel::configuration;
  else if (model == "permute_labels") o.model = algo::NullModel::permute_labels;
  else throw InvalidInput("model must be 'rewire', 'configuration' or 'permute_labels', not " + quote(model));
  o.seed = seed;
  o.swaps_per_tie = swaps;
  return o;
}

algo::TieStatisticKind tie_statistic_kind(const std::string& name) {
  if (name == "vertical_share") return algo::TieStatisticKind::vertical_share;
  if (name == "ei_index") return algo::TieStatisticKind::ei_index;
  if (name == "assortativity") return algo::TieStatisticKind::assortativity;
  if (name == "modularity") return algo::TieStatisticKind::modularity;
  if (name == "transitivity") return algo::TieStatisticKind::transitivity;
  throw InvalidInput("statistic " + quote(name) +
                     " is not built in (vertical_share, ei_index, assortativity, modularity, transitivity)");
}

std::vector<std::int32_t> optional_codes(const py::object& object, std::size_t rows, const std::string& name) {
  if (object.is_none()) return {};
  return to_vector<std::int32_t>(object, rows, name);
}

}  // namespace maillage_py
