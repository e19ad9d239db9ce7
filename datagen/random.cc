// SplitMix64 and FNV-1a.
#include "datagen/random.h"

namespace matching::datagen {
namespace {

uint64_t Finalize(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;

}  // namespace

uint64_t StableHash(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

uint64_t MixSeed(uint64_t a, uint64_t b) { return Finalize(a ^ Finalize(b + kGoldenGamma)); }

uint64_t Rng::Next() {
  state_ += kGoldenGamma;
  return Finalize(state_);
}

double Rng::Uniform() {
  // The top 53 bits make every double in [0, 1) on the 2^-53 grid equally likely.
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

int64_t Rng::UniformInt(int64_t low, int64_t high) {
  const uint64_t span = static_cast<uint64_t>(high - low) + 1;
  if (span == 0) return static_cast<int64_t>(Next());  // the full 64-bit range
  // Modulo bias is below 2^-40 for the spans used here (at most a few million).
  return low + static_cast<int64_t>(Next() % span);
}

size_t Rng::Pick(absl::Span<const double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  double target = Uniform() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (target < weights[i]) return i;
    target -= weights[i];
  }
  // Rounding at the very top: the last index that can be drawn at all.
  for (size_t i = weights.size(); i > 0; --i) {
    if (weights[i - 1] > 0) return i - 1;
  }
  return 0;
}

}  // namespace matching::datagen
