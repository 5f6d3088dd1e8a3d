// Bindings of the null models (maillage::algo::nullmodel.hpp): tie lists, single draws (as arrays
// or as a Graph) and the significance of built-in statistics, computed with the GIL released.
#include "common.hpp"
#include "maillage/algo/nullmodel.hpp"

namespace maillage_py {
namespace {

py::tuple summary(algo::SignificanceResult&& r) {
  py::array_t<double> values(std::vector<py::ssize_t>{static_cast<py::ssize_t>(r.samples),
                                                      static_cast<py::ssize_t>(r.components)});
  if (!r.values.empty()) std::memcpy(values.mutable_data(), r.values.data(), r.values.size() * sizeof(double));
  return py::make_tuple(to_array(r.observed), to_array(r.mean), to_array(r.std), to_array(r.z), to_array(r.p),
                        to_array(r.p_greater), to_array(r.p_less), to_array(r.valid), values, r.attempts, r.swaps);
}

}  // namespace

void register_nullmodel(py::module_& m) {
  py::class_<algo::TieList>(m, "TieList")
      .def("__len__", [](const algo::TieList& t) { return t.source.size(); })
      .def("strata", [](const algo::TieList& t) { return t.strata; })
      .def("directed", [](const algo::TieList& t) { return t.directed; })
      .def("edges", [](const algo::TieList& t) { return to_array(t.edges); })
      .def("ends", [](const algo::TieList& t) { return py::make_tuple(to_array(t.source), to_array(t.target)); })
      // Pickled as its arrays (NumPy arrays travel out of band under pickle protocol 5), so a tie
      // list can be sent to the workers of a cluster (maillage.distributed).
      .def(py::pickle(
          [](const algo::TieList& t) {
            return py::make_tuple(t.nodes, to_array(t.edges), to_array(t.source), to_array(t.target),
                                  to_array(t.stratum), t.strata, to_array(t.weight), t.directed,
                                  to_array(t.stratum_directed));
          },
          [](const py::tuple& s) {
            if (s.size() != 9) throw InvalidInput("TieList: a pickled tie list has 9 fields");
            algo::TieList t;
            t.nodes = s[0].cast<std::size_t>();
            const auto edges = py::array_t<EdgeId, py::array::c_style | py::array::forcecast>::ensure(s[1]);
            const std::size_t tie_count = edges ? static_cast<std::size_t>(edges.size()) : 0;
            t.edges = to_vector<EdgeId>(s[1], tie_count, "edges");
            t.source = to_vector<NodeId>(s[2], tie_count, "source");
            t.target = to_vector<NodeId>(s[3], tie_count, "target");
            t.stratum = to_vector<std::uint32_t>(s[4], tie_count, "stratum");
            t.strata = s[5].cast<std::uint32_t>();
            const auto weight = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(s[6]);
            t.weight = to_vector<double>(s[6], weight ? static_cast<std::size_t>(weight.size()) : 0, "weight");
            t.directed = s[7].cast<bool>();
            const auto sd = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>::ensure(s[8]);
            t.stratum_directed = to_vector<std::uint8_t>(s[8], sd ? static_cast<std::size_t>(sd.size()) : 0, "strata");
            if (!t.weight.empty() && t.weight.size() != tie_count) throw InvalidInput("TieList: weights and ties differ in count");
            for (std::size_t i = 0; i < tie_count; ++i)
              if (t.source[i] >= t.nodes || t.target[i] >= t.nodes || t.stratum[i] >= t.strata)
                throw InvalidInput("TieList: tie " + std::to_string(i) + " is out of range");
            return t;
          }));

  m.def(
      "tie_list",
      [](const Graph& g, const algo::TieSet& ties, bool within_relation, const std::optional<std::string>& weight,
         bool relation_directions) {
        py::gil_scoped_release release;
        const auto w = algo::tie_weights(g, ties, weight);
        return algo::tie_list(g, ties, within_relation, w, relation_directions);
      },
      py::arg("graph"), py::arg("ties"), py::arg("within_relation"), py::arg("weight"), py::arg("relation_directions"));

  m.def(
      "null_draw",
      [](const Graph& g, const algo::TieList& ties, const py::object& groups, const std::string& model,
         std::uint64_t seed, double swaps, std::uint64_t sample, bool as_graph) -> py::object {
        const auto group_codes = optional_codes(groups, ties.nodes, "groups");
        algo::NullSample s;
        std::optional<Graph> out;
        {
          py::gil_scoped_release release;
          const algo::NullModelSampler sampler(ties, group_codes, null_model_options(model, seed, swaps));
          sampler.draw(sample, s);
          if (as_graph) out = algo::with_tie_ends(g, ties, s);
        }
        if (as_graph) return py::cast(std::move(*out));
        return py::make_tuple(to_array(s.source), to_array(s.target), to_array(s.groups), s.attempts, s.swaps);
      },
      py::arg("graph"), py::arg("ties"), py::arg("groups"), py::arg("model"), py::arg("seed"), py::arg("swaps"),
      py::arg("sample"), py::arg("as_graph"));

  m.def(
      "tie_significance",
      [](const algo::TieList& ties, const py::object& groups, const std::string& statistic, std::size_t k,
         const py::object& tie_groups, const py::object& node_groups, std::size_t by_groups, double resolution,
         const std::string& model, std::uint64_t seed, double swaps, std::uint64_t samples, int threads,
         const py::object& progress) {
        algo::TieStatistic st;
        st.kind = tie_statistic_kind(statistic);
        st.groups = k;
        st.tie_groups = optional_codes(tie_groups, ties.source.size(), "tie groups");
        st.node_groups = optional_codes(node_groups, ties.nodes, "node groups");
        st.by_groups = by_groups;
        st.resolution = resolution;
        const auto group_codes = optional_codes(groups, ties.nodes, "groups");
        algo::SignificanceOptions o;
        o.model = null_model_options(model, seed, swaps);
        o.samples = samples;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::SignificanceResult r;
        {
          py::gil_scoped_release release;
          r = algo::significance(ties, group_codes, st, o);
        }
        return summary(std::move(r));
      },
      py::arg("ties"), py::arg("groups"), py::arg("statistic"), py::arg("k"), py::arg("tie_groups"),
      py::arg("node_groups"), py::arg("by_groups"), py::arg("resolution"), py::arg("model"), py::arg("seed"),
      py::arg("swaps"), py::arg("samples"), py::arg("threads"), py::arg("progress"));

  m.def(
      "summarize_null",
      [](const py::object& observed, const py::object& values) {
        auto obs = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(observed);
        auto vals = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
        if (!obs || !vals || obs.ndim() != 1 || vals.ndim() != 2 || vals.shape(1) != obs.shape(0))
          throw InvalidInput("summarize_null: expected observed values (k) and samples (n × k)");
        return summary(algo::summarize_null(std::span<const double>(obs.data(), static_cast<std::size_t>(obs.size())),
                                            std::span<const double>(vals.data(), static_cast<std::size_t>(vals.size()))));
      },
      py::arg("observed"), py::arg("values"));
}

}  // namespace maillage_py
