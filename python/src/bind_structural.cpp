// Structural analysis: MICMAC, MACTOR and feedback loops of causal loop diagrams. Matrices cross
// the boundary as 2-D NumPy arrays of doubles; results come back as dicts of arrays.
#include "common.hpp"
#include "maillage/systemic/loops.hpp"
#include "maillage/systemic/mactor.hpp"
#include "maillage/systemic/micmac.hpp"

namespace maillage_py {

namespace {

using systemic::DenseMatrix;

DenseMatrix to_matrix(const py::handle& object, const char* what) {
  DenseMatrix m;
  if (object.is_none()) return m;
  auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array || array.ndim() != 2) throw InvalidInput(std::string(what) + ": expected a 2-D numeric array");
  m.rows = static_cast<std::size_t>(array.shape(0));
  m.cols = static_cast<std::size_t>(array.shape(1));
  m.values.assign(array.data(), array.data() + m.rows * m.cols);
  return m;
}

py::array_t<double> from_matrix(const DenseMatrix& m) {
  py::array_t<double> out({static_cast<py::ssize_t>(m.rows), static_cast<py::ssize_t>(m.cols)});
  if (!m.values.empty()) std::memcpy(out.mutable_data(), m.values.data(), m.values.size() * sizeof(double));
  return out;
}

py::dict scores(const systemic::MicmacScores& s) {
  py::dict d;
  d["influence"] = to_array(s.influence);
  d["dependence"] = to_array(s.dependence);
  d["influence_rank"] = to_array(s.influence_rank);
  d["dependence_rank"] = to_array(s.dependence_rank);
  d["influence_share"] = to_array(s.influence_share);
  d["dependence_share"] = to_array(s.dependence_share);
  return d;
}

py::dict level(const systemic::MicmacLevel& l) {
  py::dict d;
  d["direct"] = scores(l.direct);
  d["indirect"] = scores(l.indirect);
  d["indirect_matrix"] = from_matrix(l.indirect_matrix);
  d["power"] = l.power;
  d["converged"] = l.converged;
  d["direct_class"] = l.direct_class;
  d["indirect_class"] = l.indirect_class;
  return d;
}

}  // namespace

void register_structural(py::module_& m) {
  m.def(
      "structural_micmac",
      [](const py::handle& matrix, const py::handle& potential, const std::vector<std::string>& names, double p_value,
         const py::object& power, std::uint32_t max_power, double tolerance, const std::string& cut,
         double regulating_band, const py::object& progress) {
        DenseMatrix mm = to_matrix(matrix, "matrix");
        DenseMatrix pm = to_matrix(potential, "potential");
        systemic::MicmacOptions o;
        o.p_value = p_value;
        if (!power.is_none()) o.power = power.cast<std::uint32_t>();
        o.max_power = max_power;
        o.tolerance = tolerance;
        o.cut = cut;
        o.regulating_band = regulating_band;
        systemic::MicmacResult r;
        {
          ProgressCallback callback = wrap_progress(progress);
          o.progress = callback;
          py::gil_scoped_release release;
          r = systemic::micmac(mm, pm, names, o);
        }
        py::dict d;
        d["actual"] = level(r.actual);
        d["potential"] = level(r.potential);
        return d;
      },
      py::arg("matrix"), py::arg("potential"), py::arg("names"), py::arg("p_value"), py::arg("power"),
      py::arg("max_power"), py::arg("tolerance"), py::arg("cut"), py::arg("regulating_band"), py::arg("progress"));
  m.def(
      "structural_mactor",
      [](const py::handle& mid, const py::handle& mao, const std::vector<std::string>& actors,
         const std::vector<std::string>& objectives, const std::string& balance) {
        DenseMatrix a = to_matrix(mid, "mid");
        DenseMatrix b = to_matrix(mao, "mao");
        systemic::MactorOptions o;
        o.balance = balance;
        systemic::MactorResult r;
        {
          py::gil_scoped_release release;
          r = systemic::mactor(a, b, actors, objectives, o);
        }
        py::dict d;
        d["midi"] = from_matrix(r.midi);
        d["mmidi"] = from_matrix(r.mmidi);
        d["influence"] = to_array(r.influence);
        d["dependence"] = to_array(r.dependence);
        d["retroaction"] = to_array(r.retroaction);
        d["direct_influence"] = to_array(r.direct_influence);
        d["direct_dependence"] = to_array(r.direct_dependence);
        d["r"] = to_array(r.r);
        d["r_star"] = to_array(r.r_star);
        d["mao1"] = from_matrix(r.mao1);
        d["mao2"] = from_matrix(r.mao2);
        d["mao3"] = from_matrix(r.mao3);
        py::list caa, daa, eq;
        for (int v = 0; v < 3; ++v) {
          caa.append(from_matrix(r.caa[v]));
          daa.append(from_matrix(r.daa[v]));
          eq.append(to_array(r.ambivalence[v]));
        }
        d["caa"] = caa;
        d["daa"] = daa;
        d["ambivalence"] = eq;
        return d;
      },
      py::arg("mid"), py::arg("mao"), py::arg("actors"), py::arg("objectives"), py::arg("balance"));
  m.def(
      "structural_loops",
      [](std::uint32_t n, const py::handle& sources, const py::handle& targets, const py::handle& signs,
         std::uint32_t max_length, std::uint64_t max_count, const py::object& progress) {
        std::size_t count = static_cast<std::size_t>(py::len(sources));
        auto s = to_vector<std::uint32_t>(sources, count, "sources");
        auto t = to_vector<std::uint32_t>(targets, count, "targets");
        auto g = to_vector<std::int32_t>(signs, count, "signs");
        std::vector<systemic::SignedLink> links(count);
        for (std::size_t e = 0; e < count; ++e) links[e] = {s[e], t[e], g[e]};
        systemic::LoopOptions o;
        o.max_length = max_length;
        o.max_count = max_count;
        std::vector<systemic::Loop> loops;
        {
          ProgressCallback callback = wrap_progress(progress);
          o.progress = callback;
          py::gil_scoped_release release;
          loops = systemic::find_loops(n, links, o);
        }
        std::vector<std::uint64_t> offsets(1, 0);
        std::vector<std::uint32_t> flat;
        std::vector<std::int32_t> polarity;
        offsets.reserve(loops.size() + 1);
        polarity.reserve(loops.size());
        for (const auto& l : loops) {
          flat.insert(flat.end(), l.links.begin(), l.links.end());
          offsets.push_back(flat.size());
          polarity.push_back(l.polarity);
        }
        return py::make_tuple(to_array(offsets), to_array(flat), to_array(polarity));
      },
      py::arg("n"), py::arg("sources"), py::arg("targets"), py::arg("signs"), py::arg("max_length"),
      py::arg("max_count"), py::arg("progress"));
}

}  // namespace maillage_py
