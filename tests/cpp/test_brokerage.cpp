// Gould–Fernandez brokerage: the five roles on hand-drawn triads, sna's moments worked out by hand
// on a path and recomputed by a literal transcription of sna's R formulas (loops over the groups,
// the triple loop of the liaison variance included), counts against a brute force over all ordered
// triples, the undirected invariants, unknown groups, and the permutation test's reproducibility.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <random>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/algo/brokerage.hpp"

using namespace maillage;
using std::string;

namespace {

using test::drawn;

constexpr std::size_t R = algo::brokerage_roles;

std::map<string, algo::RoleCounts> counts_by_key(const View& v, const algo::BrokerageResult& r) {
  std::map<string, algo::RoleCounts> out;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i)
    for (std::size_t k = 0; k < R; ++k) out[v.key(i)][k] = r.counts[k][i];
  return out;
}

algo::RoleCounts role(std::size_t k) {
  algo::RoleCounts c{};
  c[k] = 1;
  c[5] = 1;
  return c;
}

/// Counts by enumerating every ordered triple (a, b, c) of distinct kept nodes.
std::vector<algo::RoleCounts> brute_force(const View& v, const std::vector<std::int32_t>& g) {
  const auto n = v.number_of_nodes();
  std::vector<std::vector<char>> adj(n, std::vector<char>(n, 0));
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto j : v.out_neighbors(i)) adj[i][j] = 1;
  std::vector<algo::RoleCounts> out(n, algo::RoleCounts{});
  for (std::uint32_t a = 0; a < n; ++a)
    for (std::uint32_t b = 0; b < n; ++b)
      for (std::uint32_t c = 0; c < n; ++c) {
        if (a == b || b == c || a == c || g[a] < 0 || g[b] < 0 || g[c] < 0) continue;
        if (!adj[a][b] || !adj[b][c] || adj[a][c]) continue;
        std::size_t k;
        if (g[a] == g[b] && g[b] == g[c]) k = 0;
        else if (g[a] == g[c]) k = 1;
        else if (g[a] == g[b]) k = 2;
        else if (g[b] == g[c]) k = 3;
        else k = 4;
        ++out[b][k];
        ++out[b][5];
      }
  return out;
}

/// sna's R code for the moments, transcribed literally (double arithmetic, loops over the groups).
struct SnaMoments {
  std::vector<std::array<double, 6>> ebr, vbr;
  std::array<double, 6> egbr{}, vgbr{};
};

SnaMoments sna_moments(const std::vector<double>& n, double N, double d) {
  auto choose2 = [](double x) { return x * (x - 1) / 2; };
  const double q = d * d * (1 - d), c3 = std::pow(d, 3) * std::pow(1 - d, 3), c4 = std::pow(d, 4) * std::pow(1 - d, 2),
               c5 = std::pow(d, 5) * (1 - d);
  const std::size_t k = n.size();
  SnaMoments s;
  s.ebr.resize(k);
  s.vbr.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    double o1 = 0, o2 = 0, o3 = 0, osq = 0, ol = 0;
    for (std::size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      o1 += n[j];
      o2 += n[j] * (n[j] - 1);
      o3 += n[j] * (n[j] - 1) * (n[j] - 2);
      osq += n[j] * n[j];
      ol += n[j] * choose2(N - n[j] - n[i]) * c3;
    }
    auto& e = s.ebr[i];
    auto& v = s.vbr[i];
    e[0] = q * (n[i] - 1) * (n[i] - 2);
    v[0] = e[0] * (1 - q) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * c3;
    e[1] = q * o2;
    v[1] = e[1] * (1 - q) + 2 * o3 * c3;
    e[2] = q * (N - n[i]) * (n[i] - 1);
    v[2] = e[2] * (1 - q) + 2 * ((n[i] - 1) * choose2(N - n[i]) + (N - n[i]) * choose2(n[i] - 1)) * c3;
    e[3] = e[2];
    v[3] = v[2];
    e[4] = q * (o1 * o1 - osq);
    v[4] = e[4] * (1 - q) + 4 * ol;
    e[5] = q * (N - 1) * (N - 2);
    v[5] = e[5] * (1 - q) + 2 * (N - 1) * (N - 2) * (N - 3) * c3;
  }
  auto& e = s.egbr;
  auto& v = s.vgbr;
  for (double x : n) {
    e[0] += q * x * (x - 1) * (x - 2);
    v[0] += x * (x - 1) * (x - 2) * ((4 * x - 10) * c3 - 4 * (x - 3) * c4 + (x - 3) * c5);
    e[1] += q * x * (N - x) * (x - 1);
    v[1] -= x * x * (x - 1) * ((4 * x - 6) * c3 + (N - x - 1) * c5);
    v[2] += x * (N - x) * (x - 1) * ((N - 3) * c3 + (x - 2) * c5);
    for (double y : n) {
      v[1] += x * y * (x - 1) * ((2 * x + 2 * y - 6) * c3 + (N - x - 1) * c5);
      e[4] += q * x * y * (N - x - y);
    }
    e[4] -= q * x * x * (N - 2 * x);
  }
  e[2] = e[1];
  v[0] += e[0] * (1 - q);
  v[1] += e[1] * (1 - q);
  v[2] += e[2] * (1 - q);
  e[3] = e[2];
  v[3] = v[2];
  v[4] = e[4] * (1 - q);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j)
      for (std::size_t l = 0; l < k; ++l)
        if (i != j && j != l && i != l)
          v[4] += n[i] * n[j] * n[l] *
                  ((4 * (N - n[j]) - 2 * (n[i] + n[l] + 1)) * c3 - (4 * (N - n[l]) - 2 * (n[i] + n[j] + 1)) * c4 +
                   (N - (n[i] + n[l] + 1)) * c5);
  e[5] = q * N * (N - 1) * (N - 2);
  v[5] = e[5] * (1 - q) + N * (N - 1) * (N - 2) * ((4 * N - 10) * c3 - 4 * (N - 3) * c4 + (N - 3) * c5);
  return s;
}

void check_close(double got, double want) {
  if (std::isnan(want)) {
    CHECK(std::isnan(got));
  } else {
    CHECK(got == Approx(want).epsilon(1e-10).margin(1e-12));
  }
}

}  // namespace

TEST_CASE("Brokerage roles of a two-path in each group pattern") {
  // a > b > c, no a > c: b brokers (a, c) once, in the role given by the groups of a, b, c.
  const auto v = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}});
  REQUIRE(v.directed());
  const std::vector<std::pair<std::vector<std::int32_t>, std::size_t>> patterns = {
      {{0, 0, 0}, 0},  // coordinator: a, b, c in one group
      {{0, 1, 0}, 1},  // itinerant: a and c together, b elsewhere
      {{0, 0, 1}, 2},  // representative: b with the source a
      {{0, 1, 1}, 3},  // gatekeeper: b with the target c
      {{0, 1, 2}, 4},  // liaison: three groups
  };
  for (const auto& [groups, k] : patterns) {
    auto r = counts_by_key(v, algo::brokerage(v, groups));
    CHECK(r["b"] == role(k));
    CHECK(r["a"] == algo::RoleCounts{});
    CHECK(r["c"] == algo::RoleCounts{});
  }
  // An arc a > c closes the pair: nobody brokers.
  const auto closed = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}, {"a>c", 1}});
  for (auto c : algo::brokerage(closed, std::vector<std::int32_t>{0, 1, 2}).counts) CHECK(std::accumulate(c.begin(), c.end(), 0ull) == 0);
  // An arc c > a does not block b: in the cycle a > b > c > a, with groups a: 0, b: 0, c: 1,
  //   b brokers a > b > c (no a > c): [a b][c], representative;
  //   c brokers b > c > a (no b > a): g(b) = g(a) = 0 ≠ g(c), itinerant;
  //   a brokers c > a > b (no c > b): [c][a b], gatekeeper.
  const auto cycle = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}, {"c>a", 1}});
  auto r = counts_by_key(cycle, algo::brokerage(cycle, std::vector<std::int32_t>{0, 0, 1}));
  CHECK(r["b"] == role(2));
  CHECK(r["c"] == role(1));
  CHECK(r["a"] == role(3));
  // A mutual pair a <> b with b > c: b brokers (a, c) only (c = a is no pair).
  const auto mutual = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>a", 1}, {"b>c", 1}});
  r = counts_by_key(mutual, algo::brokerage(mutual, std::vector<std::int32_t>{0, 0, 0}));
  CHECK(r["b"] == role(0));
  CHECK(r["a"] == algo::RoleCounts{});
}

TEST_CASE("Brokerage z-scores of a path worked out by hand") {
  // a > b > c, one group of 3: N = 3, m = 2, d = 2/6 = 1/3, q = d²(1 − d) = 2/27,
  // d³(1 − d)³ = 8/729. Coordinator: E = q·2·1 = 4/27, Var = E(1 − q) + 2·2·1·0 = 100/729,
  // sd = 10/27; z_b = (1 − 4/27)/(10/27) = 2.3, z_a = z_c = −0.4. Total: (N − 1)(N − 2) = 2, the
  // same moments. Itinerant, representative, gatekeeper, liaison are impossible with one group:
  // E = Var = 0, z = NaN.
  // Network coordinator: E = q Σ n(n − 1)(n − 2) = 12/27 = 4/9;
  // Var = E(1 − q) + 6((4·3 − 10) d³(1 − d)³ − 0 + 0) = 100/243 + 96/729 = 396/729;
  // z = (1 − 4/9)/sqrt(396/729) = 15/sqrt(396).
  const auto v = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}});
  const auto r = algo::brokerage(v, std::vector<std::int32_t>{0, 0, 0});
  CHECK(r.nodes == 3);
  CHECK(r.arcs == 2);
  CHECK(r.density == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(r.group_expected[0][0] == Approx(4.0 / 27.0).epsilon(1e-14));
  CHECK(r.group_sd[0][0] == Approx(10.0 / 27.0).epsilon(1e-14));
  CHECK(r.z[0][1] == Approx(2.3).epsilon(1e-13));
  CHECK(r.z[0][0] == Approx(-0.4).epsilon(1e-13));
  CHECK(r.z[5][1] == Approx(2.3).epsilon(1e-13));
  for (std::size_t k = 1; k < 5; ++k) CHECK(std::isnan(r.z[k][1]));
  CHECK(r.total[0] == 1);
  CHECK(r.total_expected[0] == Approx(4.0 / 9.0).epsilon(1e-14));
  CHECK(r.total_sd[0] == Approx(std::sqrt(396.0 / 729.0)).epsilon(1e-14));
  CHECK(r.total_z[0] == Approx(15.0 / std::sqrt(396.0)).epsilon(1e-13));
  CHECK(std::isnan(r.total_z[4]));  // liaison needs three groups
}

TEST_CASE("Brokerage moments equal a literal transcription of sna's formulas") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const std::uint32_t groups = 1 + rng() % 6;
    const std::uint32_t n = groups + rng() % 25;
    std::vector<std::int32_t> g(n);
    for (std::uint32_t i = 0; i < n; ++i) g[i] = static_cast<std::int32_t>(i < groups ? i : rng() % groups);
    std::shuffle(g.begin(), g.end(), rng);
    const auto graph = test::random_graph(static_cast<std::uint32_t>(trial), n, 3 * n, {"supports", "funds"});
    const View v = graph.view({});
    const auto r = algo::brokerage(v, g);
    std::vector<double> sizes(groups, 0.0);
    for (auto x : g) sizes[static_cast<std::size_t>(x)] += 1;
    const auto s = sna_moments(sizes, n, r.density);
    for (std::uint32_t i = 0; i < groups; ++i)
      for (std::size_t k = 0; k < R; ++k) {
        check_close(r.group_expected[i][k], s.ebr[i][k]);
        check_close(r.group_sd[i][k], std::sqrt(s.vbr[i][k]));
      }
    for (std::size_t k = 0; k < R; ++k) {
      check_close(r.total_expected[k], s.egbr[k]);
      check_close(r.total_sd[k], std::sqrt(s.vgbr[k]));
    }
    for (std::uint32_t b = 0; b < n; ++b)
      for (std::size_t k = 0; k < R; ++k) {
        const auto gi = static_cast<std::size_t>(g[b]);
        check_close(r.z[k][b], (static_cast<double>(r.counts[k][b]) - s.ebr[gi][k]) / std::sqrt(s.vbr[gi][k]));
      }
  }
}

TEST_CASE("Brokerage counts equal a brute force over ordered triples") {
  std::mt19937 rng(11);
  for (std::uint32_t trial = 0; trial < 20; ++trial) {
    const std::uint32_t n = 5 + rng() % 30;
    // Directed and undirected relations, self-loops and parallel edges included.
    const bool directed = trial % 2 == 0;
    const auto graph = test::random_graph(100 + trial, n, 2 * n + rng() % (3 * n),
                                          directed ? std::vector<string>{"supports", "funds"}
                                                   : std::vector<string>{"cooperates_with"});
    const View v = graph.view({});
    REQUIRE(v.directed() == directed);
    std::vector<std::int32_t> g(n);
    for (auto& x : g) x = static_cast<std::int32_t>(rng() % 4);
    if (trial % 3 == 0) g[rng() % n] = -1;  // an unknown group, dropped
    algo::BrokerageOptions o;
    o.drop_missing = true;
    const auto r = algo::brokerage(v, g, o);
    const auto want = brute_force(v, g);
    for (std::uint32_t b = 0; b < n; ++b)
      for (std::size_t k = 0; k < R; ++k) CHECK(r.counts[k][b] == want[b][k]);
    if (!directed) {
      // Every tie both ways: each unordered pair counted twice; representative = gatekeeper.
      for (std::uint32_t b = 0; b < n; ++b) {
        CHECK(r.counts[2][b] == r.counts[3][b]);
        for (std::size_t k : {0, 1, 4, 5}) CHECK(r.counts[k][b] % 2 == 0);
      }
    }
  }
}

TEST_CASE("Brokerage with unknown groups: an error naming the node, or the node left out") {
  const auto v = drawn({"a", "b", "c", "x"}, {{"a>b", 1}, {"b>c", 1}, {"x>b", 1}, {"b>x", 1}});
  const std::vector<std::int32_t> g{0, 1, 2, -1};
  const auto message = test::thrown<InvalidInput>([&] { algo::brokerage(v, g); });
  CHECK(test::has(message, "'x'"));
  CHECK(test::has(message, "no group"));
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::brokerage(v, std::vector<std::int32_t>{0, 1}); }),
                  "2 groups for 4 nodes"));
  algo::BrokerageOptions o;
  o.drop_missing = true;
  const auto r = algo::brokerage(v, g, o);
  // As if x were not in the graph: N = 3, m = 2, b a liaison once.
  const auto without = drawn({"a", "b", "c"}, {{"a>b", 1}, {"b>c", 1}});
  const auto w = algo::brokerage(without, std::vector<std::int32_t>{0, 1, 2});
  CHECK(r.nodes == 3);
  CHECK(r.arcs == 2);
  CHECK(r.density == w.density);
  for (std::size_t k = 0; k < R; ++k) {
    for (std::uint32_t i = 0; i < 3; ++i) {
      CHECK(r.counts[k][i] == w.counts[k][i]);
      check_close(r.z[k][i], w.z[k][i]);
    }
    CHECK(r.counts[k][3] == 0);
    CHECK(std::isnan(r.z[k][3]));
    CHECK(r.total[k] == w.total[k]);
    check_close(r.total_z[k], w.total_z[k]);
  }
}

TEST_CASE("Brokerage is identical for any thread count") {
  const auto graph = test::random_graph(5, 3000, 40000, {"supports", "funds"});
  const View v = graph.view({});
  std::vector<std::int32_t> g(v.number_of_nodes());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<std::int32_t>(i % 5);
  algo::BrokerageOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = algo::brokerage(v, g, one), b = algo::brokerage(v, g, two);
  CHECK(a.counts == b.counts);
  for (std::size_t k = 0; k < R; ++k) CHECK(std::memcmp(a.z[k].data(), b.z[k].data(), a.z[k].size() * sizeof(double)) == 0);
}

TEST_CASE("Brokerage permutations keep the group sizes and the unknown nodes in place") {
  const std::vector<std::int32_t> g{0, 0, 1, -1, 2, 2, 2, 1, -1, 0};
  std::vector<std::int32_t> sorted_g(g);
  std::sort(sorted_g.begin(), sorted_g.end());
  bool moved = false;
  for (std::uint64_t s = 0; s < 20; ++s) {
    auto p = algo::permuted_groups(g, 42, s);
    CHECK(p == algo::permuted_groups(g, 42, s));
    CHECK(p[3] == -1);
    CHECK(p[8] == -1);
    moved = moved || p != g;
    std::sort(p.begin(), p.end());
    CHECK(p == sorted_g);
  }
  CHECK(moved);
  CHECK(algo::permuted_groups(g, 1, 0) != algo::permuted_groups(g, 2, 0));
}

TEST_CASE("Brokerage permutation test: reproducible for a seed, exact null means") {
  const auto graph = test::random_graph(9, 60, 240, {"supports", "funds"});
  const View v = graph.view({});
  std::vector<std::int32_t> g(v.number_of_nodes());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = static_cast<std::int32_t>(i % 3);
  algo::BrokeragePermutationOptions one;
  one.samples = 400;
  one.seed = 3;
  one.threads = 1;
  auto two = one;
  two.threads = 2;
  const auto a = algo::brokerage_permutation_test(v, g, one), b = algo::brokerage_permutation_test(v, g, two);
  for (std::size_t k = 0; k < R; ++k) {
    CHECK(a.observed[k] == b.observed[k]);
    CHECK(std::memcmp(a.mean[k].data(), b.mean[k].data(), a.mean[k].size() * sizeof(double)) == 0);
    CHECK(std::memcmp(a.sd[k].data(), b.sd[k].data(), a.sd[k].size() * sizeof(double)) == 0);
    CHECK(std::memcmp(a.p[k].data(), b.p[k].data(), a.p[k].size() * sizeof(double)) == 0);
    CHECK(a.total_mean[k] == b.total_mean[k]);
    CHECK(a.total_p[k] == b.total_p[k]);
  }
  const auto observed = algo::brokerage(v, g);
  CHECK(a.observed == observed.counts);
  // Null means: 3 groups of 20, N = 60, D = 60·59·58. Coordinator: 3·20·19·18/D; itinerant,
  // representative, gatekeeper: 3·20·19·40/D each; liaison: 20³·6/D (3! orders of the groups).
  const double D = 60.0 * 59 * 58;
  const double pc = 3 * 20.0 * 19 * 18 / D, pi = 3 * 20.0 * 19 * 40 / D, pl = 6 * 8000.0 / D;
  CHECK(pc + 3 * pi + pl == Approx(1.0).epsilon(1e-14));
  double mean_gap = 0;
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
    const double t = static_cast<double>(a.observed[5][i]);
    CHECK(a.expected[0][i] == Approx(t * pc).epsilon(1e-12).margin(1e-12));
    CHECK(a.expected[1][i] == Approx(t * pi).epsilon(1e-12).margin(1e-12));
    CHECK(a.expected[4][i] == Approx(t * pl).epsilon(1e-12).margin(1e-12));
    CHECK(a.p[5][i] == 1.0);
    for (std::size_t k = 0; k < 5; ++k) {
      CHECK(a.p[k][i] > 0);
      CHECK(a.p[k][i] <= 1.0);
      mean_gap = std::max(mean_gap, std::abs(a.mean[k][i] - a.expected[k][i]) / (1 + a.sd[k][i]));
    }
  }
  CHECK(mean_gap < 0.5);  // 400 samples: the sample means sit near the exact ones
  // One group: every relabelling is the observation: p = 1, sd 0, mean = observed.
  const std::vector<std::int32_t> same(v.number_of_nodes(), 0);
  const auto s = algo::brokerage_permutation_test(v, same, one);
  for (std::uint32_t i = 0; i < v.number_of_nodes(); ++i) {
    CHECK(s.mean[0][i] == static_cast<double>(s.observed[0][i]));
    CHECK(s.sd[0][i] == 0.0);
    CHECK(s.p[0][i] == 1.0);
  }
  auto zero = one;
  zero.samples = 0;
  CHECK(test::has(test::thrown<InvalidInput>([&] { algo::brokerage_permutation_test(v, g, zero); }), "samples"));
}

TEST_CASE("Brokerage permutation test can be cancelled from its progress callback") {
  const auto graph = test::random_graph(9, 60, 240, {"supports", "funds"});
  const View v = graph.view({});
  std::vector<std::int32_t> g(v.number_of_nodes(), 0);
  algo::BrokeragePermutationOptions o;
  o.samples = 1000;
  std::uint64_t calls = 0;
  o.progress = [&](std::string_view, std::uint64_t done, std::uint64_t) {
    ++calls;
    if (done > 10) throw Cancelled();
  };
  CHECK_THROWS_AS(algo::brokerage_permutation_test(v, g, o), Cancelled);
  CHECK(calls > 0);
}
