// The native data package, GEXF and GraphML: round trips keep every value and type (what a
// format cannot hold is named), and malformed files give located errors (a catalogue of cases).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::thrown;

namespace {

namespace fs = std::filesystem;

// A small graph holding every attribute type, missing values, a custom relation, a custom
// ladder, parallel and mixed-direction edges and metadata of every type.
Graph sample(bool custom_ladder = true) {
  RelationRegistry registry = RelationRegistry::builtin();
  registry.add({"produces", true, RelationCategory::tie});
  GraphBuilder b(registry, custom_ladder ? ScaleLadder({{"village", "Village"}, {"vallee", "Vallée"}, {"pays", "Pays"}})
                                         : ScaleLadder::french());
  Table nodes;
  nodes.resize(3);
  Column label(AttrType::string, 3), n(AttrType::int64, 3), x(AttrType::float64, 3), ok(AttrType::boolean, 3),
      day(AttrType::date, 3), tags(AttrType::string_list, 3), scale(AttrType::string, 3);
  label.set(0, std::string("Faverges-Seythenex"));
  label.set(1, std::string("acteur·ices \"4 Fantastiques\" <&>"));
  n.set(0, std::int64_t{-7});
  n.set(2, std::int64_t{9007199254740993});
  x.set(0, 0.1);
  x.set(1, 1e-300);
  ok.set(1, true);
  ok.set(2, false);
  day.set(0, parse_date("2024-02-29"));
  tags.set(0, StringList{"a", "b c"});
  tags.set(2, StringList{"seul"});
  scale.set(0, std::string(custom_ladder ? "village" : "commune"));
  scale.set(1, std::string(custom_ladder ? "pays" : "national"));
  Column cat = Column::categorical({"haut", "bas", "jamais"}, true, 3);
  cat.set(0, std::string("bas"));
  cat.set(2, std::string("haut"));
  nodes.add("label", std::move(label));
  nodes.add("n", std::move(n));
  nodes.add("x", std::move(x));
  nodes.add("ok", std::move(ok));
  nodes.add("day", std::move(day));
  nodes.add("tags", std::move(tags));
  nodes.add("niveau", std::move(cat));
  nodes.add("scale", std::move(scale));
  nodes.add("insee", Column(AttrType::string, 3));
  nodes.column("insee").set(0, std::string("74123"));
  b.add_nodes({"territory:faverges", "person:zoé", "resource:lettre"}, {"territory", "person", "resource"}, std::move(nodes));
  b.add_edge("person:zoé", "resource:lettre", "produces", {{"weight", 2.5}, {"start", std::string("2024")}});
  b.add_edge("person:zoé", "resource:lettre", "produces", {{"context", std::string("programme:x")}});
  b.add_edge("person:zoé", "territory:faverges", "cooperates_with", {{"end", std::string("2024-12-31")}, {"note", std::int64_t{3}}});
  b.set_metadata("title", std::string("Essai"));
  b.set_metadata("count", std::int64_t{465});
  b.set_metadata("ratio", 0.25);
  b.set_metadata("flag", true);
  b.set_metadata("names", StringList{"x", "y"});
  b.set_metadata("when", parse_date("2024-12-31"));
  return b.build();
}

void check_same_structure(const Graph& a, const Graph& b) {
  REQUIRE(a.number_of_nodes() == b.number_of_nodes());
  REQUIRE(a.number_of_edges() == b.number_of_edges());
  for (NodeId v = 0; v < a.number_of_nodes(); ++v) {
    CHECK(a.key(v) == b.key(v));
    CHECK(a.kind(v) == b.kind(v));
    CHECK(a.scale(v) == b.scale(v));
  }
  for (EdgeId e = 0; e < a.number_of_edges(); ++e) {
    CHECK(a.key(a.source(e)) == b.key(b.source(e)));
    CHECK(a.key(a.target(e)) == b.key(b.target(e)));
    CHECK(a.relation(e) == b.relation(e));
    CHECK(a.weight_given(e) == b.weight_given(e));
    CHECK(a.weight(e) == b.weight(e));
    CHECK(a.start(e) == b.start(e));
    CHECK(a.end(e) == b.end(e));
  }
}

// Every column of `a` is in `b` with the same type (or `loose`'s) and values.
void check_columns(const Table& a, const Table& b, const std::vector<std::string>& skip = {},
                   bool categorical_as_string = false, bool date_as_string = false) {
  for (std::size_t c = 0; c < a.columns(); ++c) {
    const std::string& name = a.names()[c];
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    INFO("column " << name);
    REQUIRE(b.has(name));
    const Column& x = a.column(c);
    const Column& y = b.column(name);
    AttrType expected = x.type();
    if (categorical_as_string && expected == AttrType::categorical && name != "scale") expected = AttrType::string;
    if (date_as_string && expected == AttrType::date) expected = AttrType::string;
    CHECK(y.type() == expected);
    for (std::size_t r = 0; r < x.size(); ++r) {
      INFO("row " << r);
      if (y.type() == x.type()) CHECK(x.get(r) == y.get(r));
      else if (x.type() == AttrType::date && !x.is_missing(r))
        CHECK(y.get(r) == Value(std::get<Date>(x.get(r)).iso()));
      else CHECK(to_display(x.get(r)) == to_display(y.get(r)));
    }
  }
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("data package: a round trip keeps every value, type, relation, scale and metadata", "[io][package]") {
  const Graph g = sample();
  const fs::path dir = fs::temp_directory_path() / "maillage-test-package";
  fs::remove_all(dir);
  io::write_package(g, dir.string(), {"essai", "Un essai"});
  for (const char* name : {"datapackage.json", "nodes.csv", "edges.csv"}) CHECK(fs::is_regular_file(dir / name));
  CHECK(io::is_package(dir.string()));
  CHECK(io::is_package((dir / "datapackage.json").string()));
  const Graph h = io::read_package(dir.string());
  check_same_structure(g, h);
  check_columns(g.node_attributes(), h.node_attributes());
  check_columns(g.edge_attributes(), h.edge_attributes());
  CHECK(h.node_attributes().names() == g.node_attributes().names());
  CHECK(h.node_attributes().column("niveau").categories() == std::vector<std::string>{"haut", "bas", "jamais"});
  CHECK(h.node_attributes().column("niveau").ordered());
  CHECK(h.relations().all() == g.relations().all());
  CHECK(h.scales() == g.scales());
  CHECK(h.metadata() == g.metadata());
  // Byte-stable: writing the read graph gives the same files.
  const io::PackageFiles once = io::format_package(g, {"essai", "Un essai"});
  const io::PackageFiles twice = io::format_package(h, {"essai", "Un essai"});
  CHECK(once.descriptor == twice.descriptor);
  CHECK(once.nodes == twice.nodes);
  CHECK(once.edges == twice.edges);
  CHECK(slurp(dir / "datapackage.json") == once.descriptor);
  // In memory, the same.
  const Graph k = io::parse_package(once.descriptor, std::string_view(once.nodes), once.edges);
  check_same_structure(g, k);
  fs::remove_all(dir);
}

TEST_CASE("data package: a list item holding '|' picks another delimiter", "[io][package]") {
  GraphBuilder b;
  b.add_node("a", "node", {{"tags", StringList{"x|y", "z"}}});
  b.add_node("b");
  b.add_edge("a", "b");
  const Graph g = b.build();
  const io::PackageFiles files = io::format_package(g);
  CHECK(files.descriptor.find("\"delimiter\": \";\"") != std::string::npos);
  const Graph h = io::parse_package(files.descriptor, std::string_view(files.nodes), files.edges);
  CHECK(h.node_attributes().column("tags").get(0) == Value(StringList{"x|y", "z"}));
}

TEST_CASE("fabrique-2024 is a data package: read_package reads it whole", "[io][package][fabrique]") {
  const fs::path folder = datasets::find_fabrique_2024();
  const Graph g = io::read_package(folder.string());
  CHECK(g.number_of_nodes() == 564);
  CHECK(g.number_of_edges() == 952);
  CHECK(g.relations().find("produces").has_value());
  CHECK(std::get<std::int64_t>(g.metadata().at("alliance_organisations")) == 465);
  // Written again and read back: the same graph.
  const fs::path dir = fs::temp_directory_path() / "maillage-test-fabrique-package";
  fs::remove_all(dir);
  io::write_package(g, dir.string());
  const Graph h = io::read_package(dir.string());
  check_same_structure(g, h);
  check_columns(g.node_attributes(), h.node_attributes());
  check_columns(g.edge_attributes(), h.edge_attributes());
  CHECK(h.metadata() == g.metadata());
  fs::remove_all(dir);
}

TEST_CASE("GEXF: a whole graph round-trips; categories, date columns, ladder labels and metadata are the named losses", "[io][gexf]") {
  const Graph g = sample(false);
  const std::string text = io::format_gexf(g);
  const Graph h = io::parse_gexf(text);
  REQUIRE(h.number_of_nodes() == g.number_of_nodes());
  REQUIRE(h.number_of_edges() == g.number_of_edges());
  for (NodeId v = 0; v < g.number_of_nodes(); ++v) {
    CHECK(g.key(v) == h.key(v));
    CHECK(g.kind(v) == h.kind(v));
  }
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    CHECK(g.relation(e) == h.relation(e));
    CHECK(g.weight_given(e) == h.weight_given(e));
    CHECK(g.start(e) == h.start(e));
    CHECK(g.end(e) == h.end(e));
  }
  // Losses: categorical → string, a date column other than start/end → string; the ladder is not
  // written (scale ids are: read on the French ladder, a custom ladder's ids are refused),
  // metadata is not written.
  check_columns(g.node_attributes(), h.node_attributes(), {}, true, true);
  CHECK(thrown<InvalidInput>([] { (void)io::parse_gexf(io::format_gexf(sample(true))); }).find("unknown scale 'village'") !=
        std::string::npos);
  check_columns(g.edge_attributes(), h.edge_attributes());
  CHECK(h.metadata().empty());
}

TEST_CASE("GEXF: reads nodes, edges, viz and typed attributes of a Gephi file", "[io][gexf]") {
  const std::string text = R"(<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.3" xmlns:viz="http://www.gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node">
      <attribute id="0" title="population" type="integer"/>
      <attribute id="1" title="tags" type="liststring"/>
      <attribute id="2" title="valid" type="boolean"><default>true</default></attribute>
    </attributes>
    <nodes>
      <node id="a" label="Alpha"><attvalues><attvalue for="0" value="12"/><attvalue for="1" value="x|y"/></attvalues>
        <viz:position x="1.5" y="-2" z="0"/><viz:color r="255" g="0" b="16"/><viz:size value="3"/></node>
      <node id="b" label="Beta"/>
    </nodes>
    <edges>
      <edge id="0" source="a" target="b" weight="2"/>
      <edge id="1" source="a" target="b" type="undirected"/>
    </edges>
  </graph>
</gexf>)";
  const Graph g = io::parse_gexf(text);
  REQUIRE(g.number_of_nodes() == 2);
  REQUIRE(g.number_of_edges() == 2);
  const Table& t = g.node_attributes();
  CHECK(t.column("population").get(0) == Value(std::int64_t{12}));
  CHECK(t.column("population").is_missing(1));
  CHECK(t.column("tags").get(0) == Value(StringList{"x", "y"}));
  CHECK(t.column("valid").get(1) == Value(true));
  CHECK(t.column("viz_x").get(0) == Value(1.5));
  CHECK(t.column("viz_color").get(0) == Value(std::string("#ff0010")));
  CHECK(t.column("label").get(1) == Value(std::string("Beta")));
  CHECK(g.relation(0).name == "links_to");
  CHECK(g.relation(1).name == "cooperates_with");
  CHECK(g.weight(0) == 2.0);
  CHECK_FALSE(g.weight_given(1));
}

TEST_CASE("GraphML: a whole graph round-trips with its registry, ladder and metadata", "[io][graphml]") {
  const Graph g = sample();
  const Graph h = io::parse_graphml(io::format_graphml(g));
  check_same_structure(g, h);
  check_columns(g.node_attributes(), h.node_attributes());
  check_columns(g.edge_attributes(), h.edge_attributes());
  CHECK(h.node_attributes().column("niveau").categories() == std::vector<std::string>{"haut", "bas", "jamais"});
  CHECK(h.node_attributes().column("niveau").ordered());
  CHECK(h.relations().all() == g.relations().all());
  CHECK(h.scales() == g.scales());
  CHECK(h.metadata() == g.metadata());
}

namespace {

struct XmlCase {
  const char* what;
  const char* format;  // "gexf", "graphml" or "package"
  std::string text;
  std::string message;  // expected beginning of the message
};

std::string gexf(const std::string& graph_body, const std::string& graph_attributes = "defaultedgetype=\"directed\"") {
  return "<?xml version=\"1.0\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n<graph " + graph_attributes + ">\n" +
         graph_body + "\n</graph>\n</gexf>\n";
}

std::string graphml(const std::string& keys, const std::string& body, const std::string& edgedefault = "directed") {
  return "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n" + keys +
         "<graph id=\"G\" edgedefault=\"" + edgedefault + "\">\n" + body + "\n</graph>\n</graphml>\n";
}

std::string descriptor(const std::string& edge_fields, const std::string& extra = "") {
  return "{\"resources\": [{\"name\": \"nodes\", \"path\": \"nodes.csv\", \"schema\": {\"fields\": [{\"name\": \"key\"}]}},\n"
         " {\"name\": \"edges\", \"path\": \"edges.csv\", \"schema\": {\"fields\": " + edge_fields + "}}]" + extra + "}";
}

const std::string two_nodes = "<nodes><node id=\"a\"/><node id=\"b\"/></nodes>";
const std::string st = "[{\"name\": \"source\"}, {\"name\": \"target\"}]";

std::vector<XmlCase> xml_catalogue() {
  return {
      {"truncated XML", "gexf", "<?xml version=\"1.0\"?>\n<gexf version=\"1.3\">\n<graph>\n<nodes>", "graph.gexf:4:7: malformed XML: "},
      {"not XML", "gexf", "hello", "graph.gexf:1:6: malformed XML: No document element found"},
      {"mismatched tags", "gexf", "<gexf>\n<graph></nodes>\n</gexf>", "graph.gexf:2:10: malformed XML: Start-end tags mismatch"},
      {"not GEXF", "gexf", "<graphml/>", "graph.gexf:1:1: graphml: the root element is <graphml>, not <gexf>"},
      {"no graph", "gexf", "<gexf version=\"1.3\"><meta/></gexf>", "graph.gexf:1:1: gexf: no <graph> element"},
      {"two graphs", "gexf", "<gexf><graph><nodes/></graph><graph/></gexf>", "graph.gexf:1:30: gexf/graph[2]: a second <graph>"},
      {"bad defaultedgetype", "gexf", gexf(two_nodes, "defaultedgetype=\"sideways\""), "graph.gexf:3:1: gexf/graph: defaultedgetype 'sideways'"},
      {"duplicate node id", "gexf", gexf("<nodes><node id=\"a\"/><node id=\"a\"/></nodes>"),
       "graph.gexf:4:22: gexf/graph/nodes/node[2]: duplicate node id 'a'"},
      {"node without id", "gexf", gexf("<nodes><node label=\"x\"/></nodes>"), "graph.gexf:4:8: gexf/graph/nodes/node: a <node> needs an id"},
      {"edge to an unknown node", "gexf", gexf(two_nodes + "<edges><edge source=\"a\" target=\"c\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: target 'c' is not a node id"},
      {"edge without source", "gexf", gexf(two_nodes + "<edges><edge target=\"a\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: an <edge> needs a source"},
      {"bad weight", "gexf", gexf(two_nodes + "<edges><edge source=\"a\" target=\"b\" weight=\"lourd\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: weight 'lourd' is not a number"},
      {"negative weight", "gexf", gexf(two_nodes + "<edges><edge source=\"a\" target=\"b\" weight=\"-1\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: weight '-1' must be finite and >= 0"},
      {"bad edge type", "gexf", gexf(two_nodes + "<edges><edge source=\"a\" target=\"b\" type=\"both\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: type 'both' is not directed, undirected or mutual"},
      {"unknown attribute type", "gexf", gexf("<attributes class=\"node\"><attribute id=\"0\" title=\"x\" type=\"matrix\"/></attributes>" + two_nodes),
       "graph.gexf:4:26: gexf/graph/attributes/attribute: attribute 'x': unknown type 'matrix'"},
      {"undeclared attvalue", "gexf", gexf("<nodes><node id=\"a\"><attvalues><attvalue for=\"9\" value=\"1\"/></attvalues></node></nodes>"),
       "graph.gexf:4:32: gexf/graph/nodes/node/attvalues/attvalue: unknown attribute '9'"},
      {"value of the wrong type", "gexf",
       gexf("<attributes class=\"node\"><attribute id=\"0\" title=\"n\" type=\"integer\"/></attributes>"
            "<nodes><node id=\"a\"><attvalues><attvalue for=\"0\" value=\"douze\"/></attvalues></node></nodes>"),
       "graph.gexf:4:114: gexf/graph/nodes/node/attvalues/attvalue: attribute 'n': 'douze' is not an integer"},
      {"bad boolean", "gexf",
       gexf("<attributes class=\"node\"><attribute id=\"0\" title=\"ok\" type=\"boolean\"/></attributes>"
            "<nodes><node id=\"a\"><attvalues><attvalue for=\"0\" value=\"peut-être\"/></attvalues></node></nodes>"),
       "graph.gexf:4:115: gexf/graph/nodes/node/attvalues/attvalue: attribute 'ok': 'peut-être' is not a boolean"},
      {"bad date with timeformat date", "gexf", gexf("<nodes><node id=\"a\" start=\"2024-13-01\"/></nodes>", "timeformat=\"date\""),
       "graph.gexf:4:8: gexf/graph/nodes/node: '2024-13-01' is not a date (timeformat date)"},
      {"bad viz colour", "gexf", gexf("<nodes><node id=\"a\"><viz:color r=\"300\" g=\"0\" b=\"0\"/></node></nodes>"),
       "graph.gexf:4:21: gexf/graph/nodes/node/color: r '300' is not an integer from 0 to 255"},
      {"relation both directed and undirected", "gexf",
       gexf(two_nodes + "<edges><edge source=\"a\" target=\"b\" kind=\"cooperates_with\"/></edges>"),
       "graph.gexf:4:51: gexf/graph/edges/edge: relation 'cooperates_with' is undirected but this edge is directed"},
      {"GraphML: truncated", "graphml", "<graphml><graph edgedefault=\"directed\"><node id=\"a\">",
       "graph.graphml:1:52: malformed XML: "},
      {"GraphML: not GraphML", "graphml", "<gexf/>", "graph.graphml:1:1: gexf: the root element is <gexf>, not <graphml>"},
      {"GraphML: duplicate node id", "graphml", graphml("", "<node id=\"a\"/><node id=\"a\"/>"),
       "graph.graphml:4:15: graphml/graph/node[2]: duplicate node id 'a'"},
      {"GraphML: missing endpoint", "graphml", graphml("", "<node id=\"a\"/><edge source=\"a\" target=\"z\"/>"),
       "graph.graphml:4:15: graphml/graph/edge: target 'z' is not a node id"},
      {"GraphML: unknown key", "graphml", graphml("", "<node id=\"a\"><data key=\"d9\">1</data></node>"),
       "graph.graphml:4:14: graphml/graph/node/data: unknown key 'd9'"},
      {"GraphML: wrong type", "graphml",
       graphml("<key id=\"d0\" for=\"node\" attr.name=\"n\" attr.type=\"int\"/>\n", "<node id=\"a\"><data key=\"d0\">x</data></node>"),
       "graph.graphml:5:14: graphml/graph/node/data: key 'n': 'x' is not an integer"},
      {"GraphML: unknown attr.type", "graphml", graphml("<key id=\"d0\" for=\"node\" attr.name=\"n\" attr.type=\"complex\"/>\n", ""),
       "graph.graphml:3:1: graphml/key: key 'd0': unknown attr.type 'complex'"},
      {"GraphML: bad edgedefault", "graphml", graphml("", "", "both"), "graph.graphml:3:1: graphml/graph: edgedefault 'both'"},
      {"GraphML: hyperedge", "graphml", graphml("", "<node id=\"a\"/><hyperedge/>"), "graph.graphml:4:15: graphml/graph/hyperedge: hyperedges are not supported"},
      {"GraphML: nested graph", "graphml", graphml("", "<node id=\"a\"><graph/></node>"),
       "graph.graphml:4:14: graphml/graph/node/graph: nested graphs are not supported"},
      {"GraphML: bad directed", "graphml", graphml("", "<node id=\"a\"/><edge source=\"a\" target=\"a\" directed=\"yes\"/>"),
       "graph.graphml:4:15: graphml/graph/edge: directed 'yes' is not true or false"},
      {"package: invalid JSON", "package", "{\"resources\": [\n  {\"name\": \"edges\",}\n]}", "datapackage.json:2:20: invalid JSON: "},
      {"package: number beyond a double", "package", "{\"title\": \"x8e999\", \"resources\": [],\n \"name\": 8e999}",
       "datapackage.json:2:10: invalid JSON: number overflow parsing '8e999'"},
      {"package: not an object", "package", "[]", "datapackage.json: (root): expected an object"},
      {"package: no edges resource", "package", "{\"resources\": [{\"name\": \"nodes\", \"path\": \"n.csv\"}]}",
       "datapackage.json: resources: no resource named 'edges' (resources: 'nodes')"},
      {"package: unknown field type", "package", descriptor("[{\"name\": \"source\"}, {\"name\": \"target\"}, {\"name\": \"w\", \"type\": \"geopoint\"}]"),
       "datapackage.json: resources[1].schema.fields[2].type: type 'geopoint' is not supported"},
      {"package: duplicate field", "package", descriptor("[{\"name\": \"source\"}, {\"name\": \"source\"}]"),
       "datapackage.json: resources[1].schema.fields[1].name: duplicate field 'source'"},
      {"package: no target field", "package", descriptor("[{\"name\": \"source\"}]"),
       "datapackage.json: resources[1].schema.fields: no field 'target'"},
      {"package: path outside the folder", "package",
       "{\"resources\": [{\"name\": \"edges\", \"path\": \"../secret.csv\", \"schema\": {\"fields\": " + st + "}}]}",
       "datapackage.json: resources[0].path: expected a relative path inside the package's folder"},
      {"package: bad relation category", "package", descriptor(st, ", \"maillage:relations\": [{\"name\": \"x\", \"category\": \"love\"}]"),
       "datapackage.json: maillage:relations[0].category: unknown category 'love'"},
      {"package: relation redefined", "package", descriptor(st, ", \"maillage:relations\": [{\"name\": \"part_of\", \"directed\": false, \"category\": \"nesting\"}]"),
       "datapackage.json: maillage:relations[0]: "},
      {"package: bad metadata type", "package", descriptor(st, ", \"maillage:metadata\": [{\"name\": \"n\", \"type\": \"int64\", \"value\": 1.5}]"),
       "datapackage.json: maillage:metadata[0].value: expected an integer, not 1.5"},
      {"package: duplicate scale", "package", descriptor(st, ", \"maillage:scales\": [\"a\", \"a\"]"), "datapackage.json: maillage:scales: "},
      {"package: bad category list", "package",
       descriptor("[{\"name\": \"source\"}, {\"name\": \"target\"}, {\"name\": \"c\", \"categories\": [\"x\", \"x\"]}]"),
       "datapackage.json: resources[1].schema.fields[2].categories[1]: duplicate category 'x'"},
  };
}

}  // namespace

TEST_CASE("malformed GEXF, GraphML and data packages: located, named errors", "[io][errors]") {
  const auto cases = xml_catalogue();
  CHECK(cases.size() >= 30);
  for (const auto& c : cases) {
    INFO(c.what);
    const std::string format = c.format;
    const std::string message = thrown<InvalidInput>([&] {
      if (format == "gexf") (void)io::parse_gexf(c.text);
      else if (format == "graphml") (void)io::parse_graphml(c.text);
      else (void)io::parse_package(c.text, std::string_view("key\na\nb\n"), "source,target\na,b\n");
    });
    CHECK(message.rfind(c.message, 0) == 0);
    if (message.rfind(c.message, 0) != 0) WARN("got: " << message);
  }
}

TEST_CASE("an invalid JSON descriptor gives a message in valid UTF-8", "[io][errors][package]") {
  // nlohmann-json quotes the bytes it last read, which stop inside the two bytes of 'é' here.
  const std::string message =
      thrown<InvalidInput>([&] { (void)io::parse_package("{\"name\": \xC3\xA9}", std::string_view("key\n"), "source,target\n"); });
  INFO(message);
  CHECK(message.rfind("datapackage.json:1:10: invalid JSON: ", 0) == 0);
  CHECK(message.find("\\xC3") != std::string::npos);
  CHECK(message.find('\xC3') == std::string::npos);  // the cut byte is shown as \xC3, not written raw
}

TEST_CASE("malformed package tables: the CSV reader locates errors against the schema", "[io][errors][package]") {
  const std::string d = descriptor("[{\"name\": \"source\"}, {\"name\": \"target\"}, {\"name\": \"n\", \"type\": \"integer\"}]");
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_package(d, std::string_view("key\na\nb\n"), "source,target,n\na,b,x\n"); }) ==
        "edges.csv:2:5: column 'n': 'x' is not an int64");
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_package(d, std::string_view("key\na\nb\n"), "source,target,n,extra\na,b,1,2\n"); }) ==
        "edges.csv:1:17: column 'extra' is not a field of the table's schema");
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_package(d, std::string_view("key\na\nb\n"), "source,target\na,b\n"); })
            .rfind("edges.csv:1:1: no column 'n' (a field of the table's schema", 0) == 0);
  const std::string c = descriptor("[{\"name\": \"source\"}, {\"name\": \"target\"}, {\"name\": \"c\", \"categories\": [\"x\", \"y\"]}]");
  CHECK(thrown<InvalidInput>([&] { (void)io::parse_package(c, std::string_view("key\na\nb\n"), "source,target,c\na,b,z\n"); }) ==
        "edges.csv:2:5: column 'c': 'z' is not one of its categories ('x', 'y')");
  // No half-written folder: a graph the writer refuses leaves nothing.
  const fs::path dir = fs::temp_directory_path() / "maillage-test-refused-package";
  fs::remove_all(dir);
  GraphBuilder b;
  b.add_node("a", "node", {{"tags", StringList{}}});
  b.add_node("b");
  b.add_edge("a", "b");
  CHECK_THROWS_AS(io::write_package(b.build(), dir.string()), InvalidInput);
  CHECK_FALSE(fs::exists(dir / "datapackage.json"));
  fs::remove_all(dir);
}
