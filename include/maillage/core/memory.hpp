#pragma once
/// Returning freed memory to the system after large loads.
///
/// glibc's allocator keeps freed heap memory for reuse: after a load whose temporaries were as
/// large as its result, a process would keep up to that much again as resident memory it no longer
/// uses. The loaders (CSV, data package, GEXF, GraphML, frames) and View construction end by giving
/// it back, so callers need not call malloc_trim themselves. Elsewhere than glibc this does nothing.

namespace maillage::detail {

/// Gives the heap's free pages back to the system (glibc: malloc_trim(0)). Milliseconds at most.
void release_free_memory() noexcept;

/// Calls release_free_memory() when it leaves its scope: declared first in a loader, it runs after
/// every later local (the loader's temporaries) is freed.
class ReleaseFreeMemoryAtExit {
 public:
  explicit ReleaseFreeMemoryAtExit(bool active = true) : active_(active) {}
  ReleaseFreeMemoryAtExit(const ReleaseFreeMemoryAtExit&) = delete;
  ReleaseFreeMemoryAtExit& operator=(const ReleaseFreeMemoryAtExit&) = delete;
  ~ReleaseFreeMemoryAtExit() {
    if (active_) release_free_memory();
  }

 private:
  bool active_;
};

}  // namespace maillage::detail
