#pragma once
// Private helpers of the algo kernels: a small team of worker threads with a barrier, a crew of
// workers kept between short parallel steps, worker planning by amount of work, arc lengths and
// strengths under the weight rules, deterministic sums over fixed chunks, and a portable seeded
// sampler.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "maillage/core/error.hpp"
#include "maillage/core/parallel.hpp"
#include "maillage/core/progress.hpp"
#include "maillage/view/view.hpp"

namespace maillage::algo::detail {

/// Workers for a call doing `work` elementary steps over `items` independent items: one below
/// `min_work` steps (a thread costs tens of microseconds to start), otherwise the resolved thread
/// count, at most one per item. Small calls return before asking the system for its thread count
/// (std::thread::hardware_concurrency reads /sys: several microseconds).
inline unsigned plan_workers(int threads, double work, std::size_t items, double min_work = 2e5) {
  if (threads == 1 || work < min_work || items < 2) return 1;
  const unsigned t = resolve_threads(threads);
  if (t <= 1) return 1;
  return static_cast<unsigned>(std::min<std::size_t>(t, items));
}

/// A team of workers running one body; the calling thread is worker 0. The team asks the worker
/// budget for `size` workers and gets at least one: read `size()` after construction and partition
/// work by it. `sync()` is a barrier among the workers still running. A worker that throws records
/// the first exception, flags the team as aborted and leaves the barrier, so the others never wait
/// for it; bodies check `aborted()` at their barriers and stop. Helpers watch the calling thread's
/// progress reporter (`checkpoint()` stops them once it is cancelled); once its own body is done,
/// the calling thread keeps reporting progress (so honours Ctrl-C) while it waits for the helpers.
/// `run` rethrows the first exception.
class Team {
 public:
  explicit Team(unsigned size)
      : lease_(std::max(1u, size)), size_(lease_.workers()), barrier_(static_cast<std::ptrdiff_t>(size_)) {}

  unsigned size() const { return size_; }
  bool aborted() const { return aborted_.load(std::memory_order_acquire); }
  void sync() {
    if (size_ > 1) barrier_.arrive_and_wait();
  }

  template <class Body>
  void run(Body&& body) {
    const maillage::detail::CheckpointSlot parent = maillage::detail::checkpoint_slot;
    auto guarded = [&](unsigned w) {
      try {
        body(w);
        // Done: leave the barrier, so that a worker that read aborted() before another worker
        // set it and went on to a further sync() never waits for one that has stopped.
        if (size_ > 1) barrier_.arrive_and_drop();
      } catch (const maillage::detail::Stopped&) {
        stopped_.store(true, std::memory_order_relaxed);
        aborted_.store(true, std::memory_order_release);
        if (size_ > 1) barrier_.arrive_and_drop();
      } catch (...) {
        {
          std::lock_guard lock(mutex_);
          if (!first_) first_ = std::current_exception();
        }
        aborted_.store(true, std::memory_order_release);
        if (size_ > 1) barrier_.arrive_and_drop();
      }
    };
    if (size_ == 1) {
      guarded(0);
    } else {
      std::vector<std::thread> pool;
      pool.reserve(size_ - 1);
      running_ = size_ - 1;
      auto helper = [&](unsigned w) {
        WorkerLease::enter_helper();
        {
          maillage::detail::HelperScope scope(parent);
          guarded(w);
        }
        std::lock_guard lock(wait_mutex_);
        if (--running_ == 0) done_.notify_one();
      };
      try {
        for (unsigned w = 1; w < size_; ++w) pool.emplace_back(helper, w);
      } catch (...) {
        // Could not start a thread: the started ones are waiting for a full barrier. Flag the
        // abort and stand in for the missing workers so everyone gets through and stops.
        aborted_.store(true, std::memory_order_release);
        for (auto w = pool.size() + 1; w < size_; ++w) barrier_.arrive_and_drop();
        guarded(0);
        for (auto& t : pool) t.join();
        throw;
      }
      guarded(0);
      wait_for_helpers(parent);
      for (auto& t : pool) t.join();
    }
    if (first_) std::rethrow_exception(first_);
    // Stopped by an enclosing call's cancellation: a helper passes it on, a caller reports it.
    if (stopped_.load(std::memory_order_relaxed)) {
      if (parent.helper) throw maillage::detail::Stopped{};
      throw Cancelled("cancelled");
    }
  }

 private:
  // The calling thread, its own work done, waits for the helpers while reporting progress every
  // few tens of milliseconds; a callback that throws stops the helpers at their next checkpoint.
  void wait_for_helpers(const maillage::detail::CheckpointSlot& slot) {
    std::unique_lock lock(wait_mutex_);
    ProgressReporter* reporter = slot.helper ? nullptr : slot.reporter;
    while (running_ > 0) {
      if (done_.wait_for(lock, std::chrono::milliseconds(20), [&] { return running_ == 0; })) break;
      if (reporter == nullptr) continue;
      lock.unlock();
      try {
        reporter->poll_now();
      } catch (...) {
        {
          std::lock_guard error_lock(mutex_);
          if (!first_) first_ = std::current_exception();
        }
        aborted_.store(true, std::memory_order_release);
        reporter = nullptr;
      }
      lock.lock();
    }
  }

  WorkerLease lease_;
  unsigned size_;
  std::barrier<> barrier_;
  std::atomic<bool> aborted_{false};
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::exception_ptr first_;
  std::mutex wait_mutex_;
  std::condition_variable done_;
  unsigned running_ = 0;
};

/// Runs `body(item, worker)` for every item in [0, count) on `workers` threads taking items in
/// increasing order as they become free (dynamic scheduling); results must go to per-item slots.
/// Worker 0 (the calling thread) calls `tick(done)` after each of its items, which may throw to
/// cancel (the other workers stop at their next item).
template <class Body, class Tick>
void for_each_item(std::size_t count, unsigned workers, Body&& body, Tick&& tick) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  Team team(workers);
  team.run([&](unsigned w) {
    for (;;) {
      if (team.aborted()) return;
      const std::size_t item = next.fetch_add(1, std::memory_order_relaxed);
      if (item >= count) return;
      body(item, w);
      const auto d = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (w == 0) tick(d);
      else maillage::checkpoint();
    }
  });
}

/// A crew of `size` workers kept for a whole call, for kernels that alternate many short parallel
/// steps with sequential ones (a thread costs tens of microseconds to start, a wake-up a few): the
/// calling thread is worker 0, the others sleep between steps. `for_each` runs `body(item, worker)`
/// for every item in [0, count), in chunks of `grain` taken in increasing order by whichever worker
/// is free; results must go to per-item slots, so they do not depend on the number of workers. With
/// `parallel` false, one worker, or at most `grain` items it runs inline. The first exception a
/// body throws is rethrown by `for_each` after every worker has stopped.
class Crew {
 public:
  explicit Crew(unsigned size) : lease_(std::max(1u, size)), size_(lease_.workers()) {
    threads_.reserve(size_ - 1);
    try {
      for (unsigned w = 1; w < size_; ++w) threads_.emplace_back([this, w] { serve(w); });
    } catch (...) {
      stop();
      throw;
    }
  }
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;
  ~Crew() { stop(); }

  unsigned size() const { return size_; }

  template <class Body>
  void for_each(std::size_t count, std::size_t grain, bool parallel, Body&& body) {
    grain = std::max<std::size_t>(1, grain);
    if (!parallel || threads_.empty() || count <= grain) {
      for (std::size_t i = 0; i < count; ++i) body(i, 0u);
      return;
    }
    std::atomic<std::size_t> next{0};
    parent_ = maillage::detail::checkpoint_slot;
    job_ = [&](unsigned w) {
      for (;;) {
        if (failed_.load(std::memory_order_relaxed)) return;
        const std::size_t begin = next.fetch_add(grain, std::memory_order_relaxed);
        if (begin >= count) return;
        const std::size_t end = std::min(count, begin + grain);
        for (std::size_t i = begin; i < end; ++i) body(i, w);
      }
    };
    running_.store(static_cast<unsigned>(threads_.size()), std::memory_order_relaxed);
    epoch_.fetch_add(1, std::memory_order_release);
    epoch_.notify_all();
    guarded(0);
    for (int spin = 0; spin < spin_limit && running_.load(std::memory_order_acquire) != 0; ++spin) pause();
    for (auto r = running_.load(std::memory_order_acquire); r != 0; r = running_.load(std::memory_order_acquire))
      running_.wait(r, std::memory_order_acquire);
    job_ = nullptr;
    const bool stopped = std::exchange(stopped_, false);
    if (first_) {
      auto error = std::exchange(first_, nullptr);
      failed_.store(false, std::memory_order_relaxed);
      std::rethrow_exception(error);
    }
    failed_.store(false, std::memory_order_relaxed);
    if (stopped) {
      if (parent_.helper) throw maillage::detail::Stopped{};
      throw Cancelled("cancelled");
    }
  }

 private:
  void guarded(unsigned w) {
    try {
      job_(w);
    } catch (const maillage::detail::Stopped&) {
      std::lock_guard lock(mutex_);
      stopped_ = true;
      failed_.store(true, std::memory_order_relaxed);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!first_) first_ = std::current_exception();
      failed_.store(true, std::memory_order_relaxed);
    }
  }
  void serve(unsigned w) {
    WorkerLease::enter_helper();
    std::uint64_t seen = 0;
    for (;;) {
      // Steps often follow each other within microseconds: look for the next one for a while
      // before sleeping (a wake-up from sleep costs tens of microseconds).
      for (int spin = 0; spin < spin_limit && epoch_.load(std::memory_order_acquire) == seen; ++spin) pause();
      epoch_.wait(seen, std::memory_order_acquire);
      seen = epoch_.load(std::memory_order_acquire);
      if (stopping_.load(std::memory_order_acquire)) return;
      {
        maillage::detail::HelperScope scope(parent_);
        guarded(w);
      }
      if (running_.fetch_sub(1, std::memory_order_acq_rel) == 1) running_.notify_one();
    }
  }
  static constexpr int spin_limit = 2000;
  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
  void stop() {
    stopping_.store(true, std::memory_order_release);
    epoch_.fetch_add(1, std::memory_order_release);
    epoch_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  WorkerLease lease_;
  unsigned size_;
  std::vector<std::thread> threads_;
  std::function<void(unsigned)> job_;
  maillage::detail::CheckpointSlot parent_;
  bool stopped_ = false;
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<unsigned> running_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr first_;
};

/// The progress callback for a call doing `work` elementary steps: none below a few milliseconds of
/// work (each report from Python takes the GIL), the caller's otherwise.
inline const ProgressCallback& progress_for(const ProgressCallback& callback, double work) {
  static const ProgressCallback silent;
  return work >= 5e6 ? callback : silent;
}

/// Report every this many items out of `total` (about 200 reports per call).
inline std::uint64_t report_every(std::uint64_t total) { return std::max<std::uint64_t>(1, total / 200); }

/// Fixed chunk size for deterministic sums over n values: independent of the thread count.
inline constexpr std::size_t sum_chunk = 4096;

inline std::size_t chunks_of(std::size_t n, std::size_t chunk = sum_chunk) { return (n + chunk - 1) / chunk; }

/// Sums per-chunk partial sums in chunk order.
inline double ordered_sum(const std::vector<double>& partial) {
  double s = 0.0;
  for (double x : partial) s += x;
  return s;
}

/// Arc lengths for path kernels, per arc of the chosen CSR: the distance on distance views, 1/w on
/// strength views (+infinity for a zero strength: no arc). Empty when the view is unweighted.
struct ArcLengths {
  std::vector<double> owned;
  std::span<const double> values;
};

inline ArcLengths arc_lengths(const View& view, std::span<const double> weights) {
  ArcLengths out;
  if (!view.weighted()) return out;
  if (view.weight_kind() == WeightKind::distance) {
    out.values = weights;
    return out;
  }
  out.owned.resize(weights.size());
  for (std::size_t a = 0; a < weights.size(); ++a)
    out.owned[a] = weights[a] > 0 ? 1.0 / weights[a] : std::numeric_limits<double>::infinity();
  out.values = out.owned;
  return out;
}

/// Arc strengths for the other kernels: the weight on strength views, 1/w on distance views (a
/// zero distance is an InvalidInput naming the edge), 1 when unweighted (values left empty).
struct ArcStrengths {
  std::vector<double> owned;
  std::span<const double> values;
};

inline ArcStrengths arc_strengths(const View& view, std::span<const double> weights,
                                  std::span<const std::uint32_t> edges, const char* measure) {
  ArcStrengths out;
  if (!view.weighted()) return out;
  if (view.weight_kind() == WeightKind::strength) {
    out.values = weights;
    return out;
  }
  out.owned.resize(weights.size());
  for (std::size_t a = 0; a < weights.size(); ++a) {
    if (!(weights[a] > 0)) {
      const auto e = edges[a];
      throw InvalidInput(std::string(measure)
                             .append(": edge ")
                             .append(quote(view.key(view.edge_source(e))))
                             .append(" - ")
                             .append(quote(view.key(view.edge_target(e))))
                             .append(" has distance 0, an infinite strength (use a strength view, or positive distances)"));
    }
    out.owned[a] = 1.0 / weights[a];
  }
  out.values = out.owned;
  return out;
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// The generator of draw `sample` of `seed` in a sampling kernel (null models, permutation tests):
/// independent of every other draw, so samples can run in any order on any thread.
inline std::mt19937_64 sample_generator(std::uint64_t seed, std::uint64_t sample) {
  return std::mt19937_64(splitmix64(splitmix64(seed) ^ splitmix64(sample + 0x632BE59BD9B4E019ULL)));
}

/// A 64-bit generator with an 8-byte state (SplitMix64), for the many short streams of a kernel
/// (one per community, say) where seeding an mt19937_64 would cost more than the draws: stream
/// `stream` of `seed` is independent of every other stream. Platform-independent.
struct StreamGenerator {
  using result_type = std::uint64_t;
  std::uint64_t state;
  StreamGenerator(std::uint64_t seed, std::uint64_t stream)
      : state(splitmix64(splitmix64(seed) ^ splitmix64(stream + 0x2545F4914F6CDD1DULL))) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

/// Unbiased draw in [0, range) from a 64-bit generator (rejection of the short last block), so the
/// same seed gives the same numbers on every platform (std::uniform_int_distribution does not).
template <class Generator>
std::uint64_t bounded_draw(Generator& rng, std::uint64_t range) {
  const std::uint64_t limit = (0 - range) % range;  // 2^64 mod range
  std::uint64_t x;
  do {
    x = rng();
  } while (x < limit);
  return x % range;
}

/// k distinct indices of [0, n) drawn uniformly (partial Fisher–Yates from std::mt19937_64(seed)),
/// sorted.
inline std::vector<std::uint32_t> sample_sources(std::uint32_t n, std::uint32_t k, std::uint64_t seed) {
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0u);
  std::mt19937_64 rng(seed);
  for (std::uint32_t i = 0; i < k; ++i) {
    const auto j = i + static_cast<std::uint32_t>(bounded_draw(rng, n - i));
    std::swap(all[i], all[j]);
  }
  all.resize(k);
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace maillage::algo::detail
