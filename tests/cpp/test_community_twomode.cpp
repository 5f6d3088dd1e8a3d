// algo::bipartite_projection and algo::disparity_backbone on hand-drawn cases: every weighting by
// hand, attributes kept, the threshold, thread-count independence, errors; disparity p-values
// against the closed form.
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/backbone.hpp"
#include "maillage/algo/bipartite.hpp"

using namespace maillage;
using std::string;

namespace {

// Actors x, y, z, w; events e1 {x, y, z} (x twice), e2 {x, y}, e3 {w}.
Graph two_mode() {
  GraphBuilder b;
  for (const char* k : {"x", "y", "z", "w"}) b.add_node(k, "person", {{"scale", test::str("commune")}, {"label", test::str(k)}});
  for (const char* k : {"e1", "e2", "e3"}) b.add_node(k, "event");
  b.add_edge("x", "e1", "participates_in").add_edge("x", "e1", "participates_in").add_edge("y", "e1", "participates_in");
  b.add_edge("z", "e1", "participates_in").add_edge("x", "e2", "participates_in").add_edge("y", "e2", "participates_in");
  b.add_edge("w", "e3", "participates_in").add_edge("x", "y", "cooperates_with");
  return b.build();
}

std::map<std::pair<string, string>, std::pair<double, std::int64_t>> ties(const Graph& p) {
  std::map<std::pair<string, string>, std::pair<double, std::int64_t>> out;
  const auto& shared = p.edge_attributes().column("shared");
  for (EdgeId e = 0; e < p.number_of_edges(); ++e) {
    REQUIRE(p.relation(e).name == "co_participates");
    auto a = p.key(p.source(e)), b = p.key(p.target(e));
    if (b < a) std::swap(a, b);
    out[{a, b}] = {p.weight(e), shared.ints()[e]};
  }
  return out;
}

}  // namespace

TEST_CASE("Bipartite projection: every weighting by hand") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;
  o.kind = "person";
  auto t = ties(algo::bipartite_projection(g, o));
  REQUIRE(t.size() == 3);
  CHECK(t[{"x", "y"}] == std::make_pair(2.0, std::int64_t{2}));
  CHECK(t[{"x", "z"}] == std::make_pair(1.0, std::int64_t{1}));
  CHECK(t[{"y", "z"}] == std::make_pair(1.0, std::int64_t{1}));
  o.weighting = algo::ProjectionWeighting::newman;  // e1: 3 members → 1/2; e2: 2 → 1
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "y"}].first == Approx(1.5));
  CHECK(t[{"x", "z"}].first == Approx(0.5));
  o.weighting = algo::ProjectionWeighting::jaccard;  // N(x) = N(y) = {e1, e2}, N(z) = {e1}
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "y"}].first == Approx(1.0));
  CHECK(t[{"x", "z"}].first == Approx(0.5));
  o.weighting = algo::ProjectionWeighting::overlap;
  t = ties(algo::bipartite_projection(g, o));
  CHECK(t[{"x", "z"}].first == Approx(1.0));
  o.weighting = algo::ProjectionWeighting::count;
  o.min_weight = 2;
  t = ties(algo::bipartite_projection(g, o));
  REQUIRE(t.size() == 1);
  CHECK(t.count({"x", "y"}) == 1);
}

TEST_CASE("Bipartite projection keeps the projected nodes and their attributes, whatever the threads") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;  // default: the sources of participates_in
  const Graph p = algo::bipartite_projection(g, o);
  REQUIRE(p.number_of_nodes() == 4);
  CHECK(p.key(0) == "x");
  CHECK(p.key(3) == "w");  // isolated in the projection, kept
  CHECK(p.kind(3) == "person");
  CHECK(p.scales()[p.scale(3)].id == "commune");
  CHECK(p.node_attributes().column("label").get(1) == test::str("y"));
  o.threads = 1;
  const auto one = ties(algo::bipartite_projection(g, o));
  o.threads = 3;
  CHECK(ties(algo::bipartite_projection(g, o)) == one);
  o.nodes = std::vector<string>{"z", "x"};
  const Graph q = algo::bipartite_projection(g, o);
  CHECK(q.key(0) == "z");
  CHECK(q.number_of_edges() == 1);
}

TEST_CASE("Bipartite projection errors name what is at fault") {
  const Graph g = two_mode();
  algo::ProjectionOptions o;
  o.kind = "robot";
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "'robot'"));
  o.kind.reset();
  o.nodes = std::vector<string>{"x", "nobody"};
  CHECK(test::has(test::thrown<NotFound>([&] { algo::bipartite_projection(g, o); }), "'nobody'"));
  o.nodes.reset();
  o.relations = {"cooperates_with"};
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "undirected"));
  o.relations = {"participates_in"};
  o.min_weight = -1;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::bipartite_projection(g, o); }), "min_weight"));
}

TEST_CASE("Disparity filter p-values follow the closed form") {
  // Star a–b (w 10), a–c (1), a–d (1), and c–d (1): strengths a 12, b 10, c 2, d 2.
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d"}) b.add_node(k);
  b.add_edge("a", "b", "cooperates_with", {{"weight", test::dbl(10)}});
  b.add_edge("a", "c", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("a", "d", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("c", "d", "cooperates_with", {{"weight", test::dbl(1)}});
  b.add_edge("b", "b", "cooperates_with", {{"weight", test::dbl(4)}});
  ViewOptions vo;
  vo.weight = "weight";
  const View v = b.build().view(vo);
  algo::BackboneOptions o;
  o.alpha = 0.2;
  const auto r = algo::disparity_backbone(v, o);
  for (std::size_t e = 0; e < v.number_of_edges(); ++e) {
    const auto s = v.key(v.edge_source(e)), t = v.key(v.edge_target(e));
    if (s == "a" && t == "b") {
      CHECK(r.p_source[e] == Approx(std::pow(1 - 10.0 / 12, 2)));  // k_a = 3
      CHECK(r.p_target[e] == Approx(1.0));                         // k_b = 1 (self-loop left out)
      CHECK(r.kept[e] == 1);
    } else if (s == "a" && t == "c") {
      CHECK(r.p_source[e] == Approx(std::pow(1 - 1.0 / 12, 2)));
      CHECK(r.p_target[e] == Approx(0.5));  // (1 − 1/2)^1
      CHECK(r.p_value[e] == Approx(0.5));
      CHECK(r.kept[e] == 0);
    } else if (s == "b" && t == "b") {
      CHECK(r.p_value[e] == 1.0);
      CHECK(r.kept[e] == 0);
    }
  }
  CHECK(r.kept_count() == 1);
  o.alpha = 2;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::disparity_backbone(v, o); }), "alpha"));
}

TEST_CASE("Disparity filter on a directed view uses out- and in-strengths") {
  GraphBuilder b;
  for (const char* k : {"a", "b", "c"}) b.add_node(k);
  b.add_edge("a", "b", "links_to", {{"weight", test::dbl(3)}});
  b.add_edge("a", "c", "links_to", {{"weight", test::dbl(1)}});
  b.add_edge("c", "b", "links_to", {{"weight", test::dbl(1)}});
  ViewOptions vo;
  vo.weight = "weight";
  const View v = b.build().view(vo);
  REQUIRE(v.directed());
  const auto r = algo::disparity_backbone(v);
  const auto e = 0u;  // a → b (edges sorted by source, target)
  REQUIRE(v.key(v.edge_source(e)) == "a");
  REQUIRE(v.key(v.edge_target(e)) == "b");
  CHECK(r.p_source[e] == Approx(1 - 3.0 / 4));  // out of a: s 4, k 2
  CHECK(r.p_target[e] == Approx(1 - 3.0 / 4));  // into b: s 4, k 2
}
