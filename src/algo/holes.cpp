// Burt's structural holes over the mutual-weight neighbourhoods of a view's nodes: the out- and
// in-rows of each node are merged once into one sorted contact list with z_ij = a_ij + a_ji, then
// every node's measures come from its contacts' lists, marked in per-worker dense arrays.
#include "maillage/algo/holes.hpp"

#include <cmath>
#include <limits>

#include "support.hpp"

namespace maillage::algo {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Contacts of every node: CSR of (neighbour, z), neighbours ascending, self-loops left out.
struct Contacts {
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> nodes;
  std::vector<double> z;
  std::vector<double> total;  // Σ_k z_ik
  std::vector<double> top;    // max_k z_ik
};

Contacts contacts_of(const View& view) {
  const std::uint32_t n = view.number_of_nodes();
  const auto out = detail::arc_strengths(view, view.out_weights(), view.out_edges(), "structural holes");
  const auto in = detail::arc_strengths(view, view.in_weights(), view.in_edges(), "structural holes");
  const auto oo = view.out_offsets(), io = view.in_offsets();
  const auto ot = view.out_targets(), is = view.in_sources();
  auto w_out = [&](std::uint64_t a) { return out.values.empty() ? 1.0 : out.values[a]; };
  auto w_in = [&](std::uint64_t a) { return in.values.empty() ? 1.0 : in.values[a]; };
  Contacts c;
  c.offsets.assign(n + 1, 0);
  c.nodes.reserve(ot.size() + (view.directed() ? is.size() : 0));
  c.z.reserve(c.nodes.capacity());
  c.total.assign(n, 0.0);
  c.top.assign(n, 0.0);
  for (std::uint32_t i = 0; i < n; ++i) {
    // Merge the two ascending rows (an undirected view's in-row is its out-row: z = 2w).
    auto a = oo[i], b = io[i];
    const auto ae = oo[i + 1], be = io[i + 1];
    while (a < ae || b < be) {
      std::uint32_t j;
      double z = 0.0;
      if (b >= be || (a < ae && ot[a] < is[b])) {
        j = ot[a];
        z = w_out(a++);
      } else if (a >= ae || is[b] < ot[a]) {
        j = is[b];
        z = w_in(b++);
      } else {
        j = ot[a];
        z = w_out(a++) + w_in(b++);
      }
      if (j == i) continue;
      c.nodes.push_back(j);
      c.z.push_back(z);
      c.total[i] += z;
      c.top[i] = std::max(c.top[i], z);
    }
    c.offsets[i + 1] = c.nodes.size();
  }
  return c;
}

/// Per-worker scratch: position + 1 of each node in the current ego's contact list (0 = not a
/// contact), and sums per contact.
struct Scratch {
  explicit Scratch(std::uint32_t n) : slot(n, 0) {}
  std::vector<std::uint32_t> slot;
  std::vector<double> p, indirect, redundancy, ego_total, ego_top;
};

void measure(const Contacts& c, std::uint32_t i, bool ego, Scratch& s, HolesResult& r) {
  const auto begin = c.offsets[i], end = c.offsets[i + 1];
  const auto n = static_cast<std::size_t>(end - begin);
  if (n == 0 || !(c.total[i] > 0)) {
    r.constraint[i] = r.effective_size[i] = r.efficiency[i] = r.hierarchy[i] = nan;
    return;
  }
  s.p.assign(n, 0.0);
  s.indirect.assign(n, 0.0);
  s.redundancy.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    s.slot[c.nodes[begin + k]] = static_cast<std::uint32_t>(k + 1);
    s.p[k] = c.z[begin + k] / c.total[i];
  }
  // Normalisers of each contact q: all of its ties (whole model), or those inside the ego network
  // (its ties to i and to i's other contacts).
  if (ego) {
    s.ego_total.assign(n, 0.0);
    s.ego_top.assign(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      const auto q = c.nodes[begin + k];
      for (auto a = c.offsets[q]; a < c.offsets[q + 1]; ++a) {
        const auto j = c.nodes[a];
        if (j != i && s.slot[j] == 0) continue;
        s.ego_total[k] += c.z[a];
        s.ego_top[k] = std::max(s.ego_top[k], c.z[a]);
      }
    }
  }
  // Two-step paths i → q → j inside the ego network: p_iq p_qj (constraint) and p_iq m_jq
  // (redundancy of j through q; m_jq = z_qj / max_k z_jk).
  for (std::size_t k = 0; k < n; ++k) {
    const auto q = c.nodes[begin + k];
    const double total_q = ego ? s.ego_total[k] : c.total[q];
    for (auto a = c.offsets[q]; a < c.offsets[q + 1]; ++a) {
      const auto j = c.nodes[a];
      const auto sj = s.slot[j];
      if (sj == 0) continue;  // i itself, or not a contact of i
      const double zqj = c.z[a];
      if (total_q > 0) s.indirect[sj - 1] += s.p[k] * zqj / total_q;
      const double top_j = ego ? s.ego_top[sj - 1] : c.top[j];
      if (top_j > 0) s.redundancy[sj - 1] += s.p[k] * zqj / top_j;
    }
  }
  double constraint = 0.0, effective = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double local = s.p[k] + s.indirect[k];
    s.indirect[k] = local * local;  // c_ij, kept for the hierarchy
    constraint += s.indirect[k];
    effective += 1.0 - s.redundancy[k];
  }
  r.constraint[i] = constraint;
  r.effective_size[i] = effective;
  r.efficiency[i] = effective / static_cast<double>(n);
  if (n == 1) {
    r.hierarchy[i] = 1.0;
  } else {
    const double mean = constraint / static_cast<double>(n);
    double h = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const double x = s.indirect[k] / mean;
      if (x > 0) h += x * std::log(x);
    }
    r.hierarchy[i] = h / (static_cast<double>(n) * std::log(static_cast<double>(n)));
  }
  for (auto a = begin; a < end; ++a) s.slot[c.nodes[a]] = 0;
}

}  // namespace

HolesResult structural_holes(const View& view, const HolesOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  const Contacts c = contacts_of(view);
  HolesResult r;
  r.constraint.assign(n, nan);
  r.effective_size.assign(n, nan);
  r.efficiency.assign(n, nan);
  r.hierarchy.assign(n, nan);
  // Work: Σ over contacts q of |N(q)|.
  double work = 0.0;
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto a = c.offsets[i]; a < c.offsets[i + 1]; ++a)
      work += static_cast<double>(c.offsets[c.nodes[a] + 1] - c.offsets[c.nodes[a]]);
  const unsigned workers = detail::plan_workers(options.threads, work + n, n);
  ProgressReporter progress(detail::progress_for(options.progress, work + n), "structural holes", n,
                            detail::report_every(n));
  std::vector<Scratch> scratch;
  scratch.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) scratch.emplace_back(n);
  const bool ego = options.model == HolesModel::ego;
  detail::for_each_item(
      n, workers, [&](std::size_t i, unsigned w) { measure(c, static_cast<std::uint32_t>(i), ego, scratch[w], r); },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  return r;
}

}  // namespace maillage::algo
