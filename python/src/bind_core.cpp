// Bindings of the core: Graph, its building from column specs, View.
#include "common.hpp"
#include "maillage/core/memory.hpp"
#include <algorithm>

namespace maillage_py {
namespace {

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
               const py::object& end, const std::string& order, const std::string& undated) {
  ViewOptions o;
  if (!kinds.is_none()) o.kinds = kinds.cast<std::vector<std::string>>();
  if (!relations.is_none()) {
    o.relations = relations.cast<std::vector<std::string>>();
    o.no_relations = o.relations.empty();  // an empty selection selects nothing
  }
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
  if (undated == "keep") o.keep_undated = true;
  else if (undated == "drop") o.keep_undated = false;
  else throw InvalidInput("undated must be 'keep' or 'drop', not " + quote(undated));
  if (order == "natural") o.order = NodeOrder::natural;
  else if (order == "bfs") o.order = NodeOrder::bfs;
  else if (order == "degree") o.order = NodeOrder::degree;
  else throw InvalidInput("order must be 'natural', 'bfs' or 'degree', not " + quote(order));
  py::gil_scoped_release release;
  return View(g, o);
}

}  // namespace

void register_core(py::module_& m) {
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
           py::arg("end"), py::arg("order"), py::arg("undated") = "keep");

  // ---- the process-wide worker budget (core/parallel.hpp)
  m.def("worker_budget", [] { return worker_budget(); });
  m.def(
      "set_worker_budget", [](unsigned budget) { set_worker_budget(budget); }, py::arg("budget"));
  m.def("_worker_usage", [] {
    const auto u = worker_usage();
    return py::dict(py::arg("in_use") = u.in_use, py::arg("peak") = u.peak, py::arg("peak_at_grant") = u.peak_at_grant,
                    py::arg("helpers_granted") = u.helpers_granted);
  });
  m.def("_reset_worker_usage", [] { reset_worker_usage(); });

  m.def(
      "build_graph",
      [](const py::object& key_values, const py::object& kind_values, const py::list& node_columns,
         const py::object& source_values, const py::object& target_values, const py::object& relation_values,
         const py::list& edge_columns, const py::list& registry, const py::object& scales, const py::dict& metadata,
         bool merge_parallel, bool create_missing_nodes, const std::string& default_kind,
         const py::object& progress) {
        // The columns converted here and the builder's own, once freed at the end of the call.
        const detail::ReleaseFreeMemoryAtExit free_at_exit;
        // Lists of str, or packed buffers (maillage._convert.Packed) from Arrow-backed columns.
        std::vector<std::string> keys = strings_from(key_values, "nodes 'key'");
        std::vector<std::string> kinds = strings_from(kind_values, "nodes 'kind'");
        // Packed endpoints (Arrow text) are dictionary-encoded here over views into their buffers:
        // each distinct key is then copied and resolved once, not once per edge end.
        const bool coded = py::hasattr(source_values, "offsets") && py::hasattr(target_values, "offsets");
        std::vector<std::string> sources, targets, relations, endpoint_keys, relation_names;
        std::vector<std::uint32_t> source_codes, target_codes, relation_codes;
        if (coded) {
          PackedCodes ends = encode_packed({source_values, target_values}, {"edges 'source'", "edges 'target'"});
          if (ends.codes[1].size() != ends.codes[0].size())
            throw InvalidInput("edges: " + std::to_string(ends.codes[1].size()) + " targets for " +
                               std::to_string(ends.codes[0].size()) + " sources");
          endpoint_keys = std::move(ends.dictionary);
          source_codes = std::move(ends.codes[0]);
          target_codes = std::move(ends.codes[1]);
        } else {
          sources = strings_from(source_values, "edges 'source'");
          targets = strings_from(target_values, "edges 'target'");
          relations = strings_from(relation_values, "edges 'relation'");
        }
        if (coded) {  // relations as codes too: packed, or a list of str (few distinct names)
          const std::size_t edge_count = source_codes.size();
          if (py::hasattr(relation_values, "offsets")) {
            PackedCodes names = encode_packed({relation_values}, {"edges 'relation'"});
            relation_names = std::move(names.dictionary);
            relation_codes = std::move(names.codes[0]);
          } else {
            relations = strings_from(relation_values, "edges 'relation'");
            relation_codes.reserve(relations.size());
            for (auto& r : relations) {
              auto at = std::find(relation_names.begin(), relation_names.end(), r);
              relation_codes.push_back(static_cast<std::uint32_t>(at - relation_names.begin()));
              if (at == relation_names.end()) relation_names.push_back(std::move(r));
            }
          }
          if (!relation_codes.empty() && relation_codes.size() != edge_count)
            throw InvalidInput("edges: " + std::to_string(relation_codes.size()) + " relations for " +
                               std::to_string(edge_count) + " edges");
        }
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
        const std::size_t n = keys.size(), m_edges = coded ? source_codes.size() : sources.size();
        builder.add_nodes(std::move(keys), std::move(kinds), table_from_specs(node_columns, n));
        if (coded)
          builder.add_coded_edges(std::move(endpoint_keys), std::move(source_codes), std::move(target_codes),
                                  std::move(relation_names), std::move(relation_codes),
                                  table_from_specs(edge_columns, m_edges));
        else
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
        return std::move(builder).build(options);
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
        v.edge_ends(s, t, w);
        for (std::size_t e = 0; e < edges; ++e) {
          const auto mem = v.edge_members(e);
          members.insert(members.end(), mem.begin(), mem.end());
          offsets[e + 1] = members.size();
        }
        return py::make_tuple(to_array(s), to_array(t), to_array(w), to_array(offsets), to_array(members));
      });
}

}  // namespace maillage_py
