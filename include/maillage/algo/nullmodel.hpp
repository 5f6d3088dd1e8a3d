#pragma once
/// Null models of a tie set and the significance of tie statistics against them.
///
/// A null model redraws the ties of a graph while keeping what the question holds fixed:
/// degree-preserving rewiring (double edge swaps, Maslov & Sneppen 2002), the configuration
/// model (uniform stub matching), or the permutation of node labels (groups or scales shuffled
/// among the nodes, ties fixed). Draws are seeded per sample, so draw `s` of seed `x` is the same
/// on every platform and for any thread count. `significance` compares a built-in statistic
/// (vertical share, E-I index, assortativity, modularity of a partition, transitivity) with its
/// null distribution.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "maillage/algo/interscale.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/progress.hpp"

namespace maillage::algo {

/// The ties a null model redraws: the endpoints of every tie (graph node ids, in TieSet order),
/// the stratum of each (swaps and stub matching stay within a stratum: its relation, or a single
/// stratum) and its weight, which travels with the tie.
struct TieList {
  std::size_t nodes = 0;               ///< graph nodes
  std::vector<EdgeId> edges;           ///< the graph edge behind each tie
  std::vector<NodeId> source, target;  ///< observed endpoints
  std::vector<std::uint32_t> stratum;  ///< per tie, in [0, strata)
  std::uint32_t strata = 1;
  std::vector<double> weight;  ///< per tie; empty = 1 each
  /// How the statistics read the ties: as arcs, or as undirected pairs (TieSet::directed).
  bool directed = false;
  /// How each stratum is redrawn (per stratum; empty = `directed` for all): a directed stratum
  /// keeps out- and in-degrees and swaps arcs, an undirected one keeps degrees.
  std::vector<std::uint8_t> stratum_directed;
};

/// The tie list of `ties` (from select_ties). `within_relation`: one stratum per relation (each
/// node keeps its degree in every relation), else one stratum. `edge_weights`: per graph edge
/// (tie_weights), empty for unweighted. `relation_directions`: with `within_relation`, the
/// stratum of a directed relation is redrawn as arcs even when the tie set mixes directed and
/// undirected relations (and is read undirected by the statistics); otherwise every stratum
/// follows `ties.directed` (as a View's ties, read in the view's direction). Throws InvalidInput
/// for a tie of a nesting relation (`part_of` holds the hierarchy, which null models keep).
TieList tie_list(const Graph& graph, const TieSet& ties, bool within_relation = true,
                 std::span<const double> edge_weights = {}, bool relation_directions = true);

/// The null models.
///  - `rewire`: `swaps_per_tie · ties` attempted double edge swaps from the observed ties: two
///    ties of one stratum (a, b), (c, d) become (a, d), (c, b) — or, in an undirected stratum,
///    (a, c), (b, d) with probability 1/2. A swap that would create a self-loop or a tie already present in the
///    stratum (the same pair; the same arc when directed) is rejected, so a simple tie set stays
///    simple; observed self-loops and parallel ties may move but are never created. Every node
///    keeps its degree (out- and in-degree when directed) in every stratum.
///  - `configuration`: each stratum's stubs matched uniformly at random (undirected: the 2m tie
///    ends shuffled and paired; directed: every tie keeps its source and takes a target from the
///    shuffled in-stubs). Degrees are kept exactly; self-loops and parallel ties may appear
///    (the multigraph model of Newman 2003).
///  - `permute_labels`: the ties stay; the group codes of the nodes that are an end of a tie and
///    have a known group are shuffled among them (group sizes kept, unknowns stay in place).
enum class NullModel : std::uint8_t { rewire, configuration, permute_labels };

/// Options of a null model.
struct NullModelOptions {
  NullModel model = NullModel::rewire;
  std::uint64_t seed = 0;
  double swaps_per_tie = 10;  ///< rewire: attempted swaps per tie
};

/// One draw of a null model.
struct NullSample {
  std::vector<NodeId> source, target;  ///< endpoints per tie (the observed ones for permute_labels)
  std::vector<std::int32_t> groups;    ///< group per graph node (permuted for permute_labels)
  std::uint64_t attempts = 0;          ///< rewire: attempted swaps
  std::uint64_t swaps = 0;             ///< rewire: accepted swaps
  /// Working memory kept between draws (pair counts of the rewiring).
  std::vector<std::uint32_t> scratch;
};

/// Draws samples of a null model over a tie list and node groups (one code per graph node, −1 =
/// unknown; may be empty when no statistic reads groups).
class NullModelSampler {
 public:
  /// Throws InvalidInput for a negative or non-finite swap count, or groups of the wrong size.
  NullModelSampler(const TieList& ties, std::span<const std::int32_t> groups, const NullModelOptions& options);

  const TieList& ties() const { return ties_; }
  const NullModelOptions& options() const { return options_; }

  /// Draw number `sample` into `out`: a function of (seed, sample) only — any order of draws and
  /// any thread give the same result. Thread-safe for distinct `out`.
  /// rewire O(m + swaps), configuration O(m), permute_labels O(n).
  void draw(std::uint64_t sample, NullSample& out) const;

 private:
  void rewire(std::uint64_t sample, NullSample& out) const;
  void configuration(std::uint64_t sample, NullSample& out) const;
  void permute(std::uint64_t sample, NullSample& out) const;

  TieList ties_;
  std::vector<std::int32_t> groups_;
  NullModelOptions options_;
  std::vector<std::uint32_t> stratum_offsets_, stratum_ties_;  // ties of each stratum
  std::vector<NodeId> labelled_;                               // nodes whose labels are permuted
};

/// A built-in statistic of a tie sample.
///  - `vertical_share`: V/(V + H), V (H) the weight of the ties whose ends' groups (scales) are
///    known and differ (equal); per tie group (`tie_groups`) or per node group (`node_groups`: a
///    tie counts once for the group of each end, once when both ends share it) when given.
///  - `ei_index`: (E − I)/(E + I) over the ties between nodes of known group, self-loops left out.
///  - `assortativity`: Newman's nominal assortativity of the groups over the ties (undirected
///    ties in both orientations, self-loops once), as attribute_assortativity.
///  - `modularity`: of the partition given by the groups (a node of unknown group alone),
///    Σ_c [L_c/W − γ D_c²/(2W)²] undirected (a self-loop once in L_c, twice in D_c),
///    Σ_c [L_c/W − γ D_c^out D_c^in/W²] directed.
///  - `transitivity`: 3 · triangles / connected triples of the simple undirected graph of the ties
///    (directions, weights, parallel ties and self-loops ignored), 0 without triangles.
enum class TieStatisticKind : std::uint8_t { vertical_share, ei_index, assortativity, modularity, transitivity };

struct TieStatistic {
  TieStatisticKind kind = TieStatisticKind::vertical_share;
  std::size_t groups = 0;  ///< number of group codes (groups in [0, groups))
  /// vertical_share per tie group: a code per tie in [0, by_groups) or −1 (left out).
  std::vector<std::int32_t> tie_groups;
  /// vertical_share per node group: a code per graph node in [0, by_groups) or −1.
  std::vector<std::int32_t> node_groups;
  std::size_t by_groups = 0;
  double resolution = 1.0;  ///< modularity's γ
};

/// Components of a statistic: 1, or `by_groups` for a grouped vertical share.
std::size_t statistic_size(const TieStatistic& statistic);

/// Evaluates a statistic on a sample (its ties, weights from `ties`, groups from the sample) into
/// `out` (statistic_size values; NaN where undefined). O(m) — transitivity O(m^1.5).
void evaluate(const TieStatistic& statistic, const TieList& ties, const NullSample& sample, std::span<double> out);

/// Options of significance.
struct SignificanceOptions {
  NullModelOptions model;
  std::uint64_t samples = 1000;
  int threads = 0;
  /// Called with ("null model", samples done, samples); may throw Cancelled.
  ProgressCallback progress;
};

/// The observed statistic against its null distribution, per component. With x_s the valid
/// (non-NaN) sample values and n their count: mean, std (n − 1 in the denominator), z =
/// (observed − mean)/std (NaN when std = 0), p = (1 + #{s : |x_s − mean| ≥ |observed − mean|})/(1 + n)
/// (two-sided), p_greater = (1 + #{x_s ≥ observed})/(1 + n), p_less = (1 + #{x_s ≤ observed})/(1 + n);
/// comparisons allow a relative tolerance of 1e-9 so that equal values computed in another
/// order count as equal. NaN everywhere for a component with an undefined observed value.
struct SignificanceResult {
  std::size_t components = 0;
  std::uint64_t samples = 0;
  std::vector<double> observed, mean, std, z, p, p_greater, p_less;
  std::vector<std::uint64_t> valid;  ///< samples where the component is defined
  std::vector<double> values;        ///< the null distribution: samples × components, row-major
  std::uint64_t attempts = 0, swaps = 0;  ///< rewire: attempted and accepted swaps over all samples
};

/// Draws `samples` samples (in parallel, each by one worker: identical results for any thread
/// count) and evaluates the statistic on each.
SignificanceResult significance(const TieList& ties, std::span<const std::int32_t> groups,
                                const TieStatistic& statistic, const SignificanceOptions& options);

/// The statistic on draws [first, first + options.samples) of the null model: rows of
/// significance's null distribution (values: samples × statistic_size, row-major) with their
/// attempted and accepted swaps. Draw s is the same as significance's draw s (a function of seed
/// and s only), so samples computed in blocks, on any machines, concatenated in order and given
/// to summarize_null, give significance's result exactly. Inputs checked as by significance.
struct NullValues {
  std::vector<double> values;
  std::uint64_t attempts = 0, swaps = 0;
};
NullValues null_values(const TieList& ties, std::span<const std::int32_t> groups, const TieStatistic& statistic,
                       const SignificanceOptions& options, std::uint64_t first);

/// The summary of a null distribution computed elsewhere (`values`: samples × observed.size(),
/// row-major), with the conventions of SignificanceResult.
SignificanceResult summarize_null(std::span<const double> observed, std::span<const double> values);

/// A copy of `graph` whose tie edges (`ties.edges`) have the sample's endpoints; every other
/// edge, node and attribute is kept. O(n + M).
Graph with_tie_ends(const Graph& graph, const TieList& ties, const NullSample& sample);

}  // namespace maillage::algo
