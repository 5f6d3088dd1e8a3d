#pragma once
/// Exponential random graph models (ERGM): formula parsing, change statistics, a seeded
/// tie/no-tie Metropolis–Hastings sampler, maximum pseudo-likelihood and MCMC maximum likelihood
/// (stochastic approximation, then Geyer–Thompson importance sampling), goodness of fit.
///
/// P(Y = y) ∝ exp(θ · s(y)) over the simple graphs on a fixed node set: undirected, directed, or
/// two-mode (ties only between nodes of different modes). A model is a formula string such as
/// "edges + nodematch('scale') + gwesp(0.5)"; the terms and their change statistics are defined
/// in docs/models.md. Determinism: every chain draws from its own generator seeded by (seed,
/// chain, run), and samples are gathered in chain order, so results are identical for any
/// thread count (the number of chains is an option, not the number of threads).
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "maillage/core/error.hpp"
#include "maillage/core/progress.hpp"

namespace maillage::models {

/// Thrown when a model is degenerate: its simulated networks pile up at (nearly) empty or
/// complete graphs, far from the observed one, so no finite estimate reproduces the data.
class DegenerateModel : public InvalidInput {
 public:
  using InvalidInput::InvalidInput;
};

/// A node attribute read by terms: level codes (categorical view of it) and, for numeric or
/// ordered attributes, a value per node.
struct ErgmAttribute {
  std::vector<std::int32_t> codes;  ///< level per node, in [0, levels.size()); empty if numeric only
  std::vector<std::string> levels;  ///< level names (the first is the reference level)
  std::vector<double> values;       ///< value per node (numeric, or the rank of an ordered level); may be empty
};

/// The network a model is about: nodes 0..n-1, simple ties (no self-loops, no duplicates),
/// node attributes and dyadic covariates (n × n row-major) by name.
struct ErgmNetwork {
  std::size_t nodes = 0;
  bool directed = false;
  std::vector<std::uint32_t> source, target;
  std::map<std::string, ErgmAttribute, std::less<>> attributes;
  std::map<std::string, std::vector<double>, std::less<>> dyad_covariates;
  /// Two-mode networks: mode (0 or 1) per node; ties join nodes of different modes. Empty: one-mode.
  std::vector<std::uint8_t> mode;
};

/// One argument of a term in a formula: a string, a number or a boolean, positional or named.
struct FormulaArgument {
  std::string name;  ///< empty for a positional argument
  std::variant<std::string, double, bool> value;
  std::size_t column = 0;  ///< 1-based column in the formula
};

/// One term of a formula, as written.
struct FormulaTerm {
  std::string name;
  std::vector<FormulaArgument> arguments;
  std::size_t column = 0;  ///< 1-based column of the term's name
};

/// Parses "term + term(args) + …"; arguments are 'strings' or "strings", numbers, True/False,
/// optionally named (`diff=True`). Throws InvalidInput naming the column of a syntax error or an
/// unknown term (with the list of known ones). O(length).
std::vector<FormulaTerm> parse_formula(std::string_view formula);

/// The names of the known terms.
std::vector<std::string> ergm_term_names();

struct ErgmState;
struct ErgmTerm;

/// A model: a network and the resolved terms of a formula. Immutable and thread-safe.
class ErgmModel {
 public:
  /// Checks the network (ends in range, no self-loop or duplicate tie, modes) and resolves the
  /// formula's terms against its attributes; throws InvalidInput naming the term and column, the
  /// attribute, or the node at fault.
  ErgmModel(ErgmNetwork network, std::string_view formula);
  ~ErgmModel();
  ErgmModel(ErgmModel&&) noexcept;
  ErgmModel& operator=(ErgmModel&&) noexcept;

  const ErgmNetwork& network() const { return network_; }
  /// Names of the statistics (one per coefficient), e.g. "edges", "nodematch.scale", "gwesp.0.5".
  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  /// True when every term's change statistic does not depend on the rest of the graph (then the
  /// MPLE is the MLE).
  bool dyad_independent() const;
  /// Number of dyads that can hold a tie.
  double dyads() const;

  /// s(y) of the network's own ties. O(m · cost of a change statistic).
  std::vector<double> statistics() const;
  /// s(y) of the graph with the given ties (same node set). Throws InvalidInput for a bad tie.
  std::vector<double> statistics(std::span<const std::uint32_t> source, std::span<const std::uint32_t> target) const;
  /// s(y + ij) − s(y − ij) for the network's graph: the change statistics of dyad (i, j).
  std::vector<double> change_statistics(std::uint32_t i, std::uint32_t j) const;

  /// Internal: the terms, state creation (with the tie list the sampler draws from, or the
  /// adjacency only) and change statistics of a dyad assumed empty.
  const std::vector<std::unique_ptr<ErgmTerm>>& terms() const { return terms_; }
  std::unique_ptr<ErgmState> state(bool tie_list = true) const;
  void change(const ErgmState& state, std::uint32_t i, std::uint32_t j, double* out) const;

 private:
  ErgmNetwork network_;
  std::vector<std::unique_ptr<ErgmTerm>> terms_;
  std::vector<std::string> names_;
};

/// Options of the sampler.
struct ErgmMcmcOptions {
  std::uint64_t samples = 4096;  ///< networks sampled per run, over all chains
  std::uint64_t interval = 0;    ///< proposals between samples; 0 = clamp(4n, 100, 1024)
  std::uint64_t burnin = 0;      ///< proposals before the first sample; 0 = 16 · interval
  unsigned chains = 4;
  std::uint64_t seed = 0;
  int threads = 0;
  ProgressCallback progress;
};

/// Statistics of sampled networks: samples × size, row-major, chain after chain.
struct ErgmSample {
  std::size_t size = 0;
  std::uint64_t samples = 0;
  unsigned chains = 0;
  std::vector<double> statistics;
  std::uint64_t proposals = 0, accepted = 0;
  /// Ties of the last network of each chain (source, target), for goodness of fit.
  std::vector<std::vector<std::uint32_t>> last_source, last_target;
};

/// Samples from P_θ, every chain starting at the observed network. Throws InvalidInput for θ of
/// the wrong size or not finite. O(chains · (burnin + samples/chains · interval) · change cost).
ErgmSample simulate(const ErgmModel& model, std::span<const double> theta, const ErgmMcmcOptions& options,
                    bool keep_networks = false);

/// Estimation method: `mple` (maximum pseudo-likelihood), `mcmc` (MCMC MLE; for a
/// dyad-independent model the MPLE, which is then the MLE).
enum class ErgmMethod : std::uint8_t { mple, mcmc };

struct ErgmFitOptions {
  ErgmMethod method = ErgmMethod::mcmc;
  ErgmMcmcOptions mcmc;
  unsigned max_iterations = 30;   ///< Geyer–Thompson iterations
  unsigned sa_subphases = 4;      ///< stochastic approximation subphases (0 = none)
  std::uint64_t final_samples = 16384;  ///< the last Geyer–Thompson step's sample
  double convergence_t = 0.1;     ///< stop iterating when every |mean − observed|/sd is below this
};

/// A fitted model. For each statistic: the estimate, its standard error (model part from the
/// inverse Fisher information, plus the Monte Carlo part for MCMC), the MPLE, and the
/// convergence diagnostics from a fresh sample at the estimate: simulated mean, its Monte Carlo
/// standard error (batch means), t-ratio (mean − observed)/sd, effective sample size.
struct ErgmFit {
  std::vector<std::string> names;
  std::vector<double> coefficients, std_errors, mc_std_errors, mple, mple_std_errors;
  std::vector<double> observed, simulated_mean, simulated_std, simulated_se, t_ratio, ess;
  std::vector<double> covariance;  ///< of the estimates, size × size
  std::string method;              ///< "mple" (exact MLE when dyad-independent) or "mcmc"
  bool dyad_independent = false;
  bool converged = true;
  unsigned iterations = 0;
  double log_pseudolikelihood = 0;  ///< at the MPLE
  double acceptance = 0;            ///< of the final sampler run
  std::uint64_t dyads_used = 0;
  std::vector<double> trace;        ///< θ after each iteration, iterations × size
};

/// Fits the model. Throws DegenerateModel with a message naming the statistics and densities
/// when the sampled networks collapse to (nearly) empty or complete graphs.
ErgmFit fit_ergm(const ErgmModel& model, const ErgmFitOptions& options);

/// Goodness of fit: distributions of the degree (out-degree when directed), the edgewise shared
/// partners (outgoing two-paths when directed) and the geodesic distance (last bin: unreachable),
/// observed and over `options.samples` networks simulated from θ. Each row: kind, value,
/// observed, mean, min, max, and the two-sided Monte Carlo p-value
/// min(1, 2 · min(#≥, #≤) / samples) (counts of simulated values ≥ / ≤ observed).
struct ErgmGofRow {
  std::string kind;  ///< "degree", "esp" or "distance"
  std::int64_t value = 0;  ///< −1 for unreachable pairs
  double observed = 0, mean = 0, min = 0, max = 0, p_value = 1;
};
std::vector<ErgmGofRow> ergm_gof(const ErgmModel& model, std::span<const double> theta, const ErgmMcmcOptions& options);

}  // namespace maillage::models
