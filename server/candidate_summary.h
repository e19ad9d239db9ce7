// What a recruiter's ranking table and agendas show of a household (Match.candidate_summary).
#ifndef MATCHING_SERVER_CANDIDATE_SUMMARY_H_
#define MATCHING_SERVER_CANDIDATE_SUMMARY_H_

#include <string>
#include <vector>

#include "index/memory_index.h"
#include "matcher/types.h"
#include "matching/v1/matching.pb.h"

namespace matching::server {

// The stored commune nearest a home decides its department when within this distance.
inline constexpr double kCurrentDepartmentMaxKm = 50;

// Writes the household's professional and household shape, its availability, its current
// department (MemoryIndex::DepartmentNear of its current home) and the distance from home to
// `territory`. Never names or contact data (profiles hold none). Thread-safe.
void FillCandidateSummary(const matcher::CandidateProfile& candidate,
                          const matcher::TerritoryFeatures& territory,
                          const index::MemoryIndex& index, v1::CandidateSummary* summary);

// What the household looks for, one short sentence per wish it stated, in `language`
// ("Exercice : maison de santé (MSP)", "≤ 50 min de Métropole du Grand Nancy",
// "Logement temporaire à l'arrivée (6 mois)"): for a recruiter's briefing. Metropolises are
// named as `territory` lists them, else by id. Empty when it stated none. Thread-safe.
std::vector<std::string> WhatTheHouseholdLooksFor(const matcher::CandidateProfile& candidate,
                                                  const matcher::TerritoryFeatures& territory,
                                                  matcher::Language language);

}  // namespace matching::server

#endif  // MATCHING_SERVER_CANDIDATE_SUMMARY_H_
