#include "matcher/decay.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace matching::matcher {

absl::Status ValidateDecay(const DecayFunction& function) {
  if (!std::isfinite(function.origin)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("decay origin is %g; it must be finite", function.origin));
  }
  if (!(std::isfinite(function.offset) && function.offset >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("decay offset is %g; it must be finite and >= 0", function.offset));
  }
  if (!(std::isfinite(function.scale) && function.scale > 0)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("decay scale is %g; it must be finite and > 0", function.scale));
  }
  if (!(function.decay > 0 && function.decay < 1)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("decay decay is %g; it must be in (0, 1)", function.decay));
  }
  return absl::OkStatus();
}

double Evaluate(const DecayFunction& function, double value) {
  if (std::isnan(value)) return 0;
  const double distance = std::max(0.0, std::abs(value - function.origin) - function.offset);
  if (std::isinf(distance)) return 0;
  switch (function.shape) {
    case DecayShape::kGauss: {
      const double sigma_squared =
          -function.scale * function.scale / (2 * std::log(function.decay));
      return std::exp(-distance * distance / (2 * sigma_squared));
    }
    case DecayShape::kExp: {
      const double lambda = std::log(function.decay) / function.scale;
      return std::exp(lambda * distance);
    }
    case DecayShape::kLinear: {
      const double s = function.scale / (1 - function.decay);
      return std::max((s - distance) / s, 0.0);
    }
  }
  return 0;  // unreachable: the switch covers every shape
}

}  // namespace matching::matcher
