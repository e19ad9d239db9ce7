#!/usr/bin/env node
// Prints each household's link to its campaign proposals on the portal.
//
// Usage: PORTAL_HOUSEHOLD_SECRET=... node tools/household-link.js --portal URL ID...
// The secret is the portal's --household_secret (prefer the variable: a flag shows in `ps`).
'use strict';
const {parseArgs} = require('node:util');
const {householdCode} = require('../household-code.js');

const {values, positionals} = parseArgs({allowPositionals: true, options: {
  portal: {type: 'string', default: 'http://127.0.0.1:8080'},
  secret: {type: 'string', default: process.env.PORTAL_HOUSEHOLD_SECRET || ''},
}});
if (!values.secret || positionals.length === 0) {
  console.error('usage: PORTAL_HOUSEHOLD_SECRET=... node tools/household-link.js --portal URL ID...');
  process.exit(2);
}
for (const id of positionals) {
  const url = new URL('/', values.portal);
  url.searchParams.set('foyer', id);
  url.searchParams.set('code', householdCode(values.secret, id));
  console.log(`${id}\t${url.href}`);
}
