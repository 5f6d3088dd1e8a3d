// Eigenvector centrality, PageRank and Katz by power iteration, following NetworkX's iterations
// and stopping rule (Σ|x - x_prev| < n·tol). Each step pulls over in-arcs (one writer per node);
// sums run over fixed node chunks whose partial sums are added in chunk order, so every thread
// count gives the same bits.
#include <cmath>
#include <cstdio>
#include <string>

#include "maillage/algo/spectral.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

/// In-arcs with strengths (empty = all 1).
struct InArcs {
  std::span<const std::uint64_t> offsets;
  std::span<const std::uint32_t> sources;
  detail::ArcStrengths strengths;
};

InArcs in_arcs(const View& view, const char* measure) {
  return InArcs{view.in_offsets(), view.in_sources(),
                detail::arc_strengths(view, view.in_weights(), view.in_edges(), measure)};
}

/// Σ_{u → v} x[u]·w(u, v).
inline double pull(const InArcs& g, const double* x, std::uint32_t v) {
  const std::uint64_t* off = g.offsets.data();
  const std::uint32_t* src = g.sources.data();
  double y = 0.0;
  if (g.strengths.values.empty()) {
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) y += x[src[a]];
  } else {
    const double* w = g.strengths.values.data();
    for (auto a = off[v], end = off[v + 1]; a < end; ++a) y += x[src[a]] * w[a];
  }
  return y;
}

/// Worker count and the chunk range [first, last) of each worker.
struct Split {
  std::size_t chunks;
  unsigned workers;
  std::size_t first(unsigned w) const { return chunks * w / workers; }
  std::size_t last(unsigned w) const { return chunks * (w + 1) / workers; }
};

/// Elementary steps of one iteration.
double work_of(const View& view) {
  return static_cast<double>(view.in_sources().size()) + static_cast<double>(view.number_of_nodes());
}

Split split(const View& view, int threads) {
  const std::size_t n = view.number_of_nodes();
  const std::size_t chunks = detail::chunks_of(n);
  const double work = 20.0 * (static_cast<double>(view.in_sources().size()) + static_cast<double>(n));
  return Split{chunks, detail::plan_workers(threads, work, chunks, 2e6)};
}

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}

[[noreturn]] void no_convergence(const char* measure, std::uint32_t max_iter, double tol) {
  throw Error(std::string(measure)
                  .append(": no convergence within ")
                  .append(std::to_string(max_iter))
                  .append(" iterations (tol=")
                  .append(number(tol))
                  .append("); raise max_iter or tol"));
}

void check_tol(const char* measure, double tol) {
  if (!(tol > 0.0) || !std::isfinite(tol))
    throw InvalidInput(std::string(measure).append(": tol must be a positive number, not ").append(number(tol)));
}

/// A per-node vector normalised to sum 1: non-negative, finite, not all zero, n values.
std::vector<double> distribution(const std::vector<double>& values, std::size_t n, const char* what) {
  if (values.size() != n)
    throw InvalidInput(std::string(what)
                           .append(": ")
                           .append(std::to_string(values.size()))
                           .append(" values for ")
                           .append(std::to_string(n))
                           .append(" nodes"));
  double sum = 0.0;
  for (double v : values) {
    if (!(v >= 0.0) || !std::isfinite(v))
      throw InvalidInput(std::string(what).append(": values must be finite and non-negative, not ").append(number(v)));
    sum += v;
  }
  if (!(sum > 0.0)) throw InvalidInput(std::string(what).append(": every value is zero"));
  std::vector<double> out(values);
  for (double& v : out) v /= sum;
  return out;
}

}  // namespace

IterativeMeasure eigenvector_centrality(const View& view, const EigenvectorOptions& options) {
  check_tol("eigenvector_centrality", options.tol);
  const std::uint32_t n = view.number_of_nodes();
  IterativeMeasure r;
  if (n == 0) return r;
  const InArcs g = in_arcs(view, "eigenvector_centrality");
  Split sp = split(view, options.threads);
  std::vector<double> a(n, 1.0 / n), b(n, 0.0);
  std::vector<double> sq(sp.chunks), err(sp.chunks);
  const double limit = n * options.tol;
  bool converged = false;
  std::uint32_t iterations = 0;
  double* result = nullptr;
  ProgressReporter progress(detail::progress_for(options.progress, work_of(view) * options.max_iter), "eigenvector centrality", options.max_iter,
                            detail::report_every(options.max_iter));
  detail::Team team(sp.workers);
  sp.workers = team.size();  // the budget may grant fewer than planned
  team.run([&](unsigned w) {
    double* x = a.data();
    double* y = b.data();
    for (std::uint32_t it = 1; it <= options.max_iter; ++it) {
      if (w == 0) progress.tick(it - 1);
      for (std::size_t c = sp.first(w); c < sp.last(w); ++c) {
        const std::size_t lo = c * detail::sum_chunk, hi = std::min<std::size_t>(n, lo + detail::sum_chunk);
        double s = 0.0;
        for (std::size_t v = lo; v < hi; ++v) {
          const double yv = x[v] + pull(g, x, static_cast<std::uint32_t>(v));
          y[v] = yv;
          s += yv * yv;
        }
        sq[c] = s;
        checkpoint();
      }
      team.sync();
      if (team.aborted()) return;
      double norm = std::sqrt(detail::ordered_sum(sq));
      if (norm == 0.0) norm = 1.0;
      for (std::size_t c = sp.first(w); c < sp.last(w); ++c) {
        const std::size_t lo = c * detail::sum_chunk, hi = std::min<std::size_t>(n, lo + detail::sum_chunk);
        double e = 0.0;
        for (std::size_t v = lo; v < hi; ++v) {
          y[v] /= norm;
          e += std::abs(y[v] - x[v]);
        }
        err[c] = e;
        checkpoint();
      }
      team.sync();
      if (team.aborted()) return;
      const double total = detail::ordered_sum(err);
      std::swap(x, y);
      if (total < limit) {
        if (w == 0) {
          converged = true;
          iterations = it;
          result = x;
        }
        return;
      }
      // No third barrier: the next iteration writes sq (read before the last barrier) and err only
      // after its first barrier.
    }
  });
  progress.finish();
  if (!converged) no_convergence("eigenvector_centrality", options.max_iter, options.tol);
  r.values.assign(result, result + n);
  r.iterations = iterations;
  return r;
}

IterativeMeasure pagerank(const View& view, const PageRankOptions& options) {
  check_tol("pagerank", options.tol);
  const std::uint32_t n = view.number_of_nodes();
  IterativeMeasure r;
  if (n == 0) return r;
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0))
    throw InvalidInput(std::string("pagerank: alpha must be in [0, 1], not ").append(number(options.alpha)));
  const InArcs g = in_arcs(view, "pagerank");
  // Out-strength of every node (a self-loop once, as in NetworkX's adjacency matrix).
  std::vector<double> inv_out(n, 0.0);
  {
    const auto off = view.out_offsets();
    const auto out_s = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "pagerank");
    for (std::uint32_t u = 0; u < n; ++u) {
      double s = 0.0;
      if (out_s.values.empty()) s = static_cast<double>(off[u + 1] - off[u]);
      else
        for (auto a = off[u]; a < off[u + 1]; ++a) s += out_s.values[a];
      inv_out[u] = s != 0.0 ? 1.0 / s : 0.0;
    }
  }
  std::vector<double> p = options.personalization.empty() ? std::vector<double>(n, 1.0 / n)
                                                          : distribution(options.personalization, n, "pagerank: personalization");
  std::vector<double> dangling = options.dangling.empty() ? p : distribution(options.dangling, n, "pagerank: dangling");
  const double alpha = options.alpha;
  Split sp = split(view, options.threads);
  std::vector<double> a(n, 1.0 / n), b(n, 0.0), z(n, 0.0);
  std::vector<double> dpart(sp.chunks), err(sp.chunks);
  const double limit = n * options.tol;
  bool converged = false;
  std::uint32_t iterations = 0;
  double* result = nullptr;
  ProgressReporter progress(detail::progress_for(options.progress, work_of(view) * options.max_iter), "pagerank", options.max_iter,
                            detail::report_every(options.max_iter));
  detail::Team team(sp.workers);
  sp.workers = team.size();  // the budget may grant fewer than planned
  team.run([&](unsigned w) {
    double* x = a.data();
    double* y = b.data();
    for (std::uint32_t it = 1; it <= options.max_iter; ++it) {
      if (w == 0) progress.tick(it - 1);
      for (std::size_t c = sp.first(w); c < sp.last(w); ++c) {
        const std::size_t lo = c * detail::sum_chunk, hi = std::min<std::size_t>(n, lo + detail::sum_chunk);
        double d = 0.0;
        for (std::size_t u = lo; u < hi; ++u) {
          z[u] = x[u] * inv_out[u];
          if (inv_out[u] == 0.0) d += x[u];
        }
        dpart[c] = d;
        checkpoint();
      }
      team.sync();
      if (team.aborted()) return;
      const double dsum = detail::ordered_sum(dpart);
      for (std::size_t c = sp.first(w); c < sp.last(w); ++c) {
        const std::size_t lo = c * detail::sum_chunk, hi = std::min<std::size_t>(n, lo + detail::sum_chunk);
        double e = 0.0;
        for (std::size_t v = lo; v < hi; ++v) {
          const double xv = alpha * (pull(g, z.data(), static_cast<std::uint32_t>(v)) + dsum * dangling[v]) +
                            (1.0 - alpha) * p[v];
          y[v] = xv;
          e += std::abs(xv - x[v]);
        }
        err[c] = e;
        checkpoint();
      }
      team.sync();
      if (team.aborted()) return;
      const double total = detail::ordered_sum(err);
      std::swap(x, y);
      if (total < limit) {
        if (w == 0) {
          converged = true;
          iterations = it;
          result = x;
        }
        return;
      }
      // No third barrier needed: the next phase writes z and dpart, read only after its barrier,
      // and err is rewritten only after that barrier too.
    }
  });
  progress.finish();
  if (!converged) no_convergence("pagerank", options.max_iter, options.tol);
  r.values.assign(result, result + n);
  r.iterations = iterations;
  return r;
}

IterativeMeasure katz_centrality(const View& view, const KatzOptions& options) {
  check_tol("katz_centrality", options.tol);
  const std::uint32_t n = view.number_of_nodes();
  IterativeMeasure r;
  if (n == 0) return r;
  if (!options.beta_per_node.empty() && options.beta_per_node.size() != n)
    throw InvalidInput(std::string("katz_centrality: ")
                           .append(std::to_string(options.beta_per_node.size()))
                           .append(" beta values for ")
                           .append(std::to_string(n))
                           .append(" nodes"));
  const InArcs g = in_arcs(view, "katz_centrality");
  Split sp = split(view, options.threads);
  std::vector<double> a(n, 0.0), b(n, 0.0);
  std::vector<double> err(sp.chunks), sq(sp.chunks);
  const double limit = n * options.tol;
  const double alpha = options.alpha;
  bool converged = false;
  std::uint32_t iterations = 0;
  double* result = nullptr;
  double scale = 1.0;
  ProgressReporter progress(detail::progress_for(options.progress, work_of(view) * options.max_iter), "katz centrality", options.max_iter,
                            detail::report_every(options.max_iter));
  detail::Team team(sp.workers);
  sp.workers = team.size();  // the budget may grant fewer than planned
  team.run([&](unsigned w) {
    double* x = a.data();
    double* y = b.data();
    for (std::uint32_t it = 1; it <= options.max_iter; ++it) {
      if (w == 0) progress.tick(it - 1);
      for (std::size_t c = sp.first(w); c < sp.last(w); ++c) {
        const std::size_t lo = c * detail::sum_chunk, hi = std::min<std::size_t>(n, lo + detail::sum_chunk);
        double e = 0.0, s = 0.0;
        for (std::size_t v = lo; v < hi; ++v) {
          const double beta = options.beta_per_node.empty() ? options.beta : options.beta_per_node[v];
          const double xv = alpha * pull(g, x, static_cast<std::uint32_t>(v)) + beta;
          y[v] = xv;
          e += std::abs(xv - x[v]);
          s += xv * xv;
        }
        err[c] = e;
        sq[c] = s;
        checkpoint();
      }
      team.sync();
      if (team.aborted()) return;
      const double total = detail::ordered_sum(err);
      std::swap(x, y);
      if (total < limit) {
        if (w == 0) {
          converged = true;
          iterations = it;
          result = x;
          if (options.normalized) {
            const double norm = std::sqrt(detail::ordered_sum(sq));
            scale = norm > 0.0 ? 1.0 / norm : 1.0;
          }
        }
        return;
      }
      team.sync();  // err and sq are read by everyone before the next iteration rewrites them
    }
  });
  progress.finish();
  if (!converged) no_convergence("katz_centrality", options.max_iter, options.tol);
  r.values.assign(result, result + n);
  if (scale != 1.0)
    for (double& v : r.values) v *= scale;
  r.iterations = iterations;
  return r;
}

}  // namespace maillage::algo
