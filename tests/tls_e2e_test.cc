// TLS end to end: matchd with a certificate from a throwaway CA (made with the openssl CLI
// at test time), matchctl with and without the CA, with and without a client certificate.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/subprocess.h"

namespace matching {
namespace {

using ::testing::HasSubstr;

const std::string kExample = std::string(SOURCE_DIR) + "/data/examples/nancy.jsonl";

// A CA, a server certificate for 127.0.0.1 and localhost, a client certificate from the
// same CA, and a client certificate from another CA. EC keys: quick to make.
class TestPki {
 public:
  explicit TestPki(const std::string& dir) : dir_(dir) {
    MakeCa("ca");
    MakeCa("rogue-ca");
    MakeLeaf("server", "ca", "localhost",
             "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    MakeLeaf("client", "ca", "agency-client", "extendedKeyUsage=clientAuth\n");
    MakeLeaf("rogue-client", "rogue-ca", "rogue-client", "extendedKeyUsage=clientAuth\n");
  }
  std::string pem(const std::string& name) const { return dir_ + "/" + name + ".pem"; }
  std::string key(const std::string& name) const { return dir_ + "/" + name + ".key"; }

 private:
  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    testing::RunResult result = testing::Run(args);
    ASSERT_EQ(result.exit_code, 0) << result.output;
  }
  void MakeCa(const std::string& name) {
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key(name), "-out", pem(name), "-days", "2", "-subj", "/CN=" + name});
  }
  void MakeLeaf(const std::string& name, const std::string& ca, const std::string& common_name,
                const std::string& extensions) {
    const std::string csr = dir_ + "/" + name + ".csr";
    const std::string ext = dir_ + "/" + name + ".ext";
    std::ofstream(ext) << "basicConstraints=CA:FALSE\n" << extensions;
    Openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key(name), "-out", csr, "-subj", "/CN=" + common_name});
    Openssl({"x509", "-req", "-in", csr, "-CA", pem(ca), "-CAkey", key(ca), "-set_serial",
             std::to_string(++serial_), "-days", "2", "-extfile", ext, "-out", pem(name)});
  }
  std::string dir_;
  int serial_ = 1000;
};

class TlsE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new std::string(testing::MakeTempDir());
    pki_ = new TestPki(*pki_dir_);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*pki_dir_);
    delete pki_;
    delete pki_dir_;
  }
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> ServerTls() const {
    return {"--insecure_no_auth", "--tls_cert", pki_->pem("server"), "--tls_key",
            pki_->key("server")};
  }
  testing::RunResult Matchctl(const std::string& address, std::vector<std::string> args) {
    args.insert(args.begin(),
                {MATCHCTL_PATH, "--server", address, "--timeout", "10", "--language", "en"});
    return testing::Run(args);
  }
  testing::RunResult MatchdFails(std::vector<std::string> args) {
    args.insert(args.begin(), {MATCHD_PATH, "--data_dir", dir_ + "/data", "--listen", "127.0.0.1:0",
                               "--insecure_no_auth"});
    return testing::Run(args);
  }

  static std::string* pki_dir_;
  static TestPki* pki_;
  std::string dir_;
};
std::string* TlsE2ETest::pki_dir_ = nullptr;
TestPki* TlsE2ETest::pki_ = nullptr;

TEST_F(TlsE2ETest, MatchctlWithTheCaWorksAndPlaintextClientsFail) {
  testing::Matchd server(dir_ + "/data", ServerTls());
  testing::RunResult imported =
      Matchctl(server.address, {"--tls_ca", pki_->pem("ca"), "import", kExample});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_THAT(imported.output, HasSubstr("6 accepted"));
  // The same through the environment, as MATCHCTL_API_KEY is.
  testing::RunResult got = testing::Run(
      {"/usr/bin/env", "MATCHCTL_LANGUAGE=en", "MATCHCTL_TLS_CA=" + pki_->pem("ca"), MATCHCTL_PATH,
       "--server", server.address, "--timeout", "10", "get", "territory", "54431"});
  EXPECT_EQ(got.exit_code, 0) << got.output;
  EXPECT_THAT(got.output, HasSubstr("Lunéville"));

  testing::RunResult plaintext = Matchctl(server.address, {"get", "territory", "54431"});
  EXPECT_EQ(plaintext.exit_code, 1) << plaintext.output;
  EXPECT_THAT(plaintext.output, ::testing::Not(HasSubstr("Lunéville")));
  // A server certificate from a CA the client does not trust is refused by the client.
  testing::RunResult untrusted =
      Matchctl(server.address, {"--tls_ca", pki_->pem("rogue-ca"), "get", "territory", "54431"});
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.output;
}

TEST_F(TlsE2ETest, ClientCaRequiresAClientCertificateFromThatCa) {
  std::vector<std::string> args = ServerTls();
  args.insert(args.end(), {"--tls_client_ca", pki_->pem("ca")});
  testing::Matchd server(dir_ + "/data", args);

  testing::RunResult no_cert =
      Matchctl(server.address, {"--tls_ca", pki_->pem("ca"), "list", "territories"});
  EXPECT_EQ(no_cert.exit_code, 1) << no_cert.output;
  testing::RunResult rogue = Matchctl(
      server.address, {"--tls_ca", pki_->pem("ca"), "--tls_cert", pki_->pem("rogue-client"),
                       "--tls_key", pki_->key("rogue-client"), "list", "territories"});
  EXPECT_EQ(rogue.exit_code, 1) << rogue.output;

  testing::RunResult with_cert =
      Matchctl(server.address, {"--tls_ca", pki_->pem("ca"), "--tls_cert", pki_->pem("client"),
                                "--tls_key", pki_->key("client"), "import", kExample});
  ASSERT_EQ(with_cert.exit_code, 0) << with_cert.output;
  EXPECT_THAT(with_cert.output, HasSubstr("6 accepted"));
  testing::RunResult by_env =
      testing::Run({"/usr/bin/env", "MATCHCTL_LANGUAGE=en", "MATCHCTL_TLS_CA=" + pki_->pem("ca"),
                    "MATCHCTL_TLS_CERT=" + pki_->pem("client"),
                    "MATCHCTL_TLS_KEY=" + pki_->key("client"), MATCHCTL_PATH, "--server",
                    server.address, "--timeout", "10", "get", "offer", "of-luneville-msp"});
  EXPECT_EQ(by_env.exit_code, 0) << by_env.output;
}

TEST_F(TlsE2ETest, BadTlsFlagsAreRefusedAtStartBeforeTouchingTheDataDirectory) {
  testing::RunResult cert_only = MatchdFails({"--tls_cert", pki_->pem("server")});
  EXPECT_EQ(cert_only.exit_code, 1) << cert_only.output;
  EXPECT_THAT(cert_only.output, HasSubstr("--tls_cert and --tls_key go together"));
  EXPECT_THAT(cert_only.output, HasSubstr("--tls_key is missing"));

  testing::RunResult key_only = MatchdFails({"--tls_key", pki_->key("server")});
  EXPECT_THAT(key_only.output, HasSubstr("--tls_cert is missing"));

  testing::RunResult unreadable =
      MatchdFails({"--tls_cert", dir_ + "/nope.pem", "--tls_key", pki_->key("server")});
  EXPECT_EQ(unreadable.exit_code, 1);
  EXPECT_THAT(unreadable.output, HasSubstr("--tls_cert: cannot read '" + dir_ + "/nope.pem'"));

  testing::RunResult mismatched =
      MatchdFails({"--tls_cert", pki_->pem("server"), "--tls_key", pki_->key("client")});
  EXPECT_EQ(mismatched.exit_code, 1);
  EXPECT_THAT(mismatched.output, HasSubstr("is not the key of the certificate"));

  testing::RunResult not_pem =
      MatchdFails({"--tls_cert", kExample, "--tls_key", pki_->key("server")});
  EXPECT_THAT(not_pem.output, HasSubstr("holds no PEM certificate"));

  testing::RunResult ca_alone = MatchdFails({"--tls_client_ca", pki_->pem("ca")});
  EXPECT_EQ(ca_alone.exit_code, 1);
  EXPECT_THAT(ca_alone.output, HasSubstr("client certificates need TLS"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/data"));

  // matchctl: an unreadable file is an error before any call.
  testing::RunResult no_ca =
      Matchctl("127.0.0.1:1", {"--tls_ca", dir_ + "/nope.pem", "get", "territory", "54431"});
  EXPECT_NE(no_ca.exit_code, 0);
  EXPECT_THAT(no_ca.output, HasSubstr("--tls_ca"));
  EXPECT_THAT(no_ca.output, HasSubstr("cannot read"));
}

}  // namespace
}  // namespace matching
