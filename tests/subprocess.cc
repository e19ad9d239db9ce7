// Child processes for cross-component tests.
#include "tests/subprocess.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace matching::testing {
namespace {

std::vector<char*> ArgvPointers(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

Child::Child(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<char*> args = ArgvPointers(argv);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  stdout_fd_ = fds[0];
}

Child::~Child() {
  if (pid_ > 0) Signal(SIGKILL);
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

std::string Child::ReadLine() {
  for (;;) {
    const size_t newline = buffer_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    char chunk[512];
    const ssize_t n = read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) return std::exchange(buffer_, "");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

int Child::Signal(int signal) {
  if (pid_ <= 0) return 0;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

namespace {
std::vector<std::string> MatchdArgv(const std::string& data_dir,
                                    const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {MATCHD_PATH,   "--data_dir",  data_dir, "--listen",
                                   "127.0.0.1:0", "--log_level", "warn"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  return argv;
}
}  // namespace

Matchd::Matchd(const std::string& data_dir, const std::vector<std::string>& extra_args)
    : child(std::make_unique<Child>(MatchdArgv(data_dir, extra_args))) {
  const std::string line = child->ReadLine();  // "matchd: serving on 127.0.0.1:PORT (data: ...)"
  const std::string marker = "serving on ";
  const size_t at = line.find(marker);
  if (at == std::string::npos) throw std::runtime_error("matchd did not start: '" + line + "'");
  const size_t start = at + marker.size();
  address = line.substr(start, line.find(' ', start) - start);
}

RunResult Run(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<char*> args = ArgvPointers(argv);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  RunResult result;
  char chunk[4096];
  ssize_t n = 0;
  while ((n = read(fds[0], chunk, sizeof(chunk))) > 0) result.output.append(chunk, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "matching-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace matching::testing
