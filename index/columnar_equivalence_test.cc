// The columnar, memoised ranking gives exactly what matcher::FastScore gives pair by pair
// (same records, same scores to the bit, same order), on generated national-style data,
// with filters, personal priorities, paused and closed records, and after erasures that
// free dictionary codes for reuse. And the columns are lossless: Find* gives back what
// was put.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "datagen/communes.h"
#include "datagen/population.h"
#include "datagen/territory_gen.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/convert.h"
#include "index/memory_index.h"
#include "matcher/geo.h"
#include "matcher/joint.h"
#include "matcher/recruiter_order.h"

namespace matching::index {
namespace {

struct Expected {
  std::string id;
  matcher::Scores scores;
  bool beyond_limits = false;  // ranked after every pair within its limits
  uint64_t tie_break = 0;      // RankCandidates: matcher::RecruiterTieBreak(), higher first
};

void ExpectSameRanking(const std::vector<Expected>& expected, const RankResult& result,
                       bool offers) {
  ASSERT_EQ(result.pairs.size(), expected.size()) << (offers ? "offers" : "candidates");
  for (size_t i = 0; i < expected.size(); ++i) {
    const RankedPair& pair = result.pairs[i];
    const std::string& id = offers ? pair.offer.id : pair.candidate->id;
    ASSERT_EQ(id, expected[i].id) << "rank " << i;
    // Bit-equal, not approximately equal: both paths combine the same outcomes.
    EXPECT_EQ(pair.scores.score, expected[i].scores.score) << id;
    EXPECT_EQ(pair.scores.candidate_score, expected[i].scores.candidate_score) << id;
    EXPECT_EQ(pair.scores.territory_score, expected[i].scores.territory_score) << id;
  }
}

void SortBestFirst(std::vector<Expected>* expected, size_t top_k) {
  std::sort(expected->begin(), expected->end(), [](const Expected& a, const Expected& b) {
    if (a.beyond_limits != b.beyond_limits) return b.beyond_limits;
    if (a.scores.score != b.scores.score) return a.scores.score > b.scores.score;
    return a.tie_break != b.tie_break ? a.tie_break > b.tie_break : a.id < b.id;
  });
  if (expected->size() > top_k) expected->resize(top_k);
}

bool Within(const matcher::CandidateProfile& candidate, const matcher::TerritoryFeatures& t,
            double max_drive) {
  if (max_drive <= 0) return true;
  const matcher::MetropolisAccess* nearest = matcher::NearestChosenMetropolis(candidate, t);
  return nearest != nullptr && nearest->drive_minutes <= max_drive;
}

bool Placed(const matcher::TerritoryFeatures& t) { return t.lat != 0 || t.lon != 0; }

// open_offers_nearby the plain way: every open offer against every territory, for the
// index's incremental NearbyOpeningsTable to match.
void FillNearbyByBruteForce(const std::map<std::string, matcher::OfferFeatures>& offers,
                            std::map<std::string, matcher::TerritoryFeatures>* territories) {
  std::map<std::string, std::vector<const matcher::OfferFeatures*>> open_by_territory;
  for (const auto& [id, offer] : offers) {
    if (offer.status == matcher::OfferStatus::kOpen ||
        offer.status == matcher::OfferStatus::kUnspecified) {
      open_by_territory[offer.territory_id].push_back(&offer);
    }
  }
  for (auto& [id, t] : *territories) {
    std::map<matcher::NearbyOpeningsKey, std::vector<matcher::NearbyOffer>> found;
    for (const auto& [there_id, there_offers] : open_by_territory) {
      double minutes = 0;
      if (there_id != id) {
        auto there = territories->find(there_id);
        if (there == territories->end() || !Placed(t) || !Placed(there->second)) continue;
        minutes = matcher::EstimateDriveMinutes(
            matcher::GreatCircleKm(t.lat, t.lon, there->second.lat, there->second.lon));
        if (minutes > matcher::kNearbyReachMinutes) continue;
      }
      for (const matcher::OfferFeatures* offer : there_offers) {
        found[{offer->profession, offer->specialty}].push_back({offer->id, minutes});
      }
    }
    t.open_offers_nearby = matcher::NearbyOpeningsByKey();
    for (auto& [key, list] : found) {
      std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return a.drive_minutes != b.drive_minutes ? a.drive_minutes < b.drive_minutes
                                                  : a.offer_id < b.offer_id;
      });
      matcher::NearbyOpenings& openings = t.open_offers_nearby.Mutable(key);
      openings.count = static_cast<int>(list.size());
      list.resize(std::min<size_t>(list.size(), matcher::kNearbyOffersListed));
      openings.nearest = std::move(list);
    }
  }
}

class ColumnarEquivalenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string data = std::string(MATCHING_SOURCE_DIR) + "/data";
    auto communes = datagen::ReadCommunes(data + "/communes.csv");
    auto metropoles = datagen::ReadMetropoles(data + "/metropoles.csv");
    ASSERT_TRUE(communes.ok() && metropoles.ok());
    std::vector<v1::Territory> territories;
    // Every 20th commune: about 1,700 territories all over France.
    for (size_t i = 0; i < communes->size(); i += 20) {
      territories.push_back(datagen::MakeTerritory((*communes)[i], *metropoles, 3));
      index_.PutTerritory(territories.back());
      territories_[territories.back().id()] = ToTerritoryFeatures(territories.back());
    }
    territory_records_ = territories;
    auto population = datagen::PopulationGenerator::Create({3, as_of_}, territories, *metropoles);
    ASSERT_TRUE(population.ok());
    for (int i = 0; i < 3000; ++i) {
      v1::Offer offer = population->NextOffer();
      if (i % 17 == 0) offer.set_status(v1::OFFER_STATUS_CLOSED);
      if (i % 101 == 0) offer.set_territory_id("not-stored-yet");
      Put(offer);
    }
    for (int i = 0; i < 6000; ++i) {
      v1::Candidate candidate = population->NextCandidate();
      if (i % 13 == 0) candidate.set_status(v1::CANDIDATE_STATUS_PAUSED);
      if (i % 7 == 0) (*candidate.mutable_weights())["family"] = 3;
      if (i % 11 == 0) (*candidate.mutable_weights())["money"] = 0;
      if (i % 9 == 0)
        candidate.add_excluded_department_codes(
            territories[i % territories.size()].department_code());
      if (i % 19 == 0) candidate.mutable_consent()->set_given(false);
      // Registered with one of two organisations (issue 19 point 5), or with none.
      if (i % 5 == 1) candidate.set_registering_organization_id("org-a");
      if (i % 5 == 2) candidate.set_registering_organization_id("org-b");
      if (i % 29 == 0) {  // a specialist partner: only fitting specialties count
        v1::Partner* partner = candidate.mutable_household()->mutable_partner();
        partner->set_needs_job(true);
        partner->set_profession(v1::PROFESSION_SPECIALIST);
        partner->set_specialty(i % 58 == 0 ? "pediatrics" : "cardiology");
      }
      if (i % 23 == 0) {
        candidate.add_wanted_department_codes(
            territories[(i * 7) % territories.size()].department_code());
      }
      Put(candidate);
    }
    auto rules = matcher::AidRules::LoadFromFile(data + "/aids.json");
    ASSERT_TRUE(rules.ok()) << rules.status();
    aid_rules_ = std::move(*rules);
    query_.options.aid_rules = &aid_rules_;
    query_.options.as_of = as_of_;
    query_.top_k = 100000;  // everything: compares the whole ranking, not just its head
  }

  void Put(const v1::Offer& offer) {
    index_.PutOffer(offer);
    offers_[offer.id()] = ToOfferFeatures(offer);
    offer_records_[offer.id()] = offer;
  }
  // Erases the offer at `it` from the index and from the expected records; the next one.
  std::map<std::string, matcher::OfferFeatures>::iterator EraseOffer(
      std::map<std::string, matcher::OfferFeatures>::iterator it) {
    index_.EraseOffer(it->first);
    offer_records_.erase(it->first);
    return offers_.erase(it);
  }
  void Put(const v1::Candidate& candidate) {
    index_.PutCandidate(candidate);
    candidates_[candidate.id()] = ToCandidateProfile(candidate);
  }

  std::vector<Expected> BruteRankOffers(const matcher::CandidateProfile& candidate,
                                        const RankQuery& query) {
    const matcher::Weights weights = *matcher::ResolveWeights(query.weights, {}, candidate.weights);
    std::vector<Expected> expected;
    for (const auto& [id, offer] : offers_) {
      auto t = territories_.find(offer.territory_id);
      if (t == territories_.end() || !matcher::Eligible(candidate, offer, t->second)) continue;
      if (!Within(candidate, t->second, query.filters.max_drive_minutes)) continue;
      const bool beyond =
          !matcher::CheckLimits(candidate, offer, t->second, query.options.as_of).empty();
      beyond_seen_ += beyond;
      if (beyond && !query.include_beyond_limits) continue;
      expected.push_back(
          {id, matcher::FastScore(candidate, offer, t->second, weights, query.options), beyond});
    }
    SortBestFirst(&expected, static_cast<size_t>(query.top_k));
    return expected;
  }

  std::vector<Expected> BruteRankCandidates(const std::string& offer_id, const RankQuery& query) {
    matcher::OfferFeatures offer = offers_.at(offer_id);
    offer.status = matcher::OfferStatus::kOpen;
    const matcher::TerritoryFeatures& t = territories_.at(offer.territory_id);
    std::vector<Expected> expected;
    for (const auto& [id, candidate] : candidates_) {
      if (!matcher::Eligible(candidate, offer, t)) continue;
      if (!matcher::VisibleToRecruiters(candidate)) {
        ++hidden_seen_;
        continue;
      }
      if (!matcher::VisibleToOrganization(candidate, query.viewer_organization)) {
        ++other_organisation_seen_;
        continue;
      }
      if (!Within(candidate, t, query.filters.max_drive_minutes)) continue;
      const bool beyond = !matcher::CheckLimits(candidate, offer, t, query.options.as_of).empty();
      beyond_seen_ += beyond;
      if (beyond && !query.include_beyond_limits) continue;
      matcher::Weights weights = query.weights;
      if (!candidate.weights.empty()) {
        weights = *matcher::ResolveWeights(query.weights, {}, candidate.weights);
      }
      expected.push_back({id, matcher::FastScore(candidate, offer, t, weights, query.options),
                          beyond,
                          matcher::RecruiterTieBreak(candidate, offer, t, query.options.as_of)});
    }
    SortBestFirst(&expected, static_cast<size_t>(query.top_k));
    return expected;
  }

  // Ranks offers for `households` candidates and candidates for 25 offers.
  void CheckRankings(const RankQuery& query, int households = 25) {
    FillNearbyByBruteForce(offers_, &territories_);
    for (const auto& [id, t] : territories_) {  // the index's records carry the same
      std::optional<matcher::TerritoryFeatures> indexed = index_.FindTerritory(id);
      ASSERT_TRUE(indexed.has_value()) << id;
      ASSERT_EQ(indexed->open_offers_nearby.size(), t.open_offers_nearby.size()) << id;
      for (int p = 0; p < matcher::NearbyOpeningsByKey::kProfessionSlots; ++p) {
        const auto part = t.open_offers_nearby.Of(static_cast<matcher::Profession>(p));
        if (part == nullptr) continue;
        for (const auto& [specialty, openings] : *part) {
          const std::optional<matcher::NearbyOpenings> found =
              indexed->open_offers_nearby.Find({static_cast<matcher::Profession>(p), specialty});
          ASSERT_TRUE(found.has_value()) << id;
          ASSERT_EQ(found->count, openings.count) << id << " " << specialty;
          ASSERT_EQ(found->nearest.size(), openings.nearest.size()) << id;
          for (size_t i = 0; i < openings.nearest.size(); ++i) {
            EXPECT_EQ(found->nearest[i].offer_id, openings.nearest[i].offer_id) << id;
            EXPECT_EQ(found->nearest[i].drive_minutes, openings.nearest[i].drive_minutes);
          }
        }
      }
    }
    int checked = 0;
    for (const auto& [id, candidate] : candidates_) {
      if (++checked > households) break;
      absl::StatusOr<RankResult> result = index_.RankOffers(candidate, query);
      ASSERT_TRUE(result.ok()) << result.status();
      ExpectSameRanking(BruteRankOffers(candidate, query), *result, true);
    }
    checked = 0;
    for (const auto& [id, offer] : offers_) {
      if (offer.territory_id == "not-stored-yet") continue;
      if (++checked > 25) break;
      absl::StatusOr<RankResult> result = index_.RankCandidates(id, query);
      ASSERT_TRUE(result.ok()) << result.status();
      ExpectSameRanking(BruteRankCandidates(id, query), *result, false);
    }
  }

  const absl::CivilDay as_of_{2026, 11, 23};
  matcher::AidRules aid_rules_;
  MemoryIndex index_;
  RankQuery query_;
  std::vector<v1::Territory> territory_records_;
  std::map<std::string, matcher::TerritoryFeatures> territories_;
  std::map<std::string, matcher::OfferFeatures> offers_;
  std::map<std::string, v1::Offer> offer_records_;
  std::map<std::string, matcher::CandidateProfile> candidates_;
  int64_t beyond_seen_ = 0;              // pairs beyond a limit the brute force met
  int64_t hidden_seen_ = 0;              // households without consent or searching it met
  int64_t other_organisation_seen_ = 0;  // households of another organisation than the viewer's
};

TEST_F(ColumnarEquivalenceTest, SameRankingAsFastScorePairByPair) { CheckRankings(query_); }

// Pairs beyond their limits (specialty, drive time, departments, the offer's requirements)
// are not ranked; asked for, they come after every pair within, capped. Recruiters never
// see a household without consent.
TEST_F(ColumnarEquivalenceTest, SameRankingBeyondLimitsAfterThoseWithin) {
  RankQuery query = query_;
  CheckRankings(query, 100);
  // The generated data has pairs beyond limits and hidden households: the test compares
  // something.
  EXPECT_GT(beyond_seen_, 1000);
  EXPECT_GT(hidden_seen_, 0);
  query.include_beyond_limits = true;
  CheckRankings(query);
  query.top_k = 20;
  CheckRankings(query, 100);
}

// An agency ranks only the households registered with its organisation or with none: the
// flags code carries the organisation, gated like consent (one verdict per code).
TEST_F(ColumnarEquivalenceTest, SameRankingForAnAgencyOfOneOrganisation) {
  RankQuery query = query_;
  query.viewer_organization = "org-a";
  CheckRankings(query, 100);
  EXPECT_GT(other_organisation_seen_, 100);  // org-b's households were met, and left out
  query.viewer_organization = "org-c";       // registers none: sees only the unregistered
  query.include_beyond_limits = true;
  CheckRankings(query, 100);
}

TEST_F(ColumnarEquivalenceTest, SameRankingWithFiltersAndTopK) {
  RankQuery query = query_;
  query.filters.max_drive_minutes = 60;
  query.top_k = 20;
  CheckRankings(query);
}

// A short top-k lets RankOffers drop rows by its bound (criteria reordered after a first
// block): the head must still be FastScore's, for each combination.
TEST_F(ColumnarEquivalenceTest, SameTopKWhenTheBoundDropsRows) {
  index_.Optimize();
  RankQuery query = query_;
  for (matcher::Combination combination :
       {matcher::Combination::kHarmonic, matcher::Combination::kGeometric,
        matcher::Combination::kCandidateOnly, matcher::Combination::kTerritoryOnly}) {
    query.options.combination = combination;
    for (int top_k : {1, 5, 20}) {
      query.top_k = top_k;
      CheckRankings(query, 150);
    }
  }
}

// RankOffers decides the filters and proximity once per run of one territory's offers.
// Erasures move rows, and offers put after a reordering are appended: a territory then
// has several runs, some of one row, and the head must not change.
TEST_F(ColumnarEquivalenceTest, SameTopKWithRunsSplitByErasuresAndAppends) {
  index_.Optimize();
  std::vector<v1::Offer> copies;
  int step = 0;
  for (auto it = offers_.begin(); it != offers_.end();) {
    ++step;
    if (step % 4 == 0) {
      it = EraseOffer(it);
      continue;
    }
    if (step % 5 == 0) copies.push_back(offer_records_.at(it->first));
    ++it;
  }
  for (size_t i = 0; i < copies.size(); ++i) {
    v1::Offer offer = copies[i];
    offer.set_id(absl::StrCat("appended-", i));
    if (i % 3 == 0) offer.set_status(v1::OFFER_STATUS_CLOSED);
    Put(offer);
  }
  RankQuery query = query_;
  for (int top_k : {1, 5, 20}) {
    query.top_k = top_k;
    CheckRankings(query, 150);
  }
}

TEST_F(ColumnarEquivalenceTest, SameRankingWithOtherWeightsAndCombination) {
  RankQuery query = query_;
  query.weights.proximity = 0;
  query.weights.family = 5;
  query.options.combination = matcher::Combination::kGeometric;
  query.options.aid_rules = nullptr;  // money not applicable
  CheckRankings(query);
}

// RankOffers keeps territory criteria across queries, by the household and offer fields
// they read (territory_cache.h): hundreds of households in turn, other options on the
// same index, and territories that change must all still match FastScore.
TEST_F(ColumnarEquivalenceTest, SameRankingFromTheTerritoryCacheAcrossQueries) {
  CheckRankings(query_, 400);  // fills the cache
  CheckRankings(query_, 400);  // reads it
  RankQuery other = query_;
  other.options.proximity_scale_minutes = 5;
  other.options.proximity_shape = matcher::DecayShape::kLinear;
  other.options.as_of = as_of_ + 800;  // other aid rules apply
  CheckRankings(other, 100);
  other.options.aid_rules = nullptr;
  CheckRankings(other, 100);
  // Territories change under the cache: amenities, care need, jobs, housing, tags. Each
  // write forgets its own cells only: the cache keeps its columns.
  const size_t cache_bytes = index_.territory_cache_bytes();
  ASSERT_GT(cache_bytes, 0u);
  for (size_t i = 0; i < territory_records_.size(); i += 3) {
    v1::Territory& territory = territory_records_[i];
    territory.set_creche_minutes(territory.creche_minutes() + 17);
    territory.set_lycee_minutes(territory.lycee_minutes() + 9);
    territory.set_apl(territory.apl() / 2);
    territory.set_rent_eur_per_m2(territory.rent_eur_per_m2() + 4);
    territory.set_temporary_housing_available(!territory.temporary_housing_available());
    territory.set_fibre_coverage(1 - territory.fibre_coverage());
    (*territory.mutable_job_openings_by_sector())["health"] += 2;
    territory.add_lifestyle_tags("sea");
    territory.set_zfrr(!territory.zfrr());
    if (territory.metropolis_access_size() > 0) {
      auto* access = territory.mutable_metropolis_access(0);
      access->set_drive_minutes(access->drive_minutes() + 11);
    }
    if (i % 2 == 0) {  // moved: other neighbours, other open offers within reach
      territory.mutable_location()->set_lat(territory.location().lat() + 0.15);
      territory.mutable_location()->set_lon(territory.location().lon() - 0.1);
    }
    index_.PutTerritory(territory);
    territories_[territory.id()] = ToTerritoryFeatures(territory);
  }
  EXPECT_EQ(index_.territory_cache_bytes(), cache_bytes);
  CheckRankings(query_, 400);
  // Erased and written again with other zoning and aids: freed money class and drive
  // minutes codes come back for other values, and their cells must not be the old ones.
  for (size_t i = 1; i < territory_records_.size(); i += 4) {
    v1::Territory& territory = territory_records_[i];
    index_.EraseTerritory(territory.id());
    territory.set_zfrr(!territory.zfrr());
    territory.set_zoning(territory.zoning() == v1::ZONING_ZIP ? v1::ZONING_NONE : v1::ZONING_ZIP);
    if (territory.metropolis_access_size() > 0) {
      auto* access = territory.mutable_metropolis_access(0);
      access->set_drive_minutes(access->drive_minutes() + 3);
    }
    index_.PutTerritory(territory);
    territories_[territory.id()] = ToTerritoryFeatures(territory);
  }
  CheckRankings(query_, 400);
}

TEST_F(ColumnarEquivalenceTest, SameRankingAfterReorderingAndErasuresThatReuseCodes) {
  index_.Optimize();  // rows move; the id map must follow
  CheckRankings(query_);
  int erased = 0;
  for (auto it = candidates_.begin(); it != candidates_.end();) {
    if (++erased % 2 == 0) {
      index_.EraseCandidate(it->first);
      it = candidates_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = offers_.begin(); it != offers_.end();) {
    if (++erased % 3 == 0) {
      it = EraseOffer(it);
    } else {
      ++it;
    }
  }
  // New records take the freed codes.
  v1::Candidate changed;
  changed.set_id("cand-new");
  changed.set_profession(v1::PROFESSION_NURSE);
  changed.add_metropolis_ids("lyon");
  changed.set_max_drive_minutes(25);
  changed.mutable_household()->add_children_ages(4);
  changed.set_available_from("2027-02-01");
  Put(changed);
  EXPECT_EQ(index_.candidate_count(), candidates_.size());
  EXPECT_EQ(index_.offer_count(), offers_.size());
  CheckRankings(query_);
}

// Joint ranking (RankJointOffers) against the plain way: the candidate's own best offers
// (BruteRankOffers, as many as the index considers), each with the partner's best open
// offer of every territory within reach by brute-force distances, scored by FastScore.
TEST_F(ColumnarEquivalenceTest, SameJointPairsAsThePlainWay) {
  FillNearbyByBruteForce(offers_, &territories_);
  RankQuery query = query_;
  query.top_k = 15;
  query.joint = true;
  int checked = 0;
  int paired = 0;
  for (const auto& [id, candidate] : candidates_) {
    if (!candidate.partner || !matcher::SeeksHealthPost(*candidate.partner)) {
      if (candidate.partner && checked == 0) {
        EXPECT_EQ(index_.RankOffers(candidate, query).status().code(),
                  absl::StatusCode::kInvalidArgument);
      }
      continue;
    }
    if (++checked > 60) break;
    const matcher::Weights weights = *matcher::ResolveWeights(query.weights, {}, candidate.weights);
    const matcher::CandidateProfile partner = matcher::PartnerProfile(candidate);
    RankQuery own = query_;
    own.top_k = std::max(query.top_k * kJointWidening, kJointMinCandidateOffers);
    struct Pair {
      double score;
      std::string offer;
      std::string partner_offer;
    };
    std::vector<Pair> expected;
    for (const Expected& mine : BruteRankOffers(candidate, own)) {
      const matcher::TerritoryFeatures& here = territories_.at(offers_.at(mine.id).territory_id);
      std::optional<std::pair<double, std::string>> best;
      for (const auto& [other_id, other] : offers_) {
        auto t = territories_.find(other.territory_id);
        if (t == territories_.end()) continue;
        if (t->second.id != here.id) {
          if (!Placed(here) || !Placed(t->second)) continue;
          const double minutes = matcher::EstimateDriveMinutes(
              matcher::GreatCircleKm(here.lat, here.lon, t->second.lat, t->second.lon));
          if (minutes > matcher::kNearbyReachMinutes) continue;
        }
        if (!matcher::Eligible(partner, other, t->second) ||
            !matcher::PartnerLimits(partner, other, t->second, query.options.as_of).empty()) {
          continue;
        }
        const double score =
            matcher::FastScore(partner, other, t->second, weights, query.options).score;
        if (!best || score > best->first || (score == best->first && other_id < best->second)) {
          best = {score, other_id};
        }
      }
      if (!best || best->second == mine.id) continue;
      expected.push_back(
          {matcher::JointScore(mine.scores.score, best->first), mine.id, best->second});
    }
    std::sort(expected.begin(), expected.end(), [](const Pair& a, const Pair& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.offer != b.offer ? a.offer < b.offer : a.partner_offer < b.partner_offer;
    });
    if (expected.size() > 15) expected.resize(15);
    absl::StatusOr<RankResult> result = index_.RankOffers(candidate, query);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_EQ(result->pairs.size(), expected.size()) << id;
    for (size_t i = 0; i < expected.size(); ++i) {
      const RankedPair& pair = result->pairs[i];
      ASSERT_TRUE(pair.partner.has_value());
      EXPECT_EQ(pair.offer.id, expected[i].offer) << id << " rank " << i;
      EXPECT_EQ(pair.partner->offer.id, expected[i].partner_offer) << id << " rank " << i;
      EXPECT_EQ(pair.scores.score, expected[i].score) << id << " rank " << i;
      ++paired;
    }
  }
  EXPECT_GT(checked, 20);
  EXPECT_GT(paired, 50);  // the test meets real pairs
}

TEST_F(ColumnarEquivalenceTest, FindGivesBackWhatWasPut) {
  index_.Optimize();
  for (const auto& [id, expected] : candidates_) {
    std::optional<matcher::CandidateProfile> found = index_.FindCandidate(id);
    ASSERT_TRUE(found.has_value()) << id;
    EXPECT_EQ(found->specialty, expected.specialty);
    EXPECT_EQ(found->experience_years, expected.experience_years);
    EXPECT_EQ(found->preferred_settings, expected.preferred_settings);
    EXPECT_EQ(found->available_from, expected.available_from);
    EXPECT_EQ(found->available_until, expected.available_until);
    EXPECT_EQ(found->metropolis_ids, expected.metropolis_ids);
    EXPECT_EQ(found->excluded_department_codes, expected.excluded_department_codes);
    EXPECT_EQ(found->partner.has_value(), expected.partner.has_value());
    if (found->partner && expected.partner) {
      EXPECT_EQ(found->partner->sector, expected.partner->sector);
      EXPECT_EQ(found->partner->needs_job, expected.partner->needs_job);
      EXPECT_EQ(found->partner->profession, expected.partner->profession);
      EXPECT_EQ(found->partner->specialty, expected.partner->specialty);
    }
    EXPECT_EQ(found->children_ages, expected.children_ages);
    EXPECT_EQ(found->lifestyle_tags, expected.lifestyle_tags);
    EXPECT_EQ(found->max_on_call_per_month, expected.max_on_call_per_month);
    EXPECT_EQ(found->weights, expected.weights);
    EXPECT_EQ(found->status, expected.status);
    EXPECT_EQ(found->consent_given, expected.consent_given);
    EXPECT_EQ(found->registering_organization, expected.registering_organization);
  }
  for (const auto& [id, expected] : offers_) {
    std::optional<matcher::OfferFeatures> found = index_.FindOffer(id);
    ASSERT_TRUE(found.has_value()) << id;
    EXPECT_EQ(found->territory_id, expected.territory_id);
    EXPECT_EQ(found->organization_id, expected.organization_id);
    EXPECT_EQ(found->start_date, expected.start_date);
    EXPECT_EQ(found->installation_bonus_eur, expected.installation_bonus_eur);
    EXPECT_EQ(found->positions, expected.positions);
    EXPECT_EQ(found->premises_provided, expected.premises_provided);
    EXPECT_EQ(found->status, expected.status);
  }
}

}  // namespace
}  // namespace matching::index
