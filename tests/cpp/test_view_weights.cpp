// View weights: symmetrize sum/max/both with strength and distance weights, parallel edges,
// self-loops, directed views, and weights from custom edge attributes (and their errors).
#include <limits>
#include <map>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::KeyedEdge;
using test::keyed_edges;
using test::thrown;
using std::string;

namespace {

//        3 (supports)
//        1 (funds)              5 (supports)
//   a ═══════════════▶ b    a ───────────▶ c
//     ◀─────────────
//        2 (supports)
//
//   b ─── c  cooperates 2      c ─── d  cooperates 7
//   b ──▶ c  supports 6        c ──▶ d  supports 1
//                              d ──▶ c  supports 4
//
//   edge ids: 0 a→b 3, 1 a→b 1 (funds), 2 b→a 2, 3 a→c 5, 4 c—d 7, 5 c→d 1, 6 d→c 4, 7 b—c 2, 8 b→c 6
Graph mixed() {
  GraphBuilder b;
  b.add_node("a").add_node("b").add_node("c").add_node("d");
  auto edge = [&](const char* s, const char* t, const char* rel, double w) {
    b.add_edge(s, t, rel, {{"weight", test::dbl(w)}});
  };
  edge("a", "b", "supports", 3);
  edge("a", "b", "funds", 1);
  edge("b", "a", "supports", 2);
  edge("a", "c", "supports", 5);
  edge("c", "d", "cooperates_with", 7);
  edge("c", "d", "supports", 1);
  edge("d", "c", "supports", 4);
  edge("b", "c", "cooperates_with", 2);
  edge("b", "c", "supports", 6);
  return b.build();
}

View weighted_view(const Graph& g, Symmetrize s, WeightKind k, std::optional<bool> directed = false) {
  ViewOptions o;
  o.weight = "weight";
  o.symmetrize = s;
  o.weight_kind = k;
  o.directed = directed;
  return g.view(o);
}

using E = std::vector<KeyedEdge>;
using M = std::vector<EdgeId>;

void check_edges(const View& v, const E& expected) {
  const auto got = keyed_edges(v);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("edge " << expected[i].source << " - " << expected[i].target);
    CHECK(got[i].source == expected[i].source);
    CHECK(got[i].target == expected[i].target);
    CHECK(got[i].weight == Approx(expected[i].weight));
    CHECK(got[i].members == expected[i].members);
  }
}

}  // namespace

TEST_CASE("symmetrize=sum: the two directions add up (strength) or take the minimum (distance)") {
  const Graph g = mixed();
  // a-b: (3 + 1) + 2; a-c: 5; b-c: 2 undirected + 6; c-d: 7 + (1 + 4).
  check_edges(weighted_view(g, Symmetrize::sum, WeightKind::strength),
              E{{"a", "b", 6, M{0, 1, 2}}, {"a", "c", 5, M{3}}, {"b", "c", 8, M{7, 8}}, {"c", "d", 12, M{4, 5, 6}}});
  // a-b: min(min(3, 1), 2); c-d: min(7, min(1, 4)).
  check_edges(weighted_view(g, Symmetrize::sum, WeightKind::distance),
              E{{"a", "b", 1, M{0, 1, 2}}, {"a", "c", 5, M{3}}, {"b", "c", 2, M{7, 8}}, {"c", "d", 1, M{4, 5, 6}}});
}

TEST_CASE("symmetrize=max: the stronger direction (larger strength, smaller distance)") {
  const Graph g = mixed();
  // a-b: max(3 + 1, 2); c-d: 7 + max(1, 4).
  check_edges(weighted_view(g, Symmetrize::max, WeightKind::strength),
              E{{"a", "b", 4, M{0, 1, 2}}, {"a", "c", 5, M{3}}, {"b", "c", 8, M{7, 8}}, {"c", "d", 11, M{4, 5, 6}}});
  // a-b: the smaller of min(3, 1) and 2; c-d: min(7, min(1, 4)).
  check_edges(weighted_view(g, Symmetrize::max, WeightKind::distance),
              E{{"a", "b", 1, M{0, 1, 2}}, {"a", "c", 5, M{3}}, {"b", "c", 2, M{7, 8}}, {"c", "d", 1, M{4, 5, 6}}});
}

TEST_CASE("symmetrize=both: only reciprocated pairs, with the weaker direction") {
  const Graph g = mixed();
  // a-b: min(3 + 1, 2); a-c: one direction only, dropped; b-c: the undirected edge alone (the
  // unreciprocated b→c is not a member); c-d: 7 + min(1, 4).
  check_edges(weighted_view(g, Symmetrize::both, WeightKind::strength),
              E{{"a", "b", 2, M{0, 1, 2}}, {"b", "c", 2, M{7}}, {"c", "d", 8, M{4, 5, 6}}});
  // a-b: the larger distance of min(3, 1) and 2; c-d: min(7, max(1, 4)).
  check_edges(weighted_view(g, Symmetrize::both, WeightKind::distance),
              E{{"a", "b", 2, M{0, 1, 2}}, {"b", "c", 2, M{7}}, {"c", "d", 4, M{4, 5, 6}}});
}

TEST_CASE("Directed views keep both directions apart - undirected edges give two arcs") {
  const Graph g = mixed();
  for (Symmetrize s : {Symmetrize::sum, Symmetrize::max, Symmetrize::both}) {  // no effect when directed
    const View v = weighted_view(g, s, WeightKind::strength, true);
    REQUIRE(v.directed());
    check_edges(v, E{{"a", "b", 4, M{0, 1}},
                     {"a", "c", 5, M{3}},
                     {"b", "a", 2, M{2}},
                     {"b", "c", 8, M{7, 8}},
                     {"c", "b", 2, M{7}},
                     {"c", "d", 8, M{4, 5}},
                     {"d", "c", 11, M{4, 6}}});
    check_edges(weighted_view(g, s, WeightKind::distance, true), E{{"a", "b", 1, M{0, 1}},
                                                                   {"a", "c", 5, M{3}},
                                                                   {"b", "a", 2, M{2}},
                                                                   {"b", "c", 2, M{7, 8}},
                                                                   {"c", "b", 2, M{7}},
                                                                   {"c", "d", 1, M{4, 5}},
                                                                   {"d", "c", 4, M{4, 6}}});
  }
}

TEST_CASE("Unweighted views give every combined edge weight 1") {
  const Graph g = mixed();
  ViewOptions o;
  o.directed = false;
  const View v = g.view(o);
  CHECK_FALSE(v.weighted());
  check_edges(v, E{{"a", "b", 1, M{0, 1, 2}}, {"a", "c", 1, M{3}}, {"b", "c", 1, M{7, 8}}, {"c", "d", 1, M{4, 5, 6}}});
  o.symmetrize = Symmetrize::both;
  check_edges(g.view(o), E{{"a", "b", 1, M{0, 1, 2}}, {"b", "c", 1, M{7}}, {"c", "d", 1, M{4, 5, 6}}});
}

TEST_CASE("Parallel undirected edges given in either order combine") {
  //   p ─ q  w 2,   q ─ p  w 3,   p ─ q  w 0.5 (context K)
  GraphBuilder b;
  b.add_node("p").add_node("q");
  b.add_edge("p", "q", "cooperates_with", {{"weight", test::dbl(2)}});
  b.add_edge("q", "p", "cooperates_with", {{"weight", test::dbl(3)}});
  b.add_edge("p", "q", "co_participates", {{"weight", test::dbl(0.5)}, {"context", test::str("K")}});
  const Graph g = b.build();
  check_edges(weighted_view(g, Symmetrize::sum, WeightKind::strength), E{{"p", "q", 5.5, M{0, 1, 2}}});
  check_edges(weighted_view(g, Symmetrize::sum, WeightKind::distance), E{{"p", "q", 0.5, M{0, 1, 2}}});
  check_edges(weighted_view(g, Symmetrize::both, WeightKind::strength), E{{"p", "q", 5.5, M{0, 1, 2}}});
  const View d = weighted_view(g, Symmetrize::sum, WeightKind::strength, true);
  check_edges(d, E{{"p", "q", 5.5, M{0, 1, 2}}, {"q", "p", 5.5, M{0, 1, 2}}});
}

TEST_CASE("Self-loops: one arc, combined with their parallels") {
  //   x ─ x  w 2,  x ─ x  w 3,  x → x (supports) w 5,  x ─ y  w 1
  GraphBuilder b;
  b.add_node("x").add_node("y");
  b.add_edge("x", "x", "cooperates_with", {{"weight", test::dbl(2)}});
  b.add_edge("x", "x", "cooperates_with", {{"weight", test::dbl(3)}});
  b.add_edge("x", "x", "supports", {{"weight", test::dbl(5)}});
  b.add_edge("x", "y", "cooperates_with", {{"weight", test::dbl(1)}});
  const Graph g = b.build();
  for (Symmetrize s : {Symmetrize::sum, Symmetrize::max, Symmetrize::both}) {
    const View v = weighted_view(g, s, WeightKind::strength);
    check_edges(v, E{{"x", "x", 10, M{0, 1, 2}}, {"x", "y", 1, M{3}}});
    REQUIRE(v.number_of_edges() == 2);
    CHECK(v.out_targets().size() == 3);  // x→x once, x→y, y→x
    CHECK(v.out_degree(0) == 2);
    CHECK(v.out_degree(1) == 1);
    CHECK(v.out_neighbors(0)[0] == 0);
    CHECK(v.out_neighbors(0)[1] == 1);
    CHECK(v.out_neighbor_weights(0)[0] == 10);
    const auto a = adjacency_matrix(v);
    CHECK(a.coeff(0, 0) == 10);
    CHECK(a.nonZeros() == 3);
  }
  check_edges(weighted_view(g, Symmetrize::sum, WeightKind::distance), E{{"x", "x", 2, M{0, 1, 2}}, {"x", "y", 1, M{3}}});
  const View d = weighted_view(g, Symmetrize::sum, WeightKind::strength, true);
  check_edges(d, E{{"x", "x", 10, M{0, 1, 2}}, {"x", "y", 1, M{3}}, {"y", "x", 1, M{3}}});
  CHECK(d.out_degree(0) == 2);
  CHECK(d.in_degree(0) == 2);
  CHECK(d.in_degree(1) == 1);
}

TEST_CASE("weight from the reserved column: weights given or 1") {
  const Graph g = mixed();
  ViewOptions o;
  o.weight = "weight";
  o.relations = {"funds"};
  const View v = g.view(o);
  CHECK(v.weighted());
  check_edges(v, E{{"a", "b", 1, M{1}}});
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b").add_edge("b", "a");
  o.relations = {};
  const View u = b.build().view(o);
  CHECK(u.weighted());
  check_edges(u, E{{"a", "b", 2, M{0, 1}}});  // weights 1 given by default, added up
}

TEST_CASE("weight from a custom numeric edge attribute, and its errors") {
  //   0 a ─ b  hours 3, score 0.5, note "x"
  //   1 b ─ c  hours 4, score 1.5
  //   2 a → c  supports, no hours
  GraphBuilder b;
  b.add_node("a").add_node("b").add_node("c");
  b.add_edge("a", "b", "cooperates_with", {{"hours", test::i64(3)}, {"score", test::dbl(0.5)}, {"note", test::str("x")}});
  b.add_edge("b", "c", "cooperates_with", {{"hours", test::i64(4)}, {"score", test::dbl(1.5)}});
  b.add_edge("a", "c", "supports", {{"score", test::dbl(2.0)}});
  const Graph g = b.build();
  ViewOptions o;
  o.relations = {"cooperates_with"};
  o.weight = "hours";
  check_edges(g.view(o), E{{"a", "b", 3, M{0}}, {"b", "c", 4, M{1}}});
  o.weight = "score";
  check_edges(g.view(o), E{{"a", "b", 0.5, M{0}}, {"b", "c", 1.5, M{1}}});
  o.relations = {};
  check_edges(g.view(o), E{{"a", "b", 0.5, M{0}}, {"a", "c", 2, M{2}}, {"b", "c", 1.5, M{1}}});

  SECTION("a kept edge without a value") {
    o.weight = "hours";
    const auto msg = thrown<InvalidInput>([&] { (void)g.view(o); });
    CHECK(has(msg, "edge 2"));
    CHECK(has(msg, "'hours'"));
    CHECK(has(msg, "'a'"));
  }
  SECTION("non-numeric") {
    o.weight = "note";
    const auto msg = thrown<InvalidInput>([&] { (void)g.view(o); });
    CHECK(has(msg, "'note'"));
    CHECK(has(msg, "string"));
  }
  SECTION("unknown") {
    o.weight = "heures";
    const auto msg = thrown<InvalidInput>([&] { (void)g.view(o); });
    CHECK(has(msg, "'heures'"));
    CHECK(has(msg, "hours"));
  }
}

TEST_CASE("A negative or non-finite custom weight is an error naming the edge and the value") {
  GraphBuilder b;
  b.add_node("a").add_node("b");
  b.add_edge("a", "b", "cooperates_with", {{"hours", test::i64(2)}, {"score", test::dbl(1)}});
  b.add_edge("b", "a", "cooperates_with", {{"hours", test::i64(-2)}, {"score", test::dbl(std::numeric_limits<double>::infinity())}});
  const Graph g = b.build();
  ViewOptions o;
  o.weight = "hours";
  auto msg = thrown<InvalidInput>([&] { (void)g.view(o); });
  CHECK(has(msg, "edge 1"));
  CHECK(has(msg, "-2"));
  o.weight = "score";
  msg = thrown<InvalidInput>([&] { (void)g.view(o); });
  CHECK(has(msg, "edge 1"));
  CHECK(has(msg, "inf"));
  // The faulty edge outside the view's nodes is not read.
  o.nodes = std::vector<string>{"a"};
  CHECK_NOTHROW(g.view(o));
}

namespace {

// A direct reading of the combination rules (ViewOptions, Symmetrize, WeightKind), pair by pair,
// as an oracle for random graphs.
struct Bag {
  std::vector<double> w;
  std::vector<EdgeId> e;
  void add(double weight, EdgeId edge) {
    w.push_back(weight);
    e.push_back(edge);
  }
};

double combine(const std::vector<double>& w, WeightKind k) {
  double out = w.front();
  for (std::size_t i = 1; i < w.size(); ++i) out = k == WeightKind::strength ? out + w[i] : std::min(out, w[i]);
  return out;
}

E oracle(const Graph& g, const ViewOptions& o, bool directed) {
  std::vector<char> keep(g.number_of_nodes(), 1);
  if (!o.kinds.empty())
    for (NodeId i = 0; i < g.number_of_nodes(); ++i)
      keep[i] = std::find(o.kinds.begin(), o.kinds.end(), g.kind(i)) != o.kinds.end();
  const WeightKind k = o.weight_kind;
  E out;
  if (directed) {
    std::map<std::pair<string, string>, Bag> arcs;
    for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
      const NodeId s = g.source(e), t = g.target(e);
      if (!keep[s] || !keep[t]) continue;
      arcs[{g.key(s), g.key(t)}].add(g.weight(e), e);
      if (!g.relation(e).directed && s != t) arcs[{g.key(t), g.key(s)}].add(g.weight(e), e);
    }
    for (auto& [pair, bag] : arcs) {
      std::sort(bag.e.begin(), bag.e.end());
      out.push_back({pair.first, pair.second, combine(bag.w, k), bag.e});
    }
    return out;
  }
  struct Pair {
    Bag undirected, forward, backward;  // forward: from the smaller key to the larger
  };
  std::map<std::pair<string, string>, Pair> pairs;
  for (EdgeId e = 0; e < g.number_of_edges(); ++e) {
    const NodeId s = g.source(e), t = g.target(e);
    if (!keep[s] || !keep[t]) continue;
    const string& a = g.key(s);
    const string& b = g.key(t);
    Pair& p = pairs[{std::min(a, b), std::max(a, b)}];
    if (!g.relation(e).directed || s == t) p.undirected.add(g.weight(e), e);
    else if (a < b) p.forward.add(g.weight(e), e);
    else p.backward.add(g.weight(e), e);
  }
  auto stronger = [&](double x, double y) { return k == WeightKind::strength ? x > y : x < y; };
  for (auto& [pair, p] : pairs) {
    std::vector<double> parallel = p.undirected.w;
    std::vector<EdgeId> members = p.undirected.e;
    const bool f = !p.forward.w.empty(), b = !p.backward.w.empty();
    if (f || b) {
      std::optional<double> sym;
      if (o.symmetrize == Symmetrize::sum) {
        std::vector<double> all = p.forward.w;
        all.insert(all.end(), p.backward.w.begin(), p.backward.w.end());
        sym = combine(all, k);
      } else if (o.symmetrize == Symmetrize::max) {
        if (f && b) {
          const double x = combine(p.forward.w, k), y = combine(p.backward.w, k);
          sym = stronger(x, y) ? x : y;
        } else {
          sym = combine(f ? p.forward.w : p.backward.w, k);
        }
      } else if (f && b) {
        const double x = combine(p.forward.w, k), y = combine(p.backward.w, k);
        sym = stronger(x, y) ? y : x;
      }
      if (sym) {
        parallel.push_back(*sym);
        members.insert(members.end(), p.forward.e.begin(), p.forward.e.end());
        members.insert(members.end(), p.backward.e.begin(), p.backward.e.end());
      }
    }
    if (parallel.empty()) continue;
    std::sort(members.begin(), members.end());
    out.push_back({pair.first, pair.second, combine(parallel, k), members});
  }
  return out;
}

}  // namespace

TEST_CASE("View weights agree with a pair-by-pair reading of the rules on random graphs") {
  for (std::uint32_t seed = 200; seed < 215; ++seed) {
    const Graph g = test::random_graph(seed, 12 + seed % 9, 40 + seed % 23);
    for (Symmetrize s : {Symmetrize::sum, Symmetrize::max, Symmetrize::both}) {
      for (WeightKind k : {WeightKind::strength, WeightKind::distance}) {
        for (int variant = 0; variant < 3; ++variant) {
          ViewOptions o;
          o.weight = "weight";
          o.symmetrize = s;
          o.weight_kind = k;
          o.directed = variant == 1;
          if (variant == 2) o.kinds = {"organisation"};
          INFO("seed " << seed << " symmetrize " << int(s) << " kind " << int(k) << " variant " << variant);
          const View v = g.view(o);
          REQUIRE(v.directed() == (variant == 1));
          check_edges(v, oracle(g, o, variant == 1));
        }
      }
    }
  }
}
