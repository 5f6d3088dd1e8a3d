#pragma once
/// Feedback loops of a causal loop diagram: every elementary circuit of a signed directed
/// multigraph (Johnson's algorithm), with a length bound, a count guard and a progress callback.
#include <cstdint>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::systemic {

/// One link of a causal loop diagram: source → target (variable indices) and its sign
/// (+1, −1, or 0 for unknown "?").
struct SignedLink {
  std::uint32_t source = 0;
  std::uint32_t target = 0;
  int sign = 1;
};

/// Options of find_loops.
struct LoopOptions {
  /// Longest loop kept (number of links); 0 = no bound.
  std::uint32_t max_length = 0;
  /// InvalidInput as soon as more loops than this are found.
  std::uint64_t max_count = 100000;
  /// Called as ("loops", start variables done, variables) and every 2^16 search steps; may throw
  /// Cancelled.
  ProgressCallback progress;
};

/// One loop: its links in order, starting with the link leaving the loop's smallest variable
/// index (the canonical rotation), its length and polarity (+1 reinforcing, −1 balancing, 0 when
/// a link's sign is unknown).
struct Loop {
  std::vector<std::uint32_t> links;
  int polarity = 1;
};

/// Every elementary circuit of the diagram with `variables` variables and `links` (parallel links
/// give distinct loops; a self-link is a loop of length 1), by Johnson's algorithm (1975) over the
/// strongly connected component of each start variable among the variables ≥ it, in increasing
/// order of start variable; with max_length, a branch cut by the bound counts as reaching the
/// start (its variables are unblocked), which keeps the search exhaustive. Loops are sorted by
/// start variable, then in the order of the depth-first search (links in input order).
/// O((n + e)(c + 1)) for c loops without bound. InvalidInput for a link naming a variable ≥
/// `variables`, a sign other than −1, 0, 1, or more than max_count loops.
std::vector<Loop> find_loops(std::uint32_t variables, const std::vector<SignedLink>& links,
                             const LoopOptions& options = {});

}  // namespace maillage::systemic
