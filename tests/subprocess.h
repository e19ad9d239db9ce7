// Child processes for cross-component tests: matchd, matchctl, python3.
#ifndef MATCHING_TESTS_SUBPROCESS_H_
#define MATCHING_TESTS_SUBPROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace matching::testing {

// A running child whose stdout is a pipe we read line by line (blocking: no polling).
class Child {
 public:
  // Starts argv[0] with the given arguments; stderr is inherited (visible in test logs).
  explicit Child(const std::vector<std::string>& argv);
  ~Child();  // SIGKILLs the child if it still runs
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Next line of the child's stdout, without '\n'; empty when the pipe closed.
  std::string ReadLine();
  // Sends `signal` and waits for the exit; returns the raw wait status.
  int Signal(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

// Starts matchd on `data_dir`, port 0, and returns once it prints its address.
struct Matchd {
  // `extra_args` default to serving without access control.
  explicit Matchd(const std::string& data_dir,
                  const std::vector<std::string>& extra_args = {"--insecure_no_auth"});
  std::unique_ptr<Child> child;
  std::string address;  // "127.0.0.1:PORT"
};

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs a command to completion and captures its output.
RunResult Run(const std::vector<std::string>& argv);

// A fresh directory under the system's temporary directory.
std::string MakeTempDir();

}  // namespace matching::testing

#endif  // MATCHING_TESTS_SUBPROCESS_H_
