// maillage._core: the pybind11 translation layer between the C++ core and the Python package.
// No analysis logic lives here: conversions, GIL handling, progress and exception mapping only.
#include "common.hpp"

using namespace maillage_py;

PYBIND11_MODULE(_core, m) {
  m.doc() = "maillage's C++ core (internal: use the `maillage` package)";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const NotFound& e) {
      raise_python("NotFound", e.what());
    } catch (const InvalidInput& e) {
      raise_python("InvalidInput", e.what());
    } catch (const Cancelled& e) {
      raise_python("Cancelled", e.what());
    } catch (const Error& e) {
      raise_python("Error", e.what());
    }
  });

  m.def("version", &maillage::version, "The C++ library's version.");

  register_core(m);
  register_algo(m);
  register_hooks(m);
  register_io(m);
  register_datasets(m);
  register_fabrique(m);
  register_community(m);
  register_systemic(m);
  register_interscale(m);
  register_holes(m);
  register_brokerage(m);
  register_structural(m);
  register_nullmodel(m);
  register_charts(m);
  register_geo(m);
  register_models(m);
  register_distributed(m);
}
