# Shared by the shell end-to-end tests (portal_e2e.sh, programme_e2e.sh, prometheus_e2e.sh):
# TAP-like reporting, waiting for a process's ready line, and cleanup of the processes they
# start. Source it after setting `tmp` (a temporary directory, removed at exit); add the
# pid of each background process to `pids`.

pids=()
# SIGTERM first (matchd and the portal stop cleanly, Playwright closes Chromium), SIGKILL what
# still runs 5 s later (Chromium exits by itself when its Playwright pipe closes).
cleanup() {
  local pid i alive
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
ok() {
  passed=$((passed + 1))
  echo "ok $passed - $1"
}
# fail MESSAGE [FILE...]: prints the message and the files, then exits 1.
fail() {
  echo "FAILED: $1" >&2
  shift
  local file
  for file in "$@"; do
    echo "---- $file" >&2
    cat "$file" >&2 || true
  done
  echo "$passed passed, 1 failed"
  exit 1
}

# wait_for_line PID FILE PATTERN NAME: until FILE has a line matching PATTERN (30 s at most).
wait_for_line() {
  local pid=$1 file=$2 pattern=$3 name=$4 i
  for ((i = 0; i < 600; i++)); do
    if [[ -f $file ]] && grep -qE "$pattern" "$file"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "$name exited before it was ready" "$file" "$file.err"
    sleep 0.05
  done
  fail "$name not ready after 30 s" "$file" "$file.err"
}
