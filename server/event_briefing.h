// Briefings of an agenda's interviews: what a recruiter or a candidate reads beside the
// time (GetAgenda's InterviewBriefing).
#ifndef MATCHING_SERVER_EVENT_BRIEFING_H_
#define MATCHING_SERVER_EVENT_BRIEFING_H_

#include "index/memory_index.h"
#include "index/store.h"
#include "matcher/score.h"
#include "matching/v1/event.pb.h"

namespace matching::server {

// Reasons a booth's briefing gives per interview, and a candidate's.
inline constexpr int kBoothBriefingReasons = 3;
inline constexpr int kCandidateBriefingReasons = 4;

// Appends one briefing per interview of `agenda` (in order): the offer's title and place;
// for a booth's agenda (`for_booth`), the household's CandidateSummary, what it looks for
// and the pair's strongest reasons (both sides); for a candidate's, what the territory
// offers the household (candidate-side criteria that score at least 0.5). The household's
// part is left out when it is not (any more) visible to recruiters (consent, status) or no
// longer stored: a briefing never says more than RankCandidates would. Scores with the
// default weights and the household's priorities, as PlanEvent does, and `options` (language,
// aid rules, today). Thread-safe: reads the index and the store.
void AddBriefings(const index::MemoryIndex& index, index::Store& store,
                  const matcher::ScoreOptions& options, bool for_booth, v1::Agenda* agenda);

}  // namespace matching::server

#endif  // MATCHING_SERVER_EVENT_BRIEFING_H_
