// QAP correlation and regression (Dekker's semi-partialling). The fits are small dense problems
// solved with Eigen; the permutations are independent items run on a worker team.
#include "maillage/models/qap.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "../algo/support.hpp"
#include "maillage/core/error.hpp"
#include "models_support.hpp"

namespace maillage::models {

namespace {

using algo::detail::bounded_draw;
using algo::detail::sample_generator;

constexpr double tolerance = 1e-9;

std::vector<std::uint32_t> permutation(std::size_t n, std::uint64_t seed, std::uint64_t draw) {
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), 0u);
  auto rng = sample_generator(seed, draw);
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[bounded_draw(rng, i)]);
  return p;
}

// The cells a test reads, as (row, column) pairs in row-major order.
struct Cells {
  std::vector<std::uint32_t> row, col;
};

Cells cells_of(std::size_t n, bool directed) {
  Cells c;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = directed ? 0 : i + 1; j < n; ++j)
      if (i != j) c.row.push_back(static_cast<std::uint32_t>(i)), c.col.push_back(static_cast<std::uint32_t>(j));
  return c;
}

// A full n × n copy of `m` (upper triangle mirrored when undirected), after checking its cells.
std::vector<double> checked(std::size_t n, std::span<const double> m, const Cells& cells, bool directed,
                            const std::string& name) {
  if (m.size() != n * n)
    throw InvalidInput("qap: matrix " + name + " has " + std::to_string(m.size()) + " values, expected " +
                       std::to_string(n) + " × " + std::to_string(n));
  std::vector<double> full(m.begin(), m.end());
  for (std::size_t c = 0; c < cells.row.size(); ++c) {
    const std::size_t i = cells.row[c], j = cells.col[c];
    const double v = m[i * n + j];
    if (!std::isfinite(v))
      throw InvalidInput("qap: matrix " + name + " has a non-finite value at row " + std::to_string(i) + ", column " +
                         std::to_string(j));
    if (!directed) full[j * n + i] = v;
  }
  return full;
}

bool ge(double a, double b) { return a >= b - tolerance * std::max(1.0, std::abs(b)); }
bool le(double a, double b) { return a <= b + tolerance * std::max(1.0, std::abs(b)); }

QapTest summarize(double observed, std::vector<double> null) {
  QapTest t;
  t.observed = observed;
  const double r = static_cast<double>(null.size());
  std::size_t greater = 0, less = 0, absolute = 0;
  double sum = 0;
  for (double v : null) {
    greater += ge(v, observed);
    less += le(v, observed);
    absolute += ge(std::abs(v), std::abs(observed));
    sum += v;
  }
  t.p_greater = (1.0 + static_cast<double>(greater)) / (1.0 + r);
  t.p_less = (1.0 + static_cast<double>(less)) / (1.0 + r);
  t.p_abs = (1.0 + static_cast<double>(absolute)) / (1.0 + r);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (null.empty()) {
    t.null_mean = t.null_std = t.null_q025 = t.null_q975 = nan;
  } else {
    t.null_mean = sum / r;
    double ss = 0;
    for (double v : null) ss += (v - t.null_mean) * (v - t.null_mean);
    t.null_std = null.size() > 1 ? std::sqrt(ss / (r - 1)) : nan;
    std::vector<double> sorted = null;
    std::sort(sorted.begin(), sorted.end());
    t.null_q025 = quantile7(sorted, 0.025);
    t.null_q975 = quantile7(sorted, 0.975);
  }
  t.null = std::move(null);
  return t;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double k = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t c = 0; c < a.size(); ++c) ma += a[c], mb += b[c];
  ma /= k, mb /= k;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t c = 0; c < a.size(); ++c) {
    sab += (a[c] - ma) * (b[c] - mb);
    saa += (a[c] - ma) * (a[c] - ma);
    sbb += (b[c] - mb) * (b[c] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

template <class Body>
void run_permutations(std::size_t items, double work_per_item, const QapOptions& options, Body&& body) {
  const unsigned workers = algo::detail::plan_workers(options.threads, work_per_item * static_cast<double>(items), items);
  ProgressReporter progress(algo::detail::progress_for(options.progress, work_per_item * static_cast<double>(items)),
                            "qap", items, algo::detail::report_every(items));
  algo::detail::for_each_item(items, workers, body, [&](std::size_t done) { progress.tick(done); });
  progress.finish();
}

}  // namespace

QapTest qap_correlation(std::size_t n, std::span<const double> y, std::span<const double> x,
                        const QapOptions& options) {
  const Cells cells = cells_of(n, options.directed);
  if (cells.row.size() < 3) throw InvalidInput("qap: at least 3 cells are needed (n = " + std::to_string(n) + ")");
  const auto ym = checked(n, y, cells, options.directed, "y");
  const auto xm = checked(n, x, cells, options.directed, "x");
  const std::size_t k = cells.row.size();
  std::vector<double> yc(k), xc(k);
  for (std::size_t c = 0; c < k; ++c) yc[c] = ym[cells.row[c] * n + cells.col[c]], xc[c] = xm[cells.row[c] * n + cells.col[c]];
  const double observed = pearson(yc, xc);
  if (!std::isfinite(observed)) throw InvalidInput("qap: the correlation is undefined (a constant matrix)");
  std::vector<double> null(options.permutations);
  run_permutations(options.permutations, static_cast<double>(k), options, [&](std::size_t r, unsigned) {
    const auto p = permutation(n, options.seed, r);
    std::vector<double> xp(k);
    for (std::size_t c = 0; c < k; ++c) {
      if ((c & 0xffff) == 0xffff) checkpoint();
      xp[c] = xm[std::size_t{p[cells.row[c]]} * n + p[cells.col[c]]];
    }
    null[r] = pearson(yc, xp);
  });
  return summarize(observed, std::move(null));
}

QapRegressionResult qap_regression(std::size_t n, std::span<const double> y,
                                   const std::vector<std::span<const double>>& x, QapFamily family,
                                   QapNull null, const QapOptions& options) {
  const Cells cells = cells_of(n, options.directed);
  const std::size_t k = cells.row.size(), p = x.size() + 1;
  if (k <= p) throw InvalidInput("qap: " + std::to_string(k) + " cells for " + std::to_string(p) + " coefficients");
  const auto ym = checked(n, y, cells, options.directed, "y");
  std::vector<std::vector<double>> xm;
  for (std::size_t j = 0; j < x.size(); ++j) {
    std::string name = std::to_string(j + 1);
    name.insert(0, 1, 'x');
    xm.push_back(checked(n, x[j], cells, options.directed, name));
  }
  Eigen::VectorXd yv(static_cast<Eigen::Index>(k));
  Eigen::MatrixXd X(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p));
  for (std::size_t c = 0; c < k; ++c) {
    const auto e = static_cast<Eigen::Index>(c);
    const std::size_t at = cells.row[c] * n + cells.col[c];
    yv(e) = ym[at];
    if (family == QapFamily::logistic && yv(e) != 0 && yv(e) != 1)
      throw InvalidInput("qap: logistic regression needs y in {0, 1}; row " + std::to_string(cells.row[c]) +
                         ", column " + std::to_string(cells.col[c]) + " holds " + std::to_string(yv(e)));
    X(e, 0) = 1;
    for (std::size_t j = 0; j < x.size(); ++j) X(e, static_cast<Eigen::Index>(j + 1)) = xm[j][at];
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  if (qr.rank() < static_cast<Eigen::Index>(p))
    throw InvalidInput("qap: the predictors (with the intercept) are collinear");
  const bool logistic = family == QapFamily::logistic;
  const Fit fit = logistic ? logistic_fit(X, yv, Eigen::VectorXd::Ones(X.rows())) : linear_fit(X, yv);
  QapRegressionResult result;
  result.cells = k;
  result.coefficients.assign(fit.beta.data(), fit.beta.data() + p);
  result.std_errors.assign(fit.se.data(), fit.se.data() + p);
  for (std::size_t j = 0; j < p; ++j) result.statistics.push_back(result.coefficients[j] / result.std_errors[j]);
  result.deviance = fit.deviance;
  if (logistic) {
    const double mean = yv.mean();
    const double d0 = -2 * static_cast<double>(k) * ((mean > 0 ? mean * std::log(mean) : 0) +
                                                     (mean < 1 ? (1 - mean) * std::log(1 - mean) : 0));
    result.r_squared = d0 > 0 ? 1 - fit.deviance / d0 : 0;
  } else {
    const double tss = (yv.array() - yv.mean()).square().sum();
    result.r_squared = tss > 0 ? 1 - fit.deviance / tss : 0;
  }
  auto refit = [&](const Eigen::MatrixXd& design, const Eigen::VectorXd& response, std::size_t j) {
    const Fit f = logistic ? logistic_fit(design, response, Eigen::VectorXd::Ones(design.rows())) : linear_fit(design, response);
    const auto e = static_cast<Eigen::Index>(j);
    return f.beta(e) / f.se(e);
  };
  const std::uint64_t reps = options.permutations;
  const double work = static_cast<double>(k * p * p) * (logistic ? 10.0 : 1.0);
  if (null == QapNull::permute_y) {
    std::vector<double> values(reps * p);
    run_permutations(reps, work, options, [&](std::size_t r, unsigned) {
      const auto perm = permutation(n, options.seed, r);
      Eigen::VectorXd yp(static_cast<Eigen::Index>(k));
      for (std::size_t c = 0; c < k; ++c)
        yp(static_cast<Eigen::Index>(c)) = ym[std::size_t{perm[cells.row[c]]} * n + perm[cells.col[c]]];
      const Fit f = logistic ? logistic_fit(X, yp, Eigen::VectorXd::Ones(X.rows())) : linear_fit(X, yp);
      for (std::size_t j = 0; j < p; ++j)
        values[r * p + j] = f.beta(static_cast<Eigen::Index>(j)) / f.se(static_cast<Eigen::Index>(j));
    });
    for (std::size_t j = 0; j < p; ++j) {
      std::vector<double> v(reps);
      for (std::size_t r = 0; r < reps; ++r) v[r] = values[r * p + j];
      result.tests.push_back(summarize(result.statistics[j], std::move(v)));
    }
    return result;
  }
  // Semi-partialling: the residual of each predictor on the others, as a full matrix.
  std::vector<std::vector<double>> residual(p, std::vector<double>(n * n, 0.0));
  for (std::size_t j = 0; j < p; ++j) {
    Eigen::MatrixXd others(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(p - 1));
    for (std::size_t o = 0, col = 0; o < p; ++o)
      if (o != j) others.col(static_cast<Eigen::Index>(col++)) = X.col(static_cast<Eigen::Index>(o));
    Eigen::VectorXd e = X.col(static_cast<Eigen::Index>(j));
    if (p > 1) e -= others * others.colPivHouseholderQr().solve(e);
    for (std::size_t c = 0; c < k; ++c) {
      residual[j][cells.row[c] * n + cells.col[c]] = e(static_cast<Eigen::Index>(c));
      if (!options.directed) residual[j][cells.col[c] * n + cells.row[c]] = e(static_cast<Eigen::Index>(c));
    }
  }
  std::vector<double> values(reps * p);
  run_permutations(reps * p, work, options, [&](std::size_t item, unsigned) {
    const std::size_t j = item / reps, r = item % reps;
    const auto perm = permutation(n, options.seed, item);
    Eigen::MatrixXd design = X;
    for (std::size_t c = 0; c < k; ++c)
      design(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(j)) =
          residual[j][std::size_t{perm[cells.row[c]]} * n + perm[cells.col[c]]];
    values[j * reps + r] = refit(design, yv, j);
  });
  for (std::size_t j = 0; j < p; ++j)
    result.tests.push_back(summarize(result.statistics[j], std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(j * reps),
                                                                               values.begin() + static_cast<std::ptrdiff_t>((j + 1) * reps))));
  return result;
}

}  // namespace maillage::models
