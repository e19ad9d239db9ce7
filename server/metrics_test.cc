// RenderMetrics: the Prometheus text of the figures, checked without an HTTP server (the
// endpoint and a real Prometheus are tests/prometheus_e2e.sh).
#include "server/metrics.h"

#include <grpcpp/support/status.h>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/method_stats.h"

namespace matching::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRank[] = "/matching.v1.MatchingService/RankOffers";

TEST(MetricsTest, CallsByMethodAndCode) {
  MethodStats stats;
  for (int i = 0; i < 7; ++i) stats.Record(kRank, absl::Milliseconds(1), grpc::StatusCode::OK);
  stats.Record(kRank, absl::Milliseconds(1), grpc::StatusCode::INVALID_ARGUMENT);
  stats.Record(kRank, absl::Milliseconds(1), 99);  // out of range: UNKNOWN
  MetricsSources sources;
  sources.methods = &stats;
  const std::string text = RenderMetrics(sources);
  const std::string labels = R"(method="RankOffers",service="matching.v1.MatchingService")";
  EXPECT_THAT(text, HasSubstr(absl::StrCat("matchd_requests_total{code=\"OK\",", labels, "} 7")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("matchd_requests_total{code=\"INVALID_ARGUMENT\",",
                                           labels, "} 1")));
  EXPECT_THAT(text,
              HasSubstr(absl::StrCat("matchd_requests_total{code=\"UNKNOWN\",", labels, "} 1")));
  // Codes never seen are left out (OK aside).
  EXPECT_THAT(text, Not(HasSubstr("code=\"NOT_FOUND\"")));
}

TEST(MetricsTest, LatencyBucketsNeverCountACallAboveTheirBound) {
  MethodStats stats;
  for (int i = 0; i < 10; ++i) stats.Record(kRank, absl::Milliseconds(1), grpc::StatusCode::OK);
  for (int i = 0; i < 5; ++i) stats.Record(kRank, absl::Milliseconds(20), grpc::StatusCode::OK);
  stats.Record(kRank, absl::Seconds(30), grpc::StatusCode::OK);  // above the last bound
  MetricsSources sources;
  sources.methods = &stats;
  const std::string text = RenderMetrics(sources);
  const std::string prefix =
      R"(matchd_request_duration_seconds_bucket{method="RankOffers",service="matching.v1.MatchingService",le=")";
  // A call is counted at the first bound above its log bucket's upper bound (at most 9 %
  // above the call): 1 ms at le=0.0025, never at le=0.0005; 20 ms at le=0.025, never at
  // le=0.01.
  EXPECT_THAT(text, HasSubstr(prefix + "0.0005\"} 0"));
  EXPECT_THAT(text, HasSubstr(prefix + "0.0025\"} 10"));
  EXPECT_THAT(text, HasSubstr(prefix + "0.01\"} 10"));
  EXPECT_THAT(text, HasSubstr(prefix + "0.025\"} 15"));
  EXPECT_THAT(text, HasSubstr(prefix + "10\"} 15"));
  EXPECT_THAT(text, HasSubstr(prefix + "+Inf\"} 16"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(matchd_request_duration_seconds_count{method="RankOffers",service="matching.v1.MatchingService"} 16)"));
  // The sum is exact: 10 ms + 100 ms + 30 s.
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(matchd_request_duration_seconds_sum{method="RankOffers",service="matching.v1.MatchingService"} 30.11)"));
}

TEST(MetricsTest, ImportsAndPlans) {
  ServerMetrics counters;
  counters.CountImport(40, 2);
  counters.CountImport(10, 0);
  counters.ObservePlan(absl::Milliseconds(300), 0.0, false);
  counters.ObservePlan(absl::Seconds(4), 0.03, true);
  MetricsSources sources;
  sources.counters = &counters;
  const std::string text = RenderMetrics(sources);
  EXPECT_THAT(text, HasSubstr("matchd_import_records_total{outcome=\"accepted\"} 50"));
  EXPECT_THAT(text, HasSubstr("matchd_import_records_total{outcome=\"rejected\"} 2"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_duration_seconds_count 2"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_duration_seconds_bucket{le=\"0.5\"} 1"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_duration_seconds_bucket{le=\"5\"} 2"));
  // A proven-optimal plan (gap 0) in the first bucket, the 3 % gap by 0.05.
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_gap_bucket{le=\"1e-06\"} 1"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_gap_bucket{le=\"0.01\"} 1"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plan_gap_bucket{le=\"0.05\"} 2"));
  EXPECT_THAT(text, HasSubstr("matchd_event_plans_budget_exhausted_total 1"));
}

}  // namespace
}  // namespace matching::server
