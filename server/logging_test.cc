// Log lines: JSON objects that parse, whatever the message holds; the access log's fields.
#include "server/logging.h"

#include <grpcpp/support/status.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::server {
namespace {

std::vector<nlohmann::json> ParseLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(LoggingTest, JsonLinesParseWhateverTheMessageHolds) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(NewJsonFormatter());
  spdlog::logger log("matchd", sink);
  log.warn("quote \" backslash \\ newline \n tab \t bad utf8 \xff end");
  const std::vector<nlohmann::json> lines = ParseLines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["level"], "warning");
  EXPECT_EQ(lines[0]["logger"], "matchd");
  EXPECT_THAT(lines[0]["message"].get<std::string>(),
              ::testing::StartsWith("quote \" backslash \\ newline \n tab"));
  EXPECT_THAT(lines[0]["time"].get<std::string>(),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"));
}

TEST(LoggingTest, AccessLinesCarryMethodCodeDurationAndRequestId) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(NewJsonFormatter());
  spdlog::logger log("access", sink);
  log.info("{}",
           AccessLogLine(LogFormat::kJson, "/matching.v1.MatchingService/RankOffers",
                         grpc::StatusCode::INVALID_ARGUMENT, absl::Microseconds(1234), "req-42"));
  const std::vector<nlohmann::json> lines = ParseLines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["logger"], "access");
  EXPECT_EQ(lines[0]["method"], "MatchingService/RankOffers");
  EXPECT_EQ(lines[0]["code"], "INVALID_ARGUMENT");
  EXPECT_DOUBLE_EQ(lines[0]["duration_ms"].get<double>(), 1.234);
  EXPECT_EQ(lines[0]["request_id"], "req-42");
  EXPECT_FALSE(lines[0].contains("message"));

  EXPECT_EQ(AccessLogLine(LogFormat::kText, "/grpc.health.v1.Health/Check", 0,
                          absl::Milliseconds(2), "r1"),
            "Health/Check OK 2.000 ms request_id=r1");
}

TEST(LoggingTest, ParseLogFormatNamesTheFlag) {
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
  EXPECT_THAT(std::string(ParseLogFormat("xml").status().message()),
              ::testing::HasSubstr("--log_format: 'xml'"));
}

}  // namespace
}  // namespace matching::server
