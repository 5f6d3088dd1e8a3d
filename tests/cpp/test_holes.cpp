// Burt's structural holes on hand-drawn graphs whose values are worked out in the comments, the
// ego-network model against the whole-network model on an ego graph, and thread-count
// independence.
#include <cmath>
#include <map>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/holes.hpp"

using namespace maillage;
using std::string;

namespace {

using test::drawn;

struct Row {
  double constraint, effective_size, efficiency, hierarchy;
};

std::map<string, Row> rows(const View& v, const algo::HolesResult& r) {
  std::map<string, Row> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
    out[v.key(i)] = Row{r.constraint[i], r.effective_size[i], r.efficiency[i], r.hierarchy[i]};
  return out;
}

}  // namespace

TEST_CASE("Structural holes of a path, a triangle and an isolate") {
  // Path a - b - c: b's contacts a and c, p = 1/2 each, no tie between them:
  //   c_ba = c_bc = (1/2)² → C_b = 1/2; ES_b = 2 (no redundancy); efficiency 1; r_j = 1 → H_b = 0.
  //   a has one contact: p_ab = 1 → C_a = 1, ES_a = 1, efficiency 1, hierarchy 1 (one contact).
  // Triangle x - y - z: p = 1/2, c_ij = (1/2 + 1/2 · 1/2)² = 9/16 → C = 9/8;
  //   ES = n − 2t/n = 2 − 2·1/2 = 1; efficiency 1/2; equal c_ij → H = 0.
  // i isolated: NaN everywhere.
  const auto v = drawn({"a", "b", "c", "x", "y", "z", "i"}, {{"a-b", 1}, {"b-c", 1}, {"x-y", 1}, {"y-z", 1}, {"z-x", 1}});
  auto r = rows(v, algo::structural_holes(v));
  CHECK(r["b"].constraint == Approx(0.5).margin(1e-15));
  CHECK(r["b"].effective_size == Approx(2.0).margin(1e-15));
  CHECK(r["b"].efficiency == Approx(1.0).margin(1e-15));
  CHECK(r["b"].hierarchy == Approx(0.0).margin(1e-15));
  CHECK(r["a"].constraint == Approx(1.0).margin(1e-15));
  CHECK(r["a"].effective_size == Approx(1.0).margin(1e-15));
  CHECK(r["a"].hierarchy == 1.0);
  for (const char* k : {"x", "y", "z"}) {
    CHECK(r[k].constraint == Approx(9.0 / 8.0).margin(1e-15));
    CHECK(r[k].effective_size == Approx(1.0).margin(1e-15));
    CHECK(r[k].efficiency == Approx(0.5).margin(1e-15));
    CHECK(r[k].hierarchy == Approx(0.0).margin(1e-15));
  }
  CHECK(std::isnan(r["i"].constraint));
  CHECK(std::isnan(r["i"].effective_size));
  CHECK(std::isnan(r["i"].efficiency));
  CHECK(std::isnan(r["i"].hierarchy));
}

TEST_CASE("Structural holes with weights, a directed tie and a zero-weight contact") {
  // Star b - a (weight 3), b - c (weight 1), and a - c (weight 1): undirected weighted.
  //   For b: p_ba = 3/4, p_bc = 1/4. a's ties: b 3, c 1 → p_ac = 1/4; c's ties: b 1, a 1 → p_ca = 1/2.
  //   c_ba = (3/4 + p_bc p_ca)² = (3/4 + 1/8)² = 49/64; c_bc = (1/4 + p_ba p_ac)² = (1/4 + 3/16)² = 49/256.
  //   C_b = 49/64 + 49/256 = 245/256.
  //   m_ac = z_ac / max_k z_ak = 1/3; m_ca = z_ca / max_k z_ck = 1/1 = 1.
  //   ES_b = (1 − p_bc m_ac) + (1 − p_ba m_ca) = (1 − 1/12) + (1 − 3/4) = 7/6.
  //   Hierarchy: mean = C_b / 2 = 245/512; r_a = (49/64)/(245/512) = 8/5, r_c = (49/256)/(245/512) = 2/5;
  //   H = (8/5 ln 8/5 + 2/5 ln 2/5) / (2 ln 2).
  const auto v = drawn({"a", "b", "c"}, {{"b-a", 3}, {"b-c", 1}, {"a-c", 1}}, true);
  auto r = rows(v, algo::structural_holes(v));
  CHECK(r["b"].constraint == Approx(245.0 / 256.0).margin(1e-15));
  CHECK(r["b"].effective_size == Approx(7.0 / 6.0).margin(1e-15));
  CHECK(r["b"].efficiency == Approx(7.0 / 12.0).margin(1e-15));
  CHECK(r["b"].hierarchy ==
        Approx((1.6 * std::log(1.6) + 0.4 * std::log(0.4)) / (2 * std::log(2.0))).margin(1e-14));

  // Directed: p > q and q > p make z = 2 (a reciprocated pair), p > s makes z = 1.
  //   p: contacts q (z 2), s (z 1), p_pq = 2/3, p_ps = 1/3, no q–s tie:
  //   C_p = 4/9 + 1/9 = 5/9, ES_p = 2.
  const auto d = drawn({"p", "q", "s"}, {{"p>q", 1}, {"q>p", 1}, {"p>s", 1}});
  r = rows(d, algo::structural_holes(d));
  CHECK(r["p"].constraint == Approx(5.0 / 9.0).margin(1e-15));
  CHECK(r["p"].effective_size == Approx(2.0).margin(1e-15));

  // A zero-weight tie keeps its contact: u - v (weight 2), u - w (weight 0): p_uv = 1, p_uw = 0,
  //   C_u = 1 + 0 = 1, ES_u = 2, efficiency 1; w's only tie weighs 0: NaN.
  const auto z = drawn({"u", "v", "w"}, {{"u-v", 2}, {"u-w", 0}}, true);
  r = rows(z, algo::structural_holes(z));
  CHECK(r["u"].constraint == Approx(1.0).margin(1e-15));
  CHECK(r["u"].effective_size == Approx(2.0).margin(1e-15));
  CHECK(std::isnan(r["w"].constraint));
}

TEST_CASE("Structural holes: the ego-network model is the whole model on each ego network") {
  const auto g = test::random_graph(11, 60, 240, {"cooperates_with"});
  const auto v = g.view();
  algo::HolesOptions ego;
  ego.model = algo::HolesModel::ego;
  const auto mine = algo::structural_holes(v, ego);
  for (std::uint32_t i = 0; i < v.number_of_nodes(); i += 7) {
    // The ego network of i: i, its neighbours and the ties among them.
    std::vector<std::string> keys{v.key(i)};
    for (auto j : v.out_neighbors(i))
      if (j != i) keys.push_back(v.key(j));
    ViewOptions o;
    o.nodes = keys;
    const auto sub = g.view(o);
    const auto whole = algo::structural_holes(sub);
    const auto k = sub.index_of(v.key(i));
    if (std::isnan(mine.constraint[i])) {
      CHECK(std::isnan(whole.constraint[k]));
      continue;
    }
    CHECK(mine.constraint[i] == Approx(whole.constraint[k]).epsilon(1e-12));
    CHECK(mine.effective_size[i] == Approx(whole.effective_size[k]).epsilon(1e-12));
    CHECK(mine.hierarchy[i] == Approx(whole.hierarchy[k]).margin(1e-12));
  }
  // Identical for any thread count.
  algo::HolesOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto big = test::random_graph(5, 3000, 30000).view();
  const auto a = algo::structural_holes(big, one), b = algo::structural_holes(big, two);
  for (std::uint32_t i = 0; i < big.number_of_nodes(); ++i) {
    const bool both_nan = std::isnan(a.constraint[i]) && std::isnan(b.constraint[i]);
    CHECK((both_nan || a.constraint[i] == b.constraint[i]));
  }
}
