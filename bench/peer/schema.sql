-- The peer benchmark's tables (issue 5): the records of bench/peer_data.h as written by
-- peer_export (COPY text format), flattened. Enums are the proto integer values; NULL is
-- "unknown" / "not given", as std::nullopt in matcher/types.h.
-- The helper tables (specialty_fit, territory_metropolis, territory_neighbours,
-- nearby_openings) are derived from these and data/specialties.json by indexes.sql.
DROP TABLE IF EXISTS territories, offers, candidates, visitors, territory_metropolis,
  territory_neighbours, nearby_openings, specialty_fit CASCADE;

CREATE TABLE territories (
  id                      text PRIMARY KEY,
  department_code         text NOT NULL,
  region_code             text NOT NULL,
  lat                     float8 NOT NULL,    -- 0, 0: not placed
  lon                     float8 NOT NULL,
  metro_ids               text[] NOT NULL,    -- metropolis_access, nearest first
  metro_minutes           float8[] NOT NULL,  -- drive minutes, parallel to metro_ids
  creche_minutes          int,
  primary_school_minutes  int,
  college_minutes         int,
  lycee_minutes           int,
  fibre_coverage          float8,
  lifestyle_tags          text[] NOT NULL,
  job_openings            jsonb NOT NULL,     -- sector -> openings
  job_openings_total      int NOT NULL,       -- sum over sectors (a partner with no sector)
  temporary_housing       boolean NOT NULL,
  rent_eur_per_m2         float8,
  apl                     float8
);

CREATE TABLE offers (
  id                        text PRIMARY KEY,
  territory_id              text NOT NULL,
  profession                int NOT NULL,
  specialty                 text NOT NULL,  -- '' = any
  setting                   int NOT NULL,
  employment                int NOT NULL,
  start_date                date,           -- NULL = as soon as possible
  part_time_possible        boolean NOT NULL,
  on_call_per_month         int NOT NULL,
  trial_possible            boolean NOT NULL,
  discovery_day             boolean NOT NULL,
  temporary_housing_months  int NOT NULL,
  spouse_job_help           boolean NOT NULL,
  min_experience_years      int NOT NULL,
  commitment_years          int NOT NULL,
  status                    int NOT NULL
);

CREATE TABLE candidates (
  id                      text PRIMARY KEY,
  profession              int NOT NULL,
  specialty               text NOT NULL,
  experience_years        int NOT NULL,
  preferred_settings      int[] NOT NULL,
  preferred_employment    int[] NOT NULL,
  available_from          date,  -- NULL = now
  available_until         date,  -- NULL = open-ended
  metropolis_ids          text[] NOT NULL,
  max_drive_minutes       int NOT NULL,
  wanted_departments      text[] NOT NULL,
  excluded_departments    text[] NOT NULL,
  has_partner             boolean NOT NULL,
  partner_sector          text NOT NULL,
  partner_needs_job       boolean NOT NULL,
  partner_can_telework    boolean NOT NULL,
  children_ages           int[] NOT NULL,
  housing_need            int NOT NULL,
  housing_months_needed   int NOT NULL,
  lifestyle_tags          text[] NOT NULL,
  max_on_call_per_month   int,
  wants_part_time         boolean NOT NULL,
  wants_trial             boolean NOT NULL,
  status                  int NOT NULL,
  partner_profession      int NOT NULL,       -- 0: none (not a health professional)
  partner_specialty       text NOT NULL,
  consent_given           boolean NOT NULL,
  home_lat                float8,             -- current_location; NULL = not said
  home_lon                float8
);

-- The households that ask RankOffers: not stored candidates, same columns.
CREATE TABLE visitors (LIKE candidates INCLUDING ALL);

-- Derived by indexes.sql (after score.sql, whose functions it uses); see score.sql.
-- Every (candidate specialty, offer specialty) pair that keeps the specialty limit, with
-- its fit: the same id or either empty 1, related (either way) 0.6.
CREATE TABLE specialty_fit (
  a    text NOT NULL,
  b    text NOT NULL,
  fit  float8 NOT NULL,
  PRIMARY KEY (a, b)
);
-- metropolis_access, one row per territory and metropolis (the shortest when listed twice).
CREATE TABLE territory_metropolis (
  territory_id   text NOT NULL,
  metropolis_id  text NOT NULL,
  minutes        float8 NOT NULL,
  PRIMARY KEY (territory_id, metropolis_id)
);
-- The territories within 30 min estimated of each (itself at 0), as
-- index/nearby_openings.h: placed ones only (lat, lon not both 0).
CREATE TABLE territory_neighbours (
  territory_id  text NOT NULL,
  neighbour_id  text NOT NULL,
  minutes       float8 NOT NULL
);
-- Open offers within reach of each territory, by profession and specialty.
CREATE TABLE nearby_openings (
  territory_id  text NOT NULL,
  profession    int NOT NULL,
  specialty     text NOT NULL,
  openings      bigint NOT NULL,
  PRIMARY KEY (territory_id, profession, specialty)
);
