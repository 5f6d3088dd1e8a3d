// Feedback loops: Johnson's elementary-circuit search (iterative, blocked sets and B-lists) over
// the strongly connected component of each start variable among the variables not below it.
#include "maillage/systemic/loops.hpp"

#include <string>

#include "maillage/core/error.hpp"

namespace maillage::systemic {

namespace {

struct Frame {
  std::uint32_t v;
  std::size_t pos;
  bool found;
};

}  // namespace

std::vector<Loop> find_loops(std::uint32_t variables, const std::vector<SignedLink>& links, const LoopOptions& options) {
  const std::uint32_t n = variables;
  std::vector<std::vector<std::uint32_t>> out(n), in(n);
  for (std::size_t e = 0; e < links.size(); ++e) {
    const SignedLink& l = links[e];
    if (l.source >= n || l.target >= n)
      throw InvalidInput(std::string("link ") + std::to_string(e) + ": variable index " +
                         std::to_string(l.source >= n ? l.source : l.target) + " is not below " + std::to_string(n));
    if (l.sign < -1 || l.sign > 1)
      throw InvalidInput(std::string("link ") + std::to_string(e) + ": sign " + std::to_string(l.sign) +
                         " is not -1, 0 or 1");
    out[l.source].push_back(static_cast<std::uint32_t>(e));
    in[l.target].push_back(static_cast<std::uint32_t>(e));
  }
  std::vector<Loop> loops;
  std::vector<char> forward(n), backward(n), member(n), blocked(n);
  std::vector<std::vector<std::uint32_t>> b_list(n);
  std::vector<std::uint32_t> queue, path, unblock_stack;
  std::vector<Frame> frames;
  std::uint64_t steps = 0;
  const std::uint32_t bound = options.max_length;

  auto reach = [&](std::uint32_t s, std::vector<char>& seen, const std::vector<std::vector<std::uint32_t>>& adj,
                   bool forward_direction) {
    std::fill(seen.begin(), seen.end(), 0);
    queue.assign(1, s);
    seen[s] = 1;
    for (std::size_t q = 0; q < queue.size(); ++q)
      for (std::uint32_t e : adj[queue[q]]) {
        std::uint32_t w = forward_direction ? links[e].target : links[e].source;
        if (w >= s && !seen[w]) {
          seen[w] = 1;
          queue.push_back(w);
        }
      }
  };
  auto unblock = [&](std::uint32_t u) {
    unblock_stack.assign(1, u);
    while (!unblock_stack.empty()) {
      std::uint32_t x = unblock_stack.back();
      unblock_stack.pop_back();
      if (!blocked[x]) continue;
      blocked[x] = 0;
      for (std::uint32_t y : b_list[x]) unblock_stack.push_back(y);
      b_list[x].clear();
    }
  };
  auto emit = [&](std::uint32_t closing) {
    Loop loop;
    loop.links = path;
    loop.links.push_back(closing);
    int polarity = 1;
    for (std::uint32_t e : loop.links) polarity *= links[e].sign;
    loop.polarity = polarity;
    loops.push_back(std::move(loop));
    if (loops.size() > options.max_count)
      throw InvalidInput(std::string("more than max_count = ") + std::to_string(options.max_count) +
                         " loops; raise max_count or bound max_length");
  };

  for (std::uint32_t s = 0; s < n; ++s) {
    if (options.progress) options.progress("loops", s, n);
    reach(s, forward, out, true);
    reach(s, backward, in, false);
    std::size_t size = 0;
    for (std::uint32_t v = s; v < n; ++v) {
      member[v] = forward[v] && backward[v];
      blocked[v] = 0;
      b_list[v].clear();
      size += member[v] ? 1 : 0;
    }
    bool self = false;
    for (std::uint32_t e : out[s]) self = self || links[e].target == s;
    if (size == 1 && !self) continue;
    path.clear();
    frames.assign(1, Frame{s, 0, false});
    blocked[s] = 1;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (++steps % (1u << 16) == 0 && options.progress) options.progress("loops", s, n);
      if (f.pos < out[f.v].size()) {
        std::uint32_t e = out[f.v][f.pos++];
        std::uint32_t w = links[e].target;
        if (w < s || !member[w]) continue;
        if (w == s) {
          if (bound == 0 || path.size() + 1 <= bound) {
            emit(e);
            f.found = true;
          }
        } else if (!blocked[w]) {
          if (bound == 0 || path.size() + 2 <= bound) {
            path.push_back(e);
            blocked[w] = 1;
            frames.push_back(Frame{w, 0, false});
          } else {
            f.found = true;  // cut by the bound: treated as reaching the start, so nothing stays blocked
          }
        }
        continue;
      }
      Frame done = f;
      frames.pop_back();
      if (done.found) {
        unblock(done.v);
      } else {
        for (std::uint32_t e : out[done.v]) {
          std::uint32_t w = links[e].target;
          if (w >= s && member[w]) b_list[w].push_back(done.v);
        }
      }
      if (!frames.empty()) {
        path.pop_back();
        frames.back().found = frames.back().found || done.found;
      }
    }
  }
  if (options.progress) options.progress("loops", n, n);
  return loops;
}

}  // namespace maillage::systemic
