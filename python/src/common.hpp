#pragma once
// Shared helpers of the maillage._core bindings: value and column conversions, progress and
// Ctrl-C, NumPy arrays. Each bind_*.cpp registers one area of the module.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "maillage/maillage.hpp"

namespace maillage_py {

namespace py = pybind11;
using namespace maillage;

inline constexpr std::int32_t unix_epoch_ordinal = 719163;  // datetime.date(1970, 1, 1).toordinal()

/// Raises the Python exception class `maillage._errors.<name>` with `message`.
[[noreturn]] void raise_python(const char* name, const char* message);

/// Wraps an optional Python callable (stage, done, total) into a core ProgressCallback that also
/// turns a pending Ctrl-C into Cancelled. Create and destroy it with the GIL held; the core calls
/// it from the calling thread with the GIL released.
ProgressCallback wrap_progress(const py::object& callback);

/// Python value → core Value (None, bool, int, float, str, list of str, date); `what` names the
/// value in errors.
Value to_value(const py::handle& object, const std::string& what);
/// Core Value → Python value.
py::object from_value(const Value& value);

/// Strings from Python: a sequence of str, or packed buffers (an object with `offsets`, an int64
/// array of n + 1 byte offsets, `data`, a uint8 array of UTF-8 bytes, and `valid`, None or a uint8
/// array; missing values become empty strings and `valid` is written to `*valid` when given).
/// InvalidInput naming `what` on inconsistent buffers.
/// Dictionary encoding of packed text columns (as strings_from reads them, no value missing):
/// the distinct strings of all the columns in first-seen order (column after column) and, per
/// column, one code per row into them. Hashes views into the buffers, so each distinct string is
/// copied once. InvalidInput naming the column (`whats`) and row of a missing value.
struct PackedCodes {
  std::vector<std::string> dictionary;
  std::vector<std::vector<std::uint32_t>> codes;
};
PackedCodes encode_packed(const std::vector<py::handle>& columns, const std::vector<std::string>& whats);

std::vector<std::string> strings_from(const py::handle& object, const std::string& what,
                                      std::vector<std::uint8_t>* valid = nullptr);

/// Column specs crossing the boundary: (name, type, values, valid, categories, ordered, hint).
Column column_from_spec(const py::tuple& spec, std::size_t rows, std::string& name);
Table table_from_specs(const py::list& specs, std::size_t rows);
py::tuple column_to_spec(const std::string& name, const Column& c);
py::list table_to_specs(const Table& table);

/// Keys of graph nodes, as a Python list.
py::list keys_list(const Graph& g, std::span<const NodeId> nodes);

/// A 1-D NumPy array copied into a vector of `rows` values; InvalidInput naming `name` otherwise.
template <typename T>
std::vector<T> to_vector(const py::handle& object, std::size_t rows, const std::string& name) {
  auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(object);
  if (!array) throw InvalidInput("column " + quote(name) + ": expected a numeric array");
  if (array.ndim() != 1 || static_cast<std::size_t>(array.shape(0)) != rows)
    throw InvalidInput("column " + quote(name) + ": " + std::to_string(array.size()) + " values for " +
                       std::to_string(rows) + " rows");
  const T* data = array.data();
  return std::vector<T>(data, data + rows);
}

/// A NumPy array holding a copy of `values`.
template <typename T>
py::array_t<T> to_array(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(T));
  return out;
}

/// A NumPy array taking ownership of `values` (no copy).
template <typename T>
py::array_t<T> owned_array(std::vector<T>&& values) {
  auto* heap = new std::vector<T>(std::move(values));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

/// The null model named "rewire", "configuration" or "permute_labels" with its seed and swaps per
/// tie; InvalidInput naming any other.
algo::NullModelOptions null_model_options(const std::string& model, std::uint64_t seed, double swaps);
/// A built-in tie statistic by name; InvalidInput listing the names.
algo::TieStatisticKind tie_statistic_kind(const std::string& name);
/// Group codes of `rows` items, or none when `object` is None.
std::vector<std::int32_t> optional_codes(const py::object& object, std::size_t rows, const std::string& name);

// Module areas, one file each.
void register_core(py::module_& m);
void register_algo(py::module_& m);
void register_hooks(py::module_& m);
void register_io(py::module_& m);
void register_datasets(py::module_& m);
void register_fabrique(py::module_& m);
void register_community(py::module_& m);
void register_systemic(py::module_& m);
void register_interscale(py::module_& m);
void register_holes(py::module_& m);
void register_brokerage(py::module_& m);
void register_structural(py::module_& m);
void register_nullmodel(py::module_& m);
void register_charts(py::module_& m);
void register_geo(py::module_& m);
void register_models(py::module_& m);
void register_distributed(py::module_& m);

}  // namespace maillage_py
