// The bodies of the fuzz targets: bytes in, parse, check invariants. Shared by the libFuzzer
// binaries (clang, scripts/fuzz) and fuzz_regression_test (g++, ctest), which replays
// tests/fuzz/corpus and tests/fuzz/regressions through the same functions.
//
// An invariant broken is a crash on purpose: the message goes to stderr, then abort().
// Thread-compatible: call from one thread.
#ifndef MATCHING_TESTS_FUZZ_FUZZ_CHECKS_H_
#define MATCHING_TESTS_FUZZ_FUZZ_CHECKS_H_

#include <cstddef>
#include <cstdint>

namespace matching::fuzz {

// clients/record_io: the first byte (mod 8) picks the format and kind: 0 JSONL ImportRecord
// lines, 1-3 bare JSONL territory/offer/candidate lines, 4-6 CSV territories/offers/
// candidates, 7 one ParseJsonLine of the whole rest plus the file-name helpers. The rest
// is the file. Checks: no crash, lines reported in increasing order.
void CheckRecordIo(const uint8_t* data, size_t size);

// server/validation.h + match_request.h + matcher::Score: the first byte (mod 4) picks the
// message: 0 RankOffersRequest, 1 Candidate, 2 Offer, 3 Territory; the rest is its binary
// encoding. A message the server would accept is converted and scored against fixed records
// (data/examples/nancy.jsonl): scores finite in [0, 1], FastScore's numbers equal Score's,
// criterion values in [0, 1], and whatever validation accepts resolves its weights.
void CheckValidationAndScoring(const uint8_t* data, size_t size);

}  // namespace matching::fuzz

#endif  // MATCHING_TESTS_FUZZ_FUZZ_CHECKS_H_
