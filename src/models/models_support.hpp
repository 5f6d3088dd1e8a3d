#pragma once
// Private helpers of the models: small dense fits (least squares, weighted logistic regression by
// Newton's method) and quantiles.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "maillage/core/progress.hpp"

namespace maillage::models {

struct Fit {
  Eigen::VectorXd beta, se;
  Eigen::MatrixXd covariance;
  double deviance = 0;  // linear: RSS; logistic: −2 log L
  bool converged = true;
};

// Ordinary least squares with the usual standard errors (σ² = RSS/(k − p)).
inline Fit linear_fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  Fit f;
  const Eigen::MatrixXd xtx = X.transpose() * X;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(xtx);
  f.beta = ldlt.solve(X.transpose() * y);
  const Eigen::VectorXd r = y - X * f.beta;
  f.deviance = r.squaredNorm();
  const double sigma2 = f.deviance / static_cast<double>(X.rows() - X.cols());
  f.covariance = ldlt.solve(Eigen::MatrixXd::Identity(X.cols(), X.cols())) * sigma2;
  f.se = f.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  return f;
}

// Logistic regression of y ∈ {0, 1} with row weights w (frequency weights), Newton's method from
// `start` (zeros when empty). Standard errors from the inverse observed information.
inline Fit logistic_fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                        const Eigen::VectorXd& start = Eigen::VectorXd()) {
  Fit f;
  const auto p = X.cols();
  f.beta = start.size() == p ? start : Eigen::VectorXd::Zero(p);
  auto loglik = [&](const Eigen::VectorXd& beta) {
    const Eigen::VectorXd eta = X * beta;
    double ll = 0;
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const double e = eta(i);
      // log(1 + exp(e)) computed stably
      const double log1pexp = e > 0 ? e + std::log1p(std::exp(-e)) : std::log1p(std::exp(e));
      ll += w(i) * (y(i) * e - log1pexp);
    }
    return ll;
  };
  double ll = loglik(f.beta);
  Eigen::MatrixXd H(p, p);
  f.converged = false;
  for (int iter = 0; iter < 100; ++iter) {
    checkpoint();  // an iteration is O(rows · p²): QAP refits millions of cells per permutation
    const Eigen::VectorXd eta = X * f.beta;
    Eigen::VectorXd mu(X.rows()), weight(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      mu(i) = 1.0 / (1.0 + std::exp(-eta(i)));
      weight(i) = w(i) * mu(i) * (1 - mu(i));
    }
    H = X.transpose() * weight.asDiagonal() * X;
    const Eigen::VectorXd g = X.transpose() * (w.cwiseProduct(y - mu));
    Eigen::VectorXd step = H.ldlt().solve(g);
    if (!step.allFinite()) break;
    // Halve the step until the likelihood does not decrease.
    double next = loglik(f.beta + step);
    for (int h = 0; h < 30 && !(next >= ll - 1e-12 * std::abs(ll)); ++h) step /= 2, next = loglik(f.beta + step);
    f.beta += step;
    const double change = std::abs(next - ll);
    ll = next;
    if (step.cwiseAbs().maxCoeff() < 1e-10 || change < 1e-14 * std::max(1.0, std::abs(ll))) {
      f.converged = true;
      break;
    }
  }
  {
    const Eigen::VectorXd eta = X * f.beta;
    Eigen::VectorXd weight(X.rows());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const double mu = 1.0 / (1.0 + std::exp(-eta(i)));
      weight(i) = w(i) * mu * (1 - mu);
    }
    H = X.transpose() * weight.asDiagonal() * X;
  }
  f.covariance = H.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
  f.se = f.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  f.deviance = -2 * ll;
  return f;
}

// Quantile of sorted values, R's type 7 (linear interpolation between order statistics).
inline double quantile7(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace maillage::models
