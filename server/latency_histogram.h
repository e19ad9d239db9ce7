// LatencyHistogram: call latencies in fixed log-spaced buckets, recorded without locks.
#ifndef MATCHING_SERVER_LATENCY_HISTOGRAM_H_
#define MATCHING_SERVER_LATENCY_HISTOGRAM_H_

#include <array>
#include <atomic>
#include <cstdint>

#include "absl/time/time.h"

namespace matching::server {

// Buckets: [0, 1 us), then kBucketsPerDoubling buckets per doubling from 1 us up to
// 2^kDoublings us (about 4.5 minutes), then one overflow bucket. A percentile is reported
// as the upper bound of the bucket that holds it, capped by the exact maximum: never below
// the true value, and at most 2^(1/8) - 1 = 9.05% above it (or 1 us below 1 us). Beyond
// the last bucket the percentile is the exact maximum.
//
// Thread-safe: Record and Read may be called concurrently (relaxed atomics; a Read during
// Records may miss the calls in flight, never a bucket's earlier counts). Memory: about
// 2 KiB.
class LatencyHistogram {
 public:
  static constexpr int kBucketsPerDoubling = 8;
  static constexpr int kDoublings = 28;
  static constexpr int kBucketCount = 1 + kBucketsPerDoubling * kDoublings + 1;

  // What Read returns: a copy of the counts, consistent enough for reporting.
  struct Snapshot {
    std::array<int64_t, kBucketCount> buckets{};
    int64_t count = 0;      // the sum of `buckets`
    int64_t max_nanos = 0;  // exact
    int64_t sum_nanos = 0;  // exact (negative latencies counted as 0)

    // The latency below which a fraction `quantile` (0..1) of the calls fall, in
    // milliseconds, with the resolution above; 0 when nothing was recorded.
    double PercentileMs(double quantile) const;
    double MaxMs() const { return static_cast<double>(max_nanos) / 1e6; }
  };

  // Counts one call; negative latencies count as 0.
  void Record(absl::Duration latency);
  Snapshot Read() const;

  // The bucket of a latency in nanoseconds, and the upper bound of bucket `index` in
  // nanoseconds (the last bucket has none: it returns the largest int64).
  static int BucketOf(int64_t nanos);
  static int64_t UpperBoundNanos(int index);

 private:
  std::array<std::atomic<int64_t>, kBucketCount> buckets_{};
  std::atomic<int64_t> max_nanos_{0};
  std::atomic<int64_t> sum_nanos_{0};
};

}  // namespace matching::server

#endif  // MATCHING_SERVER_LATENCY_HISTOGRAM_H_
