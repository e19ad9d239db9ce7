-- The same weighted score as matcher::FastScore (matcher/score.h, criteria.h), in SQL,
-- for the peer benchmark (issue 5): rank_offers(visitor) and rank_candidates(offer).
--
-- Every criterion is a plain SQL IMMUTABLE function returning its value in [0, 1], or
-- NULL when it is not applicable (the household or the offer asked nothing); the
-- planner inlines them. Arithmetic follows the C++ operation by operation (same
-- operands, same order, float8 everywhere, exp/ln from the same libm), so the scores
-- agree to the last bit in practice; the script checks 1e-6.
-- Profile: the default weights ("2026-11-default-1") with money = 0 on both sides: the
-- aid estimate (matcher/aids.h: national, regional and local rules, dates, caps) is not
-- transcribed; without aid rules our side marks it not applicable, which weighs the same.
-- Options: harmonic combination, proximity gauss (scale 20 min, decay 0.5), as of
-- 2026-11-23 (bench/peer_data.h). Text comparisons are case-sensitive: peer_export
-- refuses upper-case specialties and tags (the C++ ignores ASCII case).
-- The lateral subqueries and "OFFSET 0" levels keep each value computed once per pair
-- (PostgreSQL does not share common subexpressions) without blocking parallel plans.

-- Evaluate() of matcher/decay.cc with origin 0: d = max(0, |value| - offset).
CREATE OR REPLACE FUNCTION peer_gauss(value float8, offs float8, scale float8, decay float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT exp(-greatest(0::float8, abs(value) - offs) * greatest(0::float8, abs(value) - offs)
             / (2 * (-scale * scale / (2 * ln(decay)))))
$$;
CREATE OR REPLACE FUNCTION peer_exp_decay(value float8, offs float8, scale float8, decay float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT exp(ln(decay) / scale * greatest(0::float8, abs(value) - offs))
$$;

-- SpecialtyFit(): same or empty 1, a kRelatedSpecialties pair (either order) 0.6, else 0.
CREATE OR REPLACE FUNCTION peer_specialty_fit(a text, b text)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a = '' OR b = '' OR a = b THEN 1::float8
    WHEN a || '|' || b = ANY ('{pediatrics|neonatology,neonatology|pediatrics,'
        'pediatrics|child psychiatry,child psychiatry|pediatrics,'
        'psychiatry|child psychiatry,child psychiatry|psychiatry,gynecology|obstetrics,'
        'obstetrics|gynecology,cardiology|vascular medicine,vascular medicine|cardiology,'
        'geriatrics|general medicine,general medicine|geriatrics,'
        'emergency medicine|general medicine,general medicine|emergency medicine,'
        'sports medicine|general medicine,general medicine|sports medicine,'
        'pulmonology|allergology,allergology|pulmonology,orthodontics|dentistry,'
        'dentistry|orthodontics}'::text[]) THEN 0.6::float8
    ELSE 0::float8 END
$$;

-- setting: wished empty n/a; listed 1; unspecified 0.5; team setting (MSP, centre,
-- group) when another team setting was wished 0.5; else 0.
CREATE OR REPLACE FUNCTION peer_setting(wished int[], setting int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(wished) = 0 THEN NULL
    WHEN setting = ANY (wished) THEN 1::float8
    WHEN setting = 0 THEN 0.5::float8
    WHEN setting IN (1, 2, 3) AND wished && '{1,2,3}'::int[] THEN 0.5::float8
    ELSE 0::float8 END
$$;

-- employment: wished empty n/a; listed 1; unspecified 0.5; mixed either way 0.5; else 0.
CREATE OR REPLACE FUNCTION peer_employment(wished int[], mode int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(wished) = 0 THEN NULL
    WHEN mode = ANY (wished) THEN 1::float8
    WHEN mode = 0 THEN 0.5::float8
    WHEN mode = 3 OR 3 = ANY (wished) THEN 0.5::float8
    ELSE 0::float8 END
$$;

-- proximity: no metropolis or no drive wish n/a; none of the candidate's metropolises
-- listed 0; else gauss(offset max_drive_minutes, scale 20, decay 0.5) at the nearest.
CREATE OR REPLACE FUNCTION peer_proximity(metropolis_ids text[], max_drive int, nearest float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(metropolis_ids) = 0 OR max_drive <= 0 THEN NULL
    WHEN nearest IS NULL THEN 0::float8
    ELSE peer_gauss(nearest, max_drive, 20, 0.5) END
$$;

-- One amenity: unknown 0.5; else gauss(offset, scale 15, decay 0.5) at max(0, minutes).
CREATE OR REPLACE FUNCTION peer_amenity(offs float8, minutes int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN minutes IS NULL THEN 0.5::float8
              ELSE peer_gauss(greatest(0, minutes)::float8, offs, 15, 0.5) END
$$;

-- family: ages 0-2 need a crèche (5 min), 3-10 a primary school (5), 11-14 a collège
-- (15), 15-17 a lycée (25); none needed n/a; else the mean over the amenities needed.
CREATE OR REPLACE FUNCTION peer_family(ages int[], creche int, school int, college int,
                                       lycee int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN NOT (ages && '{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}'::int[]) THEN NULL
    ELSE (CASE WHEN ages && '{0,1,2}'::int[] THEN peer_amenity(5, creche) ELSE 0 END
          + CASE WHEN ages && '{3,4,5,6,7,8,9,10}'::int[] THEN peer_amenity(5, school) ELSE 0 END
          + CASE WHEN ages && '{11,12,13,14}'::int[] THEN peer_amenity(15, college) ELSE 0 END
          + CASE WHEN ages && '{15,16,17}'::int[] THEN peer_amenity(25, lycee) ELSE 0 END)
         / ((ages && '{0,1,2}'::int[])::int + (ages && '{3,4,5,6,7,8,9,10}'::int[])::int
            + (ages && '{11,12,13,14}'::int[])::int + (ages && '{15,16,17}'::int[])::int)
    END
$$;

-- spouse_job, once a partner needs a job: openings / 3 capped at 1; with telework the
-- max of that and the fibre coverage (unknown 0.5); + 0.2 when the offer helps, capped.
CREATE OR REPLACE FUNCTION peer_spouse_openings(openings int, telework boolean, fibre float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN telework
    THEN greatest(least(greatest(openings::float8 / 3, 0), 1),
                  least(greatest(coalesce(fibre, 0.5::float8), 0), 1))
    ELSE least(greatest(openings::float8 / 3, 0), 1) END
$$;
CREATE OR REPLACE FUNCTION peer_spouse_job(has_partner boolean, needs_job boolean, sector text,
                                           telework boolean, jobs jsonb, jobs_total int,
                                           fibre float8, help boolean)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN NOT (has_partner AND needs_job) THEN NULL
    WHEN help THEN least(1, peer_spouse_openings(CASE WHEN sector = '' THEN jobs_total
        ELSE coalesce((jobs ->> sector)::int, 0) END, telework, fibre) + 0.2::float8)
    ELSE peer_spouse_openings(CASE WHEN sector = '' THEN jobs_total
        ELSE coalesce((jobs ->> sector)::int, 0) END, telework, fibre) END
$$;

-- housing: permanent (3): rent gauss(offset 10, scale 5, decay 0.5), unknown 0.5;
-- temporary (2): months offered / needed (0 needed -> 3) capped at 1, at least 0.5 when
-- the territory has temporary housing; otherwise n/a.
CREATE OR REPLACE FUNCTION peer_housing(need int, months_needed int, months_offered int,
                                        territory_housing boolean, rent float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE need
    WHEN 3 THEN CASE WHEN rent IS NULL THEN 0.5::float8 ELSE peer_gauss(rent, 10, 5, 0.5) END
    WHEN 2 THEN CASE WHEN territory_housing
      THEN greatest(least(1, greatest(0, months_offered)::float8
                             / CASE WHEN months_needed > 0 THEN months_needed ELSE 3 END),
                    0.5::float8)
      ELSE least(1, greatest(0, months_offered)::float8
                    / CASE WHEN months_needed > 0 THEN months_needed ELSE 3 END) END
    ELSE NULL END
$$;

-- lifestyle: no tags n/a; else the share of the candidate's tags the territory has.
CREATE OR REPLACE FUNCTION peer_lifestyle(wished int, matched bigint)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN wished = 0 THEN NULL ELSE matched::float8 / wished END
$$;

-- The offer's start (as soon as possible = as_of, never before as_of) and the
-- candidate's first day (now = as_of, never before as_of).
CREATE OR REPLACE FUNCTION peer_day(day date, as_of date)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT greatest(coalesce(day, as_of), as_of)
$$;

-- start_window: the offer starts after available_until 0; else exp decay (offset 60,
-- scale 120 days, decay 0.5) of the wait from the candidate's first day to the start.
CREATE OR REPLACE FUNCTION peer_start_window(start date, first_day date, until date)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN until < start THEN 0::float8
              ELSE peer_exp_decay(greatest(0, start - first_day)::float8, 60, 120, 0.5) END
$$;

-- workload: mean of the parts asked: on-call excess exp decay (offset 0, scale 4, decay
-- 0.5) and part time possible (1 or 0); neither asked n/a.
CREATE OR REPLACE FUNCTION peer_workload(max_on_call int, on_call int, wants_part_time boolean,
                                         part_time boolean)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN max_on_call IS NULL AND NOT wants_part_time THEN NULL
    ELSE (CASE WHEN max_on_call IS NULL THEN 0::float8
               ELSE peer_exp_decay(greatest(0::float8, (on_call - max_on_call)::float8), 0, 4, 0.5)
               END
          + CASE WHEN wants_part_time AND part_time THEN 1::float8 ELSE 0::float8 END)
         / ((max_on_call IS NOT NULL)::int + wants_part_time::int) END
$$;

-- trial: not wished n/a; possible 1; discovery day only 0.3; else 0.
CREATE OR REPLACE FUNCTION peer_trial(wants boolean, possible boolean, discovery boolean)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN NOT wants THEN NULL WHEN possible THEN 1::float8
              WHEN discovery THEN 0.3::float8 ELSE 0::float8 END
$$;

-- t_experience: no minimum n/a; experience / minimum capped at 1.
CREATE OR REPLACE FUNCTION peer_experience(minimum int, experience int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN minimum <= 0 THEN NULL
              ELSE least(1, greatest(0, experience)::float8 / minimum) END
$$;

-- t_availability: available_until before the start 0; else exp decay (offset 30, scale
-- 90 days, decay 0.5) of the lateness from the start to the candidate's first day.
CREATE OR REPLACE FUNCTION peer_availability(start date, first_day date, until date)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN until < start THEN 0::float8
              ELSE peer_exp_decay(greatest(0, first_day - start)::float8, 30, 90, 0.5) END
$$;

-- t_commitment: none asked n/a; open-ended 1; else years from the start / years asked.
CREATE OR REPLACE FUNCTION peer_commitment(years_asked int, start date, until date)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN years_asked <= 0 THEN NULL WHEN until IS NULL THEN 1::float8
              ELSE least(1, greatest(0::float8, (until - start)::float8 / 365.25::float8)
                            / years_asked) END
$$;

-- care_need: 0.6 + 0.4 x (APL linear from 5 (0) to 1.5 (1)); unknown 0.8.
CREATE OR REPLACE FUNCTION peer_care_need(apl float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 0.6::float8 + 0.4::float8 * CASE WHEN apl IS NULL THEN 0.5::float8
              ELSE least(greatest((5::float8 - apl) / (5::float8 - 1.5::float8), 0), 1) END
$$;

-- Side sums in kAllCriteria order, as SumSides(): applicable weights, and weight * value.
-- Default weights: profession 2, setting 2, employment 1.5, proximity 2, family 2,
-- spouse_job 2, housing 1, lifestyle 1, start_window 1, workload 1, trial 0.5, money 0;
-- t_profession 3, t_experience 1, t_availability 1.5, t_commitment 1, care_need 2.
CREATE OR REPLACE FUNCTION peer_candidate_weight(setting float8, employment float8,
    proximity float8, family float8, spouse_job float8, housing float8, lifestyle float8,
    workload float8, trial float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2::float8 + CASE WHEN setting IS NULL THEN 0 ELSE 2 END
    + CASE WHEN employment IS NULL THEN 0 ELSE 1.5::float8 END
    + CASE WHEN proximity IS NULL THEN 0 ELSE 2 END + CASE WHEN family IS NULL THEN 0 ELSE 2 END
    + CASE WHEN spouse_job IS NULL THEN 0 ELSE 2 END + CASE WHEN housing IS NULL THEN 0 ELSE 1 END
    + CASE WHEN lifestyle IS NULL THEN 0 ELSE 1 END + 1
    + CASE WHEN workload IS NULL THEN 0 ELSE 1 END
    + CASE WHEN trial IS NULL THEN 0 ELSE 0.5::float8 END
$$;
CREATE OR REPLACE FUNCTION peer_candidate_weighted(profession float8, setting float8,
    employment float8, proximity float8, family float8, spouse_job float8, housing float8,
    lifestyle float8, start_window float8, workload float8, trial float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2 * profession + coalesce(2 * setting, 0) + coalesce(1.5::float8 * employment, 0)
    + coalesce(2 * proximity, 0) + coalesce(2 * family, 0) + coalesce(2 * spouse_job, 0)
    + coalesce(1 * housing, 0) + coalesce(1 * lifestyle, 0) + 1 * start_window
    + coalesce(1 * workload, 0) + coalesce(0.5::float8 * trial, 0)
$$;
CREATE OR REPLACE FUNCTION peer_territory_weight(experience float8, commitment float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 3::float8 + CASE WHEN experience IS NULL THEN 0 ELSE 1 END + 1.5::float8
    + CASE WHEN commitment IS NULL THEN 0 ELSE 1 END + 2
$$;
CREATE OR REPLACE FUNCTION peer_territory_weighted(profession float8, experience float8,
    availability float8, commitment float8, care_need float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 3 * profession + coalesce(1 * experience, 0) + 1.5::float8 * availability
    + coalesce(1 * commitment, 0) + 2 * care_need
$$;

-- A side's weighted mean (1 when nothing applies), and the harmonic combination.
CREATE OR REPLACE FUNCTION peer_mean(weighted float8, weight float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN weight > 0 THEN least(greatest(weighted / weight, 0), 1) ELSE 1 END
$$;
CREATE OR REPLACE FUNCTION peer_harmonic(c float8, t float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN c + t > 0 THEN 2 * c * t / (c + t) ELSE 0 END
$$;

-- The best 20 open offers for a visitor household, best first, ties by id (byte order).
-- Eligible(): same profession, offer open or unspecified, household active or
-- unspecified, the territory's department not excluded; and the household's wanted
-- departments as the department filter (MemoryIndex::RankOffers).
CREATE OR REPLACE FUNCTION rank_offers(visitor_id text)
RETURNS TABLE (id text, score float8) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.id, peer_harmonic(s.cs, s.ts) AS score FROM (
    SELECT w.id, peer_mean(w.cwv, w.cw) AS cs, peer_mean(w.twv, w.tw) AS ts FROM (
      SELECT v.id,
        peer_candidate_weight(v.setting, v.employment, v.proximity, v.family, v.spouse_job,
                              v.housing, v.lifestyle, v.workload, v.trial) AS cw,
        peer_candidate_weighted(v.profession, v.setting, v.employment, v.proximity, v.family,
                                v.spouse_job, v.housing, v.lifestyle, v.start_window,
                                v.workload, v.trial) AS cwv,
        peer_territory_weight(v.experience, v.commitment) AS tw,
        peer_territory_weighted(v.profession, v.experience, v.availability, v.commitment,
                                v.care_need) AS twv
      FROM (
        SELECT o.id,
          peer_specialty_fit(c.specialty, o.specialty) AS profession,
          peer_setting(c.preferred_settings, o.setting) AS setting,
          peer_employment(c.preferred_employment, o.employment) AS employment,
          peer_proximity(c.metropolis_ids, c.max_drive_minutes, near.minutes) AS proximity,
          peer_family(c.children_ages, t.creche_minutes, t.primary_school_minutes,
                      t.college_minutes, t.lycee_minutes) AS family,
          peer_spouse_job(c.has_partner, c.partner_needs_job, c.partner_sector,
                          c.partner_can_telework, t.job_openings, t.job_openings_total,
                          t.fibre_coverage, o.spouse_job_help) AS spouse_job,
          peer_housing(c.housing_need, c.housing_months_needed, o.temporary_housing_months,
                       t.temporary_housing, t.rent_eur_per_m2) AS housing,
          peer_lifestyle(cardinality(c.lifestyle_tags), tags.matched) AS lifestyle,
          peer_start_window(peer_day(o.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS start_window,
          peer_workload(c.max_on_call_per_month, o.on_call_per_month, c.wants_part_time,
                        o.part_time_possible) AS workload,
          peer_trial(c.wants_trial, o.trial_possible, o.discovery_day) AS trial,
          peer_experience(o.min_experience_years, c.experience_years) AS experience,
          peer_availability(peer_day(o.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS availability,
          peer_commitment(o.commitment_years, peer_day(o.start_date, '2026-11-23'),
                          c.available_until) AS commitment,
          peer_care_need(t.apl) AS care_need
        FROM visitors c
        JOIN offers o ON o.profession = c.profession AND o.status IN (0, 1)
        JOIN territories t ON t.id = o.territory_id
        CROSS JOIN LATERAL (
          SELECT min(a.minutes) AS minutes
          FROM unnest(t.metro_ids, t.metro_minutes) AS a (metropolis_id, minutes)
          WHERE a.metropolis_id = ANY (c.metropolis_ids)) AS near
        CROSS JOIN LATERAL (
          SELECT count(*) AS matched FROM unnest(c.lifestyle_tags) AS wished (tag)
          WHERE wished.tag = ANY (t.lifestyle_tags)) AS tags
        WHERE c.id = visitor_id AND c.status IN (0, 1)
          AND NOT (t.department_code = ANY (c.excluded_departments))
          AND (cardinality(c.wanted_departments) = 0
               OR t.department_code = ANY (c.wanted_departments))
        OFFSET 0) AS v
      OFFSET 0) AS w
    OFFSET 0) AS s
  ORDER BY score DESC, s.id COLLATE "C"
  LIMIT 20
$$;

-- The best 20 candidates for an offer (ranked whatever its status, as
-- MemoryIndex::RankCandidates), best first, ties by id (byte order).
CREATE OR REPLACE FUNCTION rank_candidates(offer_id text)
RETURNS TABLE (id text, score float8) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.id, peer_harmonic(s.cs, s.ts) AS score FROM (
    SELECT w.id, peer_mean(w.cwv, w.cw) AS cs, peer_mean(w.twv, w.tw) AS ts FROM (
      SELECT v.id,
        peer_candidate_weight(v.setting, v.employment, v.proximity, v.family, v.spouse_job,
                              v.housing, v.lifestyle, v.workload, v.trial) AS cw,
        peer_candidate_weighted(v.profession, v.setting, v.employment, v.proximity, v.family,
                                v.spouse_job, v.housing, v.lifestyle, v.start_window,
                                v.workload, v.trial) AS cwv,
        peer_territory_weight(v.experience, v.commitment) AS tw,
        peer_territory_weighted(v.profession, v.experience, v.availability, v.commitment,
                                v.care_need) AS twv
      FROM (
        SELECT c.id,
          peer_specialty_fit(c.specialty, o.specialty) AS profession,
          peer_setting(c.preferred_settings, o.setting) AS setting,
          peer_employment(c.preferred_employment, o.employment) AS employment,
          peer_proximity(c.metropolis_ids, c.max_drive_minutes, near.minutes) AS proximity,
          peer_family(c.children_ages, t.creche_minutes, t.primary_school_minutes,
                      t.college_minutes, t.lycee_minutes) AS family,
          peer_spouse_job(c.has_partner, c.partner_needs_job, c.partner_sector,
                          c.partner_can_telework, t.job_openings, t.job_openings_total,
                          t.fibre_coverage, o.spouse_job_help) AS spouse_job,
          peer_housing(c.housing_need, c.housing_months_needed, o.temporary_housing_months,
                       t.temporary_housing, t.rent_eur_per_m2) AS housing,
          peer_lifestyle(cardinality(c.lifestyle_tags), tags.matched) AS lifestyle,
          peer_start_window(peer_day(o.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS start_window,
          peer_workload(c.max_on_call_per_month, o.on_call_per_month, c.wants_part_time,
                        o.part_time_possible) AS workload,
          peer_trial(c.wants_trial, o.trial_possible, o.discovery_day) AS trial,
          peer_experience(o.min_experience_years, c.experience_years) AS experience,
          peer_availability(peer_day(o.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS availability,
          peer_commitment(o.commitment_years, peer_day(o.start_date, '2026-11-23'),
                          c.available_until) AS commitment,
          peer_care_need(t.apl) AS care_need
        FROM offers o
        JOIN territories t ON t.id = o.territory_id
        JOIN candidates c ON c.profession = o.profession AND c.status IN (0, 1)
        CROSS JOIN LATERAL (
          SELECT min(a.minutes) AS minutes
          FROM unnest(t.metro_ids, t.metro_minutes) AS a (metropolis_id, minutes)
          WHERE a.metropolis_id = ANY (c.metropolis_ids)) AS near
        CROSS JOIN LATERAL (
          SELECT count(*) AS matched FROM unnest(c.lifestyle_tags) AS wished (tag)
          WHERE wished.tag = ANY (t.lifestyle_tags)) AS tags
        WHERE o.id = offer_id
          AND NOT (t.department_code = ANY (c.excluded_departments))
        OFFSET 0) AS v
      OFFSET 0) AS w
    OFFSET 0) AS s
  ORDER BY score DESC, s.id COLLATE "C"
  LIMIT 20
$$;
