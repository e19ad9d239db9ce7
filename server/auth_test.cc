// KeyRing parsing and lookup, the role table, and the Authorizer's answers.
#include "server/auth.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::server {
namespace {

using ::testing::HasSubstr;

std::string HashHex(const std::string& key) {
  const Sha256 digest = Sha256Of(key);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string Entry(const std::string& key, const std::string& role,
                  const std::string& organization = "") {
  return absl::StrCat(R"({"sha256": ")", HashHex(key), R"(", "role": ")", role,
                      R"(", "organization": ")", organization, R"(", "label": "t-)", role, R"("})");
}

std::string ErrorOf(const std::string& json) {
  absl::StatusOr<KeyRing> ring = KeyRing::Parse(json, "k.json");
  EXPECT_FALSE(ring.ok());
  return ring.ok() ? "" : std::string(ring.status().message());
}

TEST(KeyRingTest, ParseErrorsNameTheFileAndTheEntry) {
  EXPECT_THAT(ErrorOf("{"), HasSubstr("keys file 'k.json': not valid JSON"));
  EXPECT_THAT(ErrorOf(R"({"key": []})"), HasSubstr("\"keys\" array"));
  EXPECT_THAT(ErrorOf(R"({"keys": [{"sha256": "abc", "role": "reader"}]})"),
              HasSubstr("keys[0].sha256: 'abc' is not 64 hex digits"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"({"keys": [)", Entry("a", "reader"), R"(, {"sha256": ")",
                                   HashHex("b"), R"(", "role": "root"}]})")),
              HasSubstr("keys[1].role: 'root' is not one of reader, publisher, agency, admin, "
                        "territory_editor"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"({"keys": [)", Entry("a", "publisher"), "]}")),
              HasSubstr("keys[0].organization: required for a publisher"));
  // Issue 19 point 5: an agency's events and households are its organisation's.
  EXPECT_THAT(
      ErrorOf(absl::StrCat(R"({"keys": [)", Entry("a", "reader"), ",", Entry("b", "agency"), "]}")),
      HasSubstr("keys file 'k.json': keys[1].organization: required for an agency"));
  EXPECT_THAT(
      ErrorOf(absl::StrCat(R"({"keys": [)", Entry("a", "reader"), ",", Entry("a", "admin"), "]}")),
      HasSubstr("keys[1].sha256: the same key as keys[0]"));
  EXPECT_THAT(ErrorOf(R"({"keys": [{"sha256": 12, "role": "reader"}]})"),
              HasSubstr("keys[0].sha256: expected a string"));
  EXPECT_THAT(std::string(KeyRing::LoadFromFile("/nonexistent/k.json").status().message()),
              HasSubstr("keys file '/nonexistent/k.json': cannot be read"));
}

TEST(KeyRingTest, FindsEachKeyByItsHashOnly) {
  absl::StatusOr<KeyRing> ring = KeyRing::Parse(
      absl::StrCat(R"({"keys": [)", Entry("key-r", "reader"), ",",
                   Entry("key-p", "publisher", "org-a"), ",", Entry("key-x", "admin"), "]}"),
      "k.json");
  ASSERT_TRUE(ring.ok()) << ring.status();
  EXPECT_EQ(ring->size(), 3u);
  ASSERT_NE(ring->Find("key-p"), nullptr);
  EXPECT_EQ(ring->Find("key-p")->role, Role::kPublisher);
  EXPECT_EQ(ring->Find("key-p")->organization, "org-a");
  EXPECT_EQ(ring->Find("key-r")->role, Role::kReader);
  EXPECT_EQ(ring->Find("key-x")->role, Role::kAdmin);
  EXPECT_EQ(ring->Find("key-"), nullptr);
  EXPECT_EQ(ring->Find(""), nullptr);
  EXPECT_EQ(ring->Find(HashHex("key-r")), nullptr);  // the stored hash is not a key
  // Upper-case hex is accepted.
  std::string upper = HashHex("k");
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  absl::StatusOr<KeyRing> upper_ring =
      KeyRing::Parse(absl::StrCat(R"({"keys": [{"sha256": ")", upper,
                                  R"(", "role": "agency", "organization": "o"}]})"),
                     "k.json");
  ASSERT_TRUE(upper_ring.ok()) << upper_ring.status();
  EXPECT_NE(upper_ring->Find("k"), nullptr);
}

TEST(RoleTest, PermissionTable) {
  const Permission all[] = {
      Permission::kReadCatalog,       Permission::kRank,           Permission::kWriteTerritories,
      Permission::kDeleteTerritories, Permission::kWriteOffers,    Permission::kReadCandidates,
      Permission::kWriteCandidates,   Permission::kImport,         Permission::kReadEvents,
      Permission::kWriteEvents,       Permission::kReadServerInfo, Permission::kBackup,
      Permission::kReadAudit};
  auto granted = [&](Role role) {
    std::string out;
    for (Permission p : all) out += RoleHas(role, p) ? '1' : '.';
    return out;
  };
  //                                         RdRkWtDtWoRcWcImReWeSiBkAu
  EXPECT_EQ(granted(Role::kReader), /*           */ "11........1..");
  EXPECT_EQ(granted(Role::kPublisher), /*        */ "11..1..1..1..");
  EXPECT_EQ(granted(Role::kAgency), /*           */ "11...111111..");
  EXPECT_EQ(granted(Role::kTerritoryEditor), /* */ "1111...1..1..");
  EXPECT_EQ(granted(Role::kAdmin), /*            */ "1111111111111");
  EXPECT_EQ(ParseRole("agency").value(), Role::kAgency);
  EXPECT_EQ(ParseRole("territory_editor").value(), Role::kTerritoryEditor);
  EXPECT_FALSE(ParseRole("Admin").ok());
}

TEST(AuthorizerTest, AnswersUnauthenticatedOrPermissionDenied) {
  absl::StatusOr<KeyRing> ring =
      KeyRing::Parse(absl::StrCat(R"({"keys": [)", Entry("rk", "reader"), ",",
                                  Entry("pk", "publisher", "o1"), "]}"),
                     "k.json");
  ASSERT_TRUE(ring.ok());
  Authorizer auth(std::move(*ring));
  EXPECT_TRUE(auth.enabled());
  EXPECT_EQ(auth.Authorize("", Permission::kRank).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Authorize("Bearer ", Permission::kRank).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Authorize("rk", Permission::kRank).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Authorize("Bearer nope", Permission::kRank).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth.Authorize("Bearer rk", Permission::kRank).ok());
  EXPECT_EQ(auth.Authorize("Bearer rk", Permission::kWriteOffers).status().code(),
            absl::StatusCode::kPermissionDenied);
  absl::StatusOr<Principal> publisher = auth.Authorize("Bearer pk", Permission::kWriteOffers);
  ASSERT_TRUE(publisher.ok());
  EXPECT_TRUE(CheckOrganization(*publisher, "o1", "of-1").ok());
  EXPECT_EQ(CheckOrganization(*publisher, "o2", "of-1").code(),
            absl::StatusCode::kPermissionDenied);

  auth.Replace(*KeyRing::Parse(absl::StrCat(R"({"keys": [)", Entry("pk", "publisher", "o1"), "]}"),
                               "k.json"));
  EXPECT_EQ(auth.Authorize("Bearer rk", Permission::kRank).status().code(),
            absl::StatusCode::kUnauthenticated);  // revoked
  EXPECT_TRUE(auth.Authorize("Bearer pk", Permission::kRank).ok());
}

TEST(AuthorizerTest, OpenAuthorizerAllowsEverything) {
  Authorizer open;
  EXPECT_FALSE(open.enabled());
  absl::StatusOr<Principal> caller = open.Authorize("", Permission::kWriteOffers);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->role, Role::kAdmin);
  EXPECT_TRUE(CheckOrganization(*caller, "any", "of-1").ok());
}

}  // namespace
}  // namespace matching::server
