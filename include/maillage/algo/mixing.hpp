#pragma once
/// Group mixing on a View: mixing matrices, the Krackhardt–Stern E-I index (network, group and
/// node levels, and its expectation under random placement), Newman's nominal and numeric
/// assortativity.
#include <cstdint>
#include <span>
#include <vector>

#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Group of a node that has none (missing attribute): its arcs are left out and counted as unknown.
inline constexpr std::int32_t no_group = -1;

/// Newman's mixing counts of a view: `matrix[x·groups + y]` is the strength of the arcs from a
/// node of group x to a node of group y (rows = sources). An undirected view counts each edge in
/// both orientations (a tie between x and y adds to (x, y) and (y, x), a tie inside x adds twice
/// to (x, x)) and a self-loop once, as NetworkX's attribute_mixing_matrix. Strengths: 1 per arc
/// unweighted, w on strength views, 1/w on distance views (a zero distance is an InvalidInput).
struct MixingCounts {
  std::size_t groups = 0;
  std::vector<double> matrix;
  /// Edges (view edges, not arcs) with an end of unknown group, and their strength.
  std::uint64_t unknown_edges = 0;
  double unknown_strength = 0;
};

/// Mixing counts of a view for a group code per view node (`groups[i]` in [0, number_of_groups)
/// or `no_group`). Throws InvalidInput for a code out of range. O(n + m), deterministic.
MixingCounts mixing_counts(const View& view, std::span<const std::int32_t> groups, std::size_t number_of_groups);

/// Which cells count as internal ties at the group level of the E-I index: `ucinet` counts the
/// cells of the group's block of the adjacency matrix (an undirected internal tie twice, once per
/// orientation, as UCINET); `edges` counts internal edges once. Identical on directed views.
enum class EIConvention : std::uint8_t { ucinet, edges };

/// The E-I index at every level, with the counts behind it. Self-loops are ignored; arcs or edges
/// with an end of unknown group are left out (counted in `unknown_edges`).
struct EIResult {
  /// (E − I)/(E + I) over the view's edges (an undirected edge once, an arc once); NaN without
  /// any edge between known groups.
  double network = 0;
  double external = 0;  ///< E: strength of the edges between groups
  double internal = 0;  ///< I: strength of the edges within a group
  /// Per group: (E_g − I_g)/(E_g + I_g), E_g the strength of the arcs from the group's nodes to
  /// other groups (rows = senders), I_g following the convention; NaN for a group without ties.
  std::vector<double> group;
  std::vector<double> group_external, group_internal;
  /// Per view node: (ext − int)/(ext + int) over its out-arcs (all its ties when undirected) to
  /// nodes of known group; NaN for a node without such ties or of unknown group.
  std::vector<double> node;
  std::vector<double> node_external, node_internal;
  std::uint64_t unknown_edges = 0;
};

/// Krackhardt & Stern's E-I index (UCINET's group and individual levels). O(n + m + groups),
/// deterministic. Throws InvalidInput for a group code out of range, or a zero distance.
EIResult ei_index(const View& view, std::span<const std::int32_t> groups, std::size_t number_of_groups,
                  EIConvention convention = EIConvention::ucinet);

/// The E-I index expected when ties fall at random among dyads: 1 − 2·p_int with
/// p_int = Σ_g n_g(n_g − 1) / (N(N − 1)) over the N nodes of known group (n_g in group g).
/// NaN when N < 2. O(n).
double ei_index_expected(std::span<const std::int32_t> groups, std::size_t number_of_groups);

/// Newman's nominal assortativity r = (Σ_x e_xx − Σ_x a_x b_x)/(1 − Σ_x a_x b_x) of the
/// normalised mixing counts (e = counts / total, a row sums, b column sums); NaN when the arcs
/// between known groups have no strength or Σ a_x b_x = 1 (one group only). Equals NetworkX's
/// attribute_assortativity_coefficient on unweighted views.
double attribute_assortativity(const MixingCounts& counts);

/// Newman's numeric (scalar) assortativity: the Pearson correlation of `values[source]` and
/// `values[target]` over the view's arcs (both orientations of undirected edges, self-loops once),
/// weighted by arc strength; arcs with a NaN end are left out. NaN when either end has no variance
/// or no arc remains. Equals NetworkX's numeric_assortativity_coefficient on unweighted views.
/// O(n + m), deterministic.
struct NumericAssortativity {
  double value = 0;
  std::uint64_t unknown_edges = 0;
};
NumericAssortativity numeric_assortativity(const View& view, std::span<const double> values);

}  // namespace maillage::algo
