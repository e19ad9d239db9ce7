// Ranking judgements: cases written from DOMAIN.md and the seeds (tests/judgements/cases/),
// each run against an in-process server through the gRPC API, one test per case.
//
// A case file is a JSON array of cases; tests/judgements/README.md gives the format.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "clients/record_io.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "matching/v1/catalog.grpc.pb.h"
#include "matching/v1/matching.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "server/server.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

const fs::path kDir = fs::path(SOURCE_DIR) / "tests" / "judgements";

struct Case {
  std::string file;
  Json json;
  std::string id() const { return json.at("id").get<std::string>(); }
};
void PrintTo(const Case& c, std::ostream* out) { *out << c.file << " " << c.id(); }

// Every case of every cases/*.json, in file then array order. A file that does not parse
// yields one case that fails with the parser's message (rather than no test at all).
std::vector<Case> LoadCases() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kDir / "cases")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const fs::path& path : files) {
    std::ifstream in(path);
    Json array = Json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (array.is_discarded() || !array.is_array()) {
      cases.push_back({path.filename(), Json{{"id", "unreadable_" + path.stem().string()},
                                             {"reason", "the file must be a JSON array"},
                                             {"broken", true}}});
      continue;
    }
    for (Json& c : array) cases.push_back({path.filename(), std::move(c)});
  }
  return cases;
}

// The records of a fixture file (fixtures/<name>.jsonl), one ImportRecord JSON per line.
std::vector<Json> FixtureRecords(const std::string& name) {
  std::ifstream in(kDir / "fixtures" / (name + ".jsonl"));
  EXPECT_TRUE(in.good()) << "no fixture '" << name << "'";
  std::vector<Json> records;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) records.push_back(Json::parse(line));
  }
  return records;
}

// {"offer": {...}} -> ("offer", the body).
std::pair<std::string, Json*> KindAndBody(Json& record) {
  EXPECT_EQ(record.size(), 1u) << "a record has one key: " << record.dump();
  auto it = record.begin();
  return {it.key(), &it.value()};
}

// Fixture records then inline ones; an inline body with "extends": "<id>" is that record
// (of the same kind, loaded before it) with the rest of the body merge-patched over it.
std::vector<Json> ResolveRecords(const Json& c) {
  std::vector<Json> records;
  for (const Json& name : c.value("fixtures", Json::array())) {
    for (Json& r : FixtureRecords(name.get<std::string>())) records.push_back(std::move(r));
  }
  std::map<std::string, Json> by_kind_and_id;
  for (Json& r : records) {
    auto [kind, body] = KindAndBody(r);
    by_kind_and_id[kind + "/" + body->value("id", "")] = *body;
  }
  for (Json r : c.value("records", Json::array())) {
    auto [kind, body] = KindAndBody(r);
    if (body->contains("extends")) {
      const std::string base_id = body->at("extends").get<std::string>();
      body->erase("extends");
      auto base = by_kind_and_id.find(kind + "/" + base_id);
      EXPECT_NE(base, by_kind_and_id.end()) << "extends unknown " << kind << " '" << base_id << "'";
      if (base == by_kind_and_id.end()) continue;
      Json merged = base->second;
      merged.merge_patch(*body);
      *body = std::move(merged);
    }
    by_kind_and_id[kind + "/" + body->value("id", "")] = *body;
    records.push_back(std::move(r));
  }
  return records;
}

template <typename Message>
Message FromJson(const Json& json) {
  Message message;
  const auto status = google::protobuf::util::JsonStringToMessage(json.dump(), &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json.dump();
  return message;
}

// The answer of one request: its status and its matches, best first.
struct Answer {
  grpc::Status status;
  std::vector<v1::Match> matches;
};

// Position of the match whose offer or candidate id is `id`, -1 when absent.
int PositionOf(const Answer& answer, const std::string& id) {
  for (size_t i = 0; i < answer.matches.size(); ++i) {
    const v1::Match& m = answer.matches[i];
    if (m.offer_id() == id || m.candidate_id() == id) return static_cast<int>(i);
  }
  return -1;
}

const v1::CriterionScore* CriterionOf(const v1::Match& match, const std::string& name) {
  for (const v1::CriterionScore& c : match.criteria()) {
    if (c.criterion() == name) return &c;
  }
  return nullptr;
}

std::string Describe(const Answer& answer) {
  std::ostringstream out;
  out << "answer (" << answer.status.error_code() << " " << answer.status.error_message() << "):";
  for (const v1::Match& m : answer.matches) {
    out << "\n  " << m.offer_id() << " / " << m.candidate_id() << " score " << m.score() << " (c "
        << m.candidate_score() << ", t " << m.territory_score() << ")"
        << (m.beyond_limits() ? " beyond:" : "");
    for (const v1::LimitBreach& l : m.limits()) out << " " << l.reason_code();
  }
  return out.str();
}

// Checks one expectation (an object with one key naming the check) against `answer`.
void Check(const Json& expectation, const Answer& answer) {
  ASSERT_TRUE(expectation.is_object() && expectation.size() == 1) << expectation.dump();
  const std::string kind = expectation.begin().key();
  const Json& arg = expectation.begin().value();
  SCOPED_TRACE(expectation.dump() + "\n" + Describe(answer));
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  auto match = [&](const std::string& id) -> const v1::Match* {
    const int at = PositionOf(answer, id);
    EXPECT_GE(at, 0) << "'" << id << "' is not in the answer";
    return at < 0 ? nullptr : &answer.matches[at];
  };
  if (kind == "above") {
    const int a = PositionOf(answer, arg.at(0)), b = PositionOf(answer, arg.at(1));
    ASSERT_GE(a, 0) << arg.at(0) << " absent";
    ASSERT_GE(b, 0) << arg.at(1) << " absent";
    EXPECT_LT(a, b) << arg.at(0) << " should rank above " << arg.at(1);
    EXPECT_GT(answer.matches[a].score(), answer.matches[b].score()) << "strictly, not a tie";
  } else if (kind == "first") {
    ASSERT_FALSE(answer.matches.empty());
    EXPECT_EQ(PositionOf(answer, arg), 0);
  } else if (kind == "absent") {
    EXPECT_EQ(PositionOf(answer, arg), -1) << arg << " should be absent";
  } else if (kind == "present") {
    match(arg);
  } else if (kind == "count") {
    EXPECT_EQ(answer.matches.size(), arg.get<size_t>());
  } else if (kind == "score" || kind == "candidate_score" || kind == "territory_score") {
    const v1::Match* m = match(arg.at(0));
    if (m == nullptr) return;
    const double value = kind == "score"             ? m->score()
                         : kind == "candidate_score" ? m->candidate_score()
                                                     : m->territory_score();
    EXPECT_GE(value, arg.at(1).get<double>()) << kind;
    EXPECT_LE(value, arg.at(2).get<double>()) << kind;
  } else if (kind == "within_limits") {
    const v1::Match* m = match(arg);
    if (m == nullptr) return;
    EXPECT_FALSE(m->beyond_limits());
    EXPECT_EQ(m->limits_size(), 0);
  } else if (kind == "beyond_limits") {
    const v1::Match* m = match(arg.at(0));
    if (m == nullptr) return;
    EXPECT_TRUE(m->beyond_limits());
    EXPECT_LE(m->score(), 0.5) << "a pair beyond a limit never scores above 0.5";
    std::set<std::string> expected, got;
    for (size_t i = 1; i < arg.size(); ++i) expected.insert(arg.at(i).get<std::string>());
    for (const v1::LimitBreach& l : m->limits()) got.insert(l.reason_code());
    EXPECT_EQ(got, expected);
  } else if (kind == "criterion") {
    const v1::Match* m = match(arg.at("of"));
    if (m == nullptr) return;
    const v1::CriterionScore* c = CriterionOf(*m, arg.at("name"));
    ASSERT_NE(c, nullptr) << "no criterion " << arg.at("name");
    if (arg.contains("code")) {
      EXPECT_EQ(c->reason_code(), arg.at("code").get<std::string>());
    }
    if (arg.contains("min")) {
      EXPECT_GE(c->value(), arg.at("min").get<double>());
    }
    if (arg.contains("max")) {
      EXPECT_LE(c->value(), arg.at("max").get<double>());
    }
    if (arg.contains("says")) {
      EXPECT_NE(c->explanation().find(arg.at("says").get<std::string>()), std::string::npos)
          << c->explanation();
    }
  } else if (kind == "no_criterion") {
    const v1::Match* m = match(arg.at(0));
    if (m == nullptr) return;
    EXPECT_EQ(CriterionOf(*m, arg.at(1)), nullptr) << arg.at(1) << " should not apply";
  } else if (kind == "criterion_above") {
    const v1::Match* a = match(arg.at(1));
    const v1::Match* b = match(arg.at(2));
    if (a == nullptr || b == nullptr) return;
    const v1::CriterionScore* ca = CriterionOf(*a, arg.at(0));
    const v1::CriterionScore* cb = CriterionOf(*b, arg.at(0));
    ASSERT_TRUE(ca != nullptr && cb != nullptr) << "no criterion " << arg.at(0);
    EXPECT_GT(ca->value(), cb->value()) << arg.at(0);
  } else if (kind == "says") {
    const v1::Match* m = match(arg.at(0));
    if (m == nullptr) return;
    std::string text;
    for (const v1::CriterionScore& c : m->criteria()) text += c.explanation() + "\n";
    for (const v1::LimitBreach& l : m->limits()) text += l.explanation() + "\n";
    EXPECT_NE(text.find(arg.at(1).get<std::string>()), std::string::npos) << text;
  } else if (kind == "not_tied") {
    const v1::Match* a = match(arg.at(0));
    const v1::Match* b = match(arg.at(1));
    if (a == nullptr || b == nullptr) return;
    EXPECT_NE(a->score(), b->score()) << "a recruiter cannot tell them apart";
  } else if (kind == "summary") {
    // Every field the case names has that value in Match.candidate_summary (protobuf JSON
    // names, defaults printed so that 0, "" and -1 can be asked for).
    const v1::Match* m = match(arg.at(0));
    if (m == nullptr) return;
    std::string printed;
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = true;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(m->candidate_summary(), &printed, options)
            .ok());
    const Json got = Json::parse(printed);
    for (const auto& [field, value] : arg.at(1).items()) {
      ASSERT_TRUE(got.contains(field)) << "candidate_summary has no field '" << field << "'";
      EXPECT_EQ(got.at(field), value) << "candidate_summary." << field;
    }
  } else if (kind == "beyond_after_within") {
    bool seen_beyond = false;
    for (const v1::Match& m : answer.matches) {
      if (m.beyond_limits()) {
        seen_beyond = true;
        EXPECT_LE(m.score(), 0.5) << m.offer_id() << " / " << m.candidate_id();
      } else {
        EXPECT_FALSE(seen_beyond) << "within limits after one beyond: " << m.offer_id();
      }
    }
  } else {
    ADD_FAILURE() << "unknown expectation '" << kind << "'";
  }
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    default:
      return "code " + std::to_string(static_cast<int>(code));
  }
}

class JudgementTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    server::ServerConfig config;
    config.data_dir = dir_ + "/data";
    config.listen = "127.0.0.1:0";
    auto started = server::MatchServer::Start(config);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(*started);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                       grpc::InsecureChannelCredentials());
    catalog_ = v1::CatalogService::NewStub(channel);
    matching_ = v1::MatchingService::NewStub(channel);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
    std::filesystem::remove_all(dir_);
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  void Import(const std::vector<Json>& records) {
    v1::ImportSummary summary;
    auto context = Context();
    auto writer = catalog_->ImportRecords(context.get(), &summary);
    for (const Json& r : records) {
      absl::StatusOr<v1::ImportRecord> record =
          clients::ParseJsonLine(r.dump(), clients::RecordKind::kAny);
      ASSERT_TRUE(record.ok()) << record.status() << " in " << r.dump();
      writer->Write(*record);
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::string errors;
    for (const v1::ImportError& e : summary.errors()) {
      errors += e.record_id() + ": " + e.message() + "\n";
    }
    ASSERT_EQ(summary.rejected(), 0) << errors;
  }

  Answer Run(Json request) {
    const std::string rpc = request.at("rpc");
    request.erase("rpc");
    Answer answer;
    if (rpc == "RankOffers") {
      v1::RankOffersResponse response;
      answer.status = matching_->RankOffers(Context().get(),
                                            FromJson<v1::RankOffersRequest>(request), &response);
      answer.matches.assign(response.matches().begin(), response.matches().end());
    } else if (rpc == "RankCandidates") {
      v1::RankCandidatesResponse response;
      answer.status = matching_->RankCandidates(
          Context().get(), FromJson<v1::RankCandidatesRequest>(request), &response);
      answer.matches.assign(response.matches().begin(), response.matches().end());
    } else if (rpc == "ExplainMatch") {
      v1::ExplainMatchResponse response;
      answer.status = matching_->ExplainMatch(
          Context().get(), FromJson<v1::ExplainMatchRequest>(request), &response);
      if (answer.status.ok()) answer.matches.push_back(response.match());
    } else {
      ADD_FAILURE() << "unknown rpc '" << rpc << "'";
    }
    return answer;
  }

  std::string dir_;
  std::unique_ptr<server::MatchServer> server_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::MatchingService::Stub> matching_;
};

TEST_P(JudgementTest, Holds) {
  const Json& c = GetParam().json;
  ASSERT_FALSE(c.value("broken", false)) << GetParam().file << " does not parse";
  const std::string reason = c.at("reason");
  SCOPED_TRACE(GetParam().file + " " + GetParam().id() + ": " + reason);
  // JUDGEMENTS_RUN_PENDING=1 runs pending cases too: for whoever builds what they wait for.
  const char* run_pending = std::getenv("JUDGEMENTS_RUN_PENDING");
  const bool skip_pending = run_pending == nullptr || std::string(run_pending) != "1";
  if (c.contains("pending") && skip_pending)
    GTEST_SKIP() << "pending: " << c.at("pending").get<std::string>();
  ASSERT_NO_FATAL_FAILURE(Import(ResolveRecords(c)));
  Json steps = c.value("steps", Json::array());
  if (c.contains("request"))
    steps.push_back({{"request", c.at("request")}, {"expect", c.at("expect")}});
  ASSERT_FALSE(steps.empty()) << "a case needs a request";
  for (const Json& step : steps) {
    const Answer answer = Run(step.at("request"));
    if (step.contains("error")) {
      EXPECT_EQ(CodeName(answer.status.error_code()), step.at("error").get<std::string>())
          << Describe(answer);
      continue;
    }
    for (const Json& expectation : step.at("expect")) Check(expectation, answer);
  }
  if (HasFailure()) std::cout << "reason: " << reason << "\n";
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.id();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, JudgementTest, ::testing::ValuesIn(LoadCases()), CaseName);

}  // namespace
}  // namespace matching
