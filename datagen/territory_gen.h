// Demo territories: a real commune (name, codes, population, location) completed with
// travel estimates to the metropolises and with synthetic, plausible values for what no
// open packaged source provides (amenities, care need, zoning, jobs, housing).
//
// Pure function of its arguments; thread-safe. Every synthetic field's proto name is
// listed in Territory.synthetic_fields so that explanations can say "synthetic".
#ifndef MATCHING_DATAGEN_TERRITORY_GEN_H_
#define MATCHING_DATAGEN_TERRITORY_GEN_H_

#include <cstdint>
#include <vector>

#include "datagen/communes.h"
#include "matching/v1/territory.pb.h"

namespace matching::datagen {

// Metropolis accesses per territory (fewer only when fewer metropolises are given).
inline constexpr int kMetropolisAccessCount = 3;

// True outside mainland France and Corsica: department "971".."978", "986", "988".
// Note: the API (server/validation.cc) accepts department codes "97[1-8]" only, so the 33
// placed communes of Wallis-et-Futuna ("986") and New Caledonia ("988") make territories it
// rejects; loaders skip them, or the API widens its rule.
bool IsOverseas(const Commune& commune);

// Builds the territory of `commune`. Real fields: id (INSEE code), name, department_code,
// region_code, location, population.
//
// metropolis_access: the kMetropolisAccessCount metropolises with the fewest estimated
// drive minutes (travel.h) from the commune to the metropolis centre, nearest first, ties
// by id; a member of a metropolis always lists its own one. Minutes are rounded to whole
// minutes and drive_minutes_estimated is true. Overseas communes (IsOverseas) get none:
// no road leads to a metropolis.
//
// Synthetic fields are drawn from a generator seeded with hash(seed, INSEE code), so one
// commune's values depend only on (seed, commune, metropoles), never on which other
// communes are generated or in which order (the APL's department offset is keyed by
// (seed, department) alone). "near" below is the estimated minutes to the
// nearest metropolis (999 overseas). Rules:
//   creche_minutes           0 from 2,000 inhabitants; 5-15 from 500; else 10-25
//   primary_school_minutes   0 from 500; else 4-12
//   college_minutes          0 from 5,000; 5-12 from 2,000; else 8-25
//   lycee_minutes            0 from 10,000; 8-18 from 5,000; else 15-35
//   train_station_minutes    0 from 20,000; 0 or 5-15 from 5,000; else 8-40
//   emergency_minutes        0 from 30,000; 5-15 from 10,000; 10-25 from 3,000; else 15-45
//     (below 5,000 inhabitants, lycée, station and emergency add (near - 60) / 2 minutes,
//      at most 15, when near > 60: remote communes are further from everything)
//   fibre_coverage           0.85-1 from 10,000; 0.65-0.95 from 2,000; else 0.30-0.90
//   lifestyle_tags           "nature" below 10,000; "culture" from 20,000 or in a
//                            metropolis; "sport" from 5,000 or 30%; "sea" in coastal
//                            departments; "mountain" in mountain departments (the lists
//                            are in territory_gen.cc; by department, not by coastline)
//   job_openings_by_sector   health 3, education 2, it 1 (2 in metropolises), industry 2,
//                            retail 3, public 2 per 1,000 inhabitants, times 0.5-1.5
//   temporary_housing_available  70% from 5,000 inhabitants, else 35%
//   rent_eur_per_m2          7.5 + 9 exp(-near/30) + 0.8 log10(population/100), +8 in the
//                            Paris metropolis, times 0.9-1.1
//   apl                      4.8 + a department offset in [-1.2, 0.6] (one draw per
//                            (seed, department)) - 0.8 below 500 inhabitants (- 0.4
//                            below 2,000) - 1.2 * clamp((near - 30) / 60, 0, 1) + noise
//                            (sd ~0.6), clamped to [1.2, 6.5]. Seed 42 on data/: mean
//                            3.1 by commune, 3.85 by inhabitant (national ~4); 27% of
//                            communes (10% of inhabitants) in ZIP, 27% in ZAC
//   gp_over_60_share         0.25-0.45, +0.10 when apl < 2.5
//   zoning                   ZIP when apl < 2.5, ZAC when apl < 3.2, else NONE
//   zfrr                     population below 2,000 and near >= 75 (about half
//                            of the communes, as the real ZFRR list)
//   local_aids               5% of communes with apl < 2.5: "Aide communale à
//                            l'installation", EUR 5,000-20,000 in steps of 500
// Decimals are rounded to 2 places; minutes are whole.
v1::Territory MakeTerritory(const Commune& commune, const std::vector<Metropole>& metropoles,
                            uint64_t seed);

}  // namespace matching::datagen

#endif  // MATCHING_DATAGEN_TERRITORY_GEN_H_
