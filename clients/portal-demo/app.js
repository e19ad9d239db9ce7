// The portal page: reads the form, asks the portal server to rank offers, shows them.
// Vanilla JS; every value from the server goes in with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const form = $('profile');
const SETTING = {
  PRACTICE_SETTING_MSP: 'Maison de santé (MSP)',
  PRACTICE_SETTING_HEALTH_CENTRE: 'Centre de santé',
  PRACTICE_SETTING_GROUP_PRACTICE: 'Cabinet de groupe',
  PRACTICE_SETTING_SOLO_PRACTICE: 'Cabinet individuel',
  PRACTICE_SETTING_HOSPITAL: 'Hôpital',
  PRACTICE_SETTING_CARE_HOME: 'EHPAD',
};
const EMPLOYMENT = {EMPLOYMENT_MODE_LIBERAL: 'libéral', EMPLOYMENT_MODE_SALARIED: 'salarié',
  EMPLOYMENT_MODE_MIXED: 'mixte'};
// A field path in an error (from matchd or the portal server) -> the input to point at.
const FIELD_INPUTS = [
  ['candidate.profession', 'profession'],
  ['candidate.specialty', 'specialty'],
  ['candidate.household.partner', 'partner-sector'],
  ['candidate.household.children_ages', 'children'],
  ['candidate.metropolis_ids', 'metropolis'],
  ['candidate.max_drive_minutes', 'max-drive'],
  ['candidate.housing_months_needed', 'housing-months'],
  ['candidate.housing_need', 'housing'],
  ['options.filters.region_codes', 'region'],
  ['options.filters.department_codes', 'department'],
];
// A field path -> its name in a French sentence, and the unit of its values.
function fieldName(field) {
  const child = /^candidate\.household\.children_ages\[(\d+)\]$/.exec(field || '');
  if (child) {
    const n = Number(child[1]) + 1;
    return {name: `l'âge du ${n === 1 ? '1er' : `${n}e`} enfant`, unit: 'ans'};
  }
  const names = {
    'candidate.household.children_ages': {name: 'les âges des enfants', unit: ''},
    'candidate.max_drive_minutes': {name: 'le trajet maximal', unit: 'min'},
    'candidate.housing_months_needed': {name: 'la durée du logement temporaire', unit: 'mois'},
    'candidate.metropolis_ids': {name: 'la métropole', unit: ''},
    'candidate.profession': {name: 'la profession', unit: ''},
    'candidate.specialty': {name: 'la spécialité', unit: ''},
    'candidate.housing_need': {name: 'le besoin de logement', unit: ''},
  };
  const prefix = Object.keys(names).find((key) => field && field.startsWith(key));
  if (prefix) return names[prefix];
  if (field && field.startsWith('options.filters.region_codes')) return {name: 'la région', unit: ''};
  if (field && field.startsWith('options.filters.department_codes')) {
    return {name: 'le département', unit: ''};
  }
  return {name: 'une valeur du profil', unit: ''};
}
const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const number = (text) => new Intl.NumberFormat('fr-FR').format(Number(text));

// The server's message for a field ("candidate.household.children_ages[1]: 40 is outside
// [0, 25]") as a French sentence; the raw message stays available under "Détail technique".
function frenchSentence(field, message) {
  const {name, unit} = fieldName(field);
  const text = (message || '').replace(/^[A-Za-z_][\w.[\]"']*: /, '');
  const u = unit ? ` ${unit}` : '';
  let m = /^(-?[\d.]+(?:e[+-]?\d+)?) is outside \[(-?[\d.]+), (-?[\d.]+)\]/.exec(text);
  if (m) {
    const agreed = name.startsWith('la ') ? 'comprise' : 'compris';
    return `${capitalise(name)} doit être ${agreed} entre ${number(m[2])} et ${number(m[3])}${u} ` +
      `(${number(m[1])}${u} indiqué).`;
  }
  m = /^has (\d+) entries; at most (\d+)/.exec(text);
  if (m) return `${capitalise(name)} : ${m[2]} au plus (${m[1]} indiqués).`;
  if (/^is required/.test(text)) return `${capitalise(name)} est obligatoire.`;
  m = /^'([^']*)' is not/.exec(text);
  if (m) return `${capitalise(name)} : « ${m[1]} » n'est pas une valeur connue.`;
  return `Le service n'accepte pas ${name} tel qu'indiqué.`;
}
const euros = new Intl.NumberFormat('fr-FR', {style: 'currency', currency: 'EUR',
  maximumFractionDigits: 0});
const percent = (x) => `${Math.round(x * 100)} %`;

class FormError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

function integer(text, field, label) {
  if (!/^\d+$/.test(text)) throw new FormError(field, `${label} : « ${text} » n'est pas un nombre entier.`);
  return Number(text);
}

function readProfile() {
  const value = (id) => $(id).value.trim();
  const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)]
    .map((box) => box.value);
  const children = value('children').split(/[\s,;]+/).filter(Boolean)
    .map((age) => integer(age, 'candidate.household.children_ages', 'Âges des enfants'));
  const maxDrive = value('max-drive');
  const months = value('housing-months');
  return {
    profession: value('profession') || undefined,
    specialty: value('specialty') || undefined,
    first_installation: $('first-installation').checked,
    preferred_settings: checked('settings'),
    metropolis_ids: value('metropolis') ? [value('metropolis')] : [],
    max_drive_minutes: maxDrive ?
      integer(maxDrive, 'candidate.max_drive_minutes', 'Trajet maximal') : 0,
    household: {
      partner: $('has-partner').checked ? {
        sector: value('partner-sector'),
        needs_job: $('partner-needs-job').checked,
        can_telework: $('partner-telework').checked,
      } : null,
      children_ages: children,
    },
    housing_need: value('housing'),
    housing_months_needed: months ?
      integer(months, 'candidate.housing_months_needed', 'Durée du logement') : 0,
    lifestyle_tags: checked('lifestyle'),
  };
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, val] of Object.entries(attributes)) {
    if (key === 'class') node.className = val;
    else if (/^(data-|aria-|role$)/.test(key)) node.setAttribute(key, val);
    else node[key] = val;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function clearErrors() {
  $('form-error').hidden = true;
  $('form-error').replaceChildren();
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.dataset.describedby || '').trim());
    if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
  }
}

// message: the French title; sentence: what is wrong with the field, in French, shown next to
// it; detail: the server's own words, folded under "Détail technique".
function showError(field, message, detail, sentence) {
  const box = $('form-error');
  const entry = FIELD_INPUTS.find(([prefix]) => field && field.startsWith(prefix));
  const input = entry && $(entry[1]);
  const label = input && form.querySelector(`label[for="${input.id}"]`);
  box.replaceChildren(...[
    el('p', {class: 'error-title'}, message),
    sentence ? el('p', {class: 'error-sentence'}, sentence) : null,
    label ? el('p', {}, 'Champ concerné : ', el('strong', {}, label.textContent)) : null,
    detail ? el('details', {class: 'error-detail'}, el('summary', {}, 'Détail technique'),
      el('code', {}, detail)) : null,
  ].filter(Boolean));
  box.hidden = false;
  if (input) {
    const note = sentence ? el('p', {class: 'field-error', id: `${input.id}-error`}, sentence) : null;
    if (note) input.after(note);
    input.dataset.describedby = input.getAttribute('aria-describedby') || '';
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby',
      `${input.dataset.describedby} ${note ? note.id : ''} form-error`.replace(/\s+/g, ' ').trim());
    input.focus();
  }
  $('results').replaceChildren();
  clearMap();
  $('status').textContent = 'Aucun résultat : corrigez le profil puis relancez la recherche.';
}

function criterionItem(c) {
  const level = c.value >= 0.99 ? 'good' : c.value >= 0.5 ? 'partial' : 'poor';
  const spoken = {good: 'favorable', partial: 'en partie favorable', poor: 'défavorable'}[level];
  return el('li', {class: `criterion ${level}`, 'data-criterion': c.criterion},
    el('span', {class: 'icon', 'aria-hidden': 'true'}, {good: '✓', partial: '≈', poor: '✗'}[level]),
    el('span', {class: 'visually-hidden'}, `${spoken} : `),
    el('span', {class: 'explanation'}, c.explanation),
    c.synthetic ? el('span', {class: 'badge'}, 'donnée de démonstration') : null);
}

function matchCard(m, rank) {
  const titleId = `match-${rank}-title`;
  const offer = m.offer || {};
  const terms = [SETTING[offer.setting], EMPLOYMENT[offer.employment],
    offer.start_date ? `dès le ${offer.start_date.split('-').reverse().join('/')}` : null]
    .filter(Boolean).join(' · ');
  const drive = m.drive_minutes >= 0 ? el('span', {class: 'drive', 'data-estimated':
    String(m.drive_minutes_estimated), title: m.drive_minutes_estimated ?
    'temps estimé d\'après la distance' : 'temps de trajet mesuré'},
  `${m.drive_minutes_estimated ? '~' : ''}${Math.round(m.drive_minutes)} min`) : null;
  const side = (name, heading) => el('section', {class: 'side'}, el('h4', {}, heading),
    el('ul', {class: 'criteria'}, ...m.criteria.filter((c) => c.side === name).map(criterionItem)));
  const bar = (label, value, cls) => {
    const fill = el('span', {class: 'meter-fill'});
    fill.style.width = `${Math.round(value * 100)}%`;  // CSSOM: allowed by the page's CSP
    return el('div', {class: `meter ${cls}`}, el('span', {class: 'meter-label'}, label),
      el('span', {class: 'meter-track', 'aria-hidden': 'true'}, fill),
      el('span', {class: 'meter-value'}, percent(value)));
  };
  const beyond = m.beyond_limits ? el('section', {class: 'beyond', role: 'note'},
    el('h4', {}, 'Au-delà de vos limites : ce n\'est pas une offre pour vous'),
    el('ul', {}, ...(m.limits || []).map((l) =>
      el('li', {'data-limit': l.limit}, l.explanation)))) : null;
  return el('li', {class: m.beyond_limits ? 'match card beyond-limits' : 'match card',
    'data-offer-id': m.offer_id, 'data-beyond-limits': String(Boolean(m.beyond_limits))},
    el('article', {'aria-labelledby': titleId},
      el('header', {class: 'match-head'},
        el('span', {class: 'rank'}, el('span', {class: 'visually-hidden'}, 'Rang '), String(rank)),
        el('div', {class: 'match-title'},
          el('h3', {id: titleId}, offer.title || m.offer_id),
          el('p', {class: 'place'}, el('strong', {}, m.territory_name || m.territory_id),
            drive ? ' · ' : null, drive, drive && m.metropolis_name ? ` de ${m.metropolis_name}` : null),
          terms ? el('p', {class: 'terms'}, terms) : null),
        el('p', {class: 'score'}, el('strong', {}, percent(m.score)), el('span', {}, ' compatibilité'))),
      beyond,
      el('div', {class: 'meters'},
        bar('Pour votre foyer', m.candidate_score, 'household'),
        bar('Pour le territoire', m.territory_score, 'territory')),
      el('section', {class: 'aid', 'data-aid-first-year': String(m.aid.first_year_eur),
        'data-aid-five-years': String(m.aid.five_year_eur)},
      el('h4', {}, 'Aides estimées'),
      el('p', {class: 'aid-total'}, el('strong', {}, euros.format(m.aid.first_year_eur)),
        ' la première année · ', el('strong', {}, euros.format(m.aid.five_year_eur)), ' sur 5 ans'),
      m.aid.lines.length ? el('table', {class: 'aid-lines'},
        el('caption', {class: 'visually-hidden'}, 'Détail des aides estimées'),
        el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Aide'),
          el('th', {scope: 'col', class: 'amount'}, '1re année'),
          el('th', {scope: 'col', class: 'amount'}, 'Sur 5 ans'))),
        el('tbody', {}, ...m.aid.lines.map((line) => el('tr', {title: line.source},
          el('th', {scope: 'row'}, line.label),
          el('td', {class: 'amount'}, euros.format(line.first_year_eur)),
          el('td', {class: 'amount'}, euros.format(line.five_year_eur)))))) : null),
      el('div', {class: 'sides'},
        side('SIDE_CANDIDATE', 'Ce que l\'offre apporte à votre foyer'),
        side('SIDE_TERRITORY', 'Ce que le territoire y gagne'))));
}

async function search(event) {
  event.preventDefault();
  clearErrors();
  let candidate;
  try {
    candidate = readProfile();
  } catch (error) {
    if (error instanceof FormError) return showError(error.field, 'Une valeur du profil est à corriger.', null, error.message);
    throw error;
  }
  const button = $('submit');
  button.disabled = true;
  button.textContent = 'Recherche…';
  $('results-panel').setAttribute('aria-busy', 'true');
  try {
    const response = await fetch('/api/rank', {method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({candidate, language: 'fr',
        include_beyond_limits: $('beyond-limits').checked, filters: readFilters()})});
    const body = await response.json().catch(() => ({error: {message: `HTTP ${response.status}`}}));
    if (!response.ok || body.error) {
      const e = body.error || {};
      const title = e.code === 'INVALID_ARGUMENT' ? 'Le service a refusé ce profil.' :
        e.code === 'UNAVAILABLE' ? 'Le service de mise en relation est momentanément indisponible.' :
          'La recherche a échoué.';
      return showError(e.field, title, [e.code, e.message].filter(Boolean).join(' : '),
        e.code === 'INVALID_ARGUMENT' ? frenchSentence(e.field, e.message) : null);
    }
    const n = body.matches.filter((m) => !m.beyond_limits).length;
    const beyondCount = body.matches.length - n;
    $('status').textContent = (n === 0 ? 'Aucune offre ne respecte vos limites pour le moment.' :
      `${n} offre${n > 1 ? 's' : ''} classée${n > 1 ? 's' : ''} (${body.considered} ` +
      `examinée${body.considered > 1 ? 's' : ''}), la meilleure en premier.`) +
      (beyondCount ? ` Puis ${beyondCount} au-delà de vos limites, signalée${beyondCount > 1 ? 's' : ''}.` : '');
    $('results').replaceChildren(...body.matches.map((m, i) => matchCard(m, i + 1)));
    await mapReady.catch(() => null);  // without the outline, the list alone
    drawMap(body.matches, candidate);
    $('results-title').focus();  // screen readers and small screens go to the answer
  } catch (error) {
    showError('', 'Le portail est injoignable. Vérifiez votre connexion puis réessayez.', String(error));
  } finally {
    button.disabled = false;
    button.textContent = 'Voir les offres';
    $('results-panel').removeAttribute('aria-busy');
  }
}

// ---- the map ------------------------------------------------------------------------------
// The outline of the departments (GET /api/map) and france-map.js's projection, fitted to it.
const SVG_NS = 'http://www.w3.org/2000/svg';
let mapData = null;
const mapReady = fetch('/api/map').then((r) => r.json()).then((data) => {
  mapData = data;
  const svg = $('map');
  svg.setAttribute('viewBox', data.viewBox);
  const departments = svg.querySelector('.departments');
  for (const d of data.departments) {
    const shape = svg_('path', {id: `dep-${d.code}`, d: d.path, 'data-department': d.code,
      'data-region': d.region || ''});
    shape.append(svg_('title', {}, `${d.name} (${d.code})`));
    departments.append(shape);
  }
  $('map-attribution').textContent = data.attribution;
  // The filters' lists: regions, then the departments of the chosen region.
  const regions = $('region');
  for (const r of [...data.regions].sort((a, b) => a.name.localeCompare(b.name, 'fr'))) {
    regions.append(el('option', {value: r.code}, r.name));
  }
  fillDepartments();
});

function svg_(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, val] of Object.entries(attributes)) node.setAttribute(key, val);
  node.append(...children);
  return node;
}

function fillDepartments() {
  const region = $('region').value;
  const all = [...mapData.departments, ...mapData.overseas]
    .filter((d) => !region || d.region === region)
    .sort((a, b) => a.code.localeCompare(b.code));
  const select = $('department');
  const keep = select.value;
  select.replaceChildren(el('option', {value: ''}, region ? 'Tous ceux de la région' : 'Tous'),
    ...all.map((d) => el('option', {value: d.code}, `${d.code} · ${d.name}`)));
  if (all.some((d) => d.code === keep)) select.value = keep;
}

function readFilters() {
  const region = $('region').value;
  const department = $('department').value;
  return {region_codes: region ? [region] : [], department_codes: department ? [department] : []};
}

function clearMap() {
  $('map-panel').hidden = true;
  for (const g of $('map').querySelectorAll('.reach, .markers')) g.replaceChildren();
  $('overseas').replaceChildren();
  $('map-unplaced').hidden = true;
}

const ringPath = (points) => `M${points.map(([lat, lon]) =>
  FranceMap.project(lat, lon).map((v) => v.toFixed(1)).join(',')).join('L')}Z`;

// Markers for the ranked offers (rank order), the chosen metropolis and its estimated reach.
function drawMap(matches, candidate) {
  clearMap();
  if (!mapData || matches.length === 0) return;
  const svg = $('map');
  const outline = new Set(mapData.departments.map((d) => d.code));
  const reach = svg.querySelector('.reach');
  const metropolis = mapData.metropolises.find((m) => m.id === candidate.metropolis_ids[0]);
  for (const shape of svg.querySelectorAll('.departments path')) {
    shape.classList.toggle('has-offer', matches.some((m) => m.location &&
      m.location.department === shape.dataset.department));
  }
  if (metropolis) {
    const limit = candidate.max_drive_minutes;
    if (limit > 0) {
      const km = FranceMap.kmForMinutes(limit);
      reach.append(svg_('path', {class: 'reach-area', d: ringPath(
        FranceMap.circle(metropolis.lat, metropolis.lon, km)), 'data-km': km.toFixed(1)},
      svg_('title', {}, `Portée estimée : ${limit} min de route ≈ ${Math.round(km)} km à vol ` +
        'd\'oiseau (estimation d\'après la distance, pas un itinéraire)')));
    }
    const [x, y] = FranceMap.project(metropolis.lat, metropolis.lon);
    reach.append(svg_('rect', {class: 'metropolis', x: (x - 4).toFixed(1), y: (y - 4).toFixed(1),
      width: 8, height: 8, 'data-metropolis': metropolis.id, 'data-cx': x.toFixed(2),
      'data-cy': y.toFixed(2)},
    svg_('title', {}, metropolis.name)));
    $('map-reach').textContent = limit > 0 ?
      `Carré : ${metropolis.name}. Cercle : portée estimée de ${limit} min de route, ` +
      `≈ ${Math.round(FranceMap.kmForMinutes(limit))} km à vol d'oiseau (estimation d'après ` +
      'la distance, les temps mesurés des offres priment).' :
      `Carré : ${metropolis.name} (pas de limite de trajet indiquée).`;
  } else {
    $('map-reach').textContent = 'Aucune métropole choisie : pas de portée tracée.';
  }
  const markers = svg.querySelector('.markers');
  const overseas = [];
  const unplaced = [];
  // Drawn from the last to the first, so that the best offer is on top where markers overlap.
  matches.map((m, i) => [m, i + 1]).reverse().forEach(([m, rank]) => {
    if (!m.location) return unplaced.unshift([m, rank]);
    if (!outline.has(m.location.department)) return overseas.unshift([m, rank]);
    const [x, y] = FranceMap.project(m.location.lat, m.location.lon);
    const marker = svg_('g', {class: m.beyond_limits ? 'marker beyond-limits' : 'marker',
      tabindex: '0', role: 'img', 'data-offer-id': m.offer_id, 'data-rank': String(rank),
      'data-department': m.location.department, 'data-x': x.toFixed(2), 'data-y': y.toFixed(2),
      'data-beyond-limits': String(Boolean(m.beyond_limits)),
      'aria-label': `${rank}. ${(m.offer && m.offer.title) || m.offer_id}, ${m.territory_name}`},
    svg_('circle', {cx: x.toFixed(2), cy: y.toFixed(2), r: 7}),
    svg_('text', {x: x.toFixed(2), y: (y + 3.5).toFixed(2)}, String(rank)));
    markers.append(marker);
  });
  if (overseas.length) {
    $('overseas').append(el('h4', {}, 'Outre-mer (hors carte)'), el('ol', {},
      ...overseas.map(([m, rank]) => el('li', {'data-offer-id': m.offer_id, value: rank},
        `${m.territory_name} (${m.location.department}) · ${(m.offer && m.offer.title) || m.offer_id}`))));
  }
  if (unplaced.length) {
    $('map-unplaced').hidden = false;
    $('map-unplaced').textContent = `Sans coordonnées, non placées : ${unplaced.map(([m, rank]) =>
      `${rank}. ${m.territory_name || m.territory_id}`).join(', ')}.`;
  }
  $('map-panel').hidden = false;  // before framing: a hidden SVG has no bounding boxes
  applyWithinLimits();
  frameMap($('map-whole').getAttribute('aria-pressed') === 'true');
}

// The map framed on the offers, the metropolis and its reach (at least 140 units wide, about a
// fifth of France), or on the whole of France; markers keep their size on screen.
function frameMap(whole) {
  const svg = $('map');
  const [, , fullWidth, fullHeight] = mapData.viewBox.split(/\s+/).map(Number);
  let box = {x: 0, y: 0, width: fullWidth, height: fullHeight};
  // From the geometry alone (centres, the reach's path), not the markers' current size.
  const points = [
    ...[...svg.querySelectorAll('.markers .marker:not(.filtered)')]
      .map((g) => [Number(g.dataset.x), Number(g.dataset.y)]),
    ...[...svg.querySelectorAll('.metropolis')].map((r) => [Number(r.dataset.cx), Number(r.dataset.cy)]),
  ];
  for (const area of svg.querySelectorAll('.reach-area')) {
    const b = area.getBBox();  // the panel is shown: a hidden SVG has no boxes
    points.push([b.x, b.y], [b.x + b.width, b.y + b.height]);
  }
  if (!whole && points.length) {
    let x0 = Math.min(...points.map((p) => p[0]));
    let y0 = Math.min(...points.map((p) => p[1]));
    const x1 = Math.max(...points.map((p) => p[0]));
    const y1 = Math.max(...points.map((p) => p[1]));
    const width = Math.max(140, (x1 - x0) * 1.3);
    const height = Math.max(width * fullHeight / fullWidth, (y1 - y0) * 1.3);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    [x0, y0] = [cx - width / 2, cy - height / 2];
    box = {x: x0, y: y0, width, height};
  }
  svg.setAttribute('viewBox', [box.x, box.y, box.width, box.height].map((v) => v.toFixed(1)).join(' '));
  const k = box.width / fullWidth;  // markers and labels drawn at the same size on screen
  for (const marker of svg.querySelectorAll('.marker')) {
    const circle = marker.querySelector('circle');
    const text = marker.querySelector('text');
    circle.setAttribute('r', (12 * k).toFixed(2));
    text.setAttribute('font-size', (14 * k).toFixed(2));
    text.setAttribute('y', (Number(circle.getAttribute('cy')) + 5 * k).toFixed(2));
  }
  for (const rect of svg.querySelectorAll('.metropolis')) {
    const x = Number(rect.dataset.cx);
    const y = Number(rect.dataset.cy);
    rect.setAttribute('x', (x - 5 * k).toFixed(2));
    rect.setAttribute('y', (y - 5 * k).toFixed(2));
    rect.setAttribute('width', (10 * k).toFixed(2));
    rect.setAttribute('height', (10 * k).toFixed(2));
  }
  $('map-whole').textContent = whole ? 'Cadrer sur les offres' : 'Voir toute la France';
  $('map-whole').setAttribute('aria-pressed', String(whole));
}

// "Dans mes limites seulement": hides the offers beyond a limit, cards and markers alike.
function applyWithinLimits() {
  const only = $('within-limits').checked;
  const hide = (node) => only && node.dataset.beyondLimits === 'true';
  for (const card of document.querySelectorAll('#results > li.match')) card.hidden = hide(card);
  for (const marker of document.querySelectorAll('#map .marker')) {  // no `hidden` in SVG
    marker.classList.toggle('filtered', hide(marker));
  }
}

// Hovering (or focusing) a card highlights its marker, and the other way round.
function highlight(offerId, on) {
  for (const node of document.querySelectorAll(
    `#results > li.match[data-offer-id="${CSS.escape(offerId)}"], ` +
    `#map .marker[data-offer-id="${CSS.escape(offerId)}"]`)) {
    node.classList.toggle('highlighted', on);
    if (on && node instanceof SVGElement) node.parentNode.append(node);  // on top
  }
}
for (const [container, selector] of [['results', 'li.match'], ['map', '.marker']]) {
  for (const [type, on] of [['mouseover', true], ['mouseout', false], ['focusin', true],
    ['focusout', false]]) {
    $(container).addEventListener(type, (event) => {
      const item = event.target.closest(selector);
      if (!item) return;
      const related = event.relatedTarget && event.relatedTarget.closest &&
        event.relatedTarget.closest(selector);
      if (related === item) return;  // moving inside the same card or marker
      highlight(item.dataset.offerId, on);
    });
  }
}
$('within-limits').addEventListener('change', () => {
  applyWithinLimits();
  frameMap($('map-whole').getAttribute('aria-pressed') === 'true');
});
$('map-whole').addEventListener('click', () =>
  frameMap($('map-whole').getAttribute('aria-pressed') !== 'true'));
$('region').addEventListener('change', () => mapReady.then(fillDepartments));

// ---- a stored household's campaign proposals (its own link: ?foyer=ID&code=CODE) ---------
async function showProposals() {
  const params = new URLSearchParams(window.location.search);
  const household = params.get('foyer');
  const code = params.get('code');
  if (!household || !code) return;
  // The code stays out of the address bar (and of what is shared or bookmarked from it).
  window.history.replaceState(null, '', window.location.pathname);
  const panel = $('campaign-panel');
  panel.hidden = false;
  $('campaign-status').textContent = 'Recherche de vos propositions…';
  try {
    const response = await fetch('/api/proposals', {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({household, code})});
    const body = await response.json();
    if (!response.ok || body.error) {
      $('campaign-status').textContent = response.status === 403 ?
        'Ce lien ne donne pas accès à des propositions : vérifiez le lien reçu de l\'agence.' :
        'Les propositions de campagne ne sont pas disponibles sur ce portail.';
      panel.dataset.state = 'refused';
      return;
    }
    const n = body.proposals.length;
    panel.dataset.state = 'shown';
    $('campaign-status').textContent = n === 0 ? 'Aucune proposition pour votre foyer pour le moment.' :
      `${n} poste${n > 1 ? 's' : ''} proposé${n > 1 ? 's' : ''} à votre foyer, à contacter en priorité. ` +
      'Les autres foyers ne voient pas ces propositions.';
    $('campaign-proposals').replaceChildren(...body.proposals.map((p) =>
      el('li', {class: 'proposal', 'data-offer-id': p.offer_id, 'data-campaign-id': p.campaign_id},
        el('strong', {}, p.title || p.offer_id),
        p.territory_name ? ` · ${p.territory_name}${p.department ? ` (${p.department})` : ''}` : null,
        el('span', {class: 'campaign-name'}, ` — ${p.campaign_name || p.campaign_id}`),
        p.kept ? el('span', {class: 'badge'}, 'rencontre en cours') : null)));
  } catch (error) {
    $('campaign-status').textContent = 'Le portail est injoignable. Réessayez plus tard.';
  }
}
showProposals();

$('has-partner').addEventListener('change', (e) => {
  $('partner-fields').disabled = !e.target.checked;
});
form.addEventListener('submit', search);
