#pragma once
// Private: numbering of raw component labels by the contract's rule (decreasing size, ties by the
// smallest key), shared by connected and strongly connected components and by partitions.
#include <cstdint>
#include <vector>

#include "maillage/algo/components.hpp"

namespace maillage::algo::detail {

/// `raw[i]` is node i's component in [0, sizes.size()); returns the labels renumbered.
ComponentsResult number_components(const View& view, const std::vector<std::uint32_t>& raw,
                                   const std::vector<std::uint32_t>& sizes);

}  // namespace maillage::algo::detail
