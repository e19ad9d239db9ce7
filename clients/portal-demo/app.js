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
];
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
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.dataset.describedby || '').trim());
    if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
  }
}

function showError(field, message, detail) {
  const box = $('form-error');
  const entry = FIELD_INPUTS.find(([prefix]) => field && field.startsWith(prefix));
  const input = entry && $(entry[1]);
  const label = input && form.querySelector(`label[for="${input.id}"]`);
  box.replaceChildren(...[
    el('p', {class: 'error-title'}, message),
    label ? el('p', {}, 'Champ concerné : ', el('strong', {}, label.textContent)) : null,
    detail ? el('p', {class: 'error-detail'}, 'Réponse du service : ', el('code', {}, detail)) : null,
  ].filter(Boolean));
  box.hidden = false;
  if (input) {
    input.dataset.describedby = input.getAttribute('aria-describedby') || '';
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.dataset.describedby} form-error`.trim());
    input.focus();
  }
  $('results').replaceChildren();
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
    if (error instanceof FormError) return showError(error.field, error.message);
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
        include_beyond_limits: $('beyond-limits').checked})});
    const body = await response.json().catch(() => ({error: {message: `HTTP ${response.status}`}}));
    if (!response.ok || body.error) {
      const e = body.error || {};
      const title = e.code === 'INVALID_ARGUMENT' ? 'Le service a refusé ce profil.' :
        e.code === 'UNAVAILABLE' ? 'Le service de mise en relation est momentanément indisponible.' :
          'La recherche a échoué.';
      return showError(e.field, title, [e.code, e.message].filter(Boolean).join(' : '));
    }
    const n = body.matches.filter((m) => !m.beyond_limits).length;
    const beyondCount = body.matches.length - n;
    $('status').textContent = (n === 0 ? 'Aucune offre ne respecte vos limites pour le moment.' :
      `${n} offre${n > 1 ? 's' : ''} classée${n > 1 ? 's' : ''} (${body.considered} ` +
      `examinée${body.considered > 1 ? 's' : ''}), la meilleure en premier.`) +
      (beyondCount ? ` Puis ${beyondCount} au-delà de vos limites, signalée${beyondCount > 1 ? 's' : ''}.` : '');
    $('results').replaceChildren(...body.matches.map((m, i) => matchCard(m, i + 1)));
    $('results-title').focus();  // screen readers and small screens go to the answer
  } catch (error) {
    showError('', 'Le portail est injoignable. Vérifiez votre connexion puis réessayez.', String(error));
  } finally {
    button.disabled = false;
    button.textContent = 'Voir les offres';
    $('results-panel').removeAttribute('aria-busy');
  }
}

$('has-partner').addEventListener('change', (e) => {
  $('partner-fields').disabled = !e.target.checked;
});
form.addEventListener('submit', search);
