// The agency's campaign report (matchctl campaign report --out DIR) in Debian's headless
// Chromium, driven by playwright-core: the maps by department agree with departments.csv, the
// chart of applications per post with per_post.csv. Saves a screenshot to $SCREENSHOT.
//
// Usage: node test/campaign-report.mjs DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node test/campaign-report.mjs REPORT_DIR');
  process.exit(2);
}
const screenshot = process.env.SCREENSHOT || path.join(dir, 'report.png');
setTimeout(() => {
  console.error('campaign-report: still running after 60 s, giving up');
  process.exit(1);
}, 60_000).unref();

// A CSV matchctl wrote: a header, then rows; cells may be quoted ("..."), no comma inside here.
function csv(name) {
  const [header, ...rows] = fs.readFileSync(path.join(dir, name), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',')
    .map((cell, i) => [columns[i], cell.replace(/^"|"$/g, '')])));
}

let passed = 0;
async function step(name, body) {
  await body();
  passed += 1;
  console.log(`ok ${passed} - ${name}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({viewport: {width: 1150, height: 900}});
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
  await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);

  const departments = csv('departments.csv');
  const posts = csv('per_post.csv');

  await step('two maps of the 96 departments, each path drawn', async () => {
    for (const id of ['map-reached', 'map-filled']) {
      const shapes = await page.locator(`#${id} path`).evaluateAll((paths) =>
        paths.map((p) => ({code: p.dataset.department, width: p.getBBox().width})));
      assert.equal(shapes.length, 96, id);
      assert.ok(shapes.every((s) => s.width > 0), `${id}: an empty path`);
    }
    // Drawn where they belong: Finistère west of Bas-Rhin, Nord north of Pyrénées-Orientales.
    const box = (code) => page.locator(`#map-reached path[data-department="${code}"]`)
      .evaluate((p) => { const b = p.getBBox(); return {x: b.x, y: b.y}; });
    assert.ok((await box('29')).x < (await box('67')).x);
    assert.ok((await box('59')).y < (await box('66')).y);
  });

  await step('each department: posts, reached and filled as departments.csv says', async () => {
    assert.ok(departments.length >= 2, 'posts in at least two departments');
    for (const d of departments) {
      for (const [id, column] of [['map-reached', 'reached'], ['map-filled', 'filled']]) {
        const shape = page.locator(`#${id} path[data-department="${d.department_code}"]`);
        if (await shape.count() === 0) continue;  // overseas: the table only
        assert.equal(await shape.getAttribute('data-posts'), d.posts, `${id} ${d.department_code}`);
        assert.equal(await shape.getAttribute('data-value'), d[column], `${id} ${d.department_code}`);
      }
      const row = page.locator(`#departments tr[data-department="${d.department_code}"] td`);
      assert.deepEqual((await row.allTextContents()).slice(0, 5),
        [d.department_code, d.posts, d.reached, d.baseline_reached, d.filled]);
    }
    // Departments without a post in scope are grey.
    const empty = await page.locator('#map-reached path[data-posts="0"]').count();
    assert.equal(empty, 96 - departments.filter((d) => !/^97/.test(d.department_code)).length);
    assert.equal(await page.locator('#map-reached path[data-posts="0"][fill="#eef1f5"]').count(), empty);
  });

  await step('the chart: every post once per series, heights in proportion', async () => {
    const bars = await page.locator('#distribution rect.bar').evaluateAll((rects) => rects.map((r) =>
      ({series: r.dataset.series, bin: r.dataset.bin, count: Number(r.dataset.count),
        height: r.getBBox().height})));
    for (const series of ['plan', 'baseline']) {
      const total = bars.filter((b) => b.series === series).reduce((s, b) => s + b.count, 0);
      assert.equal(total, posts.length, `${series}: ${total} posts for ${posts.length}`);
    }
    // Heights are written to 0.1 unit: in proportion within that rounding.
    const tallest = bars.reduce((a, b) => (b.count > a.count ? b : a));
    const scale = tallest.height / tallest.count;
    for (const b of bars) {
      assert.ok(Math.abs(b.height - b.count * scale) <= 0.06, `${b.series} ${b.bin}: ${b.height}`);
    }
    assert.ok(tallest.height > 200, 'the tallest bar fills the chart');
    // From per_post.csv: the bin of each post's proposals, plan and baseline.
    const binOf = (n) => n <= 5 ? String(n) : n <= 10 ? '6-10' : n <= 20 ? '11-20' :
      n <= 50 ? '21-50' : n <= 100 ? '51-100' : '101+';
    for (const [series, column] of [['plan', 'proposals'], ['baseline', 'baseline_proposals']]) {
      const expected = {};
      for (const p of posts) expected[binOf(Number(p[column]))] = (expected[binOf(Number(p[column]))] || 0) + 1;
      const got = Object.fromEntries(bars.filter((b) => b.series === series && b.count > 0)
        .map((b) => [b.bin, b.count]));
      assert.deepEqual(got, expected, series);
    }
  });

  await step('no error, no failed load; a screenshot', async () => {
    assert.deepEqual(errors, []);
    await page.screenshot({path: screenshot, fullPage: true});
    assert.ok(fs.statSync(screenshot).size > 10_000);
    console.log(`# screenshot: ${screenshot}`);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, 0 failed`);
