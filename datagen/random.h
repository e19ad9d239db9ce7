// Portable seeded randomness for datagen: the same seed gives the same numbers on every
// platform and standard library (std:: distributions are implementation-defined, so they
// are not used).
//
// Rng is a value type; not thread-safe (one per thread or per record). The free functions
// are pure and thread-safe.
#ifndef MATCHING_DATAGEN_RANDOM_H_
#define MATCHING_DATAGEN_RANDOM_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace matching::datagen {

// 64-bit FNV-1a of `text`: a stable hash (unlike std::hash) for keying records by id.
uint64_t StableHash(absl::string_view text);

// Combines two 64-bit values into a well-mixed one (SplitMix64 finaliser); used to derive
// one independent stream per (seed, record) pair.
uint64_t MixSeed(uint64_t a, uint64_t b);

// SplitMix64 generator: small, fast, statistically good enough for demo data.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next();
  // Uniform in [0, 1).
  double Uniform();
  // Uniform in [low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Uniform integer in [low, high], both included; requires low <= high.
  int64_t UniformInt(int64_t low, int64_t high);
  // True with probability `p`.
  bool Bernoulli(double p) { return Uniform() < p; }
  // Index i drawn with probability weights[i] / sum(weights); requires a positive sum.
  size_t Pick(absl::Span<const double> weights);

 private:
  uint64_t state_;
};

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_RANDOM_H_
