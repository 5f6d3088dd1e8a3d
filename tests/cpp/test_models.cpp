// Statistical models from C++: QAP correlation against its closed form and the exact
// permutation distribution of 4 nodes, thread-independence; ERGM statistics and change
// statistics against hand counts, the formula parser's errors, MPLE of an edges-only model
// (the log-odds of the density) and sampler reproducibility across thread counts.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "catch.hpp"
#include "maillage/models/ergm.hpp"
#include "maillage/models/gof_plot.hpp"
#include "maillage/models/qap.hpp"

using namespace maillage;
using namespace maillage::models;

namespace {

std::vector<double> matrix(std::size_t n, std::uint64_t seed) {
  std::vector<double> m(n * n);
  std::uint64_t s = seed;
  for (auto& v : m) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    v = static_cast<double>((s >> 33) % 1000) / 100.0;
  }
  return m;
}

double pearson_offdiag(std::size_t n, const std::vector<double>& a, const std::vector<double>& b,
                       const std::vector<std::size_t>& p) {
  std::vector<double> x, y;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) x.push_back(a[i * n + j]), y.push_back(b[p[i] * n + p[j]]);
  const double k = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / k, my = std::accumulate(y.begin(), y.end(), 0.0) / k;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t c = 0; c < x.size(); ++c)
    sxy += (x[c] - mx) * (y[c] - my), sxx += (x[c] - mx) * (x[c] - mx), syy += (y[c] - my) * (y[c] - my);
  return sxy / std::sqrt(sxx * syy);
}

ErgmNetwork path_with_triangle() {
  // 0-1-2-0 triangle plus 2-3, 3-4: degrees 2, 2, 3, 2, 1.
  ErgmNetwork net;
  net.nodes = 5;
  net.source = {0, 1, 0, 2, 3};
  net.target = {1, 2, 2, 3, 4};
  return net;
}

}  // namespace

TEST_CASE("QAP correlation: closed form and the exact permutation distribution") {
  const std::size_t n = 4;
  const auto y = matrix(n, 1), x = matrix(n, 2);
  std::vector<std::size_t> id(n);
  std::iota(id.begin(), id.end(), 0);
  QapOptions o;
  o.permutations = 6000;
  o.seed = 3;
  o.threads = 1;
  const auto r = qap_correlation(n, y, x, o);
  const double observed = pearson_offdiag(n, y, x, id);
  CHECK(r.observed == Approx(observed).margin(1e-12));
  std::vector<std::size_t> p = id;
  double greater = 0, total = 0;
  do {
    greater += pearson_offdiag(n, y, x, p) >= observed - 1e-12;
    ++total;
  } while (std::next_permutation(p.begin(), p.end()));
  const double exact = greater / total;
  CHECK(std::abs(r.p_greater - exact) < 4 * std::sqrt(exact * (1 - exact) / 6000.0) + 0.002);
  o.threads = 2;
  const auto r2 = qap_correlation(n, y, x, o);
  CHECK(r2.null == r.null);
  std::vector<double> bad = x;
  bad[1 * n + 2] = std::nan("");
  CHECK_THROWS_AS(qap_correlation(n, y, bad, o), InvalidInput);
}

TEST_CASE("QAP regression: least squares coefficients and thread-independent permutations") {
  const std::size_t n = 6;
  const auto x1 = matrix(n, 5);
  std::vector<double> y(n * n);
  for (std::size_t c = 0; c < n * n; ++c) y[c] = 2 - 0.5 * x1[c];  // an exact line
  QapOptions o;
  o.permutations = 50;
  o.threads = 1;
  const auto r = qap_regression(n, y, {x1}, QapFamily::linear, QapNull::semi_partial, o);
  CHECK(r.coefficients[0] == Approx(2).margin(1e-9));
  CHECK(r.coefficients[1] == Approx(-0.5).margin(1e-9));
  CHECK(r.r_squared == Approx(1).margin(1e-12));
  o.threads = 2;
  const auto r2 = qap_regression(n, y, {x1}, QapFamily::linear, QapNull::semi_partial, o);
  CHECK(r2.tests[1].null == r.tests[1].null);
}

TEST_CASE("ERGM statistics and change statistics by hand") {
  const ErgmModel m(path_with_triangle(), "edges + triangle + kstar(2) + degree(1)");
  const auto s = m.statistics();
  CHECK(s == std::vector<double>{5, 1, 1 + 1 + 3 + 1 + 0, 1});
  // Adding 1-3 closes triangle 1-2-3; 2-stars: C(2,1) + C(2,1) = 4; node 4 keeps degree 1.
  CHECK(m.change_statistics(1, 3) == std::vector<double>{1, 1, 4, 0});
  // Toggling the present tie 3-4 (change = with − without): node 4 goes 0 → 1, node 3 1 → 2.
  CHECK(m.change_statistics(4, 3) == std::vector<double>{1, 0, 1, 0});
  CHECK(m.dyads() == 10);
  CHECK_FALSE(m.dyad_independent());
}

TEST_CASE("ERGM geometrically weighted terms stay finite and exact for any decay") {
  // K4 on nodes 0-3 and a tie 3-4: each K4 tie has 2 shared partners, 3-4 none, so
  // gwesp(α) = 6 f(2) = 6 e^α (1 − (1 − e^−α)²) = 12 − 6 e^−α, which tends to 12 (Σ_ties sp) as α
  // grows. Adding 2-4: the new tie has 1 partner (f(1) = 1), 2-3 goes from 2 to 3 partners
  // (+ r², r = 1 − e^−α) and 3-4 from 0 to 1 (+ 1). gwdegree(α) = Σ_v f(d_v) tends to Σ_v d_v = 14.
  ErgmNetwork net;
  net.nodes = 5;
  net.source = {0, 0, 0, 1, 1, 2, 3};
  net.target = {1, 2, 3, 2, 3, 3, 4};
  for (const double decay : {0.0, 0.5, 30.0, 50.0, 700.0, 710.0, 1e6, 8.9e24}) {
    CAPTURE(decay);
    const ErgmModel m(net, "gwesp(" + std::to_string(decay) + ") + gwdegree(" + std::to_string(decay) + ")");
    const auto s = m.statistics();
    const double e = std::exp(-decay), r = -std::expm1(-decay);
    CHECK(s[0] == Approx(12 - 6 * e).epsilon(1e-12));
    // Degrees 3, 3, 3, 4, 1: f(3) = 3 − 3e + e², f(4) = 4 − 6e + 4e² − e³, f(1) = 1.
    CHECK(s[1] == Approx(3 * (3 - 3 * e + e * e) + (4 - 6 * e + 4 * e * e - e * e * e) + 1).epsilon(1e-12));
    const auto d = m.change_statistics(2, 4);
    CHECK(d[0] == Approx(2 + r * r).epsilon(1e-12));
    CHECK(std::isfinite(d[1]));
  }
  // The limits, exactly: Σ_ties sp = 12 and Σ_v d_v = 14.
  const auto limit = ErgmModel(net, "gwesp(8888888888888888888888888.3) + gwdegree(1e300)").statistics();
  CHECK(limit == std::vector<double>{12, 14});
  // Directed: the limit of gwesp is Σ_ties |N⁺(i) ∩ N⁻(j)|, the transitive triads.
  ErgmNetwork directed = net;
  directed.directed = true;
  const ErgmModel dm(directed, "gwesp(1e300) + ttriple");
  const auto ds = dm.statistics();
  CHECK(ds[0] == ds[1]);
  CHECK(ds[1] == 4);  // the four transitive triads of the acyclic K4 0 → 1 → 2 → 3
}

TEST_CASE("ERGM formula errors name the column") {
  const auto net = path_with_triangle();
  try {
    ErgmModel(net, "edges + trianlge");
    FAIL("no error");
  } catch (const InvalidInput& e) {
    CHECK(std::string(e.what()).find("column 9: unknown term 'trianlge'") != std::string::npos);
  }
  CHECK_THROWS_AS(ErgmModel(net, "edges +"), InvalidInput);
  CHECK_THROWS_AS(ErgmModel(net, "nodematch('missing')"), InvalidInput);
  CHECK_THROWS_AS(ErgmModel(net, "gwesp(-1)"), InvalidInput);
  // Found by formula_fuzz: a huge k overflowed the conversion to int (UBSan).
  try {
    ErgmModel(net, "kstar(7557557557557557557)");
    FAIL("no error");
  } catch (const InvalidInput& e) {
    CHECK(std::string(e.what()).find("kstar: k must be an integer from 1 to the number of nodes (5), not 7.55756e+18") !=
          std::string::npos);
  }
  CHECK(parse_formula("edges + gwesp(0.5) + nodematch('scale', diff=True)").size() == 3);
}

TEST_CASE("ERGM: edges-only MPLE is the log-odds of the density; sampling ignores the thread count") {
  const ErgmModel m(path_with_triangle(), "edges + triangle");
  ErgmFitOptions o;
  o.method = ErgmMethod::mple;
  const ErgmModel edges(path_with_triangle(), "edges");
  const auto f = fit_ergm(edges, o);
  CHECK(f.coefficients[0] == Approx(std::log(5.0 / 5.0)).margin(1e-9));
  ErgmMcmcOptions mc;
  mc.samples = 200;
  mc.seed = 9;
  mc.threads = 1;
  const std::vector<double> theta{-1, 0.2};
  const auto a = simulate(m, theta, mc);
  mc.threads = 3;
  const auto b = simulate(m, theta, mc);
  CHECK(a.statistics == b.statistics);
  CHECK(a.accepted == b.accepted);
  const auto rows = ergm_gof(m, theta, mc);
  const auto picture = gof_representation(rows, "gof");
  CHECK(picture.rects.size() == 3 * rows.size());
}
