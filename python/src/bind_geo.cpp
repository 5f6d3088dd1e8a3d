// Bindings of the geography: projections (vectorised), the france-geography dataset, positions
// added to a graph and the geographic map. Loading, projecting and building release the GIL.
#include <functional>

#include "common.hpp"
#include "maillage/datasets/geography.hpp"
#include "maillage/geo/projection.hpp"
#include "maillage/systemic/geo_map.hpp"

namespace maillage_py {

namespace {

using systemic::Json;

std::string opt_text(const Json& o, const char* key, std::string fallback) {
  const Json* v = o.find(key);
  return v && !v->is_null() ? v->as_string(key) : fallback;
}

py::tuple project_arrays(const py::handle& lon, const py::handle& lat, const std::function<geo::XY(geo::LonLat)>& f) {
  const std::size_t n = static_cast<std::size_t>(py::len(lon));
  const auto x_in = to_vector<double>(lon, n, "lon");
  const auto y_in = to_vector<double>(lat, n, "lat");
  std::vector<double> x(n), y(n);
  {
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) {
      const geo::XY p = f({x_in[i], y_in[i]});
      x[i] = p.x;
      y[i] = p.y;
    }
  }
  return py::make_tuple(to_array(x), to_array(y));
}

}  // namespace

void register_geo(py::module_& m) {
  m.def(
      "geo_project",
      [](const std::string& crs, const py::handle& lon, const py::handle& lat) {
        if (!geo::known_crs(crs)) geo::project(crs, {0, 0});  // throws, naming the system
        return project_arrays(lon, lat, [&](geo::LonLat p) { return geo::project(crs, p); });
      },
      py::arg("crs"), py::arg("lon"), py::arg("lat"));
  m.def(
      "geo_utm",
      [](const py::handle& lon, const py::handle& lat, int zone, bool south) {
        geo::utm({0, 0}, zone, south);  // checks the zone
        return project_arrays(lon, lat, [&](geo::LonLat p) { return geo::utm(p, zone, south); });
      },
      py::arg("lon"), py::arg("lat"), py::arg("zone"), py::arg("south"));
  m.def(
      "geo_lambert93_inverse",
      [](const py::handle& x, const py::handle& y) {
        return project_arrays(x, y, [](geo::LonLat p) {
          const geo::LonLat q = geo::lambert93_inverse({p.lon, p.lat});
          return geo::XY{q.lon, q.lat};
        });
      },
      py::arg("x"), py::arg("y"));
  m.def("geo_departement_crs", [](const std::string& d) { return std::string(geo::departement_crs(d)); },
        py::arg("departement"));

  py::class_<datasets::FranceGeography>(m, "FranceGeography")
      .def_property_readonly("points",
                             [](const datasets::FranceGeography& g) {
                               std::vector<std::string> keys, sources, crs;
                               std::vector<double> lon, lat;
                               for (const auto& p : g.points) {
                                 keys.push_back(p.key);
                                 sources.push_back(p.source);
                                 crs.push_back(p.crs);
                                 lon.push_back(p.lon);
                                 lat.push_back(p.lat);
                               }
                               py::dict d;
                               d["key"] = keys;
                               d["lon"] = to_array(lon);
                               d["lat"] = to_array(lat);
                               d["source"] = sources;
                               d["crs"] = crs;
                               return d;
                             })
      .def_property_readonly("outlines",
                             [](const datasets::FranceGeography& g) {
                               py::list out;
                               for (const auto& o : g.outlines) {
                                 py::list polygons;
                                 for (const auto& polygon : o.polygons) {
                                   py::list rings;
                                   for (const auto& ring : polygon) {
                                     py::array_t<double> a({static_cast<py::ssize_t>(ring.size()), py::ssize_t{2}});
                                     auto w = a.mutable_unchecked<2>();
                                     for (std::size_t i = 0; i < ring.size(); ++i) {
                                       w(static_cast<py::ssize_t>(i), 0) = ring[i].lon;
                                       w(static_cast<py::ssize_t>(i), 1) = ring[i].lat;
                                     }
                                     rings.append(a);
                                   }
                                   polygons.append(rings);
                                 }
                                 out.append(py::make_tuple(o.key, o.label, polygons));
                               }
                               return out;
                             })
      .def_property_readonly("metadata", [](const datasets::FranceGeography& g) {
        py::dict d;
        for (const auto& [k, v] : g.metadata) {
          const auto* text = std::get_if<std::string>(&v);
          d[py::str(k)] = text ? *text : to_display(v);
        }
        return d;
      });
  m.def(
      "find_france_geography",
      [](const std::vector<std::string>& extra) {
        return datasets::find_france_geography({extra.begin(), extra.end()}).string();
      },
      py::arg("extra"));
  m.def(
      "load_france_geography",
      [](const std::string& folder) {
        py::gil_scoped_release release;
        return datasets::load_france_geography(folder);
      },
      py::arg("folder"));
  m.def(
      "add_positions",
      [](const Graph& g, const datasets::FranceGeography& geography) {
        py::gil_scoped_release release;
        return datasets::add_positions(g, geography);
      },
      py::arg("graph"), py::arg("geography"));
  m.def(
      "systemic_geo_map",
      [](const Graph& g, const datasets::FranceGeography& geography, const std::string& options) {
        py::gil_scoped_release release;
        const Json o = Json::parse(options);
        systemic::GeoMapOptions a;
        a.color_by = opt_text(o, "color_by", a.color_by);
        a.size_by = opt_text(o, "size_by", a.size_by);
        a.choropleth = opt_text(o, "choropleth", a.choropleth);
        a.value = opt_text(o, "value", a.value);
        a.ties = opt_text(o, "ties", a.ties);
        a.focus = opt_text(o, "focus", a.focus);
        a.programme = opt_text(o, "programme", a.programme);
        a.relation = opt_text(o, "relation", a.relation);
        a.title = opt_text(o, "title", a.title);
        if (const Json* v = o.find("tied_only"); v && !v->is_null()) a.tied_only = v->as_bool("tied_only");
        if (const Json* v = o.find("max_nodes"); v && !v->is_null()) {
          const std::int64_t k = v->as_int("max_nodes");
          if (k < 0) throw InvalidInput("max_nodes must be non-negative, not " + std::to_string(k));
          a.max_nodes = static_cast<std::size_t>(k);
        }
        if (const Json* v = o.find("types"); v && !v->is_null())
          for (const auto& t : v->as_array("types")) a.types.push_back(t.as_string("types"));
        return systemic::to_json(systemic::geo_map(g, geography, a));
      },
      py::arg("graph"), py::arg("geography"), py::arg("options"));
}

}  // namespace maillage_py
