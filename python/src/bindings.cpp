// maillage._core: the pybind11 translation layer between the C++ core and the Python package.
// No analysis logic lives here: conversions, GIL handling, progress and exception mapping only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "maillage/maillage.hpp"

namespace py = pybind11;
using namespace maillage;

namespace {

constexpr std::int32_t unix_epoch_ordinal = 719163;  // datetime.date(1970, 1, 1).toordinal()

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

template <typename T>
std::vector<T> to_vector(const py::handle& object, std::size_t rows, const std::string& name) {
  auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array) throw InvalidInput("column " + quote(name) + ": expected a numeric array");
  if (array.ndim() != 1 || static_cast<std::size_t>(array.shape(0)) != rows)
    throw InvalidInput("column " + quote(name) + ": " + std::to_string(array.size()) + " values for " +
                       std::to_string(rows) + " rows");
  const T* data = array.data();
  return std::vector<T>(data, data + rows);
}

template <typename T>
py::array_t<T> to_array(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(T));
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

// ------------------------------------------------------------------ views

AttributeFilter::Op parse_op(const std::string& op) {
  using Op = AttributeFilter::Op;
  if (op == "==") return Op::eq;
  if (op == "!=") return Op::ne;
  if (op == "in") return Op::in;
  if (op == "not in") return Op::not_in;
  if (op == "<") return Op::lt;
  if (op == "<=") return Op::le;
  if (op == ">") return Op::gt;
  if (op == ">=") return Op::ge;
  if (op == "missing") return Op::missing;
  if (op == "present") return Op::present;
  throw InvalidInput("where: unknown operator " + quote(op) +
                     " (use ==, !=, in, not in, <, <=, >, >=, missing, present)");
}

View make_view(const Graph& g, const py::object& kinds, const py::object& relations, const py::object& nodes,
               const py::list& where, const py::object& directed, const std::string& symmetrize,
               const py::object& weight, const std::string& weight_kind, const py::object& start,
               const py::object& end, const std::string& order) {
  ViewOptions o;
  if (!kinds.is_none()) o.kinds = kinds.cast<std::vector<std::string>>();
  if (!relations.is_none()) o.relations = relations.cast<std::vector<std::string>>();
  if (!nodes.is_none()) o.nodes = nodes.cast<std::vector<std::string>>();
  for (auto item : where) {
    auto t = item.cast<py::tuple>();
    AttributeFilter f;
    f.attribute = t[0].cast<std::string>();
    f.op = parse_op(t[1].cast<std::string>());
    for (auto v : t[2]) f.values.push_back(to_value(v, "where " + quote(f.attribute)));
    o.where.push_back(std::move(f));
  }
  if (!directed.is_none()) o.directed = directed.cast<bool>();
  if (symmetrize == "sum") o.symmetrize = Symmetrize::sum;
  else if (symmetrize == "max") o.symmetrize = Symmetrize::max;
  else if (symmetrize == "both") o.symmetrize = Symmetrize::both;
  else throw InvalidInput("symmetrize must be 'sum', 'max' or 'both', not " + quote(symmetrize));
  if (!weight.is_none()) o.weight = weight.cast<std::string>();
  if (weight_kind == "strength") o.weight_kind = WeightKind::strength;
  else if (weight_kind == "distance") o.weight_kind = WeightKind::distance;
  else throw InvalidInput("weight_kind must be 'strength' or 'distance', not " + quote(weight_kind));
  if (!start.is_none()) o.start = Date{start.cast<std::int32_t>()};
  if (!end.is_none()) o.end = Date{end.cast<std::int32_t>()};
  if (order == "natural") o.order = NodeOrder::natural;
  else if (order == "bfs") o.order = NodeOrder::bfs;
  else if (order == "degree") o.order = NodeOrder::degree;
  else throw InvalidInput("order must be 'natural', 'bfs' or 'degree', not " + quote(order));
  py::gil_scoped_release release;
  return View(g, o);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "maillage's C++ core (internal: use the `maillage` package)";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const NotFound& e) {
      raise_python("NotFound", e.what());
    } catch (const InvalidInput& e) {
      raise_python("InvalidInput", e.what());
    } catch (const Cancelled& e) {
      raise_python("Cancelled", e.what());
    } catch (const Error& e) {
      raise_python("Error", e.what());
    }
  });

  m.def("version", &maillage::version, "The C++ library's version.");

  // ---- Graph
  py::class_<Graph>(m, "Graph")
      .def(py::init<>())
      .def("number_of_nodes", &Graph::number_of_nodes)
      .def("number_of_edges", &Graph::number_of_edges)
      .def("keys", [](const Graph& g) {
        py::list out(g.number_of_nodes());
        for (std::size_t i = 0; i < g.number_of_nodes(); ++i) out[i] = py::str(g.key(static_cast<NodeId>(i)));
        return out;
      })
      .def("kinds", &Graph::kinds)
      .def("kind_codes", [](const Graph& g) {
        std::vector<std::uint32_t> codes(g.number_of_nodes());
        for (std::size_t i = 0; i < codes.size(); ++i) codes[i] = g.kind_id(static_cast<NodeId>(i));
        return to_array(codes);
      })
      .def("node_columns", [](const Graph& g) { return table_to_specs(g.node_attributes()); })
      .def("edge_columns", [](const Graph& g) { return table_to_specs(g.edge_attributes()); })
      .def("edge_arrays", [](const Graph& g) {
        return py::make_tuple(to_array(g.sources()), to_array(g.targets()), to_array(g.relation_ids()),
                              to_array(g.weights()));
      })
      .def("has_weight_column", &Graph::has_weight_column)
      .def("weight_given", [](const Graph& g) {
        std::vector<std::uint8_t> given(g.number_of_edges());
        for (std::size_t e = 0; e < given.size(); ++e) given[e] = g.weight_given(static_cast<EdgeId>(e)) ? 1 : 0;
        return to_array(given);
      })
      .def("relations", [](const Graph& g) {
        py::list out;
        for (const auto& r : g.relations().all())
          out.append(py::make_tuple(r.name, r.directed, std::string(category_name(r.category))));
        return out;
      })
      .def("scales", [](const Graph& g) {
        py::list out;
        for (const auto& s : g.scales().all()) out.append(py::make_tuple(s.id, s.label));
        return out;
      })
      .def("metadata", [](const Graph& g) {
        py::dict out;
        for (const auto& [name, value] : g.metadata()) out[py::str(name)] = from_value(value);
        return out;
      })
      .def("find", [](const Graph& g, const std::string& key) -> py::object {
        if (auto id = g.find(key)) return py::int_(*id);
        return py::none();
      })
      .def("key", [](const Graph& g, NodeId id) {
        if (id >= g.number_of_nodes()) throw NotFound("no node id " + std::to_string(id));
        return g.key(id);
      })
      .def("parents", [](const Graph& g, const std::string& key) { return keys_list(g, g.parents(g.id(key))); })
      .def("children", [](const Graph& g, const std::string& key) { return keys_list(g, g.children(g.id(key))); })
      .def("ancestors", [](const Graph& g, const std::string& key) {
        const auto up = g.ancestors(g.id(key));
        return keys_list(g, up);
      })
      .def("contains", [](const Graph& g, const std::string& a, const std::string& b) {
        return g.contains(g.id(a), g.id(b));
      })
      .def("lowest_common_containers", [](const Graph& g, const std::string& a, const std::string& b) {
        const auto lcc = g.lowest_common_containers(g.id(a), g.id(b));
        return keys_list(g, lcc);
      })
      .def("depth", [](const Graph& g, const std::string& key) { return g.depth(g.id(key)); })
      .def("view", &make_view, py::arg("kinds"), py::arg("relations"), py::arg("nodes"), py::arg("where"),
           py::arg("directed"), py::arg("symmetrize"), py::arg("weight"), py::arg("weight_kind"), py::arg("start"),
           py::arg("end"), py::arg("order"));

  m.def(
      "build_graph",
      [](std::vector<std::string> keys, std::vector<std::string> kinds, const py::list& node_columns,
         std::vector<std::string> sources, std::vector<std::string> targets, std::vector<std::string> relations,
         const py::list& edge_columns, const py::list& registry, const py::object& scales, const py::dict& metadata,
         bool merge_parallel, bool create_missing_nodes, const std::string& default_kind,
         const py::object& progress) {
        RelationRegistry rels = RelationRegistry::builtin();
        for (auto item : registry) {
          auto t = item.cast<py::tuple>();
          const auto name = t[0].cast<std::string>();
          const auto category_text = t[2].cast<std::string>();
          auto category = parse_category(category_text);
          if (!category)
            throw InvalidInput("relation " + quote(name) + ": unknown category " + quote(category_text) +
                               " (use nesting, affiliation or tie)");
          rels.add({name, t[1].cast<bool>(), *category});
        }
        ScaleLadder ladder = ScaleLadder::french();
        if (!scales.is_none()) {
          std::vector<Scale> levels;
          for (auto item : scales) {
            auto t = item.cast<py::tuple>();
            levels.push_back({t[0].cast<std::string>(), t[1].cast<std::string>()});
          }
          ladder = ScaleLadder(std::move(levels));
        }
        GraphBuilder builder(std::move(rels), std::move(ladder));
        const std::size_t n = keys.size(), m_edges = sources.size();
        builder.add_nodes(std::move(keys), std::move(kinds), table_from_specs(node_columns, n));
        builder.add_edges(std::move(sources), std::move(targets), std::move(relations),
                          table_from_specs(edge_columns, m_edges));
        for (auto [name, value] : metadata) {
          const auto key = name.cast<std::string>();
          builder.set_metadata(key, to_value(value, "metadata " + quote(key)));
        }
        BuildOptions options;
        options.merge_parallel = merge_parallel;
        options.create_missing_nodes = create_missing_nodes;
        options.default_kind = default_kind;
        options.progress = wrap_progress(progress);
        py::gil_scoped_release release;
        return builder.build(options);
      },
      py::arg("keys"), py::arg("kinds"), py::arg("node_columns"), py::arg("sources"), py::arg("targets"),
      py::arg("relations"), py::arg("edge_columns"), py::arg("registry"), py::arg("scales"), py::arg("metadata"),
      py::arg("merge_parallel"), py::arg("create_missing_nodes"), py::arg("default_kind"), py::arg("progress"));

  // ---- View
  py::class_<View>(m, "View")
      .def("graph", &View::graph)
      .def("number_of_nodes", &View::number_of_nodes)
      .def("number_of_edges", &View::number_of_edges)
      .def("directed", &View::directed)
      .def("weighted", &View::weighted)
      .def("weight_name", [](const View& v) { return v.options().weight; })
      .def("weight_kind", [](const View& v) { return v.weight_kind() == WeightKind::strength ? "strength" : "distance"; })
      .def("node_ids", [](const View& v) { return to_array(std::vector<NodeId>(v.nodes().begin(), v.nodes().end())); })
      .def("keys", [](const View& v) { return keys_list(v.graph(), v.nodes()); })
      .def("contains_key", [](const View& v, const std::string& key) {
        auto id = v.graph().find(key);
        return id && v.index(*id).has_value();
      })
      .def("index_of", &View::index_of)
      .def("neighbors", [](const View& v, const std::string& key) {
        const auto i = v.index_of(key);
        py::list out;
        for (auto j : v.out_neighbors(i)) out.append(py::str(v.key(j)));
        return out;
      })
      .def("predecessors", [](const View& v, const std::string& key) {
        const auto i = v.index_of(key);
        py::list out;
        for (auto j : v.in_neighbors(i)) out.append(py::str(v.key(j)));
        return out;
      })
      .def("csr", [](const View& v) {
        auto o = v.out_offsets();
        auto t = v.out_targets();
        auto w = v.out_weights();
        return py::make_tuple(to_array(std::vector<std::uint64_t>(o.begin(), o.end())),
                              to_array(std::vector<std::uint32_t>(t.begin(), t.end())),
                              to_array(std::vector<double>(w.begin(), w.end())));
      })
      .def("edge_arrays", [](const View& v) {
        const auto edges = v.number_of_edges();
        std::vector<std::uint32_t> s(edges), t(edges);
        std::vector<double> w(edges);
        std::vector<std::uint64_t> offsets(edges + 1, 0);
        std::vector<EdgeId> members;
        for (std::size_t e = 0; e < edges; ++e) {
          s[e] = v.edge_source(e);
          t[e] = v.edge_target(e);
          w[e] = v.edge_weight(e);
          const auto mem = v.edge_members(e);
          members.insert(members.end(), mem.begin(), mem.end());
          offsets[e + 1] = members.size();
        }
        return py::make_tuple(to_array(s), to_array(t), to_array(w), to_array(offsets), to_array(members));
      });

  // ---- kernels
  m.def(
      "connected_components",
      [](const View& v) {
        algo::ComponentsResult r;
        {
          py::gil_scoped_release release;
          r = algo::connected_components(v);
        }
        return py::make_tuple(to_array(r.labels), to_array(r.sizes));
      },
      py::arg("view"));

  // ---- test hooks for the conventions (progress, cancellation, exceptions)
  m.def(
      "_count_with_progress",
      [](std::uint64_t n, const py::object& progress) {
        auto callback = wrap_progress(progress);
        py::gil_scoped_release release;
        ProgressReporter reporter(callback, "count", n, 1);
        std::uint64_t sum = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
          sum += i;
          reporter.tick(i + 1);
        }
        reporter.finish();
        return sum;
      },
      py::arg("n"), py::arg("progress"));
  m.def(
      "_neighbor_sum_sweeps",
      [](const View& v, int sweeps) {
        // Benchmark hook: `sweeps` passes of y[i] = Σ_{j ∈ N(i)} x[j] / deg(j) over the CSR (the access
        // pattern of PageRank-like kernels), to measure how node order affects memory locality.
        py::gil_scoped_release release;
        const std::uint32_t n = v.number_of_nodes();
        std::vector<double> x(n, 1.0), y(n, 0.0), inv(n, 0.0);
        for (std::uint32_t i = 0; i < n; ++i) inv[i] = v.out_degree(i) ? 1.0 / v.out_degree(i) : 0.0;
        const auto offsets = v.out_offsets();
        const auto targets = v.out_targets();
        for (int s = 0; s < sweeps; ++s) {
          for (std::uint32_t i = 0; i < n; ++i) {
            double acc = 0;
            for (auto a = offsets[i]; a < offsets[i + 1]; ++a) acc += x[targets[a]] * inv[targets[a]];
            y[i] = acc;
          }
          std::swap(x, y);
        }
        double total = 0;
        for (double value : x) total += value;
        return total;
      },
      py::arg("view"), py::arg("sweeps"));
  m.def("_raise", [](const std::string& kind, const std::string& message) {
    if (kind == "InvalidInput") throw InvalidInput(message);
    if (kind == "NotFound") throw NotFound(message);
    if (kind == "Cancelled") throw Cancelled(message);
    throw Error(message);
  });
}
