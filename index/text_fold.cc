// FoldForSearch with ICU.
#include "index/text_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace matching::index {

std::string FoldForSearch(absl::string_view text) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(error);
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed = U_SUCCESS(error) ? nfd->normalize(input, error) : input;
  if (U_FAILURE(error)) decomposed = input;
  decomposed.foldCase();

  icu::UnicodeString folded;
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (!u_isalnum(c)) {
      pending_space = !folded.isEmpty();
      continue;
    }
    if (pending_space) folded.append(static_cast<UChar>(' '));
    pending_space = false;
    if (c == 0x0153) {  // œ: no decomposition in Unicode
      folded.append(icu::UnicodeString("oe"));
    } else if (c == 0x00E6) {  // æ
      folded.append(icu::UnicodeString("ae"));
    } else {
      folded.append(c);
    }
  }
  std::string out;
  folded.toUTF8String(out);
  return out;
}

}  // namespace matching::index
