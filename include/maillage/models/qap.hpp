#pragma once
/// QAP: correlation and regression of relations (n × n matrices) tested by permuting node labels.
///
/// The quadratic assignment procedure (Hubert 1987; Krackhardt 1988) tests a statistic of two or
/// more relations on the same nodes against its distribution when the rows and columns of one
/// matrix are permuted together, which keeps the dependence among the cells of a row or column.
/// Regression uses Dekker, Krackhardt & Snijders' (2007) semi-partialling: for each predictor k,
/// the residual of x_k regressed on the other predictors is permuted, and the t (z) statistic of
/// x_k in the refitted model forms the null distribution — the procedure of sna's `netlm` and
/// `netlogit` (nullhyp = "qapspp"). Matrices are row-major n × n; the diagonal is never read, nor
/// the lower triangle when `directed` is false. Determinism: permutation r of predictor k draws
/// from a generator seeded by (seed, k · permutations + r) only, so results are identical for any
/// thread count.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::models {

/// Options shared by the QAP tests.
struct QapOptions {
  std::uint64_t permutations = 1000;
  std::uint64_t seed = 0;
  int threads = 0;          ///< 0 = every core
  bool directed = true;     ///< false: the cells i < j only (symmetric relations)
  ProgressCallback progress;  ///< ("qap", permutations done, total); may throw Cancelled
};

/// The permutation test of one statistic. p_greater = (1 + #{null ≥ observed})/(1 + R),
/// p_less = (1 + #{null ≤ observed})/(1 + R), p_abs = (1 + #{|null| ≥ |observed|})/(1 + R), with
/// a relative tolerance of 1e-9 in the comparisons; the null distribution's mean, standard
/// deviation (R − 1 in the denominator), 2.5 % and 97.5 % quantiles (type 7).
struct QapTest {
  double observed = 0;
  double p_greater = 1, p_less = 1, p_abs = 1;
  double null_mean = 0, null_std = 0, null_q025 = 0, null_q975 = 0;
  std::vector<double> null;  ///< the R permuted values
};

/// Pearson correlation of the cells of `y` and `x` (n × n each), tested by permuting `x`.
/// Throws InvalidInput for a size mismatch, fewer than 3 cells, a non-finite cell (named by its
/// row and column) or a constant matrix. O(R · n²).
QapTest qap_correlation(std::size_t n, std::span<const double> y, std::span<const double> x,
                        const QapOptions& options);

/// Linear (least squares) or logistic (maximum likelihood, y in {0, 1}) regression.
enum class QapFamily : std::uint8_t { linear, logistic };
/// The permutation: Dekker's semi-partialling (`semi_partial`, the default) or the permutation of
/// y (`permute_y`, sna's "qapy").
enum class QapNull : std::uint8_t { semi_partial, permute_y };

/// A QAP regression: coefficient per term (the intercept first, then the predictors in order),
/// model standard errors and t (linear) or z (logistic) statistics, and the permutation test of
/// each statistic.
struct QapRegressionResult {
  std::vector<double> coefficients, std_errors, statistics;
  std::vector<QapTest> tests;
  std::size_t cells = 0;  ///< cells used (n(n − 1), or n(n − 1)/2 when undirected)
  double r_squared = 0;   ///< linear: 1 − RSS/TSS; logistic: McFadden's 1 − D/D₀
  double deviance = 0;    ///< linear: the residual sum of squares; logistic: −2 log L
};

/// Regression of `y` on an intercept and the matrices `x`. Throws InvalidInput for a size
/// mismatch, a non-finite cell, y outside {0, 1} for the logistic family, or collinear
/// predictors. O(R · p · cells · p²) (logistic: times its Newton iterations).
QapRegressionResult qap_regression(std::size_t n, std::span<const double> y,
                                   const std::vector<std::span<const double>>& x, QapFamily family,
                                   QapNull null, const QapOptions& options);

}  // namespace maillage::models
