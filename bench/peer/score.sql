-- The same weighted score as matcher::FastScore (matcher/score.h, criteria.h, limits.h), in
-- SQL, for the peer benchmark (issues 5 and 18): rank_offers(visitor) and
-- rank_candidates(offer), each the same ordered top 20 as MemoryIndex::RankOffers and
-- RankCandidates.
--
-- Every criterion is a plain SQL IMMUTABLE function returning its value in [0, 1], or
-- NULL when it is not applicable (the household or the offer asked nothing); the
-- planner inlines them. Arithmetic follows the C++ operation by operation (same
-- operands, same order, float8 everywhere, exp/ln/pow/sin/asin from the same libm), so
-- the scores agree to the last bit in practice; the script checks 1e-6.
-- Limits (matcher/limits.h) gate: the inner level ("g") of rank_offers and rank_candidates
-- keeps only the pairs within every limit of the household and every requirement of the
-- offer (include_beyond_limits is not used) and, for recruiters, only households that
-- consented and are searching (no viewer organisation: an admin's view); the criteria are
-- computed for those pairs only.
-- Profile: the default weights ("2026-12-limits-2") with money = 0 on both sides: the
-- aid estimate (matcher/aids.h: national, regional and local rules, dates, caps) is not
-- transcribed; without aid rules our side marks it not applicable, which weighs the same.
-- Options: harmonic combination, proximity gauss (scale 20 min capped at 0.2 × the wish,
-- decay 0.5), as of 2026-11-23 (bench/peer_data.h). Specialties are ids of
-- data/specialties.json (peer_export refuses others; the SQL reads the file's related
-- lists, not its synonyms); lifestyle tags are compared case-sensitively (peer_export
-- refuses upper case; the C++ ignores ASCII case).
-- Helper tables built by indexes.sql from the loaded rows, each the counterpart of a
-- structure matchd keeps: specialty_fit (the fit of every pair of ids that keeps the
-- specialty limit; the index decides it per specialty code), territory_metropolis (the
-- access lists, one row per territory and metropolis; the index's minutes_to_ table),
-- territory_neighbours and nearby_openings (open offers within 30 min estimated, by
-- territory, profession and specialty; the index's NearbyOpeningsTable).
-- The lateral subqueries and "OFFSET 0" levels keep each value computed once per pair
-- (PostgreSQL does not share common subexpressions) and after the gates, without
-- blocking parallel plans.

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

-- matcher::GreatCircleKm (matcher/geo.cc): haversine, same operations in the same order.
CREATE OR REPLACE FUNCTION peer_great_circle_km(lat1 float8, lon1 float8, lat2 float8,
                                                lon2 float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2 * 6371.0088::float8 * asin(sqrt(least(greatest(
      sin((lat2 - lat1) * (pi() / 180) / 2) * sin((lat2 - lat1) * (pi() / 180) / 2)
      + cos(lat1 * (pi() / 180)) * cos(lat2 * (pi() / 180))
        * sin((lon2 - lon1) * (pi() / 180) / 2) * sin((lon2 - lon1) * (pi() / 180) / 2),
      0::float8), 1::float8)))
$$;

-- matcher::EstimateDriveMinutes: road km = 1.3 × great circle; 10 km at 35 km/h, the next
-- 40 at 70, the rest at 100.
CREATE OR REPLACE FUNCTION peer_estimate_drive_minutes(km float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN NOT (km > 0) OR km = 'Infinity'::float8 THEN 0::float8
    ELSE 60::float8 * (least(km * 1.3::float8, 10::float8) / 35
                       + least(greatest(km * 1.3::float8 - 10, 0::float8), 40::float8) / 70
                       + greatest(km * 1.3::float8 - 50, 0::float8) / 100) END
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
-- listed 0; else gauss(offset max_drive_minutes, scale min(20, (1.2 - 1) × max_drive),
-- decay 0.5) at the nearest (steep past the wish: 0.5 at the limit's tolerance).
CREATE OR REPLACE FUNCTION peer_proximity(metropolis_ids text[], max_drive int, nearest float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cardinality(metropolis_ids) = 0 OR max_drive <= 0 THEN NULL
    WHEN nearest IS NULL THEN 0::float8
    ELSE peer_gauss(nearest, max_drive, least(20::float8, (1.2::float8 - 1) * max_drive), 0.5)
    END
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
-- The openings: for a partner seeking a health post (a profession), the catalog's open
-- offers of that profession fitting the partner's specialty within 30 min estimated
-- (`nearby`, from nearby_openings); otherwise the territory's (synthetic) sector counts.
CREATE OR REPLACE FUNCTION peer_spouse_openings(openings bigint, telework boolean, fibre float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN telework
    THEN greatest(least(greatest(openings::float8 / 3, 0), 1),
                  least(greatest(coalesce(fibre, 0.5::float8), 0), 1))
    ELSE least(greatest(openings::float8 / 3, 0), 1) END
$$;
CREATE OR REPLACE FUNCTION peer_spouse_job(has_partner boolean, needs_job boolean, sector text,
                                           partner_profession int, nearby bigint,
                                           telework boolean, jobs jsonb, jobs_total int,
                                           fibre float8, help boolean)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN NOT (has_partner AND needs_job) THEN NULL
    WHEN help THEN least(1, peer_spouse_openings(CASE WHEN partner_profession <> 0
        THEN coalesce(nearby, 0) WHEN sector = '' THEN jobs_total
        ELSE coalesce((jobs ->> sector)::int, 0) END, telework, fibre) + 0.2::float8)
    ELSE peer_spouse_openings(CASE WHEN partner_profession <> 0 THEN coalesce(nearby, 0)
        WHEN sector = '' THEN jobs_total
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

-- t_experience: always applicable (no minimum counts as 0). Below the minimum 0.8 ×
-- experience / minimum; from it on 1 - (1 - 0.8) × 0.5^(years beyond / 4).
CREATE OR REPLACE FUNCTION peer_experience(minimum int, experience int)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN greatest(0, experience) - greatest(0, minimum) < 0
    THEN 0.8::float8 * greatest(0, experience) / greatest(0, minimum)
    ELSE 1 - (1 - 0.8::float8)
             * power(0.5::float8, (greatest(0, experience) - greatest(0, minimum))::float8 / 4)
    END
$$;

-- t_availability: available_until before the start 0; else exp decay (offset 0, scale
-- 120 days, decay 0.5) of the lateness from the start to the candidate's first day.
CREATE OR REPLACE FUNCTION peer_availability(start date, first_day date, until date)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN until < start THEN 0::float8
              ELSE peer_exp_decay(greatest(0, first_day - start)::float8, 0, 120, 0.5) END
$$;

-- t_commitment: none asked n/a; open-ended 1; else years from the start / years asked.
CREATE OR REPLACE FUNCTION peer_commitment(years_asked int, start date, until date)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN years_asked <= 0 THEN NULL WHEN until IS NULL THEN 1::float8
              ELSE least(1, greatest(0::float8, (until - start)::float8 / 365.25::float8)
                            / years_asked) END
$$;

-- care_need: 0.6 + (1 - 0.6) x (APL linear from 5 (0) to 1.5 (1)); unknown halfway.
CREATE OR REPLACE FUNCTION peer_care_need(apl float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 0.6::float8 + (1 - 0.6::float8) * CASE WHEN apl IS NULL THEN 0.5::float8
              ELSE least(greatest((5::float8 - apl) / (5::float8 - 1.5::float8), 0), 1) END
$$;

-- t_local_roots: territory not placed or no current home n/a; else 0.6 + (1 - 0.6) ×
-- exp decay (offset 30 km, scale 120 km, decay 0.5) of the great-circle km from home.
CREATE OR REPLACE FUNCTION peer_local_roots(placed boolean, km float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN NOT placed OR km IS NULL THEN NULL
              ELSE 0.6::float8 + (1 - 0.6::float8) * peer_exp_decay(km, 30, 120, 0.5) END
$$;

-- matcher::RecruiterTieBreak: experience beyond the minimum (bits 44-54), fewer days until
-- available (24-43), fewer hectometres from home (0-23; unknown 0); higher first.
CREATE OR REPLACE FUNCTION peer_recruiter_tie(experience int, minimum int,
                                              available_from date, as_of date, km float8)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((least(greatest(experience::bigint - greatest(0, minimum), -1000), 1000) + 1000)
          << 44)
       | ((1048575 - least(CASE WHEN available_from IS NULL THEN 0
                                ELSE greatest(0, available_from - as_of) END, 1048575))::bigint
          << 24)
       | CASE WHEN km IS NULL THEN 0::bigint
              ELSE 16777215 - least(floor(km * 10), 16777215::float8)::bigint END
$$;

-- Side sums in kAllCriteria order, as SumSides(): applicable weights, and weight * value.
-- Default weights: profession 2, setting 2, employment 1.5, proximity 2, family 2,
-- spouse_job 2, housing 1, lifestyle 1, start_window 1, workload 1, trial 0.5, money 0;
-- t_profession 3, t_experience 1, t_availability 1.5, t_commitment 1, care_need 2,
-- t_local_roots 1.
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
CREATE OR REPLACE FUNCTION peer_territory_weight(commitment float8, local_roots float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 3::float8 + 1 + 1.5::float8 + CASE WHEN commitment IS NULL THEN 0 ELSE 1 END + 2
    + CASE WHEN local_roots IS NULL THEN 0 ELSE 1 END
$$;
CREATE OR REPLACE FUNCTION peer_territory_weighted(profession float8, experience float8,
    availability float8, commitment float8, care_need float8, local_roots float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 3 * profession + 1 * experience + 1.5::float8 * availability
    + coalesce(1 * commitment, 0) + 2 * care_need + coalesce(1 * local_roots, 0)
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

-- The limits that read only the dates (matcher::StartWithinLimit, CommitmentWithinLimit):
-- still available at the start, first day at most 90 days after it, and an availability
-- covering commitment_years - 1 from the start. `start` and `first_day` as peer_day().
CREATE OR REPLACE FUNCTION peer_dates_ok(start date, first_day date, until date,
                                         commitment int)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (until IS NULL OR until >= start) AND first_day - start <= 90
    AND (commitment <= 0 OR until IS NULL
         OR (until - start)::float8 / 365.25::float8 >= commitment - 1)
$$;
-- matcher::ExperienceWithinLimit: at most one year short of the minimum.
CREATE OR REPLACE FUNCTION peer_experience_ok(experience int, minimum int)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT minimum <= 0 OR greatest(0, experience) >= minimum - 1
$$;
-- matcher::DepartmentWithinLimit.
CREATE OR REPLACE FUNCTION peer_department_ok(department text, excluded text[], wanted text[])
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT (department = ANY (excluded))
    AND (cardinality(wanted) = 0 OR department = ANY (wanted))
$$;
-- matcher::DriveWithinLimit: no wish, or the nearest chosen metropolis the territory lists
-- within max_drive_minutes × 1.2.
CREATE OR REPLACE FUNCTION peer_drive_ok(metropolis_ids text[], max_drive int, nearest float8)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT cardinality(metropolis_ids) = 0 OR max_drive <= 0
    OR coalesce(nearest <= max_drive * 1.2::float8, false)
$$;

-- The best 20 open offers for a visitor household, best first, ties by id (byte order):
-- the pairs within every limit (inner level, "g"), then their criteria and score.
-- Eligible(): same profession, offer open or unspecified, household active or
-- unspecified. Limits: specialty (specialty_fit), department, drive time (the visitor's
-- nearest chosen metropolis by territory, from territory_metropolis), experience, start
-- date and commitment.
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
        peer_territory_weight(v.commitment, v.local_roots) AS tw,
        peer_territory_weighted(v.profession, v.experience, v.availability, v.commitment,
                                v.care_need, v.local_roots) AS twv
      FROM (
        SELECT g.id,
          g.fit AS profession,
          peer_setting(c.preferred_settings, g.setting) AS setting,
          peer_employment(c.preferred_employment, g.employment) AS employment,
          peer_proximity(c.metropolis_ids, c.max_drive_minutes, g.nearest) AS proximity,
          peer_family(c.children_ages, g.t_creche_minutes, g.t_primary_school_minutes,
                      g.t_college_minutes, g.t_lycee_minutes) AS family,
          peer_spouse_job(c.has_partner, c.partner_needs_job, c.partner_sector,
                          c.partner_profession, sp.openings, c.partner_can_telework,
                          g.t_job_openings, g.t_job_openings_total, g.t_fibre_coverage,
                          g.spouse_job_help) AS spouse_job,
          peer_housing(c.housing_need, c.housing_months_needed, g.temporary_housing_months,
                       g.t_temporary_housing, g.t_rent_eur_per_m2) AS housing,
          peer_lifestyle(cardinality(c.lifestyle_tags), tags.matched) AS lifestyle,
          peer_start_window(peer_day(g.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS start_window,
          peer_workload(c.max_on_call_per_month, g.on_call_per_month, c.wants_part_time,
                        g.part_time_possible) AS workload,
          peer_trial(c.wants_trial, g.trial_possible, g.discovery_day) AS trial,
          peer_experience(g.min_experience_years, c.experience_years) AS experience,
          peer_availability(peer_day(g.start_date, '2026-11-23'),
                            peer_day(c.available_from, '2026-11-23'),
                            c.available_until) AS availability,
          peer_commitment(g.commitment_years, peer_day(g.start_date, '2026-11-23'),
                          c.available_until) AS commitment,
          peer_care_need(g.t_apl) AS care_need,
          peer_local_roots(g.t_lat <> 0 OR g.t_lon <> 0, g.km) AS local_roots
        FROM (
          SELECT o.*, t.id AS t_id, t.creche_minutes AS t_creche_minutes,
            t.primary_school_minutes AS t_primary_school_minutes,
            t.college_minutes AS t_college_minutes, t.lycee_minutes AS t_lycee_minutes,
            t.job_openings AS t_job_openings, t.job_openings_total AS t_job_openings_total,
            t.fibre_coverage AS t_fibre_coverage, t.temporary_housing AS t_temporary_housing,
            t.rent_eur_per_m2 AS t_rent_eur_per_m2, t.lifestyle_tags AS t_lifestyle_tags,
            t.apl AS t_apl, t.lat AS t_lat, t.lon AS t_lon, f.fit, near.minutes AS nearest,
            CASE WHEN c.home_lat IS NULL OR (t.lat = 0 AND t.lon = 0) THEN NULL
                 ELSE peer_great_circle_km(c.home_lat, c.home_lon, t.lat, t.lon) END AS km
          FROM visitors c
          JOIN specialty_fit f ON f.a = c.specialty
          JOIN offers o ON o.profession = c.profession AND o.status IN (0, 1) AND o.specialty = f.b
          JOIN territories t ON t.id = o.territory_id
          LEFT JOIN (
            SELECT tm.territory_id, min(tm.minutes) AS minutes
            FROM visitors v JOIN territory_metropolis tm ON tm.metropolis_id = ANY (v.metropolis_ids)
            WHERE v.id = visitor_id
            GROUP BY tm.territory_id) AS near ON near.territory_id = t.id
          WHERE c.id = visitor_id AND c.status IN (0, 1)
            AND peer_department_ok(t.department_code, c.excluded_departments, c.wanted_departments)
            AND peer_drive_ok(c.metropolis_ids, c.max_drive_minutes, near.minutes)
            AND peer_experience_ok(c.experience_years, o.min_experience_years)
            AND peer_dates_ok(peer_day(o.start_date, '2026-11-23'),
                              peer_day(c.available_from, '2026-11-23'), c.available_until,
                              o.commitment_years)
          OFFSET 0) AS g
        JOIN visitors c ON c.id = visitor_id
        CROSS JOIN LATERAL (
          SELECT count(*) AS matched FROM unnest(c.lifestyle_tags) AS wished (tag)
          WHERE wished.tag = ANY (g.t_lifestyle_tags)) AS tags
        CROSS JOIN LATERAL (
          SELECT sum(n.openings)::bigint AS openings
          FROM nearby_openings n
          JOIN specialty_fit pf ON pf.a = c.partner_specialty AND pf.b = n.specialty
          WHERE c.has_partner AND c.partner_needs_job AND c.partner_profession <> 0
            AND n.territory_id = g.t_id AND n.profession = c.partner_profession) AS sp

        OFFSET 0) AS v
      OFFSET 0) AS w
    OFFSET 0) AS s
  ORDER BY score DESC, s.id COLLATE "C"
  LIMIT 20
$$;

-- The best 20 candidates for an offer (ranked whatever its status, as
-- MemoryIndex::RankCandidates), best first, ties by the recruiters' tie-break, then by id
-- (byte order). Households of the profession visible to recruiters (consent given, active
-- or unspecified), within every limit.
CREATE OR REPLACE FUNCTION rank_candidates(offer_id text)
RETURNS TABLE (id text, score float8) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s.id, peer_harmonic(s.cs, s.ts) AS score FROM (
    SELECT w.id, w.tie, peer_mean(w.cwv, w.cw) AS cs, peer_mean(w.twv, w.tw) AS ts FROM (
      SELECT v.id, v.tie,
        peer_candidate_weight(v.setting, v.employment, v.proximity, v.family, v.spouse_job,
                              v.housing, v.lifestyle, v.workload, v.trial) AS cw,
        peer_candidate_weighted(v.profession, v.setting, v.employment, v.proximity, v.family,
                                v.spouse_job, v.housing, v.lifestyle, v.start_window,
                                v.workload, v.trial) AS cwv,
        peer_territory_weight(v.commitment, v.local_roots) AS tw,
        peer_territory_weighted(v.profession, v.experience, v.availability, v.commitment,
                                v.care_need, v.local_roots) AS twv
      FROM (
        SELECT g.id,
          g.fit AS profession,
          peer_setting(g.preferred_settings, o.setting) AS setting,
          peer_employment(g.preferred_employment, o.employment) AS employment,
          peer_proximity(g.metropolis_ids, g.max_drive_minutes, g.nearest) AS proximity,
          peer_family(g.children_ages, t.creche_minutes, t.primary_school_minutes,
                      t.college_minutes, t.lycee_minutes) AS family,
          peer_spouse_job(g.has_partner, g.partner_needs_job, g.partner_sector,
                          g.partner_profession, sp.openings, g.partner_can_telework,
                          t.job_openings, t.job_openings_total, t.fibre_coverage,
                          o.spouse_job_help) AS spouse_job,
          peer_housing(g.housing_need, g.housing_months_needed, o.temporary_housing_months,
                       t.temporary_housing, t.rent_eur_per_m2) AS housing,
          peer_lifestyle(cardinality(g.lifestyle_tags), tags.matched) AS lifestyle,
          peer_start_window(peer_day(o.start_date, '2026-11-23'),
                            peer_day(g.available_from, '2026-11-23'),
                            g.available_until) AS start_window,
          peer_workload(g.max_on_call_per_month, o.on_call_per_month, g.wants_part_time,
                        o.part_time_possible) AS workload,
          peer_trial(g.wants_trial, o.trial_possible, o.discovery_day) AS trial,
          peer_experience(o.min_experience_years, g.experience_years) AS experience,
          peer_availability(peer_day(o.start_date, '2026-11-23'),
                            peer_day(g.available_from, '2026-11-23'),
                            g.available_until) AS availability,
          peer_commitment(o.commitment_years, peer_day(o.start_date, '2026-11-23'),
                          g.available_until) AS commitment,
          peer_care_need(t.apl) AS care_need,
          peer_local_roots(t.lat <> 0 OR t.lon <> 0, g.km) AS local_roots,
          peer_recruiter_tie(g.experience_years, o.min_experience_years, g.available_from,
                             '2026-11-23', g.km) AS tie
        FROM (
          SELECT c.*, f.fit, near.minutes AS nearest,
            CASE WHEN c.home_lat IS NULL OR (t.lat = 0 AND t.lon = 0) THEN NULL
                 ELSE peer_great_circle_km(c.home_lat, c.home_lon, t.lat, t.lon) END AS km
          FROM offers o
          JOIN territories t ON t.id = o.territory_id
          JOIN candidates c ON c.profession = o.profession AND c.status IN (0, 1) AND c.consent_given
          JOIN specialty_fit f ON f.a = c.specialty AND f.b = o.specialty
          CROSS JOIN LATERAL (
            SELECT min(a.minutes) AS minutes
            FROM unnest(t.metro_ids, t.metro_minutes) AS a (metropolis_id, minutes)
            WHERE a.metropolis_id = ANY (c.metropolis_ids)) AS near
          WHERE o.id = offer_id
            AND peer_department_ok(t.department_code, c.excluded_departments, c.wanted_departments)
            AND peer_drive_ok(c.metropolis_ids, c.max_drive_minutes, near.minutes)
            AND peer_experience_ok(c.experience_years, o.min_experience_years)
            AND peer_dates_ok(peer_day(o.start_date, '2026-11-23'),
                              peer_day(c.available_from, '2026-11-23'), c.available_until,
                              o.commitment_years)
          OFFSET 0) AS g
        JOIN offers o ON o.id = offer_id
        JOIN territories t ON t.id = o.territory_id
        CROSS JOIN LATERAL (
          SELECT count(*) AS matched FROM unnest(g.lifestyle_tags) AS wished (tag)
          WHERE wished.tag = ANY (t.lifestyle_tags)) AS tags
        CROSS JOIN LATERAL (
          SELECT sum(n.openings)::bigint AS openings
          FROM nearby_openings n
          JOIN specialty_fit pf ON pf.a = g.partner_specialty AND pf.b = n.specialty
          WHERE g.has_partner AND g.partner_needs_job AND g.partner_profession <> 0
            AND n.territory_id = t.id AND n.profession = g.partner_profession) AS sp

        OFFSET 0) AS v
      OFFSET 0) AS w
    OFFSET 0) AS s
  ORDER BY score DESC, s.tie DESC, s.id COLLATE "C"
  LIMIT 20
$$;

-- Not timed: the pairs each query meets before the gates (the profession's eligible pairs,
-- what the scoring scored before issue 18) and after them (what rank_* score).
CREATE OR REPLACE FUNCTION count_offers(visitor_id text)
RETURNS TABLE (eligible bigint, ranked bigint) LANGUAGE sql STABLE AS $$
  SELECT (SELECT count(*) FROM visitors c JOIN offers o ON o.profession = c.profession
            AND o.status IN (0, 1) WHERE c.id = visitor_id AND c.status IN (0, 1)),
         (SELECT count(*)
            FROM visitors c
            JOIN specialty_fit f ON f.a = c.specialty
            JOIN offers o ON o.profession = c.profession AND o.status IN (0, 1) AND o.specialty = f.b
            JOIN territories t ON t.id = o.territory_id
            LEFT JOIN (
              SELECT tm.territory_id, min(tm.minutes) AS minutes
              FROM visitors v JOIN territory_metropolis tm ON tm.metropolis_id = ANY (v.metropolis_ids)
              WHERE v.id = visitor_id
              GROUP BY tm.territory_id) AS near ON near.territory_id = t.id
            WHERE c.id = visitor_id AND c.status IN (0, 1)
              AND peer_department_ok(t.department_code, c.excluded_departments, c.wanted_departments)
              AND peer_drive_ok(c.metropolis_ids, c.max_drive_minutes, near.minutes)
              AND peer_experience_ok(c.experience_years, o.min_experience_years)
              AND peer_dates_ok(peer_day(o.start_date, '2026-11-23'),
                                peer_day(c.available_from, '2026-11-23'), c.available_until,
                                o.commitment_years))
$$;
CREATE OR REPLACE FUNCTION count_candidates(offer_id text)
RETURNS TABLE (eligible bigint, ranked bigint) LANGUAGE sql STABLE AS $$
  SELECT (SELECT count(*) FROM offers o JOIN candidates c ON c.profession = o.profession
            AND c.status IN (0, 1) WHERE o.id = offer_id),
         (SELECT count(*)
            FROM offers o
            JOIN territories t ON t.id = o.territory_id
            JOIN candidates c ON c.profession = o.profession AND c.status IN (0, 1) AND c.consent_given
            JOIN specialty_fit f ON f.a = c.specialty AND f.b = o.specialty
            CROSS JOIN LATERAL (
              SELECT min(a.minutes) AS minutes
              FROM unnest(t.metro_ids, t.metro_minutes) AS a (metropolis_id, minutes)
              WHERE a.metropolis_id = ANY (c.metropolis_ids)) AS near
            WHERE o.id = offer_id
              AND peer_department_ok(t.department_code, c.excluded_departments, c.wanted_departments)
              AND peer_drive_ok(c.metropolis_ids, c.max_drive_minutes, near.minutes)
              AND peer_experience_ok(c.experience_years, o.min_experience_years)
              AND peer_dates_ok(peer_day(o.start_date, '2026-11-23'),
                                peer_day(c.available_from, '2026-11-23'), c.available_until,
                                o.commitment_years))
$$;
