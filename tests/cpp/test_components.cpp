// algo::connected_components: numbering by decreasing size then smallest key, weak components of
// directed views, edge cases, and a cross-check against boost::connected_components.
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <map>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using std::string;

namespace {

std::uint32_t label_of(const View& v, const algo::ComponentsResult& r, const char* key) {
  return r.labels[v.index_of(key)];
}

}  // namespace

TEST_CASE("Components of a hand-drawn graph, numbered by size then smallest key") {
  //   m ── k ── z        a ── q        x ── y        w ── d        b        c
  //   size 3             size 2        size 2        size 2        1        1
  //   Among the pairs, smallest keys: a (a, q), d (w, d), x (x, y) → 1, 2, 3.
  //   Singletons b < c → 4, 5. Node ids follow insertion order, not key order.
  GraphBuilder b;
  for (const char* k : {"x", "m", "k", "z", "y", "a", "q", "c", "b", "w", "d"}) b.add_node(k);
  b.add_edge("m", "k").add_edge("k", "z").add_edge("a", "q").add_edge("x", "y").add_edge("w", "d");
  const View v = b.build().view();
  const auto r = algo::connected_components(v);
  REQUIRE(r.count() == 6);
  CHECK(r.sizes == std::vector<std::uint32_t>{3, 2, 2, 2, 1, 1});
  REQUIRE(r.labels.size() == 11);
  for (const char* k : {"m", "k", "z"}) CHECK(label_of(v, r, k) == 0);
  CHECK(label_of(v, r, "a") == 1);
  CHECK(label_of(v, r, "q") == 1);
  CHECK(label_of(v, r, "w") == 2);
  CHECK(label_of(v, r, "d") == 2);
  CHECK(label_of(v, r, "x") == 3);
  CHECK(label_of(v, r, "y") == 3);
  CHECK(label_of(v, r, "b") == 4);
  CHECK(label_of(v, r, "c") == 5);
}

TEST_CASE("Labels do not depend on the view's node order") {
  GraphBuilder b;
  for (const char* k : {"x", "m", "k", "z", "y", "a", "q", "c", "b", "w", "d"}) b.add_node(k);
  b.add_edge("m", "k").add_edge("k", "z").add_edge("a", "q").add_edge("x", "y").add_edge("w", "d");
  const Graph g = b.build();
  const View natural = g.view();
  const auto expected = algo::connected_components(natural);
  for (NodeOrder order : {NodeOrder::bfs, NodeOrder::degree}) {
    ViewOptions o;
    o.order = order;
    const View v = g.view(o);
    const auto r = algo::connected_components(v);
    CHECK(r.sizes == expected.sizes);
    for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
      CHECK(r.labels[i] == expected.labels[natural.index_of(v.key(i))]);
  }
}

TEST_CASE("Weak components of a directed view") {
  //   a → b ← c      d → e      f (self-loop f → f)
  GraphBuilder b;
  for (const char* k : {"a", "b", "c", "d", "e", "f"}) b.add_node(k);
  b.add_edge("a", "b", "links_to").add_edge("c", "b", "links_to").add_edge("d", "e", "links_to");
  b.add_edge("f", "f", "links_to");
  const View v = b.build().view();
  REQUIRE(v.directed());
  const auto r = algo::connected_components(v);
  CHECK(r.sizes == std::vector<std::uint32_t>{3, 2, 1});
  CHECK(r.labels == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 2});
}

TEST_CASE("Components: empty graph, isolated nodes, filtered views") {
  const auto empty = algo::connected_components(Graph().view());
  CHECK(empty.count() == 0);
  CHECK(empty.labels.empty());
  CHECK(empty.sizes.empty());

  GraphBuilder b;
  for (const char* k : {"Żory", "Annecy", "annecy", "Échirolles", "Brest"}) b.add_node(k, "territory");
  const View v = b.build().view();
  const auto r = algo::connected_components(v);
  CHECK(r.count() == 5);
  CHECK(r.sizes == std::vector<std::uint32_t>(5, 1));
  // Singletons in key order (bytewise): "Annecy" < "Brest" < "annecy" < "Échirolles" < "Żory".
  CHECK(r.labels == std::vector<std::uint32_t>{4, 0, 2, 3, 1});

  // Edges to nodes outside the view do not join anything.
  GraphBuilder c;
  c.add_node("p1", "person").add_node("p2", "person").add_node("org", "organisation");
  c.add_edge("p1", "org").add_edge("org", "p2");
  ViewOptions o;
  o.kinds = {"person"};
  const auto rp = algo::connected_components(c.build().view(o));
  CHECK(rp.sizes == std::vector<std::uint32_t>{1, 1});
  CHECK(rp.labels == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("Components agree with boost::connected_components on random graphs") {
  for (std::uint32_t seed = 100; seed < 130; ++seed) {
    std::mt19937 rng(seed);
    const std::uint32_t n = 1 + rng() % 80;
    const std::uint32_t m = rng() % (n + 10);
    const Graph g = test::random_graph(seed, n, m);
    for (int variant = 0; variant < 4; ++variant) {
      ViewOptions o;
      if (variant == 1) o.directed = true;
      if (variant == 2) o.relations = {"supports", "funds"};  // directed relations only: a directed view
      if (variant == 3) {
        o.kinds = {"organisation"};
        o.order = NodeOrder::bfs;
      }
      const View v = g.view(o);
      INFO("seed " << seed << " variant " << variant << " n " << v.number_of_nodes());
      const auto ours = algo::connected_components(v);

      // BGL's components on an undirected copy of the view's arcs.
      const BglCsr csr = to_boost_csr(v);
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> ug(num_vertices(csr));
      for (auto e : boost::make_iterator_range(edges(csr))) boost::add_edge(source(e, csr), target(e, csr), ug);
      std::vector<int> theirs(v.number_of_nodes(), 0);
      const int count = v.number_of_nodes() == 0 ? 0 : boost::connected_components(ug, theirs.data());
      REQUIRE(ours.count() == static_cast<std::uint32_t>(count));

      // Expected numbering, derived from BGL's partition: by decreasing size, then smallest key.
      std::vector<std::uint32_t> size(count, 0);
      std::vector<string> smallest(count);
      for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
        const auto c = static_cast<std::size_t>(theirs[i]);
        if (size[c]++ == 0 || v.key(i) < smallest[c]) smallest[c] = v.key(i);
      }
      std::vector<int> order(count);
      for (int c = 0; c < count; ++c) order[c] = c;
      std::sort(order.begin(), order.end(), [&](int x, int y) {
        return size[x] != size[y] ? size[x] > size[y] : smallest[x] < smallest[y];
      });
      std::vector<std::uint32_t> label_of_bgl(count);
      for (int r = 0; r < count; ++r) label_of_bgl[order[r]] = static_cast<std::uint32_t>(r);
      for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
        REQUIRE(ours.labels[i] == label_of_bgl[static_cast<std::size_t>(theirs[i])]);
      for (int r = 0; r < count; ++r) REQUIRE(ours.sizes[r] == size[order[r]]);
    }
  }
}
