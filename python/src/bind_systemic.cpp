// Systemic representations: builders, layouts and writers. Representations cross the boundary as
// their canonical JSON text (systemic::to_json), so Python holds plain data.
#include "common.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/layout.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/builders.hpp"

namespace maillage_py {

namespace {

using systemic::Json;

std::optional<std::string> opt_string(const Json& o, const char* key) {
  const Json* v = o.find(key);
  if (!v || v->is_null()) return std::nullopt;
  return v->as_string(key);
}
std::string get_string(const Json& o, const char* key, std::string fallback) {
  const Json* v = o.find(key);
  return v && !v->is_null() ? v->as_string(key) : fallback;
}
std::uint64_t get_uint(const Json& o, const char* key, std::uint64_t fallback) {
  const Json* v = o.find(key);
  if (!v || v->is_null()) return fallback;
  std::int64_t i = v->as_int(key);
  if (i < 0) throw InvalidInput(std::string(key) + " must be non-negative, not " + std::to_string(i));
  return static_cast<std::uint64_t>(i);
}
std::vector<std::string> get_strings(const Json& o, const char* key, std::vector<std::string> fallback) {
  const Json* v = o.find(key);
  if (!v || v->is_null()) return fallback;
  std::vector<std::string> out;
  for (const auto& s : v->as_array(key)) out.push_back(s.as_string(key));
  return out;
}
bool get_bool(const Json& o, const char* key, bool fallback) {
  const Json* v = o.find(key);
  return v && !v->is_null() ? v->as_bool(key) : fallback;
}

systemic::Representation build(const Graph& g, const std::string& builder, const Json& o) {
  if (builder == "actor_map") {
    systemic::ActorMapOptions a;
    a.focus = opt_string(o, "focus");
    a.radius = static_cast<std::uint32_t>(get_uint(o, "radius", a.radius));
    a.size_by = get_string(o, "size_by", a.size_by);
    a.group_by = get_string(o, "group_by", a.group_by);
    a.seed = get_uint(o, "seed", 0);
    a.layout = get_string(o, "layout", a.layout);
    a.kinds = get_strings(o, "kinds", a.kinds);
    a.title = get_string(o, "title", "");
    return systemic::actor_map(g, a);
  }
  if (builder == "interscale_map") {
    systemic::InterscaleMapOptions a;
    a.focus = opt_string(o, "focus");
    a.radius = static_cast<std::uint32_t>(get_uint(o, "radius", a.radius));
    a.seed = get_uint(o, "seed", 0);
    a.containers = get_bool(o, "containers", a.containers);
    a.kinds = get_strings(o, "kinds", a.kinds);
    a.size_by = get_string(o, "size_by", a.size_by);
    a.group_by = get_string(o, "group_by", a.group_by);
    a.title = get_string(o, "title", "");
    return systemic::interscale_map(g, a);
  }
  if (builder == "ego_map") {
    systemic::EgoMapOptions a;
    a.radius = static_cast<std::uint32_t>(get_uint(o, "radius", a.radius));
    a.seed = get_uint(o, "seed", 0);
    a.size_by = get_string(o, "size_by", a.size_by);
    a.group_by = get_string(o, "group_by", a.group_by);
    a.kinds = get_strings(o, "kinds", a.kinds);
    a.title = get_string(o, "title", "");
    return systemic::ego_map(g, get_string(o, "key", ""), a);
  }
  if (builder == "programme_map") {
    systemic::ProgrammeMapOptions a;
    a.seed = get_uint(o, "seed", 0);
    a.size_by = get_string(o, "size_by", a.size_by);
    a.group_by = get_string(o, "group_by", a.group_by);
    a.layout = get_string(o, "layout", a.layout);
    a.events = get_bool(o, "events", a.events);
    a.title = get_string(o, "title", "");
    return systemic::programme_map(g, get_string(o, "programme", ""), a);
  }
  throw InvalidInput("unknown builder " + quote(builder));
}

}  // namespace

void register_systemic(py::module_& m) {
  m.def(
      "systemic_build",
      [](const Graph& g, const std::string& builder, const std::string& options) {
        py::gil_scoped_release release;
        return systemic::to_json(build(g, builder, Json::parse(options)));
      },
      py::arg("graph"), py::arg("builder"), py::arg("options"));
  m.def(
      "systemic_write",
      [](const std::string& representation, const std::string& format) {
        py::gil_scoped_release release;
        auto r = systemic::from_json(representation);
        r.validate();
        if (format == "json") return systemic::to_json(r);
        if (format == "svg") return render::to_svg(r);
        if (format == "html") return render::to_html(r);
        if (format == "gexf") return render::to_gexf(r);
        if (format == "dot") return render::to_dot(r);
        if (format == "dot:free") return render::to_dot(r, render::DotOptions{false});  // Graphviz lays it out
        if (format == "kumu") return render::to_kumu(r).dump();
        throw InvalidInput("unknown format " + quote(format));
      },
      py::arg("representation"), py::arg("format"));
  m.def(
      "systemic_read_json",
      [](const py::bytes& data, const std::string& source) {
        std::string text = data;
        py::gil_scoped_release release;
        auto r = systemic::from_json(text, source);
        try {
          r.validate();
        } catch (const InvalidInput& e) {
          if (source.empty()) throw;
          throw InvalidInput(source + ": " + e.what());
        }
        return systemic::to_json(r);
      },
      py::arg("data"), py::arg("source"));
  m.def(
      "systemic_place_labels",
      [](const std::string& representation, bool hide_overlapping) {
        py::gil_scoped_release release;
        auto r = systemic::from_json(representation);
        render::LabelOptions o;
        o.hide_overlapping = hide_overlapping;
        render::place_labels(r, o);
        return systemic::to_json(r);
      },
      py::arg("representation"), py::arg("hide_overlapping"));
  m.def(
      "systemic_label_overlap",
      [](const std::string& representation) {
        auto r = systemic::from_json(representation);
        auto s = render::label_overlap(r);
        py::dict d;
        d["labels"] = s.labels;
        d["hidden"] = s.hidden;
        d["overlapping_pairs"] = s.overlapping_pairs;
        d["overlap_ratio"] = s.overlap_ratio;
        d["node_overlap_ratio"] = s.node_overlap_ratio;
        return d;
      },
      py::arg("representation"));
  m.def(
      "render_layout",
      [](std::uint32_t n, const py::handle& sources, const py::handle& targets, const py::handle& weights,
         const std::string& method, const std::string& options, const py::object& progress) {
        std::size_t count = static_cast<std::size_t>(py::len(sources));
        auto s = to_vector<std::uint32_t>(sources, count, "sources");
        auto t = to_vector<std::uint32_t>(targets, count, "targets");
        render::LayoutGraph lg;
        lg.n = n;
        lg.edges.reserve(count);
        for (std::size_t e = 0; e < count; ++e) lg.edges.emplace_back(s[e], t[e]);
        if (!weights.is_none()) lg.weights = to_vector<double>(weights, count, "weights");
        Json o = Json::parse(options);
        render::Layout out;
        ProgressCallback callback = wrap_progress(progress);
        {
          py::gil_scoped_release release;
          if (method == "force") {
            render::ForceOptions fo;
            fo.seed = get_uint(o, "seed", 0);
            fo.iterations = static_cast<std::uint32_t>(get_uint(o, "iterations", fo.iterations));
            if (const Json* th = o.find("theta")) fo.theta = th->as_double("theta");
            if (const Json* gr = o.find("gravity")) fo.gravity = gr->as_double("gravity");
            if (const Json* th = o.find("threads"); th && !th->is_null()) fo.threads = static_cast<int>(th->as_int("threads"));
            fo.progress = callback;
            out = render::force_directed(lg, fo);
          } else if (method == "kamada_kawai") {
            render::KamadaKawaiOptions ko;
            ko.seed = get_uint(o, "seed", 0);
            out = render::kamada_kawai(lg, ko);
          } else if (method == "concentric") {
            out = render::concentric(lg, static_cast<std::uint32_t>(get_uint(o, "focus", 0)));
          } else {
            throw InvalidInput("unknown layout " + quote(method) + " (expected \"force\", \"kamada_kawai\" or \"concentric\")");
          }
        }
        return py::make_tuple(to_array(out.x), to_array(out.y));
      },
      py::arg("n"), py::arg("sources"), py::arg("targets"), py::arg("weights"), py::arg("method"), py::arg("options"),
      py::arg("progress"));
}

}  // namespace maillage_py
