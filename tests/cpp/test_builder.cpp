// GraphBuilder and Graph: row-wise and columnar building, every validation error (each naming what
// is at fault), recovery after a failed build, merge_parallel and metadata.
#include <cmath>
#include <limits>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::thrown;
using std::int64_t;
using std::string;

namespace {

Graph build_ok(const GraphBuilder& b, const BuildOptions& o = {}) { return b.build(o); }

string build_error(const GraphBuilder& b, const BuildOptions& o = {}) {
  return thrown<InvalidInput>([&] { (void)b.build(o); });
}

Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d); }

}  // namespace

TEST_CASE("An empty graph") {
  const Graph g;
  CHECK(g.number_of_nodes() == 0);
  CHECK(g.number_of_edges() == 0);
  CHECK(g.relations().size() == RelationRegistry::builtin().size());
  CHECK(g.scales() == ScaleLadder::french());
  CHECK(g.metadata().empty());
  CHECK_FALSE(g.find("x").has_value());
  const Graph built = GraphBuilder().build();
  CHECK(built.number_of_nodes() == 0);
  CHECK(built.number_of_edges() == 0);
  CHECK_FALSE(built.has_weight_column());
}

TEST_CASE("Building row by row") {
  //   "Faverges-Seythenex" (territory, commune)
  //   "acteur·ices" (person) —cooperates_with→ "Asso" (organisation)      [weight 2.5, 2020 .. 2021-06-30]
  //   "Asso" —funds→ "acteur·ices"                                           [weight 4 (an int), context P1]
  //   "acteur·ices" —located_in→ "Faverges-Seythenex"
  GraphBuilder b;
  b.add_node("Faverges-Seythenex", "territory", {{"label", test::str("Faverges-Seythenex")}, {"scale", test::str("commune")}});
  b.add_node("acteur·ices", "person", {{"family", test::str("elu")}, {"age", test::i64(52)}, {"active", Value{true}}});
  b.add_node("Asso", "organisation", {{"family", test::str("socio_economique")}, {"topics", Value{StringList{"ski", "eau"}}}});
  b.add_node("solo");
  b.add_edge("acteur·ices", "Asso", "cooperates_with",
             {{"weight", test::dbl(2.5)}, {"start", test::str("2020")}, {"end", test::str("2021-06-30")},
              {"provenance", test::str("entretien 3")}});
  b.add_edge("Asso", "acteur·ices", "funds", {{"weight", test::i64(4)}, {"context", test::str("P1")}});
  b.add_edge("acteur·ices", "Faverges-Seythenex", "located_in", {{"weight", test::i64(1)}});
  CHECK(b.pending_nodes() == 4);
  CHECK(b.pending_edges() == 3);
  const Graph g = b.build();

  REQUIRE(g.number_of_nodes() == 4);
  REQUIRE(g.number_of_edges() == 3);
  CHECK(g.key(0) == "Faverges-Seythenex");
  CHECK(g.key(1) == "acteur·ices");
  CHECK(g.id("Asso") == 2);
  CHECK(g.find("acteur·ices") == NodeId{1});
  CHECK_FALSE(g.find("acteur.ices").has_value());
  CHECK(g.kind(0) == "territory");
  CHECK(g.kind(1) == "person");
  CHECK(g.kind(3) == "node");  // add_node's default kind
  CHECK(g.kinds() == std::vector<string>{"territory", "person", "organisation", "node"});
  CHECK(g.kind_id(2) == 2);
  CHECK(g.scale(0) == 1);  // commune
  CHECK(g.scale(1) == no_scale);

  const Table& nodes = g.node_attributes();
  CHECK(nodes.rows() == 4);
  CHECK(std::get<string>(nodes.column("label").get(0)) == "Faverges-Seythenex");
  CHECK(nodes.column("label").is_missing(1));
  const Column& scale = nodes.column("scale");
  CHECK(scale.type() == AttrType::categorical);
  CHECK(scale.ordered());
  CHECK(scale.categories().size() == 10);
  CHECK(scale.categories()[4] == "departement");
  CHECK(std::get<string>(scale.get(0)) == "commune");
  CHECK(scale.is_missing(2));
  CHECK(nodes.column("age").type() == AttrType::int64);
  CHECK(std::get<int64_t>(nodes.column("age").get(1)) == 52);
  CHECK(nodes.column("age").is_missing(0));
  CHECK(std::get<bool>(nodes.column("active").get(1)));
  CHECK(std::get<StringList>(nodes.column("topics").get(2)) == StringList{"ski", "eau"});
  CHECK(std::get<string>(nodes.column("family").get(2)) == "socio_economique");

  CHECK(g.source(0) == 1);
  CHECK(g.target(0) == 2);
  CHECK(g.relation(0).name == "cooperates_with");
  CHECK(g.relation(1).name == "funds");
  CHECK(g.relation_id(2) == g.relations().id("located_in"));
  CHECK(g.has_weight_column());
  CHECK(g.weight(0) == 2.5);
  CHECK(g.weight(1) == 4.0);
  CHECK(g.weights() == std::vector<double>{2.5, 4.0, 1.0});
  CHECK(g.sources() == std::vector<NodeId>{1, 2, 1});
  CHECK(g.targets() == std::vector<NodeId>{2, 1, 0});
  CHECK(g.start(0) == ymd(2020, 1, 1));   // a bare start year: 1 January
  CHECK(g.end(0) == ymd(2021, 6, 30));
  CHECK_FALSE(g.start(1).has_value());
  CHECK_FALSE(g.end(1).has_value());
  REQUIRE(g.context(1) != nullptr);
  CHECK(*g.context(1) == "P1");
  CHECK(g.context(0) == nullptr);
  REQUIRE(g.provenance(0) != nullptr);
  CHECK(*g.provenance(0) == "entretien 3");
  CHECK(g.provenance(2) == nullptr);
  const Table& edges = g.edge_attributes();
  CHECK_FALSE(edges.has("weight"));  // weights live in weights()
  CHECK(edges.column("start").type() == AttrType::date);
  CHECK(edges.column("context").type() == AttrType::string);
  CHECK(g.id("solo") == 3);
}

TEST_CASE("A graph without weights has weight 1 everywhere and no weight column") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b");  // default relation: cooperates_with
  const Graph g = b.build();
  CHECK_FALSE(g.has_weight_column());
  CHECK(g.weight(0) == 1.0);
  CHECK(g.relation(0).name == "cooperates_with");
  CHECK_FALSE(g.relation(0).directed);
}

TEST_CASE("Key lookups that fail are NotFound naming the key") {
  GraphBuilder b;
  b.add_node("a");
  const Graph g = b.build();
  const auto msg = thrown<NotFound>([&] { (void)g.id("Vimy"); });
  CHECK(has(msg, "'Vimy'"));
}

TEST_CASE("Building from columns") {
  //   keys c1 c2 c3 (territories; scale commune, missing, epci; population 100, missing, 2000)
  //   edges c1 — c2 (cooperates_with, weight 1.5, 2019-03-01 .. 2024), c2 → c3 (part_of, weight 2)
  Table node_table;
  node_table.add("scale", test::string_column({"commune", "", "epci"}));
  Column population(AttrType::int64, 3);
  population.set(0, int64_t{100});
  population.set(2, int64_t{2000});
  node_table.add("population", std::move(population));
  GraphBuilder b;
  b.add_nodes({"c1", "c2", "c3"}, {"territory", "territory", "territory"}, std::move(node_table));
  // A second batch without kinds: they take the build's default kind.
  b.add_nodes({"p1", "p2"}, {}, Table());

  Table edge_table;
  edge_table.add("weight", test::double_column({1.5, 2.0}));
  edge_table.add("start", test::string_column({"2019-03-01", ""}));
  edge_table.add("end", test::string_column({"2024", ""}));
  Column hours(AttrType::int64, 2);
  hours.set(0, int64_t{10});
  edge_table.add("hours", std::move(hours));
  b.add_edges({"c1", "c2"}, {"c2", "c3"}, {"cooperates_with", "part_of"}, std::move(edge_table));
  // A batch with the default relation and int64 weights (weights must be given for every edge).
  Table more;
  Column int_weights(AttrType::int64, 0);
  int_weights.push_back(int64_t{3});
  more.add("weight", std::move(int_weights));
  b.add_edges({"p1"}, {"p2"}, {}, std::move(more));
  CHECK(b.pending_nodes() == 5);
  CHECK(b.pending_edges() == 3);

  BuildOptions o;
  o.default_kind = "person";
  const Graph g = b.build(o);
  REQUIRE(g.number_of_nodes() == 5);
  CHECK(g.kind(0) == "territory");
  CHECK(g.kind(3) == "person");
  CHECK(g.scale(0) == 1);
  CHECK(g.scale(1) == no_scale);
  CHECK(g.scale(2) == 2);
  const Column& pop = g.node_attributes().column("population");
  CHECK(pop.size() == 5);
  CHECK(std::get<int64_t>(pop.get(2)) == 2000);
  CHECK(pop.is_missing(1));
  CHECK(pop.is_missing(4));
  REQUIRE(g.number_of_edges() == 3);
  CHECK(g.weights() == std::vector<double>{1.5, 2.0, 3.0});
  CHECK(g.start(0) == ymd(2019, 3, 1));
  CHECK(g.end(0) == ymd(2024, 12, 31));  // a bare end year: 31 December
  CHECK_FALSE(g.start(2).has_value());
  CHECK(g.relation(1).name == "part_of");
  CHECK(g.relation(2).name == "cooperates_with");
  CHECK(std::get<int64_t>(g.edge_attributes().column("hours").get(0)) == 10);
  CHECK(g.edge_attributes().column("hours").is_missing(2));
  CHECK(g.parents(1).size() == 1);
  CHECK(g.parents(1)[0] == 2);
}

TEST_CASE("Columnar and row-wise input mix") {
  GraphBuilder b;
  b.add_node("a", "person", {{"age", test::i64(30)}});
  Table t;
  t.add("age", test::double_column({41.5}));
  t.add("town", test::string_column({"Annecy"}));
  b.add_nodes({"b"}, {"person"}, std::move(t));
  b.add_node("c", "person", {{"town", test::str("Vimy")}});
  const Graph g = b.build();
  const Column& age = g.node_attributes().column("age");
  CHECK(age.type() == AttrType::float64);  // widened by the batch's doubles
  CHECK(std::get<double>(age.get(0)) == 30.0);
  CHECK(std::get<double>(age.get(1)) == 41.5);
  CHECK(age.is_missing(2));
  CHECK(g.node_attributes().column("town").is_missing(0));
  CHECK(std::get<string>(g.node_attributes().column("town").get(2)) == "Vimy");
}

TEST_CASE("int64 attributes widen to double when a double arrives, row by row") {
  GraphBuilder b;
  b.add_node("a", "node", {{"x", test::i64(5)}});
  b.add_node("b", "node", {{"x", test::dbl(2.5)}});
  b.add_node("c", "node", {{"x", test::i64(-1)}});
  b.add_node("d", "node", {{"y", test::dbl(1.0)}});
  b.add_node("e", "node", {{"y", test::i64(3)}});
  const Graph g = b.build();
  const Column& x = g.node_attributes().column("x");
  REQUIRE(x.type() == AttrType::float64);
  CHECK(std::get<double>(x.get(0)) == 5.0);
  CHECK(std::get<double>(x.get(1)) == 2.5);
  CHECK(std::get<double>(x.get(2)) == -1.0);
  CHECK(x.is_missing(3));
  const Column& y = g.node_attributes().column("y");
  CHECK(y.type() == AttrType::float64);
  CHECK(std::get<double>(y.get(4)) == 3.0);
}

TEST_CASE("An attribute of another type is an error at add time naming node and attribute - nothing is added") {
  GraphBuilder b;
  b.add_node("a", "node", {{"age", test::i64(5)}});
  const auto msg = thrown<InvalidInput>([&] { b.add_node("b", "node", {{"new", test::i64(1)}, {"age", test::str("old")}}); });
  CHECK(has(msg, "'b'"));
  CHECK(has(msg, "'age'"));
  CHECK(has(msg, "'old'"));
  CHECK(b.pending_nodes() == 1);
  b.add_node("b", "node", {{"age", test::i64(6)}});
  const Graph g = b.build();
  CHECK(g.number_of_nodes() == 2);
  CHECK_FALSE(g.node_attributes().has("new"));  // the failed row's new column was dropped
  CHECK(std::get<int64_t>(g.node_attributes().column("age").get(1)) == 6);

  CHECK_THROWS_AS(b.add_node("z", "node", {{"", test::i64(1)}}), InvalidInput);
  CHECK(b.pending_nodes() == 2);
}

TEST_CASE("Columnar batches of the wrong size are refused") {
  GraphBuilder b;
  auto msg = thrown<InvalidInput>([&] { b.add_nodes({"a", "b"}, {"person"}, Table()); });
  CHECK(has(msg, "1 kinds for 2 keys"));
  Table t;
  t.add("x", Column(AttrType::int64, 3));
  msg = thrown<InvalidInput>([&] { b.add_nodes({"a", "b"}, {}, t); });
  CHECK(has(msg, "3 attribute rows for 2 keys"));
  msg = thrown<InvalidInput>([&] { b.add_edges({"a", "b"}, {"b"}, {}, Table()); });
  CHECK(has(msg, "1 targets for 2 sources"));
  msg = thrown<InvalidInput>([&] { b.add_edges({"a"}, {"b"}, {"funds", "funds"}, Table()); });
  CHECK(has(msg, "2 relations for 1 sources"));
  msg = thrown<InvalidInput>([&] { b.add_edges({"a"}, {"b"}, {}, t); });
  CHECK(has(msg, "3 attribute rows for 1 edges"));
  CHECK(b.pending_nodes() == 0);
  CHECK(b.pending_edges() == 0);
}

TEST_CASE("A columnar batch that does not fit the existing columns is refused whole") {
  GraphBuilder b;
  b.add_node("a", "node", {{"age", test::i64(5)}});
  Table t;
  t.add("age", test::string_column({"old", "young"}));
  const auto msg = thrown<InvalidInput>([&] { b.add_nodes({"b", "c"}, {}, std::move(t)); });
  CHECK(has(msg, "'age'"));
  CHECK(b.pending_nodes() == 1);
  b.add_node("b", "node", {{"age", test::i64(7)}});
  const Graph g = b.build();
  REQUIRE(g.number_of_nodes() == 2);
  CHECK(g.node_attributes().rows() == 2);
  CHECK(std::get<int64_t>(g.node_attributes().column("age").get(1)) == 7);
}

TEST_CASE("Node key errors name the key") {
  SECTION("empty key") {
    GraphBuilder b;
    b.add_node("a").add_node("");
    const auto msg = build_error(b);
    CHECK(has(msg, "node 1"));
    CHECK(has(msg, "empty key"));
  }
  SECTION("duplicate key") {
    GraphBuilder b;
    b.add_node("Vimy", "territory").add_node("Arras").add_node("Vimy", "person");
    const auto msg = build_error(b);
    CHECK(has(msg, "duplicate node key 'Vimy'"));
  }
  SECTION("invalid UTF-8") {
    GraphBuilder b;
    b.add_node(string("caf\xC3", 4));
    const auto msg = build_error(b);
    CHECK(has(msg, "UTF-8"));
  }
}

TEST_CASE("Unknown endpoints: an error naming the key, or new nodes when asked") {
  GraphBuilder b;
  b.add_node("a", "person");
  b.add_edge("a", "x");
  b.add_edge("y", "x", "supports");
  b.add_edge("a", "z");
  SECTION("error") {
    const auto msg = build_error(b);
    CHECK(has(msg, "unknown target key 'x'"));
    CHECK(has(msg, "edge 0"));
  }
  SECTION("create_missing_nodes, first-seen order, of the default kind") {
    BuildOptions o;
    o.create_missing_nodes = true;
    o.default_kind = "organisation";
    const Graph g = build_ok(b, o);
    REQUIRE(g.number_of_nodes() == 4);
    CHECK(g.key(1) == "x");
    CHECK(g.key(2) == "y");
    CHECK(g.key(3) == "z");
    CHECK(g.kind(0) == "person");
    CHECK(g.kind(2) == "organisation");
    CHECK(g.node_attributes().rows() == 4);
    CHECK(g.source(1) == 2);
    CHECK(g.target(1) == 1);
    CHECK(g.target(2) == 3);
  }
  SECTION("an empty endpoint is an error even when creating nodes") {
    b.add_edge("", "a");
    BuildOptions o;
    o.create_missing_nodes = true;
    const auto msg = build_error(b, o);
    CHECK(has(msg, "empty source key"));
  }
}

TEST_CASE("Unregistered relations are errors naming them - registered ones are accepted") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b", "mentors");
  const auto msg = build_error(b);
  CHECK(has(msg, "unregistered relation 'mentors'"));
  CHECK(has(msg, "cooperates_with"));
  b.add_relation({"mentors", true, RelationCategory::tie});
  CHECK(b.relations().find("mentors").has_value());
  const Graph g = build_ok(b);
  CHECK(g.relation(0).name == "mentors");
  CHECK(g.relation(0).directed);
  CHECK(g.relations().find("mentors").has_value());
  CHECK_THROWS_AS(b.add_relation({"mentors", false, RelationCategory::tie}), InvalidInput);
}

TEST_CASE("An unknown scale is an error naming the node and the scale") {
  GraphBuilder b;
  b.add_node("Annecy", "territory", {{"scale", test::str("commune")}});
  b.add_node("canton d'Annecy", "territory", {{"scale", test::str("canton")}});
  const auto msg = build_error(b);
  CHECK(has(msg, "'canton d'Annecy'"));
  CHECK(has(msg, "unknown scale 'canton'"));
}

TEST_CASE("Reserved attributes of the wrong type are errors naming them") {
  SECTION("label") {
    GraphBuilder b;
    b.add_node("a", "node", {{"label", test::i64(3)}});
    CHECK(has(build_error(b), "'label'"));
  }
  SECTION("scale") {
    GraphBuilder b;
    b.add_node("a", "node", {{"scale", test::i64(3)}});
    CHECK(has(build_error(b), "'scale'"));
  }
  SECTION("weight") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edge("a", "b", "cooperates_with", {{"weight", test::str("heavy")}});
    CHECK(has(build_error(b), "'weight'"));
  }
  SECTION("start") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edge("a", "b", "cooperates_with", {{"start", Value{true}}});
    CHECK(has(build_error(b), "'start'"));
  }
  SECTION("context") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edge("a", "b", "cooperates_with", {{"context", test::i64(1)}});
    CHECK(has(build_error(b), "'context'"));
  }
}

TEST_CASE("Edge dates") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  SECTION("a bad date string is an error naming the edge and the text") {
    const auto msg = thrown<InvalidInput>(
        [&] { b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2024-13-01")}}); });
    CHECK(has(msg, "'2024-13-01'"));
    CHECK(has(msg, "start"));
    CHECK(has(msg, "'a'"));
    CHECK(b.pending_edges() == 0);
    const auto msg2 =
        thrown<InvalidInput>([&] { b.add_edge("a", "b", "cooperates_with", {{"end", test::str("31/12/2024")}}); });
    CHECK(has(msg2, "'31/12/2024'"));
    CHECK(has(msg2, "end"));
  }
  SECTION("a bad date in a column is an error naming the edge and the text") {
    Table t;
    t.add("start", test::string_column({"2020-01-01", "2020-02-30"}));
    // Refused when added, like a single edge's bad date, and the batch is not kept.
    const auto msg = thrown<InvalidInput>([&] { b.add_edges({"a", "a"}, {"b", "b"}, {}, std::move(t)); });
    CHECK(has(msg, "'2020-02-30'"));
    CHECK(has(msg, "start"));
    CHECK(has(msg, "edge 1"));
    CHECK(b.pending_edges() == 0);
    CHECK(b.build().number_of_edges() == 0);
  }
  SECTION("start after end names both days") {
    b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2024-05-01")}, {"end", test::str("2024-04-30")}});
    const auto msg = build_error(b);
    CHECK(has(msg, "2024-05-01"));
    CHECK(has(msg, "2024-04-30"));
    CHECK(has(msg, "after"));
  }
  SECTION("start = end is allowed") {
    b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2024-05-01")}, {"end", test::str("2024-05-01")}});
    CHECK_NOTHROW(b.build());
  }
  SECTION("a year in end means 31 December, in start 1 January; strings, ints and Dates") {
    b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2024")}, {"end", test::str("2024")}});
    b.add_edge("a", "b", "cooperates_with", {{"start", test::i64(2023)}, {"end", test::i64(2023)}});
    b.add_edge("a", "b", "cooperates_with", {{"start", Value{ymd(2022, 3, 4)}}, {"end", Value{ymd(2022, 3, 5)}}});
    const Graph g = b.build();
    CHECK(g.start(0) == ymd(2024, 1, 1));
    CHECK(g.end(0) == ymd(2024, 12, 31));
    CHECK(g.start(1) == ymd(2023, 1, 1));
    CHECK(g.end(1) == ymd(2023, 12, 31));
    CHECK(g.start(2) == ymd(2022, 3, 4));
    CHECK(g.end(2) == ymd(2022, 3, 5));
  }
  SECTION("columns of int64 years") {
    Table t;
    Column s(AttrType::int64, 0), e(AttrType::int64, 0);
    s.push_back(int64_t{2020});
    e.push_back(int64_t{2021});
    t.add("start", std::move(s));
    t.add("end", std::move(e));
    b.add_edges({"a"}, {"b"}, {}, std::move(t));
    const Graph g = b.build();
    CHECK(g.start(0) == ymd(2020, 1, 1));
    CHECK(g.end(0) == ymd(2021, 12, 31));
  }
  SECTION("a year out of range is an error naming it") {
    string msg;
    try {
      b.add_edge("a", "b", "cooperates_with", {{"end", test::i64(0)}});
      msg = build_error(b);
    } catch (const InvalidInput& e) {
      msg = e.what();
    }
    CHECK(has(msg, "year 0"));
  }
}

TEST_CASE("Bare end years mean 31 December however edges are added") {
  // Row-wise and columnar batches may come in any order; the meaning of "2024" in `end` (31
  // December) and in `start` (1 January) must not depend on it.
  Table strings;
  strings.add("start", test::string_column({"2024"}));
  strings.add("end", test::string_column({"2024"}));
  Table years;
  Column ys(AttrType::int64, 0), ye(AttrType::int64, 0);
  ys.push_back(int64_t{2025});
  ye.push_back(int64_t{2025});
  years.add("start", std::move(ys));
  years.add("end", std::move(ye));
  auto check = [](const Graph& g) {
    for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
      INFO("edge " << e);
      REQUIRE(g.start(e).has_value());
      REQUIRE(g.end(e).has_value());
      CHECK(g.start(e)->month() == 1);
      CHECK(g.start(e)->day() == 1);
      CHECK(g.end(e)->month() == 12);
      CHECK(g.end(e)->day() == 31);
    }
  };
  SECTION("row-wise first") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2023")}, {"end", test::str("2023")}});
    b.add_edges({"a"}, {"b"}, {}, strings);
    b.add_edges({"a"}, {"b"}, {}, years);
    const Graph g = b.build();
    REQUIRE(g.number_of_edges() == 3);
    check(g);
  }
  SECTION("columnar first") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edges({"a"}, {"b"}, {}, strings);
    b.add_edge("a", "b", "cooperates_with", {{"start", test::str("2023")}, {"end", test::str("2023")}});
    b.add_edges({"a"}, {"b"}, {}, years);
    const Graph g = b.build();
    REQUIRE(g.number_of_edges() == 3);
    check(g);
  }
  SECTION("int years first") {
    GraphBuilder b;
    b.add_node("a").add_node("b");
    b.add_edges({"a"}, {"b"}, {}, years);
    b.add_edges({"a"}, {"b"}, {}, strings);
    b.add_edge("a", "b", "cooperates_with", {{"start", test::i64(2023)}, {"end", test::i64(2023)}});
    const Graph g = b.build();
    REQUIRE(g.number_of_edges() == 3);
    check(g);
  }
}

TEST_CASE("Weights must be finite, non-negative and given for every edge") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  SECTION("negative") {
    b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(1.0)}});
    b.add_edge("b", "a", "cooperates_with", {{"weight", test::dbl(-0.5)}});
    const auto msg = build_error(b);
    CHECK(has(msg, "edge 1"));
    CHECK(has(msg, "-0.5"));
  }
  SECTION("negative int") {
    b.add_edge("a", "b", "cooperates_with", {{"weight", test::i64(-3)}});
    CHECK(has(build_error(b), "-3"));
  }
  SECTION("infinite") {
    b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(std::numeric_limits<double>::infinity())}});
    const auto msg = build_error(b);
    CHECK(has(msg, "edge 0"));
    CHECK(has(msg, "inf"));
  }
  SECTION("NaN given row by row: refused when added, naming the edge") {
    try {
      b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(std::nan(""))}});
      FAIL("no error");
    } catch (const InvalidInput& e) {
      CHECK(has(e.what(), "edge 0"));
      CHECK(has(e.what(), "nan"));
    }
    CHECK(b.pending_edges() == 0);  // nothing half-added
  }
  SECTION("NaN stored directly in a column") {
    Table t;
    Column w(AttrType::float64, 1);
    w.doubles()[0] = std::nan("");
    w.valid()[0] = 1;
    t.add("weight", std::move(w));
    b.add_edges({"a"}, {"b"}, {}, std::move(t));
    const auto msg = build_error(b);
    CHECK(has(msg, "edge 0"));
    CHECK(has(msg, "nan"));
  }
  SECTION("missing: the weight of an edge given none, 1, and known as not given") {
    b.add_edge("a", "b");
    b.add_edge("b", "a", "cooperates_with", {{"weight", test::dbl(2.0)}});
    const Graph g = b.build();
    CHECK(g.has_weight_column());
    CHECK(g.weight(0) == 1.0);
    CHECK_FALSE(g.weight_given(0));
    CHECK(g.weight(1) == 2.0);
    CHECK(g.weight_given(1));
    ViewOptions o;
    o.weight = "weight";
    CHECK(g.view(o).edge_weight(0) == 3.0);  // the two parallel edges add up: 1 + 2
  }
  SECTION("zero is a weight") {
    b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(0.0)}});
    CHECK(b.build().weight(0) == 0.0);
  }
}

TEST_CASE("part_of rules") {
  // Territories: commune C (commune), epci E (epci), departement D (departement), quartier Q (quartier).
  auto base = [] {
    GraphBuilder b;
    b.add_node("C", "territory", {{"scale", test::str("commune")}});
    b.add_node("E", "territory", {{"scale", test::str("epci")}});
    b.add_node("D", "territory", {{"scale", test::str("departement")}});
    b.add_node("Q", "territory", {{"scale", test::str("quartier")}});
    b.add_node("T", "territory");  // no scale
    b.add_node("Mairie", "organisation", {{"scale", test::str("commune")}});
    return b;
  };
  SECTION("between non-territories: an error naming the node and its kind") {
    GraphBuilder b = base();
    b.add_edge("Mairie", "E", "part_of");
    const auto msg = build_error(b);
    CHECK(has(msg, "'Mairie'"));
    CHECK(has(msg, "organisation"));
    CHECK(has(msg, "territories"));
  }
  SECTION("a child above its parent's scale names both and their scales") {
    GraphBuilder b = base();
    b.add_edge("Q", "C", "part_of");
    b.add_edge("D", "E", "part_of");
    const auto msg = build_error(b);
    CHECK(has(msg, "'D'"));
    CHECK(has(msg, "'E'"));
    CHECK(has(msg, "departement"));
    CHECK(has(msg, "epci"));
  }
  SECTION("a child may share its parent's scale; scale checks need both scales") {
    GraphBuilder b = base();
    b.add_node("C-deleguee", "territory", {{"scale", test::str("commune")}});
    b.add_edge("C-deleguee", "C", "part_of");
    b.add_edge("D", "T", "part_of");
    b.add_edge("T", "Q", "part_of");  // T has no scale: no check either way
    CHECK_NOTHROW(b.build());
  }
  SECTION("a self-loop is a cycle") {
    GraphBuilder b = base();
    b.add_edge("E", "E", "part_of");
    const auto msg = build_error(b);
    CHECK(has(msg, "cycle"));
    CHECK(has(msg, "'E'"));
  }
  SECTION("a cycle is an error listing it") {
    //   X → Q → C → E → T → Q   (T has no scale, so only the cycle rule catches Q → C → E → T → Q)
    //                 E → D       (D sits above the cycle, X below it: neither is on it)
    GraphBuilder b = base();
    b.add_node("X", "territory");
    b.add_edge("X", "Q", "part_of");
    b.add_edge("Q", "C", "part_of");
    b.add_edge("C", "E", "part_of");
    b.add_edge("E", "T", "part_of");
    b.add_edge("T", "Q", "part_of");
    b.add_edge("E", "D", "part_of");
    const auto msg = build_error(b);
    CHECK(has(msg, "part_of cycle"));
    for (const char* key : {"'Q'", "'C'", "'E'", "'T'"}) {
      INFO("key " << key);
      CHECK(has(msg, key));
    }
    CHECK_FALSE(has(msg, "'X'"));  // below the cycle, not on it
    CHECK_FALSE(has(msg, "'D'"));
  }
}

TEST_CASE("A failed build leaves the builder unchanged and usable") {
  GraphBuilder b;
  b.set_metadata("name", test::str("fabrique"));
  b.add_node("a", "person", {{"age", test::i64(1)}});
  b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(2.0)}, {"context", test::str("P")}});
  b.add_edge("b", "a", "knows", {{"weight", test::i64(1)}});
  CHECK(has(build_error(b), "'b'"));
  CHECK(b.pending_nodes() == 1);
  CHECK(b.pending_edges() == 2);
  b.add_node("b", "person");
  CHECK(has(build_error(b), "'knows'"));
  b.add_relation({"knows", false, RelationCategory::tie});
  const Graph g = b.build();
  REQUIRE(g.number_of_nodes() == 2);
  REQUIRE(g.number_of_edges() == 2);
  CHECK(g.weight(0) == 2.0);
  CHECK(g.weight(1) == 1.0);
  CHECK(g.context(1) == nullptr);
  CHECK(*g.context(0) == "P");
  CHECK(g.relation(1).name == "knows");
  CHECK(std::get<int64_t>(g.node_attributes().column("age").get(0)) == 1);
  CHECK(g.node_attributes().column("age").is_missing(1));
  CHECK(std::get<string>(g.metadata().at("name")) == "fabrique");
  // The builder can build again, and graphs are independent of it.
  b.add_node("c");
  CHECK(b.build().number_of_nodes() == 3);
  CHECK(g.number_of_nodes() == 2);
}

TEST_CASE("Progress is reported during a build and may cancel it") {
  GraphBuilder b;
  auto key = [](int i) { return string("n").append(std::to_string(i)); };
  for (int i = 0; i < 10; ++i) b.add_node(key(i));
  for (int i = 0; i < 9; ++i) b.add_edge(key(i), key(i + 1));
  std::uint64_t last_done = 0, total = 0;
  int calls = 0;
  BuildOptions o;
  o.progress = [&](std::string_view stage, std::uint64_t done, std::uint64_t all) {
    CHECK(stage == "build");
    CHECK(done >= last_done);
    last_done = done;
    total = all;
    ++calls;
  };
  const Graph g = b.build(o);
  CHECK(calls >= 2);
  CHECK(total == 10 + 2 * 9);
  CHECK(last_done == total);
  o.progress = [](std::string_view, std::uint64_t done, std::uint64_t) {
    if (done > 0) throw Cancelled();
  };
  CHECK_THROWS_AS(b.build(o), Cancelled);
  CHECK(b.build().number_of_edges() == 9);
}

TEST_CASE("Metadata") {
  GraphBuilder b;
  b.set_metadata("name", test::str("fabrique-2024"));
  b.set_metadata("year", test::i64(2023));
  b.set_metadata("year", test::i64(2024));
  b.set_metadata("sources", Value{StringList{"rapport", "entretiens"}});
  CHECK_THROWS_AS(b.set_metadata("", test::i64(1)), InvalidInput);
  const Graph g = b.build();
  REQUIRE(g.metadata().size() == 3);
  CHECK(std::get<string>(g.metadata().at("name")) == "fabrique-2024");
  CHECK(std::get<int64_t>(g.metadata().at("year")) == 2024);
  CHECK(std::get<StringList>(g.metadata().at("sources")).size() == 2);
  CHECK(g.metadata().begin()->first == "name");  // ordered by name
}

TEST_CASE("merge_parallel") {
  //   a, b, c; weights in powers of two so every sum says which edges it holds.
  //   0: a — b cooperates  w1   [2020-01-01, 2020-12-31]  provenance "first"
  //   1: b — a cooperates  w2   [2022-01-01, 2022-06-30]  provenance "second"   → with 0 (undirected, either order)
  //   2: a → b supports    w4   (no interval)
  //   3: b → a supports    w8                                                     → alone (directed, reversed)
  //   4: a → b supports    w16  [2019-01-01, open)                                → with 2; interval stays open
  //   5: a — b cooperates  w32  context P1                                        → alone (context differs from 0)
  //   6: b — a cooperates  w64  context P1                                        → with 5
  //   7: a — c cooperates  w128 [2021-01-01, open)
  //   8: c — a cooperates  w256 [2020-06-01, 2020-12-31]                          → with 7: [2020-06-01, open)
  //   9: a — c cooperates  w512 context P2 (alone)
  GraphBuilder b;
  b.add_node("a").add_node("b").add_node("c");
  auto edge = [&](const char* s, const char* t, const char* rel, double w, Attributes more) {
    more.emplace_back("weight", w);
    b.add_edge(s, t, rel, more);
  };
  edge("a", "b", "cooperates_with", 1, {{"start", test::str("2020-01-01")}, {"end", test::str("2020-12-31")}, {"provenance", test::str("first")}});
  edge("b", "a", "cooperates_with", 2, {{"start", test::str("2022-01-01")}, {"end", test::str("2022-06-30")}, {"provenance", test::str("second")}});
  edge("a", "b", "supports", 4, {});
  edge("b", "a", "supports", 8, {});
  edge("a", "b", "supports", 16, {{"start", test::str("2019")}});
  edge("a", "b", "cooperates_with", 32, {{"context", test::str("P1")}});
  edge("b", "a", "cooperates_with", 64, {{"context", test::str("P1")}});
  edge("a", "c", "cooperates_with", 128, {{"start", test::str("2021")}});
  edge("c", "a", "cooperates_with", 256, {{"start", test::str("2020-06-01")}, {"end", test::str("2020-12-31")}});
  edge("a", "c", "cooperates_with", 512, {{"context", test::str("P2")}});

  const Graph plain = b.build();
  CHECK(plain.number_of_edges() == 10);

  BuildOptions o;
  o.merge_parallel = true;
  const Graph g = b.build(o);
  REQUIRE(g.number_of_edges() == 6);
  // In the order of each group's first edge: {0,1}, {2,4}, {3}, {5,6}, {7,8}, {9}.
  CHECK(g.weights() == std::vector<double>{3, 20, 8, 96, 384, 512});
  const NodeId a = g.id("a"), bb = g.id("b"), c = g.id("c");
  CHECK(g.sources() == std::vector<NodeId>{a, a, bb, a, a, a});
  CHECK(g.targets() == std::vector<NodeId>{bb, bb, a, bb, c, c});
  CHECK(g.relation(0).name == "cooperates_with");
  CHECK(g.relation(1).name == "supports");
  CHECK(g.relation(2).name == "supports");
  CHECK(g.start(0) == ymd(2020, 1, 1));
  CHECK(g.end(0) == ymd(2022, 6, 30));
  CHECK(*g.provenance(0) == "first");
  CHECK_FALSE(g.start(1).has_value());  // edge 2 has no start: open
  CHECK_FALSE(g.end(1).has_value());
  CHECK(g.context(0) == nullptr);
  CHECK(*g.context(3) == "P1");
  CHECK(g.start(4) == ymd(2020, 6, 1));
  CHECK_FALSE(g.end(4).has_value());  // edge 7 has no end: open
  CHECK(*g.context(5) == "P2");
  CHECK(g.edge_attributes().rows() == 6);
  CHECK(g.has_weight_column());
}

TEST_CASE("merge_parallel without weights counts the merged edges") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b").add_edge("b", "a").add_edge("a", "b").add_edge("a", "a").add_edge("a", "a");
  BuildOptions o;
  o.merge_parallel = true;
  const Graph g = b.build(o);
  REQUIRE(g.number_of_edges() == 2);
  CHECK(g.weights() == std::vector<double>{3, 2});
  CHECK(g.source(1) == g.target(1));
}

TEST_CASE("Graph handles share their data") {
  GraphBuilder b;
  b.add_node("a");
  const Graph g = b.build();
  const Graph copy = g;
  CHECK(&copy.data() == &g.data());
  CHECK(copy.key(0) == "a");
}

TEST_CASE("Coded batches and rows naming one key resolve to one node; a builder given up builds the same graph",
          "[builder]") {
  // add_coded_edges appends its dictionary without hashing it, so "z" and "a" are held under two
  // codes each here; build must still give one node per key, created once when missing.
  GraphBuilder b;
  b.add_node("a", "x");
  b.add_coded_edges({"a", "z"}, {0}, {1}, {}, {}, Table{});
  b.add_coded_edges({"z", "a", "y"}, {0, 2}, {1, 0}, {}, {}, Table{});
  b.add_edge("y", "z");  // a row after coded batches: its keys are looked up among theirs
  b.add_edge("w", "w");
  BuildOptions o;
  o.create_missing_nodes = true;
  const Graph kept = b.build(o);
  const Graph given_up = std::move(b).build(o);
  for (const Graph* g : {&kept, &given_up}) {
    REQUIRE(g->number_of_nodes() == 4);
    CHECK(g->key(0) == "a");
    CHECK(g->key(1) == "z");  // created in first-seen order
    CHECK(g->key(2) == "y");
    CHECK(g->key(3) == "w");
    REQUIRE(g->number_of_edges() == 5);
    const std::vector<std::pair<std::string, std::string>> ends = {{"a", "z"}, {"z", "a"}, {"y", "z"}, {"y", "z"}, {"w", "w"}};
    for (EdgeId e = 0; e < 5; ++e) {
      CHECK(g->key(g->source(e)) == ends[e].first);
      CHECK(g->key(g->target(e)) == ends[e].second);
    }
    CHECK(g->find("z") == NodeId{1});
  }
}
