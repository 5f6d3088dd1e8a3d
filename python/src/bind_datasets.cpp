// Bindings of the embedded datasets (maillage::datasets): the French territorial hierarchy, its
// resolver, and attaching a user's territories to it. Loading, resolving and attaching release
// the GIL.
#include "common.hpp"

namespace maillage_py {
namespace {

std::vector<std::filesystem::path> to_paths(const std::vector<std::string>& dirs) {
  return {dirs.begin(), dirs.end()};
}

py::dict territory_dict(const datasets::Territory& t) {
  py::dict d;
  d["key"] = t.key;
  d["label"] = t.label;
  d["type"] = t.type;
  d["scale"] = t.scale;
  d["code"] = t.code;
  d["departement"] = t.departement;
  d["region"] = t.region;
  d["epci"] = t.epci;
  d["containers"] = t.containers;
  d["matched_by"] = t.matched_by;
  return d;
}

datasets::ResolveOptions options_of(const std::string& departement, const std::vector<std::string>& kinds) {
  datasets::ResolveOptions o;
  o.departement = departement;
  o.kinds = kinds;
  return o;
}

}  // namespace

void register_datasets(py::module_& m) {
  m.def(
      "france_territories_search_path",
      [](const std::vector<std::string>& extra) {
        std::vector<std::string> out;
        for (const auto& p : datasets::france_territories_search_path(to_paths(extra))) out.push_back(p.string());
        return out;
      },
      py::arg("extra"));
  m.def(
      "find_france_territories",
      [](const std::vector<std::string>& extra) { return datasets::find_france_territories(to_paths(extra)).string(); },
      py::arg("extra"));
  m.def(
      "load_france_territories",
      [](const std::string& path) {
        py::gil_scoped_release release;
        return datasets::load_france_territories(path);
      },
      py::arg("path"));
  m.def("normalize_territory_name", &datasets::normalize_territory_name, py::arg("name"));
  m.def("territory_types", [] {
    std::vector<std::string> out(std::begin(datasets::territory_types), std::end(datasets::territory_types));
    return out;
  });

  py::class_<datasets::TerritoryResolver>(m, "TerritoryResolver")
      .def(py::init([](const Graph& g) {
             py::gil_scoped_release release;
             return datasets::TerritoryResolver(g);
           }),
           py::arg("graph"))
      .def("graph", &datasets::TerritoryResolver::graph)
      .def(
          "resolve",
          [](const datasets::TerritoryResolver& r, const std::string& query, const std::string& departement,
             const std::vector<std::string>& kinds) {
            datasets::Territory t;
            {
              py::gil_scoped_release release;
              t = r.resolve(query, options_of(departement, kinds));
            }
            return territory_dict(t);
          },
          py::arg("query"), py::arg("departement"), py::arg("kinds"))
      .def(
          "candidates",
          [](const datasets::TerritoryResolver& r, const std::string& query, const std::string& departement,
             const std::vector<std::string>& kinds) {
            const auto nodes = r.candidates(query, options_of(departement, kinds));
            return keys_list(r.graph(), nodes);
          },
          py::arg("query"), py::arg("departement"), py::arg("kinds"))
      .def("territory", [](const datasets::TerritoryResolver& r, const std::string& key) {
        return territory_dict(r.territory(r.graph().id(key)));
      })
      .def(
          "resolve_all",
          [](const datasets::TerritoryResolver& r, const std::vector<std::string>& queries,
             const std::vector<std::string>& departements, const std::string& departement,
             const std::vector<std::string>& kinds) {
            // Per query: node id (-1 when none), status code (found, not_found, ambiguous,
            // invalid), how it matched (key, code, name; 255 when none), and the message (None
            // when found).
            std::vector<datasets::ResolveOutcome> outcomes;
            {
              py::gil_scoped_release release;
              outcomes = r.resolve_all(queries, departements, options_of(departement, kinds));
            }
            const std::size_t n = outcomes.size();
            std::vector<std::int64_t> nodes(n, -1);
            std::vector<std::uint8_t> status(n), matched(n, 255);
            py::list messages(n);
            for (std::size_t i = 0; i < n; ++i) {
              const auto& o = outcomes[i];
              status[i] = static_cast<std::uint8_t>(o.status);
              if (o.node) {
                nodes[i] = *o.node;
                matched[i] = o.matched_by == "key" ? 0 : o.matched_by == "code" ? 1 : 2;
                messages[i] = py::none();
              } else {
                messages[i] = py::str(o.message);
              }
            }
            return py::make_tuple(to_array(nodes), to_array(status), to_array(matched), messages);
          },
          py::arg("queries"), py::arg("departements"), py::arg("departement"), py::arg("kinds"))
      .def(
          "territory_columns",
          [](const datasets::TerritoryResolver& r, const std::vector<NodeId>& nodes) {
            // The Territory records of some nodes, as columns (empty containers → None).
            const std::size_t n = nodes.size();
            std::vector<datasets::Territory> records(n);
            {
              py::gil_scoped_release release;
              for (std::size_t i = 0; i < n; ++i) {
                if (nodes[i] >= r.graph().number_of_nodes()) throw NotFound("no node id " + std::to_string(nodes[i]));
                records[i] = r.territory(nodes[i]);
              }
            }
            py::list key(n), label(n), type(n), scale(n), code(n), dep(n), region(n), epci(n), containers(n);
            auto text_or_none = [](const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); };
            for (std::size_t i = 0; i < n; ++i) {
              const auto& t = records[i];
              key[i] = py::str(t.key);
              label[i] = py::str(t.label);
              type[i] = py::str(t.type);
              scale[i] = py::str(t.scale);
              code[i] = py::str(t.code);
              dep[i] = text_or_none(t.departement);
              region[i] = text_or_none(t.region);
              epci[i] = text_or_none(t.epci);
              containers[i] = py::cast(t.containers);
            }
            py::dict out;
            out["key"] = key;
            out["label"] = label;
            out["type"] = type;
            out["scale"] = scale;
            out["code"] = code;
            out["departement"] = dep;
            out["region"] = region;
            out["epci"] = epci;
            out["containers"] = containers;
            return out;
          },
          py::arg("nodes"));

  m.def(
      "attach_territories",
      [](const Graph& g, const datasets::TerritoryResolver& r, const std::string& provenance) {
        datasets::AttachOptions o;
        o.provenance = provenance;
        py::gil_scoped_release release;
        return datasets::attach_territories(g, r, o);
      },
      py::arg("graph"), py::arg("resolver"), py::arg("provenance"));
}

}  // namespace maillage_py
