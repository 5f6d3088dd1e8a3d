// The embedded French geography (france_geography), the projections and geo_map. Expected values:
// the projections' defining constants (origins, central meridians), published town-hall
// coordinates; the Python tests check the projections against pyproj on thousands of points.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/datasets/geography.hpp"
#include "maillage/geo/projection.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/geo_map.hpp"

using namespace maillage;

namespace {

const datasets::FranceGeography& geography() {
  static const datasets::FranceGeography g = datasets::france_geography();
  return g;
}

double distance_km(double lon1, double lat1, double lon2, double lat2) {
  const double r = 6371.0, d = M_PI / 180;
  const double a = std::pow(std::sin((lat2 - lat1) * d / 2), 2) +
                   std::cos(lat1 * d) * std::cos(lat2 * d) * std::pow(std::sin((lon2 - lon1) * d / 2), 2);
  return 2 * r * std::asin(std::sqrt(a));
}

}  // namespace

TEST_CASE("Lambert-93 and UTM: defining points and round trips", "[geography]") {
  // The projection's origin (3° E, 46.5° N) is (700,000 m, 6,600,000 m) by definition.
  const geo::XY o = geo::lambert93({3, 46.5});
  CHECK(std::abs(o.x - 700000) < 1e-6);
  CHECK(std::abs(o.y - 6600000) < 1e-6);
  // On the central meridian x stays 700,000 m; north is up.
  CHECK(std::abs(geo::lambert93({3, 49}).x - 700000) < 1e-6);
  CHECK(geo::lambert93({3, 49}).y > geo::lambert93({3, 44}).y);
  for (double lon : {-5.0, 2.35, 9.5})
    for (double lat : {41.3, 46.0, 51.1}) {
      const geo::LonLat back = geo::lambert93_inverse(geo::lambert93({lon, lat}));
      CHECK(std::abs(back.lon - lon) < 1e-9);
      CHECK(std::abs(back.lat - lat) < 1e-9);
    }
  // UTM: the central meridian on the equator is (500,000, 0) north, (500,000, 10,000,000) south.
  const geo::XY u = geo::utm({-63, 0}, 20, false);
  CHECK(std::abs(u.x - 500000) < 1e-6);
  CHECK(std::abs(u.y) < 1e-6);
  CHECK(std::abs(geo::utm({57, 0}, 40, true).y - 10000000) < 1e-6);
  // One degree of latitude along a central meridian at the equator: 110,574.4 m on GRS80, × 0.9996.
  CHECK(std::abs(geo::utm({-63, 1}, 20, false).y - 110574.389 * 0.9996) < 0.5);
  CHECK_THROWS_AS(geo::utm({0, 0}, 61, false), InvalidInput);
  CHECK(test::has(test::thrown<InvalidInput>([] { geo::project("EPSG:4326", {0, 0}); }), "EPSG:4326"));
  CHECK(geo::departement_crs("2A") == "EPSG:2154");
  CHECK(geo::departement_crs("973") == "EPSG:2972");
  CHECK(geo::departement_crs("975").empty());
}

TEST_CASE("france_geography: known positions and outlines", "[geography]") {
  const auto& g = geography();
  CHECK(g.points.size() > 38000);
  struct Known {
    const char* key;
    double lat, lon;  // published town-hall coordinates
  };
  for (const Known& k : {Known{"commune:75056", 48.8566, 2.3522}, Known{"commune:2A004", 41.9192, 8.7386},
                         Known{"commune:97302", 4.9372, -52.3260}, Known{"commune:97611", -12.7806, 45.2278}}) {
    const auto* p = g.point(k.key);
    REQUIRE(p != nullptr);
    REQUIRE(p->known());
    CHECK(distance_km(p->lon, p->lat, k.lon, k.lat) < 2.0);
  }
  CHECK(g.point("commune:97302")->crs == "EPSG:2972");
  CHECK(g.point("commune:97611")->crs == "EPSG:4471");
  CHECK(g.point("commune:2A004")->crs == "EPSG:2154");
  // A commune without geometry in the source is listed, with no position.
  const auto* celles = g.point("commune:15031");
  REQUIRE(celles != nullptr);
  CHECK_FALSE(celles->known());
  CHECK(celles->source == "none");
  CHECK(g.point("petr:nowhere") == nullptr);
  REQUIRE(g.outline("departement:63") != nullptr);
  CHECK(g.outline("departement:63")->label == "Puy-de-Dôme");
  CHECK(g.outline("region:84") != nullptr);
  CHECK(g.outline("pays:FR") != nullptr);
}

TEST_CASE("france_geography: malformed files name the file, line and column", "[geography]") {
  const auto dir = std::filesystem::temp_directory_path() / "maillage-geo-bad";
  std::filesystem::create_directories(dir);
  auto write_gz = [&](const char* name, const std::string& text) {
    const std::string plain = (dir / "plain.txt").string();
    { std::ofstream(plain) << text; }
    REQUIRE(std::system(("gzip -c " + plain + " > " + (dir / name).string()).c_str()) == 0);
  };
  write_gz("points.tsv.gz", "key\tlon\tlat\tsource\tcrs\ncommune:1\t2.5\tabc\tmairie\tEPSG:2154\n");
  write_gz("outlines.tsv.gz", "key\tlabel\tpart\tring\tcoordinates\n");
  const std::string message = test::thrown<InvalidInput>([&] { datasets::load_france_geography(dir); });
  CHECK(test::has(message, "points.tsv.gz:2:"));
  CHECK(test::has(message, "lat is not a number: 'abc'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("geo_map: positions, unknown box, focus errors", "[geography]") {
  GraphBuilder b;
  b.add_node("commune:75056", "territory", {{"label", std::string("Paris")}});
  b.add_node("commune:97302", "territory", {{"label", std::string("Cayenne")}});
  b.add_node("petr:ailleurs", "territory", {{"label", std::string("PETR d'ailleurs")}});
  b.add_node("programme:p", "programme", {{"label", std::string("Programme P")}});
  for (const char* t : {"commune:75056", "commune:97302", "petr:ailleurs"}) b.add_edge(t, "programme:p", "participates_in");
  const Graph graph = b.build();
  systemic::GeoMapOptions o;
  o.color_by = "programme";
  const auto r = systemic::geo_map(graph, geography(), o);
  REQUIRE(r.nodes.size() == 3);
  const auto& paris = r.nodes[r.node_index("commune:75056")];
  const auto& cayenne = r.nodes[r.node_index("commune:97302")];
  const auto& petr = r.nodes[r.node_index("petr:ailleurs")];
  // Paris in the metropolitan frame (right of the insets), Cayenne in the left inset column.
  CHECK(paris.x > 180);
  CHECK(cayenne.x < 170);
  // The unknown one is in the box at the bottom left, never at (0, 0), and listed.
  CHECK(petr.x > 10);
  CHECK(petr.y > r.height / 2);
  REQUIRE(r.metadata.find("unknown") != nullptr);
  CHECK(r.metadata.find("unknown")->as_array().size() == 1);
  CHECK(std::any_of(r.shapes.begin(), r.shapes.end(), [](const auto& s) { return s.key == "departement:63"; }));
  CHECK(render::label_overlap(r).overlapping_pairs == 0);
  // Shapes survive the JSON round trip and reach the SVG.
  CHECK(systemic::from_json(systemic::to_json(r)) == r);
  CHECK(render::to_svg(r).find("data-key=\"departement:63\"") != std::string::npos);
  // Bad input: an unknown focus names the key.
  o.focus = "departement:99";
  CHECK(test::has(test::thrown<NotFound>([&] { systemic::geo_map(graph, geography(), o); }), "departement:99"));
  o.focus = "63";
  CHECK_NOTHROW(systemic::geo_map(graph, geography(), o));
  o.focus.clear();
  o.programme = "programme:nope";
  CHECK_THROWS_AS(systemic::geo_map(graph, geography(), o), NotFound);
}
