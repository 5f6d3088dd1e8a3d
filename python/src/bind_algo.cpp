// Bindings of the analysis kernels (maillage::algo): each releases the GIL while it runs.
#include "common.hpp"

namespace maillage_py {

void register_algo(py::module_& m) {
  // ---- kernels
  m.def(
      "connected_components",
      [](const View& v) {
        algo::ComponentsResult r;
        {
          py::gil_scoped_release release;
          r = algo::connected_components(v);
        }
        return py::make_tuple(to_array(r.labels), to_array(r.sizes));
      },
      py::arg("view"));
}

}  // namespace maillage_py
