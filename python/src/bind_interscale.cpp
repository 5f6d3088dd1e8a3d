// Bindings of the inter-scale kernels and group mixing (maillage::algo, interscale.hpp and
// mixing.hpp): the scale resolver and tie sets as opaque objects, results as NumPy arrays that own
// the kernels' vectors. Each kernel call releases the GIL.
#include <unordered_map>

#include "common.hpp"
#include "maillage/algo/interscale.hpp"
#include "maillage/algo/mixing.hpp"

namespace maillage_py {

namespace {

template <typename E>
py::array_t<std::uint8_t> codes_of(const std::vector<E>& values) {
  std::vector<std::uint8_t> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = static_cast<std::uint8_t>(values[i]);
  return owned_array(std::move(out));
}

algo::ActorScalePolicy parse_policy(const std::string& text) {
  if (text == "unique") return algo::ActorScalePolicy::unique;
  if (text == "own") return algo::ActorScalePolicy::own;
  if (text == "lowest") return algo::ActorScalePolicy::lowest;
  if (text == "highest") return algo::ActorScalePolicy::highest;
  throw InvalidInput("actor_scale must be 'unique', 'own', 'lowest' or 'highest', not " + quote(text));
}

algo::EIConvention parse_convention(const std::string& text) {
  if (text == "ucinet") return algo::EIConvention::ucinet;
  if (text == "edges") return algo::EIConvention::edges;
  throw InvalidInput("convention must be 'ucinet' or 'edges', not " + quote(text));
}

std::vector<std::string> names_of(const py::object& relations) {
  if (relations.is_none()) return {};
  return relations.cast<std::vector<std::string>>();
}

std::vector<std::int32_t> groups_of(const py::handle& object, std::size_t n) { return to_vector<std::int32_t>(object, n, "groups"); }

}  // namespace

void register_interscale(py::module_& m) {
  py::class_<algo::ScaleResolver>(m, "ScaleResolver")
      .def(py::init([](const Graph& g, const std::string& policy, const std::vector<std::string>& via,
                       const std::optional<Graph>& hierarchy) {
             algo::ActorScaleOptions o;
             o.policy = parse_policy(policy);
             o.via = via;
             o.hierarchy = hierarchy;
             py::gil_scoped_release release;
             return algo::ScaleResolver(g, o);
           }),
           py::arg("graph"), py::arg("policy"), py::arg("via"), py::arg("hierarchy"))
      .def("graph", &algo::ScaleResolver::graph)
      .def("hierarchy", &algo::ScaleResolver::hierarchy)
      .def("scales", [](const algo::ScaleResolver& r) { return to_array(r.scales()); })
      .def("scale_origins", [](const algo::ScaleResolver& r) { return codes_of(r.scale_origins()); })
      .def("territories", [](const algo::ScaleResolver& r) { return to_array(r.territories()); })
      .def("hierarchy_scales", [](const algo::ScaleResolver& r) {
        const Graph& h = r.hierarchy();
        std::vector<ScaleRank> out(h.number_of_nodes());
        for (NodeId i = 0; i < out.size(); ++i) out[i] = h.scale(i);
        return owned_array(std::move(out));
      })
      .def("territory_origins", [](const algo::ScaleResolver& r) { return codes_of(r.territory_origins()); });

  py::class_<algo::TieSet>(m, "TieSet")
      .def("edges", [](const algo::TieSet& t) { return to_array(t.edges); })
      .def("directed", [](const algo::TieSet& t) { return t.directed; })
      .def("__len__", [](const algo::TieSet& t) { return t.edges.size(); });

  m.def(
      "select_ties_view",
      [](const View& v, const py::object& relations) {
        const auto names = names_of(relations);
        py::gil_scoped_release release;
        return algo::select_ties(v, names);
      },
      py::arg("view"), py::arg("relations"));
  m.def(
      "select_ties_graph",
      [](const Graph& g, const py::object& relations) {
        const auto names = names_of(relations);
        py::gil_scoped_release release;
        return algo::select_ties(g, names);
      },
      py::arg("graph"), py::arg("relations"));

  m.def(
      "classify_edges",
      [](const algo::ScaleResolver& r, const algo::TieSet& ties) {
        algo::EdgeClasses c;
        std::vector<NodeId> s, t;
        std::vector<std::uint16_t> rel;
        {
          py::gil_scoped_release release;
          c = algo::classify_edges(r, ties);
          const Graph& g = r.graph();
          s.resize(c.edges.size());
          t.resize(c.edges.size());
          rel.resize(c.edges.size());
          for (std::size_t i = 0; i < c.edges.size(); ++i) {
            s[i] = g.source(c.edges[i]);
            t[i] = g.target(c.edges[i]);
            rel[i] = g.relation_id(c.edges[i]);
          }
        }
        return py::make_tuple(owned_array(std::move(c.edges)), owned_array(std::move(s)), owned_array(std::move(t)), owned_array(std::move(rel)),
                              owned_array(std::move(c.source_scale)), owned_array(std::move(c.target_scale)),
                              owned_array(std::move(c.vertical)), owned_array(std::move(c.distance)), codes_of(c.direction),
                              codes_of(c.nesting));
      },
      py::arg("resolver"), py::arg("ties"));

  // Codes of a string or categorical edge column (or the pseudo-column "relation") over the ties:
  // (codes, categories), −1 for a missing value; categories in first-seen order (relation:
  // registry order). None when the column is of another type.
  m.def(
      "tie_codes",
      [](const Graph& g, const algo::TieSet& ties, const std::string& name) -> py::object {
        std::vector<std::int32_t> codes(ties.edges.size(), -1);
        std::vector<std::string> categories;
        if (name == "relation") {
          for (const auto& r : g.relations().all()) categories.push_back(r.name);
          for (std::size_t i = 0; i < ties.edges.size(); ++i) codes[i] = g.relation_id(ties.edges[i]);
          return py::make_tuple(owned_array(std::move(codes)), categories);
        }
        const Column* c = g.edge_attributes().find(name);
        if (!c) throw InvalidInput("no edge attribute " + quote(name));
        if (c->type() == AttrType::categorical) {
          categories = c->categories();
          for (std::size_t i = 0; i < ties.edges.size(); ++i)
            if (!c->is_missing(ties.edges[i])) codes[i] = c->codes()[ties.edges[i]];
          return py::make_tuple(owned_array(std::move(codes)), categories);
        }
        if (c->type() != AttrType::string) return py::none();
        std::unordered_map<std::string_view, std::int32_t> index;
        for (std::size_t i = 0; i < ties.edges.size(); ++i) {
          const auto e = ties.edges[i];
          if (c->is_missing(e)) continue;
          const std::string& value = c->strings()[e];
          auto [it, fresh] = index.try_emplace(value, static_cast<std::int32_t>(categories.size()));
          if (fresh) categories.push_back(value);
          codes[i] = it->second;
        }
        return py::make_tuple(owned_array(std::move(codes)), categories);
      },
      py::arg("graph"), py::arg("ties"), py::arg("name"));

  m.def(
      "tie_mixing",
      [](const Graph& g, const algo::TieSet& ties, const py::object& groups, std::size_t k, const std::optional<std::string>& weight) {
        const auto codes = groups_of(groups, g.number_of_nodes());
        algo::TieMixing r;
        {
          py::gil_scoped_release release;
          const auto w = algo::tie_weights(g, ties, weight);
          r = algo::tie_mixing(g, ties, codes, k, w);
        }
        return py::make_tuple(owned_array(std::move(r.matrix)), r.unknown_ties, r.unknown_weight);
      },
      py::arg("graph"), py::arg("ties"), py::arg("groups"), py::arg("k"), py::arg("weight"));

  m.def(
      "vertical_counts",
      [](const algo::ScaleResolver& res, const algo::TieSet& ties, const std::string& mode, const py::object& groups,
         std::size_t k, const std::optional<std::string>& weight) {
        const Graph& g = res.graph();
        const std::size_t rows = mode == "tie" ? ties.edges.size() : g.number_of_nodes();
        if (mode != "tie" && mode != "node") throw InvalidInput("mode must be 'tie' or 'node'");
        const auto codes = groups_of(groups, rows);
        algo::VerticalCounts r;
        double total[3] = {0, 0, 0};
        {
          py::gil_scoped_release release;
          const auto w = algo::tie_weights(g, ties, weight);
          const auto c = algo::classify_edges(res, ties);
          r = mode == "tie" ? algo::vertical_counts_by_tie(c, codes, k, w) : algo::vertical_counts_by_node(g, c, codes, k, w);
          for (std::size_t i = 0; i < c.edges.size(); ++i)
            total[c.vertical[i] > 0 ? 0 : c.vertical[i] == 0 ? 1 : 2] += w.empty() ? 1.0 : w[c.edges[i]];
        }
        return py::make_tuple(owned_array(std::move(r.vertical)), owned_array(std::move(r.horizontal)), owned_array(std::move(r.unknown)),
                              total[0], total[1], total[2]);
      },
      py::arg("resolver"), py::arg("ties"), py::arg("mode"), py::arg("groups"), py::arg("k"), py::arg("weight"));

  m.def(
      "scale_span",
      [](const algo::ScaleResolver& r, const algo::TieSet& ties) {
        algo::ScaleSpan s;
        {
          py::gil_scoped_release release;
          s = algo::scale_span(r, ties);
        }
        return py::make_tuple(owned_array(std::move(s.levels)), owned_array(std::move(s.lowest)), owned_array(std::move(s.highest)),
                              owned_array(std::move(s.ties)), owned_array(std::move(s.unknown)));
      },
      py::arg("resolver"), py::arg("ties"));

  m.def(
      "missing_vertical_links",
      [](const View& v, const algo::ScaleResolver& r, const std::optional<std::string>& programme, std::uint32_t max_hops,
         const py::object& progress, bool absent_containers, ScaleRank highest) {
        algo::MissingLinksOptions o;
        o.progress = wrap_progress(progress);
        o.absent_containers = absent_containers;
        o.highest = highest;
        if (programme) o.programme = r.graph().id(*programme);
        o.max_hops = max_hops;
        algo::MissingLinks x;
        {
          py::gil_scoped_release release;
          x = algo::missing_vertical_links(v, r, o);
        }
        return py::make_tuple(owned_array(std::move(x.territory)), owned_array(std::move(x.container)), x.participants, x.unplaced,
                              x.pairs, owned_array(std::move(x.present)));
      },
      py::arg("view"), py::arg("resolver"), py::arg("programme"), py::arg("max_hops"), py::arg("progress"),
      py::arg("absent_containers") = false, py::arg("highest") = no_scale);

  // ---- group mixing on views
  m.def(
      "mixing_counts",
      [](const View& v, const py::object& groups, std::size_t k) {
        const auto codes = groups_of(groups, v.number_of_nodes());
        algo::MixingCounts r;
        {
          py::gil_scoped_release release;
          r = algo::mixing_counts(v, codes, k);
        }
        const double r_value = algo::attribute_assortativity(r);
        return py::make_tuple(owned_array(std::move(r.matrix)), r.unknown_edges, r.unknown_strength, r_value);
      },
      py::arg("view"), py::arg("groups"), py::arg("k"));
  m.def(
      "ei_index",
      [](const View& v, const py::object& groups, std::size_t k, const std::string& convention) {
        const auto codes = groups_of(groups, v.number_of_nodes());
        const auto c = parse_convention(convention);
        algo::EIResult r;
        {
          py::gil_scoped_release release;
          r = algo::ei_index(v, codes, k, c);
        }
        return py::make_tuple(r.network, r.external, r.internal, owned_array(std::move(r.group)),
                              owned_array(std::move(r.group_external)), owned_array(std::move(r.group_internal)),
                              owned_array(std::move(r.node)), owned_array(std::move(r.node_external)),
                              owned_array(std::move(r.node_internal)), r.unknown_edges);
      },
      py::arg("view"), py::arg("groups"), py::arg("k"), py::arg("convention"));
  m.def(
      "ei_index_expected",
      [](const py::object& groups, std::size_t k) {
        auto array = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>::ensure(groups);
        if (!array || array.ndim() != 1) throw InvalidInput("groups: expected a 1-D array of codes");
        const std::span<const std::int32_t> codes(array.data(), static_cast<std::size_t>(array.shape(0)));
        return algo::ei_index_expected(codes, k);
      },
      py::arg("groups"), py::arg("k"));
  m.def(
      "numeric_assortativity",
      [](const View& v, const py::object& values) {
        const auto x = to_vector<double>(values, v.number_of_nodes(), "values");
        algo::NumericAssortativity r;
        {
          py::gil_scoped_release release;
          r = algo::numeric_assortativity(v, x);
        }
        return py::make_tuple(r.value, r.unknown_edges);
      },
      py::arg("view"), py::arg("values"));
}

}  // namespace maillage_py
