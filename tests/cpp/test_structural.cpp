// Structural analysis: MICMAC powers, ranks and stopping rule, MACTOR arithmetic and feedback
// loops, on small cases worked by hand (values in the comments).
#include <cmath>

#include "catch.hpp"
#include "helpers.hpp"
#include "maillage/systemic/loops.hpp"
#include "maillage/systemic/mactor.hpp"
#include "maillage/systemic/micmac.hpp"

using namespace maillage;
using namespace maillage::systemic;

namespace {

DenseMatrix matrix(std::size_t rows, std::size_t cols, std::vector<double> values) {
  DenseMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.values = std::move(values);
  return m;
}

const std::vector<std::string> abc = {"A", "B", "C"};

}  // namespace

TEST_CASE("Tolerant ranks share the best rank within the tolerance") {
  // 5 > 3 = 3 > 1 → 1 2 2 4; 3 and 3·(1 + 1e-12) tie at tolerance 1e-9, not at 0.
  CHECK(tolerant_ranks({3, 5, 3, 1}, 1e-9) == std::vector<std::uint32_t>{2, 1, 2, 4});
  CHECK(tolerant_ranks({3, 3 * (1 + 1e-12)}, 1e-9) == std::vector<std::uint32_t>{1, 1});
  CHECK(tolerant_ranks({3, 3 * (1 + 1e-12)}, 0) == std::vector<std::uint32_t>{2, 1});
}

TEST_CASE("MICMAC stops when both rankings are those of the previous power") {
  // A→B, B→A, B→C, C→A (weight 1). Row sums (influence) and column sums (dependence):
  // M   rows 1 2 1 → ranks 2 1 2; columns 2 1 1 → 1 2 2
  // M²  = [[1,0,1],[1,1,0],[0,1,0]]: rows 2 2 1 → 1 1 3; columns 2 2 1
  // M³  = [[1,1,0],[1,1,1],[1,0,1]]: rows 2 3 2 → 2 1 2; columns 3 2 2 → 1 2 2
  // M⁴  = [[1,1,1],[2,1,1],[1,1,0]]: rows 3 4 2 → 2 1 3; columns 4 3 2 → 1 2 3
  // M⁵  = [[2,1,1],[2,2,1],[1,1,1]]: rows 4 5 3 → 2 1 3; columns 5 4 3 → 1 2 3: stable at k = 5.
  auto m = matrix(3, 3, {0, 1, 0, 1, 0, 1, 1, 0, 0});
  MicmacOptions o;
  o.regulating_band = 0.1;
  auto r = micmac(m, {}, abc, o);
  CHECK(r.actual.power == 5);
  CHECK(r.actual.converged);
  CHECK(r.actual.indirect.influence == std::vector<double>{4, 5, 3});
  CHECK(r.actual.indirect.dependence == std::vector<double>{5, 4, 3});
  CHECK(r.actual.indirect.influence_rank == std::vector<std::uint32_t>{2, 1, 3});
  CHECK(r.actual.direct.influence == std::vector<double>{1, 2, 1});
  CHECK(r.actual.direct.influence_share[1] == 0.5);
  // Direct shares: influence .25 .5 .25, dependence .5 .25 .25, cuts at 1/3 (band ±10 %).
  CHECK(r.actual.direct_class == std::vector<std::string>{"dependent", "influential", "autonomous"});
  // A fixed power gives M^k whatever the rankings.
  o.power = 2;
  auto r2 = micmac(m, {}, abc, o);
  CHECK(r2.actual.power == 2);
  CHECK_FALSE(r2.actual.converged);
  CHECK(r2.actual.indirect_matrix.values == std::vector<double>{1, 0, 1, 1, 1, 0, 0, 1, 0});
}

TEST_CASE("MICMAC reports a periodic matrix as not converged") {
  // A→B 2, B→C 1, C→A 3: M³ = 6·I, so the rankings cycle with period 3 and never stabilise.
  // M² = [[0,0,2],[3,0,0],[0,6,0]], M^20 = 6^6·M²: row sums 6^6·(2, 3, 6).
  auto m = matrix(3, 3, {0, 2, 0, 0, 0, 1, 3, 0, 0});
  auto r = micmac(m, {}, abc);
  CHECK_FALSE(r.actual.converged);
  CHECK(r.actual.power == 20);
  double six6 = std::pow(6.0, 6);
  CHECK(r.actual.indirect.influence == std::vector<double>{2 * six6, 3 * six6, 6 * six6});
}

TEST_CASE("MICMAC potential influences count p_value in the potential analysis only") {
  // Actual: A→B 3 only. Potential: B→A P (= 2 here). Direct potential influence: A 3, B 2.
  auto m = matrix(2, 2, {0, 3, 0, 0});
  auto p = matrix(2, 2, {0, 0, 1, 0});
  MicmacOptions o;
  o.p_value = 2;
  auto r = micmac(m, p, {"A", "B"}, o);
  CHECK(r.actual.direct.influence == std::vector<double>{3, 0});
  CHECK(r.potential.direct.influence == std::vector<double>{3, 2});
  CHECK(r.potential.direct.dependence == std::vector<double>{2, 3});
}

TEST_CASE("MICMAC errors name the cell at fault") {
  auto bad = matrix(2, 2, {0, 5, 0, 0});
  CHECK(test::has(test::thrown<InvalidInput>([&] { micmac(bad, {}, {"A", "B"}); }),
                  "row 'A', column 'B': 5 is not an influence"));
  auto diag = matrix(2, 2, {1, 0, 0, 0});
  CHECK(test::has(test::thrown<InvalidInput>([&] { micmac(diag, {}, {"A", "B"}); }), "diagonal"));
  auto both = matrix(2, 2, {0, 1, 0, 0});
  auto mask = matrix(2, 2, {0, 1, 0, 0});
  CHECK(test::has(test::thrown<InvalidInput>([&] { micmac(both, mask, {"A", "B"}); }), "both an actual"));
  CHECK_THROWS_AS(micmac(matrix(2, 3, {0, 0, 0, 0, 0, 0}), {}, {}), InvalidInput);
}

TEST_CASE("MACTOR on three actors worked by hand") {
  // MID = [[0,2,1],[3,0,0],[1,4,0]]; MIDI_ij = MID_ij + Σ_k min(MID_ik, MID_kj):
  // MIDI = [[3,3,1],[3,2,1],[4,5,1]]; I (no diagonal) = 4 4 9, D = 7 8 2, Σ I = 17.
  // godet: r = (4/17)(4/11), (4/17)(4/12), (9/17)(9/11); Σ r = 335/561; r* = 144/335, 132/335, 729/335.
  // MMIDI = [[0,2,1],[3,0,1],[3,4,0]].
  auto mid = matrix(3, 3, {0, 2, 1, 3, 0, 0, 1, 4, 0});
  // 2MAO: A (+2, −1), B (+3, +1), C (−1, 0).
  auto mao = matrix(3, 2, {2, -1, 3, 1, -1, 0});
  auto r = mactor(mid, mao, abc, {"o1", "o2"});
  CHECK(r.midi.values == std::vector<double>{3, 3, 1, 3, 2, 1, 4, 5, 1});
  CHECK(r.mmidi.values == std::vector<double>{0, 2, 1, 3, 0, 1, 3, 4, 0});
  CHECK(r.influence == std::vector<double>{4, 4, 9});
  CHECK(r.dependence == std::vector<double>{7, 8, 2});
  CHECK(r.retroaction == std::vector<double>{3, 2, 1});
  CHECK(r.r_star[0] == Approx(144.0 / 335));
  CHECK(r.r_star[1] == Approx(132.0 / 335));
  CHECK(r.r_star[2] == Approx(729.0 / 335));
  CHECK(r.mao3(2, 0) == Approx(-729.0 / 335));
  // 2CAA_AB = ½(2 + 3) = 2.5, 2DAA_AB = ½(1 + 1) = 1, 2DAA_AC = ½(2 + 1) = 1.5, 2DAA_BC = 2.
  CHECK(r.caa[1](0, 1) == 2.5);
  CHECK(r.daa[1](0, 1) == 1);
  CHECK(r.daa[1](0, 2) == 1.5);
  CHECK(r.daa[1](1, 2) == 2);
  CHECK(r.caa[0](0, 1) == 1);
  // EQ2_A = 1 − (|2.5 − 1| + |0 − 1.5|) / (3.5 + 1.5) = 0.4; EQ2_C = 1 − 3.5 / 3.5 = 0.
  CHECK(r.ambivalence[1][0] == Approx(0.4));
  CHECK(r.ambivalence[1][2] == Approx(0.0).margin(1e-12));
  // double_retroaction: r_A = ((4 − 3)/17)(4/11); full: I' = 7 6 10, D' = 10 10 3, Σ I' = 23,
  // r_A = ((7 − 3)/23)(7/17).
  MactorOptions o;
  o.balance = "double_retroaction";
  CHECK(mactor(mid, mao, abc, {"o1", "o2"}, o).r[0] == Approx((1.0 / 17) * (4.0 / 11)));
  o.balance = "full";
  CHECK(mactor(mid, mao, abc, {"o1", "o2"}, o).r[0] == Approx((4.0 / 23) * (7.0 / 17)));
}

TEST_CASE("MACTOR errors name the cell at fault") {
  auto mid = matrix(2, 2, {0, 5, 1, 0});
  auto mao = matrix(2, 1, {1, 1});
  CHECK(test::has(test::thrown<InvalidInput>([&] { mactor(mid, mao, {"A", "B"}, {"o"}); }),
                  "MID row 'A', column 'B': 5 is not an influence"));
  auto good = matrix(2, 2, {0, 1, 1, 0});
  auto badmao = matrix(2, 1, {1, 9});
  CHECK(test::has(test::thrown<InvalidInput>([&] { mactor(good, badmao, {"A", "B"}, {"o"}); }),
                  "MAO row 'B', column 'o': 9"));
  MactorOptions o;
  o.balance = "other";
  CHECK_THROWS_AS(mactor(good, mao, {"A", "B"}, {"o"}, o), InvalidInput);
}

TEST_CASE("Loops of a small signed multigraph worked by hand") {
  // Links: 0: 0→1 +, 1: 1→0 −, 2: 1→2 +, 3: 2→0 +, 4: 2→2 −, 5: 3→0 +, 6: 1→0 + (parallel).
  // Loops: 0-1 by link 1 (−: balancing), 0-1-2 (+), 0-1 by link 6 (+), the self-link 2→2 (−).
  std::vector<SignedLink> links = {{0, 1, 1}, {1, 0, -1}, {1, 2, 1}, {2, 0, 1}, {2, 2, -1}, {3, 0, 1}, {1, 0, 1}};
  auto loops = find_loops(4, links);
  REQUIRE(loops.size() == 4);
  CHECK(loops[0].links == std::vector<std::uint32_t>{0, 1});
  CHECK(loops[0].polarity == -1);
  CHECK(loops[1].links == std::vector<std::uint32_t>{0, 2, 3});
  CHECK(loops[1].polarity == 1);
  CHECK(loops[2].links == std::vector<std::uint32_t>{0, 6});
  CHECK(loops[3].links == std::vector<std::uint32_t>{4});
  CHECK(loops[3].polarity == -1);
  LoopOptions o;
  o.max_length = 2;
  CHECK(find_loops(4, links, o).size() == 3);
  links[2].sign = 0;  // unknown sign: the loop 0-1-2 is undetermined
  CHECK(find_loops(4, links)[1].polarity == 0);
}

TEST_CASE("Loops of complete digraphs number sum of C(n,k)(k-1)!") {
  // n = 5: 10 + 20 + 30 + 24 = 84; n = 6: 15 + 40 + 90 + 144 + 120 = 409.
  for (auto [n, expected] : {std::pair<std::uint32_t, std::size_t>{5, 84}, {6, 409}}) {
    std::vector<SignedLink> links;
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t j = 0; j < n; ++j)
        if (i != j) links.push_back({i, j, 1});
    CHECK(find_loops(n, links).size() == expected);
    // Bounded at 3: C(n,2) + 2·C(n,3).
    LoopOptions o;
    o.max_length = 3;
    CHECK(find_loops(n, links, o).size() == n * (n - 1) / 2 + n * (n - 1) * (n - 2) / 3);
  }
}

TEST_CASE("Loop enumeration guards its count and can be cancelled") {
  std::vector<SignedLink> links;
  for (std::uint32_t i = 0; i < 7; ++i)
    for (std::uint32_t j = 0; j < 7; ++j)
      if (i != j) links.push_back({i, j, 1});
  LoopOptions o;
  o.max_count = 100;
  CHECK(test::has(test::thrown<InvalidInput>([&] { find_loops(7, links, o); }), "more than max_count = 100"));
  LoopOptions c;
  c.progress = [](std::string_view, std::uint64_t done, std::uint64_t) {
    if (done >= 1) throw Cancelled();
  };
  CHECK_THROWS_AS(find_loops(7, links, c), Cancelled);
  CHECK(test::has(test::thrown<InvalidInput>([] { find_loops(2, {{0, 2, 1}}); }), "variable index 2"));
  CHECK(test::has(test::thrown<InvalidInput>([] { find_loops(2, {{0, 1, 2}}); }), "sign 2"));
}
