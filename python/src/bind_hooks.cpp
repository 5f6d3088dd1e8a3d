// Hooks for the tests and benchmarks of the conventions (progress, cancellation, exceptions,
// memory locality); not part of the public API.
#include "common.hpp"

namespace maillage_py {

void register_hooks(py::module_& m) {
  // ---- test hooks for the conventions (progress, cancellation, exceptions)
  m.def(
      "_count_with_progress",
      [](std::uint64_t n, const py::object& progress) {
        auto callback = wrap_progress(progress);
        py::gil_scoped_release release;
        ProgressReporter reporter(callback, "count", n, 1);
        std::uint64_t sum = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
          sum += i;
          reporter.tick(i + 1);
        }
        reporter.finish();
        return sum;
      },
      py::arg("n"), py::arg("progress"));
  m.def(
      "_neighbor_sum_sweeps",
      [](const View& v, int sweeps) {
        // Benchmark hook: `sweeps` passes of y[i] = Σ_{j ∈ N(i)} x[j] / deg(j) over the CSR (the access
        // pattern of PageRank-like kernels), to measure how node order affects memory locality.
        py::gil_scoped_release release;
        const std::uint32_t n = v.number_of_nodes();
        std::vector<double> x(n, 1.0), y(n, 0.0), inv(n, 0.0);
        for (std::uint32_t i = 0; i < n; ++i) inv[i] = v.out_degree(i) ? 1.0 / v.out_degree(i) : 0.0;
        const auto offsets = v.out_offsets();
        const auto targets = v.out_targets();
        for (int s = 0; s < sweeps; ++s) {
          for (std::uint32_t i = 0; i < n; ++i) {
            double acc = 0;
            for (auto a = offsets[i]; a < offsets[i + 1]; ++a) acc += x[targets[a]] * inv[targets[a]];
            y[i] = acc;
          }
          std::swap(x, y);
        }
        double total = 0;
        for (double value : x) total += value;
        return total;
      },
      py::arg("view"), py::arg("sweeps"));
  m.def("_raise", [](const std::string& kind, const std::string& message) {
    if (kind == "InvalidInput") throw InvalidInput(message);
    if (kind == "NotFound") throw NotFound(message);
    if (kind == "Cancelled") throw Cancelled(message);
    throw Error(message);
  });
}

}  // namespace maillage_py
