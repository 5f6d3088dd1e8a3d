// Systemic representations: the JSON value, the Representation's lossless JSON form, the builders
// on the fabrique-2024 dataset, determinism of every writer, and label overlaps.
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/interscale.hpp"
#include "maillage/render/labels.hpp"
#include "maillage/render/layout.hpp"
#include "maillage/render/writers.hpp"
#include "maillage/systemic/builders.hpp"
#include "maillage/systemic/json.hpp"
#include "maillage/systemic/representation.hpp"

using namespace maillage;
using namespace maillage::systemic;
using std::string;

namespace {

const Graph& fabrique() {
  static const Graph g = datasets::fabrique_2024();
  return g;
}

std::size_t count(const string& text, const string& part) {
  std::size_t n = 0;
  for (auto p = text.find(part); p != string::npos; p = text.find(part, p + part.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("Json parses and dumps canonically") {
  Json j = Json::parse(R"( {"a": [1, 2.5, -0.0, 1e3, true, null], "é": "x\"y\\z\n\u00e9\ud83d\ude00", "n": {}} )");
  CHECK(j.find("a")->as_array()[0].is_int());
  CHECK(j.find("a")->as_array()[1].as_double() == 2.5);
  CHECK(j.find("a")->as_array()[3].is_double());
  CHECK(j.find("é")->as_string() == "x\"y\\z\né😀");
  CHECK(j.dump() == R"({"a":[1,2.5,-0.0,1000.0,true,null],"é":"x\"y\\z\né😀","n":{}})");
  CHECK(Json::parse(j.dump()) == j);
  CHECK(Json::parse(j.dump(2)) == j);
  // Shortest round-trip doubles.
  for (double v : {0.1, 1.0 / 3.0, 1e-300, 123456789.125, -2.5e17}) {
    Json d(v);
    CHECK(Json::parse(d.dump()).as_double() == v);
  }
}

TEST_CASE("Json refuses malformed text with its position") {
  CHECK(test::has(test::thrown<InvalidInput>([] { Json::parse("{\"a\":1,}"); }), "json:1:8"));
  CHECK(test::has(test::thrown<InvalidInput>([] { Json::parse("[1,\n 2"); }), "json:2:3"));
  CHECK(test::has(test::thrown<InvalidInput>([] { Json::parse("{\"a\":1,\"a\":2}"); }), "duplicate key 'a'"));
  CHECK(test::has(test::thrown<InvalidInput>([] { Json::parse("\"\\ud800\""); }), "surrogate"));
  CHECK_THROWS_AS(Json::parse("01"), InvalidInput);
  CHECK(test::has(test::thrown<InvalidInput>([] { Json::parse("1e999"); }), "out of range"));
  CHECK(Json::parse("1.5e-400").as_double() == 0.0);  // underflow reads as zero, as in Python
  CHECK_THROWS_AS(Json::parse("tru"), InvalidInput);
}

namespace {

// True when `text` is well-formed UTF-8 (an error message must never hold a lone byte).
bool well_formed_utf8(const string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

string parse_error(const string& text) {
  return test::thrown<InvalidInput>([&] { Json::parse(text); });
}

}  // namespace

TEST_CASE("Json errors are located in characters and stay readable") {
  // A non-ASCII character where a value is expected: named whole, not as a lone byte.
  for (const string text : {"é", "[1, é]", "{\"a\": ü}", "€", "😀"}) {
    const string message = parse_error(text);
    CAPTURE(message);
    CHECK(well_formed_utf8(message));
  }
  CHECK(test::has(parse_error("é"), "json:1:1: "));
  CHECK(test::has(parse_error("é"), "'é'"));
  CHECK(test::has(parse_error("[1, é]"), "json:1:5: "));
  // Columns count characters: "é" is two bytes, one column.
  CHECK(test::has(parse_error("{\"é\":1,}"), "json:1:8: "));
  CHECK(test::has(parse_error("[\"ééé\",\n \"ü\" x]"), "json:2:6: "));
  // Ill-formed UTF-8: named where its sequence starts, inside or outside strings.
  CHECK(parse_error("{\"a\":\"x\xff\"}").rfind("json:1:8: invalid UTF-8 (byte 0xFF)", 0) == 0);
  CHECK(parse_error("[\"\xc3(\"]").rfind("json:1:3: invalid UTF-8 (byte 0xC3)", 0) == 0);
  CHECK(parse_error("[1,\n\x80]").rfind("json:2:1: invalid UTF-8 (byte 0x80)", 0) == 0);
  CHECK(parse_error("\"\xed\xa0\x80\"").rfind("json:1:2: invalid UTF-8 (byte 0xED)", 0) == 0);  // a surrogate
  CHECK(parse_error("\"\xc0\xaf\"").rfind("json:1:2: invalid UTF-8 (byte 0xC0)", 0) == 0);      // overlong
  for (const string text : {"{\"a\":\"x\xff\"}", "[\"\xc3(\"]", "\xe9"}) CHECK(well_formed_utf8(parse_error(text)));
  // Duplicate keys: located at the repeated key, in small and large objects, escapes included.
  CHECK(parse_error("{\"a\":1,\n  \"a\":2}").rfind("json:2:3: duplicate key 'a'", 0) == 0);
  CHECK(parse_error("{\"a\\\"b\":1, \"a\\\"b\":[]}").rfind("json:1:12: duplicate key 'a\"b'", 0) == 0);
  string large = "{";
  for (int i = 0; i < 40; ++i) large += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  large += "\"k17\":0}";
  CHECK(parse_error(large).rfind("json:1:" + std::to_string(large.size() - 7) + ": duplicate key 'k17'", 0) == 0);
  CHECK(Json::parse(large.substr(0, large.size() - 8) + "\"k40\":0}").as_object().size() == 41);
  // The same key in two objects is not a duplicate.
  CHECK(Json::parse(R"([{"a":1},{"a":2}])").as_array().size() == 2);
  // Numbers: overflow located at the number, integers beyond int64 become doubles.
  CHECK(parse_error("[1,\n -1e999]").rfind("json:2:2: number out of range", 0) == 0);
  CHECK(Json::parse("9223372036854775807").is_int());
  CHECK(Json::parse("-9223372036854775808").as_int() == std::numeric_limits<std::int64_t>::min());
  CHECK(Json::parse("18446744073709551615").is_double());
  CHECK(Json::parse("18446744073709551615").as_double() == 18446744073709551615.0);
  CHECK(Json::parse("-0").is_int());
  // Structure: trailing text, truncation, comments, control characters, depth.
  CHECK(test::has(parse_error("{} {}"), "json:1:4: "));
  CHECK(test::has(parse_error("{\"a\":"), "json:1:6: "));
  CHECK_THROWS_AS(Json::parse("[1] // note"), InvalidInput);
  CHECK(test::has(parse_error("[\"a\nb\"]"), "json:1:"));
  CHECK(well_formed_utf8(parse_error("[\"a\nb\"]")));
  CHECK(test::has(parse_error(string(600, '[')), "nesting too deep"));
  CHECK(Json::parse(string(500, '[') + string(500, ']')).is_array());
  // A source names the file.
  CHECK(test::thrown<InvalidInput>([] { Json::parse("[1,", "carte.json"); }).rfind("carte.json:1:4: ", 0) == 0);
}

TEST_CASE("Representation JSON round trip is lossless") {
  Representation r;
  r.title = "Carte — acteur·ices « test »";
  r.notes = {"note 1", "ligne\nsuivante"};
  r.metadata.set("seed", std::int64_t{42});
  r.metadata.set("ratio", 0.1);
  r.metadata.set("list", Json(Json::Array{Json("a"), Json(nullptr)}));
  Node a;
  a.key = "a";
  a.label = "Élu·e A";
  a.x = 1.0 / 3.0;
  a.y = 1e-7;
  a.tooltip = {{"rôle", "maire"}};
  Node b = a;
  b.key = "b";
  b.shape = "square";
  r.nodes = {a, b};
  Edge e;
  e.source = "a";
  e.target = "b";
  e.relation = "supports";
  e.directed = true;
  e.style = "dashed";
  r.edges = {e};
  r.groups = {Group{"elu", "Élu·es", "#0072B2", "circle"}};
  r.legend = {LegendEntry{"Élu·es", "circle", "#0072B2", "elu"}};
  r.axes = {Axis{0, 1, 2, 3, "influence", {{0.5, "moyenne"}}}};
  r.bands = {Band{"horizontal", 10, 20, "Commune", "#eeeeee"}};
  r.rects = {Rect{1, 2, 3, 4, "#ff0000", 0.5, "case"}};
  r.annotations = {Annotation{5, 6, "texte", "middle", 12, "#000000"}};
  string text = to_json(r);
  Representation back = from_json(text);
  CHECK(back == r);
  CHECK(to_json(back) == text);
  CHECK(from_json(to_json(r, 2)) == r);
  CHECK(test::has(test::thrown<InvalidInput>([&] { from_json(R"({"nodes":[{"key":"a","colr":"#000"}]})"); }),
                  "unknown field 'colr'"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { from_json(R"({"width":"wide"})"); }), "width"));
  CHECK(test::thrown<InvalidInput>([&] { from_json(R"({"nodes":[{"key":"a"},{"key":"b","colr":"#000"}]})"); }) ==
        "nodes[1]: unknown field 'colr'");
  CHECK(test::thrown<InvalidInput>([&] { from_json(R"({"nodes":[{"key":"a","colr":"#000"}]})", "carte.json"); }) ==
        "carte.json: nodes[0]: unknown field 'colr'");
  CHECK(test::thrown<InvalidInput>([&] { from_json("{\"title\":\"x\",\n\"title\":\"y\"}", "carte.json"); }) ==
        "carte.json:2:1: duplicate key 'title'");
  Representation bad = r;
  bad.edges[0].target = "zz";
  CHECK(test::has(test::thrown<InvalidInput>([&] { bad.validate(); }), "'zz'"));
}

TEST_CASE("Actor map of a cohort on fabrique-2024") {
  ActorMapOptions o;
  o.focus = "programme:cohorte-occitanie";
  auto r = actor_map(fabrique(), o);
  REQUIRE(r.nodes.size() > 10);
  r.validate();
  CHECK(r.nodes[r.node_index("programme:cohorte-occitanie")].label == "Cohorte Occitanie");
  for (const auto& n : r.nodes) {
    CHECK(n.x >= 0);
    CHECK(n.x <= r.width);
    CHECK(n.y >= 0);
    CHECK(n.y <= r.height);
  }
  for (const auto& e : r.edges) CHECK(e.relation != "part_of");
  auto stats = render::label_overlap(r);
  CHECK(stats.overlapping_pairs == 0);
  CHECK(stats.overlap_ratio < 0.01);
  CHECK(stats.labels >= r.nodes.size() / 2);
  // Same seed, same bytes; another seed moves nodes.
  auto again = actor_map(fabrique(), o);
  CHECK(to_json(again) == to_json(r));
  CHECK(render::to_svg(again) == render::to_svg(r));
  CHECK(render::to_gexf(again) == render::to_gexf(r));
  CHECK(render::to_dot(again) == render::to_dot(r));
  CHECK(render::to_html(again) == render::to_html(r));
  CHECK(render::to_kumu(again).dump() == render::to_kumu(r).dump());
  o.seed = 7;
  auto other = actor_map(fabrique(), o);
  CHECK(to_json(other) != to_json(r));
}

TEST_CASE("Writers carry every node and edge") {
  ActorMapOptions o;
  o.focus = "programme:cohorte-grand-est";
  auto r = actor_map(fabrique(), o);
  string svg = render::to_svg(r);
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(count(svg, "<g class=\"node\"") == r.nodes.size());
  CHECK(count(svg, "<line class=\"edge") == r.edges.size());
  CHECK(test::has(svg, "Élu·es"));
  string gexf = render::to_gexf(r);
  CHECK(count(gexf, "<node id=") == r.nodes.size());
  CHECK(count(gexf, "<edge id=") == r.edges.size());
  string dot = render::to_dot(r);
  CHECK(count(dot, " -> ") - count(dot, "[style=invis]") == r.edges.size());
  CHECK(count(dot, "xlabel=") == r.nodes.size());  // each label once, beside its mark
  CHECK(count(dot, "[label=\"\", xlabel=") == r.nodes.size());
  Json kumu = render::to_kumu(r);
  CHECK(kumu.find("elements")->as_array().size() == r.nodes.size());
  CHECK(kumu.find("connections")->as_array().size() == r.edges.size());
  string html = render::to_html(r);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(!test::has(html, "http://") == false);  // the SVG namespace only
  CHECK(!test::has(html, "<script src"));
  CHECK(!test::has(html, "https://"));
}

TEST_CASE("Inter-scale map classifies ties by the scales of their ends") {
  InterscaleMapOptions o;
  o.focus = "programme:cohortes-regionales";
  auto r = interscale_map(fabrique(), o);
  r.validate();
  const auto& g = fabrique();
  // Oracle: the inter-scale module's resolved scales (own scale, else the territory represented or
  // located in) and the relation categories.
  const maillage::algo::ScaleResolver resolver(g);
  std::size_t vertical = 0, missing = 0;
  for (const auto& e : r.edges) {
    if (e.kind == "missing") {
      ++missing;
      continue;
    }
    auto a = resolver.scales()[g.id(e.source)], b = resolver.scales()[g.id(e.target)];
    const auto category = g.relations()[*g.relations().find(e.relation)].category;
    if (e.relation == "part_of") {
      CHECK(e.kind == "guide");
    } else if (category != RelationCategory::tie) {
      CHECK(e.kind == "affiliation");
    } else if (a == no_scale || b == no_scale) {
      CHECK(e.kind == "unscaled");
    } else if (a != b) {
      CHECK(e.kind == "vertical");
      ++vertical;
    } else {
      CHECK(e.kind == "horizontal");
    }
  }
  CHECK(vertical > 0);
  CHECK(r.metadata.find("vertical")->as_int() == static_cast<std::int64_t>(vertical));
  CHECK(r.metadata.find("missing")->as_int() == static_cast<std::int64_t>(missing));
  // Missing vertical links: exactly the module's pairs (every territory with a tie, paths of two
  // ties) whose two ends are on the map, drawn dashed.
  maillage::ViewOptions ties;
  ties.relations = {"tie"};
  const auto links = maillage::algo::missing_vertical_links(g.view(ties), resolver);
  auto check_missing = [&](const Representation& map) {
    std::set<string> on_map;
    for (const auto& node : map.nodes) on_map.insert(node.key);
    std::set<std::pair<string, string>> expected, drawn;
    for (std::size_t k = 0; k < links.territory.size(); ++k) {
      const auto& t = g.key(links.territory[k]);
      const auto& c = g.key(links.container[k]);
      if (on_map.count(t) && on_map.count(c)) expected.emplace(t, c);
    }
    for (const auto& e : map.edges)
      if (e.kind == "missing") {
        CHECK(e.style == "dashed");
        drawn.emplace(e.source, e.target);
      }
    CHECK(drawn == expected);
    return drawn.size();
  };
  check_missing(r);
  InterscaleMapOptions grand_est;
  grand_est.focus = "programme:cohorte-grand-est";
  // The two Alsace PETR without a tie to the Collectivité européenne d'Alsace, among others.
  CHECK(check_missing(interscale_map(g, grand_est)) >= 2);
  // Higher levels sit higher (smaller y): nodes sit in the band of their own scale.
  for (const auto& e : r.edges) {
    if (e.kind != "vertical" && e.kind != "guide") continue;
    auto a = g.scale(g.id(e.source)), b = g.scale(g.id(e.target));
    if (a == no_scale || b == no_scale) continue;
    const auto& na = r.nodes[r.node_index(e.source)];
    const auto& nb = r.nodes[r.node_index(e.target)];
    if (a > b) CHECK(na.y < nb.y);
    if (a < b) CHECK(na.y > nb.y);
  }
  CHECK(!r.bands.empty());
  CHECK(render::label_overlap(r).overlapping_pairs == 0);
}

TEST_CASE("Ego and programme maps") {
  auto ego = ego_map(fabrique(), "organisation:fabrique-des-transitions");
  ego.validate();
  const auto& centre = ego.nodes[ego.node_index("organisation:fabrique-des-transitions")];
  // Everyone is a neighbour of the centre at radius 1: one ring around it.
  for (const auto& n : ego.nodes) {
    if (n.key == centre.key) continue;
    CHECK(std::hypot(n.x - centre.x, n.y - centre.y) > 10);
  }
  auto p = programme_map(fabrique(), "programme:cohorte-occitanie");
  p.validate();
  CHECK(p.nodes.size() > 5);
  CHECK(test::has(test::thrown<InvalidInput>([] { programme_map(fabrique(), "pays:FR"); }), "not a programme"));
  CHECK_THROWS_AS(ego_map(fabrique(), "nobody"), NotFound);
  ActorMapOptions bad_size;
  bad_size.size_by = "colour";
  CHECK(test::has(test::thrown<InvalidInput>([&] { actor_map(fabrique(), bad_size); }), "size_by 'colour'"));
  ActorMapOptions bad_layout;
  bad_layout.layout = "spiral";
  CHECK(test::has(test::thrown<InvalidInput>([&] { actor_map(fabrique(), bad_layout); }), "unknown layout 'spiral'"));
}

TEST_CASE("Every layout of the actor map is deterministic") {
  for (const char* layout : {"force", "kamada_kawai", "concentric", "sectors"}) {
    ActorMapOptions o;
    o.focus = "programme:cohorte-occitanie";
    o.layout = layout;
    auto a = actor_map(fabrique(), o);
    auto b = actor_map(fabrique(), o);
    CHECK(render::to_svg(a) == render::to_svg(b));
    CHECK(render::label_overlap(a).overlapping_pairs == 0);
  }
}
