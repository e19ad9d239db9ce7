#!/usr/bin/env bash
# Metrics and logs as an operator reads them: matchd with --metrics_listen, --log_format json
# and --access_log on a temporary store, calls made with matchctl, then a real Prometheus
# (Debian's) scraping it on loopback, its HTTP API queried for the counters; the JSON log
# lines parsed; deploy/prometheus/ checked with promtool (config, rules, the rules' tests).
#
# Usage: tests/prometheus_e2e.sh MATCHD MATCHCTL
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 MATCHD MATCHCTL" >&2
  exit 2
fi
matchd=$(realpath "$1")
matchctl=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in prometheus promtool curl; do
  command -v "$tool" >/dev/null || {
    echo "prometheus_e2e: $tool not found: run scripts/bootstrap" >&2
    exit 1
  }
done

tmp=$(mktemp -d)
# shellcheck source=tests/e2e_lib.sh
source "$root/tests/e2e_lib.sh"

# ---- deploy/prometheus/ as shipped ----
promtool check config "$root/deploy/prometheus/prometheus.yml" >"$tmp/promtool" 2>&1 ||
  fail "promtool check config" "$tmp/promtool"
promtool check rules "$root/deploy/prometheus/alerts.yml" >"$tmp/promtool" 2>&1 ||
  fail "promtool check rules" "$tmp/promtool"
(cd "$root/deploy/prometheus" && promtool test rules alerts_test.yml) >"$tmp/promtool" 2>&1 ||
  fail "promtool test rules" "$tmp/promtool"
ok "deploy/prometheus: config and rules valid, the rules' unit tests pass"

# ---- matchd with metrics, and calls ----
"$matchd" --data_dir "$tmp/store" --listen 127.0.0.1:0 --metrics_listen 127.0.0.1:0 \
  --log_format json --access_log --insecure_no_auth >"$tmp/matchd" 2>"$tmp/matchd.err" &
pids+=($!)
wait_for_line "$!" "$tmp/matchd" '^matchd: metrics on ' matchd
address=$(sed -nE 's/^matchd: serving on ([^ ]+) .*/\1/p' "$tmp/matchd")
metrics_url=$(sed -nE 's/^matchd: metrics on (http:[^ ]+)$/\1/p' "$tmp/matchd")
metrics_target=$(sed -nE 's|^http://([^/]+)/metrics$|\1|p' <<<"$metrics_url")
[[ -n $metrics_target ]] || fail "no metrics address in matchd's output" "$tmp/matchd"

"$matchctl" --language en --server "$address" import "$root/data/examples/nancy.jsonl" >"$tmp/import" 2>&1 ||
  fail "matchctl import" "$tmp/import"
accepted=$(grep -oE '[0-9]+ accepted' "$tmp/import" | grep -oE '^[0-9]+' | head -1)
[[ -n $accepted && $accepted -gt 0 ]] || fail "no accepted count in the import summary" "$tmp/import"
rank_calls=3
for ((i = 0; i < rank_calls; i++)); do
  "$matchctl" --server "$address" rank offers --candidate cand-gp-nancy-01 >"$tmp/rank" 2>&1 ||
    fail "matchctl rank offers" "$tmp/rank"
done
# One call that fails on the caller's side: counted under its code.
if "$matchctl" --server "$address" get offer of-does-not-exist >"$tmp/missing" 2>&1; then
  fail "GetOffer of a missing offer succeeded" "$tmp/missing"
fi

curl -sf "$metrics_url" >"$tmp/metrics" || fail "GET $metrics_url" "$tmp/matchd.err"
grep -qE "^matchd_requests_total\{.*method=\"RankOffers\".*\} $rank_calls$" "$tmp/metrics" ||
  fail "matchd_requests_total for RankOffers is not $rank_calls" "$tmp/metrics"
grep -qE '^matchd_requests_total\{code="NOT_FOUND",method="GetOffer",service="matching.v1.CatalogService"\} 1$' \
  "$tmp/metrics" || fail "the NOT_FOUND GetOffer is not counted" "$tmp/metrics"
grep -qE "^matchd_import_records_total\{outcome=\"accepted\"\} $accepted$" "$tmp/metrics" ||
  fail "matchd_import_records_total{accepted} is not $accepted" "$tmp/metrics"
grep -qE '^matchd_records\{kind="candidate"\} [1-9]' "$tmp/metrics" ||
  fail "no candidates counted" "$tmp/metrics"
grep -qE '^matchd_request_duration_seconds_bucket\{method="RankOffers",service="matching.v1.MatchingService",le="\+Inf"\} '"$rank_calls"'$' \
  "$tmp/metrics" || fail "no RankOffers latency histogram" "$tmp/metrics"
grep -qE '^matchd_rocksdb_sst_bytes [0-9]' "$tmp/metrics" || fail "no RocksDB figures" "$tmp/metrics"
# Labels carry methods, codes and kinds, never an id of the data.
if grep -E 'cand-|of-|terr-|nancy' "$tmp/metrics" >"$tmp/ids"; then
  fail "an id in the metrics" "$tmp/ids"
fi
ok "GET /metrics: calls by method and code, imports, records, latency, RocksDB; no id"

# ---- JSON logs and the access log ----
# A caller's request id comes back in the trailers and names its line in the access log.
/usr/bin/python3 - "$address" >"$tmp/health" 2>&1 <<'PY' || fail "health check with x-request-id" "$tmp/health"
import sys, grpc
check = grpc.insecure_channel(sys.argv[1]).unary_unary(
    "/grpc.health.v1.Health/Check", request_serializer=lambda m: m,
    response_deserializer=lambda m: m)
_, call = check.with_call(b"", metadata=[("x-request-id", "op-e2e-7")], timeout=10)
trailers = dict(call.trailing_metadata())
assert trailers.get("x-request-id") == "op-e2e-7", trailers
PY
/usr/bin/python3 - "$tmp/matchd.err" "$rank_calls" >"$tmp/logs" 2>&1 <<'PY' || fail "JSON logs" "$tmp/logs" "$tmp/matchd.err"
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assert all({"time", "level", "logger"} <= line.keys() for line in lines), lines
access = [line for line in lines if line["logger"] == "access"]
rank = [l for l in access if l["method"] == "MatchingService/RankOffers" and l["code"] == "OK"]
assert len(rank) == int(sys.argv[2]), access
assert all(l["duration_ms"] >= 0 and l["request_id"] for l in access), access
assert any(l["request_id"] == "op-e2e-7" and l["method"] == "Health/Check" for l in access), access
missing = [l for l in access if l["method"] == "CatalogService/GetOffer"]
assert [l["code"] for l in missing] == ["NOT_FOUND"], missing
assert len({l["request_id"] for l in access}) == len(access), "request ids repeat"
PY
ok "JSON log lines parse; the access log has every call with its code; x-request-id echoed"

# ---- a real Prometheus scraping it ----
cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: matchd
    static_configs:
      - targets: ["$metrics_target"]
EOF
prometheus --config.file "$tmp/prometheus.yml" --storage.tsdb.path "$tmp/tsdb" \
  --web.listen-address 127.0.0.1:0 >"$tmp/prometheus" 2>&1 &
pids+=($!)
prometheus_pid=$!
# Prometheus logs the address it listens on ("Listening on" address=127.0.0.1:PORT).
wait_for_line "$prometheus_pid" "$tmp/prometheus" 'Listening on.*address=127\.0\.0\.1:[0-9]+' prometheus
prometheus_address=$(grep -m1 -oE 'Listening on.*address=127\.0\.0\.1:[0-9]+' "$tmp/prometheus" |
  grep -oE '127\.0\.0\.1:[0-9]+$')

# query EXPR: the first sample's value of an instant query, empty when there is none yet.
query() {
  curl -sfG "http://$prometheus_address/api/v1/query" --data-urlencode "query=$1" |
    /usr/bin/python3 -c 'import json,sys
r=json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")'
}
# Until Prometheus has scraped matchd once (1 s interval; 30 s at most).
value=""
for ((i = 0; i < 300; i++)); do
  value=$(query 'sum(matchd_requests_total{method="RankOffers",code="OK"})' || true)
  [[ -n $value ]] && break
  kill -0 "$prometheus_pid" 2>/dev/null || fail "prometheus exited" "$tmp/prometheus"
  sleep 0.1
done
[[ $value == "$rank_calls" ]] ||
  fail "Prometheus reads RankOffers OK = '$value', expected $rank_calls" "$tmp/prometheus"
value=$(query 'matchd_import_records_total{outcome="accepted"}')
[[ $value == "$accepted" ]] || fail "Prometheus reads $value imported records, expected $accepted"
value=$(query 'up{job="matchd"}')
[[ $value == 1 ]] || fail "matchd's target is not up in Prometheus ($value)" "$tmp/prometheus"
ok "Prometheus scrapes matchd: RankOffers $rank_calls, $accepted records imported, target up"

echo "$passed passed, 0 failed"
