#!/usr/bin/env bash
# Runs the README's test command N times in a row (default 3) while two busy-loop processes keep
# both cores of a 2-core machine occupied, and stops at the first failure. This is how the suite is
# checked against a busy CI runner: a test whose verdict depends on wall-clock speed fails here.
#
#   bash tools/stress-test.sh [runs] [hogs]        e.g. bash tools/stress-test.sh 3 2
#
# Turbo's cache is bypassed (TURBO_FORCE) so that every run really builds and tests. Each run's
# output goes to ${STRESS_LOG_DIR:-/tmp/telemetryflow-stress}/run-N.log; the wall time of each run
# and the load average are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${1:-3}"
HOGS="${2:-2}"
LOG_DIR="${STRESS_LOG_DIR:-${TMPDIR:-/tmp}/telemetryflow-stress}"
mkdir -p "$LOG_DIR"

hog_pids=()
stop_hogs() {
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_hogs EXIT INT TERM

for _ in $(seq 1 "$HOGS"); do
  node -e 'for(;;){}' &
  hog_pids+=("$!")
done
echo "stress: ${HOGS} busy loops running (pids ${hog_pids[*]}); ${RUNS} runs; logs in ${LOG_DIR}"

results=()
status=0
for run in $(seq 1 "$RUNS"); do
  log="$LOG_DIR/run-$run.log"
  start=$(date +%s)
  if TURBO_FORCE=true npx -y pnpm@10.34.9 test >"$log" 2>&1; then verdict=passed; else verdict=FAILED; fi
  seconds=$(($(date +%s) - start))
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
  results+=("run $run: $verdict in ${seconds} s (load average $load)")
  echo "${results[-1]}"
  if [ "$verdict" = FAILED ]; then
    status=1
    grep -nE 'FAIL|✗|×|Error:|failed' "$log" | head -40 || true
    break
  fi
done

echo
printf '%s\n' "${results[@]}"
exit "$status"
