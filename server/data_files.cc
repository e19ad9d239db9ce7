// Reference data search: installed tree, then source tree, then the working directory.
#include "server/data_files.h"

#include <filesystem>
#include <system_error>

namespace matching::server {

std::vector<std::string> DataDirCandidates(const std::string& executable) {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs;
  std::error_code error;
  if (!executable.empty()) {
    const fs::path exe_dir = fs::path(executable).parent_path();
    dirs.push_back(
        (exe_dir.parent_path() / "share" / "matching" / "data").lexically_normal().string());
    for (fs::path dir = exe_dir; dir.has_relative_path(); dir = dir.parent_path()) {
      if (fs::is_regular_file(dir / "CMakeLists.txt", error) &&
          fs::is_directory(dir / "data", error)) {
        dirs.push_back((dir / "data").string());
      }
    }
  }
  dirs.push_back("data");
  return dirs;
}

std::string FindDataFile(const std::string& name, std::vector<std::string>* looked) {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  for (const std::string& dir : DataDirCandidates(error ? std::string() : exe.string())) {
    const std::string path = dir + "/" + name;
    if (looked != nullptr) looked->push_back(path);
    if (std::filesystem::is_regular_file(path, error)) return path;
  }
  return "";
}

std::string DefaultAidsFile() { return FindDataFile("aids.json"); }

std::string DefaultMetropolesFile() { return FindDataFile("metropoles.csv"); }

}  // namespace matching::server
