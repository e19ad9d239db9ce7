-- Indexes a competent team would add for the two ranking queries, and the derived tables
-- of schema.sql (each the counterpart of a structure matchd keeps; see score.sql). Run
-- after COPY and score.sql, with psql -v specialties_file=PATH (data/specialties.json,
-- readable by the server).
CREATE INDEX offers_profession_status ON offers (profession, status);
CREATE INDEX offers_territory ON offers (territory_id);
CREATE INDEX candidates_profession_status ON candidates (profession, status);
CREATE INDEX territories_department ON territories (department_code);
CREATE INDEX territories_point ON territories USING gist (point(lon, lat));

-- data/specialties.json: ids, and "related" lists read both ways.
INSERT INTO specialty_fit (a, b, fit)
WITH doc AS (SELECT pg_read_file(:'specialties_file')::jsonb AS j),
ids AS (SELECT e ->> 'id' AS id FROM doc, jsonb_array_elements(doc.j -> 'specialties') AS e),
related AS (
  SELECT e ->> 'id' AS a, r AS b
  FROM doc, jsonb_array_elements(doc.j -> 'specialties') AS e,
       jsonb_array_elements_text(coalesce(e -> 'related', '[]'::jsonb)) AS r)
SELECT id, id, 1 FROM ids
UNION SELECT '', id, 1 FROM ids
UNION SELECT id, '', 1 FROM ids
UNION SELECT '', '', 1
UNION SELECT a, b, 0.6 FROM related WHERE a <> b
UNION SELECT b, a, 0.6 FROM related WHERE a <> b;

INSERT INTO territory_metropolis (territory_id, metropolis_id, minutes)
SELECT t.id, a.metropolis_id, min(a.minutes)
FROM territories t, unnest(t.metro_ids, t.metro_minutes) AS a (metropolis_id, minutes)
GROUP BY t.id, a.metropolis_id;
CREATE INDEX territory_metropolis_metropolis ON territory_metropolis (metropolis_id)
  INCLUDE (territory_id, minutes);

-- Reach: the estimated drive time of the great-circle distance within 30 min (about 19 km;
-- the box of ±0.2° of latitude and the matching longitude only narrows the search).
INSERT INTO territory_neighbours (territory_id, neighbour_id, minutes)
SELECT id, id, 0 FROM territories
UNION ALL
SELECT a.id, b.id, m.minutes
FROM territories a
JOIN territories b
  ON point(b.lon, b.lat) <@ box(
       point(a.lon - 0.2 / greatest(cos(radians(abs(a.lat) + 0.2)), 0.01), a.lat - 0.2),
       point(a.lon + 0.2 / greatest(cos(radians(abs(a.lat) + 0.2)), 0.01), a.lat + 0.2))
  AND b.id <> a.id AND (b.lat <> 0 OR b.lon <> 0)
CROSS JOIN LATERAL (
  SELECT peer_estimate_drive_minutes(peer_great_circle_km(a.lat, a.lon, b.lat, b.lon))
    AS minutes) AS m
WHERE (a.lat <> 0 OR a.lon <> 0) AND m.minutes <= 30;
CREATE INDEX territory_neighbours_territory ON territory_neighbours (territory_id);

INSERT INTO nearby_openings (territory_id, profession, specialty, openings)
SELECT n.territory_id, o.profession, o.specialty, count(*)
FROM territory_neighbours n JOIN offers o ON o.territory_id = n.neighbour_id
WHERE o.status IN (0, 1)
GROUP BY n.territory_id, o.profession, o.specialty;
