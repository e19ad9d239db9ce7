// Replays the fuzz targets' seed corpus and every input that once crashed them
// (tests/fuzz/corpus/<target>, tests/fuzz/regressions/<target>) through the same checks,
// built with the main compiler: a crash here is a regression.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/fuzz/fuzz_checks.h"

namespace matching::fuzz {
namespace {

// The files of tests/fuzz/{corpus,regressions}/<target>, hidden files (.keep) excepted.
std::vector<std::filesystem::path> Inputs(const std::string& target) {
  std::vector<std::filesystem::path> inputs;
  for (const char* folder : {"corpus", "regressions"}) {
    const std::filesystem::path dir =
        std::filesystem::path(SOURCE_DIR) / "tests/fuzz" / folder / target;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
        inputs.push_back(entry.path());
      }
    }
  }
  return inputs;
}

void Replay(const std::string& target, void (*check)(const uint8_t*, size_t)) {
  const std::vector<std::filesystem::path> inputs = Inputs(target);
  EXPECT_FALSE(inputs.empty()) << "no corpus for " << target;
  for (const std::filesystem::path& path : inputs) {
    SCOPED_TRACE(path.string());
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    check(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
}

TEST(FuzzRegressionTest, RecordIoInputs) { Replay("record_io", CheckRecordIo); }

TEST(FuzzRegressionTest, ValidationInputs) { Replay("validation", CheckValidationAndScoring); }

}  // namespace
}  // namespace matching::fuzz
