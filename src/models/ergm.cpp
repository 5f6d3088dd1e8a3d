// ERGM model, tie/no-tie sampler, MPLE, MCMC MLE and goodness of fit.
#include "maillage/models/ergm.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <array>
#include <cstring>
#include <map>
#include <set>
#include <numeric>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "../algo/support.hpp"
#include "ergm_internal.hpp"
#include "models_support.hpp"

namespace maillage::models {

namespace {

using algo::detail::bounded_draw;
using algo::detail::StreamGenerator;

double uniform(StreamGenerator& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

}  // namespace

// ------------------------------------------------------------------------------------ model

ErgmModel::ErgmModel(ErgmNetwork network, std::string_view formula) : network_(std::move(network)) {
  const auto& net = network_;
  const std::size_t n = net.nodes;
  if (n < 2) throw InvalidInput("ergm: the network needs at least 2 nodes, not " + std::to_string(n));
  if (n >= (std::size_t{1} << 31)) throw InvalidInput("ergm: too many nodes");
  if (net.source.size() != net.target.size())
    throw InvalidInput("ergm: " + std::to_string(net.source.size()) + " sources for " +
                       std::to_string(net.target.size()) + " targets");
  if (!net.mode.empty()) {
    if (net.directed) throw InvalidInput("ergm: two-mode networks are undirected");
    if (net.mode.size() != n)
      throw InvalidInput("ergm: " + std::to_string(net.mode.size()) + " modes for " + std::to_string(n) + " nodes");
    std::size_t first = 0;
    for (std::size_t v = 0; v < n; ++v) {
      if (net.mode[v] > 1) throw InvalidInput("ergm: mode of node " + std::to_string(v) + " is not 0 or 1");
      first += net.mode[v] == 0;
    }
    if (first == 0 || first == n) throw InvalidInput("ergm: a two-mode network needs nodes in both modes");
  }
  std::unordered_set<std::uint64_t> seen;
  for (std::size_t e = 0; e < net.source.size(); ++e) {
    std::uint32_t i = net.source[e], j = net.target[e];
    if (i >= n || j >= n)
      throw InvalidInput("ergm: tie " + std::to_string(e) + " has an end outside [0, " + std::to_string(n) + ")");
    if (i == j) throw InvalidInput("ergm: tie " + std::to_string(e) + " is a self-loop on node " + std::to_string(i));
    if (!net.mode.empty() && net.mode[i] == net.mode[j])
      throw InvalidInput("ergm: tie " + std::to_string(e) + " joins nodes " + std::to_string(i) + " and " +
                         std::to_string(j) + " of the same mode");
    if (!net.directed && i > j) std::swap(i, j);
    if (!seen.insert((std::uint64_t{i} << 32) | j).second)
      throw InvalidInput("ergm: tie " + std::to_string(e) + " (" + std::to_string(i) + ", " + std::to_string(j) +
                         ") is given twice");
  }
  for (const auto& [name, a] : net.attributes) {
    if (!a.codes.empty()) {
      if (a.codes.size() != n) throw InvalidInput("ergm: attribute " + quote(name) + " has a wrong number of values");
      for (std::size_t v = 0; v < n; ++v)
        if (a.codes[v] < 0 || static_cast<std::size_t>(a.codes[v]) >= a.levels.size())
          throw InvalidInput("ergm: attribute " + quote(name) + " has no level for node " + std::to_string(v));
    }
    if (!a.values.empty()) {
      if (a.values.size() != n) throw InvalidInput("ergm: attribute " + quote(name) + " has a wrong number of values");
      for (std::size_t v = 0; v < n; ++v)
        if (!std::isfinite(a.values[v]))
          throw InvalidInput("ergm: attribute " + quote(name) + " is not finite at node " + std::to_string(v));
    }
  }
  terms_ = make_terms(network_, formula);
  for (const auto& t : terms_) names_.insert(names_.end(), t->names.begin(), t->names.end());
  std::set<std::string> unique(names_.begin(), names_.end());
  if (unique.size() != names_.size()) throw InvalidInput("ergm: formula " + quote(formula) + " repeats a statistic");
}

ErgmModel::~ErgmModel() = default;
ErgmModel::ErgmModel(ErgmModel&&) noexcept = default;
ErgmModel& ErgmModel::operator=(ErgmModel&&) noexcept = default;

bool ErgmModel::dyad_independent() const {
  return std::all_of(terms_.begin(), terms_.end(), [](const auto& t) { return t->dyad_independent; });
}

double ErgmModel::dyads() const {
  const double n = static_cast<double>(network_.nodes);
  if (!network_.mode.empty()) {
    const double a = static_cast<double>(std::count(network_.mode.begin(), network_.mode.end(), 0));
    return a * (n - a);
  }
  return network_.directed ? n * (n - 1) : n * (n - 1) / 2;
}

std::unique_ptr<ErgmState> ErgmModel::state(bool tie_list) const {
  auto s = std::make_unique<ErgmState>();
  s->n = network_.nodes;
  s->directed = network_.directed;
  s->out.resize(s->n);
  if (s->directed) s->in.resize(s->n);
  // Rows allocated once at their size (a state of 10⁵ nodes is built and freed in milliseconds).
  std::vector<std::size_t> out_degree(s->n, 0), in_degree(s->directed ? s->n : 0, 0);
  for (std::size_t e = 0; e < network_.source.size(); ++e) {
    ++out_degree[network_.source[e]];
    ++(s->directed ? in_degree : out_degree)[network_.target[e]];
  }
  for (std::size_t v = 0; v < s->n; ++v) {
    s->out[v].reserve(out_degree[v]);
    if (s->directed) s->in[v].reserve(in_degree[v]);
  }
  for (std::size_t e = 0; e < network_.source.size(); ++e) {
    if (tie_list)
      s->add(network_.source[e], network_.target[e]);
    else
      s->link(network_.source[e], network_.target[e]);
  }
  return s;
}

void ErgmModel::change(const ErgmState& s, std::uint32_t i, std::uint32_t j, double* out) const {
  std::fill(out, out + names_.size(), 0.0);
  if (!network_.directed) {
    if (!network_.mode.empty()) {
      if (network_.mode[i] == 1) std::swap(i, j);
    } else if (i > j) {
      std::swap(i, j);
    }
  }
  std::size_t at = 0;
  for (const auto& t : terms_) {
    t->change(s, i, j, out + at);
    at += t->names.size();
  }
}

std::vector<double> ErgmModel::statistics(std::span<const std::uint32_t> source,
                                          std::span<const std::uint32_t> target) const {
  ErgmNetwork copy;
  copy.nodes = network_.nodes;
  copy.directed = network_.directed;
  copy.mode = network_.mode;
  copy.source.assign(source.begin(), source.end());
  copy.target.assign(target.begin(), target.end());
  ErgmModel check(std::move(copy), "edges");  // validates the ties
  ErgmState s;
  s.n = network_.nodes;
  s.directed = network_.directed;
  s.out.resize(s.n);
  if (s.directed) s.in.resize(s.n);
  std::vector<double> sum(size(), 0.0), delta(size());
  for (std::size_t e = 0; e < source.size(); ++e) {
    change(s, source[e], target[e], delta.data());
    for (std::size_t k = 0; k < size(); ++k) sum[k] += delta[k];
    s.link(source[e], target[e]);
  }
  return sum;
}

std::vector<double> ErgmModel::statistics() const { return statistics(network_.source, network_.target); }

std::vector<double> ErgmModel::change_statistics(std::uint32_t i, std::uint32_t j) const {
  const std::size_t n = network_.nodes;
  if (i >= n || j >= n || i == j)
    throw InvalidInput("ergm: dyad (" + std::to_string(i) + ", " + std::to_string(j) + ") is not a dyad of the " +
                       std::to_string(n) + " nodes");
  if (!network_.mode.empty() && network_.mode[i] == network_.mode[j])
    throw InvalidInput("ergm: dyad (" + std::to_string(i) + ", " + std::to_string(j) + ") joins nodes of one mode");
  auto s = state(false);
  if (s->has(i, j)) s->unlink(i, j);
  std::vector<double> delta(size());
  change(*s, i, j, delta.data());
  return delta;
}

// ------------------------------------------------------------------------------------ sampler

namespace {

std::string theta_text(const ErgmModel& model, std::span<const double> theta) {
  std::string s;
  for (std::size_t k = 0; k < theta.size(); ++k) s += (k ? ", " : "") + model.names()[k] + " " + fmt(theta[k]);
  return s;
}

struct Chain {
  std::unique_ptr<ErgmState> state;
  StreamGenerator rng{0, 0};
  std::vector<double> stats;
  std::uint64_t proposals = 0, accepted = 0;
};

// Draws uniform dyads: ordered pairs (directed), unordered pairs (undirected), or a mode-0 and a
// mode-1 node (two-mode).
struct DyadPicker {
  std::size_t n = 0;
  bool directed = false;
  std::vector<std::uint32_t> first, second;  // two-mode: the nodes of each mode
  explicit DyadPicker(const ErgmNetwork& net) : n(net.nodes), directed(net.directed) {
    for (std::uint32_t v = 0; v < net.mode.size(); ++v) (net.mode[v] == 0 ? first : second).push_back(v);
  }
  std::pair<std::uint32_t, std::uint32_t> operator()(StreamGenerator& rng) const {
    if (!first.empty())
      return {first[bounded_draw(rng, first.size())], second[bounded_draw(rng, second.size())]};
    const auto i = static_cast<std::uint32_t>(bounded_draw(rng, n));
    auto j = static_cast<std::uint32_t>(bounded_draw(rng, n - 1));
    if (j >= i) ++j;
    return {i, j};
  }
};

// One tie/no-tie Metropolis–Hastings proposal (Morris, Handcock & Hunter 2008): with probability
// 1/2 an existing tie, else a uniform dyad, toggled with the acceptance ratio of the proposal.
void propose(const ErgmModel& model, std::span<const double> theta, const DyadPicker& picker, double dyads, Chain& c,
             std::vector<double>& delta) {
  ErgmState& s = *c.state;
  const double edges = static_cast<double>(s.edges.size());
  std::uint32_t i, j;
  bool present;
  if (edges > 0 && uniform(c.rng) < 0.5) {
    const std::uint64_t k = s.edges[bounded_draw(c.rng, s.edges.size())];
    i = static_cast<std::uint32_t>(k >> 32), j = static_cast<std::uint32_t>(k & 0xffffffffu);
    present = true;
  } else {
    std::tie(i, j) = picker(c.rng);
    present = s.has(i, j);
  }
  double log_ratio;
  if (present)
    log_ratio = std::log(edges == 1 ? 1.0 / (0.5 * dyads + 0.5) : edges / (dyads + edges));
  else
    log_ratio = std::log(edges == 0 ? 0.5 * dyads + 0.5 : 1.0 + dyads / (edges + 1));
  if (present) s.unlink(i, j);
  model.change(s, i, j, delta.data());
  double dot = 0;
  for (std::size_t k = 0; k < delta.size(); ++k) dot += theta[k] * delta[k];
  const double log_accept = (present ? -dot : dot) + log_ratio;
  ++c.proposals;
  const bool accept = log_accept >= 0 || std::log(uniform(c.rng)) < log_accept;
  if (accept) {
    ++c.accepted;
    if (present) {
      s.forget(i, j);
      for (std::size_t k = 0; k < delta.size(); ++k) c.stats[k] -= delta[k];
    } else {
      s.add(i, j);
      for (std::size_t k = 0; k < delta.size(); ++k) c.stats[k] += delta[k];
    }
  } else if (present) {
    s.link(i, j);
  }
}

std::uint64_t default_interval(const ErgmModel& m, const ErgmMcmcOptions& o) {
  if (o.interval > 0) return o.interval;
  return std::clamp<std::uint64_t>(4 * m.network().nodes, 100, 1024);
}
std::uint64_t default_burnin(const ErgmModel& m, const ErgmMcmcOptions& o) {
  return o.burnin > 0 ? o.burnin : 16 * default_interval(m, o);
}

struct SampleRun {
  std::size_t p = 0;
  std::vector<double> stats;       // samples × p, chain after chain
  std::vector<double> ties;        // per sample
  std::vector<std::uint64_t> per_chain;
  std::uint64_t proposals = 0, accepted = 0;
};

// Runs every chain (in parallel, one worker per chain) for `burnin` proposals, then collects its
// share of `samples` every `interval` proposals; `on_sample(chain, index, state)` is called for each.
template <class OnSample>
SampleRun run_chains(const ErgmModel& model, std::span<const double> theta, std::vector<Chain>& chains,
                     std::uint64_t burnin, std::uint64_t samples, std::uint64_t interval, int threads,
                     const ProgressCallback& progress_callback, OnSample&& on_sample, std::size_t max_ties = 0) {
  const std::size_t p = model.size();
  const auto C = chains.size();
  SampleRun run;
  run.p = p;
  run.per_chain.resize(C);
  std::vector<std::uint64_t> offset(C + 1, 0);
  for (std::size_t c = 0; c < C; ++c) {
    run.per_chain[c] = samples / C + (c < samples % C ? 1 : 0);
    offset[c + 1] = offset[c] + run.per_chain[c];
  }
  run.stats.assign(samples * p, 0.0);
  run.ties.assign(samples, 0.0);
  const DyadPicker picker(model.network());
  const double dyads = model.dyads();
  const double work = static_cast<double>(burnin * C + samples * interval) * static_cast<double>(p + 4) * 20;
  const unsigned workers = algo::detail::plan_workers(threads, work, C);
  ProgressReporter progress(algo::detail::progress_for(progress_callback, work), "mcmc", C, 1);
  std::vector<std::uint64_t> before(C), accepted_before(C);
  for (std::size_t c = 0; c < C; ++c) before[c] = chains[c].proposals, accepted_before[c] = chains[c].accepted;
  algo::detail::for_each_item(
      C, workers,
      [&](std::size_t c, unsigned) {
        Chain& ch = chains[c];
        std::vector<double> delta(p);
        auto guard = [&] {
          if (max_ties > 0 && ch.state->edges.size() > max_ties)
            throw DegenerateModel("ergm: the model is degenerate at θ = (" + theta_text(model, theta) +
                                  "): a simulated network grew past " + std::to_string(max_ties) + " ties (observed " +
                                  std::to_string(model.network().source.size()) +
                                  "). Terms such as triangle and kstar often do this: use gwesp, gwdsp or gwdegree "
                                  "with a decay, or add dyad-independent terms.");
        };
        for (std::uint64_t b = 0; b < burnin; ++b) {
          propose(model, theta, picker, dyads, ch, delta);
          if ((b & 255) == 0) guard(), checkpoint();
        }
        for (std::uint64_t s = 0; s < run.per_chain[c]; ++s) {
          for (std::uint64_t t = 0; t < interval; ++t) {
            propose(model, theta, picker, dyads, ch, delta);
            if ((t & 255) == 255) checkpoint();
          }
          guard();
          checkpoint();
          const std::uint64_t row = offset[c] + s;
          std::copy(ch.stats.begin(), ch.stats.end(), run.stats.begin() + static_cast<std::ptrdiff_t>(row * p));
          run.ties[row] = static_cast<double>(ch.state->edges.size());
          on_sample(c, row, *ch.state);
        }
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  for (std::size_t c = 0; c < C; ++c) {
    run.proposals += chains[c].proposals - before[c];
    run.accepted += chains[c].accepted - accepted_before[c];
  }
  return run;
}

std::vector<Chain> start_chains(const ErgmModel& model, unsigned count, std::uint64_t seed, std::uint64_t stream) {
  if (count == 0) throw InvalidInput("ergm: at least one chain is needed");
  std::vector<Chain> chains(count);
  const auto observed = model.statistics();
  for (unsigned c = 0; c < count; ++c) {
    chains[c].state = model.state();
    chains[c].rng = StreamGenerator(seed, stream + c);
    chains[c].stats = observed;
  }
  return chains;
}

void check_theta(const ErgmModel& model, std::span<const double> theta) {
  if (theta.size() != model.size())
    throw InvalidInput("ergm: " + std::to_string(theta.size()) + " coefficients for " + std::to_string(model.size()) +
                       " statistics");
  for (std::size_t k = 0; k < theta.size(); ++k)
    if (!std::isfinite(theta[k])) throw InvalidInput("ergm: coefficient of " + model.names()[k] + " is not finite");
}

}  // namespace

ErgmSample simulate(const ErgmModel& model, std::span<const double> theta, const ErgmMcmcOptions& options,
                    bool keep_networks) {
  check_theta(model, theta);
  auto chains = start_chains(model, options.chains, options.seed, 0);
  auto run = run_chains(model, theta, chains, default_burnin(model, options), options.samples,
                        default_interval(model, options), options.threads, options.progress,
                        [](std::size_t, std::uint64_t, const ErgmState&) {});
  ErgmSample out;
  out.size = model.size();
  out.samples = options.samples;
  out.chains = options.chains;
  out.statistics = std::move(run.stats);
  out.proposals = run.proposals;
  out.accepted = run.accepted;
  if (keep_networks)
    for (const auto& c : chains) {
      std::vector<std::uint32_t> s, t;
      for (auto k : c.state->edges) s.push_back(static_cast<std::uint32_t>(k >> 32)), t.push_back(static_cast<std::uint32_t>(k));
      out.last_source.push_back(std::move(s));
      out.last_target.push_back(std::move(t));
    }
  return out;
}

// ------------------------------------------------------------------------------------ MPLE

namespace {

struct RowHash {
  std::size_t operator()(const std::vector<double>& v) const {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (double d : v) {
      std::uint64_t b;
      std::memcpy(&b, &d, sizeof b);
      h = algo::detail::splitmix64(h ^ b);
    }
    return static_cast<std::size_t>(h);
  }
};

struct Mple {
  Fit fit;
  std::uint64_t dyads = 0;
  std::size_t rows = 0;
};

// The MPLE: a logistic regression of every dyad's tie indicator on its change statistics, with
// identical rows merged (sorted, so the fit is the same for any thread count).
// Progress: one item per node (its row of dyads), with a checkpoint every 1024 dyads, so Ctrl-C is
// seen within milliseconds even when a row of 10⁵ dyads takes longer.
Mple mple(const ErgmModel& model, int threads, const ProgressCallback& progress_callback) {
  const auto& net = model.network();
  const std::size_t n = net.nodes, p = model.size();
  using Counts = std::unordered_map<std::vector<double>, std::array<double, 2>, RowHash>;
  const double work = model.dyads() * static_cast<double>(p + 4) * 10;
  const unsigned workers = algo::detail::plan_workers(threads, work, n);
  std::vector<Counts> counts(std::max(1u, workers));
  std::vector<std::unique_ptr<ErgmState>> states(counts.size());
  for (auto& s : states) s = model.state(false);  // adjacency only: no tie list to draw from
  ProgressReporter progress(algo::detail::progress_for(progress_callback, work), "mple", n,
                            algo::detail::report_every(n));
  algo::detail::for_each_item(
      n, static_cast<unsigned>(counts.size()),
      [&](std::size_t i, unsigned w) {
        ErgmState& s = *states[w];
        std::vector<double> delta(p);
        for (std::size_t j = 0; j < n; ++j) {
          if ((j & 1023) == 1023) checkpoint();
          if (j == i || (!net.directed && j < i)) continue;
          if (!net.mode.empty() && net.mode[i] == net.mode[j]) continue;
          const auto a = static_cast<std::uint32_t>(i), b = static_cast<std::uint32_t>(j);
          const bool tie = s.has(a, b);
          if (tie) s.unlink(a, b);
          model.change(s, a, b, delta.data());
          if (tie) s.link(a, b);
          counts[w][delta][tie ? 1 : 0] += 1;
        }
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  std::map<std::vector<double>, std::array<double, 2>> merged;
  for (auto& c : counts)
    for (auto& [row, k] : c) {
      auto& m = merged[row];
      m[0] += k[0], m[1] += k[1];
    }
  std::size_t rows = 0;
  for (const auto& [row, k] : merged) rows += (k[0] > 0) + (k[1] > 0);
  Eigen::MatrixXd X(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(p));
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows)), w(static_cast<Eigen::Index>(rows));
  Eigen::Index r = 0;
  Mple out;
  for (const auto& [row, k] : merged)
    for (int t = 0; t < 2; ++t) {
      if (k[t] == 0) continue;
      for (std::size_t c = 0; c < p; ++c) X(r, static_cast<Eigen::Index>(c)) = row[c];
      y(r) = t, w(r) = k[t];
      out.dyads += static_cast<std::uint64_t>(k[t]);
      ++r;
    }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  if (qr.rank() < static_cast<Eigen::Index>(p)) {
    std::string names;
    for (const auto& s : model.names()) names += (names.empty() ? "" : ", ") + s;
    throw InvalidInput("ergm: the change statistics of the model are collinear on this network (" + names +
                       "): remove a redundant term");
  }
  out.fit = logistic_fit(X, y, w);
  out.rows = rows;
  return out;
}

// ------------------------------------------------------------------------------------ MCMC MLE

// Stops with DegenerateModel when the sampled networks pile up at empty or complete graphs or a
// statistic does not vary.
void check_degeneracy(const ErgmModel& model, std::span<const double> theta, const SampleRun& run,
                      std::span<const double> observed) {
  const double dyads = model.dyads();
  const double obs_density = static_cast<double>(model.network().source.size()) / dyads;
  const std::size_t S = run.ties.size(), p = run.p;
  std::size_t full = 0, empty = 0;
  double mean = 0;
  for (double t : run.ties) {
    full += t >= 0.95 * dyads;
    empty += t == 0;
    mean += t / dyads;
  }
  mean /= static_cast<double>(S);
  const bool piled_full = full * 2 > S && obs_density < 0.9;
  const bool piled_empty = empty * 2 > S && obs_density > 0;
  if (piled_full || piled_empty || std::abs(mean - obs_density) > 0.5)
    throw DegenerateModel("ergm: the model is degenerate at θ = (" + theta_text(model, theta) +
                          "): the simulated networks are nearly " + (mean > obs_density ? "complete" : "empty") +
                          " (mean density " + fmt(mean) + ", observed " + fmt(obs_density) +
                          "). Terms such as triangle and kstar often do this: use gwesp, gwdsp or gwdegree with a "
                          "decay, or add dyad-independent terms.");
  for (std::size_t k = 0; k < p; ++k) {
    double lo = run.stats[k], hi = run.stats[k];
    for (std::size_t s = 1; s < S; ++s) lo = std::min(lo, run.stats[s * p + k]), hi = std::max(hi, run.stats[s * p + k]);
    if (lo == hi)
      throw DegenerateModel("ergm: statistic " + model.names()[k] + " takes the same value (" + fmt(lo) +
                            ") in every simulated network at θ = (" + theta_text(model, theta) + "), observed " +
                            fmt(observed[k]) +
                            ": its coefficient cannot be estimated (an observed value at the edge of its range has no "
                            "finite maximum likelihood estimate, or the sampler cannot move it)");
  }
}

struct Step {
  Eigen::VectorXd delta, weights;
  double gamma = 1, ess = 0;
};

// Geyer–Thompson: the step Δ maximising the importance-sampling approximation of the log-likelihood
// ratio, −log mean exp(Δ · (s_k − target)). The target moves from the sample mean toward the
// observed statistics (z = 0) as far as the approximation stays reliable (Hummel, Hunter &
// Handcock 2012's step length, with the effective sample size as the reliability test).
Step gt_step(const Eigen::MatrixXd& Z) {
  const auto S = Z.rows(), p = Z.cols();
  const Eigen::RowVectorXd zbar = Z.colwise().mean();
  Step best;
  for (double gamma = 1; gamma >= 1.0 / 256; gamma /= 2) {
    const Eigen::RowVectorXd target = (1 - gamma) * zbar;
    const Eigen::MatrixXd U = Z.rowwise() - target;
    Eigen::VectorXd delta = Eigen::VectorXd::Zero(p), w(S);
    auto objective = [&](const Eigen::VectorXd& d, Eigen::VectorXd& weights) {
      const Eigen::VectorXd a = U * d;
      const double m = a.maxCoeff();
      weights = (a.array() - m).exp();
      const double sum = weights.sum();
      weights /= sum;
      return m + std::log(sum);
    };
    double f = objective(delta, w);
    bool ok = false;
    for (int it = 0; it < 100; ++it) {
      const Eigen::VectorXd g = U.transpose() * w;
      const Eigen::MatrixXd centred = U.rowwise() - g.transpose();
      const Eigen::MatrixXd H = centred.transpose() * w.asDiagonal() * centred;
      const Eigen::VectorXd sd = H.diagonal().cwiseMax(1e-300).cwiseSqrt();
      if ((g.cwiseQuotient(sd)).cwiseAbs().maxCoeff() < 1e-8) {
        ok = true;
        break;
      }
      Eigen::VectorXd step = -H.ldlt().solve(g);
      if (!step.allFinite()) break;
      Eigen::VectorXd w2(S);
      double f2 = objective(delta + step, w2);
      for (int h = 0; h < 40 && !(f2 <= f); ++h) step /= 2, f2 = objective(delta + step, w2);
      delta += step, f = f2, w = w2;
    }
    const double ess = 1.0 / w.squaredNorm();
    if (ok && ess >= std::max(20.0, 0.1 * static_cast<double>(S))) {
      best.delta = delta, best.weights = w, best.gamma = gamma, best.ess = ess;
      return best;
    }
    best.delta = delta, best.weights = w, best.gamma = gamma, best.ess = ess;
  }
  // No reliable step: a small move toward the observed statistics.
  best.delta *= 0;
  best.weights = Eigen::VectorXd::Constant(S, 1.0 / static_cast<double>(S));
  best.gamma = 0;
  return best;
}

// Batch means: the covariance of the sample mean, from batches of about √L draws per chain.
Eigen::MatrixXd mean_covariance(const Eigen::MatrixXd& Z, const std::vector<std::uint64_t>& per_chain) {
  const auto p = Z.cols();
  std::vector<Eigen::RowVectorXd> batches;
  Eigen::Index row = 0;
  for (auto L : per_chain) {
    const auto b = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::sqrt(static_cast<double>(L))));
    const std::uint64_t count = L / b;
    for (std::uint64_t k = 0; k < count; ++k)
      batches.push_back(Z.block(row + static_cast<Eigen::Index>(k * b), 0, static_cast<Eigen::Index>(b), p).colwise().mean());
    row += static_cast<Eigen::Index>(L);
  }
  const auto B = static_cast<Eigen::Index>(batches.size());
  Eigen::MatrixXd M(B, p);
  for (Eigen::Index k = 0; k < B; ++k) M.row(k) = batches[static_cast<std::size_t>(k)];
  const Eigen::MatrixXd c = M.rowwise() - M.colwise().mean();
  return (c.transpose() * c) / static_cast<double>(std::max<Eigen::Index>(1, B - 1)) / static_cast<double>(B);
}

Eigen::MatrixXd as_matrix(const SampleRun& run, std::span<const double> observed) {
  const auto S = static_cast<Eigen::Index>(run.ties.size()), p = static_cast<Eigen::Index>(run.p);
  Eigen::MatrixXd Z(S, p);
  for (Eigen::Index s = 0; s < S; ++s)
    for (Eigen::Index k = 0; k < p; ++k)
      Z(s, k) = run.stats[static_cast<std::size_t>(s * p + k)] - observed[static_cast<std::size_t>(k)];
  return Z;
}

}  // namespace

ErgmFit fit_ergm(const ErgmModel& model, const ErgmFitOptions& options) {
  const std::size_t p = model.size();
  ErgmFit fit;
  fit.names = model.names();
  fit.dyad_independent = model.dyad_independent();
  fit.observed = model.statistics();
  const Mple m = mple(model, options.mcmc.threads, options.mcmc.progress);
  fit.dyads_used = m.dyads;
  fit.mple.assign(m.fit.beta.data(), m.fit.beta.data() + p);
  fit.mple_std_errors.assign(m.fit.se.data(), m.fit.se.data() + p);
  fit.log_pseudolikelihood = -m.fit.deviance / 2;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (options.method == ErgmMethod::mple || fit.dyad_independent) {
    fit.method = "mple";
    fit.coefficients = fit.mple;
    fit.std_errors = fit.mple_std_errors;
    fit.mc_std_errors.assign(p, 0.0);
    fit.covariance.assign(m.fit.covariance.data(), m.fit.covariance.data() + p * p);
    fit.converged = m.fit.converged && m.fit.beta.allFinite();
    fit.simulated_mean = fit.simulated_std = fit.simulated_se = fit.t_ratio = fit.ess = std::vector<double>(p, nan);
    return fit;
  }
  fit.method = "mcmc";
  const auto& mc = options.mcmc;
  const std::uint64_t interval = default_interval(model, mc), burnin = default_burnin(model, mc);
  std::vector<double> theta = fit.mple;
  if (!m.fit.converged || !m.fit.beta.allFinite() ||
      std::any_of(theta.begin(), theta.end(), [](double t) { return std::abs(t) > 50; }))
    throw InvalidInput("ergm: the maximum pseudo-likelihood estimate does not exist (" + theta_text(model, theta) +
                       "): an observed statistic is at the edge of its range, so no finite estimate fits");
  const std::span<const double> observed(fit.observed);
  // Far more ties than observed means the estimate is heading for a degenerate region, where
  // proposals get slow (dense graphs): stop with the reason instead.
  const auto max_ties = static_cast<std::size_t>(
      std::min(model.dyads(), 20.0 * static_cast<double>(model.network().source.size()) + 1000));
  const auto none = [](std::size_t, std::uint64_t, const ErgmState&) {};
  // Stochastic approximation (Snijders 2002): one chain, gain halved at each subphase.
  if (options.sa_subphases > 0) {
    // Its runs are short and below the reporting threshold each: one reporter over the whole phase
    // makes their checkpoints (every 256 proposals) see Ctrl-C.
    std::uint64_t sa_steps = 1;
    for (unsigned k = 0; k < options.sa_subphases; ++k) sa_steps += (7 + p) * (std::uint64_t{1} << (k + 2));
    const double sa_work = static_cast<double>(burnin + (7 + 3 * p + 50 + sa_steps) * interval) *
                           static_cast<double>(p + 4) * 20;
    ProgressReporter sa_progress(algo::detail::progress_for(mc.progress, sa_work), "stochastic approximation",
                                 sa_steps, algo::detail::report_every(sa_steps));
    std::uint64_t sa_done = 0;
    auto sa = start_chains(model, 1, mc.seed, 1u << 20);
    auto phase1 = run_chains(model, theta, sa, burnin, 7 + 3 * p + 50, interval, 1, nullptr, none, max_ties);
    sa_progress.tick(++sa_done);
    check_degeneracy(model, theta, phase1, observed);
    const Eigen::MatrixXd Z1 = as_matrix(phase1, observed);
    const Eigen::RowVectorXd mean1 = Z1.colwise().mean();
    Eigen::VectorXd var = ((Z1.rowwise() - mean1).array().square().colwise().sum() / static_cast<double>(Z1.rows() - 1))
                              .transpose();
    double gain = 0.1;
    for (unsigned k = 0; k < options.sa_subphases; ++k) {
      const std::uint64_t steps = (7 + p) * (std::uint64_t{1} << (k + 2));
      std::vector<double> sum(p, 0.0);
      for (std::uint64_t s = 0; s < steps; ++s) {
        auto one = run_chains(model, theta, sa, 0, 1, interval, 1, nullptr, none, max_ties);
        sa_progress.tick(++sa_done);
        for (std::size_t j = 0; j < p; ++j) {
          theta[j] -= gain * (one.stats[j] - observed[j]) / std::max(var(static_cast<Eigen::Index>(j)), 1e-12);
          sum[j] += theta[j];
        }
      }
      for (std::size_t j = 0; j < p; ++j) theta[j] = sum[j] / static_cast<double>(steps);
      for (double t : theta)
        if (!std::isfinite(t) || std::abs(t) > 1e4)
          throw DegenerateModel("ergm: the model is degenerate: the estimate diverges (θ = (" + theta_text(model, theta) + "))");
      gain /= 2;
    }
    sa_progress.finish();
  }
  // Geyer–Thompson iterations on parallel chains that keep their state between iterations.
  auto chains = start_chains(model, mc.chains, mc.seed, 0);
  bool first = true;
  fit.converged = false;
  for (unsigned it = 0; it < options.max_iterations; ++it) {
    auto run = run_chains(model, theta, chains, first ? burnin : 0, mc.samples, interval, mc.threads, mc.progress,
                          none, max_ties);
    first = false;
    check_degeneracy(model, theta, run, observed);
    const Eigen::MatrixXd Z = as_matrix(run, observed);
    const Eigen::RowVectorXd mean = Z.colwise().mean();
    const Eigen::RowVectorXd sd =
        ((Z.rowwise() - mean).array().square().colwise().sum() / static_cast<double>(Z.rows() - 1)).sqrt();
    ++fit.iterations;
    if ((mean.array() / sd.array()).abs().maxCoeff() < options.convergence_t) {
      fit.converged = true;
      break;
    }
    const Step step = gt_step(Z);
    for (std::size_t j = 0; j < p; ++j) theta[j] += step.delta(static_cast<Eigen::Index>(j));
    fit.trace.insert(fit.trace.end(), theta.begin(), theta.end());
  }
  // Final Geyer–Thompson step on a large sample; the covariance of the statistics there (importance
  // weighted to the new estimate) is the Fisher information.
  auto final_run = run_chains(model, theta, chains, 0, std::max<std::uint64_t>(options.final_samples, 2 * p + 10),
                              interval, mc.threads, mc.progress, none, max_ties);
  check_degeneracy(model, theta, final_run, observed);
  const Eigen::MatrixXd Z = as_matrix(final_run, observed);
  const Step step = gt_step(Z);
  for (std::size_t j = 0; j < p; ++j) theta[j] += step.delta(static_cast<Eigen::Index>(j));
  fit.trace.insert(fit.trace.end(), theta.begin(), theta.end());
  const Eigen::VectorXd wmean = Z.transpose() * step.weights;
  const Eigen::MatrixXd centred = Z.rowwise() - wmean.transpose();
  const Eigen::MatrixXd info = centred.transpose() * step.weights.asDiagonal() * centred;
  const Eigen::MatrixXd inv = info.ldlt().solve(Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p)));
  const Eigen::MatrixXd mc_cov = inv * mean_covariance(Z, final_run.per_chain) * inv;
  const Eigen::MatrixXd cov = inv + mc_cov;
  fit.coefficients = theta;
  for (std::size_t j = 0; j < p; ++j) {
    const auto e = static_cast<Eigen::Index>(j);
    fit.std_errors.push_back(std::sqrt(std::max(0.0, cov(e, e))));
    fit.mc_std_errors.push_back(std::sqrt(std::max(0.0, mc_cov(e, e))));
  }
  fit.covariance.assign(cov.data(), cov.data() + p * p);
  // Diagnostics from a fresh sample at the estimate.
  auto check = run_chains(model, theta, chains, 0, mc.samples, interval, mc.threads, mc.progress,
                          none, max_ties);
  check_degeneracy(model, theta, check, observed);
  fit.acceptance = static_cast<double>(check.accepted) / static_cast<double>(std::max<std::uint64_t>(1, check.proposals));
  const Eigen::MatrixXd Zc = as_matrix(check, observed);
  const Eigen::RowVectorXd mean = Zc.colwise().mean();
  const Eigen::MatrixXd mcov = mean_covariance(Zc, check.per_chain);
  for (std::size_t j = 0; j < p; ++j) {
    const auto e = static_cast<Eigen::Index>(j);
    const double var = (Zc.col(e).array() - mean(e)).square().sum() / static_cast<double>(Zc.rows() - 1);
    fit.simulated_mean.push_back(observed[j] + mean(e));
    fit.simulated_std.push_back(std::sqrt(var));
    fit.simulated_se.push_back(std::sqrt(mcov(e, e)));
    fit.t_ratio.push_back(mean(e) / std::sqrt(var));
    fit.ess.push_back(mcov(e, e) > 0 ? var / mcov(e, e) : nan);
  }
  return fit;
}

// ------------------------------------------------------------------------------------ GOF

namespace {

struct Distributions {
  std::vector<double> degree, esp, distance;  // distance: index 0 = unreachable
};

Distributions distributions(const ErgmState& s) {
  const std::size_t n = s.n;
  Distributions d;
  d.degree.assign(n, 0);
  d.esp.assign(n, 0);
  d.distance.assign(n, 0);
  for (std::size_t v = 0; v < n; ++v) d.degree[s.out[v].size()] += 1;
  for (std::uint32_t i = 0; i < n; ++i)
    for (auto j : s.out[i]) {
      if (!s.directed && j < i) continue;
      d.esp[common_count(s.out[i], s.directed ? std::span<const std::uint32_t>(s.in[j]) : std::span<const std::uint32_t>(s.out[j]))] += 1;
    }
  std::vector<std::int64_t> dist(n);
  std::vector<std::uint32_t> queue(n);
  for (std::uint32_t src = 0; src < n; ++src) {
    std::fill(dist.begin(), dist.end(), -1);
    dist[src] = 0;
    std::size_t head = 0, tail = 0;
    queue[tail++] = src;
    while (head < tail) {
      const auto u = queue[head++];
      for (auto v : s.out[u])
        if (dist[v] < 0) dist[v] = dist[u] + 1, queue[tail++] = v;
    }
    for (std::uint32_t v = 0; v < n; ++v) {
      if (v == src || (!s.directed && v < src)) continue;
      d.distance[dist[v] < 0 ? 0 : static_cast<std::size_t>(dist[v])] += 1;
    }
  }
  return d;
}

}  // namespace

std::vector<ErgmGofRow> ergm_gof(const ErgmModel& model, std::span<const double> theta, const ErgmMcmcOptions& options) {
  check_theta(model, theta);
  if (options.samples == 0) throw InvalidInput("ergm gof: at least one sample is needed");
  auto chains = start_chains(model, options.chains, options.seed, 0);
  std::vector<Distributions> sims(options.samples);
  run_chains(model, theta, chains, default_burnin(model, options), options.samples, default_interval(model, options),
             options.threads, options.progress,
             [&](std::size_t, std::uint64_t row, const ErgmState& s) { sims[row] = distributions(s); });
  const Distributions obs = distributions(*model.state());
  std::vector<ErgmGofRow> rows;
  auto add = [&](const char* kind, std::vector<double> Distributions::*field, bool distance) {
    const std::size_t size = (obs.*field).size();
    std::size_t last = 0;
    for (std::size_t v = 0; v < size; ++v) {
      bool any = (obs.*field)[v] > 0;
      for (const auto& s : sims) any = any || (s.*field)[v] > 0;
      if (any) last = v;
    }
    auto row_for = [&](std::size_t v) {
      ErgmGofRow r;
      r.kind = kind;
      r.value = distance && v == 0 ? -1 : static_cast<std::int64_t>(v);
      r.observed = (obs.*field)[v];
      r.min = std::numeric_limits<double>::infinity(), r.max = -r.min;
      std::size_t ge = 0, le = 0;
      for (const auto& s : sims) {
        const double x = (s.*field)[v];
        r.mean += x;
        r.min = std::min(r.min, x), r.max = std::max(r.max, x);
        ge += x >= r.observed, le += x <= r.observed;
      }
      const double S = static_cast<double>(sims.size());
      r.mean /= S;
      r.p_value = std::min(1.0, 2 * static_cast<double>(std::min(ge, le)) / S);
      rows.push_back(r);
    };
    for (std::size_t v = distance ? 1 : 0; v <= last; ++v) row_for(v);
    if (distance) row_for(0);
  };
  add("degree", &Distributions::degree, false);
  add("esp", &Distributions::esp, false);
  add("distance", &Distributions::distance, true);
  return rows;
}

}  // namespace maillage::models
