#pragma once
/// Progress reporting and cancellation for long calls (the DESIGN §4 convention).
#include <cstdint>
#include <functional>
#include <string_view>

namespace maillage {

/// A progress callback: called with (stage, done, total) from the calling thread only. It may throw
/// `Cancelled` (or any exception) to interrupt the call; the call then leaves no partial result.
using ProgressCallback = std::function<void(std::string_view stage, std::uint64_t done, std::uint64_t total)>;

/// Rate-limited reporter wrapping an optional callback: `tick(done)` reports at most every `every`
/// items (and always at the end), so hot loops pay one branch per item.
class ProgressReporter {
 public:
  ProgressReporter(const ProgressCallback& callback, std::string_view stage, std::uint64_t total,
                   std::uint64_t every = 1u << 16)
      : callback_(callback), stage_(stage), total_(total), every_(every == 0 ? 1 : every), next_(0) {
    report(0);
  }
  /// Reports `done` items if at least `every` passed since the last report.
  void tick(std::uint64_t done) {
    if (done >= next_) report(done);
  }
  /// Reports completion.
  void finish() { report(total_); }

 private:
  void report(std::uint64_t done) {
    next_ = done + every_;
    if (callback_) callback_(stage_, done, total_);
  }
  const ProgressCallback& callback_;
  std::string_view stage_;
  std::uint64_t total_;
  std::uint64_t every_;
  std::uint64_t next_;
};

}  // namespace maillage
