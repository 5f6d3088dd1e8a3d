// View::serialize / View::deserialize: a View as bytes that travel between processes (format
// version 1).
//
// Layout: a fixed header, then `section_count` sections, each starting on a multiple of 8 bytes
// (zero padding), in this order:
//    0 key_offsets   u64[n + 1]   1 key_chars      bytes      (node keys, in view order)
//    2 kind_offsets  u64[n + 1]   3 kind_chars     bytes      (node kinds)
//    4 weight_name   bytes (empty = unweighted view)
//    5 out_offsets   u64[n + 1]   6 out_targets    u32[arcs]  7 out_weights f64[arcs]  8 out_edges u32[arcs]
//    9 in_offsets    u64[n + 1]  10 in_sources     u32[arcs] 11 in_weights  f64[arcs] 12 in_edges  u32[arcs]
//      (sections 9-12 empty on an undirected view: its in-arcs are its out-arcs)
//   13 edge_first    u64[n + 1] (undirected) or empty (directed)
//   14 member_offsets u64[edges + 1] or empty  15 members u32  16 multi u32  17 extra u64
//      (the view's edge members, as ViewData holds them)
// Header (native byte order, recorded by a marker so that a buffer from a machine of the other
// order is refused rather than misread):
//   magic "MAILVIEW" | u32 version | u32 byte-order marker 0x01020304 | u8 sizes of an index,
//   an offset and a weight (4, 8, 8) | u8 flags (1 directed, 2 weighted) | u8 weight kind |
//   u8 symmetrize | u8 order | u8 0 | u32 section count | u32 0 | u64 nodes | u64 edges |
//   u64 section sizes (bytes, without padding) | u32 CRC-32 of the sections (without padding) |
//   u32 CRC-32 of the header bytes before it.
// The checksum is zlib's CRC-32 (zlib is already linked for the datasets' gzip reader: a
// maintained implementation, several GB/s on this hardware), not a hand-written one.
// Every field is validated before any array is read; arrays are then checked for consistency
// (offsets ascending and ending at the array size, indices in range, finite weights ≥ 0), so a
// buffer that passes its checksum but was made by hand cannot send a kernel out of bounds.
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>

#include "maillage/core/builder.hpp"
#include "maillage/core/error.hpp"
#include "maillage/view/view.hpp"
#include "view_data.hpp"

namespace maillage {

namespace {

constexpr char magic[8] = {'M', 'A', 'I', 'L', 'V', 'I', 'E', 'W'};
constexpr std::uint32_t format_version = 1;
constexpr std::uint32_t byte_order_marker = 0x01020304u;
constexpr std::uint32_t section_count = 18;
// magic 8, version 4, marker 4, sizes/flags/kinds 8, count 4 + pad 4, nodes 8, edges 8,
// sizes 8 × 18, CRCs 4 + 4.
constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 * section_count + 8;

namespace part {
enum Section : std::uint32_t {
  key_offsets, key_chars, kind_offsets, kind_chars, weight_name,
  out_offsets, out_targets, out_weights, out_edges,
  in_offsets, in_sources, in_weights, in_edges,
  edge_first, member_offsets, members, multi, extra,
};
}  // namespace part
using part::Section;

constexpr const char* section_names[section_count] = {
    "key offsets", "key characters", "kind offsets", "kind characters", "weight name",
    "out-arc offsets", "out-arc targets", "out-arc weights", "out-arc edges",
    "in-arc offsets", "in-arc sources", "in-arc weights", "in-arc edges",
    "edge starts", "member offsets", "members", "combined edges", "extra members",
};

std::uint32_t crc(std::uint32_t value, std::span<const std::byte> bytes) {
  // zlib returns its initial value for a null buffer, whatever `value`: an empty section (whose
  // data may be null) must leave the running checksum as it is.
  if (bytes.empty()) return value;
  // crc32_z takes a size_t length: no 4 GiB limit on one section.
  return static_cast<std::uint32_t>(crc32_z(value, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

std::size_t padded(std::size_t size) { return (size + 7) & ~std::size_t{7}; }

template <class T>
std::span<const std::byte> bytes_of(std::span<const T> values) {
  return std::as_bytes(values);
}

template <class T>
void put(std::vector<std::byte>& out, std::size_t& at, const T& value) {
  std::memcpy(out.data() + at, &value, sizeof(T));
  at += sizeof(T);
}

template <class T>
T get(std::span<const std::byte> in, std::size_t& at) {
  T value;
  std::memcpy(&value, in.data() + at, sizeof(T));
  at += sizeof(T);
  return value;
}

[[noreturn]] void refuse(const std::string& what) { throw InvalidInput("View::deserialize: " + what); }

/// A string table (offsets n + 1, characters) from n strings.
void string_table(std::uint32_t n, auto&& text, std::vector<std::byte>& offsets, std::vector<std::byte>& chars) {
  std::vector<std::uint64_t> off(static_cast<std::size_t>(n) + 1, 0);
  std::string all;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::string& s = text(i);
    all += s;
    off[i + 1] = all.size();
  }
  offsets.resize(off.size() * sizeof(std::uint64_t));
  std::memcpy(offsets.data(), off.data(), offsets.size());
  chars.resize(all.size());
  if (!all.empty()) std::memcpy(chars.data(), all.data(), all.size());  // an empty vector's data() may be null
}

/// Copies a section into a vector of T (its size a multiple of sizeof(T), checked before).
template <class T>
std::vector<T> array_of(std::span<const std::byte> bytes) {
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

/// Offsets: `count` entries (or none when `optional`), from 0, ascending, ending at `last`.
void check_offsets(const std::vector<std::uint64_t>& off, std::size_t count, std::uint64_t last, Section s) {
  if (off.size() != count)
    refuse(std::string(section_names[s]) + ": " + std::to_string(off.size()) + " entries, expected " +
           std::to_string(count));
  if (off.empty()) return;
  if (off.front() != 0) refuse(std::string(section_names[s]) + " do not start at 0");
  for (std::size_t i = 1; i < off.size(); ++i)
    if (off[i] < off[i - 1])
      refuse(std::string(section_names[s]) + " decrease at entry " + std::to_string(i));
  if (off.back() != last)
    refuse(std::string(section_names[s]) + " end at " + std::to_string(off.back()) + ", not at " +
           std::to_string(last));
}

void check_below(const std::vector<std::uint32_t>& values, std::uint64_t bound, Section s) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] >= bound)
      refuse(std::string(section_names[s]) + ": entry " + std::to_string(i) + " is " + std::to_string(values[i]) +
             ", outside [0, " + std::to_string(bound) + ")");
}

void check_weights(const std::vector<double>& values, Section s) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!(values[i] >= 0.0) || std::isinf(values[i]))
      refuse(std::string(section_names[s]) + ": entry " + std::to_string(i) + " is not a finite weight ≥ 0");
}

}  // namespace

View::View(std::shared_ptr<const detail::ViewData> data) : data_(std::move(data)) {}

ViewParts View::serialize_parts() const {
  const auto& d = *data_;
  const auto n = number_of_nodes();
  ViewParts parts;
  parts.owned.resize(5);
  string_table(n, [&](std::uint32_t i) -> const std::string& { return key(i); }, parts.owned[0], parts.owned[1]);
  const Graph& g = d.graph;
  string_table(n, [&](std::uint32_t i) -> const std::string& { return g.kind(d.nodes[i]); }, parts.owned[2],
               parts.owned[3]);
  const std::string weight = d.options.weight.value_or("");
  parts.owned[4].resize(weight.size());
  if (!weight.empty()) std::memcpy(parts.owned[4].data(), weight.data(), weight.size());

  auto& sec = parts.sections;
  sec.resize(section_count);
  for (std::size_t i = 0; i < 5; ++i) sec[i] = parts.owned[i];
  sec[part::out_offsets] = bytes_of(std::span<const std::uint64_t>(d.out_offsets));
  sec[part::out_targets] = bytes_of(std::span<const std::uint32_t>(d.out_targets));
  sec[part::out_weights] = bytes_of(std::span<const double>(d.out_weights));
  sec[part::out_edges] = bytes_of(std::span<const std::uint32_t>(d.out_edges));
  if (d.directed) {
    sec[part::in_offsets] = bytes_of(std::span<const std::uint64_t>(d.in_offsets));
    sec[part::in_sources] = bytes_of(std::span<const std::uint32_t>(d.in_sources));
    sec[part::in_weights] = bytes_of(std::span<const double>(d.in_weights));
    sec[part::in_edges] = bytes_of(std::span<const std::uint32_t>(d.in_edges));
  } else {
    sec[part::edge_first] = bytes_of(std::span<const std::uint64_t>(d.edge_first));
  }
  sec[part::member_offsets] = bytes_of(std::span<const std::uint64_t>(d.member_offsets));
  sec[part::members] = bytes_of(std::span<const EdgeId>(d.members));
  sec[part::multi] = bytes_of(std::span<const std::uint32_t>(d.multi));
  sec[part::extra] = bytes_of(std::span<const std::uint64_t>(d.extra));

  std::uint32_t payload_crc = crc(0, {});
  for (const auto& s : sec) payload_crc = crc(payload_crc, s);

  auto& h = parts.header;
  h.assign(header_size, std::byte{0});
  std::size_t at = 0;
  std::memcpy(h.data(), magic, sizeof magic);
  at += sizeof magic;
  put(h, at, format_version);
  put(h, at, byte_order_marker);
  const std::uint8_t flags = static_cast<std::uint8_t>((d.directed ? 1 : 0) | (d.weighted ? 2 : 0));
  const std::array<std::uint8_t, 8> small{4, 8, 8, flags, static_cast<std::uint8_t>(d.weight_kind),
                                          static_cast<std::uint8_t>(d.options.symmetrize),
                                          static_cast<std::uint8_t>(d.options.order), 0};
  for (auto b : small) put(h, at, b);
  put(h, at, section_count);
  put(h, at, std::uint32_t{0});
  put(h, at, static_cast<std::uint64_t>(n));
  put(h, at, static_cast<std::uint64_t>(d.edges));
  for (const auto& s : sec) put(h, at, static_cast<std::uint64_t>(s.size()));
  put(h, at, payload_crc);
  put(h, at, crc(crc(0, {}), std::span<const std::byte>(h.data(), at)));
  return parts;
}

std::vector<std::byte> View::serialize() const {
  const auto parts = serialize_parts();
  std::size_t total = padded(parts.header.size());
  for (const auto& s : parts.sections) total += padded(s.size());
  std::vector<std::byte> out(total, std::byte{0});
  std::size_t at = 0;
  std::memcpy(out.data(), parts.header.data(), parts.header.size());
  at = padded(parts.header.size());
  for (const auto& s : parts.sections) {
    if (!s.empty()) std::memcpy(out.data() + at, s.data(), s.size());
    at += padded(s.size());
  }
  return out;
}

namespace {

/// The header's fields, checked.
struct Header {
  bool directed = false, weighted = false;
  std::uint8_t weight_kind = 0, symmetrize = 0, order = 0;
  std::uint64_t nodes = 0, edges = 0;
  std::array<std::uint64_t, section_count> sizes{};
  std::uint32_t payload_crc = 0;
};

Header read_header(std::span<const std::byte> h) {
  if (h.size() < sizeof magic || std::memcmp(h.data(), magic, sizeof magic) != 0)
    refuse("not a serialised view (no \"MAILVIEW\" magic at its start)");
  if (h.size() < 16) refuse("truncated header: " + std::to_string(h.size()) + " bytes");
  std::size_t at = sizeof magic;
  const auto version = get<std::uint32_t>(h, at);
  const auto marker = get<std::uint32_t>(h, at);
  if (marker != byte_order_marker) {
    if (marker == 0x04030201u) refuse("written on a machine of the other byte order");
    refuse("corrupt header (byte-order marker " + std::to_string(marker) + ")");
  }
  if (version != format_version)
    refuse("format version " + std::to_string(version) + ", this library reads version " +
           std::to_string(format_version));
  if (h.size() < header_size)
    refuse("truncated header: " + std::to_string(h.size()) + " bytes, expected " + std::to_string(header_size));
  std::uint32_t stored_header_crc;
  std::memcpy(&stored_header_crc, h.data() + header_size - 4, 4);
  const auto computed = crc(crc(0, {}), h.first(header_size - 4));
  if (stored_header_crc != computed) refuse("header checksum mismatch (the header is corrupt)");
  std::array<std::uint8_t, 8> small{};
  for (auto& b : small) b = get<std::uint8_t>(h, at);
  if (small[0] != 4 || small[1] != 8 || small[2] != 8)
    refuse("index/offset/weight sizes " + std::to_string(small[0]) + "/" + std::to_string(small[1]) + "/" +
           std::to_string(small[2]) + ", this library uses 4/8/8");
  Header out;
  if (small[3] > 3) refuse("unknown flags " + std::to_string(small[3]));
  out.directed = (small[3] & 1) != 0;
  out.weighted = (small[3] & 2) != 0;
  out.weight_kind = small[4];
  out.symmetrize = small[5];
  out.order = small[6];
  if (out.weight_kind > 1 || out.symmetrize > 2 || out.order > 2) refuse("unknown weight kind, symmetrisation or order");
  const auto count = get<std::uint32_t>(h, at);
  at += 4;
  if (count != section_count)
    refuse(std::to_string(count) + " sections, format version 1 has " + std::to_string(section_count));
  out.nodes = get<std::uint64_t>(h, at);
  out.edges = get<std::uint64_t>(h, at);
  if (out.nodes >= 0xffffffffull) refuse(std::to_string(out.nodes) + " nodes: more than 32-bit indices hold");
  if (out.edges >= 0xffffffffull) refuse(std::to_string(out.edges) + " edges: more than 32-bit indices hold");
  for (auto& s : out.sizes) s = get<std::uint64_t>(h, at);
  out.payload_crc = get<std::uint32_t>(h, at);
  const std::size_t element[section_count] = {8, 1, 8, 1, 1, 8, 4, 8, 4, 8, 4, 8, 4, 8, 8, 4, 4, 8};
  for (std::uint32_t i = 0; i < section_count; ++i)
    if (out.sizes[i] % element[i] != 0)
      refuse(std::string(section_names[i]) + ": " + std::to_string(out.sizes[i]) + " bytes, not a multiple of " +
             std::to_string(element[i]));
  return out;
}

std::shared_ptr<const detail::ViewData> build(const Header& h, std::span<const std::span<const std::byte>> sec) {
  // Checksum of the sections before anything is read from them.
  std::uint32_t payload_crc = crc(0, {});
  for (const auto& s : sec) payload_crc = crc(payload_crc, s);
  if (payload_crc != h.payload_crc) refuse("checksum mismatch (the arrays are corrupt)");

  const std::size_t n = h.nodes;
  auto v = std::make_shared<detail::ViewData>();
  v->directed = h.directed;
  v->weighted = h.weighted;
  v->weight_kind = static_cast<WeightKind>(h.weight_kind);
  v->edges = h.edges;

  const auto key_off = array_of<std::uint64_t>(sec[part::key_offsets]);
  check_offsets(key_off, n + 1, sec[part::key_chars].size(), part::key_offsets);
  const auto kind_off = array_of<std::uint64_t>(sec[part::kind_offsets]);
  check_offsets(kind_off, n + 1, sec[part::kind_chars].size(), part::kind_offsets);

  v->out_offsets = array_of<std::uint64_t>(sec[part::out_offsets]);
  v->out_targets = array_of<std::uint32_t>(sec[part::out_targets]);
  v->out_weights = array_of<double>(sec[part::out_weights]);
  v->out_edges = array_of<std::uint32_t>(sec[part::out_edges]);
  const std::size_t arcs = v->out_targets.size();
  check_offsets(v->out_offsets, n + 1, arcs, part::out_offsets);
  if (v->out_weights.size() != arcs || v->out_edges.size() != arcs)
    refuse("the out-arc arrays differ in length");
  check_below(v->out_targets, n, part::out_targets);
  check_below(v->out_edges, h.edges, part::out_edges);
  check_weights(v->out_weights, part::out_weights);
  if (h.directed) {
    if (arcs != h.edges) refuse("a directed view with " + std::to_string(arcs) + " arcs and " + std::to_string(h.edges) + " edges");
    v->in_offsets = array_of<std::uint64_t>(sec[part::in_offsets]);
    v->in_sources = array_of<std::uint32_t>(sec[part::in_sources]);
    v->in_weights = array_of<double>(sec[part::in_weights]);
    v->in_edges = array_of<std::uint32_t>(sec[part::in_edges]);
    check_offsets(v->in_offsets, n + 1, arcs, part::in_offsets);
    if (v->in_sources.size() != arcs || v->in_weights.size() != arcs || v->in_edges.size() != arcs)
      refuse("the in-arc arrays differ from the out-arc arrays in length");
    check_below(v->in_sources, n, part::in_sources);
    check_below(v->in_edges, h.edges, part::in_edges);
    check_weights(v->in_weights, part::in_weights);
    if (!sec[part::edge_first].empty()) refuse("a directed view with edge starts");
  } else {
    for (auto s : {part::in_offsets, part::in_sources, part::in_weights, part::in_edges})
      if (!sec[s].empty()) refuse(std::string("an undirected view with ") + section_names[s]);
    v->in_offsets.clear();
    v->edge_first = array_of<std::uint64_t>(sec[part::edge_first]);
    check_offsets(v->edge_first, n + 1, h.edges, part::edge_first);
    for (std::size_t u = 0; u < n; ++u)
      if (v->edge_first[u + 1] - v->edge_first[u] > v->out_offsets[u + 1] - v->out_offsets[u])
        refuse("edge starts: node " + std::to_string(u) + " has more edges than arcs");
  }

  v->member_offsets = array_of<std::uint64_t>(sec[part::member_offsets]);
  v->members = array_of<EdgeId>(sec[part::members]);
  v->multi = array_of<std::uint32_t>(sec[part::multi]);
  v->extra = array_of<std::uint64_t>(sec[part::extra]);
  if (!v->member_offsets.empty()) {
    check_offsets(v->member_offsets, h.edges + 1, v->members.size(), part::member_offsets);
    if (!v->multi.empty()) refuse("member offsets and combined edges both given");
  } else {
    check_offsets(v->extra, v->multi.size() + 1, v->extra.empty() ? 0 : v->extra.back(), part::extra);
    check_below(v->multi, h.edges, part::multi);
    for (std::size_t i = 1; i < v->multi.size(); ++i)
      if (v->multi[i] <= v->multi[i - 1]) refuse("combined edges are not ascending at entry " + std::to_string(i));
    if (v->members.size() != h.edges + v->extra.back())
      refuse("members: " + std::to_string(v->members.size()) + " entries, expected " +
             std::to_string(h.edges + v->extra.back()));
  }

  // The graph of the view's nodes, in view order.
  std::vector<std::string> keys(n), kinds(n);
  const auto* kc = reinterpret_cast<const char*>(sec[part::key_chars].data());
  const auto* dc = reinterpret_cast<const char*>(sec[part::kind_chars].data());
  for (std::size_t i = 0; i < n; ++i) {
    keys[i].assign(kc + key_off[i], key_off[i + 1] - key_off[i]);
    kinds[i].assign(dc + kind_off[i], kind_off[i + 1] - kind_off[i]);
  }
  try {
    GraphBuilder builder;
    builder.add_nodes(std::move(keys), std::move(kinds), Table{});
    v->graph = std::move(builder).build();
  } catch (const Error& e) {
    refuse(std::string("node table: ") + e.what());
  }
  if (v->graph.number_of_nodes() != n) refuse("node table: duplicate keys");
  v->nodes.resize(n);
  std::iota(v->nodes.begin(), v->nodes.end(), NodeId{0});
  v->index_of = v->nodes;

  const auto* wc = reinterpret_cast<const char*>(sec[part::weight_name].data());
  if (!sec[part::weight_name].empty()) v->options.weight = std::string(wc, sec[part::weight_name].size());
  v->options.directed = h.directed;
  v->options.weight_kind = v->weight_kind;
  v->options.symmetrize = static_cast<Symmetrize>(h.symmetrize);
  v->options.order = static_cast<NodeOrder>(h.order);
  return v;
}

}  // namespace

View View::deserialize(std::span<const std::byte> header, std::span<const std::span<const std::byte>> sections) {
  const Header h = read_header(header);
  if (sections.size() != section_count)
    refuse(std::to_string(sections.size()) + " sections given, the header announces " + std::to_string(section_count));
  for (std::uint32_t i = 0; i < section_count; ++i)
    if (sections[i].size() != h.sizes[i])
      refuse(std::string("section ") + section_names[i] + ": " + std::to_string(sections[i].size()) +
             " bytes, the header announces " + std::to_string(h.sizes[i]));
  return View(build(h, sections));
}

View View::deserialize(std::span<const std::byte> buffer) {
  const Header h = read_header(buffer);
  std::size_t need = padded(header_size);
  for (auto s : h.sizes) {
    if (s > buffer.size()) refuse("truncated: " + std::to_string(buffer.size()) + " bytes, a section announces " + std::to_string(s));
    need += padded(s);
  }
  if (buffer.size() < need)
    refuse("truncated: " + std::to_string(buffer.size()) + " bytes, the header announces " + std::to_string(need));
  if (buffer.size() > need)
    refuse(std::to_string(buffer.size() - need) + " bytes after the end of the view");
  std::array<std::span<const std::byte>, section_count> sec;
  std::size_t at = padded(header_size);
  for (std::uint32_t i = 0; i < section_count; ++i) {
    sec[i] = buffer.subspan(at, h.sizes[i]);
    at += padded(h.sizes[i]);
  }
  return View(build(h, sec));
}

}  // namespace maillage
