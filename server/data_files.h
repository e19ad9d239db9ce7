// Where matchd finds its reference data (aids.json, metropoles.csv) when no flag names a file.
#ifndef MATCHING_SERVER_DATA_FILES_H_
#define MATCHING_SERVER_DATA_FILES_H_

#include <string>
#include <vector>

namespace matching::server {

// The directories that may hold the reference data, in the order they are tried, for a
// binary at `executable` (an absolute path):
//   1. EXE_DIR/../share/matching/data: an installed tree (`cmake --install`, the .deb's
//      /usr/bin/matchd -> /usr/share/matching/data), wherever the prefix was moved;
//   2. DIR/data for each ancestor DIR of EXE_DIR that is a source tree (it holds
//      CMakeLists.txt and data/): a build directory inside the sources (build/server/matchd);
//   3. ./data under the working directory.
// No path of the machine the binary was built on is compiled in. Thread-safe.
std::vector<std::string> DataDirCandidates(const std::string& executable);

// The first candidate directory (for this process's executable, /proc/self/exe) holding a
// regular file `name` ("aids.json"), as DIR/name; "" when none does. `looked`, when not
// null, receives every path tried, for the error message. Thread-safe.
std::string FindDataFile(const std::string& name, std::vector<std::string>* looked = nullptr);

// FindDataFile("aids.json") and FindDataFile("metropoles.csv"): ServerConfig's defaults.
std::string DefaultAidsFile();
std::string DefaultMetropolesFile();

}  // namespace matching::server

#endif  // MATCHING_SERVER_DATA_FILES_H_
