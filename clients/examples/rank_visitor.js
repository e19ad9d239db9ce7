#!/usr/bin/env node
// Rank offers for an anonymous portal visitor and print why each one fits.
//
// Usage: node rank_visitor.js HOST:PORT [--language fr|en] [--proto DIR] [--api_key KEY]
//                               [--tls_ca FILE]
//
// --api_key (default $MATCHING_API_KEY): the portal's key, sent as `authorization: Bearer
// KEY`; matchd with keys answers UNAUTHENTICATED without it. --tls_ca (default
// $MATCHING_TLS_CA): PEM of the CA that signed matchd's certificate, for a matchd with TLS.
//
// Needs `npm ci` here (@grpc/grpc-js, @grpc/proto-loader, pinned in package-lock.json).
// proto-loader reads the .proto files at run time: no code generation. The visitor is
// sent inline and never stored.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const {parseArgs} = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const {values: options, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    language: {type: 'string', default: 'fr'},
    proto: {type: 'string', default: path.join(__dirname, '..', '..', 'proto')},
    api_key: {type: 'string', default: process.env.MATCHING_API_KEY || ''},
    tls_ca: {type: 'string', default: process.env.MATCHING_TLS_CA || ''},
  },
});
if (positionals.length !== 1 || !['fr', 'en'].includes(options.language)) {
  console.error('usage: rank_visitor.js HOST:PORT [--language fr|en] [--proto DIR] ' +
    '[--api_key KEY] [--tls_ca FILE]');
  process.exit(2);
}

const definition = protoLoader.loadSync('matching/v1/matching.proto', {
  includeDirs: [options.proto],
  keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const {MatchingService} = grpc.loadPackageDefinition(definition).matching.v1;

// A GP whose partner, a nurse, needs a job; children aged 2 and 7; Nancy within 50 min.
const visitor = {
  profession: 'PROFESSION_GP',
  preferred_settings: ['PRACTICE_SETTING_MSP'],
  metropolis_ids: ['nancy'],
  max_drive_minutes: 50,
  household: {
    partner: {sector: 'health', needs_job: true, can_telework: false},
    children_ages: [2, 7],
  },
  housing_need: 'HOUSING_NEED_TEMPORARY',
  housing_months_needed: 6,
  first_installation: true,
};

const SIDES = {SIDE_CANDIDATE: 'household', SIDE_TERRITORY: 'territory'};
const euros = (amount) =>
  'EUR ' + amount.toLocaleString('en-US', {maximumFractionDigits: 0});

// PRACTICE_SETTING_MSP -> msp; the unspecified value -> '?'.
const short = (enumName, prefix) => {
  const name = enumName.slice(prefix.length).toLowerCase();
  return name === 'unspecified' ? '?' : name;
};

function printMatch(rank, m) {
  console.log(`${rank}. ${m.offer_id} in ${m.territory_name} (${m.territory_id}): ` +
    `score ${m.score.toFixed(3)} (household ${m.candidate_score.toFixed(3)}, ` +
    `territory ${m.territory_score.toFixed(3)})`);
  // The match carries the offer's title and terms: no GetOffer per result.
  console.log(`   ${m.offer_title || m.offer_id}: ` +
    `${short(m.offer_setting, 'PRACTICE_SETTING_')}, ` +
    `${short(m.offer_employment, 'EMPLOYMENT_MODE_')}, ` +
    `starts ${m.offer_start_date || 'as soon as possible'}, ` +
    `published by ${m.offer_organization_id || '?'}`);
  if (m.drive_minutes >= 0) {
    const approx = m.drive_minutes_estimated ? '~' : '';
    console.log(`   ${approx}${Math.floor(m.drive_minutes + 0.5)} min to ${m.metropolis_name}`);
  }
  console.log(`   aid: ${euros(m.aid.first_year_eur)} first year, ` +
    `${euros(m.aid.five_year_eur)} over 5 years`);
  for (const line of m.aid.lines) {
    console.log(`     - ${line.label}: ${euros(line.first_year_eur)} / ` +
      `${euros(line.five_year_eur)}`);
  }
  for (const c of m.criteria) {
    const synthetic = c.synthetic ? ' (synthetic data)' : '';
    console.log(`   [${SIDES[c.side]} ${c.criterion} ${c.value.toFixed(2)}] ` +
      `${c.explanation}${synthetic}`);
  }
}

const credentials = options.tls_ca ?
  grpc.credentials.createSsl(fs.readFileSync(options.tls_ca)) : grpc.credentials.createInsecure();
const client = new MatchingService(positionals[0], credentials);
const metadata = new grpc.Metadata();
if (options.api_key) metadata.add('authorization', `Bearer ${options.api_key}`);
const request = {candidate: visitor, options: {top_k: 10, language: options.language}};
client.RankOffers(request, metadata, {deadline: Date.now() + 10_000}, (error, response) => {
  client.close();
  if (error) {  // INVALID_ARGUMENT names the field and the value
    console.error(`error: ${grpc.status[error.code]}: ${error.details}`);
    process.exitCode = 1;
    return;
  }
  console.log(`${response.matches.length} of ${response.considered} offers ` +
    `(weights ${response.weights_profile_version})`);
  response.matches.forEach((m, i) => printMatch(i + 1, m));
});
