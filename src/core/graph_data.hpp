#pragma once
// Internal: the data behind a Graph handle.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maillage/core/column.hpp"
#include "maillage/core/graph.hpp"
#include "maillage/core/relation.hpp"
#include "maillage/core/scale.hpp"

namespace maillage::detail {

/// Index of node keys by open addressing: the slots hold node ids (linear probing, at most half
/// full) and keys are compared in the key vector passed to each call, so the index holds no
/// pointer into it (copies and reallocation are safe). 8–16 bytes per node, where a node-based hash
/// map of string views takes about 56.
class KeyIndex {
 public:
  static constexpr NodeId empty = static_cast<NodeId>(-1);

  void clear() {
    slots_.clear();
    size_ = 0;
  }
  /// Makes room for n keys without rehashing.
  void reserve(std::size_t n, const std::vector<std::string>& keys) {
    if (2 * n > slots_.size()) rehash(capacity_for(n), keys);
  }
  /// Adds keys[id] unless an equal key is indexed; returns the id now indexed under that key.
  NodeId insert(NodeId id, const std::vector<std::string>& keys) {
    if (2 * (size_ + 1) > slots_.size()) rehash(capacity_for(size_ + 1), keys);
    const std::string_view key = keys[id];
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == empty) {
        slots_[i] = id;
        ++size_;
        return id;
      }
      if (keys[slots_[i]] == key) return slots_[i];
    }
  }
  std::optional<NodeId> find(std::string_view key, const std::vector<std::string>& keys) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == empty) return std::nullopt;
      if (keys[slots_[i]] == key) return slots_[i];
    }
  }

 private:
  static std::size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c < 2 * n) c *= 2;
    return c;
  }
  std::size_t mask() const { return slots_.size() - 1; }
  void rehash(std::size_t capacity, const std::vector<std::string>& keys) {
    std::vector<NodeId> old(capacity, empty);
    old.swap(slots_);
    for (const NodeId id : old) {
      if (id == empty) continue;
      std::size_t i = hash(keys[id]) & mask();
      while (slots_[i] != empty) i = (i + 1) & mask();
      slots_[i] = id;
    }
  }

  std::vector<NodeId> slots_;
  std::size_t size_ = 0;
};

struct GraphData {
  RelationRegistry relations = RelationRegistry::builtin();
  ScaleLadder scales = ScaleLadder::french();
  Metadata metadata;

  std::vector<std::string> keys;
  KeyIndex index;  // of `keys`
  std::vector<KindId> kind_ids;
  std::vector<std::string> kinds;
  std::vector<ScaleRank> scale;
  Table node_attributes;

  std::vector<NodeId> sources;
  std::vector<NodeId> targets;
  std::vector<RelationId> relation_ids;
  std::vector<double> weights;
  bool has_weight_column = false;
  // Per edge when has_weight_column and some edge has no weight (0: not given, weight 1); empty when
  // every weight is given.
  std::vector<std::uint8_t> weight_given;
  Table edge_attributes;
  const Column* start = nullptr;  // into edge_attributes, or null
  const Column* end = nullptr;
  const Column* context = nullptr;
  const Column* provenance = nullptr;

  // part_of DAG as CSR (unique neighbours, ascending), and depth per node.
  std::vector<std::uint32_t> parent_offsets{0};
  std::vector<NodeId> parents;
  std::vector<std::uint32_t> child_offsets{0};
  std::vector<NodeId> children;
  std::vector<int> depth;

  void index_keys();
  void bind_edge_columns();
};

}  // namespace maillage::detail
