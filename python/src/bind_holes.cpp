// Bindings of Burt's structural holes (maillage::algo::structural_holes): the GIL is released
// while the kernel runs; the four measures cross as NumPy arrays.
#include "common.hpp"
#include "maillage/algo/holes.hpp"

namespace maillage_py {

void register_holes(py::module_& m) {
  m.def(
      "structural_holes",
      [](const View& v, const std::string& model, int threads, const py::object& progress) {
        algo::HolesOptions o;
        if (model == "whole") o.model = algo::HolesModel::whole;
        else if (model == "ego") o.model = algo::HolesModel::ego;
        else throw InvalidInput("model must be 'whole' or 'ego', not " + quote(model));
        o.threads = threads;
        o.progress = wrap_progress(progress);
        algo::HolesResult r;
        {
          py::gil_scoped_release release;
          r = algo::structural_holes(v, o);
        }
        return py::make_tuple(to_array(r.constraint), to_array(r.effective_size), to_array(r.efficiency),
                              to_array(r.hierarchy));
      },
      py::arg("view"), py::arg("model"), py::arg("threads"), py::arg("progress"));
}

}  // namespace maillage_py
