// Gould–Fernandez brokerage over the kept arcs of a view. For a broker b, the out-neighbours of b
// are marked and counted per group once; then every in-neighbour a scans its own out-row for the
// marked nodes (the closed pairs a → c), so each ordered pair (a, c) is classified from the group
// counts without visiting it: O(Σ outdeg²) per labelling. The moments are sna's, with every
// group-size polynomial summed exactly in 128-bit integers.
#include "maillage/algo/brokerage.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "support.hpp"

namespace maillage::algo {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t counted = brokerage_roles - 1;  // the five roles counted (total is their sum)

double as_double(i128 x) { return static_cast<double>(x); }

/// The kept arcs: out- and in-CSR over view indices without self-loops and without arcs touching a
/// node left out.
struct Net {
  std::uint32_t n = 0;
  std::uint32_t kept = 0;
  std::int32_t groups = 0;  // k = 1 + largest code
  bool directed = false;
  std::vector<std::uint64_t> out_offsets, in_offsets;  // in-rows only when directed
  std::vector<std::uint32_t> out, in;
  double work = 0.0;  // n + m + Σ_a outdeg(a)² (= Σ_b Σ_{a→b} outdeg(a))

  std::uint64_t in_begin(std::uint32_t b) const { return directed ? in_offsets[b] : out_offsets[b]; }
  std::uint64_t in_end(std::uint32_t b) const { return directed ? in_offsets[b + 1] : out_offsets[b + 1]; }
  std::uint32_t in_at(std::uint64_t x) const { return directed ? in[x] : out[x]; }
};

void filtered_rows(std::uint32_t n, std::span<const std::uint64_t> offsets, std::span<const std::uint32_t> targets,
                   std::span<const std::int32_t> groups, std::vector<std::uint64_t>& out_offsets,
                   std::vector<std::uint32_t>& out) {
  out_offsets.assign(n + 1, 0);
  out.reserve(targets.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    if (groups[i] >= 0) {
      for (auto a = offsets[i]; a < offsets[i + 1]; ++a) {
        const auto j = targets[a];
        if (j != i && groups[j] >= 0) out.push_back(j);
      }
    }
    out_offsets[i + 1] = out.size();
  }
}

Net net_of(const View& view, std::span<const std::int32_t> groups, bool drop_missing, const char* what) {
  Net g;
  g.n = view.number_of_nodes();
  if (groups.size() != g.n)
    throw InvalidInput(std::string(what)
                           .append(": ")
                           .append(std::to_string(groups.size()))
                           .append(" groups for ")
                           .append(std::to_string(g.n))
                           .append(" nodes"));
  for (std::uint32_t i = 0; i < g.n; ++i) {
    if (groups[i] < 0) {
      if (!drop_missing)
        throw InvalidInput(std::string(what).append(": node ").append(quote(view.key(i))).append(" has no group"));
      continue;
    }
    ++g.kept;
    g.groups = std::max(g.groups, groups[i] + 1);
  }
  filtered_rows(g.n, view.out_offsets(), view.out_targets(), groups, g.out_offsets, g.out);
  g.directed = view.directed();
  if (g.directed) filtered_rows(g.n, view.in_offsets(), view.in_sources(), groups, g.in_offsets, g.in);
  g.work = static_cast<double>(g.n) + static_cast<double>(g.out.size());
  for (std::uint32_t a = 0; a < g.n; ++a) {
    const auto d = static_cast<double>(g.out_offsets[a + 1] - g.out_offsets[a]);
    g.work += d * d;
  }
  return g;
}

/// Per-worker scratch: mark[c] = b + 1 when c is an out-neighbour of broker b (only ever set for
/// out-neighbours of b, so stale marks never mislead), and counts per group of b's out-neighbours.
struct Scratch {
  Scratch(std::uint32_t n, std::int32_t k) : mark(n, 0), count(static_cast<std::size_t>(k), 0) {}
  std::vector<std::uint32_t> mark;
  std::vector<std::uint64_t> count;
};

using Five = std::array<std::uint64_t, counted>;

/// The five role counts of broker b under labels `lab`.
Five count_broker(const Net& g, std::span<const std::int32_t> lab, std::uint32_t b, Scratch& s) {
  Five r{};
  const auto ob = g.out_offsets[b], oe = g.out_offsets[b + 1];
  const auto ib = g.in_begin(b), ie = g.in_end(b);
  if (ob == oe || ib == ie) return r;
  const std::uint32_t stamp = b + 1;
  const auto gb = lab[b];
  for (auto x = ob; x < oe; ++x) {
    const auto c = g.out[x];
    s.mark[c] = stamp;
    ++s.count[static_cast<std::size_t>(lab[c])];
  }
  const std::uint64_t outs = oe - ob;
  const std::uint64_t same_b = s.count[static_cast<std::size_t>(gb)];
  for (auto y = ib; y < ie; ++y) {
    const auto a = g.in_at(y);
    const auto ga = lab[a];
    const std::uint64_t mutual = s.mark[a] == stamp ? 1 : 0;  // b → a: c = a is not a pair
    std::uint64_t closed = 0, closed_b = 0, closed_a = 0;
    for (auto x = g.out_offsets[a]; x < g.out_offsets[a + 1]; ++x) {
      const auto c = g.out[x];
      if (s.mark[c] != stamp) continue;  // a → c with c not an out-neighbour of b
      ++closed;
      const auto gc = lab[c];
      closed_b += gc == gb ? 1 : 0;
      closed_a += gc == ga ? 1 : 0;
    }
    const std::uint64_t open = outs - mutual - closed;
    if (ga == gb) {
      const std::uint64_t coordinated = same_b - mutual - closed_b;
      r[0] += coordinated;          // coordinator: c in the common group
      r[2] += open - coordinated;   // representative: c elsewhere
    } else {
      const std::uint64_t kept = same_b - closed_b;                                       // c in b's group
      const std::uint64_t across = s.count[static_cast<std::size_t>(ga)] - mutual - closed_a;  // c in a's group
      r[3] += kept;                   // gatekeeper
      r[1] += across;                 // itinerant
      r[4] += open - kept - across;   // liaison
    }
  }
  for (auto x = ob; x < oe; ++x) s.count[static_cast<std::size_t>(lab[g.out[x]])] = 0;
  return r;
}

/// Group sizes of the kept nodes.
std::vector<std::uint64_t> sizes_of(const Net& g, std::span<const std::int32_t> groups) {
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(g.groups), 0);
  for (std::uint32_t i = 0; i < g.n; ++i)
    if (groups[i] >= 0) ++sizes[static_cast<std::size_t>(groups[i])];
  return sizes;
}

/// sna's moments of a broker of each group and of the network totals.
struct Moments {
  std::vector<RoleValues> expected, sd;
  RoleValues total_expected{}, total_sd{};
};

Moments moments(const std::vector<std::uint64_t>& sizes, std::uint32_t nodes, double d) {
  const i128 N = nodes;
  const double q = d * d * (1 - d);
  const double c3 = std::pow(d, 3) * std::pow(1 - d, 3);
  const double c4 = std::pow(d, 4) * std::pow(1 - d, 2);
  const double c5 = std::pow(d, 5) * (1 - d);
  auto choose2 = [](i128 x) { return x * (x - 1) / 2; };
  // Power sums and falling products over the groups.
  i128 p2 = 0, p3 = 0, s2 = 0, s3 = 0;  // Σn², Σn³, Σn(n−1), Σn(n−1)(n−2)
  for (auto u : sizes) {
    const i128 n = static_cast<i128>(u);
    p2 += n * n;
    p3 += n * n * n;
    s2 += n * (n - 1);
    s3 += n * (n - 1) * (n - 2);
  }
  Moments m;
  m.expected.assign(sizes.size(), RoleValues{});
  m.sd.assign(sizes.size(), RoleValues{});
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const i128 n = static_cast<i128>(sizes[i]);
    auto& e = m.expected[i];
    auto& v = m.sd[i];
    if (n == 0) {
      e.fill(nan);
      v.fill(nan);
      continue;
    }
    const i128 M = N - n;  // nodes outside the broker's group
    // Coordinator.
    e[0] = q * as_double((n - 1) * (n - 2));
    v[0] = e[0] * (1 - q) + 2 * as_double((n - 1) * (n - 2) * (n - 3)) * c3;
    // Itinerant: Σ_{j≠i} n_j(n_j − 1), Σ_{j≠i} n_j(n_j − 1)(n_j − 2).
    e[1] = q * as_double(s2 - n * (n - 1));
    v[1] = e[1] * (1 - q) + 2 * as_double(s3 - n * (n - 1) * (n - 2)) * c3;
    // Representative and gatekeeper.
    e[2] = q * as_double(M * (n - 1));
    v[2] = e[2] * (1 - q) + 2 * as_double((n - 1) * choose2(M) + M * choose2(n - 1)) * c3;
    e[3] = e[2];
    v[3] = v[2];
    // Liaison: (Σ_{j≠i} n_j)² − Σ_{j≠i} n_j²; variance term 4 Σ_{j≠i} n_j C(M − n_j, 2), with
    // Σ_{j≠i} n_j (M − n_j)(M − n_j − 1) = (M² − M) s1 − (2M − 1) s2 + s3 over the other groups.
    const i128 o1 = M, o2 = p2 - n * n, o3 = p3 - n * n * n;
    e[4] = q * as_double(M * M - o2);
    v[4] = e[4] * (1 - q) + 2 * as_double((M * M - M) * o1 - (2 * M - 1) * o2 + o3) * c3;
    // Total.
    e[5] = q * as_double((N - 1) * (N - 2));
    v[5] = e[5] * (1 - q) + 2 * as_double((N - 1) * (N - 2) * (N - 3)) * c3;
    for (auto& x : v) x = std::sqrt(x);
  }
  // Network totals (sna's "global expectations/variances").
  auto& e = m.total_expected;
  auto& v = m.total_sd;
  {
    i128 a3 = 0, a4 = 0;  // Σ T (4n − 10), Σ T (n − 3) with T = n(n − 1)(n − 2)
    i128 w3 = 0, w5 = 0;  // itinerant variance: coefficients of c3 and c5
    i128 r = 0, r3 = 0, r5 = 0;  // Σ n(N − n)(n − 1) and its variance coefficients
    i128 t1 = 0;  // Σ_i n_i² [(N − n_i)² − (p2 − n_i²)]
    for (auto u : sizes) {
      const i128 n = static_cast<i128>(u);
      const i128 t = n * (n - 1) * (n - 2);
      a3 += t * (4 * n - 10);
      a4 += t * (n - 3);
      const i128 x1 = n * (n - 1);
      w3 += x1 * (2 * n - 6) * N + 2 * p2 * x1 - n * n * (n - 1) * (4 * n - 6);
      w5 += x1 * (N - n - 1) * N - n * n * (n - 1) * (N - n - 1);
      const i128 rn = n * (N - n) * (n - 1);
      r += rn;
      r3 += rn * (N - 3);
      r5 += rn * (n - 2);
      t1 += n * n * ((N - n) * (N - n) - (p2 - n * n));
    }
    e[0] = q * as_double(s3);
    v[0] = e[0] * (1 - q) + as_double(a3) * c3 - 4 * as_double(a4) * c4 + as_double(a4) * c5;
    e[1] = q * as_double(r);
    v[1] = e[1] * (1 - q) + as_double(w3) * c3 + as_double(w5) * c5;
    e[2] = q * as_double(r);
    v[2] = e[2] * (1 - q) + as_double(r3) * c3 + as_double(r5) * c5;
    e[3] = e[2];
    v[3] = v[2];
    // Liaison: T0 = Σ over distinct groups i, j, k of n_i n_j n_k = N³ − 3 N p2 + 2 p3; sna's triple
    // loop is linear in each size, so it reduces to T0 and T1.
    const i128 t0 = N * N * N - 3 * N * p2 + 2 * p3;
    e[4] = q * as_double(t0);
    v[4] = e[4] * (1 - q) + as_double(t0 * (4 * N - 2) - 8 * t1) * c3 - as_double(t0 * (4 * N - 2) - 8 * t1) * c4 +
           as_double(t0 * (N - 1) - 2 * t1) * c5;
    const i128 t = N * (N - 1) * (N - 2);
    e[5] = q * as_double(t);
    v[5] = e[5] * (1 - q) + as_double(t * (4 * N - 10)) * c3 - 4 * as_double(t * (N - 3)) * c4 +
           as_double(t * (N - 3)) * c5;
    for (auto& x : v) x = std::sqrt(x);
  }
  return m;
}

double density_of(const Net& g) {
  const double n = g.kept;
  return static_cast<double>(g.out.size()) / (n * (n - 1));
}

/// Counts of every kept broker under `lab`, role-major into `counts` (total included).
template <class Tick>
void count_all(const Net& g, std::span<const std::int32_t> lab, unsigned workers,
               std::array<std::vector<std::uint64_t>, brokerage_roles>& counts, Tick&& tick) {
  for (auto& c : counts) c.assign(g.n, 0);
  std::vector<Scratch> scratch;
  scratch.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) scratch.emplace_back(g.n, g.groups);
  detail::for_each_item(
      g.n, workers,
      [&](std::size_t item, unsigned w) {
        const auto b = static_cast<std::uint32_t>(item);
        if (lab[b] < 0) return;
        const auto r = count_broker(g, lab, b, scratch[w]);
        std::uint64_t total = 0;
        for (std::size_t k = 0; k < counted; ++k) {
          counts[k][b] = r[k];
          total += r[k];
        }
        counts[counted][b] = total;
      },
      std::forward<Tick>(tick));
}

}  // namespace

std::string_view brokerage_role_name(BrokerageRole role) {
  switch (role) {
    case BrokerageRole::coordinator: return "coordinator";
    case BrokerageRole::itinerant: return "itinerant";
    case BrokerageRole::representative: return "representative";
    case BrokerageRole::gatekeeper: return "gatekeeper";
    case BrokerageRole::liaison: return "liaison";
    case BrokerageRole::total: return "total";
  }
  return "total";
}

BrokerageResult brokerage(const View& view, std::span<const std::int32_t> groups, const BrokerageOptions& options) {
  const Net g = net_of(view, groups, options.drop_missing, "brokerage");
  const unsigned workers = detail::plan_workers(options.threads, g.work, g.n);
  ProgressReporter progress(detail::progress_for(options.progress, g.work), "brokerage", g.n,
                            detail::report_every(g.n));
  BrokerageResult r;
  count_all(g, groups, workers, r.counts, [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  r.nodes = g.kept;
  r.arcs = g.out.size();
  r.density = density_of(g);
  r.group_sizes = sizes_of(g, groups);
  const Moments m = moments(r.group_sizes, g.kept, r.density);
  r.group_expected = m.expected;
  r.group_sd = m.sd;
  r.total_expected = m.total_expected;
  r.total_sd = m.total_sd;
  for (std::size_t k = 0; k < brokerage_roles; ++k) {
    auto& z = r.z[k];
    z.assign(g.n, nan);
    std::uint64_t sum = 0;
    for (std::uint32_t b = 0; b < g.n; ++b) {
      if (groups[b] < 0) continue;
      const auto gi = static_cast<std::size_t>(groups[b]);
      const auto x = r.counts[k][b];
      sum += x;
      z[b] = (static_cast<double>(x) - m.expected[gi][k]) / m.sd[gi][k];
    }
    r.total[k] = sum;
    r.total_z[k] = (static_cast<double>(sum) - m.total_expected[k]) / m.total_sd[k];
  }
  return r;
}

std::vector<std::int32_t> permuted_groups(std::span<const std::int32_t> groups, std::uint64_t seed,
                                          std::uint64_t sample) {
  std::vector<std::int32_t> out(groups.begin(), groups.end());
  std::vector<std::uint32_t> positions;
  positions.reserve(groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i] >= 0) positions.push_back(static_cast<std::uint32_t>(i));
  auto rng = detail::sample_generator(seed, sample);
  for (std::size_t i = positions.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(detail::bounded_draw(rng, i));
    std::swap(out[positions[i - 1]], out[positions[j]]);
  }
  return out;
}

BrokeragePermutationResult brokerage_permutation_test(const View& view, std::span<const std::int32_t> groups,
                                                      const BrokeragePermutationOptions& options) {
  if (options.samples == 0) throw InvalidInput("brokerage permutation test: samples must be at least 1");
  const Net g = net_of(view, groups, options.drop_missing, "brokerage permutation test");
  const std::uint32_t n = g.n;
  const std::uint32_t S = options.samples;
  BrokeragePermutationResult r;
  r.samples = S;
  count_all(g, groups, detail::plan_workers(options.threads, g.work, n), r.observed, [](std::size_t) {});

  // Exact null means: total_b · P_r / D over the ordered labellings of three distinct nodes.
  const auto sizes = sizes_of(g, groups);
  const i128 N = g.kept;
  const i128 D = N * (N - 1) * (N - 2);
  i128 pc = 0, pi = 0;
  for (auto u : sizes) {
    const i128 s = static_cast<i128>(u);
    pc += s * (s - 1) * (s - 2);
    pi += s * (s - 1) * (N - s);
  }
  const std::array<i128, counted> P{pc, pi, pi, pi, D - pc - 3 * pi};
  auto deviation = [&](std::uint64_t x, std::uint64_t t, std::size_t k) -> u128 {
    const i128 dev = static_cast<i128>(x) * D - static_cast<i128>(t) * P[k];
    return static_cast<u128>(dev < 0 ? -dev : dev);
  };
  std::array<std::vector<u128>, counted> observed_deviation;
  for (std::size_t k = 0; k < counted; ++k) {
    observed_deviation[k].assign(n, 0);
    for (std::uint32_t b = 0; b < n; ++b)
      if (groups[b] >= 0) observed_deviation[k][b] = deviation(r.observed[k][b], r.observed[counted][b], k);
  }

  // Per-worker integer accumulators (order-free sums), per-sample network totals.
  struct Accumulator {
    std::array<std::vector<std::uint64_t>, counted> sum, extreme;
    std::array<std::vector<u128>, counted> squares;
  };
  const unsigned workers = detail::plan_workers(options.threads, g.work * S, S);
  std::vector<Accumulator> acc(workers);
  for (auto& a : acc)
    for (std::size_t k = 0; k < counted; ++k) {
      a.sum[k].assign(n, 0);
      a.extreme[k].assign(n, 0);
      a.squares[k].assign(n, 0);
    }
  std::vector<Scratch> scratch;
  scratch.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) scratch.emplace_back(n, g.groups);
  std::vector<Five> sample_totals(S);
  ProgressReporter progress(options.progress, "brokerage permutations", S, detail::report_every(S));
  detail::for_each_item(
      S, workers,
      [&](std::size_t s, unsigned w) {
        const auto lab = permuted_groups(groups, options.seed, s);
        auto& a = acc[w];
        Five totals{};
        for (std::uint32_t b = 0; b < n; ++b) {
          if (lab[b] < 0) continue;
          const auto c = count_broker(g, lab, b, scratch[w]);
          const auto t = r.observed[counted][b];
          for (std::size_t k = 0; k < counted; ++k) {
            const auto x = c[k];
            totals[k] += x;
            a.sum[k][b] += x;
            a.squares[k][b] += static_cast<u128>(x) * x;
            if (deviation(x, t, k) >= observed_deviation[k][b]) ++a.extreme[k][b];
          }
        }
        sample_totals[s] = totals;
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();

  const double samples = S;
  auto spread = [&](u128 sum, u128 squares) {
    if (S < 2) return nan;
    // (S Σx² − (Σx)²) / (S (S − 1)), exact up to the final division.
    const u128 num = static_cast<u128>(S) * squares - sum * sum;
    return std::sqrt(static_cast<double>(num) / (samples * (samples - 1)));
  };
  for (std::size_t k = 0; k < brokerage_roles; ++k) {
    r.expected[k].assign(n, nan);
    r.mean[k].assign(n, nan);
    r.sd[k].assign(n, nan);
    r.p[k].assign(n, nan);
  }
  for (std::uint32_t b = 0; b < n; ++b) {
    if (groups[b] < 0) continue;
    const auto t = r.observed[counted][b];
    for (std::size_t k = 0; k < counted; ++k) {
      u128 sum = 0, squares = 0;
      std::uint64_t extreme = 0;
      for (const auto& a : acc) {
        sum += a.sum[k][b];
        squares += a.squares[k][b];
        extreme += a.extreme[k][b];
      }
      r.expected[k][b] = D > 0 ? as_double(static_cast<i128>(t) * P[k]) / as_double(D) : 0.0;
      r.mean[k][b] = static_cast<double>(sum) / samples;
      r.sd[k][b] = spread(sum, squares);
      r.p[k][b] = (1.0 + static_cast<double>(extreme)) / (1.0 + samples);
    }
    r.expected[counted][b] = r.mean[counted][b] = static_cast<double>(t);
    r.sd[counted][b] = S < 2 ? nan : 0.0;
    r.p[counted][b] = 1.0;
  }

  // Network totals: the same from the per-sample totals, in sample order.
  std::uint64_t grand = 0;
  for (std::uint32_t b = 0; b < n; ++b) grand += r.observed[counted][b];
  for (std::size_t k = 0; k < counted; ++k) {
    std::uint64_t obs = 0;
    for (std::uint32_t b = 0; b < n; ++b) obs += r.observed[k][b];
    r.total_observed[k] = obs;
    const u128 obs_dev = deviation(obs, grand, k);
    u128 sum = 0;
    long double squares = 0;
    std::uint64_t extreme = 0;
    for (const auto& st : sample_totals) {
      sum += st[k];
      squares += static_cast<long double>(st[k]) * static_cast<long double>(st[k]);
      if (deviation(st[k], grand, k) >= obs_dev) ++extreme;
    }
    r.total_expected[k] = D > 0 ? as_double(static_cast<i128>(grand) * P[k]) / as_double(D) : 0.0;
    const long double mean = static_cast<long double>(sum) / S;
    r.total_mean[k] = static_cast<double>(mean);
    r.total_sd[k] = S < 2 ? nan
                          : static_cast<double>(std::sqrt(std::max(
                                0.0L, (squares - static_cast<long double>(S) * mean * mean) / (S - 1))));
    r.total_p[k] = (1.0 + static_cast<double>(extreme)) / (1.0 + samples);
  }
  r.total_observed[counted] = grand;
  r.total_expected[counted] = r.total_mean[counted] = static_cast<double>(grand);
  r.total_sd[counted] = S < 2 ? nan : 0.0;
  r.total_p[counted] = 1.0;
  return r;
}

}  // namespace maillage::algo
