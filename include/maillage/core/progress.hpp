#pragma once
/// Progress reporting and cancellation for long calls (the DESIGN §4 convention).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

namespace maillage {

/// A progress callback: called with (stage, done, total) from the calling thread only. It may throw
/// `Cancelled` (or any exception) to interrupt the call; the call then leaves no partial result.
using ProgressCallback = std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)>;

class ProgressReporter;

namespace detail {
/// The long call a thread's checkpoints belong to: its reporter, and whether the thread is a helper
/// (which only watches the call's stop flag) or the calling thread (which reports).
struct CheckpointSlot {
  ProgressReporter* reporter = nullptr;
  bool helper = false;
};
inline thread_local CheckpointSlot checkpoint_slot;

/// Thrown by a checkpoint on a helper thread once its call is cancelled. Parallel loops catch it and
/// rethrow the calling thread's exception (the callback's), never this one.
struct Stopped {};
}  // namespace detail

/// Rate-limited reporter wrapping an optional callback: `tick(done)` reports when at least `every`
/// items passed since the last report, or when `interval` (50 ms) of work passed, so a callback that
/// checks Ctrl-C runs at least every ~50 ms whatever the cost of an item. The clock is read on an
/// adaptive stride of ticks (about once a millisecond), so hot loops pay a decrement and a branch per
/// item. While it lives, the reporter is the target of `checkpoint()` on its thread and on the
/// helper threads of the parallel loops started from it. Not copyable; calling thread only.
class ProgressReporter {
 public:
  static constexpr std::chrono::milliseconds interval{50};

  ProgressReporter(const ProgressCallback& callback, std::string_view stage, std::uint64_t total,
                   std::uint64_t every = 1u << 16)
      : callback_(callback), stage_(stage), total_(total), every_(every == 0 ? 1 : every), next_(0) {
    last_check_ = last_report_ = std::chrono::steady_clock::now();
    report(0);
    // A reporter without a callback, or one made on a helper thread, leaves checkpoints to the
    // enclosing call's reporter.
    if (callback_ && !detail::checkpoint_slot.helper) {
      previous_ = detail::checkpoint_slot;
      detail::checkpoint_slot = detail::CheckpointSlot{this, false};
      installed_ = true;
    }
  }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  ~ProgressReporter() {
    if (installed_) detail::checkpoint_slot = previous_;
  }

  /// Reports `done` items if `every` items or `interval` passed since the last report.
  void tick(std::uint64_t done) {
    if (!callback_) return;
    done_ = done;
    if (done >= next_) report(done);
    else if (--countdown_ == 0) check_clock();
  }
  /// A checkpoint inside an item: reports the last `done` again if `interval` passed.
  void poll() {
    if (callback_ && --countdown_ == 0) check_clock();
  }
  /// Reads the clock now and reports if `interval` passed (for a thread waiting on others).
  void poll_now() {
    if (callback_ && std::chrono::steady_clock::now() - last_report_ >= interval) report(done_);
  }
  /// Reports completion.
  void finish() { report(total_); }
  /// Whether the callback threw (helpers then stop at their next checkpoint).
  bool stopped() const { return stop_.load(std::memory_order_relaxed); }

 private:
  void check_clock() {
    const auto now = std::chrono::steady_clock::now();
    const auto since = now - last_check_;
    last_check_ = now;
    // Aim at one clock read per 0.25-2 ms of work.
    if (since < std::chrono::microseconds(250)) {
      if (stride_ < (1u << 14)) stride_ *= 2;
    } else if (since > std::chrono::milliseconds(2) && stride_ > 1) {
      stride_ /= 2;
    }
    countdown_ = stride_;
    if (now - last_report_ >= interval) report(done_);
  }
  void report(std::uint64_t done) {
    next_ = done + every_;
    done_ = done;
    if (!callback_) return;
    last_report_ = std::chrono::steady_clock::now();
    try {
      callback_(stage_, done, total_);
    } catch (...) {
      stop_.store(true, std::memory_order_relaxed);
      throw;
    }
  }
  const ProgressCallback& callback_;
  std::string_view stage_;
  std::uint64_t total_;
  std::uint64_t every_;
  std::uint64_t next_;
  std::uint64_t done_ = 0;
  std::uint32_t stride_ = 1;
  std::uint32_t countdown_ = 1;
  std::chrono::steady_clock::time_point last_check_, last_report_;
  std::atomic<bool> stop_{false};
  detail::CheckpointSlot previous_;
  bool installed_ = false;
};

/// A cancellation point for long loops: on the calling thread of a call with a progress callback,
/// reports progress if 50 ms passed (the clock is read about once a millisecond, so calling it every
/// few microseconds of work costs a decrement); on a helper thread of that call, throws
/// `detail::Stopped` once the callback has thrown. Does nothing outside such a call. Call it every
/// item, or every few thousand elementary steps inside long items.
inline void checkpoint() {
  const auto& slot = detail::checkpoint_slot;
  if (!slot.reporter) return;
  if (slot.helper) {
    if (slot.reporter->stopped()) throw detail::Stopped{};
  } else {
    slot.reporter->poll();
  }
}

namespace detail {
/// Makes a helper thread's checkpoints watch the call of `parent` (the spawning thread's slot);
/// restores the thread's previous slot when it goes out of scope.
class HelperScope {
 public:
  explicit HelperScope(const CheckpointSlot& parent) : previous_(checkpoint_slot) {
    checkpoint_slot = CheckpointSlot{parent.reporter, true};
  }
  HelperScope(const HelperScope&) = delete;
  HelperScope& operator=(const HelperScope&) = delete;
  ~HelperScope() { checkpoint_slot = previous_; }

 private:
  CheckpointSlot previous_;
};
}  // namespace detail

}  // namespace maillage
