#pragma once
/// Connected components of a View (weak components on a directed view).
#include <cstdint>
#include <vector>

#include "maillage/view/view.hpp"

namespace maillage::algo {

/// Component labels per view index, numbered 0, 1, … by decreasing size, ties by the smallest
/// key among their members; `sizes[c]` is the size of component c.
struct ComponentsResult {
  std::vector<std::uint32_t> labels;
  std::vector<std::uint32_t> sizes;
  std::uint32_t count() const { return static_cast<std::uint32_t>(sizes.size()); }
};

/// Connected components (arc direction ignored). Deterministic. O(n + m) time (breadth-first), O(n) memory.
ComponentsResult connected_components(const View& view);

}  // namespace maillage::algo
