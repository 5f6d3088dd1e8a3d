#pragma once
// Shared helpers of the C++ tests: exception messages, small value constructors, and random graphs
// for cross-checks against Boost.Graph.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "maillage/maillage.hpp"

namespace test {

/// Whether this build runs under AddressSanitizer or ThreadSanitizer (5 to 20 times slower). The
/// stress tests of thread counts then run on smaller graphs and fewer thread counts: the sanitizers
/// look for memory errors and races, which the smaller runs reach as well; the Release build keeps
/// the full sizes.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool sanitized = true;
#else
inline constexpr bool sanitized = false;
#endif
#else
inline constexpr bool sanitized = false;
#endif

/// `full` in an optimised build, `small` under a sanitizer.
template <class T>
constexpr T scaled(T full, T small) {
  return sanitized ? small : full;
}

/// Runs `f`, requires that it throws `E`, and returns the exception's message.
template <class E, class F>
std::string thrown(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("threw another exception type: " << e.what());
  }
  FAIL("no exception thrown");
  return {};
}

/// Whether `text` contains `part`.
inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline maillage::Value str(const char* s) { return maillage::Value(std::string(s)); }
inline maillage::Value i64(std::int64_t i) { return maillage::Value(i); }
inline maillage::Value dbl(double d) { return maillage::Value(d); }

/// A string column from values ("" = missing when `empty_is_missing`).
inline maillage::Column string_column(const std::vector<std::string>& values, bool empty_is_missing = true) {
  maillage::Column c(maillage::AttrType::string, 0);
  for (const auto& v : values) {
    if (empty_is_missing && v.empty()) c.push_missing();
    else c.push_back(v);
  }
  return c;
}

inline maillage::Column double_column(const std::vector<double>& values) {
  maillage::Column c(maillage::AttrType::float64, 0);
  for (double v : values) c.push_back(v);
  return c;
}

/// Graph edge ids merged into each view edge, as (source key, target key) → members.
struct KeyedEdge {
  std::string source, target;
  double weight;
  std::vector<maillage::EdgeId> members;
  friend bool operator<(const KeyedEdge& a, const KeyedEdge& b) {
    return std::tie(a.source, a.target) < std::tie(b.source, b.target);
  }
};

/// The view's edges described by graph keys, endpoints ordered (smaller key first) when undirected,
/// sorted: independent of the view's node numbering.
inline std::vector<KeyedEdge> keyed_edges(const maillage::View& v) {
  std::vector<KeyedEdge> out;
  for (std::size_t e = 0; e < v.number_of_edges(); ++e) {
    std::string s = v.key(v.edge_source(e)), t = v.key(v.edge_target(e));
    if (!v.directed() && t < s) std::swap(s, t);
    auto m = v.edge_members(e);
    out.push_back({s, t, v.edge_weight(e), std::vector<maillage::EdgeId>(m.begin(), m.end())});
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A random multigraph with fixed seed: `n` nodes with keys in shuffled order (so key order differs
/// from id order), `m` edges over a mix of undirected and directed relations (self-loops and
/// parallel edges included), weights in [0.5, 5).
inline maillage::Graph random_graph(std::uint32_t seed, std::uint32_t n, std::uint32_t m,
                                     const std::vector<std::string>& relations = {"cooperates_with", "supports",
                                                                                  "funds"}) {
  std::mt19937 rng(seed);
  std::vector<std::uint32_t> labels(n);
  for (std::uint32_t i = 0; i < n; ++i) labels[i] = i;
  std::shuffle(labels.begin(), labels.end(), rng);
  maillage::GraphBuilder b;
  std::vector<std::string> keys;
  for (std::uint32_t i = 0; i < n; ++i) {
    keys.push_back(std::string("v").append(std::to_string(1000 + labels[i])));
    b.add_node(keys.back(), i % 3 == 0 ? "person" : "organisation");
  }
  if (n > 0) {
    std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
    std::uniform_int_distribution<std::size_t> rel(0, relations.size() - 1);
    std::uniform_real_distribution<double> weight(0.5, 5.0);
    for (std::uint32_t e = 0; e < m; ++e) {
      const auto a = pick(rng), c = pick(rng);
      b.add_edge(keys[a], keys[c], relations[rel(rng)], {{"weight", weight(rng)}});
    }
  }
  return b.build();
}

/// A graph drawn from "a-b" (cooperates_with, undirected) and "a>b" (links_to, directed) edge
/// strings with weights, nodes added in the given order; its default view, weighted by `weight`
/// when asked.
inline maillage::View drawn(const std::vector<std::string>& nodes,
                            const std::vector<std::pair<std::string, double>>& edges, bool weighted = false) {
  maillage::GraphBuilder b;
  for (const auto& k : nodes) b.add_node(k);
  for (const auto& [e, w] : edges) {
    const bool directed = e.find('>') != std::string::npos;
    const auto cut = e.find(directed ? '>' : '-');
    b.add_edge(e.substr(0, cut), e.substr(cut + 1), directed ? "links_to" : "cooperates_with", {{"weight", w}});
  }
  maillage::ViewOptions o;
  if (weighted) o.weight = "weight";
  return b.build().view(o);
}

}  // namespace test
