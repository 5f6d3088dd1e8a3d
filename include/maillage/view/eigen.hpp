#pragma once
/// The adjacency matrix of a View as an Eigen sparse matrix.
#include <Eigen/SparseCore>

#include "maillage/view/view.hpp"

namespace maillage {

/// Row-major sparse adjacency matrix A (n × n): A(i, j) = weight of arc i→j (1 when unweighted).
/// Symmetric for an undirected view; a self-loop appears once on the diagonal. O(n + arcs).
Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t> adjacency_matrix(const View& view);

}  // namespace maillage
