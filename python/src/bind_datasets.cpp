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

const char* status_name(datasets::ResolveOutcome::Status s) {
  switch (s) {
    case datasets::ResolveOutcome::Status::found: return "found";
    case datasets::ResolveOutcome::Status::not_found: return "not_found";
    case datasets::ResolveOutcome::Status::ambiguous: return "ambiguous";
    case datasets::ResolveOutcome::Status::invalid: return "invalid";
  }
  return "invalid";
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
            std::vector<datasets::ResolveOutcome> outcomes;
            {
              py::gil_scoped_release release;
              outcomes = r.resolve_all(queries, departements, options_of(departement, kinds));
            }
            const std::size_t n = outcomes.size();
            py::list status(n), key(n), label(n), type(n), scale(n), code(n), dep(n), region(n), epci(n),
                containers(n), matched(n), message(n);
            for (std::size_t i = 0; i < n; ++i) {
              const auto& o = outcomes[i];
              status[i] = py::str(status_name(o.status));
              if (o.territory) {
                const auto& t = *o.territory;
                key[i] = py::str(t.key);
                label[i] = py::str(t.label);
                type[i] = py::str(t.type);
                scale[i] = py::str(t.scale);
                code[i] = py::str(t.code);
                dep[i] = t.departement.empty() ? py::object(py::none()) : py::object(py::str(t.departement));
                region[i] = t.region.empty() ? py::object(py::none()) : py::object(py::str(t.region));
                epci[i] = t.epci.empty() ? py::object(py::none()) : py::object(py::str(t.epci));
                containers[i] = py::cast(t.containers);
                matched[i] = py::str(t.matched_by);
                message[i] = py::none();
              } else {
                for (py::list* column : {&key, &label, &type, &scale, &code, &dep, &region, &epci, &containers, &matched})
                  (*column)[i] = py::none();
                message[i] = py::str(o.message);
              }
            }
            py::dict out;
            out["status"] = status;
            out["key"] = key;
            out["label"] = label;
            out["type"] = type;
            out["scale"] = scale;
            out["code"] = code;
            out["departement"] = dep;
            out["region"] = region;
            out["epci"] = epci;
            out["containers"] = containers;
            out["matched_by"] = matched;
            out["message"] = message;
            return out;
          },
          py::arg("queries"), py::arg("departements"), py::arg("departement"), py::arg("kinds"));

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
