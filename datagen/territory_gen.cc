// Real commune + travel estimates + seeded synthetic amenities, care need and zoning.
#include "datagen/territory_gen.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "datagen/random.h"
#include "datagen/travel.h"

namespace matching::datagen {
namespace {

// Departments with a sea coast (mainland and Corsica; overseas ones are all coastal).
constexpr const char* kCoastalDepartments[] = {"06", "11", "13", "14", "17", "22", "29", "30", "33",
                                               "34", "35", "40", "44", "50", "56", "59", "62", "64",
                                               "66", "76", "80", "83", "85", "2A", "2B"};
// Departments with a substantial mountain area (Alps, Pyrenees, Massif Central, Corsica).
constexpr const char* kMountainDepartments[] = {"04", "05", "06", "09", "15", "38", "63",
                                                "64", "65", "66", "73", "74", "2A", "2B"};

// Every field below except the real ones and metropolis_access (flagged per access).
constexpr const char* kSyntheticFields[] = {"creche_minutes",
                                            "primary_school_minutes",
                                            "college_minutes",
                                            "lycee_minutes",
                                            "fibre_coverage",
                                            "train_station_minutes",
                                            "emergency_minutes",
                                            "lifestyle_tags",
                                            "job_openings_by_sector",
                                            "temporary_housing_available",
                                            "rent_eur_per_m2",
                                            "apl",
                                            "gp_over_60_share",
                                            "zoning",
                                            "zonings",
                                            "zfrr",
                                            "local_aids"};

constexpr double kOverseasNearMinutes = 999;

template <size_t N>
bool Contains(const char* const (&list)[N], const std::string& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

double Round2(double value) { return std::round(value * 100) / 100; }

int32_t Minutes(Rng& rng, int low, int high) {
  return static_cast<int32_t>(rng.UniformInt(low, high));
}

// Fills metropolis_access; returns the minutes to the nearest metropolis.
double AddMetropolisAccess(const Commune& commune, const std::vector<Metropole>& metropoles,
                           v1::Territory* territory) {
  if (IsOverseas(commune) || metropoles.empty()) return kOverseasNearMinutes;
  std::vector<std::pair<double, const Metropole*>> by_minutes;
  by_minutes.reserve(metropoles.size());
  for (const Metropole& metropole : metropoles) {
    const double km = GreatCircleKm(commune.lat, commune.lon, metropole.lat, metropole.lon);
    by_minutes.emplace_back(std::round(EstimateDriveMinutes(km)), &metropole);
  }
  std::sort(by_minutes.begin(), by_minutes.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  // A member lists its own metropolis even when another centre is nearer (a commune at
  // the edge of Lyon's metropolis may be closer to Saint-Étienne's centre).
  auto own = std::find_if(by_minutes.begin(), by_minutes.end(), [&](const auto& entry) {
    return !commune.metropolis.empty() && entry.second->id == commune.metropolis;
  });
  const size_t count = std::min<size_t>(kMetropolisAccessCount, by_minutes.size());
  if (own != by_minutes.end() && static_cast<size_t>(own - by_minutes.begin()) >= count) {
    // It takes the last slot; being further than the others, the order stays sorted.
    std::rotate(by_minutes.begin() + count - 1, own, own + 1);
  }
  for (size_t i = 0; i < count; ++i) {
    v1::MetropolisAccess* access = territory->add_metropolis_access();
    access->set_metropolis_id(by_minutes[i].second->id);
    access->set_name(by_minutes[i].second->name);
    access->set_drive_minutes(by_minutes[i].first);
    access->set_drive_minutes_estimated(true);
  }
  return by_minutes.front().first;
}

void AddAmenities(const Commune& commune, double near, Rng& rng, v1::Territory* territory) {
  const int64_t population = commune.population;
  const int remote_extra =
      population < 5000 ? static_cast<int>(std::clamp((near - 60) / 2, 0.0, 15.0)) : 0;
  territory->set_creche_minutes(population >= 2000  ? 0
                                : population >= 500 ? Minutes(rng, 5, 15)
                                                    : Minutes(rng, 10, 25));
  territory->set_primary_school_minutes(population >= 500 ? 0 : Minutes(rng, 4, 12));
  territory->set_college_minutes(population >= 5000   ? 0
                                 : population >= 2000 ? Minutes(rng, 5, 12)
                                                      : Minutes(rng, 8, 25));
  territory->set_lycee_minutes(population >= 10000  ? 0
                               : population >= 5000 ? Minutes(rng, 8, 18)
                                                    : Minutes(rng, 15, 35) + remote_extra);
  int32_t station = 0;
  if (population < 5000) {
    station = Minutes(rng, 8, 40) + remote_extra;
  } else if (population < 20000 && rng.Bernoulli(0.5)) {
    station = Minutes(rng, 5, 15);
  }
  territory->set_train_station_minutes(station);
  territory->set_emergency_minutes(population >= 30000   ? 0
                                   : population >= 10000 ? Minutes(rng, 5, 15)
                                   : population >= 3000  ? Minutes(rng, 10, 25)
                                                         : Minutes(rng, 15, 45) + remote_extra);
  territory->set_fibre_coverage(Round2(population >= 10000  ? rng.Uniform(0.85, 1.0)
                                       : population >= 2000 ? rng.Uniform(0.65, 0.95)
                                                            : rng.Uniform(0.30, 0.90)));
}

void AddLifestyle(const Commune& commune, Rng& rng, v1::Territory* territory) {
  const bool sport = commune.population >= 5000 || rng.Bernoulli(0.3);
  if (commune.population < 10000) territory->add_lifestyle_tags("nature");
  if (commune.population >= 20000 || !commune.metropolis.empty()) {
    territory->add_lifestyle_tags("culture");
  }
  if (sport) territory->add_lifestyle_tags("sport");
  if (Contains(kCoastalDepartments, commune.department) || IsOverseas(commune)) {
    territory->add_lifestyle_tags("sea");
  }
  if (Contains(kMountainDepartments, commune.department)) {
    territory->add_lifestyle_tags("mountain");
  }
}

void AddJobs(const Commune& commune, Rng& rng, v1::Territory* territory) {
  const struct {
    const char* sector;
    double per_thousand;
  } rates[] = {{"health", 3},   {"education", 2}, {"it", commune.metropolis.empty() ? 1.0 : 2.0},
               {"industry", 2}, {"retail", 3},    {"public", 2}};
  auto& jobs = *territory->mutable_job_openings_by_sector();
  for (const auto& rate : rates) {
    const double expected = static_cast<double>(commune.population) * rate.per_thousand / 1000;
    jobs[rate.sector] = static_cast<int32_t>(std::round(expected * rng.Uniform(0.5, 1.5)));
  }
}

// The zone level of each profession's zoning: the commune's APL moved by a per-profession
// draw (the ARS zonings differ by profession), on the five-level scale; the doctors' entry
// repeats the single zoning. Its own generator: the draws after it stay as they were.
void AddZonings(const Commune& commune, double apl, uint64_t seed, v1::Territory* territory) {
  Rng rng(MixSeed(seed, StableHash("zonings:" + commune.insee)));
  v1::ProfessionZoning* gp = territory->add_zonings();
  gp->set_profession(v1::PROFESSION_GP);
  gp->set_level(territory->zoning() == v1::ZONING_ZIP   ? v1::ZONE_LEVEL_ZIP
                : territory->zoning() == v1::ZONING_ZAC ? v1::ZONE_LEVEL_ZAC
                                                        : v1::ZONE_LEVEL_NONE);
  for (v1::Profession profession : {v1::PROFESSION_NURSE, v1::PROFESSION_PHYSIOTHERAPIST,
                                    v1::PROFESSION_MIDWIFE, v1::PROFESSION_DENTIST}) {
    const double level_apl = apl + rng.Uniform(-0.8, 0.8);
    v1::ProfessionZoning* zoning = territory->add_zonings();
    zoning->set_profession(profession);
    zoning->set_level(level_apl < 2.3   ? v1::ZONE_LEVEL_VERY_UNDERSERVED
                      : level_apl < 3.0 ? v1::ZONE_LEVEL_UNDERSERVED
                      : level_apl < 4.2 ? v1::ZONE_LEVEL_INTERMEDIATE
                      : level_apl < 5.3 ? v1::ZONE_LEVEL_WELL_SERVED
                                        : v1::ZONE_LEVEL_OVERSERVED);
  }
}

// Care need, zoning and aids; the APL drives the rest.
void AddCareNeed(const Commune& commune, double near, uint64_t seed, Rng& rng,
                 v1::Territory* territory) {
  // Access to care is uneven by department too (a whole department can lack doctors):
  // one offset per (seed, department), shared by its communes.
  Rng department_rng(MixSeed(seed, StableHash("department:" + commune.department)));
  double apl = 4.8 + department_rng.Uniform(-1.2, 0.6);
  if (commune.population < 500) {
    apl -= 0.8;
  } else if (commune.population < 2000) {
    apl -= 0.4;
  }
  apl -= 1.2 * std::clamp((near - 30) / 60, 0.0, 1.0);
  for (int i = 0; i < 3; ++i) apl += rng.Uniform(-0.6, 0.6);
  apl = Round2(std::clamp(apl, 1.2, 6.5));
  territory->set_apl(apl);
  territory->set_gp_over_60_share(Round2(rng.Uniform(0.25, 0.45) + (apl < 2.5 ? 0.10 : 0.0)));
  territory->set_zoning(apl < 2.5 ? v1::ZONING_ZIP : apl < 3.2 ? v1::ZONING_ZAC : v1::ZONING_NONE);
  AddZonings(commune, apl, seed, territory);
  territory->set_zfrr(commune.population < 2000 && near >= 75);
  const bool local_aid = rng.Bernoulli(0.05);  // drawn always: keeps later draws stable
  const double amount = 500.0 * static_cast<double>(rng.UniformInt(10, 40));
  if (apl < 2.5 && local_aid) {
    v1::LocalAid* aid = territory->add_local_aids();
    aid->set_label("Aide communale à l'installation");
    aid->set_amount_eur(amount);
  }
}

}  // namespace

bool IsOverseas(const Commune& commune) {
  return commune.department.size() == 3 && commune.department[0] == '9';
}

v1::Territory MakeTerritory(const Commune& commune, const std::vector<Metropole>& metropoles,
                            uint64_t seed) {
  v1::Territory territory;
  territory.set_id(commune.insee);
  territory.set_name(commune.name);
  territory.set_department_code(commune.department);
  territory.set_region_code(commune.region);
  territory.set_metropolis_id(commune.metropolis);
  territory.mutable_location()->set_lat(commune.lat);
  territory.mutable_location()->set_lon(commune.lon);
  territory.set_population(commune.population);
  const double near = AddMetropolisAccess(commune, metropoles, &territory);

  Rng rng(MixSeed(seed, StableHash(commune.insee)));
  AddAmenities(commune, near, rng, &territory);
  AddLifestyle(commune, rng, &territory);
  AddJobs(commune, rng, &territory);
  territory.set_temporary_housing_available(
      rng.Bernoulli(commune.population >= 5000 ? 0.70 : 0.35));
  double rent =
      7.5 + 9 * std::exp(-near / 30) +
      0.8 * std::log10(std::max<double>(static_cast<double>(commune.population), 100) / 100);
  if (commune.metropolis == "paris") rent += 8;
  territory.set_rent_eur_per_m2(Round2(rent * rng.Uniform(0.9, 1.1)));
  AddCareNeed(commune, near, seed, rng, &territory);
  for (const char* field : kSyntheticFields) territory.add_synthetic_fields(field);
  return territory;
}

}  // namespace matching::datagen
