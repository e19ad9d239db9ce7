// Place names fold so that a visitor typing without accents finds the commune.
#include "index/text_fold.h"

#include "gtest/gtest.h"

namespace matching::index {
namespace {

TEST(TextFoldTest, AccentsCaseAndPunctuationFold) {
  EXPECT_EQ(FoldForSearch("Condé-sur-l'Escaut"), "conde sur l escaut");
  EXPECT_EQ(FoldForSearch("CONDE SUR L’ESCAUT"), "conde sur l escaut");
  EXPECT_EQ(FoldForSearch("Saint-Étienne"), "saint etienne");
  EXPECT_EQ(FoldForSearch("  L'Haÿ-les-Roses "), "l hay les roses");
  EXPECT_EQ(FoldForSearch("Œuilly"), "oeuilly");
  EXPECT_EQ(FoldForSearch("Lunéville"), "luneville");
  EXPECT_EQ(FoldForSearch("Bar-le-Duc"), FoldForSearch("bar le duc"));
  EXPECT_EQ(FoldForSearch(""), "");
  EXPECT_EQ(FoldForSearch("--"), "");
}

TEST(TextFoldTest, InvalidUtf8DoesNotCrash) {
  const std::string bad("Nan\xC3\x28y\xFF", 7);
  EXPECT_FALSE(FoldForSearch(bad).empty());
}

}  // namespace
}  // namespace matching::index
