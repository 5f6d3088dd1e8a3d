// Bindings of the pieces maillage.distributed runs on a cluster: views as bytes (View::serialize
// in parts, for pickle protocol 5 out-of-band buffers), betweenness over a block of sources,
// closeness and harmonic over a block of nodes, null-model samples over a range of draws, a
// bipartite projection by blocks of rows.
#include "common.hpp"
#include "maillage/algo/bipartite.hpp"
#include "maillage/algo/centrality.hpp"
#include "maillage/algo/nullmodel.hpp"

namespace maillage_py {
namespace {

/// The bytes of a Python buffer (any contiguous buffer: bytes, memoryview, PickleBuffer, array).
std::span<const std::byte> bytes_of(const py::buffer_info& info, const char* what) {
  // A buffer of any item type is read as bytes; it must be contiguous.
  py::ssize_t expected = info.itemsize;
  for (auto i = info.ndim; i-- > 0;) {
    if (info.shape[i] > 1 && info.strides[i] != expected)
      throw InvalidInput(std::string("View::deserialize: ") + what + " is not a contiguous buffer");
    expected *= info.shape[i];
  }
  return {static_cast<const std::byte*>(info.ptr), static_cast<std::size_t>(info.size * info.itemsize)};
}

/// A 1-D array of any length copied into a vector (InvalidInput naming `name` otherwise).
template <typename T>
std::vector<T> any_vector(const py::handle& object, const std::string& name) {
  auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array || array.ndim() != 1) throw InvalidInput(name + ": expected a 1-D numeric array");
  return std::vector<T>(array.data(), array.data() + array.size());
}

algo::ProjectionWeighting projection_weighting(const std::string& weighting) {
  if (weighting == "count") return algo::ProjectionWeighting::count;
  if (weighting == "newman") return algo::ProjectionWeighting::newman;
  if (weighting == "jaccard") return algo::ProjectionWeighting::jaccard;
  if (weighting == "overlap") return algo::ProjectionWeighting::overlap;
  throw InvalidInput("weighting must be 'count', 'newman', 'jaccard' or 'overlap', not " + quote(weighting));
}

}  // namespace

void register_distributed(py::module_& m) {
  // The incidence of a bipartite projection, projected by blocks of rows on a cluster's workers.
  // Pickled as its arrays (rows, event offsets, members, projected node ids); read back checked.
  py::class_<algo::ProjectionIncidence>(m, "ProjectionIncidence")
      .def_property_readonly("rows", [](const algo::ProjectionIncidence& in) { return in.rows; })
      .def_property_readonly("projected", [](const algo::ProjectionIncidence& in) { return to_array(in.projected); })
      .def_property_readonly("row_events", [](const algo::ProjectionIncidence& in) { return to_array(in.node_start); })
      .def(py::pickle(
          [](const algo::ProjectionIncidence& in) {
            return py::make_tuple(in.rows, to_array(in.event_start), to_array(in.members), to_array(in.projected));
          },
          [](const py::tuple& s) {
            if (s.size() != 4) throw InvalidInput("ProjectionIncidence: a pickled incidence has 4 fields");
            auto in = algo::projection_incidence(s[0].cast<std::uint32_t>(), any_vector<std::uint64_t>(s[1], "event offsets"),
                                                 any_vector<std::uint32_t>(s[2], "members"));
            in.projected = any_vector<NodeId>(s[3], "projected nodes");
            return in;
          }));
  m.def(
      "projection_incidence",
      [](const Graph& g, const std::optional<std::vector<std::string>>& nodes, const std::optional<std::string>& kind,
         const std::vector<std::string>& relations) {
        algo::ProjectionOptions o;
        o.nodes = nodes;
        o.kind = kind;
        o.relations = relations;
        py::gil_scoped_release release;
        return algo::projection_incidence(g, o);
      },
      py::arg("graph"), py::arg("nodes"), py::arg("kind"), py::arg("relations"));
  m.def(
      "project_rows",
      [](const algo::ProjectionIncidence& in, std::uint32_t begin, std::uint32_t end, const std::string& weighting,
         double min_weight, int threads) {
        algo::ProjectionOptions o;
        o.weighting = projection_weighting(weighting);
        o.min_weight = min_weight;
        o.threads = threads;
        algo::ProjectedTies t;
        {
          py::gil_scoped_release release;
          t = algo::project_rows(in, begin, end, o);
        }
        return py::make_tuple(owned_array(std::move(t.source)), owned_array(std::move(t.target)),
                              owned_array(std::move(t.weight)), owned_array(std::move(t.shared)));
      },
      py::arg("incidence"), py::arg("begin"), py::arg("end"), py::arg("weighting"), py::arg("min_weight"),
      py::arg("threads"));
  m.def(
      "projected_graph",
      [](const Graph& g, const algo::ProjectionIncidence& in, const py::object& source, const py::object& target,
         const py::object& weight, const py::object& shared) {
        algo::ProjectedTies t;
        t.source = any_vector<std::uint32_t>(source, "source");
        t.target = any_vector<std::uint32_t>(target, "target");
        t.weight = any_vector<double>(weight, "weight");
        t.shared = any_vector<std::int64_t>(shared, "shared");
        py::gil_scoped_release release;
        return algo::projected_graph(g, in, std::move(t));
      },
      py::arg("graph"), py::arg("incidence"), py::arg("source"), py::arg("target"), py::arg("weight"),
      py::arg("shared"));
  m.def(
      "view_serialize_parts",
      [](const View& v) {
        // The sections stay valid while `holder` (a copy of the view and the parts) lives; every
        // array returned keeps it alive.
        auto* holder = new std::pair<View, ViewParts>(v, ViewParts{});
        {
          py::gil_scoped_release release;
          holder->second = holder->first.serialize_parts();
        }
        py::capsule owner(holder, [](void* p) { delete static_cast<std::pair<View, ViewParts>*>(p); });
        const auto& parts = holder->second;
        py::bytes header(reinterpret_cast<const char*>(parts.header.data()), parts.header.size());
        py::list sections;
        for (const auto& s : parts.sections) {
          py::array_t<std::uint8_t> a(static_cast<py::ssize_t>(s.size()),
                                      reinterpret_cast<const std::uint8_t*>(s.data()), owner);
          sections.append(a);
        }
        return py::make_tuple(header, sections);
      },
      py::arg("view"));
  m.def(
      "view_serialize",
      [](const View& v) {
        std::vector<std::byte> out;
        {
          py::gil_scoped_release release;
          out = v.serialize();
        }
        return py::bytes(reinterpret_cast<const char*>(out.data()), out.size());
      },
      py::arg("view"));
  m.def(
      "view_deserialize",
      [](const py::buffer& buffer) {
        const auto info = buffer.request();
        const auto bytes = bytes_of(info, "the buffer");
        py::gil_scoped_release release;
        return View::deserialize(bytes);
      },
      py::arg("buffer"));
  m.def(
      "view_deserialize_parts",
      [](const py::buffer& header, const py::list& sections) {
        std::vector<py::buffer_info> infos;
        infos.reserve(sections.size());
        for (const auto& s : sections) infos.push_back(py::reinterpret_borrow<py::buffer>(s).request());
        const auto head = header.request();
        std::vector<std::span<const std::byte>> spans;
        for (const auto& info : infos) spans.push_back(bytes_of(info, "a section"));
        const auto header_bytes = bytes_of(head, "the header");
        py::gil_scoped_release release;
        return View::deserialize(header_bytes, spans);
      },
      py::arg("header"), py::arg("sections"));

  m.def(
      "betweenness_sources",
      [](const View& v, std::optional<std::uint32_t> k, std::uint64_t seed) {
        algo::BetweennessOptions o;
        o.k = k;
        o.seed = seed;
        return owned_array(algo::betweenness_sources(v, o));
      },
      py::arg("view"), py::arg("k"), py::arg("seed"));
  m.def(
      "betweenness_sums",
      [](const View& v, const py::object& sources, bool edges, bool endpoints, int threads, const py::object& progress) {
        auto array = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>::ensure(sources);
        if (!array || array.ndim() != 1) throw InvalidInput("betweenness: sources must be a 1-D array of view indices");
        const std::vector<std::uint32_t> list(array.data(), array.data() + array.size());
        algo::BetweennessOptions o;
        o.endpoints = endpoints;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        std::vector<double> out;
        {
          py::gil_scoped_release release;
          out = algo::betweenness_sums(v, list, edges, o);
        }
        return owned_array(std::move(out));
      },
      py::arg("view"), py::arg("sources"), py::arg("edges"), py::arg("endpoints"), py::arg("threads"),
      py::arg("progress"));
  m.def(
      "scale_betweenness",
      [](const View& v, const py::object& values, const py::object& sources, bool edges, bool normalized,
         bool endpoints, std::optional<std::uint32_t> k) {
        const std::size_t length = edges ? v.number_of_edges() : v.number_of_nodes();
        auto out = to_vector<double>(values, length, "betweenness sums");
        auto src = py::array_t<std::uint32_t, py::array::c_style | py::array::forcecast>::ensure(sources);
        if (!src || src.ndim() != 1) throw InvalidInput("betweenness: sources must be a 1-D array of view indices");
        for (py::ssize_t i = 0; i < src.size(); ++i)
          if (src.data()[i] >= v.number_of_nodes()) throw InvalidInput("betweenness: a source is not a node of the view");
        algo::BetweennessOptions o;
        o.normalized = normalized;
        o.endpoints = endpoints;
        o.k = k;
        algo::scale_betweenness(v, out, std::span<const std::uint32_t>(src.data(), static_cast<std::size_t>(src.size())),
                                edges, o);
        return owned_array(std::move(out));
      },
      py::arg("view"), py::arg("values"), py::arg("sources"), py::arg("edges"), py::arg("normalized"),
      py::arg("endpoints"), py::arg("k"));
  m.def(
      "closeness_block",
      [](const View& v, std::uint32_t first, std::uint32_t last, bool harmonic, bool wf_improved, int threads,
         const py::object& progress) {
        algo::ClosenessOptions o;
        o.wf_improved = wf_improved;
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::NodeMeasure r;
        {
          py::gil_scoped_release release;
          r = algo::closeness_block(v, first, last, harmonic, o);
        }
        return owned_array(std::move(r.values));
      },
      py::arg("view"), py::arg("first"), py::arg("last"), py::arg("harmonic"), py::arg("wf_improved"),
      py::arg("threads"), py::arg("progress"));
  m.def(
      "null_values",
      [](const algo::TieList& ties, const py::object& groups, const std::string& statistic, std::size_t k,
         const py::object& tie_groups, const py::object& node_groups, std::size_t by_groups, double resolution,
         const std::string& model, std::uint64_t seed, double swaps, std::uint64_t first, std::uint64_t samples,
         int threads, const py::object& progress) {
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
        algo::NullValues r;
        {
          py::gil_scoped_release release;
          r = algo::null_values(ties, group_codes, st, o, first);
        }
        const auto width = static_cast<py::ssize_t>(algo::statistic_size(st));
        py::array_t<double> values(std::vector<py::ssize_t>{static_cast<py::ssize_t>(samples), width});
        if (!r.values.empty()) std::memcpy(values.mutable_data(), r.values.data(), r.values.size() * sizeof(double));
        return py::make_tuple(values, r.attempts, r.swaps);
      },
      py::arg("ties"), py::arg("groups"), py::arg("statistic"), py::arg("k"), py::arg("tie_groups"),
      py::arg("node_groups"), py::arg("by_groups"), py::arg("resolution"), py::arg("model"), py::arg("seed"),
      py::arg("swaps"), py::arg("first"), py::arg("samples"), py::arg("threads"), py::arg("progress"));
}

}  // namespace maillage_py
