#include "server/latency_histogram.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace matching::server {
namespace {

constexpr double kResolution = 1.0905;  // 2^(1/8), the widest a bucket gets

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram histogram;
  LatencyHistogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 0);
  EXPECT_EQ(snapshot.PercentileMs(0.5), 0);
  EXPECT_EQ(snapshot.MaxMs(), 0);
}

TEST(LatencyHistogramTest, BucketsAreContiguousAndOrdered) {
  EXPECT_EQ(LatencyHistogram::BucketOf(0), 0);
  EXPECT_EQ(LatencyHistogram::BucketOf(999), 0);
  EXPECT_EQ(LatencyHistogram::BucketOf(1000), 1);
  for (int i = 1; i < LatencyHistogram::kBucketCount - 1; ++i) {
    const int64_t bound = LatencyHistogram::UpperBoundNanos(i - 1);
    EXPECT_EQ(LatencyHistogram::BucketOf(bound), i) << bound;
    EXPECT_EQ(LatencyHistogram::BucketOf(LatencyHistogram::UpperBoundNanos(i) - 1), i);
  }
  EXPECT_EQ(LatencyHistogram::BucketOf(int64_t{1} << 62), LatencyHistogram::kBucketCount - 1);
}

TEST(LatencyHistogramTest, PercentilesWithinTheStatedResolution) {
  LatencyHistogram histogram;
  // 1..1000 ms, one call each: p50 = 500 ms, p95 = 950 ms, p99 = 990 ms, max 1000 ms.
  for (int ms = 1; ms <= 1000; ++ms) histogram.Record(absl::Milliseconds(ms));
  LatencyHistogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 1000);
  for (auto [quantile, exact] : {std::pair{0.5, 500.0}, {0.95, 950.0}, {0.99, 990.0}}) {
    const double reported = snapshot.PercentileMs(quantile);
    EXPECT_GE(reported, exact) << quantile;
    EXPECT_LE(reported, exact * kResolution) << quantile;
  }
  EXPECT_DOUBLE_EQ(snapshot.MaxMs(), 1000.0);
  EXPECT_DOUBLE_EQ(snapshot.PercentileMs(1.0), 1000.0);  // capped by the exact maximum
}

TEST(LatencyHistogramTest, OneSlowCallShowsInMaxAndHighPercentilesOnly) {
  LatencyHistogram histogram;
  for (int i = 0; i < 99; ++i) histogram.Record(absl::Microseconds(200));
  histogram.Record(absl::Seconds(2));
  LatencyHistogram::Snapshot snapshot = histogram.Read();
  EXPECT_LE(snapshot.PercentileMs(0.5), 0.2 * kResolution);
  EXPECT_LE(snapshot.PercentileMs(0.99), 0.2 * kResolution);
  EXPECT_DOUBLE_EQ(snapshot.MaxMs(), 2000.0);
  EXPECT_DOUBLE_EQ(snapshot.PercentileMs(1.0), 2000.0);
}

TEST(LatencyHistogramTest, BeyondTheLastBucketReportsTheExactMaximum) {
  LatencyHistogram histogram;
  histogram.Record(absl::Hours(2));
  histogram.Record(absl::Nanoseconds(-5));  // counts as 0
  LatencyHistogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.buckets[LatencyHistogram::kBucketCount - 1], 1);
  EXPECT_EQ(snapshot.buckets[0], 1);
  EXPECT_DOUBLE_EQ(snapshot.PercentileMs(0.99), 2 * 3600 * 1000.0);
}

TEST(LatencyHistogramTest, ConcurrentRecordsAreAllCounted) {
  LatencyHistogram histogram;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&histogram, t] {
      for (int i = 0; i < 10000; ++i) histogram.Record(absl::Microseconds(1 + (i + t) % 5000));
    });
  }
  for (std::thread& thread : threads) thread.join();
  LatencyHistogram::Snapshot snapshot = histogram.Read();
  EXPECT_EQ(snapshot.count, 40000);
  EXPECT_EQ(snapshot.max_nanos, 5000 * 1000);
}

}  // namespace
}  // namespace matching::server
