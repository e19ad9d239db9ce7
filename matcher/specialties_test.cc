#include "matcher/specialties.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matcher/criteria.h"

namespace matching::matcher {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(SpecialtiesTest, TheCompiledFileParses) {
  // Default() falls back to an empty catalog on a bad file: this is where a bad file fails.
  absl::StatusOr<SpecialtyCatalog> parsed = SpecialtyCatalog::Parse(
      R"({"specialties": [{"id": "pediatrics", "fr": "pédiatrie", "en": "paediatrics"}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SpecialtyCatalog& catalog = SpecialtyCatalog::Default();
  EXPECT_GE(catalog.specialties().size(), 40u);
  EXPECT_FALSE(catalog.version().empty());
  EXPECT_NE(catalog.Find("pediatrics"), nullptr);
}

TEST(SpecialtiesTest, SynonymsInFrenchAndEnglishNameOneId) {
  const SpecialtyCatalog& catalog = SpecialtyCatalog::Default();
  for (const char* text :
       {"pediatrics", "Pédiatrie", "pediatrie", "general paediatrics", "PÉDIATRIE  GÉNÉRALE"}) {
    EXPECT_EQ(catalog.Canonical(text), "pediatrics") << text;
  }
  EXPECT_EQ(catalog.Canonical("médecine générale"), "general medicine");
  EXPECT_EQ(catalog.Canonical("Gynécologie-Obstétrique"), "obstetrics");
  EXPECT_EQ(catalog.Canonical("ORL"), "ent");
  EXPECT_EQ(catalog.Canonical(""), "");
  EXPECT_EQ(catalog.Canonical("astrology"), std::nullopt);
  EXPECT_EQ(catalog.Label("pediatrics", Language::kFrench), "pédiatrie");
  EXPECT_EQ(catalog.Label("pediatrics", Language::kEnglish), "paediatrics");
}

TEST(SpecialtiesTest, RelatedEitherWayAndNeverAnotherSpecialty) {
  EXPECT_EQ(SpecialtyFit("pediatrics", "neonatology"), kRelatedSpecialtyValue);
  EXPECT_EQ(SpecialtyFit("néonatologie", "Pédiatrie"), kRelatedSpecialtyValue);
  EXPECT_EQ(SpecialtyFit("cardiology", "cardiologie"), 1);
  EXPECT_EQ(SpecialtyFit("cardiology", "pediatrics"), 0);
  EXPECT_EQ(SpecialtyFit("", "pediatrics"), 1);
  // Text the catalog does not know matches only itself.
  EXPECT_EQ(SpecialtyFit("Thoracic Surgery X", "thoracic surgery x"), 1);
  EXPECT_EQ(SpecialtyFit("thoracic surgery x", "cardiology"), 0);
}

TEST(SpecialtiesTest, SuggestionsForErrorMessages) {
  const SpecialtyCatalog& catalog = SpecialtyCatalog::Default();
  EXPECT_THAT(catalog.Suggestions("cardio"), Contains("cardiology"));
  EXPECT_THAT(catalog.Suggestions("pediatric"), Contains("pediatrics"));
}

TEST(SpecialtiesTest, BadFilesAreRefusedNamingTheEntry) {
  EXPECT_THAT(
      std::string(SpecialtyCatalog::Parse(R"({"specialties": [{"id": "x"}]})").status().message()),
      HasSubstr("specialties[0]: needs 'id', 'fr' and 'en'"));
  EXPECT_THAT(std::string(SpecialtyCatalog::Parse(
                              R"({"specialties": [{"id": "a", "fr": "a", "en": "a",
                                  "related": ["b"]}]})")
                              .status()
                              .message()),
              HasSubstr("related 'b' is not in the file"));
  EXPECT_THAT(std::string(SpecialtyCatalog::Parse(
                              R"({"specialties": [{"id": "a", "fr": "x", "en": "a"},
                                                  {"id": "b", "fr": "X", "en": "b"}]})")
                              .status()
                              .message()),
              HasSubstr("'X' also names 'a'"));
  EXPECT_FALSE(SpecialtyCatalog::Parse("not json").ok());
}

TEST(SpecialtiesTest, FoldIgnoresCaseAccentsAndPunctuation) {
  EXPECT_EQ(FoldSpecialty("  Médecine  d'Urgence "), "medecine d urgence");
  EXPECT_EQ(FoldSpecialty("Œnologie"), "oenologie");
}

}  // namespace
}  // namespace matching::matcher
