#include "maillage/algo/community.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "labels.hpp"
#include "support.hpp"
#include "maillage/core/error.hpp"

namespace maillage::algo {

namespace {

// A level of the multilevel methods, in "arc units": a_ij is the strength of arc i→j (an
// undirected edge {i, j} of strength w gives a_ij = a_ji = w, an undirected self-loop a_ii = 2w),
// so undirected modularity is directed modularity on the doubled graph. Rows hold the symmetric
// weights s_ij = a_ij + a_ji of the neighbours j ≠ i; `self` holds a_ii, `kout`/`kin` the
// out/in-strengths and `size` the number of original nodes.
struct Level {
  std::uint32_t n = 0;
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> neighbors;
  std::vector<double> weights;
  std::vector<double> self, kout, kin, size;
  double total = 0.0;  // M = Σ a_ij
};

// Community totals used by the quality's penalty term: (K_out, K_in) for modularity, (size,
// size) for CPM (16 bytes: the moving reads one per neighbouring community).
struct Stats {
  double out = 0.0, in = 0.0;
};

// The optimised quality, as a gain in arc units for joining x to y: s(x, y) − penalty(x, y).
struct Quality {
  LeidenObjective objective = LeidenObjective::modularity;
  double gamma = 1.0;
  double total = 1.0;
  bool cpm() const { return objective == LeidenObjective::cpm; }
  double penalty(double out_x, double in_x, const Stats& y) const {
    if (cpm()) return 2.0 * gamma * out_x * y.out;
    return gamma * (out_x * y.in + in_x * y.out) / total;
  }
};

Level base_level(const View& view, const char* measure) {
  const std::uint32_t n = view.number_of_nodes();
  const auto strengths = detail::arc_strengths(view, view.out_weights(), view.out_edges(), measure);
  const auto out_off = view.out_offsets();
  const auto out_t = view.out_targets();
  const auto in_off = view.in_offsets();
  const auto in_s = view.in_sources();
  const bool directed = view.directed();
  auto arc_w = [&](std::size_t a) { return strengths.values.empty() ? 1.0 : strengths.values[a]; };
  // In-arc strengths of a directed view, through the in-CSR's edge ids.
  detail::ArcStrengths in_strengths;
  if (directed) in_strengths = detail::arc_strengths(view, view.in_weights(), view.in_edges(), measure);
  auto in_w = [&](std::size_t a) { return in_strengths.values.empty() ? 1.0 : in_strengths.values[a]; };

  Level g;
  g.n = n;
  g.offsets.assign(n + 1, 0);
  g.self.assign(n, 0.0);
  g.kout.assign(n, 0.0);
  g.kin.assign(n, 0.0);
  g.size.assign(n, 1.0);
  std::vector<double> acc(n, 0.0);
  std::vector<std::uint32_t> touched;
  for (std::uint32_t i = 0; i < n; ++i) {
    touched.clear();
    auto add = [&](std::uint32_t j, double w) {
      if (acc[j] == 0.0) touched.push_back(j);
      acc[j] += w;
    };
    for (auto a = out_off[i]; a < out_off[i + 1]; ++a) {
      const auto j = out_t[a];
      const double w = arc_w(a);
      if (j == i) {
        g.self[i] += directed ? w : 2.0 * w;
        g.kout[i] += directed ? w : 2.0 * w;
        continue;
      }
      g.kout[i] += w;
      if (w > 0) add(j, directed ? w : 2.0 * w);
    }
    if (directed) {
      for (auto a = in_off[i]; a < in_off[i + 1]; ++a) {
        const auto j = in_s[a];
        const double w = in_w(a);
        g.kin[i] += w;
        if (j != i && w > 0) add(j, w);
      }
    } else {
      g.kin[i] = g.kout[i];
    }
    std::sort(touched.begin(), touched.end());
    for (auto j : touched) {
      g.neighbors.push_back(j);
      g.weights.push_back(acc[j]);
      acc[j] = 0.0;
    }
    g.offsets[i + 1] = g.neighbors.size();
    g.total += g.kout[i];
  }
  return g;
}

// Arcs below which a step runs on the calling thread alone: waking the crew costs about as much as
// scanning this many arcs. Results never depend on it (nor on the number of workers).
constexpr std::uint64_t parallel_arcs = 8192;

// Levels with fewer arcs are moved and refined serially in one seeded random order (Traag et al.'s
// rule); larger ones by colour classes and community by community, on the crew. The choice
// depends on the level alone, so results never depend on the number of workers.
constexpr std::uint64_t colour_arcs = 65536;

// Per-worker buffers, sized for the base level (levels only shrink). `link[x] > 0` marks x as
// touched (arc strengths of a level are > 0); every user leaves it zeroed.
struct Scratch {
  std::vector<double> link;
  std::vector<std::uint32_t> touched, order, candidates;
  std::vector<double> gains;
};

// What the levels of one call share: the crew, one scratch per worker, the progress callback, and
// the colour classes of the base level (coloured once per call: every run moves on it again).
struct Context {
  detail::Crew& crew;
  std::vector<Scratch> scratch;
  const ProgressCallback& progress;
  const Level* base = nullptr;
  std::vector<std::uint32_t> base_start, base_nodes;
  Context(detail::Crew& c, std::uint32_t n, const ProgressCallback& p) : crew(c), scratch(c.size()), progress(p) {
    for (auto& s : scratch) s.link.assign(n, 0.0);
  }
};

std::uint64_t arcs_of(const Level& g) { return g.neighbors.size(); }

// For loops over nodes in a random order, where each visit starts with cache misses on the
// node's row: asks early for the offsets of nodes[i + 4] and for the arcs and `state` entry of
// nodes[i + 2] (about 15 % of the moving time on BA 10^5).
inline void prefetch_ahead(const Level& g, const std::vector<std::uint32_t>& nodes, std::size_t i,
                           const std::vector<std::uint32_t>& state) {
#if defined(__GNUC__) || defined(__clang__)
  if (i + 4 < nodes.size()) __builtin_prefetch(&g.offsets[nodes[i + 4]]);
  if (i + 2 < nodes.size()) {
    const auto next = nodes[i + 2];
    __builtin_prefetch(&g.neighbors[g.offsets[next]]);
    __builtin_prefetch(&g.weights[g.offsets[next]]);
    __builtin_prefetch(&state[next]);
  }
#else
  (void)g, (void)nodes, (void)i, (void)state;
#endif
}

// Aggregates a level by a partition `part` with ids in [0, count): a node per part, in id order.
// Rows list neighbours by increasing id when `sorted`, else in order of first appearance (the same
// for the same input; Leiden skips the sort, Louvain keeps it). Parts are built in blocks on the
// crew and joined in block order.
Level aggregate(const Level& g, const std::vector<std::uint32_t>& part, std::uint32_t count, bool sorted,
                Context& ctx) {
  Level h;
  h.n = count;
  h.offsets.assign(count + 1, 0);
  h.self.assign(count, 0.0);
  h.kout.assign(count, 0.0);
  h.kin.assign(count, 0.0);
  h.size.assign(count, 0.0);
  h.total = g.total;
  // Members of each part (counting sort).
  std::vector<std::uint32_t> start(count + 1, 0);
  for (std::uint32_t i = 0; i < g.n; ++i) ++start[part[i] + 1];
  for (std::uint32_t c = 0; c < count; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> members(g.n);
  {
    auto fill = start;
    for (std::uint32_t i = 0; i < g.n; ++i) members[fill[part[i]]++] = i;
  }
  constexpr std::uint32_t block = 512;
  const std::uint32_t blocks = (count + block - 1) / block;
  std::vector<std::vector<std::uint32_t>> block_neighbors(blocks);
  std::vector<std::vector<double>> block_weights(blocks);
  ctx.crew.for_each(blocks, 1, arcs_of(g) >= parallel_arcs, [&](std::size_t b, unsigned w) {
    auto& acc = ctx.scratch[w].link;
    auto& touched = ctx.scratch[w].touched;
    auto& out_n = block_neighbors[b];
    auto& out_w = block_weights[b];
    const auto last = std::min<std::uint32_t>(count, static_cast<std::uint32_t>((b + 1) * block));
    for (auto c = static_cast<std::uint32_t>(b * block); c < last; ++c) {
      touched.clear();
      double inside = 0.0;
      for (auto k = start[c]; k < start[c + 1]; ++k) {
        const auto i = members[k];
        h.self[c] += g.self[i];
        h.kout[c] += g.kout[i];
        h.kin[c] += g.kin[i];
        h.size[c] += g.size[i];
        for (auto a = g.offsets[i]; a < g.offsets[i + 1]; ++a) {
          const auto d = part[g.neighbors[a]];
          if (d == c) {
            inside += g.weights[a];
            continue;
          }
          if (acc[d] == 0.0) touched.push_back(d);
          acc[d] += g.weights[a];
        }
      }
      // Ordered pairs inside c count s_ij = a_ij + a_ji twice: half of it is Σ a_ij.
      h.self[c] += inside / 2.0;
      if (sorted) std::sort(touched.begin(), touched.end());
      for (auto d : touched) {
        out_n.push_back(d);
        out_w.push_back(acc[d]);
        acc[d] = 0.0;
      }
      h.offsets[c + 1] = touched.size();
    }
  });
  for (std::uint32_t c = 0; c < count; ++c) h.offsets[c + 1] += h.offsets[c];
  h.neighbors.resize(h.offsets[count]);
  h.weights.resize(h.offsets[count]);
  ctx.crew.for_each(blocks, 1, arcs_of(g) >= parallel_arcs, [&](std::size_t b, unsigned) {
    const auto at = h.offsets[std::min<std::size_t>(count, b * block)];
    std::copy(block_neighbors[b].begin(), block_neighbors[b].end(), h.neighbors.begin() + static_cast<std::ptrdiff_t>(at));
    std::copy(block_weights[b].begin(), block_weights[b].end(), h.weights.begin() + static_cast<std::ptrdiff_t>(at));
  });
  return h;
}

// Uniform double in [0, 1) from the top 53 bits (portable).
template <class Generator>
double uniform01(Generator& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

template <class Generator>
void shuffle(std::vector<std::uint32_t>& items, Generator& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = detail::bounded_draw(rng, i);
    std::swap(items[i - 1], items[j]);
  }
}

// Greedy colouring in `order`: each node takes the smallest colour that none of its already
// coloured neighbours holds. Fills the colour classes: the nodes of colour k are
// nodes[start[k] .. start[k + 1]), in `order`'s order. No two neighbours share a class. O(n + m).
void colour_classes(const Level& g, const std::vector<std::uint32_t>& order, std::vector<std::uint32_t>& start,
                    std::vector<std::uint32_t>& nodes) {
  constexpr auto none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> colour(g.n, none);
  std::vector<std::uint32_t> taken;  // taken[k] == v + 1: colour k is held by a neighbour of v
  std::vector<std::uint32_t> sizes;
  for (auto v : order) {
    for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
      const auto k = colour[g.neighbors[a]];
      if (k != none) taken[k] = v + 1;
    }
    std::uint32_t k = 0;
    while (k < taken.size() && taken[k] == v + 1) ++k;
    if (k == taken.size()) {
      taken.push_back(0);
      sizes.push_back(0);
    }
    colour[v] = k;
    ++sizes[k];
  }
  start.assign(sizes.size() + 1, 0);
  for (std::size_t k = 0; k < sizes.size(); ++k) start[k + 1] = start[k] + sizes[k];
  nodes.resize(g.n);
  auto fill = start;
  for (auto v : order) nodes[fill[colour[v]]++] = v;
}

// What the local moving keeps of a partition `comm` of a level: the node's terms of the penalty
// (xo, xi), the community totals, member counts, and the ids of the empty communities (the
// smallest at the back, taken first).
struct Partition {
  const double* xo;
  const double* xi;
  std::vector<Stats> stats;
  std::vector<std::uint32_t> members, empty;
  Partition(const Level& g, const std::vector<std::uint32_t>& comm, const Quality& q)
      : xo(q.cpm() ? g.size.data() : g.kout.data()),
        xi(q.cpm() ? g.size.data() : g.kin.data()),
        stats(g.n),
        members(g.n, 0) {
    for (std::uint32_t i = 0; i < g.n; ++i) {
      auto& s = stats[comm[i]];
      s.out += xo[i];
      s.in += xi[i];
      ++members[comm[i]];
    }
    for (std::uint32_t c = g.n; c-- > 0;)
      if (members[c] == 0) empty.push_back(c);
  }
};

// Fast local moving (Traag et al.'s queue version of Louvain's moving phase), for levels below
// `colour_arcs`: every node once in a random order, then the neighbours of moved nodes, until no
// move improves the quality. `comm` holds community ids in [0, g.n).
void move_nodes_serial(const Level& g, std::vector<std::uint32_t>& comm, const Quality& q, std::mt19937_64& rng,
                       const ProgressCallback& progress, std::string_view stage) {
  const std::uint32_t n = g.n;
  ProgressReporter reporter(progress, stage, n, std::max<std::uint64_t>(1, n / 100));
  std::uint64_t visited = 0;
  Partition part(g, comm, q);
  std::vector<std::uint32_t> queue(n);
  std::iota(queue.begin(), queue.end(), 0u);
  shuffle(queue, rng);
  std::vector<std::uint8_t> queued(n, 1);
  std::size_t head = 0;
  std::size_t count = n;  // queue is a ring buffer of capacity n
  // link[c] > 0 marks c as touched: arc strengths of a level are > 0.
  std::vector<double> link(n, 0.0);
  std::vector<std::uint32_t> touched;
  const double tolerance = 1e-12 * std::max(1.0, g.total);
  while (count > 0) {
    // A node can be queued again after it moved: the count can pass n; n is reported at the end.
    if (progress) reporter.tick(std::min<std::uint64_t>(++visited, n - 1));
    const auto v = queue[head];
    if (++head == n) head = 0;
    --count;
    queued[v] = 0;
    const auto own = comm[v];
    // Weights from v to each neighbouring community.
    touched.clear();
    for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
      const auto c = comm[g.neighbors[a]];
      if (link[c] == 0.0) touched.push_back(c);
      link[c] += g.weights[a];
    }
    // Take v out of its community.
    auto& so = part.stats[own];
    so.out -= part.xo[v];
    so.in -= part.xi[v];
    --part.members[own];
    const double stay = link[own] - q.penalty(part.xo[v], part.xi[v], so);
    double best_gain = stay;
    std::uint32_t best = own;
    for (auto c : touched) {
      if (c == own) continue;
      const double gain = link[c] - q.penalty(part.xo[v], part.xi[v], part.stats[c]);
      if (gain > best_gain + tolerance) {
        best_gain = gain;
        best = c;
      }
    }
    // An empty community (gain 0) when every other choice loses.
    if (best_gain < -tolerance && part.members[own] > 0) {
      best = part.empty.empty() ? own : part.empty.back();
      if (best != own) best_gain = 0.0;
    }
    for (auto c : touched) link[c] = 0.0;
    if (best != own && !part.empty.empty() && best == part.empty.back()) part.empty.pop_back();
    auto& sb = part.stats[best];
    sb.out += part.xo[v];
    sb.in += part.xi[v];
    ++part.members[best];
    if (part.members[own] == 0) part.empty.push_back(own);
    if (best == own) continue;
    comm[v] = best;
    for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
      const auto u = g.neighbors[a];
      if (!queued[u] && comm[u] != best) {
        queued[u] = 1;
        const std::size_t tail = head + count;
        queue[tail < n ? tail : tail - n] = u;
        ++count;
      }
    }
  }
  if (progress) reporter.finish();
}

// Local moving by colour classes, for levels of at least `colour_arcs` arcs. Nodes are coloured
// greedily in a seeded random order so that no two neighbours share a class (the base level once
// per call, in the order drawn by its first moving); rounds visit the classes in turn. In a class,
// every active node picks its best move from the state at the start of the class (on the crew:
// neighbours never share a class, so the link weights it reads cannot change during the class),
// then the moves are applied in class order, each only if it still improves the quality against the
// community totals left by the moves applied before it (a refused node is visited again in the next
// round). Moved nodes activate their neighbours in other communities; rounds go on until no node is
// active. Every applied move raises the quality, the picks are pure functions of the state, and the
// application is sequential, so the result depends on the seed, never on the number of workers.
// `comm` holds community ids in [0, g.n).
void move_nodes_by_colour(const Level& g, std::vector<std::uint32_t>& comm, const Quality& q, std::mt19937_64& rng,
                          Context& ctx, std::string_view stage) {
  const std::uint32_t n = g.n;
  ProgressReporter reporter(ctx.progress, stage, n, std::max<std::uint64_t>(1, n / 100));
  std::uint64_t visited = 0;
  Partition part(g, comm, q);
  std::vector<std::uint32_t> own_start, own_nodes;
  const bool on_base = &g == ctx.base;
  if (!on_base || ctx.base_start.empty()) {
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    shuffle(order, rng);
    colour_classes(g, order, on_base ? ctx.base_start : own_start, on_base ? ctx.base_nodes : own_nodes);
  }
  const auto& class_start = on_base ? ctx.base_start : own_start;
  const auto& class_nodes = on_base ? ctx.base_nodes : own_nodes;
  const double tolerance = 1e-12 * std::max(1.0, g.total);
  auto degree = [&](std::uint32_t v) { return g.offsets[v + 1] - g.offsets[v]; };

  // A node's pick: the community of best gain (its own when none beats staying), with the link
  // weights to its own community and to the pick.
  struct Pick {
    std::uint32_t target;
    double link_own, link_target;
  };
  auto pick = [&](std::uint32_t v, Scratch& s) {
    const auto own = comm[v];
    auto& link = s.link;
    auto& touched = s.touched;
    touched.clear();
    const auto first = g.offsets[v], last = g.offsets[v + 1];
    for (auto a = first; a < last; ++a) {
      const auto c = comm[g.neighbors[a]];
      if (link[c] == 0.0) touched.push_back(c);
      link[c] += g.weights[a];
    }
    const auto& so = part.stats[own];
    const Stats without{so.out - part.xo[v], so.in - part.xi[v]};
    double best_gain = link[own] - q.penalty(part.xo[v], part.xi[v], without);
    Pick p{own, link[own], link[own]};
    for (auto c : touched) {
      if (c == own) continue;
      const double gain = link[c] - q.penalty(part.xo[v], part.xi[v], part.stats[c]);
      if (gain > best_gain + tolerance) {
        best_gain = gain;
        p.target = c;
        p.link_target = link[c];
      }
    }
    for (auto c : touched) link[c] = 0.0;
    return p;
  };

  std::vector<std::uint8_t> active(n, 1);
  std::vector<std::uint32_t> batch, moved;
  std::vector<Pick> picks;
  for (bool any = true; any;) {
    any = false;
    for (std::size_t k = 0; k + 1 < class_start.size(); ++k) {
      batch.clear();
      std::uint64_t arcs = 0;
      for (auto i = class_start[k]; i < class_start[k + 1]; ++i) {
        const auto v = class_nodes[i];
        if (!active[v]) continue;
        active[v] = 0;
        batch.push_back(v);
        arcs += degree(v);
      }
      if (batch.empty()) continue;
      any = true;
      picks.resize(batch.size());
      ctx.crew.for_each(batch.size(), 64, arcs >= parallel_arcs,
                        [&](std::size_t i, unsigned w) {
                          prefetch_ahead(g, batch, i, comm);
                          picks[i] = pick(batch[i], ctx.scratch[w]);
                        });
      moved.clear();
      std::uint64_t moved_arcs = 0;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto v = batch[i];
        const auto own = comm[v];
        const auto& p = picks[i];
        auto& so = part.stats[own];
        const Stats without{so.out - part.xo[v], so.in - part.xi[v]};
        const double stay = p.link_own - q.penalty(part.xo[v], part.xi[v], without);
        std::uint32_t target = own;
        if (p.target != own) {
          const double gain = p.link_target - q.penalty(part.xo[v], part.xi[v], part.stats[p.target]);
          if (gain > stay + tolerance)
            target = p.target;
          else
            active[v] = 1;  // the totals moved under the pick: look again next round
        }
        // An empty community (gain 0) when every other choice loses.
        if (target == own && stay < -tolerance && part.members[own] > 1 && !part.empty.empty()) {
          target = part.empty.back();
          part.empty.pop_back();
        }
        if (target == own) continue;
        so = without;
        auto& st = part.stats[target];
        st.out += part.xo[v];
        st.in += part.xi[v];
        ++part.members[target];
        if (--part.members[own] == 0) part.empty.push_back(own);
        comm[v] = target;
        moved.push_back(v);
        moved_arcs += degree(v);
      }
      ctx.crew.for_each(moved.size(), 64, moved_arcs >= parallel_arcs, [&](std::size_t i, unsigned) {
        const auto v = moved[i];
        const auto c = comm[v];
        for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
          const auto u = g.neighbors[a];
          if (comm[u] != c) std::atomic_ref<std::uint8_t>(active[u]).store(1, std::memory_order_relaxed);
        }
      });
      visited += batch.size();
      // A node can be visited again after a move: the count can pass n; n is reported at the end.
      if (ctx.progress) reporter.tick(std::min<std::uint64_t>(visited, n - 1));
    }
  }
  if (ctx.progress) reporter.finish();
}

// The local moving of a level: serial in a random order on small levels, by colour classes on
// large ones (the choice depends on the level alone, never on the number of workers).
void move_nodes(const Level& g, std::vector<std::uint32_t>& comm, const Quality& q, std::mt19937_64& rng,
                Context& ctx, std::string_view stage) {
  if (arcs_of(g) < colour_arcs)
    move_nodes_serial(g, comm, q, rng, ctx.progress, stage);
  else
    move_nodes_by_colour(g, comm, q, rng, ctx, stage);
}

// Renumbers ids to [0, count) by first appearance in node order; returns count.
std::uint32_t compact(std::vector<std::uint32_t>& ids) {
  std::vector<std::uint32_t> map(ids.size(), UINT32_MAX);
  std::uint32_t count = 0;
  for (auto& c : ids) {
    if (map[c] == UINT32_MAX) map[c] = count++;
    c = map[c];
  }
  return count;
}

// Leiden's refinement: within each community of `comm`, nodes start as singletons; each singleton
// well connected to its community merges, in a random order, into a well-connected part of its
// community (or stays alone), drawn with probability ∝ exp(ΔH/θ) among the non-negative gains. ΔH
// is in units of edge strength (an undirected edge of strength w inside a part counts w), as in
// Traag et al.'s reference implementation and igraph: with θ = 0.01 on unit weights the draw is
// nearly greedy, ties broken at random. Small levels (below `colour_arcs`) visit their nodes in
// one random order; on larger ones communities are refined independently, on the crew, each in
// its own random order from its own generator, so the result does not depend on the number of
// workers. Each node is visited once and scans its arcs once: O(n + m). Returns the refined ids
// (compacted).
std::vector<std::uint32_t> refine(const Level& g, const std::vector<std::uint32_t>& comm, std::uint32_t ncomm,
                                  const Quality& q, double theta, std::mt19937_64& rng, Context& ctx) {
  const double* xo = q.cpm() ? g.size.data() : g.kout.data();  // the node's terms of the penalty
  const double* xi = q.cpm() ? g.size.data() : g.kin.data();
  const std::uint32_t n = g.n;
  std::vector<std::uint32_t> refined(n);
  std::iota(refined.begin(), refined.end(), 0u);
  std::vector<Stats> rstats(n), cstats(ncomm);
  std::vector<std::uint32_t> rcount(n, 1);
  std::vector<double> external(n, 0.0);  // s(R, C − R)
  std::vector<std::uint32_t> start(ncomm + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    rstats[i] = {xo[i], xi[i]};
    auto& c = cstats[comm[i]];
    c.out += xo[i];
    c.in += xi[i];
    ++start[comm[i] + 1];
  }
  for (std::uint32_t c = 0; c < ncomm; ++c) start[c + 1] += start[c];
  std::vector<std::uint32_t> members(n);
  {
    auto fill = start;
    for (std::uint32_t i = 0; i < n; ++i) members[fill[comm[i]]++] = i;
  }
  const bool parallel = arcs_of(g) >= parallel_arcs;
  ctx.crew.for_each(n, 1024, parallel, [&](std::size_t i, unsigned) {
    double e = 0.0;
    for (auto a = g.offsets[i]; a < g.offsets[i + 1]; ++a)
      if (comm[g.neighbors[a]] == comm[i]) e += g.weights[a];
    external[i] = e;
  });
  const double tolerance = 1e-12 * std::max(1.0, g.total);
  auto well_connected = [&](std::uint32_t r, std::uint32_t c) {
    const auto& s = rstats[r];
    const auto& t = cstats[c];
    return external[r] >= q.penalty(s.out, s.in, Stats{t.out - s.out, t.in - s.in}) -
                              tolerance;
  };
  // Visits singleton v (of community c) with the buffers of one worker and a generator.
  auto visit = [&](std::uint32_t v, Scratch& s, auto& gen) {
    const auto own = refined[v];
    if (rcount[own] != 1) return;  // only singletons move
    const auto c = comm[v];
    if (!well_connected(own, c)) return;
    auto& link = s.link;  // by refined part
    auto& touched = s.touched;
    auto& candidates = s.candidates;
    auto& gains = s.gains;
    touched.clear();
    for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
      const auto u = g.neighbors[a];
      if (comm[u] != c) continue;
      const auto r = refined[u];
      if (link[r] == 0.0) touched.push_back(r);
      link[r] += g.weights[a];
    }
    // Candidates: staying alone (gain 0) and every well-connected neighbouring part with gain ≥ 0
    // (gains in arc units, halved below into edge units).
    candidates.assign(1, own);
    gains.assign(1, 0.0);
    double top = 0.0;
    for (auto r : touched) {
      if (!well_connected(r, c)) continue;
      const double gain = (link[r] - q.penalty(xo[v], xi[v], rstats[r])) / 2.0;
      if (gain < 0) continue;
      candidates.push_back(r);
      gains.push_back(gain);
      top = std::max(top, gain);
    }
    std::uint32_t target = own;
    if (candidates.size() > 1) {
      double sum = 0.0;
      for (auto& x : gains) {
        x = std::exp((x - top) / theta);
        sum += x;
      }
      double draw = uniform01(gen) * sum;
      std::size_t chosen = gains.size() - 1;
      for (std::size_t k = 0; k < gains.size(); ++k) {
        if (draw < gains[k]) {
          chosen = k;
          break;
        }
        draw -= gains[k];
      }
      target = candidates[chosen];
    }
    if (target != own) {
      auto& t = rstats[target];
      external[target] = external[target] + external[own] - 2.0 * link[target];
      t.out += xo[v];
      t.in += xi[v];
      ++rcount[target];
      rcount[own] = 0;
      refined[v] = target;
    }
    for (auto r : touched) link[r] = 0.0;
  };
  if (arcs_of(g) < colour_arcs) {
    // One random order over the level.
    auto& order = ctx.scratch[0].order;
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    shuffle(order, rng);
    for (auto v : order) visit(v, ctx.scratch[0], rng);
  } else {
    // Community by community, each in its own random order from its own generator.
    const auto stream = rng();
    ctx.crew.for_each(ncomm, 1, parallel, [&](std::size_t ci, unsigned w) {
      const auto c = static_cast<std::uint32_t>(ci);
      if (start[c + 1] - start[c] < 2) return;
      auto& order = ctx.scratch[w].order;
      order.assign(members.begin() + start[c], members.begin() + start[c + 1]);
      detail::StreamGenerator gen(stream, c);
      shuffle(order, gen);
      for (std::size_t k = 0; k < order.size(); ++k) {
        prefetch_ahead(g, order, k, refined);
        visit(order[k], ctx.scratch[w], gen);
      }
    });
  }
  compact(refined);
  return refined;
}

struct Run {
  std::vector<std::uint32_t> labels;  // per original node
  std::uint32_t levels = 0;
};

// One multilevel run from an initial partition `start` (ids in [0, n)): Louvain (refinement off)
// or Leiden.
Run multilevel(const Level& base, std::vector<std::uint32_t> start, const Quality& q, bool leiden, double theta,
               std::mt19937_64& rng, Context& ctx, const std::string& stage_prefix) {
  Run run;
  std::vector<std::uint32_t> node_of(base.n);  // original node → node of the current level
  std::iota(node_of.begin(), node_of.end(), 0u);
  const Level* level = &base;  // the base level is not copied
  Level aggregated;
  std::vector<std::uint32_t> comm = std::move(start);
  for (;;) {
    ++run.levels;
    const std::string stage = stage_prefix + " level " + std::to_string(run.levels);
    move_nodes(*level, comm, q, rng, ctx, stage);
    const std::uint32_t ncomm = compact(comm);
    if (ncomm == level->n) break;
    std::vector<std::uint32_t> part = leiden ? refine(*level, comm, ncomm, q, theta, rng, ctx) : comm;
    const std::uint32_t nparts = leiden ? *std::max_element(part.begin(), part.end()) + 1 : ncomm;
    if (nparts == level->n) break;  // refinement merged nothing: aggregating would change nothing
    std::vector<std::uint32_t> next(nparts, 0);
    for (std::uint32_t i = 0; i < level->n; ++i) next[part[i]] = leiden ? comm[i] : part[i];
    for (auto& x : node_of) x = part[x];
    aggregated = aggregate(*level, part, nparts, !leiden, ctx);
    level = &aggregated;
    comm = std::move(next);
    if (!leiden) std::iota(comm.begin(), comm.end(), 0u);
  }
  run.labels.resize(base.n);
  for (std::uint32_t i = 0; i < base.n; ++i) run.labels[i] = comm[node_of[i]];
  return run;
}

// Label → compact id (ranks of the distinct labels in increasing order), and the number of classes.
std::uint32_t compact_labels(std::span<const std::uint32_t> labels, std::vector<std::uint32_t>& out) {
  out.resize(labels.size());
  const std::uint32_t top = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
  if (static_cast<std::size_t>(top) < 4 * labels.size() + 16) {
    // Small labels (the detectors' own): rank them through a table, in O(n + top).
    std::vector<std::uint32_t> rank(static_cast<std::size_t>(top) + 1, 0);
    for (auto l : labels) rank[l] = 1;
    std::uint32_t count = 0;
    for (auto& r : rank) r = r ? count++ : 0;
    for (std::size_t i = 0; i < labels.size(); ++i) out[i] = rank[labels[i]];
    return count;
  }
  std::vector<std::uint32_t> sorted(labels.begin(), labels.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (std::size_t i = 0; i < labels.size(); ++i)
    out[i] = static_cast<std::uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), labels[i]) - sorted.begin());
  return static_cast<std::uint32_t>(sorted.size());
}

void check_labels(const View& view, std::span<const std::uint32_t> labels, const char* what) {
  if (labels.size() != view.number_of_nodes())
    throw InvalidInput(std::string(what)
                           .append(": ")
                           .append(std::to_string(labels.size()))
                           .append(" labels for a view of ")
                           .append(std::to_string(view.number_of_nodes()))
                           .append(" nodes"));
}

// Modularity of labels on a base level (see modularity()); the arcs are scanned on the crew when
// one is given (the sums do not depend on it).
double modularity_of(const Level& g, std::span<const std::uint32_t> labels, double resolution,
                     detail::Crew* crew = nullptr) {
  if (!(g.total > 0)) return 0.0;
  std::vector<std::uint32_t> c;
  const auto count = compact_labels(labels, c);
  std::vector<double> inside(count, 0.0), kout(count, 0.0), kin(count, 0.0);
  // Per node, half the strength of its arcs inside its class.
  std::vector<double> within(g.n, 0.0);
  auto scan = [&](std::size_t i, unsigned) {
    double e = 0.0;
    for (auto a = g.offsets[i]; a < g.offsets[i + 1]; ++a)
      if (c[g.neighbors[a]] == c[i]) e += g.weights[a];
    within[i] = e / 2.0;
  };
  if (crew)
    crew->for_each(g.n, 1024, arcs_of(g) >= parallel_arcs, scan);
  else
    for (std::uint32_t i = 0; i < g.n; ++i) scan(i, 0);
  for (std::uint32_t i = 0; i < g.n; ++i) {
    inside[c[i]] += g.self[i] + within[i];
    kout[c[i]] += g.kout[i];
    kin[c[i]] += g.kin[i];
  }
  double q = 0.0;
  for (std::uint32_t k = 0; k < count; ++k) q += inside[k] / g.total - resolution * kout[k] * kin[k] / (g.total * g.total);
  return q;
}

// CPM quality of labels on a base level (see cpm_quality()).
double cpm_of(const Level& g, std::span<const std::uint32_t> labels, double resolution, bool directed) {
  std::vector<std::uint32_t> c;
  const auto count = compact_labels(labels, c);
  std::vector<double> inside(count, 0.0), size(count, 0.0);
  for (std::uint32_t i = 0; i < g.n; ++i) {
    inside[c[i]] += g.self[i];
    size[c[i]] += 1.0;
    for (auto a = g.offsets[i]; a < g.offsets[i + 1]; ++a)
      if (c[g.neighbors[a]] == c[i]) inside[c[i]] += g.weights[a] / 2.0;
  }
  // Arc units: an undirected edge counts twice (a self-loop too), an arc once.
  const double unit = directed ? 1.0 : 2.0;
  double h = 0.0;
  for (std::uint32_t k = 0; k < count; ++k) h += inside[k] / unit - resolution * size[k] * (size[k] - 1.0) / 2.0;
  return h;
}

// Workers of a Louvain or Leiden call: one below a few milliseconds of moving.
unsigned workers_for(const Level& base, int threads) {
  return detail::plan_workers(threads, static_cast<double>(arcs_of(base)), base.n, 5e4);
}

CommunityResult finish(const View& view, const Level& base, const std::vector<std::uint32_t>& labels,
                       double resolution, detail::Crew* crew = nullptr) {
  auto result = number_partition(view, labels);
  result.modularity = modularity_of(base, result.labels, resolution, crew);
  result.quality = result.modularity;
  return result;
}

}  // namespace

CommunityResult number_partition(const View& view, std::span<const std::uint32_t> labels) {
  check_labels(view, labels, "partition");
  std::vector<std::uint32_t> raw;
  const auto count = compact_labels(labels, raw);
  std::vector<std::uint32_t> sizes(count, 0);
  for (auto c : raw) ++sizes[c];
  auto numbered = detail::number_components(view, raw, sizes);
  CommunityResult r;
  r.labels = std::move(numbered.labels);
  r.sizes = std::move(numbered.sizes);
  return r;
}

double modularity(const View& view, std::span<const std::uint32_t> labels, double resolution) {
  check_labels(view, labels, "modularity");
  return modularity_of(base_level(view, "modularity"), labels, resolution);
}

double cpm_quality(const View& view, std::span<const std::uint32_t> labels, double resolution) {
  check_labels(view, labels, "cpm_quality");
  return cpm_of(base_level(view, "cpm_quality"), labels, resolution, view.directed());
}

CommunityResult louvain_communities(const View& view, const LouvainOptions& options) {
  if (!(options.resolution >= 0) || !std::isfinite(options.resolution))
    throw InvalidInput("louvain_communities: resolution must be a finite number >= 0, not " +
                       std::to_string(options.resolution));
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
    throw InvalidInput("louvain_communities: tolerance must be a finite number >= 0, not " +
                       std::to_string(options.tolerance));
  const Level base = base_level(view, "louvain_communities");
  std::mt19937_64 rng(options.seed);
  Quality q{LeidenObjective::modularity, options.resolution, base.total > 0 ? base.total : 1.0};
  std::vector<std::uint32_t> labels(base.n);
  std::iota(labels.begin(), labels.end(), 0u);
  detail::Crew crew(workers_for(base, options.threads));
  Context ctx(crew, base.n, options.progress);
  ctx.base = &base;
  std::uint32_t levels = 0;
  double best = -std::numeric_limits<double>::infinity();
  const std::uint32_t runs = std::max<std::uint32_t>(1, options.max_iterations);
  for (std::uint32_t it = 0; it < runs; ++it) {
    auto run = multilevel(base, labels, q, false, 0.0, rng, ctx, "louvain run " + std::to_string(it + 1));
    levels += run.levels;
    if (runs == 1) {
      labels = std::move(run.labels);
      break;
    }
    const double quality = modularity_of(base, run.labels, options.resolution, &crew);
    const double floor = 1e-12 * std::max(1.0, std::abs(best));
    const bool improved = it == 0 || quality > best + std::max(options.tolerance * std::abs(quality), floor);
    // A later run replaces the labels only when it raised the modularity: a run that changes
    // nothing leaves a graph's labels those of one run.
    if (it == 0 || quality > best + floor) {
      labels = std::move(run.labels);
      best = quality;
    }
    if (!improved) break;
  }
  auto result = finish(view, base, labels, options.resolution, &crew);
  result.iterations = levels;
  return result;
}

CommunityResult leiden_communities(const View& view, const LeidenOptions& options) {
  if (!(options.resolution >= 0) || !std::isfinite(options.resolution))
    throw InvalidInput("leiden_communities: resolution must be a finite number >= 0, not " +
                       std::to_string(options.resolution));
  if (!(options.randomness > 0) || !std::isfinite(options.randomness))
    throw InvalidInput("leiden_communities: randomness must be a finite number > 0, not " +
                       std::to_string(options.randomness));
  if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
    throw InvalidInput("leiden_communities: tolerance must be a finite number >= 0, not " +
                       std::to_string(options.tolerance));
  const Level base = base_level(view, "leiden_communities");
  std::mt19937_64 rng(options.seed);
  Quality q{options.objective, options.resolution, base.total > 0 ? base.total : 1.0};
  detail::Crew crew(workers_for(base, options.threads));
  auto quality_of = [&](const std::vector<std::uint32_t>& labels) {
    return options.objective == LeidenObjective::cpm ? cpm_of(base, labels, options.resolution, view.directed())
                                                     : modularity_of(base, labels, options.resolution, &crew);
  };
  std::vector<std::uint32_t> labels(base.n);
  std::iota(labels.begin(), labels.end(), 0u);
  double best = quality_of(labels);
  std::uint32_t levels = 0;
  const std::uint32_t runs = std::max<std::uint32_t>(1, options.max_iterations);
  Context ctx(crew, base.n, options.progress);
  ctx.base = &base;
  for (std::uint32_t it = 0; it < runs; ++it) {
    auto run = multilevel(base, labels, q, true, options.randomness, rng, ctx, "leiden run " + std::to_string(it + 1));
    levels += run.levels;
    const double quality = quality_of(run.labels);
    // Another run only after a gain of at least `tolerance` relative to the quality reached.
    const bool improved =
        quality > best + std::max(options.tolerance * std::abs(quality), 1e-12 * std::max(1.0, std::abs(best)));
    if (quality >= best) {
      labels = std::move(run.labels);
      best = quality;
    }
    if (!improved) break;
  }
  auto result = finish(view, base, labels, options.resolution, &crew);
  // finish() sets quality = modularity; CPM's quality is computed apart.
  if (options.objective == LeidenObjective::cpm) result.quality = quality_of(result.labels);
  result.iterations = levels;
  return result;
}

CommunityResult label_propagation_communities(const View& view, const LabelPropagationOptions& options) {
  const Level g = base_level(view, "label_propagation_communities");
  std::mt19937_64 rng(options.seed);
  std::vector<std::uint32_t> label(g.n);
  std::iota(label.begin(), label.end(), 0u);
  std::vector<std::uint32_t> order(g.n);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<double> weight(g.n, 0.0);
  std::vector<std::uint8_t> seen(g.n, 0);
  std::vector<std::uint32_t> touched, best;
  std::uint32_t sweeps = 0;
  bool stable = false;
  while (!stable && sweeps < std::max<std::uint32_t>(1, options.max_iterations)) {
    ++sweeps;
    const std::string stage = "label propagation sweep " + std::to_string(sweeps);
    ProgressReporter reporter(options.progress, stage, g.n, std::max<std::uint64_t>(1, g.n / 100));
    std::uint64_t visited = 0;
    shuffle(order, rng);
    for (auto v : order) {
      if (options.progress) reporter.tick(++visited);
      if (g.offsets[v] == g.offsets[v + 1]) continue;
      touched.clear();
      for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
        const auto l = label[g.neighbors[a]];
        if (!seen[l]) {
          seen[l] = 1;
          touched.push_back(l);
        }
        weight[l] += g.weights[a];
      }
      double top = 0.0;
      for (auto l : touched) top = std::max(top, weight[l]);
      best.clear();
      for (auto l : touched)
        if (weight[l] >= top * (1 - 1e-12)) best.push_back(l);
      for (auto l : touched) {
        weight[l] = 0.0;
        seen[l] = 0;
      }
      if (std::find(best.begin(), best.end(), label[v]) != best.end()) continue;
      std::sort(best.begin(), best.end());
      label[v] = best[detail::bounded_draw(rng, best.size())];
    }
    if (options.progress) reporter.finish();
    // Stable when every node holds one of its neighbours' heaviest labels.
    stable = true;
    for (std::uint32_t v = 0; v < g.n && stable; ++v) {
      if (g.offsets[v] == g.offsets[v + 1]) continue;
      double top = 0.0;
      touched.clear();
      for (auto a = g.offsets[v]; a < g.offsets[v + 1]; ++a) {
        const auto l = label[g.neighbors[a]];
        if (!seen[l]) {
          seen[l] = 1;
          touched.push_back(l);
        }
        weight[l] += g.weights[a];
      }
      for (auto l : touched) top = std::max(top, weight[l]);
      if (weight[label[v]] < top * (1 - 1e-12)) stable = false;
      for (auto l : touched) {
        weight[l] = 0.0;
        seen[l] = 0;
      }
    }
  }
  auto result = finish(view, g, label, 1.0);
  result.iterations = sweeps;
  return result;
}

namespace {

struct Contingency {
  double n = 0;
  std::vector<double> a, b, cells;
};

Contingency contingency(std::span<const std::uint32_t> x, std::span<const std::uint32_t> y, const char* what) {
  if (x.size() != y.size())
    throw InvalidInput(std::string(what)
                           .append(": labelings of different sizes (")
                           .append(std::to_string(x.size()))
                           .append(" and ")
                           .append(std::to_string(y.size()))
                           .append(")"));
  if (x.empty()) throw InvalidInput(std::string(what).append(": empty labelings"));
  std::vector<std::uint32_t> cx, cy;
  const auto nx = compact_labels(x, cx);
  const auto ny = compact_labels(y, cy);
  Contingency c;
  c.n = static_cast<double>(x.size());
  c.a.assign(nx, 0.0);
  c.b.assign(ny, 0.0);
  std::vector<std::uint64_t> pairs(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    c.a[cx[i]] += 1;
    c.b[cy[i]] += 1;
    pairs[i] = (static_cast<std::uint64_t>(cx[i]) << 32) | cy[i];
  }
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    c.cells.push_back(static_cast<double>(j - i));
    i = j;
  }
  return c;
}

}  // namespace

double normalized_mutual_info(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  const auto c = contingency(a, b, "normalized_mutual_info");
  if ((c.a.size() == 1 && c.b.size() == 1)) return 1.0;
  auto entropy = [&](const std::vector<double>& counts) {
    double h = 0.0;
    for (double k : counts) h -= k / c.n * std::log(k / c.n);
    return h;
  };
  // I = H(A) + H(B) − H(A, B).
  const double ha = entropy(c.a), hb = entropy(c.b), hab = entropy(c.cells);
  const double mi = std::max(0.0, ha + hb - hab);
  const double mean = (ha + hb) / 2.0;
  if (!(mean > 0)) return 1.0;
  return std::min(1.0, mi / mean);
}

double adjusted_rand_index(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  const auto c = contingency(a, b, "adjusted_rand_index");
  // Pair confusion matrix (scikit-learn's formulation), counting ordered pairs.
  double squares = 0.0, sa = 0.0, sb = 0.0;
  for (double k : c.cells) squares += k * k;
  for (double k : c.a) sa += k * k;
  for (double k : c.b) sb += k * k;
  const double tp = squares - c.n;
  const double fp = sb - squares;  // same cluster in b only
  const double fn = sa - squares;  // same cluster in a only
  const double tn = c.n * c.n - fp - fn - squares;
  if (fn == 0 && fp == 0) return 1.0;
  return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

}  // namespace maillage::algo
