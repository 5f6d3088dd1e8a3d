// Bindings of community detection, partition comparison, two-mode projection and the disparity
// backbone (maillage::algo): each releases the GIL while it runs; labels cross as NumPy arrays.
#include "common.hpp"
#include "maillage/algo/backbone.hpp"
#include "maillage/algo/bipartite.hpp"
#include "maillage/algo/community.hpp"

namespace maillage_py {

namespace {

py::tuple community_tuple(algo::CommunityResult&& r) {
  return py::make_tuple(to_array(r.labels), to_array(r.sizes), r.modularity, r.quality, r.iterations);
}

std::vector<std::uint32_t> labels_of(const py::handle& object, std::size_t n, const char* name) {
  return to_vector<std::uint32_t>(object, n, name);
}

std::size_t length_of(const py::handle& object) { return static_cast<std::size_t>(py::len(object)); }

}  // namespace

void register_community(py::module_& m) {
  m.def(
      "louvain_communities",
      [](const View& v, double resolution, std::uint64_t seed, int threads, const py::object& progress,
         std::uint32_t max_iterations, double tolerance) {
        algo::LouvainOptions o;
        o.resolution = resolution;
        o.max_iterations = max_iterations;
        o.tolerance = tolerance;
        o.seed = seed;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::CommunityResult r;
        {
          py::gil_scoped_release release;
          r = algo::louvain_communities(v, o);
        }
        return community_tuple(std::move(r));
      },
      py::arg("view"), py::arg("resolution"), py::arg("seed"), py::arg("threads"), py::arg("progress"),
      py::arg("max_iterations"), py::arg("tolerance"));
  m.def(
      "leiden_communities",
      [](const View& v, const std::string& objective, double resolution, double randomness,
         std::uint32_t max_iterations, double tolerance, std::uint64_t seed, int threads,
         const py::object& progress) {
        algo::LeidenOptions o;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        if (objective == "modularity") o.objective = algo::LeidenObjective::modularity;
        else if (objective == "cpm") o.objective = algo::LeidenObjective::cpm;
        else throw InvalidInput("objective must be 'modularity' or 'cpm', not " + quote(objective));
        o.resolution = resolution;
        o.randomness = randomness;
        o.max_iterations = max_iterations;
        o.tolerance = tolerance;
        o.seed = seed;
        algo::CommunityResult r;
        {
          py::gil_scoped_release release;
          r = algo::leiden_communities(v, o);
        }
        return community_tuple(std::move(r));
      },
      py::arg("view"), py::arg("objective"), py::arg("resolution"), py::arg("randomness"), py::arg("max_iterations"),
      py::arg("tolerance"), py::arg("seed"), py::arg("threads"), py::arg("progress"));
  m.def(
      "label_propagation_communities",
      [](const View& v, std::uint64_t seed, std::uint32_t max_iterations, const py::object& progress) {
        algo::LabelPropagationOptions o;
        o.progress = wrap_progress(progress);
        o.seed = seed;
        o.max_iterations = max_iterations;
        algo::CommunityResult r;
        {
          py::gil_scoped_release release;
          r = algo::label_propagation_communities(v, o);
        }
        return community_tuple(std::move(r));
      },
      py::arg("view"), py::arg("seed"), py::arg("max_iterations"), py::arg("progress"));
  m.def(
      "number_partition",
      [](const View& v, const py::object& labels) {
        const auto l = labels_of(labels, v.number_of_nodes(), "labels");
        auto r = algo::number_partition(v, l);
        return py::make_tuple(to_array(r.labels), to_array(r.sizes));
      },
      py::arg("view"), py::arg("labels"));
  m.def(
      "modularity",
      [](const View& v, const py::object& labels, double resolution) {
        const auto l = labels_of(labels, v.number_of_nodes(), "labels");
        py::gil_scoped_release release;
        return algo::modularity(v, l, resolution);
      },
      py::arg("view"), py::arg("labels"), py::arg("resolution"));
  m.def(
      "cpm_quality",
      [](const View& v, const py::object& labels, double resolution) {
        const auto l = labels_of(labels, v.number_of_nodes(), "labels");
        py::gil_scoped_release release;
        return algo::cpm_quality(v, l, resolution);
      },
      py::arg("view"), py::arg("labels"), py::arg("resolution"));
  m.def(
      "normalized_mutual_info",
      [](const py::object& a, const py::object& b) {
        const auto x = labels_of(a, length_of(a), "a");
        const auto y = labels_of(b, length_of(b), "b");
        py::gil_scoped_release release;
        return algo::normalized_mutual_info(x, y);
      },
      py::arg("a"), py::arg("b"));
  m.def(
      "adjusted_rand_index",
      [](const py::object& a, const py::object& b) {
        const auto x = labels_of(a, length_of(a), "a");
        const auto y = labels_of(b, length_of(b), "b");
        py::gil_scoped_release release;
        return algo::adjusted_rand_index(x, y);
      },
      py::arg("a"), py::arg("b"));
  m.def(
      "bipartite_projection",
      [](const Graph& g, const std::optional<std::vector<std::string>>& nodes, const std::optional<std::string>& kind,
         const std::vector<std::string>& relations, const std::string& weighting, double min_weight, int threads) {
        algo::ProjectionOptions o;
        o.nodes = nodes;
        o.kind = kind;
        o.relations = relations;
        if (weighting == "count") o.weighting = algo::ProjectionWeighting::count;
        else if (weighting == "newman") o.weighting = algo::ProjectionWeighting::newman;
        else if (weighting == "jaccard") o.weighting = algo::ProjectionWeighting::jaccard;
        else if (weighting == "overlap") o.weighting = algo::ProjectionWeighting::overlap;
        else
          throw InvalidInput("weighting must be 'count', 'newman', 'jaccard' or 'overlap', not " + quote(weighting));
        o.min_weight = min_weight;
        o.threads = threads;
        py::gil_scoped_release release;
        return algo::bipartite_projection(g, o);
      },
      py::arg("graph"), py::arg("nodes"), py::arg("kind"), py::arg("relations"), py::arg("weighting"),
      py::arg("min_weight"), py::arg("threads"));
  m.def(
      "disparity_backbone",
      [](const View& v, double alpha) {
        algo::BackboneOptions o;
        o.alpha = alpha;
        algo::BackboneResult r;
        {
          py::gil_scoped_release release;
          r = algo::disparity_backbone(v, o);
        }
        return py::make_tuple(to_array(r.p_source), to_array(r.p_target), to_array(r.p_value), to_array(r.kept));
      },
      py::arg("view"), py::arg("alpha"));
}

}  // namespace maillage_py
