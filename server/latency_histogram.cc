// Log-spaced latency buckets: recording and percentiles.
#include "server/latency_histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace matching::server {
namespace {

constexpr int64_t kFirstBoundNanos = 1000;  // 1 us: the upper bound of bucket 0
constexpr int kLastFiniteBucket = LatencyHistogram::kBucketCount - 2;

}  // namespace

int LatencyHistogram::BucketOf(int64_t nanos) {
  if (nanos < kFirstBoundNanos) return 0;
  // Bucket i >= 1 holds [1 us * 2^((i-1)/8), 1 us * 2^(i/8)).
  const double position =
      std::log2(static_cast<double>(nanos) / kFirstBoundNanos) * kBucketsPerDoubling;
  const int index = 1 + static_cast<int>(position);
  // log2 rounding at an exact bound may land one bucket off; settle it on the bounds.
  int settled = std::min(index, kBucketCount - 1);
  while (settled > 1 && nanos < UpperBoundNanos(settled - 1)) --settled;
  while (settled <= kLastFiniteBucket && nanos >= UpperBoundNanos(settled)) ++settled;
  return settled;
}

int64_t LatencyHistogram::UpperBoundNanos(int index) {
  if (index > kLastFiniteBucket) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(
      std::ceil(kFirstBoundNanos * std::exp2(static_cast<double>(index) / kBucketsPerDoubling)));
}

void LatencyHistogram::Record(absl::Duration latency) {
  const int64_t nanos = std::max<int64_t>(0, absl::ToInt64Nanoseconds(latency));
  buckets_[BucketOf(nanos)].fetch_add(1, std::memory_order_relaxed);
  sum_nanos_.fetch_add(nanos, std::memory_order_relaxed);
  int64_t max = max_nanos_.load(std::memory_order_relaxed);
  while (nanos > max && !max_nanos_.compare_exchange_weak(max, nanos, std::memory_order_relaxed)) {
  }
}

LatencyHistogram::Snapshot LatencyHistogram::Read() const {
  Snapshot snapshot;
  for (int i = 0; i < kBucketCount; ++i) {
    snapshot.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
    snapshot.count += snapshot.buckets[i];
  }
  snapshot.max_nanos = max_nanos_.load(std::memory_order_relaxed);
  snapshot.sum_nanos = sum_nanos_.load(std::memory_order_relaxed);
  return snapshot;
}

double LatencyHistogram::Snapshot::PercentileMs(double quantile) const {
  if (count == 0) return 0;
  quantile = std::clamp(quantile, 0.0, 1.0);
  // The rank (1-based) of the call the percentile names.
  const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(quantile * count)));
  int64_t seen = 0;
  for (int i = 0; i < kBucketCount; ++i) {
    seen += buckets[i];
    if (seen >= rank) {
      return static_cast<double>(std::min(UpperBoundNanos(i), max_nanos)) / 1e6;
    }
  }
  return MaxMs();
}

}  // namespace matching::server
