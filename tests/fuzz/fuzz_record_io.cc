// libFuzzer entry point: see fuzz_checks.h (CheckRecordIo).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  matching::fuzz::CheckRecordIo(data, size);
  return 0;
}
