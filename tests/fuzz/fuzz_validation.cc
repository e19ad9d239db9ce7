// libFuzzer entry point: see fuzz_checks.h (CheckValidationAndScoring).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  matching::fuzz::CheckValidationAndScoring(data, size);
  return 0;
}
