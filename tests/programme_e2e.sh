#!/usr/bin/env bash
# The printable programme of a job-dating day, end to end: matchd with data/examples, the
# example event planned with a late registrant left out, `matchctl event agenda --out`,
# then programme.html in Debian's headless Chromium: printed to PDF it is one page, the
# browser's DOM holds every booth x slot, and a screenshot is kept.
#
# Usage: tests/programme_e2e.sh MATCHD MATCHCTL
# Env: SCREENSHOT (the programme as Chromium shows it; default build/programme.png).
# Exits 77 (skipped) when /usr/bin/chromium is missing (scripts/install-browser-tests).
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 MATCHD MATCHCTL" >&2
  exit 2
fi
matchd=$(realpath "$1")
matchctl=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
export SCREENSHOT=${SCREENSHOT:-$root/build/programme.png}
mkdir -p "$(dirname "$SCREENSHOT")"
chromium=${CHROMIUM:-/usr/bin/chromium}
if [[ ! -x $chromium ]]; then
  echo "programme_e2e: SKIPPED, missing: $chromium; run scripts/install-browser-tests (as root)"
  exit 77
fi

tmp=$(mktemp -d)
# shellcheck source=tests/e2e_lib.sh
source "$root/tests/e2e_lib.sh"

# ---- matchd with the example data, the example event planned ----
"$matchd" --data_dir "$tmp/store" --listen 127.0.0.1:0 --log_level warn --insecure_no_auth \
  >"$tmp/matchd" 2>"$tmp/matchd.err" &
pids+=($!)
wait_for_line "$!" "$tmp/matchd" '^matchd: serving on ' matchd
address=$(sed -nE 's/^matchd: serving on ([^ ]+) .*/\1/p' "$tmp/matchd")
ctl() { "$matchctl" --server "$address" "$@"; }
for file in nancy.jsonl job-dating.jsonl; do
  ctl import "$root/data/examples/$file" >"$tmp/import" 2>&1 || fail "import $file" "$tmp/import"
done
ctl event create "$root/data/examples/job-dating-event.json" >"$tmp/create" 2>&1 ||
  fail "event create" "$tmp/create"
# cand-gp-lyon-05 wants at most 30 min from Nancy: every booth is beyond that limit.
ctl event register ev-paris-2027-03 --candidate cand-gp-lyon-05 >"$tmp/register" 2>&1 ||
  fail "event register" "$tmp/register"
ctl event plan ev-paris-2027-03 --language fr >"$tmp/plan" 2>&1 || fail "event plan" "$tmp/plan"
grep -q 'inscrits sans entretien' "$tmp/plan" || fail "the plan names nobody left out" "$tmp/plan"
grep -q 'cand-gp-lyon-05 : toutes les rencontres possibles dépassent une limite' "$tmp/plan" ||
  fail "the plan does not say why cand-gp-lyon-05 was left out" "$tmp/plan"
ok "event plan: cand-gp-lyon-05 left out, beyond its limits"

out=$tmp/agendas
ctl event agenda ev-paris-2027-03 --out "$out" >"$tmp/agenda" 2>&1 ||
  fail "event agenda" "$tmp/agenda"
[[ -s $out/programme.html ]] || fail "no programme.html" "$tmp/agenda"
ok "event agenda wrote programme.html"

# ---- the programme in headless Chromium ----
browser=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
  --user-data-dir="$tmp/chromium-profile")
page="file://$out/programme.html"

# The DOM as the browser parsed it: every slot a row, every booth a column, the plan's
# interviews in their cells, the one left out listed, no score.
"$chromium" "${browser[@]}" --dump-dom "$page" >"$tmp/dom" 2>"$tmp/chromium.err" ||
  fail "chromium --dump-dom" "$tmp/chromium.err"
rows=$(grep -o 'data-slot="s[0-9]*"' "$tmp/dom" | sort -u | wc -l)
booths=$(grep -o 'data-booth="b-[a-z]*"' "$tmp/dom" | sort -u | wc -l)
((rows == 5)) || fail "expected 5 slot rows, got $rows" "$tmp/dom"
((booths == 2)) || fail "expected 2 booth columns, got $booths" "$tmp/dom"
grep -q 'CPTS du Lunévillois' "$tmp/dom" || fail "no booth label" "$tmp/dom"
grep -q 'vendredi 12 mars 2027' "$tmp/dom" || fail "no French date" "$tmp/dom"
met=$(grep -o '<td class="met">' "$tmp/dom" | wc -l)
interviews=$(grep -c '"ev-paris-2027-03"' "$out/agenda.csv")
((met > 0 && met <= interviews)) || fail "$met filled cells for $interviews interviews" "$tmp/dom"
grep -q 'cand-gp-lyon-05 : toutes les rencontres' "$tmp/dom" || fail "no one left out" "$tmp/dom"
! grep -qi 'score' "$tmp/dom" || fail "the programme shows a score" "$tmp/dom"
ok "Chromium's DOM: 5 slots x 2 booths, $met filled cells, the registrant left out, no score"

# Printed, it is one A4 page.
"$chromium" "${browser[@]}" --no-pdf-header-footer --print-to-pdf="$tmp/programme.pdf" "$page" \
  >"$tmp/print" 2>&1 || fail "chromium --print-to-pdf" "$tmp/print"
pages=$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$tmp/programme.pdf" || true)
((pages == 1)) || fail "the printed programme has $pages pages, not 1" "$tmp/print"
ok "printed to PDF: 1 page"

# A screenshot at A4 landscape's size in CSS pixels, kept for a person to look at.
"$chromium" "${browser[@]}" --hide-scrollbars --window-size=1123,794 \
  --screenshot="$SCREENSHOT" "$page" >"$tmp/shot" 2>&1 || fail "chromium --screenshot" "$tmp/shot"
[[ $(head -c 8 "$SCREENSHOT" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
  fail "the screenshot is not a PNG" "$tmp/shot"
ok "screenshot $SCREENSHOT"

echo "$passed passed, 0 failed"
