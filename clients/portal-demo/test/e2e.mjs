// End-to-end test of the portal page in Debian's headless Chromium, driven by playwright-core.
//
// Usage: node test/e2e.mjs http://127.0.0.1:PORT
// Needs a portal server (server.js) in front of a matchd loaded with data/examples/nancy.jsonl.
// Saves a screenshot of the ranked offers to $SCREENSHOT (default <repo>/build/portal-demo.png).
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
  const badResponses = [];  // the only expected one: the invalid profile's 400
  page.on('response', (response) => {
    const expected = response.status() === 400 && response.url().endsWith('/api/rank');
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

  await step('an invalid profile: the server\'s error names the field', async () => {
    const maxDrive = page.getByLabel('Trajet maximal jusqu\'à la métropole (minutes)');
    await maxDrive.fill('5000');
    await page.getByRole('button', {name: 'Voir les offres'}).click();
    const alert = page.getByRole('alert');
    await alert.filter({hasText: 'candidate.max_drive_minutes'}).waitFor();
    const text = await alert.textContent();
    assert.match(text, /Le service a refusé ce profil/);
    assert.match(text, /INVALID_ARGUMENT/);
    assert.match(text, /candidate\.max_drive_minutes: 5000 is outside \[0, 600\]/);
    assert.match(text, /Champ concerné : Trajet maximal/);
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
  });

  await step('no error in the page\'s console, no failed load', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(badResponses, []);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, 0 failed`);
