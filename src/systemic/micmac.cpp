// MICMAC: powers of the direct influence matrix in double precision (Eigen dense products), ranks
// with a relative-tolerance tie rule, Godet's stopping rule with a bound, plane classification.
#include "maillage/systemic/micmac.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "maillage/core/error.hpp"

namespace maillage::systemic {

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string cell_name(const std::vector<std::string>& names, std::size_t i) {
  return i < names.size() ? quote(names[i]) : std::to_string(i);
}

std::string number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::string s = std::to_string(v);
  return s;
}

DenseMatrix from_eigen(const RowMatrix& m) {
  DenseMatrix out;
  out.rows = static_cast<std::size_t>(m.rows());
  out.cols = static_cast<std::size_t>(m.cols());
  out.values.assign(m.data(), m.data() + m.size());
  return out;
}

RowMatrix to_eigen(const DenseMatrix& m) {
  RowMatrix out(static_cast<Eigen::Index>(m.rows), static_cast<Eigen::Index>(m.cols));
  std::copy(m.values.begin(), m.values.end(), out.data());
  return out;
}

double cut_of(std::vector<double> v, const std::string& cut) {
  if (v.empty()) return 0;
  if (cut == "mean") {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  }
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Reports (stage, power, target) after each power, and between the blocks of rows of a product when
// 50 ms passed since the last report: a product of two n × n matrices takes seconds from n ≈ 1500,
// and Ctrl-C (a callback that throws) must be seen within 100 ms of work.
class PowerProgress {
 public:
  PowerProgress(const ProgressCallback& callback, const char* stage, std::uint64_t total)
      : callback_(callback), stage_(stage), total_(total), last_(std::chrono::steady_clock::now()) {}
  void report(std::uint64_t done) {
    if (!callback_) return;
    callback_(stage_, done, total_);
    last_ = std::chrono::steady_clock::now();
  }
  void poll(std::uint64_t done) {
    if (callback_ && std::chrono::steady_clock::now() - last_ >= std::chrono::milliseconds(50)) report(done);
  }

 private:
  const ProgressCallback& callback_;
  const char* stage_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point last_;
};

// p · m, by blocks of rows of about 2²² multiply-adds (a few milliseconds), with a progress poll
// between blocks.
RowMatrix product(const RowMatrix& p, const RowMatrix& m, PowerProgress& progress, std::uint64_t done) {
  const Eigen::Index n = p.rows(), inner = std::max<Eigen::Index>(1, p.cols() * m.cols());
  const Eigen::Index block = std::max<Eigen::Index>(1, (Eigen::Index{1} << 22) / inner);
  RowMatrix out(n, m.cols());
  for (Eigen::Index r = 0; r < n; r += block) {
    const Eigen::Index rows = std::min(block, n - r);
    out.middleRows(r, rows).noalias() = p.middleRows(r, rows) * m;
    progress.poll(done);
  }
  return out;
}

MicmacLevel analyse(const RowMatrix& m, const MicmacOptions& o, const char* stage) {
  MicmacLevel level;
  level.direct = micmac_scores(from_eigen(m), o.tolerance);
  RowMatrix p = m;
  MicmacScores previous = level.direct;
  std::uint32_t target = o.power ? *o.power : o.max_power;
  PowerProgress progress(o.progress, stage, target);
  for (std::uint32_t k = 1;; ++k) {
    if (k > 1) {
      RowMatrix next = product(p, m, progress, k - 1);
      p.swap(next);
      if (!p.allFinite())
        throw InvalidInput(std::string("MICMAC: M^") + std::to_string(k) +
                           " overflows double precision; ask for a smaller power or max_power");
    }
    MicmacScores scores = micmac_scores(from_eigen(p), o.tolerance);
    bool stable = k > 1 && scores.influence_rank == previous.influence_rank &&
                  scores.dependence_rank == previous.dependence_rank;
    progress.report(k);
    if ((!o.power && stable) || k == target) {
      level.indirect = std::move(scores);
      level.indirect_matrix = from_eigen(p);
      level.power = k;
      level.converged = stable;
      break;
    }
    previous = std::move(scores);
  }
  level.direct_class = micmac_classes(level.direct.influence_share, level.direct.dependence_share, o.cut,
                                      o.regulating_band);
  level.indirect_class = micmac_classes(level.indirect.influence_share, level.indirect.dependence_share, o.cut,
                                        o.regulating_band);
  return level;
}

}  // namespace

std::vector<std::uint32_t> tolerant_ranks(const std::vector<double>& values, double tolerance) {
  std::size_t n = values.size();
  std::vector<std::uint32_t> rank(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t r = 1;
    double vi = values[i];
    for (std::size_t j = 0; j < n; ++j) {
      double vj = values[j];
      if (vj - vi > tolerance * std::max(std::fabs(vi), std::fabs(vj))) ++r;
    }
    rank[i] = r;
  }
  return rank;
}

MicmacScores micmac_scores(const DenseMatrix& p, double tolerance) {
  MicmacScores s;
  std::size_t n = p.rows;
  s.influence.assign(n, 0.0);
  s.dependence.assign(p.cols, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < p.cols; ++j) {
      double v = p(i, j);
      s.influence[i] += v;
      s.dependence[j] += v;
    }
  s.influence_rank = tolerant_ranks(s.influence, tolerance);
  s.dependence_rank = tolerant_ranks(s.dependence, tolerance);
  auto shares = [](const std::vector<double>& v) {
    double total = 0;
    for (double x : v) total += x;
    std::vector<double> out(v.size(), std::numeric_limits<double>::quiet_NaN());
    if (total != 0)
      for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i] / total;
    return out;
  };
  s.influence_share = shares(s.influence);
  s.dependence_share = shares(s.dependence);
  return s;
}

std::vector<std::string> micmac_classes(const std::vector<double>& influence, const std::vector<double>& dependence,
                                        const std::string& cut, double band) {
  if (cut != "mean" && cut != "median")
    throw InvalidInput("unknown cut " + quote(cut) + " (expected \"mean\" or \"median\")");
  double ci = cut_of(influence, cut);
  double cd = cut_of(dependence, cut);
  std::vector<std::string> out(influence.size());
  for (std::size_t i = 0; i < influence.size(); ++i) {
    double x = influence[i];
    double y = dependence[i];
    if (std::isnan(x) || std::isnan(y)) {
      out[i] = "autonomous";
      continue;
    }
    if (std::fabs(x - ci) <= band * ci && std::fabs(y - cd) <= band * cd) {
      out[i] = "regulating";
      continue;
    }
    bool hi = x > ci;
    bool hd = y > cd;
    out[i] = hi ? (hd ? "relay" : "influential") : (hd ? "dependent" : "autonomous");
  }
  return out;
}

MicmacResult micmac(const DenseMatrix& matrix, const DenseMatrix& potential, const std::vector<std::string>& names,
                    const MicmacOptions& options) {
  std::size_t n = matrix.rows;
  if (matrix.cols != n || matrix.values.size() != n * n)
    throw InvalidInput("MICMAC: the matrix must be square, not " + std::to_string(matrix.rows) + " × " +
                       std::to_string(matrix.cols));
  if (n == 0) throw InvalidInput("MICMAC: the matrix is empty");
  if (!names.empty() && names.size() != n)
    throw InvalidInput("MICMAC: " + std::to_string(names.size()) + " names for " + std::to_string(n) + " variables");
  bool has_potential = !potential.values.empty();
  if (has_potential && (potential.rows != n || potential.cols != n || potential.values.size() != n * n))
    throw InvalidInput("MICMAC: the potential matrix must be " + std::to_string(n) + " × " + std::to_string(n) +
                       ", not " + std::to_string(potential.rows) + " × " + std::to_string(potential.cols));
  if (options.power && *options.power < 1) throw InvalidInput("MICMAC: power must be at least 1");
  if (options.power && *options.power > micmac_power_limit)
    throw InvalidInput("MICMAC: power must be at most " + std::to_string(micmac_power_limit) + ", not " +
                       std::to_string(*options.power));
  if (!options.power && options.max_power > micmac_power_limit)
    throw InvalidInput("MICMAC: max_power must be at most " + std::to_string(micmac_power_limit) + ", not " +
                       std::to_string(options.max_power));
  if (!options.power && options.max_power < 2)
    throw InvalidInput("MICMAC: max_power must be at least 2, not " + std::to_string(options.max_power));
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
    throw InvalidInput("MICMAC: tolerance must be a non-negative number");
  if (!(options.p_value >= 0) || !std::isfinite(options.p_value))
    throw InvalidInput("MICMAC: p_value must be a non-negative number, not " + number(options.p_value));
  if (!(options.regulating_band >= 0) || !std::isfinite(options.regulating_band))
    throw InvalidInput("MICMAC: regulating_band must be a non-negative number");
  if (options.cut != "mean" && options.cut != "median")
    throw InvalidInput("unknown cut " + quote(options.cut) + " (expected \"mean\" or \"median\")");
  auto where = [&](std::size_t i, std::size_t j) {
    std::string s = "row ";
    s += cell_name(names, i);
    s += ", column ";
    s += cell_name(names, j);
    return s;
  };
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double v = matrix(i, j);
      if (!(v == 0 || v == 1 || v == 2 || v == 3))
        throw InvalidInput("MICMAC matrix " + where(i, j) + ": " + number(v) +
                           " is not an influence (0, 1, 2, 3 or P)");
      if (i == j && v != 0)
        throw InvalidInput("MICMAC matrix " + where(i, j) + ": the diagonal must be 0, not " + number(v));
      if (has_potential) {
        double p = potential(i, j);
        if (!(p == 0 || p == 1))
          throw InvalidInput("MICMAC potential matrix " + where(i, j) + ": " + number(p) + " is not 0 or 1");
        if (p == 1 && i == j) throw InvalidInput("MICMAC potential matrix " + where(i, j) + ": the diagonal must be 0");
        if (p == 1 && v != 0)
          throw InvalidInput("MICMAC " + where(i, j) + ": both an actual influence (" + number(v) +
                             ") and a potential one");
      }
    }
  RowMatrix m = to_eigen(matrix);
  MicmacResult result;
  result.actual = analyse(m, options, "micmac");
  RowMatrix mp = m;
  if (has_potential)
    for (std::size_t k = 0; k < n * n; ++k)
      if (potential.values[k] == 1) mp.data()[k] = options.p_value;
  result.potential = analyse(mp, options, "micmac potential");
  return result;
}

}  // namespace maillage::systemic
