-- Indexes a competent team would add for the two ranking queries; created after COPY.
CREATE INDEX offers_profession_status ON offers (profession, status);
CREATE INDEX offers_territory ON offers (territory_id);
CREATE INDEX candidates_profession_status ON candidates (profession, status);
CREATE INDEX territories_department ON territories (department_code);
