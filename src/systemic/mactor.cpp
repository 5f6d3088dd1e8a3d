// MACTOR: two-step influences by the min operator (MIDI, MMIDI), balance of power in three
// documented variants, weighted positions (3MAO), convergences, divergences and ambivalence.
#include "maillage/systemic/mactor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "maillage/core/error.hpp"

namespace maillage::systemic {

namespace {

std::string name_of(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? quote(names[i]) : std::to_string(i);
}

std::string number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return std::to_string(v);
}

DenseMatrix zeros(std::size_t r, std::size_t c) {
  DenseMatrix m;
  m.rows = r;
  m.cols = c;
  m.values.assign(r * c, 0.0);
  return m;
}

void agreement(const DenseMatrix& mao, DenseMatrix& caa, DenseMatrix& daa) {
  std::size_t n = mao.rows;
  caa = zeros(n, n);
  daa = zeros(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      double c = 0;
      double d = 0;
      for (std::size_t k = 0; k < mao.cols; ++k) {
        double a = mao(i, k);
        double b = mao(j, k);
        double half = (std::fabs(a) + std::fabs(b)) / 2;
        if (a * b > 0) c += half;
        if (a * b < 0) d += half;
      }
      caa(i, j) = c;
      daa(i, j) = d;
    }
}

std::vector<double> ambivalence_of(const DenseMatrix& caa, const DenseMatrix& daa) {
  std::size_t n = caa.rows;
  std::vector<double> eq(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < n; ++i) {
    double num = 0;
    double den = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (k == i) continue;
      double c = std::fabs(caa(i, k));
      double d = std::fabs(daa(i, k));
      num += std::fabs(c - d);
      den += c + d;
    }
    if (den > 0) eq[i] = 1 - num / den;
  }
  return eq;
}

}  // namespace

MactorResult mactor(const DenseMatrix& mid, const DenseMatrix& mao, const std::vector<std::string>& actors,
                    const std::vector<std::string>& objectives, const MactorOptions& options) {
  std::size_t n = mid.rows;
  std::size_t m = mao.cols;
  if (mid.cols != n || mid.values.size() != n * n)
    throw InvalidInput("MACTOR: MID must be square (actors × actors), not " + std::to_string(mid.rows) + " × " +
                       std::to_string(mid.cols));
  if (n < 2) throw InvalidInput("MACTOR: at least two actors are needed");
  if (mao.rows != n || mao.values.size() != n * m)
    throw InvalidInput("MACTOR: MAO must have one row per actor (" + std::to_string(n) + "), not " +
                       std::to_string(mao.rows));
  if (m == 0) throw InvalidInput("MACTOR: MAO has no objective");
  if (options.balance != "godet" && options.balance != "double_retroaction" && options.balance != "full")
    throw InvalidInput("unknown balance " + quote(options.balance) +
                       " (expected \"godet\", \"double_retroaction\" or \"full\")");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double v = mid(i, j);
      std::string where = "MID row " + name_of(actors, i) + ", column " + name_of(actors, j) + ": ";
      if (!(v == 0 || v == 1 || v == 2 || v == 3 || v == 4))
        throw InvalidInput(where + number(v) + " is not an influence (0 to 4)");
      if (i == j && v != 0) throw InvalidInput(where + "the diagonal must be 0, not " + number(v));
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < m; ++k) {
      double v = mao(i, k);
      if (!(std::isfinite(v) && v == std::floor(v) && v >= -4 && v <= 4))
        throw InvalidInput("MAO row " + name_of(actors, i) + ", column " + name_of(objectives, k) + ": " + number(v) +
                           " is not a position (an integer from -4 to 4)");
    }

  MactorResult r;
  r.midi = zeros(n, n);
  r.mmidi = zeros(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0;
      double best = 0;
      for (std::size_t k = 0; k < n; ++k) {
        double v = std::min(mid(i, k), mid(k, j));
        sum += v;
        best = std::max(best, v);
      }
      r.midi(i, j) = mid(i, j) + sum;
      r.mmidi(i, j) = i == j ? 0 : std::max(mid(i, j), best);
    }
  r.influence.assign(n, 0);
  r.dependence.assign(n, 0);
  r.retroaction.assign(n, 0);
  r.direct_influence.assign(n, 0);
  r.direct_dependence.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      r.direct_influence[i] += mid(i, j);
      r.direct_dependence[j] += mid(i, j);
      if (i == j) {
        r.retroaction[i] = r.midi(i, i);
      } else {
        r.influence[i] += r.midi(i, j);
        r.dependence[j] += r.midi(i, j);
      }
    }
  std::vector<double> inf = r.influence;
  std::vector<double> dep = r.dependence;
  std::vector<double> first(n);
  if (options.balance == "full")
    for (std::size_t i = 0; i < n; ++i) {
      inf[i] += r.retroaction[i];
      dep[i] += r.retroaction[i];
    }
  double total = 0;
  for (double v : inf) total += v;
  if (total == 0) throw InvalidInput("MACTOR: no actor has any influence (MID is all zeros)");
  r.r.assign(n, 0);
  double rsum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double own = options.balance == "godet" ? inf[i] : inf[i] - r.retroaction[i];
    double both = inf[i] + dep[i];
    r.r[i] = both > 0 ? (own / total) * (inf[i] / both) : 0;
    rsum += r.r[i];
  }
  if (!(rsum > 0)) throw InvalidInput("MACTOR: the balance of power is zero for every actor");
  r.r_star.resize(n);
  for (std::size_t i = 0; i < n; ++i) r.r_star[i] = static_cast<double>(n) * r.r[i] / rsum;

  r.mao2 = mao;
  r.mao1 = zeros(n, m);
  r.mao3 = zeros(n, m);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < m; ++k) {
      double v = mao(i, k);
      r.mao1(i, k) = v > 0 ? 1 : (v < 0 ? -1 : 0);
      r.mao3(i, k) = r.r_star[i] * v;
    }
  const DenseMatrix* orders[3] = {&r.mao1, &r.mao2, &r.mao3};
  for (int v = 0; v < 3; ++v) {
    agreement(*orders[v], r.caa[v], r.daa[v]);
    r.ambivalence[v] = ambivalence_of(r.caa[v], r.daa[v]);
  }
  return r;
}

}  // namespace maillage::systemic
