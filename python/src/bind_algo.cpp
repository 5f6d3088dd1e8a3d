// Bindings of the analysis kernels (maillage::algo): each releases the GIL while it runs; results
// cross as NumPy arrays that own the kernel's vectors (no copy).
#include <boost/graph/betweenness_centrality.hpp>

#include "common.hpp"

namespace maillage_py {

namespace {

algo::Direction parse_direction(const std::string& text) {
  if (text == "total") return algo::Direction::total;
  if (text == "in") return algo::Direction::in;
  if (text == "out") return algo::Direction::out;
  throw InvalidInput("direction must be 'total', 'in' or 'out', not " + quote(text));
}

/// A per-node vector from an optional NumPy array (None → empty).
std::vector<double> optional_values(const py::object& object, std::size_t n, const std::string& name) {
  if (object.is_none()) return {};
  return to_vector<double>(object, n, name);
}

}  // namespace

void register_algo(py::module_& m) {
  // ---- components
  m.def(
      "connected_components",
      [](const View& v) {
        algo::ComponentsResult r;
        {
          py::gil_scoped_release release;
          r = algo::connected_components(v);
        }
        return py::make_tuple(owned_array(std::move(r.labels)), owned_array(std::move(r.sizes)));
      },
      py::arg("view"));
  m.def(
      "strongly_connected_components",
      [](const View& v) {
        algo::ComponentsResult r;
        {
          py::gil_scoped_release release;
          r = algo::strongly_connected_components(v);
        }
        return py::make_tuple(owned_array(std::move(r.labels)), owned_array(std::move(r.sizes)));
      },
      py::arg("view"));

  // ---- degrees
  m.def(
      "degree",
      [](const View& v, const std::string& direction) {
        algo::DegreeOptions o{parse_direction(direction)};
        algo::DegreeResult r;
        {
          py::gil_scoped_release release;
          r = algo::degree(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("direction"));
  m.def(
      "strength",
      [](const View& v, const std::string& direction) {
        algo::DegreeOptions o{parse_direction(direction)};
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::strength(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("direction"));
  m.def(
      "degree_centrality",
      [](const View& v, const std::string& direction) {
        algo::DegreeOptions o{parse_direction(direction)};
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::degree_centrality(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("direction"));

  // ---- path-based centralities
  m.def(
      "betweenness_centrality",
      [](const View& v, bool normalized, bool endpoints, std::optional<std::uint32_t> k, std::uint64_t seed,
         int threads, const py::object& progress) {
        algo::BetweennessOptions o;
        o.normalized = normalized;
        o.endpoints = endpoints;
        o.k = k;
        o.seed = seed;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::BetweennessResult r;
        {
          py::gil_scoped_release release;
          r = algo::betweenness_centrality(v, o);
        }
        return py::make_tuple(owned_array(std::move(r.values)), owned_array(std::move(r.sources)));
      },
      py::arg("view"), py::arg("normalized"), py::arg("endpoints"), py::arg("k"), py::arg("seed"), py::arg("threads"),
      py::arg("progress"));
  m.def(
      "edge_betweenness_centrality",
      [](const View& v, bool normalized, std::optional<std::uint32_t> k, std::uint64_t seed, int threads,
         const py::object& progress) {
        algo::BetweennessOptions o;
        o.normalized = normalized;
        o.k = k;
        o.seed = seed;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::EdgeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::edge_betweenness_centrality(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("normalized"), py::arg("k"), py::arg("seed"), py::arg("threads"), py::arg("progress"));
  m.def(
      "closeness_centrality",
      [](const View& v, bool wf_improved, int threads, const py::object& progress) {
        algo::ClosenessOptions o;
        o.wf_improved = wf_improved;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::closeness_centrality(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("wf_improved"), py::arg("threads"), py::arg("progress"));
  m.def(
      "harmonic_centrality",
      [](const View& v, int threads, const py::object& progress) {
        algo::HarmonicOptions o;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::harmonic_centrality(v, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("threads"), py::arg("progress"));

  // ---- spectral
  m.def(
      "eigenvector_centrality",
      [](const View& v, double tol, std::uint32_t max_iter, int threads, const py::object& progress) {
        algo::EigenvectorOptions o;
        o.tol = tol;
        o.max_iter = max_iter;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::IterativeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::eigenvector_centrality(v, o);
        }
        return py::make_tuple(owned_array(std::move(r.values)), r.iterations);
      },
      py::arg("view"), py::arg("tol"), py::arg("max_iter"), py::arg("threads"), py::arg("progress") = py::none());
  m.def(
      "pagerank",
      [](const View& v, double alpha, const py::object& personalization, const py::object& dangling, double tol,
         std::uint32_t max_iter, int threads, const py::object& progress) {
        algo::PageRankOptions o;
        o.alpha = alpha;
        o.personalization = optional_values(personalization, v.number_of_nodes(), "personalization");
        o.dangling = optional_values(dangling, v.number_of_nodes(), "dangling");
        o.tol = tol;
        o.max_iter = max_iter;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::IterativeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::pagerank(v, o);
        }
        return py::make_tuple(owned_array(std::move(r.values)), r.iterations);
      },
      py::arg("view"), py::arg("alpha"), py::arg("personalization"), py::arg("dangling"), py::arg("tol"),
      py::arg("max_iter"), py::arg("threads"), py::arg("progress") = py::none());
  m.def(
      "katz_centrality",
      [](const View& v, double alpha, double beta, const py::object& beta_per_node, double tol, std::uint32_t max_iter,
         bool normalized, int threads, const py::object& progress) {
        algo::KatzOptions o;
        o.alpha = alpha;
        o.beta = beta;
        o.beta_per_node = optional_values(beta_per_node, v.number_of_nodes(), "beta");
        o.tol = tol;
        o.max_iter = max_iter;
        o.normalized = normalized;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::IterativeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::katz_centrality(v, o);
        }
        return py::make_tuple(owned_array(std::move(r.values)), r.iterations);
      },
      py::arg("view"), py::arg("alpha"), py::arg("beta"), py::arg("beta_per_node"), py::arg("tol"), py::arg("max_iter"),
      py::arg("normalized"), py::arg("threads"), py::arg("progress") = py::none());

  // ---- structure
  m.def(
      "core_number",
      [](const View& v, int threads) {
        algo::CoreResult r;
        {
          py::gil_scoped_release release;
          r = algo::core_number(v, algo::CoreOptions{threads});
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("threads"));
  m.def(
      "clustering",
      [](const View& v, int threads) {
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::clustering(v, algo::ClusteringOptions{threads});
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("threads"));
  m.def(
      "transitivity",
      [](const View& v, int threads) {
        py::gil_scoped_release release;
        return algo::transitivity(v, algo::ClusteringOptions{threads});
      },
      py::arg("view"), py::arg("threads"));

  // ---- paths
  m.def(
      "shortest_path_lengths",
      [](const View& v, const std::string& source) {
        const auto s = v.index_of(source);
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::shortest_path_lengths(v, s);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("source"));
  m.def(
      "all_pairs_shortest_path_lengths",
      [](const View& v, int threads, const py::object& progress) {
        algo::PathOptions o;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::DistanceMatrix r;
        {
          py::gil_scoped_release release;
          r = algo::all_pairs_shortest_path_lengths(v, o);
        }
        const auto n = static_cast<py::ssize_t>(r.n);
        return owned_array(std::move(r.values)).reshape({n, n});
      },
      py::arg("view"), py::arg("threads"), py::arg("progress"));
  // Benchmark hook: Boost.Graph's Brandes on the view's CSR copy (raw ordered-pair counts; the
  // test oracle of the betweenness kernel), to show where the own kernel stands against it.
  m.def(
      "_bgl_betweenness",
      [](const View& v) {
        py::gil_scoped_release release;
        BglCsr bgl = to_boost_csr(v);
        std::vector<double> values(v.number_of_nodes(), 0.0);
        auto centrality = boost::make_iterator_property_map(values.begin(), get(boost::vertex_index, bgl));
        if (v.weighted()) {
          if (v.weight_kind() == WeightKind::strength)
            for (auto [e, end] = boost::edges(bgl); e != end; ++e) bgl[*e].weight = 1.0 / bgl[*e].weight;
          boost::brandes_betweenness_centrality(bgl, boost::centrality_map(centrality).weight_map(get(&BglArc::weight, bgl)));
        } else {
          boost::brandes_betweenness_centrality(bgl, centrality);
        }
        return values;
      },
      py::arg("view"));
  m.def(
      "view_edge_ends",
      [](const View& v) {
        const auto edges = v.number_of_edges();
        std::vector<std::uint32_t> s(edges), t(edges);
        v.edge_ends(s, t);
        return py::make_tuple(owned_array(std::move(s)), owned_array(std::move(t)));
      },
      py::arg("view"));
  m.def(
      "ego_view",
      [](const View& v, const std::string& center, std::uint32_t radius, bool keep_center, bool undirected) {
        const auto c = v.index_of(center);
        algo::EgoOptions o;
        o.radius = radius;
        o.center = keep_center;
        o.undirected = undirected;
        py::gil_scoped_release release;
        return algo::ego_view(v, c, o);
      },
      py::arg("view"), py::arg("center"), py::arg("radius"), py::arg("center_kept"), py::arg("undirected"));
}

}  // namespace maillage_py
