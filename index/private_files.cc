// Private directories and files with POSIX calls (see private_files.h).
#include "index/private_files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace matching::index {
namespace {

absl::Status ErrnoError(int error, const std::string& what) {
  const std::string message = absl::StrCat(what, ": ", std::strerror(error));
  switch (error) {
    case EEXIST:
      return absl::InvalidArgumentError(message);
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

// Closes `fd` on every path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

absl::Status CopyToNewFile(const std::string& from, const std::string& to) {
  Fd in(open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return ErrnoError(errno, absl::StrCat("opening '", from, "'"));
  Fd out(open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (out.get() < 0) return ErrnoError(errno, absl::StrCat("creating '", to, "'"));
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t read_bytes = read(in.get(), buffer.data(), buffer.size());
    if (read_bytes < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, absl::StrCat("reading '", from, "'"));
    }
    if (read_bytes == 0) break;
    for (ssize_t done = 0; done < read_bytes;) {
      const ssize_t written = write(out.get(), buffer.data() + done, read_bytes - done);
      if (written < 0) {
        if (errno == EINTR) continue;
        return ErrnoError(errno, absl::StrCat("writing '", to, "'"));
      }
      done += written;
    }
  }
  if (fsync(out.get()) != 0) return ErrnoError(errno, absl::StrCat("syncing '", to, "'"));
  if (close(out.Release()) != 0) return ErrnoError(errno, absl::StrCat("closing '", to, "'"));
  return absl::OkStatus();
}

}  // namespace

absl::Status MakePrivateDir(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0) {
    return ErrnoError(errno, absl::StrCat("creating directory '", dir, "'"));
  }
  return RestrictDir(dir);  // mkdir's mode is filtered by the umask; 0700 needs nothing of it
}

absl::Status RestrictDir(const std::string& dir) {
  if (chmod(dir.c_str(), 0700) != 0) {
    return ErrnoError(errno, absl::StrCat("setting the mode of '", dir, "' to 0700"));
  }
  return absl::OkStatus();
}

absl::Status MoveAsPrivateCopy(const std::string& from, const std::string& to) {
  struct stat info;
  if (lstat(from.c_str(), &info) != 0) {
    return ErrnoError(errno, absl::StrCat("reading '", from, "'"));
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat("'", from, "' is not a regular file"));
  }
  if (info.st_nlink > 1) {
    if (absl::Status s = CopyToNewFile(from, to); !s.ok()) return s;
    if (unlink(from.c_str()) != 0) return ErrnoError(errno, absl::StrCat("removing '", from, "'"));
    return absl::OkStatus();
  }
  if (chmod(from.c_str(), 0600) != 0) {
    return ErrnoError(errno, absl::StrCat("setting the mode of '", from, "' to 0600"));
  }
  if (access(to.c_str(), F_OK) == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", to, "' already exists"));
  }
  if (rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoError(errno, absl::StrCat("moving '", from, "' to '", to, "'"));
  }
  return absl::OkStatus();
}

absl::Status SyncDir(const std::string& dir) {
  Fd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoError(errno, absl::StrCat("opening '", dir, "'"));
  if (fsync(fd.get()) != 0) return ErrnoError(errno, absl::StrCat("syncing '", dir, "'"));
  return absl::OkStatus();
}

}  // namespace matching::index
