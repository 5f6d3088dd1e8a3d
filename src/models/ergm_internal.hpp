#pragma once
// Private parts of the ERGM implementation: the mutable network state of a chain and the term
// interface.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maillage/models/ergm.hpp"

namespace maillage::models {

// A chain's network: sorted adjacency rows (out, and in when directed; undirected rows hold every
// neighbour) and the tie list the tie/no-tie proposal draws from.
struct ErgmState {
  std::size_t n = 0;
  bool directed = false;
  std::vector<std::vector<std::uint32_t>> out, in;
  std::vector<std::uint64_t> edges;  // tie keys, for drawing a tie at random
  std::unordered_map<std::uint64_t, std::uint32_t> position;

  bool has(std::uint32_t i, std::uint32_t j) const;
  std::uint64_t key(std::uint32_t i, std::uint32_t j) const;
  void add(std::uint32_t i, std::uint32_t j);     // adjacency and tie list
  void remove(std::uint32_t i, std::uint32_t j);  // adjacency and tie list
  void link(std::uint32_t i, std::uint32_t j);    // adjacency only
  void unlink(std::uint32_t i, std::uint32_t j);  // adjacency only
  void forget(std::uint32_t i, std::uint32_t j);  // tie list only
};

// A term: statistics' names and the change of adding tie (i, j) to a state without it (for an
// undirected two-mode network, i is the mode-0 end). `out` is zeroed by the caller.
struct ErgmTerm {
  virtual ~ErgmTerm() = default;
  std::vector<std::string> names;
  bool dyad_independent = false;
  virtual void change(const ErgmState& s, std::uint32_t i, std::uint32_t j, double* out) const = 0;
};

std::vector<std::unique_ptr<ErgmTerm>> make_terms(const ErgmNetwork& network, std::string_view formula);
std::size_t common_count(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

}  // namespace maillage::models
