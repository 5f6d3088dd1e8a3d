// View::serialize / View::deserialize (round trips, refused buffers, checksums checked with
// Boost.CRC as an independent CRC-32), and the pieces of kernels computed apart for a cluster:
// betweenness over blocks of sources, closeness over blocks of nodes, null-model samples over
// ranges of draws, each against the whole computation.
#include <boost/crc.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <set>

#include "catch.hpp"
#include "helpers.hpp"

using namespace maillage;
using test::has;
using test::thrown;

namespace {

std::vector<std::byte> concat(const ViewParts& parts) {
  std::vector<std::byte> out(parts.header.begin(), parts.header.end());
  for (const auto& s : parts.sections) {
    out.insert(out.end(), s.begin(), s.end());
    out.resize((out.size() + 7) & ~std::size_t{7}, std::byte{0});
  }
  return out;
}

template <class A, class B>
bool same(A a, B b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

void check_equal(const View& a, const View& b) {
  REQUIRE(a.number_of_nodes() == b.number_of_nodes());
  REQUIRE(a.number_of_edges() == b.number_of_edges());
  CHECK(a.directed() == b.directed());
  CHECK(a.weighted() == b.weighted());
  CHECK(a.weight_kind() == b.weight_kind());
  CHECK(a.options().weight == b.options().weight);
  for (std::uint32_t i = 0; i < a.number_of_nodes(); ++i) {
    CHECK(a.key(i) == b.key(i));
    CHECK(a.graph().kind(a.node(i)) == b.graph().kind(b.node(i)));
    CHECK(b.index_of(a.key(i)) == i);
  }
  CHECK(same(a.out_offsets(), b.out_offsets()));
  CHECK(same(a.out_targets(), b.out_targets()));
  CHECK(same(a.out_weights(), b.out_weights()));
  CHECK(same(a.out_edges(), b.out_edges()));
  CHECK(same(a.in_offsets(), b.in_offsets()));
  CHECK(same(a.in_sources(), b.in_sources()));
  CHECK(same(a.in_weights(), b.in_weights()));
  CHECK(same(a.in_edges(), b.in_edges()));
  for (std::size_t e = 0; e < a.number_of_edges(); ++e) {
    CHECK(a.edge_source(e) == b.edge_source(e));
    CHECK(a.edge_target(e) == b.edge_target(e));
    CHECK(a.edge_weight(e) == b.edge_weight(e));
    CHECK(same(a.edge_members(e), b.edge_members(e)));
  }
}

std::uint32_t boost_crc(std::span<const std::byte> bytes, boost::crc_32_type& c) {
  c.process_bytes(bytes.data(), bytes.size());
  return c.checksum();
}

/// Rewrites the two checksums of a header after its sections were edited (Boost's CRC-32).
void reseal(std::vector<std::byte>& header, const std::vector<std::span<const std::byte>>& sections) {
  boost::crc_32_type payload;
  for (const auto& s : sections) payload.process_bytes(s.data(), s.size());
  const std::uint32_t p = payload.checksum();
  std::memcpy(header.data() + header.size() - 8, &p, 4);
  boost::crc_32_type head;
  head.process_bytes(header.data(), header.size() - 4);
  const std::uint32_t h = head.checksum();
  std::memcpy(header.data() + header.size() - 4, &h, 4);
}

}  // namespace

TEST_CASE("A view round-trips through its bytes, whole or in parts") {
  const auto g = test::random_graph(7, 300, 1500);
  for (const bool directed : {false, true})
    for (const bool weighted : {false, true})
      for (const auto order : {NodeOrder::natural, NodeOrder::degree}) {
        ViewOptions o;
        o.directed = directed;
        if (weighted) o.weight = "weight";
        o.weight_kind = WeightKind::distance;
        o.order = order;
        const View v = g.view(o);
        const auto bytes = v.serialize();
        const View back = View::deserialize(bytes);
        check_equal(v, back);
        // The buffer is the parts concatenated, and the parts read back the same view.
        const auto parts = v.serialize_parts();
        CHECK(concat(parts) == bytes);
        check_equal(v, View::deserialize(parts.header, parts.sections));
        // Byte-stable: the view read back serialises to the same bytes.
        CHECK(back.serialize() == bytes);
        // The kernels give the same values on the copy.
        CHECK(algo::betweenness_centrality(v).values == algo::betweenness_centrality(back).values);
      }
}

TEST_CASE("The serialised view's checksum is the CRC-32 of its sections, and its size that of its arrays") {
  const auto g = test::random_graph(3, 200, 900);
  ViewOptions o;
  o.weight = "weight";
  const View v = g.view(o);
  const auto parts = v.serialize_parts();
  boost::crc_32_type c;
  std::uint32_t expected = 0;
  for (const auto& s : parts.sections) expected = boost_crc(s, c);
  std::uint32_t stored;
  std::memcpy(&stored, parts.header.data() + parts.header.size() - 8, 4);
  CHECK(stored == expected);
  // Arrays: out CSR (n + 1 offsets, 4 + 8 + 4 bytes per arc), edge starts, members; plus keys.
  const std::size_t n = v.number_of_nodes(), arcs = v.out_targets().size();
  const std::size_t arrays = 8 * (n + 1) + 16 * arcs + 8 * (n + 1);
  CHECK(v.serialize().size() >= arrays);
  CHECK(v.serialize().size() <= arrays + 4 * v.number_of_edges() + 2048 + 16 * (n + 1) + 24 * n + 8 * 20 + 200);
}

TEST_CASE("A corrupt, truncated or foreign buffer is refused with a message naming the fault") {
  const auto g = test::random_graph(5, 120, 500);
  const View v = g.view();
  const auto bytes = v.serialize();
  auto deserialize = [](std::vector<std::byte> b) { return View::deserialize(b); };

  // Every truncation is refused.
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{12}, std::size_t{100}, std::size_t{199},
                          std::size_t{200}, bytes.size() / 2, bytes.size() - 8, bytes.size() - 1}) {
    const auto msg = thrown<InvalidInput>([&] { deserialize(std::vector<std::byte>(bytes.begin(), bytes.begin() + cut)); });
    CHECK(has(msg, "View::deserialize: "));
  }
  CHECK(has(thrown<InvalidInput>([&] { deserialize(std::vector<std::byte>(bytes.begin(), bytes.end() - 8)); }),
            "truncated"));
  auto longer = bytes;
  longer.resize(longer.size() + 8);
  CHECK(has(thrown<InvalidInput>([&] { deserialize(longer); }), "after the end"));

  // A flipped bit anywhere: in the arrays (payload checksum), in the header (header checksum or a
  // field check).
  std::mt19937 rng(1);
  for (int trial = 0; trial < 40; ++trial) {
    auto bad = bytes;
    const auto at = std::uniform_int_distribution<std::size_t>(0, bad.size() - 1)(rng);
    bad[at] ^= std::byte{0x10};
    bool padding = at >= 200;
    if (padding) {
      // Flips in zero padding between sections change no section: the view reads the same.
      try {
        check_equal(v, deserialize(bad));
        continue;
      } catch (const InvalidInput& e) {
        CHECK(has(e.what(), "View::deserialize: "));
      }
    } else {
      CHECK(has(thrown<InvalidInput>([&] { deserialize(bad); }), "View::deserialize: "));
    }
  }
  auto flipped = bytes;
  flipped[bytes.size() / 2] ^= std::byte{1};
  CHECK(has(thrown<InvalidInput>([&] { deserialize(flipped); }), "checksum mismatch (the arrays are corrupt)"));
  auto header = bytes;
  header[40] ^= std::byte{1};  // the edge count
  CHECK(has(thrown<InvalidInput>([&] { deserialize(header); }), "header checksum mismatch"));

  auto magic = bytes;
  magic[0] = std::byte{'X'};
  CHECK(has(thrown<InvalidInput>([&] { deserialize(magic); }), "not a serialised view"));
  auto version = bytes;
  version[8] = std::byte{2};
  CHECK(has(thrown<InvalidInput>([&] { deserialize(version); }), "format version 2, this library reads version 1"));
  auto swapped = bytes;
  std::reverse(swapped.begin() + 12, swapped.begin() + 16);
  CHECK(has(thrown<InvalidInput>([&] { deserialize(swapped); }), "other byte order"));
}

TEST_CASE("A buffer with valid checksums but inconsistent arrays is refused before a kernel reads it") {
  const auto g = test::random_graph(9, 50, 200);
  const View v = g.view();
  const auto parts = v.serialize_parts();
  auto edit = [&](std::size_t section, auto&& change) {
    std::vector<std::vector<std::byte>> copies;
    for (const auto& s : parts.sections) copies.emplace_back(s.begin(), s.end());
    change(copies[section]);
    std::vector<std::span<const std::byte>> spans(copies.begin(), copies.end());
    auto header = parts.header;
    reseal(header, spans);
    return thrown<InvalidInput>([&] { View::deserialize(header, spans); });
  };
  // A target out of range (section 6: out-arc targets).
  CHECK(has(edit(6, [&](std::vector<std::byte>& s) {
              const std::uint32_t bad = v.number_of_nodes();
              std::memcpy(s.data(), &bad, 4);
            }),
            "out-arc targets: entry 0 is 50, outside [0, 50)"));
  // Offsets that decrease (section 5).
  CHECK(has(edit(5, [&](std::vector<std::byte>& s) {
              const std::uint64_t bad = 1'000'000;
              std::memcpy(s.data() + 8, &bad, 8);
            }),
            "out-arc offsets"));
  // A negative weight (section 7).
  CHECK(has(edit(7, [&](std::vector<std::byte>& s) {
              const double bad = -1.0;
              std::memcpy(s.data(), &bad, 8);
            }),
            "out-arc weights: entry 0 is not a finite weight"));
  // Duplicate keys: every key made the same length-preserving text.
  CHECK(has(edit(1, [&](std::vector<std::byte>& s) { std::fill(s.begin(), s.end(), std::byte{'a'}); }),
            "node table"));
  // The sizes given apart must match the header.
  std::vector<std::span<const std::byte>> fewer(parts.sections.begin(), parts.sections.end() - 1);
  CHECK(has(thrown<InvalidInput>([&] { View::deserialize(parts.header, fewer); }), "17 sections given"));
}

TEST_CASE("Betweenness summed over blocks of sources equals the whole run") {
  const auto g = test::random_graph(11, 400, 2000);
  for (const bool weighted : {false, true})
    for (const bool sampled : {false, true}) {
      ViewOptions vo;
      if (weighted) vo.weight = "weight";
      const View v = g.view(vo);
      algo::BetweennessOptions o;
      if (sampled) {
        o.k = 150;
        o.seed = 4;
      }
      const auto whole = algo::betweenness_centrality(v, o);
      const auto sources = algo::betweenness_sources(v, o);
      CHECK(sources == whole.sources);
      // One block: bit for bit.
      auto one = algo::betweenness_sums(v, sources, false, o);
      algo::scale_betweenness(v, one, sources, false, o);
      CHECK(one == whole.values);
      // Blocks of 37 sources, added in order: equal to rounding.
      std::vector<double> sum(v.number_of_nodes(), 0.0);
      for (std::size_t b = 0; b < sources.size(); b += 37) {
        const auto part = algo::betweenness_sums(
            v, std::span(sources).subspan(b, std::min<std::size_t>(37, sources.size() - b)), false, o);
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += part[i];
      }
      algo::scale_betweenness(v, sum, sources, false, o);
      for (std::size_t i = 0; i < sum.size(); ++i) CHECK(std::abs(sum[i] - whole.values[i]) <= 1e-12);
      // Edges.
      const auto edges = algo::edge_betweenness_centrality(v, o);
      auto e1 = algo::betweenness_sums(v, sources, true, o);
      algo::scale_betweenness(v, e1, sources, true, o);
      CHECK(e1 == edges.values);
    }
  const View v = g.view();
  const std::uint32_t bad[] = {0, 400};
  CHECK(has(thrown<InvalidInput>([&] { algo::betweenness_sums(v, bad, false); }), "source 400 is not a node"));
}

TEST_CASE("Closeness and harmonic over blocks of nodes are the whole run's values, bit for bit") {
  const auto g = test::random_graph(13, 300, 1200);
  for (const bool weighted : {false, true}) {
    ViewOptions vo;
    if (weighted) vo.weight = "weight";
    const View v = g.view(vo);
    const auto closeness = algo::closeness_centrality(v).values;
    const auto harmonic = algo::harmonic_centrality(v).values;
    for (std::uint32_t first : {0u, 17u, 64u, 250u}) {
      const std::uint32_t last = std::min<std::uint32_t>(300, first + 90);
      const auto c = algo::closeness_block(v, first, last, false).values;
      const auto h = algo::closeness_block(v, first, last, true).values;
      REQUIRE(c.size() == last - first);
      for (std::uint32_t i = first; i < last; ++i) {
        CHECK(c[i - first] == closeness[i]);
        CHECK(h[i - first] == harmonic[i]);
      }
    }
    CHECK(has(thrown<InvalidInput>([&] { algo::closeness_block(v, 10, 301, false); }), "node block [10, 301)"));
  }
}

TEST_CASE("Null-model samples over ranges of draws are significance's samples") {
  const auto g = test::random_graph(17, 200, 700, {"cooperates_with"});
  const auto ties = algo::tie_list(g, algo::select_ties(g));
  std::vector<std::int32_t> groups(g.number_of_nodes());
  for (std::size_t v = 0; v < groups.size(); ++v) groups[v] = static_cast<std::int32_t>(v % 4);
  algo::TieStatistic st;
  st.kind = algo::TieStatisticKind::modularity;
  st.groups = 4;
  algo::SignificanceOptions o;
  o.model = {algo::NullModel::rewire, 21, 2};
  o.samples = 30;
  const auto whole = algo::significance(ties, groups, st, o);
  std::vector<double> values;
  std::uint64_t attempts = 0, swaps = 0;
  for (std::uint64_t first : {0u, 7u, 19u}) {
    auto block = o;
    block.samples = (first == 0 ? 7 : first == 7 ? 12 : 11);
    const auto r = algo::null_values(ties, groups, st, block, first);
    values.insert(values.end(), r.values.begin(), r.values.end());
    attempts += r.attempts;
    swaps += r.swaps;
  }
  CHECK(values == whole.values);
  CHECK(attempts == whole.attempts);
  CHECK(swaps == whole.swaps);
  const auto summary = algo::summarize_null(whole.observed, values);
  CHECK(summary.p == whole.p);
  CHECK(summary.z == whole.z);
}
