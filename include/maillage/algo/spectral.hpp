#pragma once
/// Spectral and random-walk centralities of a View by power iteration, with NetworkX's
/// iterations, stopping rule and normalisations: eigenvector centrality, PageRank, Katz.
///
/// Weights are strengths (the weight on a strength view, 1/weight on a distance view, 1 when
/// unweighted; a zero distance is an InvalidInput). Directed views use in-links (x_v sums over
/// u → v). Every sum is taken in a fixed order over fixed node chunks, so the result is identical
/// for any thread count. Each iteration is O(n + m).
#include <cstdint>
#include <vector>

#include "maillage/algo/measures.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Options of eigenvector_centrality.
struct EigenvectorOptions : ParallelOptions {
  /// Stop when Σ|x - x_prev| < n·tol (NetworkX's rule and default).
  double tol = 1e-6;
  std::uint32_t max_iter = 100;
};

/// NetworkX's eigenvector_centrality: power iteration on A + I from the uniform vector, unit
/// Euclidean norm. Error when it does not converge within max_iter iterations (a graph that is
/// not (strongly) connected may not have a unique answer). Empty view → empty result.
IterativeMeasure eigenvector_centrality(const View& view, const EigenvectorOptions& options = {});

/// Options of pagerank.
struct PageRankOptions : ParallelOptions {
  double alpha = 0.85;
  /// Teleport distribution (empty = uniform); normalised to sum 1. Non-negative, not all zero.
  std::vector<double> personalization;
  /// Where dangling nodes (no out-strength) send their rank (empty = the personalization).
  std::vector<double> dangling;
  /// Stop when Σ|x - x_prev| < n·tol (NetworkX's rule and default).
  double tol = 1e-6;
  std::uint32_t max_iter = 100;
};

/// NetworkX's pagerank: x ← α(xP + (Σ_dangling x)·d) + (1-α)p from the uniform vector, P the
/// row-normalised strength matrix (a self-loop counts once). Error without convergence.
IterativeMeasure pagerank(const View& view, const PageRankOptions& options = {});

/// Options of katz_centrality.
struct KatzOptions : ParallelOptions {
  double alpha = 0.1;
  /// β for every node, or one per node when `beta_per_node` is not empty.
  double beta = 1.0;
  std::vector<double> beta_per_node;
  double tol = 1e-6;
  std::uint32_t max_iter = 1000;
  /// Scale the result to unit Euclidean norm.
  bool normalized = true;
};

/// NetworkX's katz_centrality: x ← αAᵀx + β from x = 0. Error without convergence (α must be
/// below 1/λ_max).
IterativeMeasure katz_centrality(const View& view, const KatzOptions& options = {});

}  // namespace maillage::algo
