// Shortest-path lengths (one source, or all pairs in parallel) and ego views.
#include "maillage/algo/paths.hpp"

#include <memory>

#include "shortest_paths.hpp"
#include "support.hpp"

namespace maillage::algo {

namespace {

detail::Csr out_csr(const View& view, const detail::ArcLengths& lengths) {
  return detail::Csr{view.out_offsets(), view.out_targets(), lengths.values, view.number_of_nodes()};
}

/// Fills row[0..n) with the distances from s (row must hold +inf).
void fill_row(const detail::Csr& g, std::uint32_t s, detail::SingleSource& search, double* row) {
  if (g.lengths.empty()) {
    search.bfs(g, s);
    for (auto v : search.order()) row[v] = static_cast<double>(search.hops(v));
  } else {
    search.dijkstra(g, s);
    for (auto v : search.order()) row[v] = search.dist(v);
  }
  search.reset();
}

void check_index(const View& view, std::uint32_t index, const char* what) {
  if (index >= view.number_of_nodes())
    throw NotFound(std::string(what)
                       .append(": node index ")
                       .append(std::to_string(index))
                       .append(" is not in the view (")
                       .append(std::to_string(view.number_of_nodes()))
                       .append(" nodes)"));
}

}  // namespace

NodeMeasure shortest_path_lengths(const View& view, std::uint32_t source, const PathOptions&) {
  check_index(view, source, "shortest_path_lengths");
  const auto lengths = detail::arc_lengths(view, view.out_weights());
  const auto g = out_csr(view, lengths);
  NodeMeasure r;
  r.values.assign(view.number_of_nodes(), detail::inf);
  detail::SingleSource search(view.number_of_nodes());
  fill_row(g, source, search, r.values.data());
  return r;
}

DistanceMatrix all_pairs_shortest_path_lengths(const View& view, const PathOptions& options) {
  const std::uint32_t n = view.number_of_nodes();
  if (n > all_pairs_max_nodes)
    throw InvalidInput(std::string("all-pairs shortest path lengths: the view has ")
                           .append(std::to_string(n))
                           .append(" nodes, above the limit of ")
                           .append(std::to_string(all_pairs_max_nodes))
                           .append(" (an n × n matrix); ask for one source at a time"));
  const auto lengths = detail::arc_lengths(view, view.out_weights());
  const auto g = out_csr(view, lengths);
  DistanceMatrix r;
  r.n = n;
  r.values.assign(static_cast<std::size_t>(n) * n, detail::inf);
  const double work = (static_cast<double>(g.targets.size()) + n) * n * (lengths.values.empty() ? 1.0 : 3.0);
  const unsigned workers = detail::plan_workers(options.threads, work, n);
  ProgressReporter progress(detail::progress_for(options.progress, work), "shortest paths", n, detail::report_every(n));
  std::vector<std::unique_ptr<detail::SingleSource>> scratch(workers);
  detail::for_each_item(
      n, workers,
      [&](std::size_t s, unsigned w) {
        if (!scratch[w]) scratch[w] = std::make_unique<detail::SingleSource>(n);
        fill_row(g, static_cast<std::uint32_t>(s), *scratch[w], r.values.data() + s * n);
      },
      [&](std::size_t done) { progress.tick(done); });
  progress.finish();
  return r;
}

View ego_view(const View& view, std::uint32_t center, const EgoOptions& options) {
  check_index(view, center, "ego_view");
  const std::uint32_t n = view.number_of_nodes();
  std::vector<std::uint32_t> hops(n, detail::none);
  std::vector<std::uint32_t> queue{center};
  hops[center] = 0;
  const auto off = view.out_offsets();
  const auto tgt = view.out_targets();
  const auto ioff = view.in_offsets();
  const auto src = view.in_sources();
  const bool both = options.undirected && view.directed();
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t v = queue[head];
    if (hops[v] >= options.radius) continue;
    auto visit = [&](std::uint32_t w) {
      if (hops[w] == detail::none) {
        hops[w] = hops[v] + 1;
        queue.push_back(w);
      }
    };
    for (auto a = off[v]; a < off[v + 1]; ++a) visit(tgt[a]);
    if (both)
      for (auto a = ioff[v]; a < ioff[v + 1]; ++a) visit(src[a]);
  }
  ViewOptions o = view.options();
  o.directed = view.directed();
  std::vector<std::string> keys;
  keys.reserve(queue.size());
  for (auto v : queue)
    if (options.center || v != center) keys.push_back(view.key(v));
  o.nodes = std::move(keys);
  return View(view.graph(), o);
}

}  // namespace maillage::algo
