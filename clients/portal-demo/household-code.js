// The access code of a household's link to its campaign proposals: the first 22 characters
// (131 bits) of base64url(HMAC-SHA256(secret, "proposals:" + household id)). The agency that
// runs the portal writes the links (tools/household-link.js) and sends each household its own;
// the portal recomputes the code and shows a household nothing else.
'use strict';
const crypto = require('node:crypto');

function householdCode(secret, household) {
  if (!secret) throw new Error('no household secret');
  return crypto.createHmac('sha256', secret).update(`proposals:${household}`).digest('base64url')
    .slice(0, 22);
}

module.exports = {householdCode};
