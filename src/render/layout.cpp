#include "maillage/render/layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>

#include "maillage/core/error.hpp"
#include "maillage/core/parallel.hpp"

namespace maillage::render {

namespace {

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

void check_graph(const LayoutGraph& g) {
  for (const auto& [u, v] : g.edges)
    if (u >= g.n || v >= g.n)
      throw InvalidInput("layout edge (" + std::to_string(u) + ", " + std::to_string(v) + ") names a node ≥ n = " +
                         std::to_string(g.n));
  if (!g.weights.empty() && g.weights.size() != g.edges.size())
    throw InvalidInput("layout weights: " + std::to_string(g.weights.size()) + " weights for " +
                       std::to_string(g.edges.size()) + " edges");
  for (double w : g.weights)
    if (!(w > 0) || !std::isfinite(w)) throw InvalidInput("layout weights must be positive and finite");
}

/// Adjacency lists (both directions, self-loops dropped), neighbours ascending.
std::vector<std::vector<std::uint32_t>> adjacency(const LayoutGraph& g) {
  std::vector<std::vector<std::uint32_t>> adj(g.n);
  for (const auto& [u, v] : g.edges) {
    if (u == v) continue;
    adj[u].push_back(v);
    adj[v].push_back(u);
  }
  for (auto& a : adj) {
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
  }
  return adj;
}

std::vector<std::int32_t> bfs(const std::vector<std::vector<std::uint32_t>>& adj, std::uint32_t source) {
  std::vector<std::int32_t> dist(adj.size(), -1);
  std::vector<std::uint32_t> queue{source};
  dist[source] = 0;
  for (std::size_t head = 0; head < queue.size(); ++head) {
    std::uint32_t u = queue[head];
    for (std::uint32_t v : adj[u])
      if (dist[v] < 0) {
        dist[v] = dist[u] + 1;
        queue.push_back(v);
      }
  }
  return dist;
}

/// A quadtree over points, rebuilt per iteration: cells in creation order (parents first).
struct QuadTree {
  struct Cell {
    double x0, y0, size;
    double cx = 0, cy = 0, mass = 0;
    std::int32_t child[4] = {-1, -1, -1, -1};
    std::int32_t body = -1;  // first body of a leaf (linked through next), -2 for an internal cell
  };
  std::vector<Cell> cells;
  std::vector<std::int32_t> next;

  void build(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    cells.clear();
    next.assign(n, -1);
    double minx = x[0], maxx = x[0], miny = y[0], maxy = y[0];
    for (std::size_t i = 1; i < n; ++i) {
      minx = std::min(minx, x[i]);
      maxx = std::max(maxx, x[i]);
      miny = std::min(miny, y[i]);
      maxy = std::max(maxy, y[i]);
    }
    double size = std::max(maxx - minx, maxy - miny) * 1.0001 + 1e-9;
    cells.push_back(Cell{minx, miny, size});
    for (std::size_t i = 0; i < n; ++i) insert(static_cast<std::int32_t>(i), x, y);
    for (std::size_t c = cells.size(); c-- > 0;) {
      Cell& cell = cells[c];
      if (cell.body == -2) {
        double m = 0, sx = 0, sy = 0;
        for (std::int32_t ch : cell.child)
          if (ch >= 0 && cells[static_cast<std::size_t>(ch)].mass > 0) {
            const Cell& k = cells[static_cast<std::size_t>(ch)];
            m += k.mass;
            sx += k.cx * k.mass;
            sy += k.cy * k.mass;
          }
        cell.mass = m;
        if (m > 0) {
          cell.cx = sx / m;
          cell.cy = sy / m;
        }
      } else if (cell.body >= 0) {
        double m = 0, sx = 0, sy = 0;
        for (std::int32_t b = cell.body; b >= 0; b = next[static_cast<std::size_t>(b)]) {
          m += 1;
          sx += x[static_cast<std::size_t>(b)];
          sy += y[static_cast<std::size_t>(b)];
        }
        cell.mass = m;
        cell.cx = sx / m;
        cell.cy = sy / m;
      }
    }
  }

  int quadrant(const Cell& c, double px, double py) const {
    double h = c.size / 2;
    return (px >= c.x0 + h ? 1 : 0) + (py >= c.y0 + h ? 2 : 0);
  }

  void insert(std::int32_t i, const std::vector<double>& x, const std::vector<double>& y) {
    const double px = x[static_cast<std::size_t>(i)], py = y[static_cast<std::size_t>(i)];
    std::size_t c = 0;
    for (int depth = 0;; ++depth) {
      if (cells[c].body == -1) {
        cells[c].body = i;
        return;
      }
      if (cells[c].body >= 0) {
        if (depth >= 40) {  // coincident points: one bucket
          next[static_cast<std::size_t>(i)] = cells[c].body;
          cells[c].body = i;
          return;
        }
        std::int32_t old = cells[c].body;
        cells[c].body = -2;
        push_into_child(c, old, x[static_cast<std::size_t>(old)], y[static_cast<std::size_t>(old)]);
      }
      int q = quadrant(cells[c], px, py);
      if (cells[c].child[q] < 0) {
        make_child(c, q);
        cells[cells.size() - 1].body = i;
        return;
      }
      c = static_cast<std::size_t>(cells[c].child[q]);
    }
  }

  void make_child(std::size_t c, int q) {
    double h = cells[c].size / 2;
    Cell child{cells[c].x0 + ((q & 1) ? h : 0), cells[c].y0 + ((q & 2) ? h : 0), h};
    cells[c].child[q] = static_cast<std::int32_t>(cells.size());
    cells.push_back(child);
  }

  void push_into_child(std::size_t c, std::int32_t body, double px, double py) {
    int q = quadrant(cells[c], px, py);
    make_child(c, q);
    cells.back().body = body;
  }
};

}  // namespace

namespace {
Layout force_directed_connected(const LayoutGraph& g, const ForceOptions& options);
}  // namespace

Layout force_directed(const LayoutGraph& g, const ForceOptions& options) {
  check_graph(g);
  if (!options.initial_x.empty() || !options.initial_y.empty()) {
    if (options.initial_x.size() != g.n || options.initial_y.size() != g.n)
      throw InvalidInput("initial positions: expected " + std::to_string(g.n) + " x and y values");
  }
  if (!options.pack_components || g.n <= 1) return force_directed_connected(g, options);
  // Components, numbered by their smallest node.
  auto adj = adjacency(g);
  std::vector<std::int64_t> comp(g.n, -1);
  std::vector<std::vector<std::uint32_t>> members;
  for (std::uint32_t s = 0; s < g.n; ++s) {
    if (comp[s] >= 0) continue;
    auto id = static_cast<std::int64_t>(members.size());
    members.emplace_back();
    std::vector<std::uint32_t> queue{s};
    comp[s] = id;
    for (std::size_t h = 0; h < queue.size(); ++h)
      for (std::uint32_t v : adj[queue[h]])
        if (comp[v] < 0) {
          comp[v] = id;
          queue.push_back(v);
        }
    std::sort(queue.begin(), queue.end());
    members.back() = std::move(queue);
  }
  if (members.size() == 1) return force_directed_connected(g, options);
  // Lay out each component alone, then pack their boxes in shelves (largest first).
  std::vector<std::uint32_t> local(g.n);
  for (const auto& m : members)
    for (std::uint32_t i = 0; i < m.size(); ++i) local[m[i]] = i;
  std::vector<LayoutGraph> parts(members.size());
  for (std::size_t c = 0; c < members.size(); ++c) parts[c].n = static_cast<std::uint32_t>(members[c].size());
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    auto [u, v] = g.edges[e];
    auto& part = parts[static_cast<std::size_t>(comp[u])];
    part.edges.emplace_back(local[u], local[v]);
    if (!g.weights.empty()) part.weights.push_back(g.weights[e]);
  }
  Layout out;
  out.x.assign(g.n, 0.0);
  out.y.assign(g.n, 0.0);
  std::vector<Layout> layouts(members.size());
  std::vector<double> w(members.size()), h(members.size());
  double area = 0;
  for (std::size_t c = 0; c < members.size(); ++c) {
    ForceOptions o = options;
    o.pack_components = false;
    o.seed = options.seed + 0x9E3779B97F4A7C15ull * c;
    o.initial_x.clear();
    o.initial_y.clear();
    if (!options.initial_x.empty())
      for (std::uint32_t v : members[c]) {
        o.initial_x.push_back(options.initial_x[v]);
        o.initial_y.push_back(options.initial_y[v]);
      }
    layouts[c] = force_directed_connected(parts[c], o);
    const auto& l = layouts[c];
    double minx = *std::min_element(l.x.begin(), l.x.end()), maxx = *std::max_element(l.x.begin(), l.x.end());
    double miny = *std::min_element(l.y.begin(), l.y.end()), maxy = *std::max_element(l.y.begin(), l.y.end());
    for (std::size_t i = 0; i < l.x.size(); ++i) {
      layouts[c].x[i] -= minx;
      layouts[c].y[i] -= miny;
    }
    w[c] = maxx - minx + 1.5;
    h[c] = maxy - miny + 1.5;
    area += w[c] * h[c];
  }
  std::vector<std::size_t> order(members.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (members[a].size() != members[b].size()) return members[a].size() > members[b].size();
    return a < b;
  });
  const double row_width = std::max(std::sqrt(area) * 1.3, w[order[0]]);
  double x = 0, y = 0, row_height = 0;
  for (std::size_t c : order) {
    if (x > 0 && x + w[c] > row_width) {
      x = 0;
      y += row_height;
      row_height = 0;
    }
    for (std::size_t i = 0; i < members[c].size(); ++i) {
      out.x[members[c][i]] = layouts[c].x[i] + x;
      out.y[members[c][i]] = layouts[c].y[i] + y;
    }
    x += w[c];
    row_height = std::max(row_height, h[c]);
  }
  return out;
}

namespace {

Layout force_directed_connected(const LayoutGraph& g, const ForceOptions& options) {
  const std::size_t n = g.n;
  Layout out;
  if (!options.initial_x.empty() || !options.initial_y.empty()) {
    if (options.initial_x.size() != n || options.initial_y.size() != n)
      throw InvalidInput("initial positions: expected " + std::to_string(n) + " x and y values");
    out.x = options.initial_x;
    out.y = options.initial_y;
  } else {
    std::mt19937_64 rng(options.seed);
    double side = std::sqrt(static_cast<double>(std::max<std::size_t>(n, 1)));
    out.x.resize(n);
    out.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.x[i] = uniform01(rng) * side;
      out.y[i] = uniform01(rng) * side;
    }
  }
  if (n <= 1) return out;

  // Weights normalised to a mean of 1, capped, so that counts do not crush the picture.
  std::vector<double> w(g.edges.size(), 1.0);
  if (!g.weights.empty()) {
    double mean = std::accumulate(g.weights.begin(), g.weights.end(), 0.0) / static_cast<double>(g.weights.size());
    for (std::size_t e = 0; e < w.size(); ++e) w[e] = std::min(g.weights[e] / mean, 5.0);
  }

  const double k2 = 1.0;
  const double theta2 = options.theta * options.theta;
  const double t0 = std::sqrt(static_cast<double>(n)) / 10.0 + 0.1;
  const std::uint32_t iterations = std::max<std::uint32_t>(options.iterations, 1);
  std::vector<double> dx(n), dy(n);
  QuadTree tree;
  std::vector<std::uint32_t> visit;
  std::vector<std::int32_t> walk;
  ProgressReporter progress(options.progress, "layout", iterations, 16);
  for (std::uint32_t it = 0; it < iterations; ++it) {
    std::fill(dx.begin(), dx.end(), 0.0);
    std::fill(dy.begin(), dy.end(), 0.0);
    auto& x = out.x;
    auto& y = out.y;
    if (options.theta > 0) {
      tree.build(x, y);
      // Nodes visited in the tree's depth-first order (neighbours in the plane walk the same cells:
      // better cache use); each node's repulsion is computed alone, so the order, like the
      // thread count, does not change a bit of the result.
      visit.clear();
      walk.assign(1, 0);
      while (!walk.empty()) {
        const auto& cell = tree.cells[static_cast<std::size_t>(walk.back())];
        walk.pop_back();
        if (cell.body >= 0) {
          for (std::int32_t b = cell.body; b >= 0; b = tree.next[static_cast<std::size_t>(b)])
            visit.push_back(static_cast<std::uint32_t>(b));
        } else if (cell.body == -2) {
          for (int q = 3; q >= 0; --q)
            if (cell.child[q] >= 0) walk.push_back(cell.child[q]);
        }
      }
      parallel_blocks(n, options.threads, 2048, [&](std::size_t begin, std::size_t end, unsigned) {
        std::vector<std::int32_t> stack;
        for (std::size_t position = begin; position < end; ++position) {
          if ((position & 255) == 0) checkpoint();
          const std::size_t i = visit[position];
          double fx = 0, fy = 0;
          const double px = x[i], py = y[i];
          stack.clear();
          stack.push_back(0);
          while (!stack.empty()) {
            const auto& cell = tree.cells[static_cast<std::size_t>(stack.back())];
            stack.pop_back();
            if (cell.mass <= 0) continue;
            if (cell.body >= 0) {
              for (std::int32_t b = cell.body; b >= 0; b = tree.next[static_cast<std::size_t>(b)]) {
                auto bi = static_cast<std::size_t>(b);
                if (bi == i) continue;
                double ddx = px - x[bi], ddy = py - y[bi];
                double d2 = ddx * ddx + ddy * ddy;
                if (d2 < 1e-12) {  // coincident: a fixed push depending on the pair's order
                  ddx = (i < bi ? -1e-3 : 1e-3) * (1 + static_cast<double>(i % 7));
                  ddy = (i < bi ? 1e-3 : -1e-3) * (1 + static_cast<double>(bi % 5));
                  d2 = ddx * ddx + ddy * ddy;
                }
                fx += ddx * k2 / d2;
                fy += ddy * k2 / d2;
              }
              continue;
            }
            double ddx = px - cell.cx, ddy = py - cell.cy;
            double d2 = ddx * ddx + ddy * ddy;
            const bool inside =
                px >= cell.x0 && px <= cell.x0 + cell.size && py >= cell.y0 && py <= cell.y0 + cell.size;
            if (!inside && cell.size * cell.size < theta2 * d2) {
              fx += cell.mass * ddx * k2 / d2;
              fy += cell.mass * ddy * k2 / d2;
            } else {
              for (int q = 3; q >= 0; --q)
                if (cell.child[q] >= 0) stack.push_back(cell.child[q]);
            }
          }
          dx[i] = fx;
          dy[i] = fy;
        }
      });
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        checkpoint();
        for (std::size_t j = 0; j < n; ++j) {
          if (i == j) continue;
          double ddx = x[i] - x[j], ddy = y[i] - y[j];
          double d2 = std::max(ddx * ddx + ddy * ddy, 1e-12);
          dx[i] += ddx * k2 / d2;
          dy[i] += ddy * k2 / d2;
        }
      }
    }
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
      auto [u, v] = g.edges[e];
      if (u == v) continue;
      double ddx = x[u] - x[v], ddy = y[u] - y[v];
      double d = std::sqrt(ddx * ddx + ddy * ddy);
      double f = w[e] * d;  // (d²/k)·(direction = delta/d)
      dx[u] -= ddx * f;
      dy[u] -= ddy * f;
      dx[v] += ddx * f;
      dy[v] += ddy * f;
    }
    if (options.gravity > 0) {
      double cx = 0, cy = 0;
      for (std::size_t i = 0; i < n; ++i) {
        cx += x[i];
        cy += y[i];
      }
      cx /= static_cast<double>(n);
      cy /= static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) {
        dx[i] -= options.gravity * (x[i] - cx);
        dy[i] -= options.gravity * (y[i] - cy);
      }
    }
    const double t = t0 * (1.0 - static_cast<double>(it) / iterations) + 1e-3 * t0;
    for (std::size_t i = 0; i < n; ++i) {
      double d = std::sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (d <= 0) continue;
      double s = std::min(d, t) / d;
      x[i] += dx[i] * s;
      y[i] += dy[i] * s;
    }
    progress.tick(it + 1);
  }
  progress.finish();
  return out;
}

}  // namespace

Layout kamada_kawai(const LayoutGraph& g, const KamadaKawaiOptions& options) {
  check_graph(g);
  const std::size_t n = g.n;
  if (g.n > kamada_kawai_max_nodes)
    throw InvalidInput("kamada_kawai: " + std::to_string(n) + " nodes, above the limit of " +
                       std::to_string(kamada_kawai_max_nodes) + " (use force_directed)");
  Layout out;
  out.x.assign(n, 0.0);
  out.y.assign(n, 0.0);
  if (n <= 1) return out;
  auto adj = adjacency(g);
  std::vector<double> d(n * n);
  int maxd = 1;
  for (std::size_t s = 0; s < n; ++s) {
    auto dist = bfs(adj, static_cast<std::uint32_t>(s));
    for (std::size_t t = 0; t < n; ++t) {
      d[s * n + t] = dist[t];
      maxd = std::max(maxd, dist[t]);
    }
  }
  for (double& v : d)
    if (v < 0) v = maxd + 1;
  const double offset = 2 * std::numbers::pi * static_cast<double>(options.seed % 360) / 360.0;
  const double radius = maxd / 2.0 + 0.5;
  for (std::size_t i = 0; i < n; ++i) {
    double a = offset + 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    out.x[i] = radius * std::cos(a);
    out.y[i] = radius * std::sin(a);
  }
  auto& x = out.x;
  auto& y = out.y;
  // Gradient contributions of j on i.
  auto contrib = [&](std::size_t i, std::size_t j, double& gx, double& gy) {
    double dij = d[i * n + j];
    double kij = 1.0 / (dij * dij);
    double ddx = x[i] - x[j], ddy = y[i] - y[j];
    double dist = std::max(std::sqrt(ddx * ddx + ddy * ddy), 1e-9);
    gx = kij * (ddx - dij * ddx / dist);
    gy = kij * (ddy - dij * ddy / dist);
  };
  std::vector<double> ex(n, 0.0), ey(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      double gx, gy;
      contrib(i, j, gx, gy);
      ex[i] += gx;
      ey[i] += gy;
    }
  const std::uint64_t max_steps = options.max_steps ? options.max_steps : 50ull * n;
  std::vector<double> old_gx(n), old_gy(n);
  for (std::uint64_t step = 0; step < max_steps; ++step) {
    std::size_t m = 0;
    double best = -1;
    for (std::size_t i = 0; i < n; ++i) {
      double delta = ex[i] * ex[i] + ey[i] * ey[i];
      if (delta > best) {
        best = delta;
        m = i;
      }
    }
    if (std::sqrt(best) < options.tolerance) break;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == m) continue;
      contrib(j, m, old_gx[j], old_gy[j]);
    }
    for (int inner = 0; inner < 10; ++inner) {
      double gx = 0, gy = 0, hxx = 0, hxy = 0, hyy = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == m) continue;
        double dij = d[m * n + j];
        double kij = 1.0 / (dij * dij);
        double ddx = x[m] - x[j], ddy = y[m] - y[j];
        double dist2 = std::max(ddx * ddx + ddy * ddy, 1e-18);
        double dist = std::sqrt(dist2);
        double dist3 = dist2 * dist;
        gx += kij * (ddx - dij * ddx / dist);
        gy += kij * (ddy - dij * ddy / dist);
        hxx += kij * (1 - dij * ddy * ddy / dist3);
        hyy += kij * (1 - dij * ddx * ddx / dist3);
        hxy += kij * (dij * ddx * ddy / dist3);
      }
      ex[m] = gx;
      ey[m] = gy;
      if (std::sqrt(gx * gx + gy * gy) < options.tolerance) break;
      double det = hxx * hyy - hxy * hxy;
      if (std::fabs(det) < 1e-18) break;
      double sx = (-gx * hyy + gy * hxy) / det;
      double sy = (-gy * hxx + gx * hxy) / det;
      x[m] += sx;
      y[m] += sy;
    }
    // Update every other node's gradient for m's move; recompute m's own.
    double gmx = 0, gmy = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == m) continue;
      double gx, gy;
      contrib(j, m, gx, gy);
      ex[j] += gx - old_gx[j];
      ey[j] += gy - old_gy[j];
      contrib(m, j, gx, gy);
      gmx += gx;
      gmy += gy;
    }
    ex[m] = gmx;
    ey[m] = gmy;
  }
  return out;
}

Layout concentric(const LayoutGraph& g, std::uint32_t focus, const std::vector<std::uint32_t>& order) {
  check_graph(g);
  const std::size_t n = g.n;
  if (focus >= n) throw InvalidInput("concentric: focus " + std::to_string(focus) + " is not a node");
  if (!order.empty() && order.size() != n) throw InvalidInput("concentric: order needs one rank per node");
  auto rank = [&](std::size_t i) { return order.empty() ? static_cast<std::uint32_t>(i) : order[i]; };
  auto adj = adjacency(g);
  auto dist = bfs(adj, focus);
  int maxd = 0;
  for (int dv : dist) maxd = std::max(maxd, dv);
  for (int& dv : dist)
    if (dv < 0) dv = maxd + 1;
  int rings = *std::max_element(dist.begin(), dist.end());
  Layout out;
  out.x.assign(n, 0.0);
  out.y.assign(n, 0.0);
  std::vector<double> angle(n, 0.0);
  for (int r = 1; r <= rings; ++r) {
    std::vector<std::uint32_t> ring;
    for (std::size_t i = 0; i < n; ++i)
      if (dist[i] == r) ring.push_back(static_cast<std::uint32_t>(i));
    if (ring.empty()) continue;
    std::vector<double> key(n, 0.0);
    for (std::uint32_t v : ring) {
      double sx = 0, sy = 0;
      bool any = false;
      for (std::uint32_t u : adj[v])
        if (dist[u] < r && dist[u] >= 1) {
          sx += std::cos(angle[u]);
          sy += std::sin(angle[u]);
          any = true;
        }
      double a = any ? std::atan2(sy, sx) : 0.0;
      if (a < 0) a += 2 * std::numbers::pi;
      key[v] = any ? a : 10.0;  // no inner neighbour: after the others
    }
    std::stable_sort(ring.begin(), ring.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (r > 1 && key[a] != key[b]) return key[a] < key[b];
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      return a < b;
    });
    // Radii grow so that neighbours on a ring stay about one unit apart.
    double radius = std::max(static_cast<double>(r), static_cast<double>(ring.size()) / (2 * std::numbers::pi));
    for (std::size_t j = 0; j < ring.size(); ++j) {
      double a = 2 * std::numbers::pi * (static_cast<double>(j) + 0.5) / static_cast<double>(ring.size());
      angle[ring[j]] = a;
      out.x[ring[j]] = radius * std::cos(a);
      out.y[ring[j]] = radius * std::sin(a);
    }
  }
  return out;
}

Layout sectors(const std::vector<std::uint32_t>& group, const std::vector<std::uint32_t>& order) {
  const std::size_t n = group.size();
  if (!order.empty() && order.size() != n) throw InvalidInput("sectors: order needs one rank per node");
  Layout out;
  out.x.assign(n, 0.0);
  out.y.assign(n, 0.0);
  if (n == 0) return out;
  std::uint32_t k = *std::max_element(group.begin(), group.end()) + 1;
  std::vector<std::vector<std::uint32_t>> members(k);
  for (std::size_t i = 0; i < n; ++i) members[group[i]].push_back(static_cast<std::uint32_t>(i));
  const double golden = 0.6180339887498949;
  const double scale = std::sqrt(static_cast<double>(n)) * 1.2;
  double start = -std::numbers::pi / 2;
  for (std::uint32_t c = 0; c < k; ++c) {
    auto& m = members[c];
    if (m.empty()) continue;
    std::stable_sort(m.begin(), m.end(), [&](std::uint32_t a, std::uint32_t b) {
      std::uint32_t ra = order.empty() ? a : order[a], rb = order.empty() ? b : order[b];
      return ra != rb ? ra < rb : a < b;
    });
    double width = 2 * std::numbers::pi * static_cast<double>(m.size()) / static_cast<double>(n);
    double margin = std::min(0.08, width * 0.15);
    for (std::size_t j = 0; j < m.size(); ++j) {
      double frac = (static_cast<double>(j) + 0.5) / static_cast<double>(m.size());
      double r = scale * (0.15 + 0.85 * std::sqrt(frac));
      double t = std::fmod(static_cast<double>(j) * golden, 1.0);
      double a = start + margin + t * (width - 2 * margin);
      out.x[m[j]] = r * std::cos(a);
      out.y[m[j]] = r * std::sin(a);
    }
    start += width;
  }
  return out;
}

BandLayout scale_bands(const LayoutGraph& g, const std::vector<int>& level, int levels,
                       const std::vector<std::pair<std::uint32_t, std::uint32_t>>& nesting, double nesting_weight,
                       std::uint32_t per_row) {
  check_graph(g);
  const std::size_t n = g.n;
  if (level.size() != n) throw InvalidInput("scale_bands: one level per node is needed");
  if (levels < 0) throw InvalidInput("scale_bands: negative number of levels");
  if (per_row == 0) per_row = 1;
  for (int l : level)
    if (l < -1 || l >= levels) throw InvalidInput("scale_bands: level " + std::to_string(l) + " out of range");
  for (const auto& [u, v] : nesting)
    if (u >= n || v >= n) throw InvalidInput("scale_bands: nesting edge names a node ≥ n");
  // Row r = level + 1 (row 0 holds nodes without a level).
  const int rows = levels + 1;
  std::vector<std::vector<std::uint32_t>> band(static_cast<std::size_t>(rows));
  for (std::size_t i = 0; i < n; ++i) band[static_cast<std::size_t>(level[i] + 1)].push_back(static_cast<std::uint32_t>(i));
  std::vector<std::vector<std::pair<std::uint32_t, double>>> adj(n);
  for (std::size_t e = 0; e < g.edges.size(); ++e) {
    auto [u, v] = g.edges[e];
    if (u == v) continue;
    adj[u].emplace_back(v, 1.0);
    adj[v].emplace_back(u, 1.0);
  }
  for (const auto& [u, v] : nesting) {
    if (u == v) continue;
    adj[u].emplace_back(v, nesting_weight);
    adj[v].emplace_back(u, nesting_weight);
  }
  std::vector<double> pos(n, 0.5);
  auto assign = [&](const std::vector<std::uint32_t>& b) {
    for (std::size_t j = 0; j < b.size(); ++j) pos[b[j]] = (static_cast<double>(j) + 0.5) / static_cast<double>(b.size());
  };
  for (const auto& b : band) assign(b);
  std::vector<double> bary(n);
  auto sweep_band = [&](std::vector<std::uint32_t>& b) {
    for (std::uint32_t v : b) {
      double s = 0, w = 0;
      for (auto [u, wt] : adj[v])
        if (level[u] != level[v]) {
          s += pos[u] * wt;
          w += wt;
        }
      // Same-band neighbours pull a little, so that horizontal partners sit close.
      for (auto [u, wt] : adj[v])
        if (level[u] == level[v]) {
          s += pos[u] * wt * 0.25;
          w += wt * 0.25;
        }
      bary[v] = w > 0 ? s / w : pos[v];
    }
    std::stable_sort(b.begin(), b.end(), [&](std::uint32_t a, std::uint32_t c) { return bary[a] < bary[c]; });
    assign(b);
  };
  for (int sweep = 0; sweep < 12; ++sweep) {
    if (sweep % 2 == 0) {
      for (int r = rows - 1; r >= 0; --r) sweep_band(band[static_cast<std::size_t>(r)]);
    } else {
      for (int r = 0; r < rows; ++r) sweep_band(band[static_cast<std::size_t>(r)]);
    }
  }
  BandLayout out;
  out.layout.x.assign(n, 0.0);
  out.layout.y.assign(n, 0.0);
  out.band_from.assign(static_cast<std::size_t>(levels), 0.0);
  out.band_to.assign(static_cast<std::size_t>(levels), 0.0);
  const double width = static_cast<double>(per_row) * 2.0;
  double y = 0;
  // Top band first: highest level at the top (y grows downwards); nodes without level at the bottom.
  for (int r = rows - 1; r >= 0; --r) {
    const auto& b = band[static_cast<std::size_t>(r)];
    double top = y;
    if (!b.empty()) {
      std::size_t sub = (b.size() + per_row - 1) / per_row;
      for (std::size_t j = 0; j < b.size(); ++j) {
        out.layout.x[b[j]] = (static_cast<double>(j) + 0.5) / static_cast<double>(b.size()) * width;
        out.layout.y[b[j]] = y + 0.8 + static_cast<double>(j % sub) * 1.0;
      }
      y += static_cast<double>(sub) + 0.6;
    }
    if (r >= 1) {
      out.band_from[static_cast<std::size_t>(r - 1)] = top;
      out.band_to[static_cast<std::size_t>(r - 1)] = y;
    }
  }
  return out;
}

void fit(Layout& layout, double x0, double y0, double x1, double y1, bool keep_aspect) {
  const std::size_t n = layout.x.size();
  if (n == 0) return;
  double minx = *std::min_element(layout.x.begin(), layout.x.end());
  double maxx = *std::max_element(layout.x.begin(), layout.x.end());
  double miny = *std::min_element(layout.y.begin(), layout.y.end());
  double maxy = *std::max_element(layout.y.begin(), layout.y.end());
  double w = maxx - minx, h = maxy - miny;
  double sx = w > 0 ? (x1 - x0) / w : 0, sy = h > 0 ? (y1 - y0) / h : 0;
  if (keep_aspect) {
    double s = (w > 0 && h > 0) ? std::min(sx, sy) : std::max(sx, sy);
    sx = sy = s;
  }
  double ox = (x0 + x1) / 2 - (minx + maxx) / 2 * sx;
  double oy = (y0 + y1) / 2 - (miny + maxy) / 2 * sy;
  for (std::size_t i = 0; i < n; ++i) {
    layout.x[i] = layout.x[i] * sx + ox;
    layout.y[i] = layout.y[i] * sy + oy;
  }
}

double distance_correlation(const LayoutGraph& g, const Layout& layout) {
  check_graph(g);
  auto adj = adjacency(g);
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, count = 0;
  for (std::uint32_t s = 0; s < g.n; ++s) {
    auto dist = bfs(adj, s);
    for (std::uint32_t t = s + 1; t < g.n; ++t) {
      if (dist[t] <= 0) continue;
      double a = std::hypot(layout.x[s] - layout.x[t], layout.y[s] - layout.y[t]);
      double b = dist[t];
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
      count += 1;
    }
  }
  if (count < 2) return 0;
  double cov = sab / count - (sa / count) * (sb / count);
  double va = saa / count - (sa / count) * (sa / count);
  double vb = sbb / count - (sb / count) * (sb / count);
  if (va <= 0 || vb <= 0) return 0;
  return cov / std::sqrt(va * vb);
}

}  // namespace maillage::render
