#!/usr/bin/env bash
# The agency's campaign report, end to end (issue 23 point 4): matchd with
# data/examples/campagne-grand-est.jsonl (22 GP posts in the 10 departments of Grand Est, 48
# households), `matchctl campaign create|plan|outcome|plan|report`, the CSV files checked against
# each other, then the page in Debian's headless Chromium (clients/portal-demo's playwright-core):
# maps by department against departments.csv, the chart against per_post.csv, a screenshot.
#
# Usage: tests/campaign_report_e2e.sh MATCHD MATCHCTL
# Env: SCREENSHOT (default build/campaign-report.png).
# Exits 77 (skipped) when Chromium or the Node packages are missing: scripts/install-browser-tests.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 MATCHD MATCHCTL" >&2
  exit 2
fi
matchd=$(realpath "$1")
matchctl=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
portal=$root/clients/portal-demo
export SCREENSHOT=${SCREENSHOT:-$root/build/campaign-report.png}
mkdir -p "$(dirname "$SCREENSHOT")"
missing=()
[[ -x /usr/bin/chromium ]] || missing+=("/usr/bin/chromium")
command -v node >/dev/null || missing+=("node")
[[ -d $portal/node_modules/playwright-core ]] || missing+=("clients/portal-demo/node_modules")
if ((${#missing[@]})); then
  echo "campaign_report_e2e: SKIPPED, missing: ${missing[*]}; run scripts/install-browser-tests (as root)"
  exit 77
fi

tmp=$(mktemp -d)
# shellcheck source=tests/e2e_lib.sh
source "$root/tests/e2e_lib.sh"

"$matchd" --data_dir "$tmp/store" --listen 127.0.0.1:0 --log_level warn --insecure_no_auth \
  >"$tmp/matchd" 2>"$tmp/matchd.err" &
pids+=($!)
wait_for_line "$!" "$tmp/matchd" '^matchd: serving on ' matchd
address=$(sed -nE 's/^matchd: serving on ([^ ]+) .*/\1/p' "$tmp/matchd")
ctl() { "$matchctl" --server "$address" --language fr "$@"; }
ctl import "$root/data/examples/campagne-grand-est.jsonl" >"$tmp/import" 2>&1 ||
  fail "import campagne-grand-est.jsonl" "$tmp/import"
ctl campaign create ge-2027 --name "Grand Est 2027" --regions 44 --professions gp \
  --per_household 2 --per_position 3 >"$tmp/create" 2>&1 || fail "campaign create" "$tmp/create"
ctl campaign plan ge-2027 >"$tmp/plan" 2>&1 || fail "campaign plan" "$tmp/plan"
ctl campaign outcome ge-2027 --offer of-ge-55545-1 --kind filled >"$tmp/outcome" 2>&1 ||
  fail "campaign outcome" "$tmp/outcome"
ctl campaign plan ge-2027 >"$tmp/replan" 2>&1 || fail "campaign re-plan" "$tmp/replan"
ok "matchd on $address: campaign ge-2027 planned, of-ge-55545-1 (Verdun) filled, re-planned"

out=$tmp/report
# From another directory: matchctl finds data/france-departments.svg beside its binary.
(cd "$tmp" && ctl campaign report ge-2027 --out "$out") >"$tmp/report.log" 2>&1 ||
  fail "campaign report" "$tmp/report.log"
! grep -q 'warning' "$tmp/report.log" || fail "the report has no map" "$tmp/report.log"
for file in index.html proposals.csv per_post.csv per_household.csv departments.csv; do
  [[ -s $out/$file ]] || fail "no $file" "$tmp/report.log"
done
# per_post.csv: every post in scope (22), within its capacity, Verdun filled with no proposal.
posts=$(($(wc -l <"$out/per_post.csv") - 1))
((posts == 22)) || fail "per_post.csv has $posts posts, not 22" "$out/per_post.csv"
awk -F, 'NR > 1 && $5 > $4 { bad = 1 } END { exit bad }' "$out/per_post.csv" ||
  fail "a post over its capacity" "$out/per_post.csv"
grep -q '^"of-ge-55545-1","55545","55",3,0,[0-9]*,true,true$' "$out/per_post.csv" ||
  fail "Verdun is not filled with no proposal" "$out/per_post.csv"
# The counts agree: proposals.csv rows = sum over posts = sum over households.
proposals=$(($(wc -l <"$out/proposals.csv") - 1))
by_post=$(awk -F, 'NR > 1 { s += $5 } END { print s }' "$out/per_post.csv")
by_household=$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$out/per_household.csv")
((proposals > 0 && proposals == by_post && proposals == by_household)) ||
  fail "proposals $proposals, per post $by_post, per household $by_household" "$out/per_post.csv"
awk -F, 'NR > 1 && $2 > 2 { bad = 1 } END { exit bad }' "$out/per_household.csv" ||
  fail "a household with more than 2 proposals" "$out/per_household.csv"
# departments.csv: the 10 departments of Grand Est, 22 posts, 1 filled (Meuse).
[[ $(cut -d, -f1 "$out/departments.csv" | tail -n +2 | tr -d '"' | tr '\n' ' ') == \
  '08 10 51 52 54 55 57 67 68 88 ' ]] || fail "departments.csv: not Grand Est's" "$out/departments.csv"
awk -F, 'NR > 1 { p += $2; f += $5 } END { exit !(p == 22 && f == 1) }' "$out/departments.csv" ||
  fail "departments.csv: not 22 posts and 1 filled" "$out/departments.csv"
grep -q '^"55",[0-9]*,[0-9]*,[0-9]*,1,' "$out/departments.csv" ||
  fail "departments.csv: the filled post is not in Meuse" "$out/departments.csv"
# The baseline floods some posts beyond their capacity; the plan does not.
baseline_max=$(awk -F, 'NR > 1 && $6 > m { m = $6 } END { print m + 0 }' "$out/per_post.csv")
((baseline_max > 3)) || fail "the baseline's busiest post has $baseline_max, expected > 3" \
  "$out/per_post.csv"
ok "CSV: 22 posts within capacity, $proposals proposals counted alike per post and per household, 10 departments, baseline up to $baseline_max per post"

(cd "$portal" && exec node test/campaign-report.mjs "$out") >"$tmp/browser" 2>&1 &
pids+=($!)
wait "$!" || fail "test/campaign-report.mjs" "$tmp/browser"
sed 's/^/  /' "$tmp/browser"
ok "the report in Chromium: maps by department, the chart of applications per post; screenshot $SCREENSHOT"

echo "$passed passed, 0 failed"
