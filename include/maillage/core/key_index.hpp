#pragma once
/// KeyIndex: an open-addressing index of strings held in a vector (node keys, a builder's endpoint
/// dictionary). Internal to the library; public only because GraphBuilder holds one.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maillage::detail {

/// Index of keys by open addressing: the slots hold ids, indices into a vector of keys (strings or
/// string views) (linear probing, at most half
/// full) and keys are compared in the key vector passed to each call, so the index holds no
/// pointer into it (copies and reallocation are safe). 8–16 bytes per node, where a node-based hash
/// map of string views takes about 56.
class KeyIndex {
 public:
  static constexpr std::uint32_t empty = static_cast<std::uint32_t>(-1);

  std::size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  /// Makes room for n keys without rehashing.
  template <class Keys>
  void reserve(std::size_t n, const Keys& keys) {
    if (2 * n > slots_.size()) rehash(capacity_for(n), keys);
  }
  /// Adds keys[id] unless an equal key is indexed; returns the id now indexed under that key.
  template <class Keys>
  std::uint32_t insert(std::uint32_t id, const Keys& keys) {
    if (2 * (size_ + 1) > slots_.size()) rehash(capacity_for(size_ + 1), keys);
    const std::string_view key = keys[id];
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == empty) {
        slots_[i] = id;
        ++size_;
        return id;
      }
      if (std::string_view(keys[slots_[i]]) == key) return slots_[i];
    }
  }
  template <class Keys>
  std::optional<std::uint32_t> find(std::string_view key, const Keys& keys) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = hash(key) & mask();; i = (i + 1) & mask()) {
      if (slots_[i] == empty) return std::nullopt;
      if (std::string_view(keys[slots_[i]]) == key) return slots_[i];
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
  template <class Keys>
  void rehash(std::size_t capacity, const Keys& keys) {
    std::vector<std::uint32_t> old(capacity, empty);
    old.swap(slots_);
    for (const std::uint32_t id : old) {
      if (id == empty) continue;
      std::size_t i = hash(std::string_view(keys[id])) & mask();
      while (slots_[i] != empty) i = (i + 1) & mask();
      slots_[i] = id;
    }
  }

  std::vector<std::uint32_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace maillage::detail
