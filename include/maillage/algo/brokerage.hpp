#pragma once
/// Gould–Fernandez brokerage roles of every node of a View given a group per node (Gould &
/// Fernandez 1989), with the expectations, standard deviations and z-scores of R's sna::brokerage,
/// and a permutation test shuffling the groups with their sizes kept.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "maillage/core/progress.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo {

/// The roles of a broker b of a two-path a → b → c, in sna's column order (w_I, w_O, b_IO, b_OI,
/// b_O, t): coordinator g(a) = g(b) = g(c); itinerant g(a) = g(c) ≠ g(b); representative
/// g(a) = g(b) ≠ g(c); gatekeeper g(b) = g(c) ≠ g(a); liaison three different groups; total.
enum class BrokerageRole : std::uint8_t { coordinator, itinerant, representative, gatekeeper, liaison, total };

inline constexpr std::size_t brokerage_roles = 6;

/// The role's name: "coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total".
std::string_view brokerage_role_name(BrokerageRole role);

/// One value per role, in BrokerageRole order.
using RoleValues = std::array<double, brokerage_roles>;
using RoleCounts = std::array<std::uint64_t, brokerage_roles>;

/// Options of brokerage.
struct BrokerageOptions {
  /// Nodes whose group is negative (unknown): left out of the graph before counting (their ties,
  /// and they do not count in N or in the density) when true; an InvalidInput naming the first
  /// such node (view order) otherwise.
  bool drop_missing = false;
  int threads = 0;
  ProgressCallback progress;
};

/// Counts and sna's moments. Per-node arrays are role-major: `counts[r][i]` for view index i;
/// nodes left out have count 0 and NaN moments.
struct BrokerageResult {
  std::array<std::vector<std::uint64_t>, brokerage_roles> counts;
  /// z = (count − E) / sd with E, sd those of the node's group (IEEE arithmetic, as sna: NaN when
  /// E = sd = 0, e.g. liaison with two groups).
  std::array<std::vector<double>, brokerage_roles> z;
  /// Per group code (0 .. k−1, k = 1 + the largest code): its size among the kept nodes, and sna's
  /// expectation and standard deviation of a broker of that group (exp.grp, sd.grp); NaN moments
  /// for an empty group.
  std::vector<std::uint64_t> group_sizes;
  std::vector<RoleValues> group_expected, group_sd;
  /// Network totals (sna's raw.gli, exp.gli, sd.gli, z.gli).
  RoleCounts total{};
  RoleValues total_expected{}, total_sd{}, total_z{};
  /// N (nodes kept), m (arcs among them, self-loops left out; an undirected tie counts 2) and
  /// d = m / (N (N − 1)) (NaN below two nodes).
  std::uint32_t nodes = 0;
  std::uint64_t arcs = 0;
  double density = 0.0;
};

/// Brokerage roles over the view's ties (weights ignored: every view edge is a tie; self-loops
/// ignored). Vertex b brokers the ordered pair (a, c) when a → b, b → c, a, b, c are distinct and
/// there is no arc a → c (an arc c → a does not matter); each such two-path counts once for b in
/// the role given by the groups of a, b, c (sna's brokerage_R). An undirected view counts every tie
/// both ways: each unordered brokered pair twice, so coordinator, itinerant, liaison and total are
/// even and representative = gatekeeper at every node. `groups`: one code per view index (≥ 0, or
/// negative for unknown, see BrokerageOptions::drop_missing).
///
/// Moments (sna): a Bernoulli graph of density d over the N kept nodes, groups fixed;
/// q = d²(1 − d); per broker of group i, e.g. E[coordinator] = q (n_i − 1)(n_i − 2),
/// Var = E (1 − q) + 2 (n_i − 1)(n_i − 2)(n_i − 3) d³(1 − d)³; network totals with sna's global
/// formulas. Group-size polynomials are summed exactly in integers.
///
/// O(n + m + Σ_v outdeg(v)²) (each in-neighbour a of a broker b scans a's out-row once), parallel
/// over brokers; identical for any thread count. Throws InvalidInput when `groups` has not one
/// code per node, or for an unknown group without drop_missing.
BrokerageResult brokerage(const View& view, std::span<const std::int32_t> groups, const BrokerageOptions& options = {});

/// Options of brokerage_permutation_test.
struct BrokeragePermutationOptions {
  std::uint32_t samples = 1000;
  std::uint64_t seed = 0;
  bool drop_missing = false;
  int threads = 0;
  ProgressCallback progress;
};

/// Observed counts and their null distribution when the groups are shuffled among the kept nodes
/// (sizes kept). Per node and role (role-major, like BrokerageResult): `expected` is the exact
/// mean under all relabellings, total_b · P_r / (N (N − 1)(N − 2)) with P_r the number of ordered
/// labellings of three distinct nodes giving role r (total_b does not depend on the groups);
/// `mean` and `sd` (n − 1 denominator; NaN for one sample) those of the samples; `p` =
/// (1 + e) / (1 + samples), e the samples at least as far from `expected` as the observation
/// (|x − E| ≥ |observed − E|, compared exactly in integers): two-sided. The total role has
/// mean = expected = observed, sd = 0 and p = 1. Nodes left out: 0 and NaN.
struct BrokeragePermutationResult {
  std::array<std::vector<std::uint64_t>, brokerage_roles> observed;
  std::array<std::vector<double>, brokerage_roles> expected, mean, sd, p;
  /// The same for the network totals.
  RoleCounts total_observed{};
  RoleValues total_expected{}, total_mean{}, total_sd{}, total_p{};
  std::uint32_t samples = 0;
};

/// Sample s draws its labelling with its own generator, the sampling kernels' std::mt19937_64
/// seeded with splitmix64(splitmix64(seed) ⊕ splitmix64(s + c)) (see permuted_groups), so samples run in parallel and the
/// result is identical for any thread count. O(samples · (n + m + Σ outdeg²)); progress is
/// reported per sample and may cancel. Throws InvalidInput for samples = 0 and as brokerage.
BrokeragePermutationResult brokerage_permutation_test(const View& view, std::span<const std::int32_t> groups,
                                                      const BrokeragePermutationOptions& options = {});

/// The labelling of sample `sample`: the non-negative codes of `groups`, shuffled among their
/// positions (Fisher–Yates from the last position, unbiased bounded draws), negative codes left in
/// place. O(n).
std::vector<std::int32_t> permuted_groups(std::span<const std::int32_t> groups, std::uint64_t seed,
                                          std::uint64_t sample);

}  // namespace maillage::algo
