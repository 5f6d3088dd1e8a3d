// The nesting queries (parents, children, ancestors, contains, lowest_common_containers, depth) on
// a hand-drawn French hierarchy.
#include <algorithm>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;

namespace {

//                              pays:FR (national)
//                      ┌───────────┴─────────────────┐
//               region:84 (region)              region:27 (region)
//        ┌──────────┼──────────┐                     │
//  departement:01  departement:74  departement:73  departement:39
//                    │   │   └──┐  ┌──┘   │            │
//                    │   │    epci:A, epci:D (each in 74 and 73)
//                    │ epci:B     │                 epci:C
//                    │   │        ├── commune:74123 (also in departement:74)
//                    │   │        │      └── commune-deleguee:74999 (scale commune, inside it)
//                    │   │        └── commune:73001 (also in departement:73)
//                    │   └── commune:74200 (also in departement:74)
//                    ...                             commune:39100 (in epci:C and departement:39)
//  territoire:geneve has no container; "maire" is a person, outside the hierarchy.
//  commune:74123 → epci:A is given twice (parallel part_of edges count once).
Graph french_hierarchy() {
  GraphBuilder b;
  auto territory = [&](const char* key, const char* scale) {
    b.add_node(key, "territory", {{"scale", test::str(scale)}});
  };
  // Communes first, so ids do not follow the hierarchy.
  territory("commune:74123", "commune");
  territory("commune:73001", "commune");
  territory("commune:74200", "commune");
  territory("commune:39100", "commune");
  territory("commune-deleguee:74999", "commune");
  territory("epci:A", "epci");
  territory("epci:B", "epci");
  territory("epci:C", "epci");
  territory("epci:D", "epci");
  territory("departement:74", "departement");
  territory("departement:73", "departement");
  territory("departement:01", "departement");
  territory("departement:39", "departement");
  territory("region:84", "region");
  territory("region:27", "region");
  territory("pays:FR", "national");
  territory("territoire:geneve", "international");
  b.add_node("maire", "person", {{"scale", test::str("commune")}});
  auto part_of = [&](const char* child, const char* parent) { b.add_edge(child, parent, "part_of"); };
  part_of("region:84", "pays:FR");
  part_of("region:27", "pays:FR");
  for (const char* d : {"departement:74", "departement:73", "departement:01"}) part_of(d, "region:84");
  part_of("departement:39", "region:27");
  part_of("epci:A", "departement:74");
  part_of("epci:A", "departement:73");
  part_of("epci:D", "departement:73");
  part_of("epci:D", "departement:74");
  part_of("epci:B", "departement:74");
  part_of("epci:C", "departement:39");
  part_of("commune:74123", "epci:A");
  part_of("commune:74123", "departement:74");
  part_of("commune:74123", "epci:A");
  part_of("commune:73001", "epci:A");
  part_of("commune:73001", "departement:73");
  part_of("commune:74200", "epci:B");
  part_of("commune:74200", "departement:74");
  part_of("commune:39100", "epci:C");
  part_of("commune:39100", "departement:39");
  part_of("commune-deleguee:74999", "commune:74123");
  b.add_edge("maire", "commune:74123", "represents");
  return b.build();
}

std::vector<NodeId> ids(const Graph& g, std::initializer_list<const char*> keys) {
  std::vector<NodeId> out;
  for (const char* k : keys) out.push_back(g.id(k));
  return out;
}

std::vector<NodeId> sorted_ids(const Graph& g, std::initializer_list<const char*> keys) {
  auto out = ids(g, keys);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<NodeId> as_vector(std::span<const NodeId> s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("parents and children, ascending, parallel part_of edges once") {
  const Graph g = french_hierarchy();
  auto id = [&](const char* k) { return g.id(k); };
  CHECK(as_vector(g.parents(id("commune:74123"))) == sorted_ids(g, {"epci:A", "departement:74"}));
  CHECK(as_vector(g.parents(id("epci:A"))) == sorted_ids(g, {"departement:74", "departement:73"}));
  CHECK(as_vector(g.parents(id("region:84"))) == ids(g, {"pays:FR"}));
  CHECK(g.parents(id("pays:FR")).empty());
  CHECK(g.parents(id("maire")).empty());  // represents is not nesting
  CHECK(as_vector(g.children(id("epci:A"))) == sorted_ids(g, {"commune:74123", "commune:73001"}));
  CHECK(as_vector(g.children(id("departement:74"))) ==
        sorted_ids(g, {"commune:74123", "commune:74200", "epci:A", "epci:B", "epci:D"}));
  CHECK(as_vector(g.children(id("pays:FR"))) == sorted_ids(g, {"region:84", "region:27"}));
  CHECK(as_vector(g.children(id("region:84"))) ==
        sorted_ids(g, {"departement:74", "departement:73", "departement:01"}));
  CHECK(g.children(id("departement:01")).empty());
  CHECK(g.children(id("commune-deleguee:74999")).empty());
  CHECK_THROWS_AS(g.parents(static_cast<NodeId>(g.number_of_nodes())), NotFound);
  CHECK_THROWS_AS(g.children(static_cast<NodeId>(g.number_of_nodes())), NotFound);
}

TEST_CASE("depth is the longest chain up to a root") {
  const Graph g = french_hierarchy();
  auto depth = [&](const char* k) { return g.depth(g.id(k)); };
  CHECK(depth("pays:FR") == 0);
  CHECK(depth("region:84") == 1);
  CHECK(depth("region:27") == 1);
  CHECK(depth("departement:01") == 2);
  CHECK(depth("departement:39") == 2);
  CHECK(depth("epci:A") == 3);
  CHECK(depth("epci:C") == 3);
  CHECK(depth("commune:74123") == 4);  // via epci:A, not via departement:74 directly
  CHECK(depth("commune:39100") == 4);
  CHECK(depth("commune-deleguee:74999") == 5);
  CHECK(depth("territoire:geneve") == 0);
  CHECK(depth("maire") == 0);
}

TEST_CASE("ancestors: every container, nearest first, without repeats") {
  const Graph g = french_hierarchy();
  const auto up = g.ancestors(g.id("commune-deleguee:74999"));
  // Breadth-first: commune:74123; then its parents (ascending ids); then theirs; and so on.
  std::vector<NodeId> expected = ids(g, {"commune:74123"});
  for (NodeId p : sorted_ids(g, {"epci:A", "departement:74"})) expected.push_back(p);
  // Parents of epci:A (id 5) come before parents of departement:74 (id 9): departement:73
  // (departement:74 is already there), then region:84, then pays:FR.
  REQUIRE(g.id("epci:A") < g.id("departement:74"));
  expected.push_back(g.id("departement:73"));
  expected.push_back(g.id("region:84"));
  expected.push_back(g.id("pays:FR"));
  CHECK(up == expected);

  const auto up2 = g.ancestors(g.id("commune:39100"));
  CHECK(std::set<NodeId>(up2.begin(), up2.end()) ==
        std::set<NodeId>{g.id("epci:C"), g.id("departement:39"), g.id("region:27"), g.id("pays:FR")});
  CHECK(up2.size() == 4);
  CHECK(up2.back() == g.id("pays:FR"));
  CHECK(g.ancestors(g.id("pays:FR")).empty());
  CHECK(g.ancestors(g.id("territoire:geneve")).empty());
  CHECK(g.ancestors(g.id("maire")).empty());
}

TEST_CASE("contains is transitive and strict") {
  const Graph g = french_hierarchy();
  auto contains = [&](const char* c, const char* p) { return g.contains(g.id(c), g.id(p)); };
  CHECK(contains("pays:FR", "commune-deleguee:74999"));
  CHECK(contains("pays:FR", "commune:39100"));
  CHECK(contains("region:84", "commune:73001"));
  CHECK(contains("epci:A", "commune-deleguee:74999"));
  CHECK(contains("departement:74", "commune:74123"));
  // commune:73001 lies in epci:A, which spans departement:74: contained transitively.
  CHECK(contains("departement:74", "commune:73001"));
  CHECK(contains("departement:73", "commune:74123"));
  CHECK_FALSE(contains("departement:01", "commune:74123"));
  CHECK_FALSE(contains("region:27", "commune:74123"));
  CHECK_FALSE(contains("epci:B", "commune:74123"));
  CHECK_FALSE(contains("epci:D", "commune:74123"));
  CHECK_FALSE(contains("commune:74123", "epci:A"));  // the wrong way round
  CHECK_FALSE(contains("commune:74123", "commune:74123"));
  CHECK_FALSE(contains("pays:FR", "pays:FR"));
  CHECK_FALSE(contains("pays:FR", "territoire:geneve"));
  CHECK_FALSE(contains("pays:FR", "maire"));
  CHECK_THROWS_AS(g.contains(static_cast<NodeId>(g.number_of_nodes()), 0), NotFound);
}

TEST_CASE("contains agrees with ancestors on every pair") {
  const Graph g = french_hierarchy();
  for (NodeId part = 0; part < g.number_of_nodes(); ++part) {
    const auto up = g.ancestors(part);
    for (NodeId container = 0; container < g.number_of_nodes(); ++container) {
      const bool expected = std::find(up.begin(), up.end(), container) != up.end();
      if (g.contains(container, part) != expected)
        FAIL_CHECK(g.key(container) << " contains " << g.key(part) << ": expected " << expected);
    }
  }
}

TEST_CASE("lowest_common_containers") {
  const Graph g = french_hierarchy();
  auto lcc = [&](const char* a, const char* b) { return g.lowest_common_containers(g.id(a), g.id(b)); };
  CHECK(lcc("commune:74123", "commune:73001") == ids(g, {"epci:A"}));
  CHECK(lcc("commune:74123", "commune:74200") == ids(g, {"departement:74"}));
  // commune:73001 reaches departement:74 through epci:A.
  CHECK(lcc("commune:73001", "commune:74200") == ids(g, {"departement:74"}));
  // Two EPCI spanning the same two départements: two lowest containers.
  CHECK(lcc("epci:A", "epci:D") == sorted_ids(g, {"departement:74", "departement:73"}));
  CHECK(lcc("departement:74", "departement:01") == ids(g, {"region:84"}));
  CHECK(lcc("commune:74200", "commune:39100") == ids(g, {"pays:FR"}));
  CHECK(lcc("commune-deleguee:74999", "commune:74200") == ids(g, {"departement:74"}));
  // One containing the other: the container itself.
  CHECK(lcc("commune-deleguee:74999", "commune:74123") == ids(g, {"commune:74123"}));
  CHECK(lcc("region:27", "commune:39100") == ids(g, {"region:27"}));
  CHECK(lcc("epci:B", "epci:B") == ids(g, {"epci:B"}));
  // Nothing shared.
  CHECK(lcc("territoire:geneve", "commune:74123").empty());
  CHECK(lcc("maire", "commune:74123").empty());
  // Symmetric.
  for (NodeId a = 0; a < g.number_of_nodes(); ++a)
    for (NodeId b = 0; b < g.number_of_nodes(); ++b)
      if (g.lowest_common_containers(a, b) != g.lowest_common_containers(b, a))
        FAIL_CHECK("not symmetric for " << g.key(a) << ", " << g.key(b));
}

TEST_CASE("The nesting of an empty graph and of a graph without part_of") {
  GraphBuilder b;
  b.add_node("x", "territory").add_node("y", "territory");
  b.add_edge("x", "y");
  const Graph g = b.build();
  CHECK(g.parents(0).empty());
  CHECK(g.children(1).empty());
  CHECK(g.depth(0) == 0);
  CHECK(g.ancestors(1).empty());
  CHECK_FALSE(g.contains(0, 1));
  CHECK(g.lowest_common_containers(0, 1).empty());
}
