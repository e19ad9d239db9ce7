// Decay functions exactly as Elasticsearch's function_score query defines them
// (gauss, exp, linear with origin, offset, scale and decay): full score near the
// origin, then a smooth fall whose value at distance offset + scale is `decay`.
//
// With d = max(0, |value - origin| - offset):
//   gauss:  S = exp(-d^2 / (2 sigma^2)),   sigma^2 = -scale^2 / (2 ln(decay))
//   exp:    S = exp(lambda * d),           lambda  = ln(decay) / scale
//   linear: S = max((s - d) / s, 0),       s       = scale / (1 - decay)
// So S = 1 for |value - origin| <= offset, S = decay at offset + scale, and S never
// rises with distance. Thread-safe: pure functions.
#ifndef MATCHER_DECAY_H_
#define MATCHER_DECAY_H_

#include "absl/status/status.h"

namespace matching::matcher {

enum class DecayShape : int { kGauss = 0, kExp = 1, kLinear = 2 };

struct DecayFunction {
  DecayShape shape = DecayShape::kGauss;
  double origin = 0;   // where the score is 1
  double offset = 0;   // >= 0: distance from origin still scored 1
  double scale = 1;    // > 0: distance beyond offset where the score equals decay
  double decay = 0.5;  // in (0, 1)
};

// OK when offset >= 0, scale > 0 and 0 < decay < 1 (all finite); else InvalidArgument
// naming the field and its value. Evaluate() requires a valid function.
[[nodiscard]] absl::Status ValidateDecay(const DecayFunction& function);

// S(value) in [0, 1] per the formulas above. NaN value -> 0.
double Evaluate(const DecayFunction& function, double value);

}  // namespace matching::matcher

#endif  // MATCHER_DECAY_H_
