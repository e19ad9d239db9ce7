// End-to-end test of the portal page in Debian's headless Chromium, driven by playwright-core.
//
// Usage: node test/e2e.mjs http://127.0.0.1:PORT
// Needs a portal server (server.js) in front of a matchd loaded with data/examples/nancy.jsonl.
// Saves a screenshot of the ranked offers to $SCREENSHOT (default <repo>/build/portal-demo.png)
// and one of the map to $MAP_SCREENSHOT (default <repo>/build/portal-map.png).
// Waits for selectors only, never for a fixed time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const url = process.argv[2] || process.env.PORTAL_URL;
if (!url) {
  console.error('usage: node test/e2e.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const screenshot = path.resolve(repo, process.env.SCREENSHOT || 'build/portal-demo.png');
const mapScreenshot = path.resolve(repo, process.env.MAP_SCREENSHOT || 'build/portal-map.png');

// Playwright times out each step; this bounds the whole run in case something else hangs.
setTimeout(() => {
  console.error('e2e: still running after 120 s, giving up');
  process.exit(1);
}, 120_000).unref();

let passed = 0;
async function step(name, body) {
  await body();
  passed += 1;
  console.log(`ok ${passed} - ${name}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'fr-FR'});
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {  // failed loads are checked below, with their address
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text());
    }
  });
  const badResponses = [];  // expected: the invalid profile's 400, the forged link's 403
  page.on('response', (response) => {
    const expected = (response.status() === 400 && response.url().endsWith('/api/rank')) ||
      (response.status() === 403 && response.url().endsWith('/api/proposals'));
    if (response.status() >= 400 && !expected) {
      badResponses.push(`${response.status()} ${response.url()}`);
    }
  });

  await step('the page loads, in French, with its form', async () => {
    await page.goto(url);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.getByRole('heading', {name: 'Votre profil'}).waitFor();
    const metropolises = await page.getByLabel('Métropole à garder à portée')
      .locator('option').allTextContents();
    assert.ok(metropolises.includes('Métropole du Grand Nancy'), metropolises.join(', '));
  });

  // Every control is reached through its visible label, as a screen reader would.
  await step('a visitor fills in the household profile', async () => {
    await page.getByLabel('Profession').selectOption({label: 'Médecin généraliste'});
    await page.getByLabel('Première installation en libéral').check();
    await page.getByLabel('Mon ou ma conjoint(e) déménage avec moi').check();
    await page.getByLabel('Secteur d\'activité du conjoint').selectOption({label: 'Santé'});
    await page.getByLabel('Cherche un emploi sur place').check();
    await page.getByLabel('Âges des enfants').fill('2, 7');
    await page.getByLabel('Métropole à garder à portée').selectOption('nancy');
    await page.getByLabel('Trajet maximal jusqu\'à la métropole (minutes)').fill('50');
    await page.getByLabel('Besoin de logement').selectOption('HOUSING_NEED_TEMPORARY');
    await page.getByLabel('Durée du logement temporaire (mois)').fill('6');
    await page.getByLabel('Maison de santé (MSP)').check();
  });

  const matches = page.locator('#results > li.match');
  await step('only offers within reach: Lunéville, not Bar-le-Duc (75 min for 50)', async () => {
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    await matches.first().waitFor();
    await page.getByRole('status').filter({hasText: '1 offre classée'}).waitFor();
    const ids = await matches.evaluateAll((items) => items.map((li) => li.dataset.offerId));
    assert.deepEqual(ids, ['of-luneville-msp']);
  });

  await step('asked for, Bar-le-Duc comes after, marked beyond the limit', async () => {
    await page.getByLabel(/Montrer aussi les offres au-delà de mes limites/).check();
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    await page.getByRole('status').filter({hasText: '1 au-delà de vos limites'}).waitFor();
    const ids = await matches.evaluateAll((items) => items.map((li) => li.dataset.offerId));
    assert.deepEqual(ids, ['of-luneville-msp', 'of-barleduc-msp']);
    const beyond = matches.nth(1);
    assert.equal(await beyond.getAttribute('data-beyond-limits'), 'true');
    assert.match(await beyond.locator('[data-limit="drive_time"]').textContent(),
      /1 h 15 de Métropole du Grand Nancy, au-delà de vos 50 min/);
    const score = Number((await beyond.locator('.score strong').textContent()).replace(/\D/g, ''));
    assert.ok(score <= 50, `capped score: ${score} %`);
    assert.equal(await matches.first().getAttribute('data-beyond-limits'), 'false');
  });

  await step('the first offer explains itself: 42 min, the aid, both sides', async () => {
    const first = matches.first();
    assert.match(await first.locator('h3').textContent(), /Médecin généraliste/);
    assert.match(await first.locator('.place').textContent(), /Lunéville · 42 min de Métropole du Grand Nancy/);
    assert.equal(await first.locator('.drive').getAttribute('data-estimated'), 'false');
    assert.match(await first.locator('[data-criterion="proximity"]').textContent(), /42 min/);
    const aid = first.locator('.aid');
    assert.equal(await aid.getAttribute('data-aid-first-year'), '30000');
    assert.equal(await aid.getAttribute('data-aid-five-years'), '73200');
    assert.match(await aid.locator('.aid-total').textContent(),
      /30\s000\s€ la première année · 73\s200\s€ sur 5 ans/);
    assert.ok(await aid.locator('.aid-lines tbody tr').count() >= 3);
    assert.match(await first.locator('[data-criterion="spouse_job"]').textContent(), /3/);
    assert.match(await first.locator('[data-criterion="housing"]').textContent(), /6 mois/);
    assert.ok(await first.locator('.side').nth(1).locator('li.criterion').count() >= 1,
      'the territory side has its criteria');
    assert.match(await first.locator('.score').textContent(), /\d+ % compatibilité/);
    assert.match(await matches.nth(1).locator('[data-criterion="proximity"]').textContent(),
      /75 min/);
  });

  await step('a screenshot of the ranked offers', async () => {
    fs.mkdirSync(path.dirname(screenshot), {recursive: true});
    await page.screenshot({path: screenshot, fullPage: true});
    assert.ok(fs.statSync(screenshot).size > 10_000);
    console.log(`# screenshot: ${screenshot}`);
  });

  // ---- the map (issue 20 point 5) ----
  const markers = page.locator('#map .marker');
  // Where each marker is, and which department paths contain it (the browser's own fill test).
  const placed = () => page.evaluate(() => [...document.querySelectorAll('#map .marker')]
    .map((g) => {
      const point = new DOMPoint(Number(g.dataset.x), Number(g.dataset.y));
      return {id: g.dataset.offerId, rank: Number(g.dataset.rank), department: g.dataset.department,
        filtered: g.classList.contains('filtered'),
        containing: [...document.querySelectorAll('#map .departments path')]
          .filter((p) => p.isPointInFill(point)).map((p) => p.dataset.department),
        inReach: [...document.querySelectorAll('#map .reach-area')]
          .some((p) => p.isPointInFill(point))};
    }).sort((a, b) => a.rank - b.rank));

  await step('the projection puts known cities in their departments (isPointInFill)', async () => {
    const cities = await page.evaluate(() => [
      ['Paris', 48.8566, 2.3522, '75'], ['Brest', 48.3904, -4.4861, '29'],
      ['Strasbourg', 48.5734, 7.7521, '67'], ['Nice', 43.7102, 7.262, '06'],
      ['Perpignan', 42.6887, 2.8948, '66'], ['Ajaccio', 41.9192, 8.7386, '2A'],
      ['Lille', 50.6292, 3.0573, '59'], ['Bayonne', 43.4929, -1.4748, '64'],
    ].map(([name, lat, lon, expected]) => {
      const [x, y] = FranceMap.project(lat, lon);
      const containing = [...document.querySelectorAll('#map .departments path')]
        .filter((p) => p.isPointInFill(new DOMPoint(x, y))).map((p) => p.dataset.department);
      return {name, expected, containing};
    }));
    for (const c of cities) assert.deepEqual(c.containing, [c.expected], c.name);
    assert.equal(await page.locator('#map .departments path').count(), 96);
  });

  await step('the map: one marker per ranked offer, in rank order, inside its department', async () => {
    await page.locator('#map-panel').waitFor();
    const ids = await matches.evaluateAll((items) => items.map((li) => li.dataset.offerId));
    const got = await placed();
    assert.deepEqual(got.map((m) => m.id), ids);
    assert.deepEqual(got.map((m) => m.rank), [1, 2]);
    assert.deepEqual(got.map((m) => m.department), ['54', '55']);  // Lunéville, Bar-le-Duc
    for (const m of got) assert.deepEqual(m.containing, [m.department], m.id);
    assert.equal(await markers.nth(1).getAttribute('data-beyond-limits'), 'false');  // drawn last-first
  });

  await step('the metropolis and its estimated reach: Lunéville inside, Bar-le-Duc outside', async () => {
    // 50 min by matcher/geo.h: 10 road km in 17.14 min, 38.33 km more at 70 km/h = 48.33 road
    // km, over the 1.3 detour = 37.2 km as the crow flies.
    assert.equal(await page.locator('#map .reach-area').getAttribute('data-km'), '37.2');
    const nancy = await page.evaluate(() => {
      const r = document.querySelector('#map .metropolis');
      const point = new DOMPoint(Number(r.dataset.cx), Number(r.dataset.cy));
      return {id: r.dataset.metropolis, in54: document.getElementById('dep-54').isPointInFill(point)};
    });
    assert.deepEqual(nancy, {id: 'nancy', in54: true});
    const got = await placed();
    assert.deepEqual(got.map((m) => [m.id, m.inReach]),
      [['of-luneville-msp', true], ['of-barleduc-msp', false]]);
    assert.match(await page.locator('#map-reach').textContent(),
      /portée estimée de 50 min de route, ≈ 37 km à vol d'oiseau \(estimation/);
  });

  await step('framed on the offers and the reach, or on the whole of France', async () => {
    const view = () => page.locator('#map').getAttribute('viewBox')
      .then((v) => v.split(' ').map(Number));
    const [x, y, w, h] = await view();
    assert.ok(w < 300, `framed: ${w} wide`);
    for (const m of await page.locator('#map .marker').evaluateAll((gs) =>
      gs.map((g) => [Number(g.dataset.x), Number(g.dataset.y)]))) {
      assert.ok(m[0] > x && m[0] < x + w && m[1] > y && m[1] < y + h, `marker ${m} in view`);
    }
    await page.getByRole('button', {name: 'Voir toute la France'}).click();
    assert.deepEqual(await view(), [0, 0, 613, 585]);
    await page.getByRole('button', {name: 'Cadrer sur les offres'}).click();
    assert.deepEqual(await view(), [x, y, w, h]);
  });

  await step('hovering a card highlights its marker, and a marker its card', async () => {
    await matches.nth(1).locator('h3').hover();
    await page.locator('#map .marker.highlighted[data-offer-id="of-barleduc-msp"]').waitFor();
    assert.equal(await page.locator('#map .marker.highlighted').count(), 1);
    await page.locator('#map .marker[data-offer-id="of-luneville-msp"] circle').hover({force: true});
    await page.locator('#results > li.match.highlighted[data-offer-id="of-luneville-msp"]').waitFor();
    assert.equal(await page.locator('#results > li.match.highlighted').count(), 1);
    assert.equal(await page.locator('#map .marker.highlighted').count(), 1);
  });

  await step('"Dans mes limites seulement" hides Bar-le-Duc, card and marker', async () => {
    await page.getByLabel('Dans mes limites seulement').check();
    assert.deepEqual((await placed()).map((m) => [m.id, m.filtered]),
      [['of-luneville-msp', false], ['of-barleduc-msp', true]]);
    assert.equal(await matches.nth(1).isHidden(), true);
    assert.equal(await matches.first().isVisible(), true);
    await page.getByLabel('Dans mes limites seulement').uncheck();
    assert.equal(await matches.nth(1).isVisible(), true);
    assert.deepEqual((await placed()).map((m) => m.filtered), [false, false]);
  });

  await step('a screenshot of the map', async () => {
    await page.mouse.move(0, 0);
    await page.locator('#map-panel').scrollIntoViewIfNeeded();
    await matches.first().locator('h3').hover();  // shows the highlight
    fs.mkdirSync(path.dirname(mapScreenshot), {recursive: true});
    // The map and the first card (hovered), beside the form.
    const top = await page.locator('#results-title').boundingBox();
    const card = await matches.first().boundingBox();
    await page.screenshot({path: mapScreenshot, fullPage: true,
      clip: {x: 0, y: Math.max(0, top.y - 120), width: 1280, height: card.y + card.height + 16 - Math.max(0, top.y - 120)}});
    assert.ok(fs.statSync(mapScreenshot).size > 10_000);
    console.log(`# map screenshot: ${mapScreenshot}`);
  });

  await step('filters: the department of Meuse ranks Bar-le-Duc alone; Île-de-France, none', async () => {
    await page.getByLabel('Région des offres').selectOption({label: 'Grand Est'});
    const departments = await page.getByLabel('Département des offres').locator('option')
      .evaluateAll((options) => options.map((o) => o.value));
    assert.ok(departments.includes('54') && departments.includes('55') && departments.includes('67'));
    assert.ok(!departments.includes('75') && !departments.includes('971'), departments.join(' '));
    await page.getByLabel('Département des offres').selectOption('55');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    await page.getByRole('status').filter({hasText: 'Aucune offre ne respecte vos limites'}).waitFor();
    assert.deepEqual(await matches.evaluateAll((items) => items.map((li) => li.dataset.offerId)),
      ['of-barleduc-msp']);
    assert.deepEqual((await placed()).map((m) => [m.id, m.department, m.containing[0]]),
      [['of-barleduc-msp', '55', '55']]);
    await page.getByLabel('Région des offres').selectOption({label: 'Île-de-France'});
    assert.equal(await page.getByLabel('Département des offres').inputValue(), '');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    // The Meuse answer above also opens with "Aucune offre": wait for this one's own status
    // (nothing beyond the limits either), not the previous one still on the page.
    await page.waitForFunction(() => {
      const status = document.getElementById('status').textContent;
      return status.startsWith('Aucune offre') && !status.includes('au-delà');
    });
    assert.equal(await matches.count(), 0);
    assert.equal(await page.locator('#map-panel').isHidden(), true);
    await page.getByLabel('Région des offres').selectOption('');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    await page.getByRole('status').filter({hasText: '1 au-delà de vos limites'}).waitFor();
    assert.equal(await markers.count(), 2);
  });

  await step('a child\'s age the server refuses: a French sentence next to the field', async () => {
    const children = page.getByLabel('Âges des enfants');
    await children.fill('2, 40');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    const note = page.locator('#children-error');
    await note.waitFor();
    assert.equal(await note.textContent(),
      'L\'âge du 2e enfant doit être compris entre 0 et 25 ans (40 ans indiqué).');
    assert.equal(await children.getAttribute('aria-invalid'), 'true');
    assert.match(await children.getAttribute('aria-describedby'), /children-error/);
    const alert = page.getByRole('alert');
    assert.match(await alert.locator('.error-title').textContent(), /Le service a refusé ce profil/);
    // The raw message is folded away, not the sentence shown.
    assert.equal(await alert.locator('details').getAttribute('open'), null);
    assert.equal(await alert.getByText('candidate.household.children_ages[1]').isVisible(), false);
    assert.equal(await page.locator('#map-panel').isHidden(), true);
    await children.fill('2, 7');
  });

  await step('an invalid profile: the server\'s error names the field', async () => {
    const maxDrive = page.getByLabel('Trajet maximal jusqu\'à la métropole (minutes)');
    await maxDrive.fill('5000');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    const alert = page.getByRole('alert');
    await alert.filter({hasText: 'candidate.max_drive_minutes'}).waitFor();
    const text = await alert.textContent();
    assert.match(text, /Le service a refusé ce profil/);
    assert.match(text, /Le trajet maximal doit être compris entre 0 et 600 min \(5\s000 min indiqué\)\./);
    assert.match(text, /Champ concerné : Trajet maximal/);
    // The server's own words, under "Détail technique".
    await alert.getByText('Détail technique').click();
    assert.match(await alert.locator('details code').textContent(),
      /^INVALID_ARGUMENT : candidate\.max_drive_minutes: 5000 is outside \[0, 600\]/);
    assert.match(await page.locator('#max-drive-error').textContent(), /Le trajet maximal doit être/);
    assert.equal(await maxDrive.getAttribute('aria-invalid'), 'true');
    assert.equal(await matches.count(), 0, 'no stale results next to an error');
  });

  await step('corrected, the profile ranks again and the error goes', async () => {
    const maxDrive = page.getByLabel('Trajet maximal jusqu\'à la métropole (minutes)');
    await maxDrive.fill('50');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    await matches.first().waitFor();
    assert.equal(await matches.first().getAttribute('data-offer-id'), 'of-luneville-msp');
    assert.equal(await page.getByRole('alert').isHidden(), true);
    assert.equal(await maxDrive.getAttribute('aria-invalid'), null);
    assert.equal(await page.locator('.field-error').count(), 0);
  });

  if (process.env.HOUSEHOLD_LINK) {
    await step('a household\'s own link: "Proposé dans la campagne", its proposals only', async () => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/proposals'));
      await page.goto(process.env.HOUSEHOLD_LINK);
      const body = await (await answer).text();
      assert.ok(!body.includes('cand-other'), body);
      const panel = page.locator('#campaign-panel');
      await panel.filter({hasText: '1 poste proposé à votre foyer'}).waitFor();
      assert.equal(await panel.getAttribute('data-state'), 'shown');
      const items = panel.locator('li.proposal');
      assert.deepEqual(await items.evaluateAll((li) => li.map((x) => x.dataset.offerId)),
        ['of-luneville-msp']);
      assert.match(await items.first().textContent(),
        /^Médecin généraliste en MSP · Lunéville \(54\) — Lorraine_2027/);
      assert.ok(!page.url().includes('code='), `the code left in the address: ${page.url()}`);
    });

    await step('a link with another household\'s id: refused, nothing shown', async () => {
      await page.goto(process.env.FORGED_LINK);
      const panel = page.locator('#campaign-panel');
      await panel.filter({hasText: 'Ce lien ne donne pas accès'}).waitFor();
      assert.equal(await panel.getAttribute('data-state'), 'refused');
      assert.equal(await panel.locator('li').count(), 0);
    });
  }

  await step('no error in the page\'s console, no failed load', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(badResponses, []);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, 0 failed`);
